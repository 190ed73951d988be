// The edges of registration tracking (samples/edges.pcapng, samples/README.md): Updates that send
// only one half of the name's pair, what follows a De-register's 2.02, an Update accepted after a
// Register of another client saw its registration expire, a Register's other-type note after a
// rename, and Block1 transfers of a Register and of an Update.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

Rows edge_fields(const std::string& filter, const std::vector<std::string>& fields,
                 const std::vector<std::string>& extra_args = {}) {
  return tshark_fields(sample("edges.pcapng"), filter, fields, extra_args);
}

std::vector<std::string> edge_info(const std::string& filter) {
  return tshark_info(sample("edges.pcapng"), filter);
}

const std::string kImeiA = "urn:imei:490154203237518";
const std::string kImeiB = "urn:imei:356938035643809";

TEST(EdgesSample, AnUpdateWithEpOnlyRenamesUnderTheRegistrationsType) {
  // A's Update (frame 3) sends ep without ept: the type is its registration's, 2.
  Rows rows =
      edge_fields("frame.number >= 3 && frame.number <= 6",
                  {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.ept", "lwm2m.ep.valid",
                   "lwm2m.registration.ep", "lwm2m.registration.ept", "lwm2m.update.renamed",
                   "lwm2m.ep.duplicate_of", "lwm2m.ep.other_type_in", "_ws.expert.message"});
  Rows expected = {
      {"3", "Update", kImeiB, "2", "1", kImeiA, "2", "1", "", "",
       "Update names ep=" + kImeiB + " (ept 2) but the registration of frame 1 is ep=" + kImeiA +
           " (ept 2)"},
      {"4", "Update", kImeiB, "2", "", "", "", "", "", "", ""},
      // The server took the new name under ept 2: B's Register of it is a duplicate.
      {"5", "Register", kImeiB, "2", "1", "", "", "", "1", "",
       "Duplicate Endpoint Client Name: ep=" + kImeiB +
           " with ept 2 is already registered with this server by 10.0.3.1:49153 (frame 1, "
           "/rd/1)"},
      {"6", "Register", kImeiB, "2", "", "", "", "", "", "",
       "4.09 Conflict: the server refused ep=" + kImeiB +
           " (ept 2) as a duplicate Endpoint Client Name"},
  };
  EXPECT_EQ(rows, expected);
  // The registration keeps its type through the rename.
  EXPECT_EQ(edge_fields("frame.number == 4", {"lwm2m.ept", "lwm2m.lifetime"}),
            (Rows{{"2", "300"}}));
  EXPECT_EQ(
      edge_info("frame.number == 3 || frame.number == 5"),
      (std::vector<std::string>{"LwM2M Update /rd/1 ep=" + kImeiB + " [URN] [RENAMES frame 1]",
                                "LwM2M Register ep=" + kImeiB + " [URN] [DUPLICATE of frame 1]"}));
}

TEST(EdgesSample, AnUpdateWithEptOnlyIsJudgedWithTheRegistrationsName) {
  // C's Update (frame 9) sends ept=1 without ep: the pair is type 1 and the registration's URN,
  // which is type 2's form, so the name is not valid under it, and the Update says why.
  const std::string c = "urn:imei:861234000000011";
  Rows rows = edge_fields("frame.number >= 9 && frame.number <= 10",
                          {"frame.number", "lwm2m.ep", "lwm2m.ept", "lwm2m.ep.valid",
                           "lwm2m.registration.ep", "lwm2m.registration.ept",
                           "lwm2m.update.renamed", "lwm2m.registration_in", "lwm2m.ep.problem"});
  const std::string problem =
      "looks like a URN (IMEI): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)";
  Rows expected = {
      {"9", c, "1", "0", c, "2", "1", "7", problem},
      // Accepted: the registration now holds the name under type 1.
      {"10", c, "1", "", "", "", "", "7", ""},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(edge_fields("lwm2m.ep.invalid && frame.number == 9", {"_ws.expert.message"}),
            (Rows{{"Invalid Endpoint Client Name: " + problem + "|Update names ep=" + c +
                   " (ept 1) but the registration of frame 7 is ep=" + c + " (ept 2)"}}));
  EXPECT_EQ(edge_info("frame.number == 9"),
            (std::vector<std::string>{"LwM2M Update /rd/2 ep=" + c +
                                      " [OUI-PC-Serial Number] [INVALID: " + problem +
                                      "] [RENAMES frame 7]"}));
}

TEST(EdgesSample, AStrayUpdateAfterADeregisterEndsNothingAgain) {
  Rows rows = edge_fields(
      "frame.number >= 11 && frame.number <= 16",
      {"frame.number", "lwm2m.operation", "lwm2m.registration_in", "_ws.expert.message"});
  Rows expected = {
      {"11", "Register", "", ""},
      {"12", "Register", "11", ""},
      {"13", "De-register", "11", ""},
      {"14", "De-register", "11", ""},
      {"15", "Update", "11", "Update of a registration that was de-registered in frame 13"},
      // The registration ended with the De-register: the 4.04 ends nothing here.
      {"16", "Update", "11", ""},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(edge_info("frame.number >= 15 && frame.number <= 16"),
            (std::vector<std::string>{
                "LwM2M Update /rd/3 ep=urn:imei:861234000000029 [URN] [after its De-register]",
                "LwM2M Update response 4.04 Not Found"}));
  EXPECT_EQ(edge_fields("lwm2m.registration.not_found", {"frame.number"}), Rows{});
}

TEST(EdgesSample, ASecondDeregisterRefusedLeavesTheRegistrationEnded) {
  Rows rows = edge_fields(
      "frame.number >= 19 && frame.number <= 24",
      {"frame.number", "lwm2m.operation", "lwm2m.ep.duplicate_of", "_ws.expert.message"});
  Rows expected = {
      {"19", "De-register", "", ""},
      {"20", "De-register", "", ""},
      {"21", "De-register", "", "De-register of a registration that was de-registered in frame 19"},
      // The 4.00 refuses a De-register of what was already gone: nothing lives on ...
      {"22", "De-register", "", ""},
      // ... so N's Register of M's name is no duplicate, and the server's 2.01 is as expected.
      {"23", "Register", "", ""},
      {"24", "Register", "", ""},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(edge_fields("lwm2m.deregister.refused", {"frame.number"}), Rows{});
  EXPECT_EQ(edge_info("frame.number >= 21 && frame.number <= 24"),
            (std::vector<std::string>{
                "LwM2M De-register /rd/4 ep=urn:imei:861234000000037 [URN] [after its De-register]",
                "LwM2M De-register response 4.00 Bad Request",
                "LwM2M Register ep=urn:imei:861234000000037 [URN]",
                "LwM2M Register response 2.01 Created location=/rd/5"}));
}

TEST(EdgesSample, AnUpdateAnsweredLateRevivesItsRegistrationForLaterRegisters) {
  // Two passes: the Update learns its separate response.
  Rows rows = edge_fields(
      "frame.number >= 27 && frame.number <= 34",
      {"frame.number", "lwm2m.response_in", "lwm2m.response_to", "lwm2m.registration_in",
       "lwm2m.ep.duplicate_of", "lwm2m.lifetime", "lwm2m.expires", "_ws.expert.message"},
      {"-2"});
  const std::string d = "urn:imei:861234000000045";
  Rows expected = {
      // D's Update at t=859.9 s, 0.1 s before its lifetime runs out; an empty ACK at once.
      {"27", "31", "", "25", "", "", "", ""},
      {"28", "", "", "25", "", "", "", ""},
      // E's Register at t=860.5 s: D's registration ran out at 860.0015 s, no duplicate.
      {"29", "30", "", "", "", "60", "", ""},
      {"30", "", "29", "", "", "", "",
       "4.09 Conflict: the server refused ep=" + d +
           " (ept 2) as a duplicate Endpoint Client Name"},
      // The separate 2.04 answers frame 27: the Update was in time, and 60 s count from it.
      {"31", "", "27", "25", "", "60", "Jan 15, 2026 10:15:19.900000000 UTC", ""},
      {"32", "", "", "25", "", "", "", ""},
      // F's Register at t=870 s duplicates D's registration, alive again.
      {"33", "34", "", "", "25", "60", "",
       "Duplicate Endpoint Client Name: ep=" + d +
           " with ept 2 is already registered with this server by 10.0.3.4:49153 (frame 25, "
           "/rd/6)"},
      {"34", "", "33", "", "", "", "",
       "4.09 Conflict: the server refused ep=" + d +
           " (ept 2) as a duplicate Endpoint Client Name"},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(edge_info("frame.number >= 27 && frame.number <= 33"),
            (std::vector<std::string>{
                "LwM2M Update /rd/6 ep=" + d + " [URN]", "ACK, MID:4110, Empty Message",
                "LwM2M Register ep=" + d + " [URN]",
                "LwM2M Register response 4.09 Conflict [duplicate name refused: " + d + "]",
                "LwM2M Update response 2.04 Changed", "ACK, MID:28673, Empty Message",
                "LwM2M Register ep=" + d + " [URN] [DUPLICATE of frame 25]"}));
}

TEST(EdgesSample, AnOtherTypeNoteKeepsTheTypeOfItsTimeOnASecondPass) {
  const std::string note =
      "ep=00A0C9-SN77 is also registered with this server under ept 1 by 10.0.3.7:49153 (frame "
      "35): names are unique within their type, so this is not a duplicate";
  const std::vector<std::string> fields = {"frame.number",           "lwm2m.ept",
                                           "lwm2m.ep.other_type_in", "lwm2m.registration.ept",
                                           "lwm2m.update.renamed",   "_ws.expert.message"};
  Rows expected = {
      {"37", "101", "35", "", "", note},
      // G's Update renames its registration to ept 102 after frame 37.
      {"39", "102", "", "1", "1",
       "Update names ep=00A0C9-SN77 (ept 102) but the registration of frame 35 is "
       "ep=00A0C9-SN77 (ept 1)"},
      {"40", "102", "", "", "", ""},
  };
  EXPECT_EQ(edge_fields("frame.number >= 37 && frame.number <= 40 && frame.number != 38", fields),
            expected);
  EXPECT_EQ(
      edge_fields("frame.number >= 37 && frame.number <= 40 && frame.number != 38", fields, {"-2"}),
      expected);
}

TEST(EdgesSample, ABlock1RegistersDuplicateIsAConflictExpectedOnItsLastAnswer) {
  const std::string i = "urn:imei:861234000000052";
  Rows rows = edge_fields("frame.number >= 43 && frame.number <= 48",
                          {"frame.number", "lwm2m.block.number", "lwm2m.block.first",
                           "lwm2m.ep.duplicate_of", "lwm2m.response_to", "_ws.expert.message"});
  Rows expected = {
      {"43", "0", "", "41", "",
       "Duplicate Endpoint Client Name: ep=" + i +
           " with ept 2 is already registered with this server by 10.0.3.9:49153 (frame 41, "
           "/rd/9)"},
      {"44", "", "", "", "43", ""},
      {"45", "1", "43", "", "", ""},
      {"46", "", "", "", "45", ""},
      {"47", "2", "43", "", "", ""},
      {"48", "", "", "", "47",
       "The server accepted a Register the capture shows as a duplicate of the registration of "
       "frame 41 (ep=" +
           i + ", ept 2): the seed expects 4.09 Conflict"},
  };
  EXPECT_EQ(rows, expected);
  // The only 2.01 to a duplicate in the capture.
  EXPECT_EQ(edge_fields("lwm2m.conflict.expected", {"frame.number"}), (Rows{{"48"}}));
  EXPECT_EQ(edge_info("frame.number == 48"),
            (std::vector<std::string>{
                "LwM2M Register response 2.01 Created location=/rd/10 [4.09 expected]"}));
}

TEST(EdgesSample, ARefusedBlock1UpdateLeavesTheLifetimeAlone) {
  // K's Block1 Update (frames 51, 53) asks for lt=600 in block 0.
  EXPECT_EQ(edge_fields("frame.number == 51", {"lwm2m.operation", "lwm2m.lt"}),
            (Rows{{"Update", "600"}}));
  Rows rows = edge_fields("frame.number >= 49 && frame.number <= 56",
                          {"frame.number", "lwm2m.block.number", "lwm2m.outcome", "lwm2m.lifetime",
                           "lwm2m.expires", "lwm2m.ep.duplicate_of", "_ws.expert.message"});
  Rows expected = {
      {"49", "", "", "60", "", "", ""},
      {"50", "", "success", "60", "Jan 15, 2026 10:24:20.001500000 UTC", "", ""},
      {"51", "0", "", "", "", "", ""},
      // 2.31 Continue accepts nothing: the lifetime in force stays 60 s.
      {"52", "", "continue", "", "", "", ""},
      {"53", "1", "", "", "", "", ""},
      {"54", "", "failure", "", "", "", ""},
      // At t=1500 s K's lt=60 has run out (at 1460.0015 s): O's Register is no duplicate.
      {"55", "", "", "300", "", "", ""},
      {"56", "", "success", "300", "Jan 15, 2026 10:30:00.001500000 UTC", "", ""},
  };
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test
