// registrations: registration tracking over IPv4 - lifetimes (a refresh, an Update after
// expiry), duplicate names (a live one, one that expired, one that de-registered, the same name
// under another ept), a client replacing its own registration, the seed's Table 16 Update form,
// an Update of a location never registered in the capture, and a 2.01 whose Location-Path is
// ONE option "rd/1" (the slash inside the option, as the lwm2m-node-lib server sends it).
//
// Five clients, 10.0.0.51 ... 10.0.0.55 (A ... E), port 49153, server 10.0.0.1:5683. Each
// request is at a fixed time from the first frame (at() below), with the next MID and token of
// the Capture counters; each answer is a piggybacked ACK 1.5 ms later. Registers carry
// Content-Format 40 and the payload </1/0>,</3/0>. The frame notes say which frame a duplicate,
// a replacement or a De-register refers to.
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "scenarios.h"

namespace capgen {
namespace {

using coap::kChanged;
using coap::kConflict;
using coap::kCreated;
using coap::kDelete;
using coap::kDeleted;
using coap::kNotFound;
using coap::kPost;
using coap::kPut;

const char* const kLinks = "</1/0>,</3/0>";  // the Register payload of this capture
const char* const kImei = "ep=urn:imei:490154203237518";
const char* const kThermo = "ep=00A0C9-ThermoV2-SN12345";

// Moves the clock to `seconds` after the first frame (never backwards).
void at(Capture& cap, double seconds) {
  const std::uint64_t target =
      kStartTimeUs + static_cast<std::uint64_t>(std::llround(seconds * 1e6));
  if (target > cap.now_us()) cap.wait(static_cast<double>(target - cap.now_us()) / 1e6);
}

std::string frame_ref(std::uint64_t n) {
  return "frame " + std::to_string(n);
}

// CON POST /rd with Content-Format 40, the query items and the link payload.
coap::MessageData register_request(Capture& cap, std::initializer_list<std::string_view> query) {
  coap::MessageData m = cap.request(kPost);
  m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat).query(query).body(kLinks);
  return m;
}

}  // namespace

void scenario_registrations(Capture& cap, const ScenarioArgs&) {
  const Endpoint server = endpoint("10.0.0.1", 5683);
  const Endpoint a = endpoint("10.0.0.51", 49153);
  const Endpoint b = endpoint("10.0.0.52", 49153);
  const Endpoint c = endpoint("10.0.0.53", 49153);
  const Endpoint d = endpoint("10.0.0.54", 49153);
  const Endpoint e = endpoint("10.0.0.55", 49153);
  coap::MessageData m;

  // 1/2, t=0: A registers with lt=60; the 2.01 carries ONE Location-Path option "rd/1".
  at(cap, 0);
  const std::uint64_t a_reg = cap.next_frame_number();
  m = register_request(cap, {"ept=2", kImei, "lt=60", "b=U"});
  coap::MessageData created_rd1 = Capture::response(kCreated);
  created_rd1.add(coap::kLocationPath, "rd/1");
  cap.exchange(a, server, m, created_rd1,
               "Register of urn:imei:490154203237518 (ept 2) from A with lifetime 60 s: valid; "
               "without a refresh it expires at t=60 s",
               "Register accepted with ONE Location-Path option whose value is \"rd/1\" (the "
               "slash inside the option, as the lwm2m-node-lib server sends it): location /rd/1");

  // 3/4, t=30: Update without a query refreshes the registration (now expires at 90).
  at(cap, 30);
  m = cap.request(kPost);
  m.path("/rd/1");
  cap.exchange(a, server, m, Capture::response(kChanged),
               "Update (POST) of /rd/1 without a query: it refreshes the registration, which now "
               "expires at t=90 s",
               "Update accepted");

  // 5/6, t=200: Update after the registration expired.
  at(cap, 200);
  m = cap.request(kPost);
  m.path("/rd/1");
  cap.exchange(a, server, m, Capture::response(kNotFound),
               "Update (POST) of /rd/1, 110 s after the registration expired at t=90 s",
               "4.04 Not Found: the registration /rd/1 expired at t=90 s");

  // 7/8, t=210: B registers A's name: not a duplicate, A's registration expired.
  at(cap, 210);
  const std::uint64_t b_reg = cap.next_frame_number();
  m = register_request(cap, {"ept=2", kImei, "lt=300", "b=U"});
  cap.exchange(b, server, m, Capture::response(kCreated).location("rd/2"),
               "Register of urn:imei:490154203237518 (ept 2) from B, the name A registered in " +
                   frame_ref(a_reg) +
                   ": not a duplicate, because A's registration expired at t=90 s",
               "Register accepted, location /rd/2 (two Location-Path options)");

  // 9/10, t=220: C registers a type-1 name.
  at(cap, 220);
  const std::uint64_t c_reg = cap.next_frame_number();
  m = register_request(cap, {"ept=1", kThermo, "lt=300"});
  cap.exchange(c, server, m, Capture::response(kCreated).location("rd/3"),
               "Register of 00A0C9-ThermoV2-SN12345 (ept 1) from C: valid",
               "Register accepted, location /rd/3");

  // 11/12, t=230: D registers the same name under ept=101.
  at(cap, 230);
  const std::uint64_t d_reg = cap.next_frame_number();
  m = register_request(cap, {"ept=101", kThermo, "lt=300"});
  cap.exchange(d, server, m, Capture::response(kCreated).location("rd/4"),
               "Register of 00A0C9-ThermoV2-SN12345 under ept 101 (vendor specific) from D: the "
               "same name as C's live registration (" +
                   frame_ref(c_reg) + ") under another type, so not a duplicate, a note",
               "Register accepted, location /rd/4");

  // 13/14, t=240: D registers C's ept+ep while C's registration is alive.
  at(cap, 240);
  m = register_request(cap, {"ept=1", kThermo, "lt=300"});
  cap.exchange(d, server, m, Capture::response(kConflict),
               "Register of 00A0C9-ThermoV2-SN12345 (ept 1) from D while C's registration /rd/3 "
               "is alive: duplicate of C's live registration, " +
                   frame_ref(c_reg),
               "4.09 Conflict: duplicate Endpoint Client Type and Name (C's /rd/3 of " +
                   frame_ref(c_reg) + ")");

  // 15/16, t=250: C de-registers.
  at(cap, 250);
  const std::uint64_t c_dereg = cap.next_frame_number();
  m = cap.request(kDelete);
  m.path("/rd/3");
  cap.exchange(c, server, m, Capture::response(kDeleted),
               "De-register /rd/3 (C's registration of " + frame_ref(c_reg) + ")",
               "De-register done");

  // 17/18, t=260: D registers C's name again: C is gone; replaces D's own /rd/4.
  at(cap, 260);
  const std::uint64_t d_rereg = cap.next_frame_number();
  m = register_request(cap, {"ept=1", kThermo, "lt=300"});
  cap.exchange(d, server, m, Capture::response(kCreated).location("rd/5"),
               "Register of 00A0C9-ThermoV2-SN12345 (ept 1) from D: not a duplicate, because C "
               "de-registered in " +
                   frame_ref(c_dereg) + "; it replaces D's own registration /rd/4 of " +
                   frame_ref(d_reg),
               "Register accepted, location /rd/5");

  // 19/20, t=270: Update of the replaced registration.
  at(cap, 270);
  m = cap.request(kPost);
  m.path("/rd/4");
  cap.exchange(d, server, m, Capture::response(kNotFound),
               "Update (POST) of /rd/4, the registration that " + frame_ref(d_rereg) + " replaced",
               "4.04 Not Found: /rd/4 was replaced by /rd/5");

  // 21/22, t=280: Update in the seed's Table 16 form (PUT with ept and ep).
  at(cap, 280);
  m = cap.request(kPut);
  m.path("/rd/5").query({"ept=1", kThermo, "lt=300"});
  cap.exchange(d, server, m, Capture::response(kChanged),
               "Update (PUT, the seed's Table 16 Update form) of /rd/5 repeating its own ept and "
               "ep: not a duplicate",
               "Update accepted");

  // 23/24, t=290: B de-registers.
  at(cap, 290);
  m = cap.request(kDelete);
  m.path("/rd/2");
  cap.exchange(b, server, m, Capture::response(kDeleted),
               "De-register /rd/2 (B's registration of " + frame_ref(b_reg) + ")",
               "De-register done");

  // 25/26, t=300: Update of a location never registered in the capture.
  at(cap, 300);
  m = cap.request(kPost);
  m.path("/rd/99");
  cap.exchange(e, server, m, Capture::response(kNotFound),
               "Update (POST) of /rd/99, a location whose Register is not in the capture",
               "4.04 Not Found");
}

}  // namespace capgen
