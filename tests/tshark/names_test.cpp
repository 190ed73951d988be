// Every Endpoint Client Name in names-urn.pcapng and names-oui.pcapng: the exact fields and expert
// items the plugin gives each Register, and the Info column.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// Columns: frame, ep, ept, ept.name, ep.format, ep.valid, ep.problem, expert messages.
const std::vector<std::string> kNameFields = {
    "frame.number",    "lwm2m.ep",       "lwm2m.ept",        "lwm2m.ept.name",
    "lwm2m.ep.format", "lwm2m.ep.valid", "lwm2m.ep.problem", "_ws.expert.message"};

const char* kRequests = "lwm2m && coap.code == 2";

TEST(NamesUrnSample, EveryTypeTwoNameIsJudged) {
  Rows rows = tshark_fields(sample("names-urn.pcapng"), kRequests, kNameFields);
  Rows expected = {
      {"1", "urn:imei:490154203237518", "2", "URN", "IMEI", "1", "", ""},
      {"3", "IMEI:490154203237518", "2", "URN", "IMEI", "1", "", ""},
      {"5", "IMEI:490154203237519", "2", "URN", "IMEI", "0", "IMEI check digit is 9, expected 8",
       "Invalid Endpoint Client Name: IMEI check digit is 9, expected 8"},
      {"7", "urn:imei:49015420323751", "2", "URN", "IMEI", "0", "IMEI has 14 digits, expected 15",
       "Invalid Endpoint Client Name: IMEI has 14 digits, expected 15"},
      {"9", "urn:esn:1A2B3C4D", "2", "URN", "ESN", "1", "", ""},
      {"11", "ESN:1A2B3C4", "2", "URN", "ESN", "0", "ESN has 7 hex digits, expected 8",
       "Invalid Endpoint Client Name: ESN has 7 hex digits, expected 8"},
      {"13", "urn:meid:A0000000002329", "2", "URN", "MEID", "1", "", ""},
      {"15", "MEID:A000000000232", "2", "URN", "MEID", "0", "MEID has 13 hex digits, expected 14",
       "Invalid Endpoint Client Name: MEID has 13 hex digits, expected 14"},
      {"17", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "2", "URN", "UUID", "1", "", ""},
      {"19", "UUID:f81d4fae-7dec-11d0-a765-00a0c91e6bf", "2", "URN", "UUID", "0",
       "UUID group 5 has 11 hex digits, expected 12",
       "Invalid Endpoint Client Name: UUID group 5 has 11 hex digits, expected 12"},
      {"21", "urn:uuid:g81d4fae-7dec-11d0-a765-00a0c91e6bf6", "2", "URN", "UUID", "0",
       "UUID has a non-hex character 'g' in group 1",
       "Invalid Endpoint Client Name: UUID has a non-hex character 'g' in group 1"},
      {"23", "urn:gsma:imei:35209900-176148-1", "2", "URN", "IMEI", "1", "", ""},
      {"25", "urn:dev:ops:32473-Thermostat-5002", "2", "URN", "URN", "1", "", ""},
      {"27", "urn:imei-msisdn:490154203237518-15555550123", "2", "URN", "IMEI", "1", "", ""},
      {"29", "00A0C9-Thermo-SN42", "2", "URN", "OUI-PC-SN", "0",
       "looks like an OUI-PC-Serial Number: that form is type 1 (OUI-PC-Serial Number), not type 2 "
       "(URN)",
       "Invalid Endpoint Client Name: looks like an OUI-PC-Serial Number: that form is type 1 "
       "(OUI-PC-Serial Number), not type 2 (URN)"},
      {"31", "thermostat-42", "2", "URN", "unknown", "0",
       "not a URN: expected 'urn:' or one of IMEI:, ESN:, MEID:, UUID:",
       "Invalid Endpoint Client Name: not a URN: expected 'urn:' or one of IMEI:, ESN:, MEID:, "
       "UUID:"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(NamesOuiSample, EveryTypeOneNameIsJudged) {
  Rows rows = tshark_fields(sample("names-oui.pcapng"), kRequests, kNameFields);
  const std::string type = "OUI-PC-Serial Number";
  Rows expected = {
      {"1", "00A0C9-ThermoV2-SN12345", "1", type, "OUI-PC-SN", "1", "", ""},
      {"3", "00A0C9-SN12345", "1", type, "OUI-SN", "1", "", ""},
      {"5", "00A0C-SN1", "1", type, "OUI-SN", "0", "OUI has 5 hex digits, expected 6",
       "Invalid Endpoint Client Name: OUI has 5 hex digits, expected 6"},
      {"7", "00a0c9-SN1", "1", type, "OUI-SN", "0", "OUI '00a0c9' must be upper-case hex",
       "Invalid Endpoint Client Name: OUI '00a0c9' must be upper-case hex"},
      {"9", "00A0C9", "1", type, "unknown", "0", "no serial number after the OUI",
       "Invalid Endpoint Client Name: no serial number after the OUI"},
      {"11", "00A0C9-Thermo%2DV2-SN%2E1", "1", type, "OUI-PC-SN", "1", "", ""},
      {"13", "00A0C9-Thermo.V2-SN1", "1", type, "OUI-PC-SN", "0",
       "'.' in the product class must be %-escaped",
       "Invalid Endpoint Client Name: '.' in the product class must be %-escaped"},
      {"15", "urn:imei:490154203237518", "1", type, "IMEI", "0",
       "looks like a URN (IMEI): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)",
       "Invalid Endpoint Client Name: looks like a URN (IMEI): that form is type 2 (URN), not type "
       "1 (OUI-PC-Serial Number)"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(NamesUrnSample, InfoColumnNamesTheTypeAndMarksInvalidNames) {
  std::vector<std::string> info =
      tshark_info(sample("names-urn.pcapng"), "frame.number <= 6 || frame.number == 29");
  std::vector<std::string> expected = {
      "LwM2M Register ep=urn:imei:490154203237518 [URN]",
      "LwM2M Register response 2.01 Created location=/rd/1",
      "LwM2M Register ep=IMEI:490154203237518 [URN]",
      "LwM2M Register response 2.01 Created location=/rd/2",
      "LwM2M Register ep=IMEI:490154203237519 [URN] [INVALID: IMEI check digit is 9, expected 8]",
      "LwM2M Register response 4.00 Bad Request",
      "LwM2M Register ep=00A0C9-Thermo-SN42 [URN] [INVALID: looks like an OUI-PC-Serial Number: "
      "that form is type 1 (OUI-PC-Serial Number), not type 2 (URN)]",
  };
  EXPECT_EQ(info, expected);
}

TEST(NamesUrnSample, EptIsShownWithItsNamedType) {
  CommandResult result = run_tshark(
      {"-r", sample("names-urn.pcapng"), "-Y", "frame.number == 1", "-V", "-O", "lwm2m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("    Endpoint Client Name Type: URN (2)\n"), std::string::npos)
      << result.out;
  EXPECT_NE(result.out.find("    Endpoint Client Name: urn:imei:490154203237518\n"
                            "        [Name format: IMEI]\n"
                            "        [Name valid: True]\n"),
            std::string::npos)
      << result.out;
}

TEST(NamesUrnSample, DisplayFiltersSelectInvalidNames) {
  Rows invalid = tshark_fields(sample("names-urn.pcapng"), "lwm2m.ep.valid == 0", {"frame.number"});
  EXPECT_EQ(invalid, (Rows{{"5"}, {"7"}, {"11"}, {"15"}, {"19"}, {"21"}, {"29"}, {"31"}}));
  Rows bad_check_digit = tshark_fields(
      sample("names-urn.pcapng"), "lwm2m.ep.problem contains \"check digit\"", {"frame.number"});
  EXPECT_EQ(bad_check_digit, (Rows{{"5"}}));
  Rows expert = tshark_fields(sample("names-urn.pcapng"), "lwm2m.ep.invalid", {"frame.number"});
  EXPECT_EQ(expert, invalid);
}

// Each query parameter is its own field over its own bytes: ep=urn:imei:490154203237518 is the
// third Uri-Query option of frame 1; its value starts after "ep=".
TEST(NamesUrnSample, ParametersHighlightTheirOwnBytes) {
  CommandResult pdml =
      run_tshark({"-r", sample("names-urn.pcapng"), "-Y", "frame.number == 1", "-T", "pdml"});
  ASSERT_EQ(pdml.exit_code, 0);
  // The Uri-Query option value "ep=urn:imei:490154203237518" and the ep field inside it.
  std::size_t query = pdml.out.find("show=\"ep=urn:imei:490154203237518\"");
  ASSERT_NE(query, std::string::npos);
  std::size_t ep = pdml.out.find("<field name=\"lwm2m.ep\"");
  ASSERT_NE(ep, std::string::npos);
  auto attribute = [&](std::size_t at, const std::string& name) {
    std::size_t start = pdml.out.find(name + "=\"", pdml.out.rfind("<field", at)) + name.size() + 2;
    return std::stoi(pdml.out.substr(start, pdml.out.find('"', start) - start));
  };
  EXPECT_EQ(attribute(ep, "pos"), attribute(query, "pos") + 3);
  EXPECT_EQ(attribute(ep, "size"), 24);
}

}  // namespace
}  // namespace lwm2m::test
