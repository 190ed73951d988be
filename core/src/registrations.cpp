#include "lwm2m/registrations.h"

#include <utility>

namespace lwm2m {

std::string RegistrationBook::location_key(PeerId server, std::string_view location) {
  std::string key(reinterpret_cast<const char*>(&server), sizeof server);
  key.append(location);
  return key;
}

std::string RegistrationBook::name_key(PeerId server, std::string_view ep) {
  return location_key(server, ep);
}

NameClash RegistrationBook::check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                                           std::string_view ep, double time) const {
  NameClash clash;
  auto found = by_name_.find(name_key(server, ep));
  if (found == by_name_.end()) return clash;
  for (std::size_t index : found->second) {
    const Registration& other = registrations_[index];
    if (!other.alive_at(time)) continue;
    if (other.ept == ept) {
      if (other.client != client && !clash.duplicate) clash.duplicate = &other;
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
  std::vector<std::size_t>& of_client = by_client_[registration.client];
  for (std::size_t index : of_client) {
    Registration& earlier = registrations_[index];
    if (earlier.server == registration.server && earlier.alive_at(time)) {
      earlier.end = Registration::End::kReplaced;
      earlier.end_frame = registration.register_frame;
      if (replaced) *replaced = &earlier;
    }
  }
  const std::size_t index = registrations_.size();
  registrations_.push_back(std::move(registration));
  const Registration& stored = registrations_.back();
  of_client.push_back(index);
  by_location_[location_key(stored.server, stored.location)] = index;
  by_name_[name_key(stored.server, stored.ep)].push_back(index);
  return stored;
}

Registration* RegistrationBook::at(PeerId server, std::string_view location) {
  auto found = by_location_.find(location_key(server, location));
  return found == by_location_.end() ? nullptr : &registrations_[found->second];
}

Lookup RegistrationBook::look_up(PeerId server, std::string_view location, double time) {
  Lookup lookup;
  Registration* registration = at(server, location);
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
  Lookup lookup = look_up(server, location, time);
  if (lookup.registration && !lookup.ended && !lookup.expired_for) {
    Registration* registration = at(server, location);
    registration->refreshed_at = time;
    if (lifetime) registration->lifetime = *lifetime;
  }
  return lookup;
}

Lookup RegistrationBook::deregister(PeerId server, std::string_view location, uint64_t frame,
                                    double time) {
  Lookup lookup = look_up(server, location, time);
  if (lookup.registration && !lookup.ended) {
    Registration* registration = at(server, location);
    registration->end = Registration::End::kDeregistered;
    registration->end_frame = frame;
  }
  return lookup;
}

void RegistrationBook::clear() {
  registrations_ = {};
  by_location_ = {};
  by_name_ = {};
  by_client_ = {};
}

}  // namespace lwm2m
