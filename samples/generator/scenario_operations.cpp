// operations: the LwM2M operations the Wakaama captures of ../shared/captures lack, each
// answered: a bootstrap with Bootstrap-Read and Bootstrap-Pack-Request; then, after the Register,
// Read-Composite, Write-Composite, Observe-Composite with a Notify and its cancel, Create, a
// partial Write, Write-Attributes with every notification attribute (and one with a bad value),
// a Replace Write, Execute, Delete, a Read of a Resource Instance, Discover of an Object, Send,
// and an Observe whose Notify the server rejects with a Reset (Cancel Observation).
//
// Device 10.0.0.70:56830 (urn:imei:490154203237518, ept 2), bootstrap server 10.0.0.2:5783, LwM2M
// server 10.0.0.1:5683. MIDs and tokens are the Capture counters; each request is answered by a
// piggybacked ACK 1.5 ms later.
#include <cstdint>
#include <string>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

using coap::Bytes;
using coap::Type;

const Endpoint kServer = endpoint("10.0.0.1", 5683);
const Endpoint kBootstrap = endpoint("10.0.0.2", 5783);

Bytes bytes(const std::string& text) {
  return Bytes(text.begin(), text.end());
}

coap::MessageData content(std::uint16_t format, const std::string& payload) {
  return Capture::response(coap::kContent)
      .add_uint(coap::kContentFormat, format)
      .body(bytes(payload));
}

coap::MessageData with_body(coap::MessageData m, std::uint16_t format, const std::string& body) {
  m.add_uint(coap::kContentFormat, format).body(bytes(body));
  return m;
}

}  // namespace

void scenario_operations(Capture& cap, const ScenarioArgs&) {
  const Endpoint device = endpoint("10.0.0.70", 56830);
  const std::string name = "urn:imei:490154203237518";
  const std::string of_device = " (" + name + ")";
  coap::MessageData m;

  // --- bootstrap (t = 0-1 s): Bootstrap-Read and the client's Bootstrap-Pack-Request -----------
  at(cap, 0);
  cap.exchange(device, kBootstrap, request_to(cap, coap::kPost, "/bs", {"ept=2", "ep=" + name}),
               Capture::response(coap::kChanged), "Bootstrap-Request of " + name,
               "Bootstrap-Request accepted (2.04)");
  at(cap, 0.2);
  m = request_to(cap, coap::kGet, "/1");
  m.add_uint(coap::kAccept, coap::kSenmlJson);
  cap.exchange(kBootstrap, device, m,
               content(coap::kSenmlJson, R"([{"bn":"/1/0/","n":"0","v":1}])"),
               "Bootstrap-Read of /1 (GET to a bootstrapping client)" + of_device,
               "Bootstrap-Read answer, SenML JSON");
  at(cap, 0.4);
  m = request_to(cap, coap::kGet, "/bspack");
  m.add_uint(coap::kAccept, coap::kSenmlCbor);
  cap.exchange(device, kBootstrap, m, content(coap::kSenmlCbor, "\x80"),
               "Bootstrap-Pack-Request (the client's GET /bspack, LwM2M 1.2)" + of_device,
               "Bootstrap-Pack answer, SenML CBOR (an empty pack)");
  at(cap, 0.6);
  cap.exchange(kBootstrap, device, request_to(cap, coap::kPost, "/bs"),
               Capture::response(coap::kChanged), "Bootstrap-Finish" + of_device,
               "Bootstrap-Finish acknowledged (2.04)");

  // --- registration (t = 2 s) -------------------------------------------------------------------
  at(cap, 2.0);
  cap.exchange(device, kServer,
               register_with(cap, {"ept=2", "ep=" + name, "lt=300", "lwm2m=1.1", "b=U"},
                             "</1/0>,</3/0>,</3303/0>"),
               created("rd/ops"), "Register of " + name, "Register accepted, location /rd/ops");

  // --- Composite operations (t = 3-7 s) ---------------------------------------------------------
  const std::string paths = R"([{"n":"/3/0/0"},{"n":"/3303/0/5700"}])";
  at(cap, 3.0);
  m = with_body(cap.request(coap::kFetch), coap::kSenmlJson, paths);
  m.add_uint(coap::kAccept, coap::kSenmlJson);
  cap.exchange(
      kServer, device, m,
      content(coap::kSenmlJson, R"([{"n":"/3/0/0","vs":"ACME"},{"n":"/3303/0/5700","v":21.5}])"),
      "Read-Composite (FETCH /, SenML JSON list of paths)" + of_device, "Read-Composite answer");
  at(cap, 4.0);
  m = with_body(cap.request(coap::kIpatch), coap::kSenmlJson,
                R"([{"n":"/3/0/14","vs":"+01"},{"n":"/1/0/1","v":600}])");
  cap.exchange(kServer, device, m, Capture::response(coap::kChanged),
               "Write-Composite (iPATCH /, SenML JSON)" + of_device, "Write-Composite done (2.04)");
  at(cap, 5.0);
  m = with_body(cap.request(coap::kFetch), coap::kSenmlJson, paths);
  m.add_uint(coap::kObserve, 0);
  const Bytes composite_token = m.token;
  const std::uint64_t composite_frame = cap.next_frame_number();
  cap.exchange(
      kServer, device, m,
      content(coap::kSenmlJson, R"([{"n":"/3303/0/5700","v":21.5}])").add_uint(coap::kObserve, 1),
      "Observe-Composite (FETCH / with Observe=0)" + of_device,
      "Observe-Composite answer with Observe=1");
  at(cap, 6.0);
  coap::MessageData notify =
      message(Type::kNonConfirmable, coap::kContent, cap.next_mid(), composite_token);
  notify.add_uint(coap::kObserve, 2)
      .add_uint(coap::kContentFormat, coap::kSenmlJson)
      .body(bytes(R"([{"n":"/3303/0/5700","v":22.0}])"));
  cap.send(device, kServer, notify,
           "Notify of the Observe-Composite in " + frame_ref(composite_frame) +
               " (NON 2.05, Observe=2, its token)" + of_device);
  at(cap, 7.0);
  m = message(Type::kConfirmable, coap::kFetch, cap.next_mid(), composite_token);
  m.add_uint(coap::kObserve, 1).add_uint(coap::kContentFormat, coap::kSenmlJson).body(bytes(paths));
  cap.exchange(kServer, device, m, content(coap::kSenmlJson, R"([{"n":"/3303/0/5700","v":22.0}])"),
               "Cancel Observation-Composite (FETCH / with Observe=1, the same token)" + of_device,
               "Cancel Observation-Composite answer");

  // --- Device Management (t = 8-16 s) -----------------------------------------------------------
  at(cap, 8.0);
  m = with_body(request_to(cap, coap::kPost, "/3303"), coap::kSenmlJson,
                R"([{"bn":"/3303/1/","n":"5701","vs":"Cel"}])");
  cap.exchange(kServer, device, m, created("3303/1"),
               "Create of an instance of /3303 (POST on an Object)" + of_device,
               "Create done (2.01, Location-Path 3303/1)");
  at(cap, 9.0);
  m = with_body(request_to(cap, coap::kPost, "/3303/1"), coap::kSenmlJson,
                R"([{"bn":"/3303/1/","n":"5750","vs":"hall"}])");
  cap.exchange(kServer, device, m, Capture::response(coap::kChanged),
               "Write (Partial Update) of /3303/1 (POST on an Object Instance)" + of_device,
               "Write done (2.04)");
  at(cap, 10.0);
  cap.exchange(
      kServer, device,
      request_to(cap, coap::kPut, "/3303/1/5700",
                 {"pmin=10", "pmax=60", "gt=25.5", "lt=-3", "st=0.5", "epmin=1", "epmax=30"}),
      Capture::response(coap::kChanged),
      "Write-Attributes of /3303/1/5700, every notification attribute" + of_device,
      "Write-Attributes done (2.04)");
  at(cap, 11.0);
  cap.exchange(kServer, device, request_to(cap, coap::kPut, "/3/0/9", {"pmin=abc", "pmax"}),
               Capture::response(coap::kBadRequest),
               "Write-Attributes of /3/0/9 with a bad pmin and pmax removed" + of_device,
               "Write-Attributes refused (4.00)");
  at(cap, 12.0);
  m = with_body(request_to(cap, coap::kPut, "/3/0/14"), coap::kTextPlain, "+02");
  cap.exchange(kServer, device, m, Capture::response(coap::kChanged),
               "Write (Replace) of /3/0/14 (PUT with a payload)" + of_device, "Write done (2.04)");
  at(cap, 13.0);
  cap.exchange(kServer, device, request_to(cap, coap::kPost, "/3/0/4"),
               Capture::response(coap::kChanged), "Execute of /3/0/4 (Reboot)" + of_device,
               "Execute done (2.04)");
  at(cap, 14.0);
  cap.exchange(kServer, device, request_to(cap, coap::kDelete, "/3303/1"),
               Capture::response(coap::kDeleted), "Delete of /3303/1" + of_device,
               "Delete done (2.02)");
  at(cap, 15.0);
  m = request_to(cap, coap::kGet, "/3/0/7/1");
  m.add_uint(coap::kAccept, coap::kTextPlain);
  cap.exchange(kServer, device, m, content(coap::kTextPlain, "5000"),
               "Read of the Resource Instance /3/0/7/1" + of_device, "Read answer");
  at(cap, 16.0);
  m = request_to(cap, coap::kGet, "/3");
  m.add_uint(coap::kAccept, coap::kLinkFormat);
  cap.exchange(kServer, device, m, content(coap::kLinkFormat, "</3>,</3/0>"),
               "Discover of the Object /3" + of_device, "Discover answer");

  // --- Information Reporting (t = 17-20 s) ------------------------------------------------------
  at(cap, 17.0);
  m = with_body(request_to(cap, coap::kPost, "/dp"), coap::kSenmlJson,
                R"([{"n":"/3303/0/5700","v":23.0}])");
  cap.exchange(device, kServer, m, Capture::response(coap::kChanged),
               "Send (the client's POST /dp, SenML JSON)" + of_device, "Send accepted (2.04)");
  at(cap, 18.0);
  m = request_to(cap, coap::kGet, "/3303/0/5700");
  m.add_uint(coap::kObserve, 0);
  const Bytes observe_token = m.token;
  const std::uint64_t observe_frame = cap.next_frame_number();
  cap.exchange(kServer, device, m, content(coap::kTextPlain, "23.0").add_uint(coap::kObserve, 1),
               "Observe of /3303/0/5700" + of_device, "Observe answer with Observe=1");
  at(cap, 19.0);
  notify = message(Type::kConfirmable, coap::kContent, cap.next_mid(), observe_token);
  notify.add_uint(coap::kObserve, 2)
      .add_uint(coap::kContentFormat, coap::kTextPlain)
      .body(bytes("24.5"));
  cap.send(device, kServer, notify,
           "Notify (CON) of the Observe in " + frame_ref(observe_frame) + of_device);
  cap.wait(0.0015);
  cap.send(kServer, device, message(Type::kReset, coap::kEmpty, notify.message_id, {}),
           "the server's Reset of the Notify: it cancels the observation (RFC 7641 §3.6)");

  at(cap, 20.0);
  cap.exchange(device, kServer, request_to(cap, coap::kDelete, "/rd/ops"),
               Capture::response(coap::kDeleted), "De-register of /rd/ops" + of_device,
               "De-register done (2.02)");
}

}  // namespace capgen
