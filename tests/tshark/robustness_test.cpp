// Hostile input: broken-coap.pcapng (truncated options, huge queries, repeated parameters, bytes
// that are not UTF-8, bad Block1 options, garbage link-format) must never crash tshark nor make the
// plugin report a dissector bug or a malformed packet of its own. And a real third-party capture
// (Leshan) must not be flagged where nothing is wrong.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

void expect_clean_run(const std::vector<std::string>& args) {
  CommandResult result = run_tshark(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const std::string* text : {&result.out, &result.err}) {
    EXPECT_EQ(text->find("Dissector bug"), std::string::npos) << *text;
    EXPECT_EQ(text->find("Malformed Packet: LwM2M]"), std::string::npos) << *text;
  }
  EXPECT_EQ(result.err.find("lwm2m"), std::string::npos) << "tshark warned: " << result.err;
}

TEST(BrokenCoapSample, EveryViewSurvives) {
  std::string capture = sample("broken-coap.pcapng");
  expect_clean_run({"-r", capture});
  expect_clean_run({"-r", capture, "-V"});
  expect_clean_run({"-r", capture, "-2", "-V"});
  expect_clean_run({"-r", capture, "-T", "pdml"});
  expect_clean_run({"-r", capture, "-q", "-z", "expert"});
  expect_clean_run({"-r", capture, "-Y", "lwm2m.ep.invalid", "-T", "fields", "-e", "lwm2m.ep"});
}

TEST(BrokenCoapSample, PluginAddsNoMalformedMark) {
  // The CoAP dissector marks some of these frames malformed; the plugin must add no mark of its
  // own: the same frames are malformed with the plugin enabled and disabled.
  const std::vector<std::string> fields = {"frame.number", "_ws.expert.message"};
  const char* filter = "_ws.malformed || _ws.expert.group == 0x07000000";
  Rows with_plugin = tshark_fields(sample("broken-coap.pcapng"), filter, fields);
  Rows without_plugin =
      tshark_fields(sample("broken-coap.pcapng"), filter, fields, {"--disable-protocol", "lwm2m"});
  ASSERT_FALSE(without_plugin.empty());
  ASSERT_EQ(with_plugin.size(), without_plugin.size());
  for (std::size_t i = 0; i < with_plugin.size(); ++i) {
    EXPECT_EQ(with_plugin[i][0], without_plugin[i][0]);
  }
}

TEST(BrokenCoapSample, HostileRegistersAreJudgedNotTrusted) {
  Rows rows = tshark_fields(sample("broken-coap.pcapng"),
                            "frame.number == 16 || frame.number == 28 || frame.number == 30 || "
                            "frame.number == 34 || frame.number == 38",
                            {"frame.number", "lwm2m.ep.problem", "lwm2m.ept.text",
                             "lwm2m.block.number", "_ws.expert.message"});
  Rows expected = {
      // Three Uri-Query options of 1000+ bytes: CoAP flags their length, the plugin the name.
      {"16", "1018 bytes, the limit is 63", "", "",
       "Invalid Endpoint Client Name: 1018 bytes, the limit is 63|Invalid Option Range: 1005 (1 "
       "< x < 255)|Invalid Option Range: 1006 (1 < x < 255)|Invalid Option Range: 1021 (1 < x < "
       "255)|Unknown parameter 'xtra': Register does not take it (the server may answer 4.00 Bad "
       "Request)"},
      // (4.0's CoAP also remarks "Trailing stray characters" on its own Uri-Query field: left out
      // by tshark_fields(), as later versions do not.)
      {"28", "control character 0x00 at byte 16", "", "",
       "Invalid Endpoint Client Name: control character 0x00 at byte 16"},
      // No usable ept: the name cannot be judged by a type, so it is invalid (the problem text
      // cuts the value sent at 16 bytes).
      {"30", "no usable Endpoint Client Name Type: ept=9999999999999999... is not a number 1-255",
       "99999999999999999999", "",
       "Invalid Endpoint Client Name Type: '99999999999999999999' is outside 1-255|Invalid "
       "Endpoint Client Name: no usable Endpoint Client Name Type: ept=9999999999999999... is not "
       "a number 1-255"},
      {"34", "", "", "1000000",
       "Block1 transfer incomplete: earlier blocks are not in the capture, the payload is not "
       "decoded"},
      {"38", "", "", "", "Bad object link: link 1: object id 70000 is out of range 0-65535"},
  };
  EXPECT_EQ(rows, expected);
}

// Frame 60 is a Reset carrying 2.01 Created, a token and a Location-Path: a Reset rejects the
// Register of frame 59 whatever it carries. It answers the Register (as lwm2m-replay --list says)
// and creates no registration (once, it was taken for a 2.01 at /rd/rst).
TEST(BrokenCoapSample, AResetCarryingACodeRejectsTheRegister) {
  Rows rows = tshark_fields(
      sample("broken-coap.pcapng"), "frame.number == 60",
      {"lwm2m.operation", "lwm2m.response_to", "lwm2m.outcome", "lwm2m.reason", "lwm2m.location"});
  EXPECT_EQ(rows, (Rows{{"Register", "59", "failure", "", ""}}));
  EXPECT_EQ(tshark_info(sample("broken-coap.pcapng"), "frame.number == 60"),
            (std::vector<std::string>{"LwM2M Register response Reset"}));
  EXPECT_EQ(tshark_fields(sample("broken-coap.pcapng"), "frame.number == 59", {"lwm2m.response_in"},
                          {"-2"}),
            (Rows{{"60"}}));
}

TEST(BrokenCoapSample, RepeatedParameterIsFlaggedOnEveryRepeat) {
  Rows rows =
      tshark_fields(sample("broken-coap.pcapng"), "frame.number == 18", {"lwm2m.param.duplicate"});
  ASSERT_EQ(rows.size(), 1u);
  std::string flags = rows[0][0];
  EXPECT_EQ(std::count(flags.begin(), flags.end(), '1'), 49) << flags;
}

TEST(LeshanCapture, UpdatesAreRecognisedAndNothingIsFlagged) {
  std::string capture = shared_capture("leshan-thermostat-readings.pcapng");
  if (capture.empty())
    GTEST_SKIP() << "../shared/captures/leshan-thermostat-readings.pcapng absent";
  // Every POST to the registration location is an Update; its Register is not in the capture.
  Rows posts =
      tshark_fields(capture, "coap.code == 2 && coap.opt.uri_path_recon == \"/rd/WHPXK8QxKo\"",
                    {"frame.number", "lwm2m.operation", "lwm2m.location"});
  ASSERT_EQ(posts.size(), 111u);
  for (const auto& row : posts) {
    EXPECT_EQ(row[1], "Update") << "frame " << row[0];
    EXPECT_EQ(row[2], "/rd/WHPXK8QxKo") << "frame " << row[0];
  }
  Rows flagged = tshark_fields(capture,
                               "lwm2m.ep.invalid || lwm2m.ep.missing || lwm2m.ept.missing || "
                               "lwm2m.ept.invalid || lwm2m.param.unknown || lwm2m.param.invalid || "
                               "lwm2m.param.duplicate || lwm2m.ep.valid == 0",
                               {"frame.number"});
  EXPECT_TRUE(flagged.empty());
  // Observe notifications, Reads and Writes are CoAP, not LwM2M registration traffic.
  Rows other =
      tshark_fields(capture, "lwm2m && !(lwm2m.operation == \"Update\")", {"frame.number"});
  EXPECT_TRUE(other.empty());
  expect_clean_run({"-r", capture, "-V"});
}

}  // namespace
}  // namespace lwm2m::test

namespace lwm2m::test {
namespace {

// Wireshark throws when a tree grows past gui.max_tree_items; such an exception must never come
// from the plugin (it would unwind through C++ code): with little room left it adds no items.
TEST(TreeItemLimit, PluginNeverHitsTheLimit) {
  for (const char* limit : {"40", "100", "150", "300", "1000"}) {
    CommandResult result = run_tshark(
        {"-r", sample("lifecycle.pcapng"), "-V", "-o", std::string("gui.max_tree_items:") + limit});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    // "protocol LwM2M-TLV" is Wireshark's own TLV dissector, which does hit the limit.
    for (const char* ours : {"Dissector bug, protocol LwM2M:", "Dissector bug, protocol LwM2M,"}) {
      EXPECT_EQ(result.out.find(ours), std::string::npos) << limit;
      EXPECT_EQ(result.err.find(ours), std::string::npos) << limit;
    }
  }
}

}  // namespace
}  // namespace lwm2m::test
