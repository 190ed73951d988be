#include "lwm2m/registrations.h"

#include <algorithm>
#include <string>
#include <utility>

#include "lwm2m/hash.h"
#include "lwm2m/name_equality.h"

namespace lwm2m {

uint64_t RegistrationBook::key(PeerId server, std::string_view text) {
  return fnv1a(fnv1a(kFnvOffset, &server, sizeof server), text.data(), text.size());
}

uint64_t RegistrationBook::key(PeerId server, PeerId client) {
  return key(server, std::string_view(reinterpret_cast<const char*>(&client), sizeof client));
}

uint64_t RegistrationBook::name_key(PeerId server, std::string_view ep, bool ep_canonical) {
  NameKeyMemo& memo = last_name_key_;
  if (memo.set && memo.server == server && memo.ep == ep) return memo.key;
  memo.key = ep_canonical ? key(server, ep) : key(server, canonical_endpoint_name(ep));
  memo.server = server;
  memo.ep.assign(ep);
  memo.set = true;
  return memo.key;
}

uint64_t RegistrationBook::typed_key(uint64_t name, std::optional<uint8_t> ept) {
  const unsigned type = type_code(ept);  // 0: no usable type
  return key(name, std::string_view(reinterpret_cast<const char*>(&type), sizeof type));
}

bool RegistrationBook::keeps(uint32_t index, uint64_t key, PeerId client, double time,
                             const Registration*& found) {
  Registration& other = registrations_[index];
  if (!other.listed || other.listed_under != key) return false;  // renamed or dropped since
  if (!other.alive_at(time)) {
    other.listed = false;
    return false;
  }
  if (other.client != client) found = &other;
  return true;
}

const Registration* RegistrationBook::newest_other(std::vector<uint32_t>& list, uint64_t key,
                                                   PeerId client, double time) {
  // Newest first. What is dropped on the way is never walked again, and a client has at most
  // one live registration with a server, so a walk costs what it drops plus two.
  const Registration* found = nullptr;
  for (std::size_t i = list.size(); i-- > 0 && !found;) {
    if (!keeps(list[i], key, client, time, found))
      list.erase(list.begin() + static_cast<std::ptrdiff_t>(i));
  }
  return found;
}

NameClash RegistrationBook::check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                                           std::string_view ep, double time, bool ep_canonical) {
  NameClash clash;
  const uint64_t name = name_key(server, ep, ep_canonical);
  auto consider = [&](const Registration* other, std::optional<uint8_t> type) {
    // The keys are hashes: the registration itself decides.
    if (!other || other->server != server || !same_endpoint_name(other->ep, ep)) return;
    // Two names without a usable type clash too: the server can only compare the names.
    const Registration*& kind = type == ept ? clash.duplicate : clash.other_type;
    if (!kind || kind->index < other->index) kind = other;
  };
  uint32_t* list = index_.find(tagged(name, IndexKind::kName));
  if (!list || *list == kEmptyList) return clash;
  if (!(*list & kSpilled)) {
    // The name's one registration, in the list of its own type.
    const std::optional<uint8_t> type = registrations_[*list].ept;
    const Registration* found = nullptr;
    if (!keeps(*list, typed_key(name, type), client, time, found)) *list = kEmptyList;
    consider(found, type);
    return clash;
  }
  for (TypeList& of_type : names_[*list & ~kSpilled]) {
    const std::optional<uint8_t> type = type_of(of_type.code);
    consider(newest_other(of_type.registrations, typed_key(name, type), client, time), type);
  }
  return clash;
}

void RegistrationBook::list_name(Registration& registration) {
  if (registration.ep.empty()) return;  // a Register without ep clashes with nothing
  const uint64_t name = name_key(registration.server, registration.ep);
  const uint64_t list_key = typed_key(name, registration.ept);
  if (registration.listed && registration.listed_under == list_key) return;
  const auto [value, made] = index_.emplace(tagged(name, IndexKind::kName), registration.index);
  if (!made) {
    uint32_t& list = *value;
    if (list == kEmptyList || (!(list & kSpilled) && !listed_as(registrations_[list], name))) {
      // The one it had is listed elsewhere now, or was dropped: as its own list, it was empty.
      list = registration.index;
    } else {
      if (!(list & kSpilled)) {
        const uint32_t only = list;
        names_.push_back({TypeList{type_code(registrations_[only].ept), {only}}});
        list = kSpilled | static_cast<uint32_t>(names_.size() - 1);
      }
      std::vector<TypeList>& types = names_[list & ~kSpilled];
      const uint32_t code = type_code(registration.ept);
      auto of_type = std::find_if(types.begin(), types.end(),
                                  [code](const TypeList& listed) { return listed.code == code; });
      if (of_type == types.end()) of_type = types.insert(types.end(), TypeList{code, {}});
      of_type->registrations.push_back(registration.index);
    }
  }
  registration.listed = true;
  registration.listed_under = list_key;
}

Added RegistrationBook::add(Registration registration) {
  Added added;
  const double time = registration.refreshed_at;
  const auto index = static_cast<uint32_t>(registrations_.size());
  registration.index = index;
  registration.listed = false;

  // Section 5.2.1: a new Register from the client ends its registration with the server.
  auto [of_client, first] = index_.emplace(
      tagged(key(registration.server, registration.client), IndexKind::kClient), index);
  if (!first) {
    Registration& earlier = registrations_[*of_client];
    if (earlier.alive_at(time)) {
      earlier.end = Registration::End::kReplaced;
      earlier.end_frame = registration.register_frame;
      added.replaced = &earlier;
    }
    *of_client = index;
  }
  if (const Registration* holder = at(registration.server, registration.location)) {
    if (holder->client != registration.client && holder->alive_at(time)) {
      added.location_in_use = holder;
    }
  }
  *index_
       .emplace(tagged(key(registration.server, registration.location), IndexKind::kLocation),
                index)
       .first = index;
  Registration& stored = registrations_.push_back(std::move(registration));
  list_name(stored);
  added.registration = &stored;
  return added;
}

const Registration* RegistrationBook::at(PeerId server, std::string_view location) const {
  // The newest registration at the location: a server may hand a location out again.
  const uint32_t* found = index_.find(tagged(key(server, location), IndexKind::kLocation));
  if (!found) return nullptr;
  const Registration& registration = registrations_[*found];
  const bool same = registration.server == server && registration.location == location;
  return same ? &registration : nullptr;
}

Registration& RegistrationBook::mutable_at(const Registration& registration) {
  return registrations_[registration.index];
}

Lookup RegistrationBook::find(PeerId server, std::string_view location, double time) const {
  Lookup lookup;
  const Registration* registration = at(server, location);
  if (!registration) return lookup;
  lookup.registration = registration;
  lookup.ended = registration->end != Registration::End::kNone;
  if (!lookup.ended && time > registration->expires_at()) {
    lookup.expired_for = time - registration->expires_at();
  }
  return lookup;
}

std::optional<double> RegistrationBook::accept_update(const Registration& registration, double time,
                                                      std::optional<uint32_t> lifetime) {
  Registration& stored = mutable_at(registration);
  if (stored.end != Registration::End::kNone) return std::nullopt;
  std::optional<double> late;
  if (time > stored.expires_at()) late = time - stored.expires_at();
  stored.refreshed_at = std::max(stored.refreshed_at, time);
  if (lifetime) stored.lifetime = *lifetime;
  list_name(stored);  // alive: a Register's check may have dropped it from its list as dead
  return late;
}

void RegistrationBook::rename(const Registration& registration, std::optional<uint8_t> ept,
                              std::optional<std::string_view> ept_text, std::string_view ep,
                              bool name_valid) {
  Registration& stored = mutable_at(registration);
  stored.ept = ept;
  stored.ept_text = ept_text;
  stored.ep = ep;
  stored.name_valid = name_valid;
  // Listed under the new name and type; the old list drops it when it is next walked.
  list_name(stored);
}

void RegistrationBook::end(const Registration& registration, Registration::End why, uint64_t frame,
                           uint64_t deregister_frame) {
  Registration& stored = mutable_at(registration);
  if (stored.end == Registration::End::kNone) {
    stored.end = why;
    stored.end_frame = frame;
    return;
  }
  const bool not_found_by_its_deregister =
      why == Registration::End::kNotFound && stored.end == Registration::End::kDeregistered &&
      deregister_frame != 0 && stored.end_frame == deregister_frame;
  if (not_found_by_its_deregister) stored.end = why;
}

void RegistrationBook::reopen(const Registration& registration, uint64_t frame) {
  Registration& stored = mutable_at(registration);
  if (stored.end != Registration::End::kDeregistered || stored.end_frame != frame) return;
  // A client that has registered again since keeps its newer registration.
  const uint32_t* newest =
      index_.find(tagged(key(stored.server, stored.client), IndexKind::kClient));
  if (newest && *newest != stored.index) return;
  stored.end = Registration::End::kNone;
  stored.end_frame = 0;
  list_name(stored);
}

const Registration* RegistrationBook::of_client(PeerId server, PeerId client, double time) const {
  const uint32_t* found = index_.find(tagged(key(server, client), IndexKind::kClient));
  if (!found) return nullptr;
  const Registration& registration = registrations_[*found];
  if (registration.server != server || registration.client != client) return nullptr;
  return registration.alive_at(time) ? &registration : nullptr;
}

void RegistrationBook::clear() {
  registrations_ = {};
  index_ = {};
  names_ = {};
  last_name_key_ = {};
}

}  // namespace lwm2m
