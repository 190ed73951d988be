// names-urn, names-oui, ept-and-params and query-limits: one Register (or Bootstrap-Request) per
// case, each from its own client address, each answered by the server the way a server following
// the change request would answer (2.01 / 2.04 for a good request, 4.00 for a bad one, 4.02 for
// a Uri-Query option over CoAP's 255 bytes).
#include <string>
#include <vector>

#include "scenarios.h"

namespace capgen {
namespace {

using namespace std::string_literals;

const Endpoint kServer = endpoint("10.0.0.1", 5683);
const Endpoint kServer6 = endpoint("fd00::1", 5683);
const Endpoint kBootstrapServer = endpoint("10.0.0.2", 5683);
constexpr std::uint16_t kClientPort = 49153;
constexpr double kGap = 1.0;  // seconds between exchanges

// The client of case i (0-based): 10.0.0.11, 10.0.0.12, ...
Endpoint client(std::size_t i) {
  return Endpoint{Address::v4(0x0A00000B + static_cast<std::uint32_t>(i)), kClientPort};
}

struct Case {
  std::vector<std::string> query;  // one Uri-Query option each; may hold any bytes
  bool accepted;                   // the server's answer: 2.01 (2.04) or 4.00
  std::string verdict;             // the expected verdict on the name / request
};

// Register: CON POST /rd, Content-Format 40, the query options, the object links.
coap::MessageData register_request(Capture& cap, const std::vector<std::string>& query,
                                   const std::string& links = kObjectLinks) {
  coap::MessageData m = cap.request(coap::kPost);
  m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
  for (const auto& q : query) m.add(coap::kUriQuery, q);
  m.body(links);
  return m;
}

// Bootstrap-Request: CON POST /bs with the query options, no payload.
coap::MessageData bootstrap_request(Capture& cap, const std::vector<std::string>& query) {
  coap::MessageData m = cap.request(coap::kPost);
  m.path("/bs");
  for (const auto& q : query) m.add(coap::kUriQuery, q);
  return m;
}

// Writes the Register and its answer; accepted registrations get Location-Path rd/<n>.
void register_case(Capture& cap, const Endpoint& from, const Endpoint& to, const Case& c,
                   int& next_location) {
  coap::MessageData req = register_request(cap, c.query);
  coap::MessageData resp;
  std::string answer;
  if (c.accepted) {
    std::string loc = "rd/" + std::to_string(next_location++);
    resp = Capture::response(coap::kCreated).location(loc);
    answer = "Register accepted, location /" + loc;
  } else {
    resp = Capture::response(coap::kBadRequest);
    answer = "Register rejected";
  }
  cap.exchange(from, to, req, resp, "Register: " + c.verdict, answer);
  cap.wait(kGap);
}

void run_register_cases(Capture& cap, const std::vector<Case>& cases) {
  int location = 1;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    register_case(cap, client(i), kServer, cases[i], location);
  }
}

std::string padded(const std::string& prefix, std::size_t total) {
  std::string s = prefix;
  for (char c = '0'; s.size() < total; c = c == '9' ? '0' : static_cast<char>(c + 1)) s += c;
  return s;
}

}  // namespace

void scenario_names_urn(Capture& cap, const ScenarioArgs&) {
  auto reg = [](const std::string& ep) {
    return std::vector<std::string>{"ept=2", "ep=" + ep, "lt=300", "lwm2m=1.1", "b=U"};
  };
  run_register_cases(
      cap,
      {
          {reg("urn:imei:490154203237518"), true, "valid IMEI URN (15 digits, Luhn check 8 ok)"},
          {reg("IMEI:490154203237518"), true,
           "valid IMEI in the seed's own form `IMEI:` (same IMEI as frame 1, other spelling)"},
          {reg("IMEI:490154203237519"), false, "invalid: IMEI check digit wrong (Luhn wants 8)"},
          {reg("urn:imei:49015420323751"), false, "invalid: IMEI has 14 digits, needs 15"},
          {reg("urn:esn:1A2B3C4D"), true, "valid ESN URN (8 hex digits)"},
          {reg("ESN:1A2B3C4"), false, "invalid: ESN has 7 hex digits, needs 8"},
          {reg("urn:meid:A0000000002329"), true, "valid MEID URN (14 hex digits)"},
          {reg("MEID:A000000000232"), false, "invalid: MEID has 13 hex digits, needs 14"},
          {reg("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), true,
           "valid UUID URN (RFC 4122 8-4-4-4-12)"},
          {reg("UUID:f81d4fae-7dec-11d0-a765-00a0c91e6bf"), false,
           "invalid: UUID last group has 11 hex digits, needs 12"},
          {reg("urn:uuid:g81d4fae-7dec-11d0-a765-00a0c91e6bf6"), false,
           "invalid: UUID has a non-hex digit `g`"},
          {reg("urn:gsma:imei:35209900-176148-1"), true,
           "valid RFC 7254 IMEI URN (TAC-SNR-spare: the last digit is a spare, not a check digit)"},
          {reg("urn:dev:ops:32473-Thermostat-5002"), true,
           "valid: other URN (RFC 9039 urn:dev:ops), accepted as a syntactically valid URN"},
          {reg("urn:imei-msisdn:490154203237518-15555550123"), true,
           "valid IMEI-MSISDN URN (IMEI part Luhn ok)"},
          {reg("00A0C9-Thermo-SN42"), false,
           "invalid: an OUI-PC-SN name (type 1 form) under ept=2"},
          {reg("thermostat-42"), false, "invalid: not a URN (no `urn:` NID:NSS) under ept=2"},
      });
}

void scenario_names_oui(Capture& cap, const ScenarioArgs&) {
  auto reg = [](const std::string& ep) {
    return std::vector<std::string>{"ept=1", "ep=" + ep, "lt=300", "lwm2m=1.1", "b=U"};
  };
  run_register_cases(
      cap, {
               {reg("00A0C9-ThermoV2-SN12345"), true, "valid OUI-ProductClass-SerialNumber"},
               {reg("00A0C9-SN12345"), true, "valid OUI-SerialNumber"},
               {reg("00A0C-SN1"), false, "invalid: OUI has 5 hex digits, needs 6"},
               {reg("00a0c9-SN1"), false, "invalid: OUI in lower case, needs upper-case hex"},
               {reg("00A0C9"), false, "invalid: OUI without serial number"},
               {reg("00A0C9-Thermo%2DV2-SN%2E1"), true,
                "valid OUI-PC-SN with %XX escapes (ProductClass `Thermo-V2`, serial `SN.1`; the "
                "option carries the literal characters `%2D`, `%2E`)"},
               {reg("00A0C9-Thermo.V2-SN1"), false,
                "invalid: unescaped `.` in ProductClass (must be `%2E`)"},
               {reg("urn:imei:490154203237518"), false,
                "invalid: a URN (type 2 form, valid IMEI) under ept=1"},
           });
}

void scenario_ept_and_params(Capture& cap, const ScenarioArgs&) {
  const std::string imei = "ep=urn:imei:490154203237518";
  const std::string name63 = padded("urn:dev:ops:32473-Thermostat-", 63);
  const std::string name64 = padded("urn:dev:ops:32473-Thermostat-", 64);
  std::vector<Case> cases = {
      {{imei, "lt=300", "lwm2m=1.1", "b=U"}, false, "ept missing (required by default)"},
      {{"ept=0", imei, "lt=300"}, false, "ept=0 out of range 1-255"},
      {{"ept=256", imei, "lt=300"}, false, "ept=256 out of range 1-255"},
      {{"ept=abc", imei, "lt=300"}, false, "ept=abc not a decimal number"},
      {{"ept=", imei, "lt=300"}, false, "ept empty"},
      {{"ept=7", imei, "lt=300"},
       false,
       "ept=7 reserved for OMA: a note, not an error (name not checked); this server rejects it"},
      {{"ept=101", "ep=ACME-0001", "lt=300"},
       true,
       "ept=101 vendor specific, name ACME-0001 accepted (no rule unless a user table names it)"},
      {{"ept=200", "ep=anything-goes", "lt=300"}, true, "ept=200 vendor specific, any name"},
      {{"ept=2", "lt=300"}, false, "ep missing"},
      {{"ept=2", "ep=", "lt=300"}, false, "ep empty (needs 1-63 bytes)"},
      {{"ept=2", "ep=" + name63, "lt=300"},
       true,
       "valid: ep of exactly 63 bytes (a urn:dev:ops URN)"},
      {{"ept=2", "ep=" + name64, "lt=300"},
       false,
       "invalid: ep of 64 bytes (max 63); otherwise a valid URN"},
      {{"ept=2", "ep=urn:dev:ops:32473-\xC3\x28-1", "lt=300"},
       false,
       "invalid: ep is not UTF-8 (bytes C3 28: a lead byte without its continuation)"},
      {{"ept=2", "ep=urn:dev:ops:32473-Line\nBreak", "lt=300"},
       false,
       "invalid: ep holds a control character (0x0A)"},
      {{"ept=2", "ep=urn:dev:ops:32473-Foo-1", "lt=300", "foo=bar"},
       false,
       "unknown parameter foo=bar (name itself valid)"},
      {{"ept=2", imei, "lt=300", "ep=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"},
       false,
       "parameter ep repeated (two different values; each name valid on its own)"},
      {{"ept=2", "ep=urn:dev:ops:32473-Lt-1", "lt=abc"}, false, "lt=abc not a number"},
      {{"ept=2", "ep=urn:imei:356938035643809", "lt=86400", "sms=+15555550123", "Q", "lwm2m=1.1",
        "b=UQ"},
       true,
       "valid: every optional parameter (lt=86400, sms, Q without value, lwm2m=1.1, b=UQ); IMEI "
       "356938035643809 Luhn ok"},
  };
  int location = 1;
  std::size_t i = 0;
  for (; i < cases.size(); ++i) register_case(cap, client(i), kServer, cases[i], location);

  // Bootstrap-Requests, to the bootstrap server.
  coap::MessageData bs = bootstrap_request(cap, {"ept=2", imei});
  cap.exchange(client(i++), kBootstrapServer, bs, Capture::response(coap::kChanged),
               "Bootstrap-Request: valid IMEI URN", "Bootstrap-Request accepted");
  cap.wait(kGap);
  bs = bootstrap_request(cap, {"ep=urn:imei:356938035643809"});
  cap.exchange(client(i++), kBootstrapServer, bs, Capture::response(coap::kBadRequest),
               "Bootstrap-Request: ept missing", "Bootstrap-Request rejected");
  cap.wait(kGap);

  // The same over IPv6: one valid Register.
  Endpoint client6 = endpoint("fd00::11", kClientPort);
  register_case(
      cap, client6, kServer6,
      {{"ept=2", "ep=urn:uuid:0b8a6e4c-3f7d-4c2a-9e15-7d3c2b1a0f99", "lt=300", "lwm2m=1.1", "b=U"},
       true,
       "valid UUID URN, over IPv6"},
      location);
}

// Names and Uri-Query options on either side of their size limits: ep of 63 and 64 bytes (the name
// rule), an ep option and an lt option of 255 and 256 bytes (RFC 7252 Table 4). A server treats
// an option over its length range like an unrecognized critical option (RFC 7252 §5.4.3): 4.02.
void scenario_query_limits(Capture& cap, const ScenarioArgs&) {
  const std::string prefix = "urn:dev:ops:32473-Limits-";
  struct LimitCase {
    std::string query_item;  // the case's Uri-Query option; ept=2 before it, lt=300 after it
    std::uint8_t answer;
    std::string verdict;
  };
  const std::vector<LimitCase> cases = {
      {"ep=" + padded(prefix, 63), coap::kCreated, "valid: ep of 63 bytes, the longest"},
      {"ep=" + padded(prefix, 64), coap::kBadRequest, "invalid: ep of 64 bytes"},
      {"ep=" + padded(prefix, 252), coap::kBadRequest,
       "invalid: ep of 252 bytes in a Uri-Query option of 255 bytes, CoAP's longest"},
      {"ep=" + padded(prefix, 253), coap::kBadOption,
       "invalid: ep of 253 bytes in a Uri-Query option of 256 bytes, one over CoAP's limit"},
      {"lt=" + std::string(249, '0') + "300", coap::kCreated,
       "valid: lt=300 with leading zeros, a Uri-Query option of 255 bytes"},
      {"lt=" + std::string(250, '0') + "300", coap::kBadOption,
       "lt=300 with leading zeros, a Uri-Query option of 256 bytes, one over CoAP's limit"},
  };
  int location = 1;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const LimitCase& c = cases[i];
    std::vector<std::string> query = {"ept=2", c.query_item, "lt=300"};
    if (c.query_item.rfind("lt=", 0) == 0) {
      query = {"ept=2", "ep=" + prefix + std::to_string(i + 1), c.query_item};
    }
    coap::MessageData resp = Capture::response(c.answer);
    std::string answer = "Register rejected";
    if (c.answer == coap::kCreated) {
      const std::string loc = "rd/" + std::to_string(location++);
      resp.location(loc);
      answer = "Register accepted, location /" + loc;
    } else if (c.answer == coap::kBadOption) {
      answer = "Register rejected: Uri-Query option over 255 bytes";
    }
    cap.exchange(client(i), kServer, register_request(cap, query), resp, "Register: " + c.verdict,
                 answer);
    cap.wait(kGap);
  }
}

}  // namespace capgen
