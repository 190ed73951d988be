#include "lwm2m/registrations.h"

#include <string>
#include <utility>

#include "lwm2m/name_equality.h"

namespace lwm2m {

uint64_t RegistrationBook::key(PeerId server, std::string_view text) {
  // FNV-1a over the server id and the text.
  uint64_t hash = 14695981039346656037ull;
  auto mix = [&hash](const void* data, std::size_t size) {
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * 1099511628211ull;
  };
  mix(&server, sizeof server);
  mix(text.data(), text.size());
  return hash;
}

uint64_t RegistrationBook::key(PeerId server, PeerId client) {
  return key(server, std::string_view(reinterpret_cast<const char*>(&client), sizeof client));
}

uint64_t RegistrationBook::name_key(PeerId server, std::string_view ep) {
  return key(server, canonical_endpoint_name(ep));
}

NameClash RegistrationBook::check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                                           std::string_view ep, double time) {
  NameClash clash;
  auto found = by_name_.find(name_key(server, ep));
  if (found == by_name_.end()) return clash;
  // Registrations that have ended, expired or been renamed leave the list on the way: a name
  // registered again and again keeps a list as short as its live registrations.
  std::vector<std::size_t>& list = found->second;
  for (std::size_t i = 0; i < list.size();) {
    const Registration& other = registrations_[list[i]];
    if (!other.alive_at(time) || other.server != server || !same_endpoint_name(other.ep, ep)) {
      list[i] = list.back();
      list.pop_back();
      continue;
    }
    ++i;
    // The client's own registrations clash with nothing: a new Register replaces them.
    if (other.client == client) continue;
    // The newest of each kind is the one to name.
    const Registration*& kind = other.ept == ept ? clash.duplicate : clash.other_type;
    if (!kind || kind->index < other.index) kind = &other;
  }
  if (list.empty()) by_name_.erase(found);
  return clash;
}

void RegistrationBook::link_name(const Registration& registration) {
  std::vector<std::size_t>& list = by_name_[name_key(registration.server, registration.ep)];
  for (std::size_t index : list) {
    if (index == registration.index) return;
  }
  list.push_back(registration.index);
}

Added RegistrationBook::add(Registration registration) {
  Added added;
  const double time = registration.refreshed_at;
  const std::size_t index = registrations_.size();
  registration.index = index;

  // Section 5.2.1: a new Register from the client ends its registration with the server.
  auto [of_client, first] =
      newest_of_client_.try_emplace(key(registration.server, registration.client), index);
  if (!first) {
    Registration& earlier = registrations_[of_client->second];
    if (earlier.alive_at(time)) {
      earlier.end = Registration::End::kReplaced;
      earlier.end_frame = registration.register_frame;
      added.replaced = &earlier;
    }
    of_client->second = index;
  }
  if (const Registration* holder = at(registration.server, registration.location)) {
    if (holder->client != registration.client && holder->alive_at(time)) {
      added.location_in_use = holder;
    }
  }
  newest_at_location_[key(registration.server, registration.location)] = index;
  registrations_.push_back(std::move(registration));
  const Registration& stored = registrations_.back();
  link_name(stored);
  added.registration = &stored;
  return added;
}

const Registration* RegistrationBook::at(PeerId server, std::string_view location) const {
  // The newest registration at the location: a server may hand a location out again.
  auto found = newest_at_location_.find(key(server, location));
  if (found == newest_at_location_.end()) return nullptr;
  const Registration& registration = registrations_[found->second];
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
  if (time > stored.expires_at()) {
    late = time - stored.expires_at();
    link_name(stored);  // alive again: it may have left its name's list as dead
  }
  stored.refreshed_at = time;
  if (lifetime) stored.lifetime = *lifetime;
  return late;
}

void RegistrationBook::rename(const Registration& registration, std::optional<uint8_t> ept,
                              std::optional<std::string> ept_text, std::string ep,
                              bool name_valid) {
  Registration& stored = mutable_at(registration);
  stored.ept = ept;
  stored.ept_text = std::move(ept_text);
  stored.ep = std::move(ep);
  stored.name_valid = name_valid;
  // The old name's list drops it when next walked: its name no longer matches.
  link_name(stored);
}

void RegistrationBook::end(const Registration& registration, Registration::End why,
                           uint64_t frame) {
  Registration& stored = mutable_at(registration);
  const bool deregister_not_found =
      stored.end == Registration::End::kDeregistered && why == Registration::End::kNotFound;
  if (stored.end != Registration::End::kNone && !deregister_not_found) return;
  if (stored.end == Registration::End::kNone) stored.end_frame = frame;
  stored.end = why;
}

void RegistrationBook::reopen(const Registration& registration) {
  Registration& stored = mutable_at(registration);
  if (stored.end != Registration::End::kDeregistered) return;
  stored.end = Registration::End::kNone;
  stored.end_frame = 0;
  link_name(stored);
}

const Registration* RegistrationBook::of_client(PeerId server, PeerId client, double time) const {
  auto found = newest_of_client_.find(key(server, client));
  if (found == newest_of_client_.end()) return nullptr;
  const Registration& registration = registrations_[found->second];
  if (registration.server != server || registration.client != client) return nullptr;
  return registration.alive_at(time) ? &registration : nullptr;
}

void RegistrationBook::clear() {
  registrations_ = {};
  newest_at_location_ = {};
  by_name_ = {};
  newest_of_client_ = {};
}

}  // namespace lwm2m
