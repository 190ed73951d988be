// conversation: a device's whole conversation, for `lwm2m.ep == "..."` to show one device - its
// bootstrap (Bootstrap-Request, then the bootstrap server's Discover, Delete, two Writes and
// Finish), its Register, the server's Read, Discover, Write, Write-Attributes, Execute and
// Observe, two Notifies and the Cancel, its Update and De-register; a second client interleaved
// with it; an IPv6 client.
//
// Device 10.0.0.60:56830 (urn:imei:490154203237518), bootstrap server 10.0.0.2:5783, LwM2M server
// 10.0.0.1:5683; second client 10.0.0.61:56830 (00A0C9-ThermoV2-SN12345, ept 1); IPv6 client
// [fd00::61]:56830 → [fd00::1]:5683. MIDs and tokens are the Capture counters, one count for
// every sender (the Notifies too); a Notify repeats the Observe's token, and the server's empty
// ACK to it its MID with no token. Each request is answered by a piggybacked ACK 1.5 ms later.
#include <cstdint>
#include <string>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

using coap::Bytes;
using coap::kChanged;
using coap::kContent;
using coap::kDelete;
using coap::kDeleted;
using coap::kGet;
using coap::kPost;
using coap::kPut;
using coap::Type;

const Endpoint kServer = endpoint("10.0.0.1", 5683);
const Endpoint kBootstrap = endpoint("10.0.0.2", 5783);
const Endpoint kServer6 = endpoint("fd00::1", 5683);

// Device object instance 0 in LwM2M TLV: Manufacturer, Model Number, Serial Number, Firmware.
const Bytes kDeviceTlv = {0xC4, 0x00, 'A', 'C', 'M', 'E',            // 0 Manufacturer
                          0xC6, 0x01, 'T', '-', '1', '0', '0', '0',  // 1 Model Number
                          0xC4, 0x02, 'S', 'N', '4', '2',            // 2 Serial Number
                          0xC5, 0x03, '1', '.', '0', '.', '3'};      // 3 Firmware Version

coap::MessageData content(std::uint16_t format, Bytes payload) {
  return Capture::response(kContent)
      .add_uint(coap::kContentFormat, format)
      .body(std::move(payload));
}

Bytes bytes(const std::string& text) {
  return Bytes(text.begin(), text.end());
}

}  // namespace

void scenario_conversation(Capture& cap, const ScenarioArgs&) {
  const Endpoint device = endpoint("10.0.0.60", 56830);
  const Endpoint other = endpoint("10.0.0.61", 56830);
  const Endpoint device6 = endpoint("fd00::61", 56830);
  const std::string name = "urn:imei:490154203237518";
  const std::string of_device = ": belongs to the device " + name + " (lwm2m.ep, lwm2m.ept 2)";
  const std::string of_other = ": belongs to 00A0C9-ThermoV2-SN12345 (lwm2m.ep, lwm2m.ept 1)";
  coap::MessageData m;

  // --- 1: bootstrap (t = 0-1 s) -----------------------------------------------------------------
  at(cap, 0);
  const std::uint64_t bs_request = cap.next_frame_number();
  cap.exchange(device, kBootstrap, request_to(cap, kPost, "/bs", {"ept=2", "ep=" + name}),
               Capture::response(kChanged),
               "Bootstrap-Request of " + name +
                   " (ept 2) to the bootstrap server's port 5783: valid; starts the device's "
                   "conversation",
               "Bootstrap-Request accepted (2.04)" + of_device);

  at(cap, 0.2);
  m = cap.request(kGet);  // GET /: no Uri-Path option
  m.add_uint(coap::kAccept, coap::kLinkFormat);
  cap.exchange(kBootstrap, device, m,
               content(coap::kLinkFormat, bytes("lwm2m=\"1.1\",</0/0>,</1/0>;ssid=101,</3/0>")),
               "Bootstrap-Discover (bootstrap server to client): GET / (no Uri-Path) with Accept "
               "40; not a registration operation" +
                   of_device + ", bootstrapping since " + frame_ref(bs_request),
               "Bootstrap-Discover answer, link format" + of_device);

  at(cap, 0.4);
  cap.exchange(kBootstrap, device, request_to(cap, kDelete, "/0"), Capture::response(kDeleted),
               "Bootstrap-Delete of /0 (the Security object)" + of_device,
               "Bootstrap-Delete done (2.02)" + of_device);

  // Security object instance 1 (TLV): Server URI, Bootstrap-Server false, Security Mode 3
  // (NoSec), Short Server ID 1.
  at(cap, 0.6);
  const std::string uri = "coap://10.0.0.1:5683";
  Bytes security = {0xC8, 0x00, static_cast<std::uint8_t>(uri.size())};
  security.insert(security.end(), uri.begin(), uri.end());
  security.insert(security.end(), {0xC1, 0x01, 0x00, 0xC1, 0x02, 0x03, 0xC1, 0x0A, 0x01});
  m = request_to(cap, kPut, "/0/1");
  m.add_uint(coap::kContentFormat, coap::kLwm2mTlv).body(security);
  cap.exchange(kBootstrap, device, m, Capture::response(kChanged),
               "Bootstrap-Write of /0/1 (Security object instance 1), LwM2M TLV" + of_device,
               "Bootstrap-Write done (2.04)" + of_device);

  // Server object instance 1 in SenML CBOR: [{bn:"/1/1/", n:"0", v:1}, {n:"1", v:300},
  // {n:"7", vs:"U"}] - Short Server ID 1, Lifetime 300, Binding U.
  at(cap, 0.8);
  const Bytes server_senml = {0x83,                                            // array(3)
                              0xA3, 0x21, 0x65, '/',  '1',  '/',  '1',  '/',   // bn "/1/1/"
                              0x00, 0x61, '0',  0x02, 0x01,                    // n "0", v 1
                              0xA2, 0x00, 0x61, '1',  0x02, 0x19, 0x01, 0x2C,  // n "1", v 300
                              0xA2, 0x00, 0x61, '7',  0x03, 0x61, 'U'};        // n "7", vs "U"
  m = request_to(cap, kPut, "/1/1");
  m.add_uint(coap::kContentFormat, coap::kSenmlCbor).body(server_senml);
  cap.exchange(kBootstrap, device, m, Capture::response(kChanged),
               "Bootstrap-Write of /1/1 (Server object instance 1), SenML CBOR" + of_device,
               "Bootstrap-Write done (2.04)" + of_device);

  at(cap, 1.0);
  cap.exchange(
      kBootstrap, device, request_to(cap, kPost, "/bs"), Capture::response(kChanged),
      "Bootstrap-Finish (bootstrap server to client, POST /bs without a query)" + of_device,
      "Bootstrap-Finish acknowledged (2.04)" + of_device);

  // --- 2 and 3: registration and the server's operations, a second client between them ---------
  at(cap, 2.0);
  const std::uint64_t reg = cap.next_frame_number();
  cap.exchange(device, kServer,
               register_with(cap, {"ept=2", "ep=" + name, "lt=300", "lwm2m=1.1", "b=U"},
                             "</1/0>,</1/1>,</3/0>"),
               created("rd/abc"), "Register of " + name + " (ept 2) at the LwM2M server: valid",
               "Register accepted, location /rd/abc" + of_device);

  at(cap, 2.5);
  const std::uint64_t other_reg = cap.next_frame_number();
  cap.exchange(other, kServer,
               register_with(cap, {"ept=1", "ep=00A0C9-ThermoV2-SN12345", "lt=300", "b=U"}),
               created("rd/def"),
               "the second client registers 00A0C9-ThermoV2-SN12345 (ept 1): valid; a filter on "
               "the device's name must not show it",
               "Register accepted, location /rd/def" + of_other);

  at(cap, 3.0);
  m = request_to(cap, kGet, "/3/0");
  m.add_uint(coap::kAccept, coap::kLwm2mTlv);
  cap.exchange(kServer, device, m, content(coap::kLwm2mTlv, kDeviceTlv),
               "Read of /3/0 (server to client, Accept TLV)" + of_device + " (registered in " +
                   frame_ref(reg) + ")",
               "Read answer: the Device object in TLV" + of_device);

  at(cap, 4.0);
  m = request_to(cap, kGet, "/3/0");
  m.add_uint(coap::kAccept, coap::kLinkFormat);
  cap.exchange(kServer, device, m,
               content(coap::kLinkFormat,
                       bytes("</3/0>,</3/0/0>,</3/0/1>,</3/0/2>,</3/0/3>,</3/0/4>,</3/0/9>")),
               "Discover of /3/0 (GET with Accept 40)" + of_device,
               "Discover answer, link format" + of_device);

  at(cap, 4.5);
  m = request_to(cap, kGet, "/3/0");
  m.add_uint(coap::kAccept, coap::kLwm2mTlv);
  cap.exchange(kServer, other, m, content(coap::kLwm2mTlv, kDeviceTlv),
               "Read of /3/0 of the second client (registered in " + frame_ref(other_reg) + ")" +
                   of_other + ", not to the device",
               "Read answer: the Device object in TLV" + of_other);

  at(cap, 5.0);
  m = request_to(cap, kPut, "/1/0/1");
  m.add_uint(coap::kContentFormat, coap::kLwm2mTlv).body(Bytes{0xC2, 0x01, 0x01, 0x2C});
  cap.exchange(kServer, device, m, Capture::response(kChanged),
               "Write of /1/0/1 (the Lifetime resource, 300, TLV)" + of_device,
               "Write done (2.04)" + of_device);

  at(cap, 6.0);
  cap.exchange(kServer, device, request_to(cap, kPut, "/3/0/9", {"pmin=10", "pmax=60"}),
               Capture::response(kChanged),
               "Write-Attributes of /3/0/9 (PUT with pmin=10&pmax=60, no payload)" + of_device +
                   "; pmin and pmax are not registration parameters",
               "Write-Attributes done (2.04)" + of_device);

  at(cap, 7.0);
  cap.exchange(kServer, device, request_to(cap, kPost, "/3/0/4"), Capture::response(kChanged),
               "Execute of /3/0/4 (Reboot; POST without a payload)" + of_device +
                   "; not a registration operation although a POST",
               "Execute done (2.04)" + of_device);

  // Observe /3/0/9 (Battery Level): the token every Notify repeats.
  at(cap, 8.0);
  coap::MessageData observe = request_to(cap, kGet, "/3/0/9");
  observe.add_uint(coap::kObserve, 0);
  const Bytes observe_token = observe.token;
  const std::uint64_t observe_frame = cap.next_frame_number();
  cap.exchange(kServer, device, observe,
               content(coap::kTextPlain, bytes("85")).add_uint(coap::kObserve, 1),
               "Observe of /3/0/9 (GET with Observe=0)" + of_device,
               "Observe answer: 2.05 with Observe=1, Battery Level 85" + of_device);

  for (std::uint32_t seq = 2; seq <= 3; ++seq) {
    at(cap, 8.0 + 10.0 * (seq - 1));
    coap::MessageData notify = message(Type::kConfirmable, kContent, cap.next_mid(), observe_token);
    notify.add_uint(coap::kObserve, seq)
        .add_uint(coap::kContentFormat, coap::kTextPlain)
        .body(std::to_string(86 - seq));
    cap.send(device, kServer, notify,
             "Notify (CON 2.05, Observe=" + std::to_string(seq) + ", the token of " +
                 frame_ref(observe_frame) + "'s Observe), Battery Level " +
                 std::to_string(86 - seq) + of_device);
    cap.wait(0.0015);
    cap.send(kServer, device, message(Type::kAcknowledgement, coap::kEmpty, notify.message_id, {}),
             "the server's empty ACK of the Notify (its MID, no token)" + of_device);
  }

  at(cap, 30.0);
  coap::MessageData cancel =
      message(Type::kConfirmable, kGet, cap.next_mid(), observe_token).path("/3/0/9");
  cancel.add_uint(coap::kObserve, 1);
  cap.exchange(kServer, device, cancel, content(coap::kTextPlain, bytes("83")),
               "Cancel Observation of /3/0/9 (GET with Observe=1, the token of " +
                   frame_ref(observe_frame) + "'s Observe)" + of_device,
               "Cancel answer: 2.05 without Observe, Battery Level 83" + of_device);

  at(cap, 40.0);
  cap.exchange(device, kServer, request_to(cap, kPost, "/rd/abc"), Capture::response(kChanged),
               "Update (POST) of /rd/abc" + of_device, "Update accepted (2.04)" + of_device);

  at(cap, 45.0);
  cap.exchange(device, kServer, request_to(cap, kDelete, "/rd/abc"), Capture::response(kDeleted),
               "De-register of /rd/abc" + of_device + "; the end of its conversation",
               "De-register done (2.02)" + of_device);

  // --- 4: an IPv6 client (t = 50-52 s) ---------------------------------------------------------
  const std::string name6 = "urn:uuid:6f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
  const std::string of_v6 = ": belongs to " + name6 + " (lwm2m.ep, lwm2m.ept 2)";
  at(cap, 50.0);
  cap.exchange(device6, kServer6, register_with(cap, {"ept=2", "ep=" + name6, "lt=300"}),
               created("rd/0f6"), "Register of " + name6 + " (ept 2) over IPv6: valid",
               "Register accepted, location /rd/0f6" + of_v6);
  at(cap, 51.0);
  m = request_to(cap, kGet, "/3/0");
  m.add_uint(coap::kAccept, coap::kLwm2mTlv);
  cap.exchange(kServer6, device6, m, content(coap::kLwm2mTlv, kDeviceTlv),
               "Read of /3/0 over IPv6" + of_v6, "Read answer: the Device object in TLV" + of_v6);
  at(cap, 52.0);
  cap.exchange(device6, kServer6, request_to(cap, kDelete, "/rd/0f6"), Capture::response(kDeleted),
               "De-register of /rd/0f6 over IPv6" + of_v6, "De-register done (2.02)" + of_v6);
}

}  // namespace capgen
