// undelivered: messages that never reached their receiver, and the ICMP or ICMPv6 errors that
// quote them. A quoted copy is not a message: the plugin shows what it was and marks its
// original undelivered, and counts nothing twice.
//
// Server S4 10.0.0.1:5683 and S6 [2001:db8::1]:5683; a router 10.0.4.254 / 2001:db8:4::fe.
// Clients 10.0.4.n:49153 and [2001:db8:4::n]:49153. Times are fixed (at() below).
//   1. IPv4: a Register the router cannot deliver (ICMP host unreachable from the router); the
//      client sends it again 2 s later, and the server answers 2.01.
//   2. IPv6: a Register and its 2.01; then the server is gone: the Update gets ICMPv6 port
//      unreachable from the server's address.
//   3. IPv6: a De-register whose 2.02 finds the client's port closed (ICMPv6 port unreachable
//      from the client's address).
//   4. IPv6: a Bootstrap-Request to an address no one has (ICMPv6 address unreachable from the
//      router).
//   5. IPv4: an ICMP error quoting a CoAP GET of no LwM2M client: nothing of LwM2M.
//   6. IPv4: Updates of registrations no 2.01 made: after a Register the router could not deliver
//      (no answer), after a Register the server refused (4.00), and to a location other than the
//      one the client's 2.01 gave.
#include <cstdint>
#include <string>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

constexpr std::uint8_t kIcmpUnreachable = 3;
constexpr std::uint8_t kIcmpHostUnreachable = 1;
constexpr std::uint8_t kIcmpPortUnreachable = 3;
constexpr std::uint8_t kIcmpv6Unreachable = 1;
constexpr std::uint8_t kIcmpv6AddressUnreachable = 3;
constexpr std::uint8_t kIcmpv6PortUnreachable = 4;

const std::string kName4 = "urn:imei:490154203237518";
const std::string kName6 = "urn:imei:356938035643809";
const std::string kName6b = "urn:imei:352099001761481";
const std::string kName6c = "urn:imei:860012345678902";

}  // namespace

void scenario_undelivered(Capture& cap, const ScenarioArgs&) {
  const Endpoint server4 = endpoint("10.0.0.1", 5683);
  const Endpoint server6 = endpoint("2001:db8::1", 5683);
  const Endpoint router4 = endpoint("10.0.4.254", 0);
  const Endpoint router6 = endpoint("2001:db8:4::fe", 0);

  // 1. The router cannot reach the server; the retransmission gets through.
  const Endpoint a = endpoint("10.0.4.1", 49153);
  at(cap, 0);
  const std::uint64_t register_a = cap.next_frame_number();
  coap::MessageData reg = register_with(cap, {"ept=2", "ep=" + kName4, "lt=300"});
  cap.send(a, server4, reg, "Register of " + kName4);
  cap.wait(0.002);
  cap.icmp_error(router4, a, server4, reg, kIcmpUnreachable, kIcmpHostUnreachable,
                 "ICMP host unreachable quoting " + frame_ref(register_a),
                 "quoted copy: not a message; " + frame_ref(register_a) + " not delivered");
  at(cap, 2);
  cap.exchange(a, server4, reg, created("rd/1"), "the same Register again (retransmission)",
               "2.01 to the retransmission");

  // 2. A registration whose server goes away.
  const Endpoint b = endpoint("2001:db8:4::2", 49153);
  ask_at(cap, server6, 10, b, register_with(cap, {"ept=2", "ep=" + kName6, "lt=300"}),
         created("rd/1"), "Register of " + kName6, "2.01, location /rd/1");
  at(cap, 60);
  const std::uint64_t update_b = cap.next_frame_number();
  coap::MessageData update = request_to(cap, coap::kPost, "/rd/1");
  cap.send(b, server6, update, "Update of " + kName6);
  cap.wait(0.001);
  cap.icmp_error(server6, b, server6, update, kIcmpv6Unreachable, kIcmpv6PortUnreachable,
                 "ICMPv6 port unreachable quoting " + frame_ref(update_b),
                 "quoted copy: " + frame_ref(update_b) + " not delivered (server gone)");

  // 3. A 2.02 to a client that closed its port.
  const Endpoint c = endpoint("2001:db8:4::3", 49153);
  ask_at(cap, server6, 100, c, register_with(cap, {"ept=2", "ep=" + kName6b, "lt=300"}),
         created("rd/2"), "Register of " + kName6b, "2.01, location /rd/2");
  at(cap, 110);
  coap::MessageData deregister = request_to(cap, coap::kDelete, "/rd/2");
  cap.send(c, server6, deregister, "De-register of " + kName6b);
  cap.wait(0.0015);
  const std::uint64_t deleted_c = cap.next_frame_number();
  coap::MessageData deleted = Capture::response(coap::kDeleted);
  deleted.message_id = deregister.message_id;
  deleted.token = deregister.token;
  cap.send(server6, c, deleted, "2.02 Deleted");
  cap.wait(0.0005);
  cap.icmp_error(c, server6, c, deleted, kIcmpv6Unreachable, kIcmpv6PortUnreachable,
                 "ICMPv6 port unreachable quoting " + frame_ref(deleted_c),
                 "quoted copy: " + frame_ref(deleted_c) + " not delivered (client gone)");

  // 4. A bootstrap server address no one has.
  const Endpoint d = endpoint("2001:db8:4::4", 49153);
  const Endpoint nobody = endpoint("2001:db8::99", 5683);
  at(cap, 200);
  const std::uint64_t bootstrap_d = cap.next_frame_number();
  coap::MessageData bootstrap = request_to(cap, coap::kPost, "/bs", {"ept=2", "ep=" + kName6c});
  cap.send(d, nobody, bootstrap, "Bootstrap-Request of " + kName6c);
  cap.wait(0.003);
  cap.icmp_error(router6, d, nobody, bootstrap, kIcmpv6Unreachable, kIcmpv6AddressUnreachable,
                 "ICMPv6 address unreachable quoting " + frame_ref(bootstrap_d),
                 "quoted copy: " + frame_ref(bootstrap_d) + " not delivered");

  // 5. Not LwM2M: a GET of no known client, its ICMP error ignored.
  const Endpoint e = endpoint("10.0.4.5", 49153);
  at(cap, 300);
  coap::MessageData get = request_to(cap, coap::kGet, "/3/0");
  cap.send(e, server4, get, "CoAP GET /3/0 (no LwM2M client)");
  cap.wait(0.001);
  cap.icmp_error(server4, e, server4, get, kIcmpUnreachable, kIcmpPortUnreachable,
                 "ICMP port unreachable quoting the GET", "nothing of LwM2M");
  // 6. Updates without a 2.01: what the capture shows of their Register instead.
  const Endpoint f = endpoint("10.0.4.6", 49153);
  at(cap, 400);
  const std::uint64_t register_f = cap.next_frame_number();
  coap::MessageData lost = register_with(cap, {"ept=2", "ep=urn:imei:860012345678910", "lt=300"});
  cap.send(f, server4, lost, "Register that never arrives");
  cap.wait(0.002);
  cap.icmp_error(router4, f, server4, lost, kIcmpUnreachable, kIcmpHostUnreachable,
                 "ICMP host unreachable quoting " + frame_ref(register_f),
                 "quoted copy: " + frame_ref(register_f) + " not delivered");
  ask_at(cap, server4, 460, f, request_to(cap, coap::kPost, "/rd/7"),
         Capture::response(coap::kNotFound), "Update: its Register got no answer",
         "4.04 Not Found");
  const Endpoint g = endpoint("10.0.4.7", 49153);
  ask_at(cap, server4, 500, g, register_with(cap, {"ept=2", "ep=urn:imei:860012345678928"}),
         Capture::response(coap::kBadRequest), "Register", "4.00 Bad Request");
  ask_at(cap, server4, 560, g, request_to(cap, coap::kPost, "/rd/8"),
         Capture::response(coap::kNotFound), "Update: its Register was refused", "4.04 Not Found");
  const Endpoint h = endpoint("10.0.4.8", 49153);
  ask_at(cap, server4, 600, h, register_with(cap, {"ept=2", "ep=urn:imei:860012345678936"}),
         created("rd/9"), "Register", "2.01, location /rd/9");
  ask_at(cap, server4, 660, h, request_to(cap, coap::kPost, "/rd/10"),
         Capture::response(coap::kNotFound), "Update to another location than its 2.01's",
         "4.04 Not Found");
}

}  // namespace capgen
