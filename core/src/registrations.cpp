#include "lwm2m/registrations.h"

#include <utility>

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

NameClash RegistrationBook::check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                                           std::string_view ep, double time) {
  NameClash clash;
  auto newest = newest_by_name_.find(key(server, ep));
  if (newest == newest_by_name_.end()) return clash;
  // Walk the chain of the name, unlinking registrations that have ended or expired: a name
  // registered again and again keeps a chain as short as its live registrations.
  std::size_t* link = &newest->second;
  while (*link != Registration::kNoIndex) {
    Registration& other = registrations_[*link];
    if (!other.alive_at(time)) {
      *link = other.previous_same_name;
      continue;
    }
    link = &other.previous_same_name;
    // The client's own registrations clash with nothing: a new Register replaces them.
    if (other.server != server || other.ep != ep || other.client == client) continue;
    if (other.ept == ept) {
      if (!clash.duplicate) clash.duplicate = &other;
    } else if (!clash.other_type) {
      clash.other_type = &other;
    }
  }
  return clash;
}

const Registration& RegistrationBook::add(Registration registration,
                                          const Registration** replaced) {
  if (replaced) *replaced = nullptr;
  const double time = registration.refreshed_at;
  const std::size_t index = registrations_.size();

  // Section 5.2.1: a new Register from the client ends its registration with the server.
  auto [of_client, first] =
      newest_of_client_.try_emplace(key(registration.server, registration.client), index);
  if (!first) {
    Registration& earlier = registrations_[of_client->second];
    if (earlier.alive_at(time)) {
      earlier.end = Registration::End::kReplaced;
      earlier.end_frame = registration.register_frame;
      if (replaced) *replaced = &earlier;
    }
    of_client->second = index;
  }
  auto [by_name, first_of_name] =
      newest_by_name_.try_emplace(key(registration.server, registration.ep), index);
  if (!first_of_name) {
    registration.previous_same_name = by_name->second;
    by_name->second = index;
  }
  newest_at_location_[key(registration.server, registration.location)] = index;
  registrations_.push_back(std::move(registration));
  return registrations_.back();
}

Registration* RegistrationBook::at(PeerId server, std::string_view location) {
  // The newest registration at the location: a server may hand a location out again.
  auto found = newest_at_location_.find(key(server, location));
  if (found == newest_at_location_.end()) return nullptr;
  Registration& registration = registrations_[found->second];
  const bool same = registration.server == server && registration.location == location;
  return same ? &registration : nullptr;
}

Lookup RegistrationBook::look_up(const Registration* registration, double time) {
  Lookup lookup;
  if (!registration) return lookup;
  lookup.registration = registration;
  lookup.ended = registration->end != Registration::End::kNone;
  if (!lookup.ended && time > registration->expires_at()) {
    lookup.expired_for = time - registration->expires_at();
  }
  return lookup;
}

Lookup RegistrationBook::update(PeerId server, std::string_view location,
                                std::optional<uint32_t> lifetime, double time) {
  Registration* registration = at(server, location);
  Lookup lookup = look_up(registration, time);
  if (registration && !lookup.ended && !lookup.expired_for) {
    registration->refreshed_at = time;
    if (lifetime) registration->lifetime = *lifetime;
  }
  return lookup;
}

Lookup RegistrationBook::deregister(PeerId server, std::string_view location, uint64_t frame,
                                    double time) {
  Registration* registration = at(server, location);
  Lookup lookup = look_up(registration, time);
  if (registration && !lookup.ended) {
    registration->end = Registration::End::kDeregistered;
    registration->end_frame = frame;
  }
  return lookup;
}

void RegistrationBook::clear() {
  registrations_ = {};
  newest_at_location_ = {};
  newest_by_name_ = {};
  newest_of_client_ = {};
}

}  // namespace lwm2m
