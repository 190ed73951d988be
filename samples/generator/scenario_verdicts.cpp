// verdicts: single requests judged on their own, over IPv4 - the ept values that leave a name
// without a usable type, duplicates between Registers with no usable type, parameters the seed
// accepts (lwm2m on an Update, q and Q), the direction of a query-less POST /bs, RFC 7254 IMEI
// URNs, a Register without objects, the wording of a 4.09, repeated parameters, URN lexical
// equivalence, and names for the -z lwm2m,endpoints statistics (two servers, a name seen only in
// a Bootstrap-Request, a name of 200 bytes).
//
// Each case comes from its own client 10.0.1.N:49153 (N = 1, 2, ... in order), to the LwM2M
// server 10.0.0.1:5683, the bootstrap server 10.0.0.2:5783 or (case 11) a second LwM2M server
// 10.0.0.3:5683. Requests are 1 s apart, each answered by a piggybacked ACK 1.5 ms later. Every
// Register is CON POST /rd with Content-Format 40 and the payload </1/0>,</3/0>, without lt (so
// every accepted registration lives 86400 s, the whole capture); the server answers 2.01 with
// Location-Path rd/N unless the case says otherwise.
#include <cstdint>
#include <string>
#include <vector>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

using coap::kBadRequest;
using coap::kChanged;
using coap::kConflict;
using coap::kPost;

const Endpoint kServer = endpoint("10.0.0.1", 5683);
const Endpoint kServer2 = endpoint("10.0.0.3", 5683);
const Endpoint kBootstrap = endpoint("10.0.0.2", 5783);
constexpr double kGap = 1.0;  // seconds between exchanges

const std::string kImei = "urn:imei:490154203237518";

// The clients, one per request unless a case says otherwise: 10.0.1.1, 10.0.1.2, ...
class Clients {
 public:
  Endpoint next() {
    ++n_;
    return Endpoint{Address::v4(0x0A000100 + n_), 49153};
  }

 private:
  std::uint32_t n_ = 0;
};

// The server's locations: rd/1, rd/2, ... per server.
class Locations {
 public:
  std::string next() { return "rd/" + std::to_string(++n_); }

 private:
  int n_ = 0;
};

// Writes a request and its answer, then waits kGap; returns the request's frame number.
std::uint64_t ask(Capture& cap, const Endpoint& from, const Endpoint& to,
                  const coap::MessageData& req, coap::MessageData resp, const std::string& req_note,
                  const std::string& resp_note) {
  const std::uint64_t frame = cap.next_frame_number();
  cap.exchange(from, to, req, std::move(resp), req_note, resp_note);
  cap.wait(kGap);
  return frame;
}

std::string padded(const std::string& prefix, std::size_t total) {
  std::string s = prefix;
  for (char c = '0'; s.size() < total; c = c == '9' ? '0' : static_cast<char>(c + 1)) s += c;
  return s;
}

}  // namespace

void scenario_verdicts(Capture& cap, const ScenarioArgs&) {
  Clients clients;
  Locations locations;
  Locations locations2;  // the second server's

  // --- 1: ept values that give no usable type (frames 1-16) ------------------------------------
  // The server rejects them (4.00): no registration is created, so the eight Registers of the
  // same name are not duplicates of one another, nor of anything later.
  struct EptCase {
    std::vector<std::string> query;
    std::string why;
  };
  const std::vector<EptCase> ept_cases = {
      {{"ep=" + kImei}, "ept missing (the seed's Table 3 makes it required)"},
      {{"ept=", "ep=" + kImei}, "ept empty (no digits)"},
      {{"ept=0", "ep=" + kImei}, "ept=0, outside 1-255"},
      {{"ept=256", "ep=" + kImei}, "ept=256, outside 1-255"},
      {{"ept=abc", "ep=" + kImei}, "ept=abc, not a decimal number"},
      {{"ept=-1", "ep=" + kImei},
       "ept=-1, a sign is not a decimal digit (and -1 is outside 1-255)"},
      {{"ept=+2", "ep=" + kImei},
       "ept=+2, a sign is not a decimal digit: not type 2 although it reads as 2"},
      {{"ept=2.0", "ep=" + kImei},
       "ept=2.0, not a whole decimal number: not type 2 although it reads as 2"},
  };
  for (const auto& c : ept_cases) {
    ask(cap, clients.next(), kServer, register_with(cap, c.query), Capture::response(kBadRequest),
        "Register of the valid IMEI URN " + kImei + " with " + c.why +
            ": no usable Endpoint Client Name Type, so the name, which the seed defines only "
            "within its type, is invalid (ep.valid false; the problem names the ept, and says "
            "missing only when it is)",
        "Register rejected (4.00): no registration, so the later Registers of this name are not "
        "duplicates of this one");
  }

  // --- 2: duplicates between Registers with no usable type (frames 17-24) ----------------------
  {
    const std::string uuid = "ep=urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    std::string loc = locations.next();
    const std::uint64_t first = ask(
        cap, clients.next(), kServer, register_with(cap, {uuid}), created(loc),
        "Register of urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d without ept: ept missing, name "
        "invalid (no usable type)",
        "Register accepted by the server although ept is missing: location /" + loc +
            "; the registration holds the name with no usable type");
    loc = locations.next();
    ask(cap, clients.next(), kServer, register_with(cap, {"ept=abc", uuid}), created(loc),
        "Register of the same urn:uuid name from another client with ept=abc (not a decimal "
        "number): name invalid (no usable type), and a duplicate of the live registration of " +
            frame_ref(first) + ": both without a usable ept",
        "Register accepted, location /" + loc +
            ": the server took a name without a usable "
            "ept, a duplicate of " +
            frame_ref(first) + "'s, where the seed has it answer 4.00 Bad Request (Table 20)");

    const std::string uuid2 = "ep=urn:uuid:5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e";
    loc = locations.next();
    const std::uint64_t third =
        ask(cap, clients.next(), kServer, register_with(cap, {"ept=0", uuid2}), created(loc),
            "Register of urn:uuid:5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e with ept=0 (outside 1-255): "
            "name invalid (no usable type)",
            "Register accepted by the server although ept=0: location /" + loc);
    loc = locations.next();
    ask(cap, clients.next(), kServer, register_with(cap, {"ept=+2", uuid2}), created(loc),
        "Register of the same name from another client with ept=+2 (a sign is not a decimal "
        "digit): name invalid (no usable type), and a duplicate of the live registration of " +
            frame_ref(third) + ": both without a usable ept (0 and +2 are not two types)",
        "Register accepted, location /" + loc +
            ": the server took a name without a usable "
            "ept, a duplicate of " +
            frame_ref(third) + "'s, where the seed has it answer 4.00 Bad Request (Table 20)");
  }

  // --- 4: parameters the seed accepts (frames 25-32) --------------------------------------------
  {
    const Endpoint c = clients.next();
    const std::string loc = locations.next();
    ask(cap, c, kServer, register_with(cap, {"ept=2", "ep=urn:imei:860012345678902"}), created(loc),
        "Register of urn:imei:860012345678902 (ept 2): valid",
        "Register accepted, location /" + loc);
    ask(cap, c, kServer, request_to(cap, kPost, "/" + loc, {"lwm2m=1.2"}),
        Capture::response(kChanged),
        "Update (POST) of /" + loc +
            " carrying lwm2m=1.2: the seed's Table 16 lists lwm2m={version} among the Update "
            "parameters, so an accepted parameter, not an unknown one",
        "Update accepted");
    std::string loc2 = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:imei:860012345678910", "q"}), created(loc2),
        "Register of urn:imei:860012345678910 (ept 2) with q, the lower-case queue flag of the "
        "seed's Table 16 Register URI (&q): valid, an accepted parameter (Queue Mode), not an "
        "unknown one",
        "Register accepted, location /" + loc2);
    loc2 = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:imei:860012345678928", "Q"}), created(loc2),
        "Register of urn:imei:860012345678928 (ept 2) with Q, the upper-case queue flag of "
        "LwM2M 1.1: valid, an accepted parameter (Queue Mode), not an unknown one",
        "Register accepted, location /" + loc2);
  }

  // --- 5: the direction of POST /bs (frames 33-40) ---------------------------------------------
  {
    ask(cap, clients.next(), kBootstrap, request_to(cap, kPost, "/bs"),
        Capture::response(kBadRequest),
        "POST /bs without a query from a client to the bootstrap server's port 5783: a "
        "Bootstrap-Request (client to bootstrap server) missing both ep and ept, which the seed's "
        "Table 17 requires; not a Bootstrap-Finish (that one goes from the bootstrap server to "
        "the client)",
        "Bootstrap-Request rejected (4.00 Bad Request)");
    const Endpoint c = clients.next();
    const std::uint64_t request = ask(
        cap, c, kBootstrap, request_to(cap, kPost, "/bs", {"ept=2", "ep=urn:imei:860012345678936"}),
        Capture::response(kChanged), "Bootstrap-Request of urn:imei:860012345678936 (ept 2): valid",
        "Bootstrap-Request accepted (2.04)");
    ask(cap, kBootstrap, c, request_to(cap, kPost, "/bs"), Capture::response(kChanged),
        "POST /bs without a query from the bootstrap server to the client of " +
            frame_ref(request) +
            "'s Bootstrap-Request: a Bootstrap-Finish (bootstrap server to client), takes no "
            "parameters; it belongs to urn:imei:860012345678936",
        "Bootstrap-Finish acknowledged by the client (2.04)");
    ask(cap, kBootstrap, clients.next(), request_to(cap, kPost, "/bs"), Capture::response(kChanged),
        "POST /bs without a query from port 5783 (the bootstrap server's well-known port) to a "
        "client with no Bootstrap-Request in the capture: a Bootstrap-Finish, the direction "
        "told by the port; its client's name is unknown",
        "Bootstrap-Finish acknowledged by the client (2.04)");
  }

  // --- 6: RFC 7254 IMEI URNs (frames 41-44) -----------------------------------------------------
  {
    std::string loc = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:gsma:imei:90420156-025763-0"}), created(loc),
        "Register of urn:gsma:imei:90420156-025763-0 (ept 2), RFC 7254's own example "
        "(tac-snr-spare, the last digit a spare digit, not a Luhn check digit): valid",
        "Register accepted, location /" + loc);
    loc = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:gsma:imei:490154203237518"}), created(loc),
        "Register of urn:gsma:imei:490154203237518 (ept 2): invalid: RFC 7254's ABNF needs the "
        "dashes (8 digits, 6 digits, 1 digit), a valid IMEI without them is not its form",
        "Register accepted by the server although the name is invalid: location /" + loc);
  }

  // --- 7: Registers without objects (frames 45-48) ----------------------------------------------
  {
    std::string loc = locations.next();
    coap::MessageData m = register_with(cap, {"ept=2", "ep=urn:imei:860012345678944"});
    m.payload.clear();
    ask(cap, clients.next(), kServer, m, created(loc),
        "Register of urn:imei:860012345678944 (ept 2, valid) with Content-Format 40 but no "
        "payload: Objects and Object Instances, required by the seed's Table 3, are missing "
        "(objects.missing)",
        "Register accepted by the server without objects: location /" + loc);
    loc = locations.next();
    m = request_to(cap, kPost, "/rd", {"ept=2", "ep=urn:imei:860012345678951"});
    ask(cap, clients.next(), kServer, m, created(loc),
        "Register of urn:imei:860012345678951 (ept 2, valid) with neither payload nor "
        "Content-Format: Objects and Object Instances missing (objects.missing)",
        "Register accepted by the server without objects: location /" + loc);
  }

  // --- 8: 4.09 where the capture shows no duplicate (frames 49-52) -----------------------------
  {
    ask(cap, clients.next(), kServer, register_with(cap, {"ept=0", "ep=urn:imei:860012345678969"}),
        Capture::response(kConflict),
        "Register of urn:imei:860012345678969 with ept=0: ept present but unusable (outside "
        "1-255), name invalid (no usable type); no live registration of this name in the capture",
        "4.09 Conflict: the server calls it a duplicate entry (Table 20); the explanation names "
        "the name and the ept as sent, 0, not usable; it must not say the ept is missing");
    ask(cap, clients.next(), kBootstrap,
        request_to(cap, kPost, "/bs", {"ept=2", "ep=urn:imei:860012345678977"}),
        Capture::response(kConflict),
        "Bootstrap-Request of urn:imei:860012345678977 (ept 2): valid",
        "4.09 Conflict to a Bootstrap-Request: the seed's Table 20 gives Request Bootstrap only "
        "2.04 Changed and 4.00 Bad Request; 4.09 is defined for Register only, so this answer is "
        "not one the seed defines (not a duplicate refused)");
  }

  // --- 9: repeated parameters (frames 53-58) ----------------------------------------------------
  {
    std::string loc = locations.next();
    ask(cap, clients.next(), kServer, register_with(cap, {"ept=1", "ept=2", "ep=" + kImei}),
        created(loc),
        "Register with ept=1&ept=2&ep=" + kImei +
            ": ept repeated (param.duplicate); the first, 1, is the effective one (lwm2m.ept 1; "
            "the 2 stays in lwm2m.param only), so the URN is invalid for type 1 (OUI-PC-Serial "
            "Number): it looks like a type 2 (URN) name",
        "Register accepted by the server: location /" + loc);
    loc = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:imei:860012345678985", "ep=urn:imei:860012345678985"}),
        created(loc),
        "Register with the same ep=urn:imei:860012345678985 twice (ept 2): ep repeated "
        "(param.duplicate) even with equal values; the name is valid",
        "Register accepted, location /" + loc);
    loc = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=thermostat-1", "ep=urn:imei:860012345678993"}),
        created(loc),
        "Register with ep=thermostat-1 then ep=urn:imei:860012345678993 (ept 2): ep repeated "
        "(param.duplicate); the first is the effective name (lwm2m.ep thermostat-1), and it is "
        "invalid under type 2 (not a URN), though the ignored second one would be valid",
        "Register accepted by the server: location /" + loc);
  }

  // --- 10: URN lexical equivalence (frames 59-62) -----------------------------------------------
  {
    std::string loc = locations.next();
    const std::uint64_t first =
        ask(cap, clients.next(), kServer,
            register_with(cap, {"ept=2", "ep=URN:UUID:1111AAAA-2222-3333-4444-555566667777"}),
            created(loc),
            "Register of URN:UUID:1111AAAA-2222-3333-4444-555566667777 (ept 2, upper case): valid",
            "Register accepted, location /" + loc);
    loc = locations.next();
    ask(cap, clients.next(), kServer,
        register_with(cap, {"ept=2", "ep=urn:uuid:1111aaaa-2222-3333-4444-555566667777"}),
        created(loc),
        "Register of urn:uuid:1111aaaa-2222-3333-4444-555566667777 (ept 2, lower case) from "
        "another client: valid, and a duplicate of " +
            frame_ref(first) +
            "'s live registration: the same URN (RFC 8141: scheme and NID are case-insensitive; "
            "the UUID's hex digits too)",
        "Register accepted, location /" + loc +
            ": the server took a name without a usable "
            "ept, a duplicate of " +
            frame_ref(first) + "'s, where the seed has it answer 4.00 Bad Request (Table 20)");
  }

  // --- 11: names for the statistics (frames 63-70) ----------------------------------------------
  {
    const Endpoint c = clients.next();
    const std::vector<std::string> q = {"ept=2", "ep=urn:imei:860012345678803"};
    std::string loc = locations.next();
    const std::uint64_t first =
        ask(cap, c, kServer, register_with(cap, q), created(loc),
            "Register of urn:imei:860012345678803 (ept 2) at the server 10.0.0.1: valid",
            "Register accepted, location /" + loc);
    loc = locations2.next();
    ask(cap, c, kServer2, register_with(cap, q), created(loc),
        "the same client registers the same name at a second server, 10.0.0.3: valid; not a "
        "duplicate of " +
            frame_ref(first) +
            " (a name is unique on one server); -z lwm2m,endpoints shows two rows for this name, "
            "one per server",
        "Register accepted by the second server, location /" + loc +
            " (its own numbering, the same location text as another server's)");
    ask(cap, clients.next(), kBootstrap,
        request_to(cap, kPost, "/bs", {"ept=2", "ep=urn:imei:860012345678811"}),
        Capture::response(kChanged),
        "Bootstrap-Request of urn:imei:860012345678811 (ept 2): valid; this name appears in no "
        "Register: -z lwm2m,endpoints lists it as seen by the bootstrap server only",
        "Bootstrap-Request accepted (2.04)");
    const std::string long_name = padded("urn:dev:ops:32473-LongName-", 200);
    loc = locations.next();
    ask(cap, clients.next(), kServer, register_with(cap, {"ept=2", "ep=" + long_name}),
        created(loc),
        "Register of a urn:dev:ops name of 200 bytes (ept 2): invalid, over the 63-byte limit "
        "of Table 12; the statistics show it abbreviated",
        "Register accepted by the server although the name is too long: location /" + loc);
  }
}

}  // namespace capgen
