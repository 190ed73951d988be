// lifecycle.pcapng: one client's life, Bootstrap to De-register, and a duplicate refused by 4.09.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

TEST(LifecycleSample, EveryOperationAndTheResponseThatAnswersIt) {
  Rows rows = tshark_fields(sample("lifecycle.pcapng"), "",
                            {"frame.number", "lwm2m.operation", "lwm2m.response_to",
                             "lwm2m.location", "lwm2m.ep", "lwm2m.lt"});
  const std::string imei = "urn:imei:490154203237518";
  // Every message names the client it is from or to (generated fields where the message itself
  // does not): answers by their request; the bootstrap server's Write and the Bootstrap-Finish by
  // the Bootstrap-Request; Updates, De-registers and the server's Read by the registration.
  Rows expected = {
      {"1", "Bootstrap-Request", "", "", imei, ""},
      {"2", "Bootstrap-Request", "1", "", imei, ""},
      {"3", "Bootstrap-Write", "", "", imei, ""},  // from the bootstrap server
      {"4", "Bootstrap-Write", "3", "", imei, ""},
      {"5", "Bootstrap-Finish", "", "", imei, ""},
      {"6", "Bootstrap-Finish", "5", "", imei, ""},
      {"7", "Register", "", "", imei, "60"},
      {"8", "Register", "7", "/rd/5a3f", imei, ""},
      {"9", "Update", "", "/rd/5a3f", imei, "120"},
      {"10", "Update", "9", "", imei, ""},
      {"11", "Read", "", "", imei, ""},  // from the server
      {"12", "Read", "11", "", imei, ""},
      {"13", "Update", "", "/rd/5a3f", imei, "120"},  // the seed's PUT
      {"14", "Update", "13", "", imei, ""},
      {"15", "Register", "", "", imei, "60"},
      {"16", "Register", "15", "", imei, ""},
      {"17", "De-register", "", "/rd/5a3f", imei, ""},
      {"18", "De-register", "17", "", imei, ""},
  };
  EXPECT_EQ(rows, expected);
}

TEST(LifecycleSample, InfoColumn) {
  std::vector<std::string> info = tshark_info(sample("lifecycle.pcapng"), "lwm2m");
  // The client's other messages (the Bootstrap-Write, the Read) are named by their operation.
  std::vector<std::string> expected = {
      "LwM2M Bootstrap-Request ep=urn:imei:490154203237518 [URN]",
      "LwM2M Bootstrap-Request response 2.04 Changed",
      "LwM2M Bootstrap-Write /0/1 (LWM2M Security)",
      "LwM2M Bootstrap-Write /0/1 (LWM2M Security) response 2.04 Changed",
      "LwM2M Bootstrap-Finish ep=urn:imei:490154203237518 [URN]",
      "LwM2M Bootstrap-Finish response 2.04 Changed",
      "LwM2M Register ep=urn:imei:490154203237518 [URN]",
      "LwM2M Register response 2.01 Created location=/rd/5a3f",
      "LwM2M Update /rd/5a3f ep=urn:imei:490154203237518 [URN]",
      "LwM2M Update response 2.04 Changed",
      "LwM2M Read /3/0 (Device)",
      "LwM2M Read /3/0 (Device) response 2.05 Content",
      "LwM2M Update /rd/5a3f ep=urn:imei:490154203237518 [URN]",
      "LwM2M Update response 2.04 Changed",
      "LwM2M Register ep=urn:imei:490154203237518 [URN] [DUPLICATE of frame 7]",
      "LwM2M Register response 4.09 Conflict [duplicate name refused: urn:imei:490154203237518]",
      "LwM2M De-register /rd/5a3f ep=urn:imei:490154203237518 [URN]",
      "LwM2M De-register response 2.02 Deleted",
  };
  EXPECT_EQ(info, expected);
}

TEST(LifecycleSample, ConflictNamesTheRefusedName) {
  Rows rows = tshark_fields(sample("lifecycle.pcapng"), "lwm2m.conflict",
                            {"frame.number", "_ws.expert.message", "_ws.expert.group"});
  EXPECT_EQ(rows, (Rows{{"16",
                         "4.09 Conflict: the server refused ep=urn:imei:490154203237518 (ept 2) "
                         "as a duplicate Endpoint Client Name",
                         "50331648"}}));  // PI_RESPONSE_CODE
}

TEST(LifecycleSample, RegisterPayloadIsATreeOfObjectsAndInstances) {
  Rows rows = tshark_fields(sample("lifecycle.pcapng"), "frame.number == 7",
                            {"lwm2m.root_path", "lwm2m.object", "lwm2m.object.instance",
                             "lwm2m.object.version", "_ws.expert.message"});
  // </>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1,</3303/0>,</3303/1>
  EXPECT_EQ(rows, (Rows{{"", "1|3|3303|3303", "0|0|0|1", "1.1", ""}}));
  CommandResult tree = run_tshark(
      {"-r", sample("lifecycle.pcapng"), "-Y", "frame.number == 7", "-V", "-O", "lwm2m"});
  EXPECT_NE(tree.out.find("    Objects and Object Instances (4)\n"
                          "        Object: 1 (LwM2M Server)\n"
                          "            Object Instance: 0\n"
                          "        Object: 3 (Device)\n"
                          "            Object Instance: 0\n"
                          "            Object version: 1.1\n"),
            std::string::npos)
      << tree.out;
}

// Issue 17's check, run on 4.0 here and on 4.4 and 4.6 by scripts/test-wireshark: the second pass
// of tshark -2 filters and prints what the first found, on 4.6 too (it fakes CoAP's item there).
TEST(LifecycleSample, TwoPassesFilterAndPrintOperationsAndInfo) {
  const Rows rows = tshark_fields(sample("lifecycle.pcapng"), "lwm2m",
                                  {"lwm2m.operation", "_ws.col.Info"}, {"-2"});
  const Rows expected = {
      {"Bootstrap-Request", "LwM2M Bootstrap-Request ep=urn:imei:490154203237518 [URN]"},
      {"Bootstrap-Request", "LwM2M Bootstrap-Request response 2.04 Changed"},
      {"Bootstrap-Write", "LwM2M Bootstrap-Write /0/1 (LWM2M Security)"},
      {"Bootstrap-Write", "LwM2M Bootstrap-Write /0/1 (LWM2M Security) response 2.04 Changed"},
      {"Bootstrap-Finish", "LwM2M Bootstrap-Finish ep=urn:imei:490154203237518 [URN]"},
      {"Bootstrap-Finish", "LwM2M Bootstrap-Finish response 2.04 Changed"},
      {"Register", "LwM2M Register ep=urn:imei:490154203237518 [URN]"},
      {"Register", "LwM2M Register response 2.01 Created location=/rd/5a3f"},
      {"Update", "LwM2M Update /rd/5a3f ep=urn:imei:490154203237518 [URN]"},
      {"Update", "LwM2M Update response 2.04 Changed"},
      {"Read", "LwM2M Read /3/0 (Device)"},
      {"Read", "LwM2M Read /3/0 (Device) response 2.05 Content"},
      {"Update", "LwM2M Update /rd/5a3f ep=urn:imei:490154203237518 [URN]"},
      {"Update", "LwM2M Update response 2.04 Changed"},
      {"Register", "LwM2M Register ep=urn:imei:490154203237518 [URN] [DUPLICATE of frame 7]"},
      {"Register",
       "LwM2M Register response 4.09 Conflict [duplicate name refused: urn:imei:490154203237518]"},
      {"De-register", "LwM2M De-register /rd/5a3f ep=urn:imei:490154203237518 [URN]"},
      {"De-register", "LwM2M De-register response 2.02 Deleted"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(LifecycleSample, TwoPassesLinkRequestsToTheirResponses) {
  Rows rows = tshark_fields(sample("lifecycle.pcapng"), "lwm2m.response_in",
                            {"frame.number", "lwm2m.response_in"}, {"-2"});
  Rows expected = {{"1", "2"},   {"3", "4"},   {"5", "6"},   {"7", "8"},  {"9", "10"},
                   {"11", "12"}, {"13", "14"}, {"15", "16"}, {"17", "18"}};
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// tshark -2 dissects twice; without a filter its second pass has no protocol tree, so the plugin
// shows what the first pass found (the GUI's packet list does the same).
TEST(LifecycleSample, SecondPassWithoutATreeKeepsTheInfoColumn) {
  CommandResult two_pass = run_tshark({"-r", sample("lifecycle.pcapng"), "-2"});
  CommandResult one_pass = run_tshark({"-r", sample("lifecycle.pcapng")});
  ASSERT_EQ(two_pass.exit_code, 0) << two_pass.err;
  EXPECT_EQ(two_pass.out, one_pass.out);
  EXPECT_NE(two_pass.out.find("LwM2M 180 LwM2M Register ep=urn:imei:490154203237518 [URN]"),
            std::string::npos)
      << two_pass.out;
}

}  // namespace
}  // namespace lwm2m::test
