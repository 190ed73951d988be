// Fuzz target: the registrations the plugin follows through a capture (RegistrationBook): a
// sequence of Registers, their 2.01s, Updates and De-registers from a few clients to a few
// servers, with names, locations and times from the input, checked against what each call
// promises. Input: a byte stream read with FuzzedDataProvider.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "fuzz_check.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/registrations.h"

using lwm2m::Added;
using lwm2m::Lookup;
using lwm2m::NameClash;
using lwm2m::Registration;
using lwm2m::RegistrationBook;

namespace {

// The book keeps views of its texts: these live as long as the program (few distinct ones).
std::string_view kept(std::string text) {
  static std::set<std::string> texts;
  return *texts.insert(std::move(text)).first;
}

// Few distinct values, so that names, locations and peers collide often.
std::string_view small_text(FuzzedDataProvider& in, const char* prefix) {
  return kept(prefix + std::to_string(in.ConsumeIntegralInRange<int>(0, 5)));
}

// What any lookup promises. `ended_before`: the registration's end before the call.
void check_lookup(const Lookup& lookup, lwm2m::PeerId server, std::string_view location,
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
  std::size_t added_count = 0;
  while (in.remaining_bytes() > 0) {
    // Time moves on, mostly forward, sometimes far (lifetimes run out), sometimes backwards
    // (captures merged from several sources).
    time += in.ConsumeIntegralInRange<int>(-10, 200000) / 2.0;
    ++frame;
    const lwm2m::PeerId server = in.ConsumeIntegralInRange<lwm2m::PeerId>(1, 2);
    const lwm2m::PeerId client = in.ConsumeIntegralInRange<lwm2m::PeerId>(10, 13);
    const std::string_view location = kept("/rd/" + std::string(small_text(in, "")));
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0: {
        const std::string_view ep = small_text(in, "ep");
        const std::optional<uint8_t> ept =
            in.ConsumeBool() ? std::optional<uint8_t>(in.ConsumeIntegralInRange<uint8_t>(1, 2))
                             : std::nullopt;
        const NameClash clash = book.check_register(server, client, ept, ep, time);
        for (const Registration* other : {clash.duplicate, clash.other_type}) {
          if (!other) continue;
          FUZZ_CHECK(other->server == server && other->client != client &&
                     lwm2m::same_endpoint_name(other->ep, ep));
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
        const Added added = book.add(registration);
        const Registration& stored = *added.registration;
        ++added_count;
        FUZZ_CHECK(book.size() == added_count);
        FUZZ_CHECK(stored.location == location && stored.client == client);
        if (const Registration* replaced = added.replaced) {
          FUZZ_CHECK(replaced != &stored && replaced->client == client &&
                     replaced->server == server);
          FUZZ_CHECK(replaced->end == Registration::End::kReplaced && replaced->end_frame == frame);
        }
        if (const Registration* holder = added.location_in_use) {
          FUZZ_CHECK(holder->client != client && holder->location == location);
        }
        // The new registration is the one found at its location, and its client's.
        const Lookup found = book.find(server, location, time);
        FUZZ_CHECK(found.registration == &stored && !found.ended && !found.expired_for);
        FUZZ_CHECK(book.of_client(server, client, time) == &stored);
        break;
      }
      case 2: {
        std::optional<uint32_t> lifetime;
        if (in.ConsumeBool()) lifetime = in.ConsumeIntegralInRange<uint32_t>(1, 100000);
        const Lookup lookup = book.find(server, location, time);
        check_lookup(lookup, server, location,
                     lookup.registration && lookup.registration->end != Registration::End::kNone);
        if (!lookup.registration) break;
        const Registration& registration = *lookup.registration;
        if (in.ConsumeBool()) {  // the server accepts it
          const std::optional<double> late = book.accept_update(registration, time, lifetime);
          FUZZ_CHECK(late.has_value() == (!lookup.ended && lookup.expired_for.has_value()));
          if (!lookup.ended) {
            // Refreshed, never back in time (time may go backwards here).
            FUZZ_CHECK(registration.refreshed_at >= time && registration.alive_at(time));
            if (lifetime) FUZZ_CHECK(registration.lifetime == *lifetime);
          }
          if (in.ConsumeBool()) {
            book.rename(registration, registration.ept, std::nullopt, small_text(in, "ep"), true);
          }
        } else {  // 4.04
          book.end(registration, Registration::End::kNotFound, frame);
          FUZZ_CHECK(registration.end != Registration::End::kNone);
        }
        break;
      }
      case 3: {
        const Lookup lookup = book.find(server, location, time);
        check_lookup(lookup, server, location,
                     lookup.registration && lookup.registration->end != Registration::End::kNone);
        if (!lookup.registration) break;
        const Registration& found = *lookup.registration;
        // Its client's newest live registration: a refused De-register gives it back.
        const bool newest = book.of_client(found.server, found.client, time) == &found;
        book.end(found, Registration::End::kDeregistered, frame);
        FUZZ_CHECK(found.end != Registration::End::kNone);
        if (!lookup.ended) FUZZ_CHECK(found.end_frame == frame);
        if (!lookup.ended && in.ConsumeBool()) {  // refused with 4.00
          book.reopen(found, frame);
          if (newest) FUZZ_CHECK(found.end == Registration::End::kNone);
        }
        break;
      }
      case 4:
        if (in.ConsumeIntegralInRange<int>(0, 15) == 0) {
          book.clear();
          added_count = 0;
          FUZZ_CHECK(book.size() == 0);
        }
        break;
    }
  }
  return 0;
}
