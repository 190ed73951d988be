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

NameClash RegistrationBook::check_register(PeerId server, PeerId client, std::optional<uint8_t> ept,
                                           std::string_view ep, double time) const {
  NameClash clash;
  auto newest = newest_by_name_.find(key(server, ep));
  if (newest == newest_by_name_.end()) return clash;
  for (std::size_t index = newest->second; index != Registration::kNoIndex;
       index = registrations_[index].previous_same_name) {
    const Registration& other = registrations_[index];
    if (other.server != server || other.ep != ep || !other.alive_at(time)) continue;
    // The client's own registrations clash with nothing: a new Register replaces them.
    if (other.client == client) continue;
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

  auto [client_entry, first_of_client] = newest_by_client_.try_emplace(registration.client, index);
  if (!first_of_client) {
    for (std::size_t i = client_entry->second; i != Registration::kNoIndex;
         i = registrations_[i].previous_same_client) {
      Registration& earlier = registrations_[i];
      if (earlier.server == registration.server && earlier.alive_at(time)) {
        earlier.end = Registration::End::kReplaced;
        earlier.end_frame = registration.register_frame;
        if (replaced) *replaced = &earlier;
      }
    }
    registration.previous_same_client = client_entry->second;
    client_entry->second = index;
  }
  auto [name_entry, first_of_name] =
      newest_by_name_.try_emplace(key(registration.server, registration.ep), index);
  if (!first_of_name) {
    registration.previous_same_name = name_entry->second;
    name_entry->second = index;
  }
  by_location_.emplace(key(registration.server, registration.location), index);
  registrations_.push_back(std::move(registration));
  return registrations_.back();
}

Registration* RegistrationBook::at(PeerId server, std::string_view location) {
  // The newest registration at the location: a server may hand a location out again.
  std::size_t newest = Registration::kNoIndex;
  auto [begin, end] = by_location_.equal_range(key(server, location));
  for (auto it = begin; it != end; ++it) {
    const Registration& candidate = registrations_[it->second];
    if (candidate.server != server || candidate.location != location) continue;
    if (newest == Registration::kNoIndex || it->second > newest) newest = it->second;
  }
  return newest == Registration::kNoIndex ? nullptr : &registrations_[newest];
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
  by_location_ = {};
  newest_by_name_ = {};
  newest_by_client_ = {};
}

}  // namespace lwm2m
