// A registration follows the server's answers (samples/answers.pcapng, samples/README.md): an
// Update answered 4.04, a late Update the server accepts, De-registers answered 4.04, 2.02, 4.00
// or not at all, a retransmitted Register, Updates that rename, what a server does against the
// seed, and the lifetime in force.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

Rows answer_fields(const std::string& filter, const std::vector<std::string>& fields) {
  return tshark_fields(sample("answers.pcapng"), filter, fields);
}

TEST(AnswersSample, OnlyTheServersAnswerChangesARegistration) {
  Rows rows = answer_fields("frame.number <= 33 && (_ws.expert || lwm2m.ep.duplicate_of)",
                            {"frame.number", "lwm2m.ep.duplicate_of", "_ws.expert.message"});
  Rows expected = {
      // A's Update (lt=600) answered 4.04: the server no longer has it, and its lt is not taken.
      {"4", "", "The server no longer has the registration of frame 1: it ends here"},
      // So B's Register of A's name (frame 5) is no duplicate. C's Update comes 40 s late ...
      {"9", "", "Update 40 s after the registration expired (lifetime 60 s, Register in frame 7)"},
      // ... and the server takes it: C's registration lives on, and D's Register duplicates it.
      {"10", "",
       "The server accepted an Update 40 s after the lifetime ran out: the registration of frame "
       "7 lives on"},
      {"11", "7",
       "Duplicate Endpoint Client Name: ep=urn:imei:352099001761481 with ept 2 is already "
       "registered with this server by 10.0.2.3:49153 (frame 7, /rd/3)"},
      {"12", "",
       "4.09 Conflict: the server refused ep=urn:imei:352099001761481 (ept 2) as a duplicate "
       "Endpoint Client Name"},
      // E's De-register answered 4.04; F's answered 2.02 and G's not at all end theirs (frames
      // 17 and 26 are no duplicates).
      {"16", "", "The server no longer has the registration of frame 13: it ends here"},
      // H's De-register refused with 4.00: H stays, and I's Register duplicates it.
      {"31", "",
       "The server refused the De-register (4.00 Bad Request): the registration of frame 28 "
       "lives on"},
      {"32", "28",
       "Duplicate Endpoint Client Name: ep=urn:imei:860012345678936 with ept 2 is already "
       "registered with this server by 10.0.2.8:49153 (frame 28, /rd/9)"},
      {"33", "",
       "4.09 Conflict: the server refused ep=urn:imei:860012345678936 (ept 2) as a duplicate "
       "Endpoint Client Name"},
  };
  EXPECT_EQ(rows, expected);
  // A's lifetime stayed 60 s: the 4.04 answered the Update that asked for 600.
  EXPECT_EQ(answer_fields("frame.number == 2 || frame.number == 4",
                          {"frame.number", "lwm2m.lifetime", "lwm2m.expires"}),
            (Rows{{"2", "60", "Jan 15, 2026 10:01:00.001500000 UTC"}, {"4", "", ""}}));
  // The late Update's 2.04 restarts the lifetime from the Update.
  EXPECT_EQ(answer_fields("frame.number == 10", {"lwm2m.lifetime", "lwm2m.expires"}),
            (Rows{{"60", "Jan 15, 2026 10:06:00.000000000 UTC"}}));
}

TEST(AnswersSample, ARetransmittedRegisterIsOneExchange) {
  // Two passes: a request learns its response on the second.
  Rows rows = tshark_fields(sample("answers.pcapng"), "frame.number >= 34 && frame.number <= 37",
                            {"frame.number", "lwm2m.retransmission_of", "lwm2m.response_in",
                             "lwm2m.response_to", "lwm2m.registration.replaces"},
                            {"-2"});
  Rows expected = {
      {"34", "", "36", "", ""},
      {"35", "34", "36", "", ""},
      {"36", "", "", "34", ""},
      {"37", "", "", "34", ""},  // the server's copy replaces nothing, not even its own
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(tshark_info(sample("answers.pcapng"), "frame.number >= 34 && frame.number <= 37"),
            (std::vector<std::string>{
                "LwM2M Register ep=urn:imei:860012345678944 [URN]",
                "LwM2M Register ep=urn:imei:860012345678944 [URN] [Retransmission]",
                "LwM2M Register response 2.01 Created location=/rd/10",
                "LwM2M Register response 2.01 Created location=/rd/10 [copy of frame 36]"}));
}

TEST(AnswersSample, OperationsCountAnExchangeOnce) {
  CommandResult result = run_tshark({"-r", sample("answers.pcapng"), "-q", "-z", "lwm2m,ops"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string rule =
      "============================================================================================"
      "=="
      "=======\n";
  EXPECT_EQ(result.out, "\n" + rule +
                            "LwM2M Operations:\n"
                            "Filter for statistics: \n"
                            "Operation |Message |Type |Count |Invalid names |Invalid % |\n"
                            "Per operation and message\n"
                            "Register                     |request                        |URN     "
                            "             |   22 "
                            "|            0 |      0.0 |\n"
                            "Register                     |2.01 Created                   |        "
                            "             |   19 "
                            "|            0 |      0.0 |\n"
                            "Update                       |request                        |URN     "
                            "             |    4 "
                            "|            0 |      0.0 |\n"
                            "Update                       |4.04 Not Found                 |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "Update                       |2.04 Changed                   |        "
                            "             |    4 "
                            "|            0 |      0.0 |\n"
                            "Register                     |4.09 Conflict                  |        "
                            "             |    3 "
                            "|            0 |      0.0 |\n"
                            "De-register                  |request                        |URN     "
                            "             |    4 "
                            "|            0 |      0.0 |\n"
                            "De-register                  |4.04 Not Found                 |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "De-register                  |2.02 Deleted                   |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "De-register                  |4.00 Bad Request               |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "Register                     |request, retransmission        |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "Register                     |2.01 Created, copy             |        "
                            "             |    1 "
                            "|            0 |      0.0 |\n"
                            "Update                       |request                        |Vendor "
                            "specific      |    1 "
                            "|            0 |      0.0 |\n" +
                            rule);
}

TEST(AnswersSample, AnUpdateThatRenamesSaysSoAndTheNameMoves) {
  Rows rows =
      answer_fields("frame.number >= 40 && frame.number <= 48 && coap.code < 32",
                    {"frame.number", "lwm2m.operation", "lwm2m.ep", "lwm2m.ept",
                     "lwm2m.registration.ep", "lwm2m.registration.ept", "lwm2m.ep.duplicate_of",
                     "lwm2m.ep.other_type_in", "_ws.expert.message"});
  const std::string a = "urn:imei:860012345678951";
  const std::string b = "urn:imei:860012345678969";
  Rows expected = {
      {"40", "Update", b, "2", a, "2", "", "",
       "Update names ep=" + b + " (ept 2) but the registration of frame 38 is ep=" + a +
           " (ept 2)"},
      // The server took the new name: B is registered, A is free.
      {"42", "Register", b, "2", "", "", "38", "",
       "Duplicate Endpoint Client Name: ep=" + b +
           " with ept 2 is already registered with this server by 10.0.2.11:49153 (frame 38, "
           "/rd/11)"},
      {"44", "Register", a, "2", "", "", "", "", ""},
      {"46", "Update", b, "101", b, "2", "", "",
       "Update names ep=" + b + " (ept 101) but the registration of frame 38 is ep=" + b +
           " (ept 2)"},
      {"48", "Register", b, "2", "", "", "", "38",
       "ep=" + b +
           " is also registered with this server under ept 101 by 10.0.2.11:49153 (frame 38): "
           "names are unique within their type, so this is not a duplicate"},
  };
  EXPECT_EQ(rows, expected);
  // The endpoints table counts each Update under the registration it updates, by the name the
  // registration had then: frame 40 under A, frame 46 under B.
  CommandResult table = run_tshark({"-r", sample("answers.pcapng"), "-q", "-z", "lwm2m,endpoints"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("2       |URN                  |" + a +
                           "                     |IMEI      |yes   |10.0.2.11:49153 "
                           "10.0.2.13:49153 |10.0.0.1:5683         |                 0 |        "
                           "2 |      1 |           0 |/rd/12         |         0 |          0 |\n"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("2       |URN                  |" + b +
                           "                     |IMEI      |yes   |10.0.2.12:49153 "
                           "10.0.2.11:49153 10.0.2.14:49153 |10.0.0.1:5683         |          "
                           "       0 |        2 |      1 |           0 |/rd/13         |         "
                           "1 |          0 |\n"),
            std::string::npos)
      << table.out;
}

TEST(AnswersSample, WhatTheServerDidAgainstTheSeed) {
  Rows rows = answer_fields("frame.number >= 52 && frame.number <= 59 && _ws.expert",
                            {"frame.number", "_ws.expert.message"});
  Rows expected = {
      {"52",
       "Duplicate Endpoint Client Name: ep=urn:imei:860012345678977 with ept 2 is already "
       "registered with this server by 10.0.2.15:49153 (frame 50, /rd/14)"},
      {"53",
       "The server accepted a Register the capture shows as a duplicate of the registration of "
       "frame 50 (ep=urn:imei:860012345678977, ept 2): the seed expects 4.09 Conflict"},
      {"55",
       "The server handed out /rd/14, which the live registration of frame 50 "
       "(10.0.2.15:49153) still holds"},
      {"58",
       "Update from 10.0.2.19:49153, but the registration of frame 56 belongs to "
       "10.0.2.18:49153"},
  };
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(answer_fields("lwm2m.conflict.expected || lwm2m.location.in_use || "
                          "lwm2m.registration.other_client",
                          {"frame.number"}),
            (Rows{{"53"}, {"55"}, {"58"}}));
}

TEST(AnswersSample, TheLifetimeInForceAndWhenItRunsOut) {
  Rows rows = answer_fields("frame.number >= 60",
                            {"frame.number", "lwm2m.lt", "lwm2m.lifetime", "lwm2m.expires"});
  Rows expected = {
      {"60", "", "86400", ""},
      {"61", "", "86400", "Jan 16, 2026 10:15:00.001500000 UTC"},
      {"62", "300", "300", ""},
      {"63", "", "300", "Jan 15, 2026 10:20:10.001500000 UTC"},
  };
  EXPECT_EQ(rows, expected);
  CommandResult tree =
      run_tshark({"-r", sample("answers.pcapng"), "-Y", "frame.number == 60", "-O", "lwm2m", "-V"});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  EXPECT_NE(tree.out.find("    [Lifetime in force: 86400 seconds (default)]\n"), std::string::npos)
      << tree.out;
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// lwm2m-node-lib's client sends every request from a new port of the same host: its Updates and
// De-register are its own, not another client's.
TEST(RealNodeLifecycle, AnotherPortOfTheSameHostIsTheSameClient) {
  Rows rows = tshark_fields(sample("real-node-lifecycle.pcapng"), "lwm2m.operation",
                            {"frame.number", "udp.srcport", "_ws.expert.message"});
  // Frames 4 and 5 are the server's Read of the registered client and its answer.
  Rows expected = {
      {"1", "42731", ""},  {"2", "5683", ""},  {"4", "5683", ""},  {"5", "42731", ""},
      {"7", "58302", ""},  {"8", "5683", ""},  {"9", "42354", ""}, {"10", "5683", ""},
      {"11", "49338", ""}, {"12", "5683", ""},
  };
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test
