// Registrations as an LwM2M Server keeps them (the seed's section 5.2.1 and Table 3): made by a
// Register's 2.01, found by their location, refreshed or renamed by an Update the server accepts,
// ended by a De-register, by a new Register from the same client, by the server saying it no
// longer has them (4.04), or by their lifetime running out. Only the server's answers change a
// registration: a request alone never does, except a De-register the capture shows no answer to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lwm2m/flat_index.h"

namespace lwm2m {

// A transport address (address and port), as the caller identifies it.
using PeerId = uint64_t;

// Table 3: a Register without `lt` gets 86400 s.
inline constexpr uint32_t kDefaultLifetime = 86400;

// A registration's texts are views: the caller keeps what they show alive as long as the book
// (the plugin's are in the capture's memory with the records that carry them, kept once).
struct Registration {
  // Members are ordered by size: the plugin keeps one per registration of a capture.
  PeerId server = 0;
  PeerId client = 0;
  PeerId client_host = 0;                    // the client's address without its port
  std::string_view client_name;              // the client's address as people read it, for messages
  std::string_view ep;                       // as sent; names compare in canonical form
  std::string_view location;                 // "/rd/5a3f"
  std::optional<std::string_view> ept_text;  // the ept value as sent; empty: no ept parameter
  uint64_t register_frame = 0;               // the Register request, in the caller's numbering
  double refreshed_at = 0;  // seconds: the Register's 2.01, then each accepted Update
  uint64_t end_frame = 0;
  uint64_t listed_under = 0;  // the book's: the (server, canonical name, type) key of its list
  static constexpr uint32_t kNoIndex = static_cast<uint32_t>(-1);
  uint32_t index = kNoIndex;  // the book's: its position
  uint32_t lifetime = kDefaultLifetime;
  // Why and when (end_frame) the registration ended, if it did before its lifetime ran out.
  enum class End : uint8_t {
    kNone,
    kDeregistered,  // a De-register (answered 2.02, or with no answer in the capture)
    kReplaced,      // a new Register from the same client
    kNotFound,      // the server answered an Update or De-register with 4.04 Not Found
  };
  End end = End::kNone;
  std::optional<uint8_t> ept;  // the usable type; empty when none was
  bool name_valid = true;
  bool listed = false;  // the book's: whether it is in the list of its name and type

  double expires_at() const { return refreshed_at + lifetime; }
  bool alive_at(double time) const { return end == End::kNone && time <= expires_at(); }
};

// What a Register request runs into among the server's live registrations of other clients
// (the client's own ones are replaced by the new Register, section 5.2.1). A client is an
// address and port, as the server sees it.
struct NameClash {
  // Same `ept` and `ep`: the duplicate the change request's 4.09 is for. Two names with no
  // usable type clash too: the server can only compare the names.
  const Registration* duplicate = nullptr;
  // Same `ep` under another `ept`: not a duplicate, names are unique within their type.
  const Registration* other_type = nullptr;
};

// What an Update or De-register finds at its location.
struct Lookup {
  const Registration* registration = nullptr;  // null: no Register for it in the capture
  std::optional<double> expired_for;           // seconds since the lifetime ran out
  bool ended = false;                          // it was de-registered, replaced or not found
};

// What a Register's 2.01 did besides making the registration.
struct Added {
  const Registration* registration = nullptr;
  const Registration* replaced = nullptr;  // the client's own live registration it ends
  // A live registration of another client at the same location: the server handed out a
  // location that is still in use.
  const Registration* location_in_use = nullptr;
};

class RegistrationBook {
 public:
  // A Register request from `client` to `server` naming `ept`/`ep`. Registrations found dead on
  // the way are dropped from the name index, so the work stays proportional to the live ones.
  // `ep_canonical`: the caller knows `ep` is its own canonical form (is_canonical_endpoint_name),
  // so the book does not work it out again.
  NameClash check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                           std::string_view ep, double time, bool ep_canonical = false);

  // A Register's 2.01: the registration now lives at `location`. A live registration of the
  // same client with the same server is replaced (section 5.2.1).
  Added add(Registration registration);

  // The registration an Update or De-register sent at `time` addresses. Changes nothing.
  Lookup find(PeerId server, std::string_view location, double time) const;

  // The server accepted (2.xx) an Update sent at `time`: the registration is refreshed (never
  // back in time) and takes `lifetime` when given. When it had expired, it lives again: returns
  // by how many seconds the Update came late. An ended registration stays ended.
  std::optional<double> accept_update(const Registration& registration, double time,
                                      std::optional<uint32_t> lifetime);

  // The server accepted an Update that names the registration differently (the seed's Table 16
  // lets an Update carry ept and ep): the registration is known by the new name from now on.
  // The texts are kept by the caller, as add()'s are.
  void rename(const Registration& registration, std::optional<uint8_t> ept,
              std::optional<std::string_view> ept_text, std::string_view ep, bool name_valid);

  // The registration ends at `frame` for `why`. A registration that has ended stays ended as it
  // did: only a 4.04 to the De-register that ended it (`deregister_frame`) tells why that
  // De-register found nothing.
  void end(const Registration& registration, Registration::End why, uint64_t frame,
           uint64_t deregister_frame = 0);

  // The server refused the De-register of `frame` with an error other than 4.04: the
  // registration it ended lives on, unless it ended otherwise or its client registered again.
  void reopen(const Registration& registration, uint64_t frame);

  // The newest registration of `client` with `server`, when it is alive at `time`.
  const Registration* of_client(PeerId server, PeerId client, double time) const;

  std::size_t size() const { return registrations_.size(); }
  void clear();

 private:
  enum class IndexKind : uint64_t { kLocation = 1, kClient = 2, kName = 3 };
  static uint64_t tagged(uint64_t hash, IndexKind kind) {
    return (hash & ~uint64_t{7}) | static_cast<uint64_t>(kind);
  }
  // The registrations of a name, as its index value: none (kEmptyList); its one registration
  // itself, listed under its own type (most names are registered once); or, once a second came,
  // kSpilled and the name's place in names_, which has a list per type.
  static constexpr uint32_t kEmptyList = 0xffffffff;
  static constexpr uint32_t kSpilled = 0x80000000;
  struct TypeList {
    uint32_t code = 0;                    // type_code
    std::vector<uint32_t> registrations;  // that may still be alive, oldest first
  };

  Registration& mutable_at(const Registration& registration);
  const Registration* at(PeerId server, std::string_view location) const;
  // Puts the registration in the list of its name and type (once).
  void list_name(Registration& registration);
  // The newest registration of `list` alive at `time` from another client than `client`.
  // Dropped on the way: registrations found dead, or listed under another name since.
  const Registration* newest_other(std::vector<uint32_t>& list, uint64_t key, PeerId client,
                                   double time);
  // Whether `registration` is listed under the name `name` and its own type.
  static bool listed_as(const Registration& registration, uint64_t name) {
    return registration.listed && registration.listed_under == typed_key(name, registration.ept);
  }
  // Whether the list's registration at `index` stays in the list (and is then `found` when it is
  // alive at `time` and not `client`'s).
  bool keeps(uint32_t index, uint64_t key, PeerId client, double time, const Registration*& found);
  // Indexes hold 64-bit hashes, not strings, and every entry found is checked against the
  // registration itself; a collision (odds of 1 in 2^61 per pair) could only hide a registration.
  static uint64_t key(PeerId server, std::string_view text);
  static uint64_t key(PeerId server, PeerId client);
  // The name's key is its canonical form's hash; the last one is remembered, because a Register's
  // 2.01 lists the name its Register was checked by just before.
  uint64_t name_key(PeerId server, std::string_view ep, bool ep_canonical = false);
  static uint64_t typed_key(uint64_t name, std::optional<uint8_t> ept);
  static uint32_t type_code(std::optional<uint8_t> ept) { return ept ? *ept + 1u : 0u; }
  static std::optional<uint8_t> type_of(uint32_t code) {
    return code == 0 ? std::nullopt : std::optional<uint8_t>(static_cast<uint8_t>(code - 1));
  }

  // Registrations never move (callers keep pointers to them): they are kept in chunks of a fixed
  // number, where a std::deque's small blocks held few of them and wasted the rest.
  class Stored {
   public:
    Registration& operator[](std::size_t index) { return chunks_[index / kChunk][index % kChunk]; }
    const Registration& operator[](std::size_t index) const {
      return chunks_[index / kChunk][index % kChunk];
    }
    std::size_t size() const { return size_; }
    Registration& push_back(Registration registration) {
      if (size_ % kChunk == 0) chunks_.push_back(std::make_unique<Registration[]>(kChunk));
      Registration& stored = (*this)[size_];
      stored = std::move(registration);
      ++size_;
      return stored;
    }

   private:
    static constexpr std::size_t kChunk = 256;
    std::vector<std::unique_ptr<Registration[]>> chunks_;
    std::size_t size_ = 0;
  };
  Stored registrations_;
  // One open-addressing table for the book's three indexes (keys tagged with their index): a
  // node-based map per index took several times the memory of its entries.
  // By (server, location): the newest registration there. By (server, client): the client's
  // newest. By (server, canonical name): its registrations (see kSpilled).
  FlatIndex<uint32_t> index_;
  std::vector<std::vector<TypeList>> names_;  // names that had more than one registration
  struct NameKeyMemo {
    bool set = false;
    PeerId server = 0;
    std::string ep;
    uint64_t key = 0;
  };
  NameKeyMemo last_name_key_;
};

}  // namespace lwm2m
