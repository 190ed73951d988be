// Fuzz target: the registrations the plugin follows through a capture (RegistrationBook): a
// sequence of Registers, their 2.01s, Updates and De-registers from a few clients to a few
// servers, with names, locations and times from the input, checked against what each call
// promises. Input: a byte stream read with FuzzedDataProvider.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.h"
#include "lwm2m/registrations.h"

using lwm2m::Lookup;
using lwm2m::NameClash;
using lwm2m::Registration;
using lwm2m::RegistrationBook;

namespace {

// Few distinct values, so that names, locations and peers collide often.
std::string small_text(FuzzedDataProvider& in, const char* prefix) {
  return prefix + std::to_string(in.ConsumeIntegralInRange<int>(0, 5));
}

// What any lookup promises. `ended_before`: the registration's end before the call.
void check_lookup(const Lookup& lookup, lwm2m::PeerId server, const std::string& location,
                  bool ended_before) {
  if (!lookup.registration) {
    FUZZ_CHECK(!lookup.ended && !lookup.expired_for);
    return;
  }
  FUZZ_CHECK(lookup.registration->server == server);
  FUZZ_CHECK(lookup.registration->location == location);
  FUZZ_CHECK(lookup.ended == ended_before);
  if (lookup.expired_for) FUZZ_CHECK(!lookup.ended && *lookup.expired_for > 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  RegistrationBook book;
  double time = 0;
  uint64_t frame = 0;
  std::size_t added = 0;
  while (in.remaining_bytes() > 0) {
    // Time moves on, mostly forward, sometimes far (lifetimes run out), sometimes backwards
    // (captures merged from several sources).
    time += in.ConsumeIntegralInRange<int>(-10, 200000) / 2.0;
    ++frame;
    const lwm2m::PeerId server = in.ConsumeIntegralInRange<lwm2m::PeerId>(1, 2);
    const lwm2m::PeerId client = in.ConsumeIntegralInRange<lwm2m::PeerId>(10, 13);
    const std::string location = "/rd/" + small_text(in, "");
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: {
        const std::string ep = small_text(in, "ep");
        const std::optional<uint8_t> ept =
            in.ConsumeBool() ? std::optional<uint8_t>(in.ConsumeIntegralInRange<uint8_t>(1, 2))
                             : std::nullopt;
        const NameClash clash = book.check_register(server, client, ept, ep, time);
        for (const Registration* other : {clash.duplicate, clash.other_type}) {
          if (!other) continue;
          FUZZ_CHECK(other->server == server && other->client != client && other->ep == ep);
          FUZZ_CHECK(other->alive_at(time));
        }
        if (clash.duplicate) FUZZ_CHECK(clash.duplicate->ept == ept);
        if (clash.other_type) FUZZ_CHECK(clash.other_type->ept != ept);
        break;
      }
      case 1: {
        Registration registration;
        registration.server = server;
        registration.client = client;
        registration.ep = small_text(in, "ep");
        if (in.ConsumeBool()) registration.ept = in.ConsumeIntegralInRange<uint8_t>(1, 2);
        registration.location = location;
        registration.register_frame = frame;
        registration.lifetime = in.ConsumeIntegralInRange<uint32_t>(1, 100000);
        registration.refreshed_at = time;
        const Registration* replaced = nullptr;
        const Registration& stored = book.add(registration, &replaced);
        ++added;
        FUZZ_CHECK(book.size() == added);
        FUZZ_CHECK(stored.location == location && stored.client == client);
        if (replaced) {
          FUZZ_CHECK(replaced != &stored && replaced->client == client &&
                     replaced->server == server);
          FUZZ_CHECK(replaced->end == Registration::End::kReplaced && replaced->end_frame == frame);
        }
        // The new registration is the one found at its location.
        const Lookup found = book.update(server, location, std::nullopt, time);
        FUZZ_CHECK(found.registration == &stored && !found.ended && !found.expired_for);
        break;
      }
      case 2: {
        std::optional<uint32_t> lifetime;
        if (in.ConsumeBool()) lifetime = in.ConsumeIntegralInRange<uint32_t>(1, 100000);
        const Lookup lookup = book.update(server, location, lifetime, time);
        check_lookup(lookup, server, location,
                     lookup.registration && lookup.registration->end != Registration::End::kNone);
        if (lookup.registration && !lookup.ended && !lookup.expired_for) {
          // Refreshed: alive now, with the new lifetime.
          FUZZ_CHECK(lookup.registration->refreshed_at == time);
          FUZZ_CHECK(lookup.registration->alive_at(time));
          if (lifetime) FUZZ_CHECK(lookup.registration->lifetime == *lifetime);
        }
        break;
      }
      case 3: {
        const Lookup lookup = book.deregister(server, location, frame, time);
        // It ends what it found, unless that had ended before.
        const bool ended_now = lookup.registration &&
                               lookup.registration->end == Registration::End::kDeregistered &&
                               lookup.registration->end_frame == frame;
        check_lookup(lookup, server, location, lookup.registration && !ended_now);
        if (lookup.registration) FUZZ_CHECK(lookup.registration->end != Registration::End::kNone);
        if (lookup.registration && !lookup.ended) FUZZ_CHECK(ended_now);
        break;
      }
      case 4:
        if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
          book.clear();
          added = 0;
          FUZZ_CHECK(book.size() == 0);
        }
        break;
    }
  }
  return 0;
}
