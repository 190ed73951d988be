// Registration tracking and statistics: registrations.pcapng (lifetimes, duplicates, a new
// Register replacing an old one, a one-option Location-Path), lifecycle.pcapng and the Leshan
// capture; the -z lwm2m,endpoints and -z lwm2m,ops tables.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

TEST(RegistrationsSample, EveryRequestKnowsItsRegistration) {
  Rows rows =
      tshark_fields(sample("registrations.pcapng"), "coap.code < 32",
                    {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.ept", "lwm2m.ep.valid",
                     "lwm2m.registration_in", "lwm2m.location", "lwm2m.ep.duplicate_of",
                     "lwm2m.ep.other_type_in", "_ws.expert.message"});
  const std::string imei = "urn:imei:490154203237518";
  const std::string oui = "00A0C9-ThermoV2-SN12345";
  Rows expected = {
      {"1", "Register", imei, "2", "1", "", "", "", "", ""},
      {"3", "Update", imei, "2", "1", "1", "/rd/1", "", "", ""},  // location "rd/1" in one option
      {"5", "Update", imei, "2", "1", "1", "/rd/1", "", "",
       "Update 110 s after the registration expired (lifetime 60 s, Register in frame 1)"},
      // A's registration expired: B's Register of the same name is not a duplicate.
      {"7", "Register", imei, "2", "1", "", "", "", "", ""},
      {"9", "Register", oui, "1", "1", "", "", "", "", ""},
      {"11", "Register", oui, "101", "1", "", "", "", "9",
       "ep=00A0C9-ThermoV2-SN12345 is also registered with this server under ept 1 by "
       "10.0.0.53:49153 (frame 9): names are unique within their type, so this is not a "
       "duplicate"},
      {"13", "Register", oui, "1", "1", "", "", "9", "",
       "Duplicate Endpoint Client Name: ep=00A0C9-ThermoV2-SN12345 with ept 1 is already "
       "registered with this server by 10.0.0.53:49153 (frame 9, /rd/3)"},
      {"15", "De-register", oui, "1", "1", "9", "/rd/3", "", "", ""},
      // C de-registered: D's Register is not a duplicate, and replaces D's own /rd/4.
      {"17", "Register", oui, "1", "1", "", "", "", "", ""},
      {"19", "Update", oui, "101", "1", "11", "/rd/4", "", "",
       "Update of a registration that a new Register replaced in frame 17"},
      {"21", "Update", oui, "1", "1", "17", "/rd/5", "", "", ""},  // the seed's PUT form
      {"23", "De-register", imei, "2", "1", "7", "/rd/2", "", "", ""},
      {"25", "Update", "", "", "", "", "/rd/99", "", "",
       "The Register of this registration is not in the capture: its Endpoint Client Name is "
       "unknown"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(RegistrationsSample, ResponsesNameTheirOutcomeAndReason) {
  Rows rows =
      tshark_fields(sample("registrations.pcapng"), "coap.code >= 64",
                    {"frame.number", "lwm2m.operation", "lwm2m.response_to", "lwm2m.outcome",
                     "lwm2m.reason", "lwm2m.location", "lwm2m.registration.replaces"});
  Rows expected = {
      {"2", "Register", "1", "success", "Register operation is completed successfully", "/rd/1",
       ""},
      {"4", "Update", "3", "success", "Update operation is completed successfully", "", ""},
      {"6", "Update", "5", "failure", "URI of \"Update\" operation is not found", "", ""},
      {"8", "Register", "7", "success", "Register operation is completed successfully", "/rd/2",
       ""},
      {"10", "Register", "9", "success", "Register operation is completed successfully", "/rd/3",
       ""},
      {"12", "Register", "11", "success", "Register operation is completed successfully", "/rd/4",
       ""},
      {"14", "Register", "13", "failure",
       "The Endpoint Client Type and Endpoint Client Name result in a duplicate entry on the "
       "LWM2M Server",
       "", ""},
      {"16", "De-register", "15", "success", "De-register operation is completed successfully", "",
       ""},
      {"18", "Register", "17", "success", "Register operation is completed successfully", "/rd/5",
       "11"},
      {"20", "Update", "19", "failure", "URI of \"Update\" operation is not found", "", ""},
      {"22", "Update", "21", "success", "Update operation is completed successfully", "", ""},
      {"24", "De-register", "23", "success", "De-register operation is completed successfully", "",
       ""},
      {"26", "Update", "25", "failure", "URI of \"Update\" operation is not found", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(RegistrationsSample, NoDuplicateWhereThereIsNone) {
  // Only frame 13 duplicates a live registration; the 4.09 of frame 14 refuses it.
  Rows duplicates =
      tshark_fields(sample("registrations.pcapng"), "lwm2m.ep.duplicate", {"frame.number"});
  EXPECT_EQ(duplicates, (Rows{{"13"}}));
  Rows conflicts =
      tshark_fields(sample("registrations.pcapng"), "lwm2m.conflict", {"frame.number"});
  EXPECT_EQ(conflicts, (Rows{{"14"}}));
}

TEST(RegistrationsSample, InfoColumnCarriesTheRegistration) {
  std::vector<std::string> info = tshark_info(
      sample("registrations.pcapng"),
      "frame.number == 5 || frame.number == 13 || frame.number == 19 || frame.number == 25");
  EXPECT_EQ(info,
            (std::vector<std::string>{
                "LwM2M Update /rd/1 ep=urn:imei:490154203237518 [URN] [registration expired 110 "
                "s earlier]",
                "LwM2M Register ep=00A0C9-ThermoV2-SN12345 [OUI-PC-Serial Number] [DUPLICATE of "
                "frame 9]",
                "LwM2M Update /rd/4 ep=00A0C9-ThermoV2-SN12345 [Vendor specific 101] [after a new "
                "Register]",
                "LwM2M Update /rd/99 [no Register in capture]"}));
}

const char* const kRule =
    "=============================================================================================="
    "=======\n";

TEST(Statistics, EndpointsTable) {
  CommandResult result =
      run_tshark({"-r", sample("registrations.pcapng"), "-q", "-z", "lwm2m,endpoints"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            std::string("\n") + kRule +
                "LwM2M Endpoints:\n"
                "Filter for statistics: \n"
                "ept |Type |Endpoint Client Name |Form |Valid |Clients |Server "
                "|Bootstrap-Requests |Registers |Updates |De-registers |Last location "
                "|Duplicates |Undelivered |\n"
                "Per Endpoint Client Name\n"
                "2       |URN                  |urn:imei:490154203237518                     "
                "|IMEI      |yes   |10.0.0.51:49153 10.0.0.52:49153 |10.0.0.1:5683         |"
                "                 0 |        2 |      2 |           1 |/rd/2          |         0 "
                "|          0 |\n"
                "1       |OUI-PC-Serial Number |00A0C9-ThermoV2-SN12345                      "
                "|OUI-PC-SN |yes   |10.0.0.53:49153 10.0.0.54:49153 |10.0.0.1:5683         |"
                "                 0 |        3 |      1 |           1 |/rd/5          |         1 "
                "|          0 |\n"
                "101     |Vendor specific      |00A0C9-ThermoV2-SN12345                      "
                "|OUI-PC-SN |yes   |10.0.0.54:49153       |10.0.0.1:5683         |"
                "                 0 |        1 |      1 |           0 |/rd/4          |         0 "
                "|          0 |\n"
                "?       |(no Register in capture) |                                             "
                "|          |      |10.0.0.55:49153       |10.0.0.1:5683         |"
                "                 0 |        0 |      1 |           0 |/rd/99         |         0 "
                "|          0 |\n" +
                kRule);
}

TEST(Statistics, OperationsTable) {
  CommandResult result = run_tshark({"-r", sample("names-urn.pcapng"), "-q", "-z", "lwm2m,ops"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out, std::string("\n") + kRule +
                            "LwM2M Operations:\n"
                            "Filter for statistics: \n"
                            "Operation |Message |Type |Count |Invalid names |Invalid % |\n"
                            "Per operation and message\n"
                            "Register                     |request                        |URN     "
                            "             |   16 "
                            "|            8 |     50.0 |\n"
                            "Register                     |2.01 Created                   |        "
                            "             |    8 "
                            "|            0 |      0.0 |\n"
                            "Register                     |4.00 Bad Request               |        "
                            "             |    8 "
                            "|            0 |      0.0 |\n" +
                            kRule);
}

TEST(Statistics, OperationsOfALifecycle) {
  CommandResult result = run_tshark({"-r", sample("lifecycle.pcapng"), "-q", "-z", "lwm2m,ops"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  // Updates and De-registers count under the Type of their registration; the Bootstrap-Finish
  // under the Type of the Bootstrap-Request it ends.
  const char* rows[] = {
      "Bootstrap-Request            |request                        |URN                  |    1 |",
      "Bootstrap-Request            |2.04 Changed                   |                     |    1 |",
      "Bootstrap-Finish             |request                        |URN                  |    1 |",
      "Bootstrap-Finish             |2.04 Changed                   |                     |    1 |",
      "Register                     |request                        |URN                  |    2 |",
      "Register                     |2.01 Created                   |                     |    1 |",
      "Update                       |request                        |URN                  |    2 |",
      "Update                       |2.04 Changed                   |                     |    2 |",
      "Register                     |4.09 Conflict                  |                     |    1 |",
      "De-register                  |request                        |URN                  |    1 |",
      "De-register                  |2.02 Deleted                   |                     |    1 "
      "|"};
  for (const char* row : rows) EXPECT_NE(result.out.find(row), std::string::npos) << row;
  for (const char* untyped :
       {"Update            |request                        |                     |",
        "De-register                  |request                        |                     |"}) {
    EXPECT_EQ(result.out.find(untyped), std::string::npos) << result.out;
  }
}

TEST(Statistics, FilterSelectsThePackets) {
  CommandResult result = run_tshark({"-r", sample("registrations.pcapng"), "-q", "-z",
                                     "lwm2m,endpoints,ip.src==10.0.0.54 || ip.dst==10.0.0.54"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Filter for statistics: ip.src==10.0.0.54 || ip.dst==10.0.0.54\n"),
            std::string::npos);
  EXPECT_NE(result.out.find("101     |Vendor specific      |00A0C9-ThermoV2-SN12345"),
            std::string::npos);
  EXPECT_EQ(result.out.find("urn:imei:490154203237518"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("10.0.0.53:49153"), std::string::npos) << result.out;
}

TEST(Statistics, LeshanUpdatesWithoutTheirRegister) {
  std::string capture = shared_capture("leshan-thermostat-readings.pcapng");
  if (capture.empty())
    GTEST_SKIP() << "../shared/captures/leshan-thermostat-readings.pcapng absent";
  CommandResult result = run_tshark({"-r", capture, "-q", "-z", "lwm2m,endpoints"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("?       |(no Register in capture) |                                  "
                            "           |          |      |[2001:db8:a::3]:37024 "
                            "|[2001:db8:a::20]:5683 |                 0 |        0 |    111 "
                            "|           0 "
                            "|/rd/WHPXK8QxKo |         0 |          0 |\n"),
            std::string::npos)
      << result.out;
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// The statistics read what the first pass kept, so a second pass without a protocol tree (tshark
// -2 here, a retap in Wireshark) gives the same tables.
TEST(Statistics, SecondPassGivesTheSameTables) {
  for (const char* table : {"lwm2m,endpoints", "lwm2m,ops"}) {
    CommandResult one = run_tshark({"-r", sample("registrations.pcapng"), "-q", "-z", table});
    CommandResult two = run_tshark({"-r", sample("registrations.pcapng"), "-2", "-q", "-z", table});
    ASSERT_EQ(two.exit_code, 0) << two.err;
    EXPECT_EQ(two.out, one.out) << table;
  }
}

}  // namespace
}  // namespace lwm2m::test
