// ept-and-params.pcapng: the `ept` rules, the required parameters, unknown, repeated and invalid
// parameters, the preferences and the vendor type table.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

const char* kRequests = "lwm2m && coap.code == 2";

TEST(EptAndParamsSample, EptRulesGiveTheirExpertItems) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"),
                            std::string(kRequests) + " && frame.number <= 15",
                            {"frame.number", "lwm2m.ept", "lwm2m.ept.text", "lwm2m.ept.name",
                             "lwm2m.ep.valid", "_ws.expert.message", "_ws.expert.severity"});
  const std::string warn = "6291456";  // PI_WARN
  const std::string note = "4194304";  // PI_NOTE
  // A Register without a usable ept has no type to judge its name by: the name is invalid too.
  const std::string no_type = "Invalid Endpoint Client Name: no usable Endpoint Client Name Type: ";
  Rows expected = {
      {"1", "", "", "", "0",
       "Endpoint Client Name Type (ept) is missing: Register requires it|" + no_type +
           "ept is missing",
       warn + "|" + warn},
      {"3", "", "0", "", "0",
       "Invalid Endpoint Client Name Type: 0 is outside 1-255|" + no_type +
           "ept=0 is not a number 1-255",
       warn + "|" + warn},
      {"5", "", "256", "", "0",
       "Invalid Endpoint Client Name Type: 256 is outside 1-255|" + no_type +
           "ept=256 is not a number 1-255",
       warn + "|" + warn},
      {"7", "", "abc", "", "0",
       "Invalid Endpoint Client Name Type: 'abc' is not a decimal number|" + no_type +
           "ept=abc is not a number 1-255",
       warn + "|" + warn},
      {"9", "", "", "", "0",
       "Invalid Endpoint Client Name Type: ept is empty|" + no_type + "ept= is empty",
       warn + "|" + warn},
      {"11", "7", "", "Reserved (OMA)", "1",
       "Endpoint Client Name Type 7 is reserved for future OMA use", note},
      {"13", "101", "", "Vendor specific", "1", "", ""},
      {"15", "200", "", "Vendor specific", "1", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(EptAndParamsSample, NameRulesGiveTheirExpertItems) {
  Rows rows = tshark_fields(
      sample("ept-and-params.pcapng"),
      "lwm2m && coap.code == 2 && frame.number >= 17 && frame.number <= 27",
      {"frame.number", "lwm2m.ep", "lwm2m.ep.valid", "lwm2m.ep.problem", "_ws.expert.message"});
  Rows expected = {
      {"17", "", "", "", "Endpoint Client Name (ep) is missing: Register requires it"},
      {"19", "", "0", "the name is empty", "Invalid Endpoint Client Name: the name is empty"},
      {"21", "urn:dev:ops:32473-Thermostat-0123456789012345678901234567890123", "1", "", ""},
      {"23", "urn:dev:ops:32473-Thermostat-01234567890123456789012345678901234", "0",
       "64 bytes, the limit is 63", "Invalid Endpoint Client Name: 64 bytes, the limit is 63"},
      {"25", "urn:dev:ops:32473-\\xC3(-1", "0", "not valid UTF-8 at byte 18",
       "Invalid Endpoint Client Name: not valid UTF-8 at byte 18"},
      {"27", "urn:dev:ops:32473-Line\\x0ABreak", "0", "control character 0x0A at byte 22",
       "Invalid Endpoint Client Name: control character 0x0A at byte 22"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(EptAndParamsSample, UnknownRepeatedAndInvalidParameters) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"),
                            "lwm2m.param.unknown || lwm2m.param.duplicate || lwm2m.param.invalid",
                            {"frame.number", "lwm2m.param", "lwm2m.ep", "_ws.expert.message"});
  Rows expected = {
      {"29", "foo=bar", "urn:dev:ops:32473-Foo-1",
       "Unknown parameter 'foo': Register does not take it (the server may answer 4.00 Bad "
       "Request)"},
      // Only the first ep is the name; the repeat is a parameter, its whole option text.
      {"31", "ep=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "urn:imei:490154203237518",
       "Parameter 'ep' is repeated; only its first occurrence is used"},
      {"33", "lt=abc", "urn:dev:ops:32473-Lt-1",
       "Invalid parameter value: lifetime 'abc' is not a decimal number"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(EptAndParamsSample, OtherRegisterParametersAreTyped) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"), "frame.number == 35",
                            {"lwm2m.lt", "lwm2m.sms", "lwm2m.queue", "lwm2m.version",
                             "lwm2m.binding", "_ws.expert.message"});
  EXPECT_EQ(rows, (Rows{{"86400", "+15555550123", "1", "1.1", "UQ", ""}}));
}

TEST(EptAndParamsSample, BootstrapRequestNeedsEptToo) {
  Rows rows = tshark_fields(
      sample("ept-and-params.pcapng"), "lwm2m.operation == \"Bootstrap-Request\"",
      {"frame.number", "lwm2m.ep", "lwm2m.ept", "lwm2m.response_to", "_ws.expert.message"});
  // The answers carry their request's name and type (generated); without ept the name is invalid.
  Rows expected = {
      {"37", "urn:imei:490154203237518", "2", "", ""},
      {"38", "urn:imei:490154203237518", "2", "37", ""},
      {"39", "urn:imei:356938035643809", "", "",
       "Endpoint Client Name Type (ept) is missing: Bootstrap-Request requires it|"
       "Invalid Endpoint Client Name: no usable Endpoint Client Name Type: ept is missing"},
      {"40", "urn:imei:356938035643809", "", "39", ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(EptAndParamsSample, RegistrationsWithoutEptFilter) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"),
                            "lwm2m.operation == \"Register\" && coap.code == 2 && !lwm2m.ept && "
                            "!lwm2m.ept.text",
                            {"frame.number"});
  EXPECT_EQ(rows, (Rows{{"1"}}));
}

TEST(EptAndParamsSample, PreferenceTurnsOffTheEptRequirement) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"), "lwm2m.ept.missing", {"frame.number"},
                            {"-o", "lwm2m.ept_required:FALSE"});
  EXPECT_TRUE(rows.empty());
  rows = tshark_fields(sample("ept-and-params.pcapng"), "lwm2m.ept.missing", {"frame.number"});
  EXPECT_EQ(rows, (Rows{{"1"}, {"39"}}));
}

TEST(EptAndParamsSample, VendorTableNamesTypesAndChecksPatterns) {
  std::vector<std::string> table = {
      "-o", "uat:lwm2m_vendor_types:\"101\",\"Acme serial\",\"ACME-[0-9]{4}\"", "-o",
      "uat:lwm2m_vendor_types:\"200\",\"Globex asset\",\"GLX-.*\""};
  Rows rows = tshark_fields(
      sample("ept-and-params.pcapng"), "frame.number == 13 || frame.number == 15",
      {"frame.number", "lwm2m.ept.name", "lwm2m.ep.valid", "lwm2m.ep.problem", "_ws.col.Info"},
      table);
  Rows expected = {
      {"13", "Acme serial", "1", "", "LwM2M Register ep=ACME-0001 [Acme serial 101]"},
      {"15", "Globex asset", "0",
       "does not match the pattern 'GLX-.*' of vendor type 'Globex asset' (200)",
       "LwM2M Register ep=anything-goes [Globex asset 200] [INVALID: does not match the pattern "
       "'GLX-.*' of vendor type 'Globex asset' (200)]"},
  };
  EXPECT_EQ(rows, expected);
  CommandResult shown = run_tshark({"-r", sample("ept-and-params.pcapng"), "-Y",
                                    "frame.number == 13", "-V", "-O", "lwm2m", table[0], table[1]});
  EXPECT_NE(shown.out.find("Endpoint Client Name Type: Acme serial (101)"), std::string::npos)
      << shown.out;
}

TEST(EptAndParamsSample, VendorTableRefusesTypesOutsideTheVendorRange) {
  CommandResult result = run_tshark({"-r", sample("ept-and-params.pcapng"), "-o",
                                     "uat:lwm2m_vendor_types:\"64\",\"Not vendor\",\"\""});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("type 64 is not a vendor type: vendor types are 65-255"),
            std::string::npos)
      << result.err;
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// Filters on expert items in general (not on lwm2m.param.invalid by name) still see the plugin's.
TEST(EptAndParamsSample, GenericExpertFiltersSeeThePluginsItems) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"),
                            "_ws.expert.message contains \"lifetime\"", {"frame.number"});
  EXPECT_EQ(rows, (Rows{{"33"}}));
}

}  // namespace
}  // namespace lwm2m::test
