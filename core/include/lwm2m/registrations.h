// Registrations as an LwM2M Server keeps them (the seed's section 5.2.1 and Table 3): made by a
// Register's 2.01, found by their location, refreshed by Updates, ended by a De-register, by a
// new Register from the same client, or by their lifetime running out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace lwm2m {

// A transport address (address and port), as the caller identifies it.
using PeerId = uint64_t;

// Table 3: a Register without `lt` gets 86400 s.
inline constexpr uint32_t kDefaultLifetime = 86400;

struct Registration {
  PeerId server = 0;
  PeerId client = 0;
  std::string client_name;  // the client's address as people read it, for messages
  std::optional<uint8_t> ept;
  std::string ep;
  bool name_valid = true;
  std::string location;         // "/rd/5a3f"
  uint64_t register_frame = 0;  // the Register request, in the caller's numbering
  uint32_t lifetime = kDefaultLifetime;
  double refreshed_at = 0;  // seconds: the Register's 2.01, then each Update in time
  // Why and when the registration ended, if it did before its lifetime ran out.
  enum class End { kNone, kDeregistered, kReplaced };
  End end = End::kNone;
  uint64_t end_frame = 0;

  // The book's chain of registrations with the same name that may still be alive (newest first).
  static constexpr std::size_t kNoIndex = static_cast<std::size_t>(-1);
  std::size_t previous_same_name = kNoIndex;

  double expires_at() const { return refreshed_at + lifetime; }
  bool alive_at(double time) const { return end == End::kNone && time <= expires_at(); }
};

// What a Register request runs into among the server's live registrations of other clients
// (the client's own ones are replaced by the new Register, section 5.2.1).
struct NameClash {
  // Same `ept` and `ep`: the duplicate the change request's 4.09 is for.
  const Registration* duplicate = nullptr;
  // Same `ep` under another `ept`: not a duplicate, names are unique within their type.
  const Registration* other_type = nullptr;
};

// What an Update or De-register finds at its location.
struct Lookup {
  const Registration* registration = nullptr;  // null: no Register for it in the capture
  std::optional<double> expired_for;           // seconds since the lifetime ran out
  bool ended = false;                          // it was de-registered or replaced before
};

class RegistrationBook {
 public:
  // A Register request from `client` to `server`. Registrations found dead on the way are
  // dropped from the name index, so the work stays proportional to the live ones.
  NameClash check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                           std::string_view ep, double time);

  // A Register's 2.01: the registration now lives at `location`. A live registration of the
  // same client with the same server is replaced (section 5.2.1); it is returned in `replaced`.
  const Registration& add(Registration registration, const Registration** replaced = nullptr);

  // An Update: a live registration is refreshed (and takes a new lifetime when given); one that
  // expired or ended stays so, and the lookup says since when.
  Lookup update(PeerId server, std::string_view location, std::optional<uint32_t> lifetime,
                double time);

  // A De-register: the registration ends at `frame`.
  Lookup deregister(PeerId server, std::string_view location, uint64_t frame, double time);

  std::size_t size() const { return registrations_.size(); }
  void clear();

 private:
  Registration* at(PeerId server, std::string_view location);
  static Lookup look_up(const Registration* registration, double time);
  // Indexes hold 64-bit hashes, not strings, and every entry found is checked against the
  // registration itself; a collision (odds of 1 in 2^64 per pair) could only hide a registration.
  static uint64_t key(PeerId server, std::string_view text);
  static uint64_t key(PeerId server, PeerId client);

  std::deque<Registration> registrations_;  // stable addresses
  std::unordered_map<uint64_t, std::size_t> newest_at_location_;
  std::unordered_map<uint64_t, std::size_t> newest_by_name_;
  std::unordered_map<uint64_t, std::size_t> newest_of_client_;  // by (server, client)
};

}  // namespace lwm2m
