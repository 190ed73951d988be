// Verdicts as the change request has them (samples/verdicts.pcapng, samples/README.md): a name
// without a usable type, the seed's own parameters, who sends a query-less POST /bs, RFC 7254
// IMEI URNs, a Register without objects, 4.09 wording, repeated parameters, name equality, and
// the endpoints table per server.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// The bootstrap server of this capture listens on 5783, which is not CoAP's port.
const std::vector<std::string> kDecodeBootstrap = {"-d", "udp.port==5783,coap"};

Rows verdict_fields(const std::string& filter, const std::vector<std::string>& fields) {
  return tshark_fields(sample("verdicts.pcapng"), filter, fields, kDecodeBootstrap);
}

std::vector<std::string> verdict_info(const std::string& filter) {
  return tshark_info(sample("verdicts.pcapng"), filter, kDecodeBootstrap);
}

TEST(VerdictsSample, ANameWithoutAUsableTypeIsInvalid) {
  Rows rows = verdict_fields("frame.number <= 16 && coap.code < 32",
                             {"frame.number", "lwm2m.ep.valid", "lwm2m.ep.problem"});
  const std::string no_type = "no usable Endpoint Client Name Type: ";
  Rows expected = {
      {"1", "0", no_type + "ept is missing"},
      {"3", "0", no_type + "ept= is empty"},
      {"5", "0", no_type + "ept=0 is not a number 1-255"},
      {"7", "0", no_type + "ept=256 is not a number 1-255"},
      {"9", "0", no_type + "ept=abc is not a number 1-255"},
      {"11", "0", no_type + "ept=-1 is not a number 1-255"},
      {"13", "0", no_type + "ept=+2 is not a number 1-255"},
      {"15", "0", no_type + "ept=2.0 is not a number 1-255"},
  };
  EXPECT_EQ(rows, expected);
  // `lwm2m.ep.valid == 0` finds every one of them.
  EXPECT_EQ(verdict_fields("frame.number <= 16 && lwm2m.ep.valid == 0", {"frame.number"}).size(),
            8u);
  EXPECT_EQ(verdict_info("frame.number == 9"),
            std::vector<std::string>{
                "LwM2M Register ep=urn:imei:490154203237518 [ept=abc] [INVALID: no usable "
                "Endpoint Client Name Type: ept=abc is not a number 1-255]"});
}

TEST(VerdictsSample, WithEptNotRequiredAMissingTypeIsJudgedByTheNameAlone) {
  Rows rows = tshark_fields(sample("verdicts.pcapng"), "frame.number == 1 || frame.number == 9",
                            {"frame.number", "lwm2m.ep.valid", "lwm2m.ep.problem"},
                            {"-o", "lwm2m.ept_required:FALSE"});
  Rows expected = {
      {"1", "1", ""},
      // An ept that was sent but is no type is still a problem.
      {"9", "0", "no usable Endpoint Client Name Type: ept=abc is not a number 1-255"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(VerdictsSample, DuplicatesWithoutAUsableTypeSaySo) {
  Rows rows = verdict_fields(
      "frame.number == 19 || frame.number == 23",
      {"frame.number", "lwm2m.ep.duplicate_of", "lwm2m.ep.problem", "_ws.expert.message"});
  const std::string no_type = "no usable Endpoint Client Name Type: ";
  Rows expected = {
      {"19", "17", no_type + "ept=abc is not a number 1-255",
       "Duplicate Endpoint Client Name: ep=urn:uuid:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d is "
       "already registered with this server by 10.0.1.9:49153 (frame 17, /rd/1); both lack a "
       "usable ept (ept=abc, no ept): only the names compare|Invalid Endpoint Client Name Type: "
       "'abc' is not a decimal number|Invalid Endpoint Client Name: " +
           no_type + "ept=abc is not a number 1-255"},
      {"23", "21", no_type + "ept=+2 is not a number 1-255",
       "Duplicate Endpoint Client Name: ep=urn:uuid:5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e is "
       "already registered with this server by 10.0.1.11:49153 (frame 21, /rd/3); both lack a "
       "usable ept (ept=+2, ept=0): only the names compare|Invalid Endpoint Client Name Type: "
       "'+2' is not a decimal number|Invalid Endpoint Client Name: " +
           no_type + "ept=+2 is not a number 1-255"},
  };
  EXPECT_EQ(rows, expected);
  // A server that accepts a name without a usable type owes a 4.00, not a 4.09: no conformance
  // note on its 2.01.
  EXPECT_EQ(verdict_fields("frame.number == 20", {"lwm2m.registration_in", "_ws.expert.message"}),
            (Rows{{"19", ""}}));
}

TEST(VerdictsSample, TheSeedsOwnParametersAreAccepted) {
  Rows rows = verdict_fields(
      "frame.number == 27 || frame.number == 29 || frame.number == 31",
      {"frame.number", "lwm2m.operation", "lwm2m.version", "lwm2m.queue", "_ws.expert.message"});
  Rows expected = {
      {"27", "Update", "1.2", "", ""},  // lwm2m= on an Update (Table 16)
      {"29", "Register", "", "1", ""},  // the seed's q
      {"31", "Register", "", "1", ""},  // the TS's Q
  };
  EXPECT_EQ(rows, expected);
}

TEST(VerdictsSample, WhoSendsAQuerylessPostToBsDecidesWhatItIs) {
  Rows rows = verdict_fields(
      "frame.number == 33 || frame.number == 37 || frame.number == 39",
      {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.bootstrap_in", "_ws.expert.message"});
  Rows expected = {
      // From a client to port 5783: a Bootstrap-Request without its name.
      {"33", "Bootstrap-Request", "", "",
       "Endpoint Client Name (ep) is missing: Bootstrap-Request requires it|Endpoint Client "
       "Name Type (ept) is missing: Bootstrap-Request requires it"},
      // From the bootstrap server that answered the client's Bootstrap-Request (frame 35).
      {"37", "Bootstrap-Finish", "urn:imei:860012345678936", "35", ""},
      // From port 5783, with no Bootstrap-Request in the capture: the port tells.
      {"39", "Bootstrap-Finish", "", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(VerdictsSample, ImeiUrnsOfRfc7254) {
  Rows rows = verdict_fields("frame.number == 41 || frame.number == 43",
                             {"frame.number", "lwm2m.ep", "lwm2m.ep.valid", "lwm2m.ep.problem"});
  Rows expected = {
      // RFC 7254's own example: the last digit is a spare digit, not a Luhn check digit.
      {"41", "urn:gsma:imei:90420156-025763-0", "1", ""},
      {"43", "urn:gsma:imei:490154203237518", "0",
       "IMEI '490154203237518' lacks the dashes RFC 7254 requires: expected "
       "urn:gsma:imei:49015420-323751-8"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(VerdictsSample, ARegisterWithoutObjectsIsFlagged) {
  Rows rows = verdict_fields("lwm2m.objects.missing", {"frame.number", "_ws.expert.message"});
  const std::string text =
      "Register without Objects and Object Instances: the payload is empty, but Table 3 makes "
      "them required";
  EXPECT_EQ(rows, (Rows{{"45", text}, {"47", text}}));
  EXPECT_EQ(verdict_info("frame.number == 45"),
            std::vector<std::string>{"LwM2M Register ep=urn:imei:860012345678944 [URN] [no "
                                     "objects]"});
}

TEST(VerdictsSample, A409SaysWhatWasRefusedAndWhereTheSeedDefinesIt) {
  Rows rows = verdict_fields("frame.number == 50 || frame.number == 52",
                             {"frame.number", "lwm2m.operation", "_ws.expert.message"});
  Rows expected = {
      {"50", "Register",
       "4.09 Conflict: the server refused ep=urn:imei:860012345678969 (ept=0, not a usable "
       "type) as a duplicate Endpoint Client Name"},
      {"52", "Bootstrap-Request",
       "4.09 Conflict is not a response the seed defines for Bootstrap-Request (Table 20 gives "
       "2.04 Changed and 4.00 Bad Request)"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(VerdictsSample, RepeatedParametersKeepOnlyTheFirstValue) {
  Rows rows =
      verdict_fields("frame.number == 53 || frame.number == 55 || frame.number == 57",
                     {"frame.number", "lwm2m.ep", "lwm2m.ept", "lwm2m.param", "lwm2m.ep.valid"});
  Rows expected = {
      {"53", "urn:imei:490154203237518", "1", "ept=2", "0"},
      {"55", "urn:imei:860012345678985", "2", "ep=urn:imei:860012345678985", "1"},
      {"57", "thermostat-1", "2", "ep=urn:imei:860012345678993", "0"},
  };
  EXPECT_EQ(rows, expected);
  // The ignored repeat is not the frame's ept.
  EXPECT_TRUE(verdict_fields("frame.number == 53 && lwm2m.ept == 2", {"frame.number"}).empty());
}

TEST(VerdictsSample, NamesCompareInTheirCanonicalForm) {
  Rows rows = verdict_fields("frame.number >= 59 && frame.number <= 62",
                             {"frame.number", "lwm2m.ep.duplicate_of", "_ws.expert.message"});
  Rows expected = {
      {"59", "", ""},
      {"60", "", ""},
      {"61", "59",
       "Duplicate Endpoint Client Name: ep=urn:uuid:1111aaaa-2222-3333-4444-555566667777 with "
       "ept 2 is already registered with this server by 10.0.1.28:49153 (frame 59, /rd/15)"},
      {"62", "",
       "The server accepted a Register the capture shows as a duplicate of the registration of "
       "frame 59 (ep=urn:uuid:1111aaaa-2222-3333-4444-555566667777, ept 2): the seed expects "
       "4.09 Conflict"},
  };
  EXPECT_EQ(rows, expected);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(VerdictsSample, EndpointsTableHasARowPerServerTypeAndName) {
  CommandResult result = run_tshark({"-r", sample("verdicts.pcapng"), "-d", "udp.port==5783,coap",
                                     "-q", "-z", "lwm2m,endpoints"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::vector<std::string> lines = lines_of(result.out);
  auto has = [&](const std::string& line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  };
  EXPECT_EQ(lines.size(), 37u);  // header, 31 rows, rules
  // Unusable types are each their own, named as sent.
  EXPECT_TRUE(
      has("-       |(no ept)             |urn:imei:490154203237518                     "
          "|IMEI      |no    |10.0.1.1:49153        |10.0.0.1:5683         |           "
          "      0 |        1 |      0 |           0 |               |         0 |          0 |"));
  EXPECT_TRUE(
      has("(empty) |(not a type)         |urn:imei:490154203237518                     "
          "|IMEI      |no    |10.0.1.2:49153        |10.0.0.1:5683         |           "
          "      0 |        1 |      0 |           0 |               |         0 |          0 |"));
  EXPECT_TRUE(
      has("abc     |(not a type)         |urn:imei:490154203237518                     "
          "|IMEI      |no    |10.0.1.5:49153        |10.0.0.1:5683         |           "
          "      0 |        1 |      0 |           0 |               |         0 |          0 |"));
  // One name at two servers: two rows.
  EXPECT_TRUE(
      has("2       |URN                  |urn:imei:860012345678803                     "
          "|IMEI      |yes   |10.0.1.30:49153       |10.0.0.1:5683         |           "
          "      0 |        1 |      0 |           0 |/rd/17         |         0 |          0 |"));
  EXPECT_TRUE(
      has("2       |URN                  |urn:imei:860012345678803                     "
          "|IMEI      |yes   |10.0.1.30:49153       |10.0.0.3:5683         |           "
          "      0 |        1 |      0 |           0 |/rd/1          |         0 |          0 |"));
  // A name seen only in a Bootstrap-Request.
  EXPECT_TRUE(
      has("2       |URN                  |urn:imei:860012345678811                     "
          "|IMEI      |yes   |10.0.1.31:49153       |10.0.0.2:5783         |           "
          "      1 |        0 |      0 |           0 |               |         0 |          0 |"));
  // Two spellings of one URN share a row.
  EXPECT_TRUE(
      has("2       |URN                  |URN:UUID:1111AAAA-2222-3333-4444-555566667777 "
          "|UUID      |yes   |10.0.1.28:49153 10.0.1.29:49153 |10.0.0.1:5683         |  "
          "               0 |        2 |      0 |           0 |/rd/16         |         1 "
          "|          0 |"));
  // A 200-byte name is cut like the Info column cuts it.
  EXPECT_TRUE(
      has("2       |URN                  |urn:dev:ops:32473-LongName-"
          "01234567890123456789012345678901234567890123456789012... |URN       |no    "
          "|10.0.1.32:49153       |10.0.0.1:5683         |                 0 |        1 |      0 "
          "|           0 |/rd/18         |         0 |          0 |"));
}

}  // namespace
}  // namespace lwm2m::test
