// The expert items of a pass without a protocol tree, as the GUI's Expert Information dialog
// retaps: sharkd (scripts/lwm2m-sharkd) dissects that way. They must be the items tshark's
// single pass (which has a tree) reports, on every sample.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// An expert item as both tools count it: severity, group, message.
using Item = std::tuple<std::string, std::string, std::string>;
using Counts = std::map<Item, int>;

// The LwM2M items of sharkd's expert tap, counted.
Counts sharkd_items(const std::string& capture, const std::vector<std::string>& preferences = {}) {
  const CommandResult result =
      run_sharkd(capture, {R"({"jsonrpc":"2.0","id":2,"method":"tap","params":{"tap0":"expert"}})"},
                 "", preferences);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  Counts counts;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json reply = nlohmann::json::parse(line);
    if (reply.value("id", 0) != 2) continue;
    for (const auto& item : reply.at("result").at("taps").at(0).at("details")) {
      if (item.at("p") != "LwM2M") continue;
      // sharkd names severities as Wireshark does ("Warning"); tshark's sections are plurals.
      static const std::map<std::string, std::string> kSection = {
          {"Error", "Errors"}, {"Warning", "Warns"}, {"Note", "Notes"}, {"Chat", "Chats"}};
      ++counts[{kSection.at(item.at("s")), item.at("g"), item.at("m")}];
    }
  }
  return counts;
}

// The LwM2M items of tshark -z expert, counted.
Counts tshark_items(const std::string& capture, const std::vector<std::string>& options = {}) {
  std::vector<std::string> args = {"-r", capture, "-q", "-z", "expert"};
  args.insert(args.end(), options.begin(), options.end());
  const CommandResult result = run_tshark(args);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  Counts counts;
  std::istringstream lines(result.out);
  std::string section;
  for (std::string line; std::getline(lines, line);) {
    // "Warns (2)", then "   Frequency      Group           Protocol  Summary", then items.
    const std::size_t paren = line.find(" (");
    if (!line.empty() && line[0] != ' ' && paren != std::string::npos) {
      section = line.substr(0, paren);
      continue;
    }
    std::istringstream fields(line);
    int frequency = 0;
    std::string group;
    std::string protocol;
    if (!(fields >> frequency >> group >> protocol) || protocol != "LwM2M") continue;
    std::string message;
    std::getline(fields >> std::ws, message);
    counts[{section, group, message}] += frequency;
  }
  return counts;
}

TEST(ExpertRetap, RegistrationsWithoutATreeReportTheItemsOfTheFirstPass) {
  const Counts retapped = sharkd_items(sample("registrations.pcapng"));
  EXPECT_EQ(retapped.size(), 7u);
  EXPECT_EQ(retapped.count({"Warns", "Protocol",
                            "Duplicate Endpoint Client Name: ep=00A0C9-ThermoV2-SN12345 with ept 1 "
                            "is already registered with this server by 10.0.0.53:49153 (frame 9, "
                            "/rd/3)"}),
            1u);
  EXPECT_EQ(retapped, tshark_items(sample("registrations.pcapng")));
}

TEST(ExpertRetap, EverySampleReportsTheSameItemsWithoutATree) {
  for (const char* name :
       {"names-urn.pcapng", "names-oui.pcapng", "ept-and-params.pcapng", "lifecycle.pcapng",
        "broken-coap.pcapng", "exchanges.pcapng", "query-limits.pcapng", "answers.pcapng",
        "edges.pcapng", "real-block1.pcapng", "real-udp.pcapng", "truncated.pcapng",
        "cert-type-differs.pcapng", "cert-no-type.pcapng", "cert-type-as-name.pcapng",
        "cert-rejected.pcapng", "cert-enforced.pcapng", "cert-tls13.pcapng",
        "undelivered.pcapng"}) {
    const Counts retapped = sharkd_items(sample(name));
    EXPECT_FALSE(retapped.empty() && std::string(name) != "exchanges.pcapng") << name;
    EXPECT_EQ(retapped, tshark_items(sample(name))) << name;
  }
}

TEST(ExpertRetap, LeshanUpdatesWithoutTheirRegisterToo) {
  const std::string capture = shared_capture("leshan-thermostat-readings.pcapng");
  if (capture.empty())
    GTEST_SKIP() << "../shared/captures/leshan-thermostat-readings.pcapng absent";
  const Counts retapped = sharkd_items(capture);
  EXPECT_EQ(retapped,
            (Counts{{{"Notes", "Sequence",
                      "The Register of this registration is not in the capture: its Endpoint "
                      "Client Name is unknown"},
                     111}}));
  EXPECT_EQ(retapped, tshark_items(capture));
}

// The Wakaama captures, their servers' ports given to the plugin's preference: the real
// servers' findings without a tree too.
TEST(ExpertRetap, WakaamaCapturesWithTheServerPortsPreference) {
  for (const char* name :
       {"wakaama-bootstrap-then-register.pcapng", "wakaama-register-read-write-observe.pcapng",
        "wakaama-bootstrap-ept.pcapng", "wakaama-bootstrap-server-gone.pcapng"}) {
    const std::string capture = shared_capture(name);
    if (capture.empty()) GTEST_SKIP() << "../shared/captures/" << name << " absent";
    const Counts retapped = sharkd_items(capture, {"lwm2m.server_ports:5783,5785"});
    EXPECT_FALSE(retapped.empty()) << name;
    EXPECT_EQ(retapped, tshark_items(capture, {"-o", "lwm2m.server_ports:5783,5785"})) << name;
  }
}

}  // namespace
}  // namespace lwm2m::test

#include "frame_builder.h"
#include "pcap_writer.h"

namespace lwm2m::test {
namespace {

// Replayed items rewrite the Expert column one by one: the column must end with the frame's
// highest severity, as on the pass with a tree. truncated.pcapng frame 15 has a duplicate-name
// warning and a cut-payload note.
TEST(ExpertRetap, TheExpertColumnIsTheSameOnEveryPass) {
  const std::vector<std::string> column = {"-o", R"(gui.column.format:"No.","%m","Expert","%a")"};
  std::vector<std::string> two_passes = column;
  two_passes.push_back("-2");
  const CommandResult one = run_tshark(
      {"-r", sample("truncated.pcapng"), "-o", R"(gui.column.format:"No.","%m","Expert","%a")"});
  const CommandResult two = run_tshark({"-r", sample("truncated.pcapng"), "-2", "-o",
                                        R"(gui.column.format:"No.","%m","Expert","%a")"});
  ASSERT_EQ(one.exit_code, 0) << one.err;
  ASSERT_EQ(two.exit_code, 0) << two.err;
  EXPECT_NE(one.out.find("   15 Warning\n"), std::string::npos) << one.out;
  EXPECT_EQ(two.out, one.out);
  // A filter on CoAP makes a tree on each pass, with no LwM2M item wanted in it.
  const CommandResult filtered = run_tshark({"-r", sample("truncated.pcapng"), "-Y", "coap", "-o",
                                             R"(gui.column.format:"No.","%m","Expert","%a")"});
  const CommandResult filtered_two =
      run_tshark({"-r", sample("truncated.pcapng"), "-2", "-Y", "coap", "-o",
                  R"(gui.column.format:"No.","%m","Expert","%a")"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  ASSERT_EQ(filtered_two.exit_code, 0) << filtered_two.err;
  EXPECT_NE(filtered.out.find("   15 Warning\n"), std::string::npos) << filtered.out;
  EXPECT_EQ(filtered_two.out, filtered.out);
}

// A Register listing more object links than the tree shows (512) gets a note; a filter on that
// note finds it on a pass without a visible tree, as the Expert dialog's "apply as filter" does.
TEST(ExpertRetap, AFilterOnTheUndecodedNoteFindsIt) {
  TempDir dir;
  const std::string capture = dir.file("many-links.pcap");
  {
    std::string links;
    for (int i = 0; i < 600; ++i) links += (i ? ",</" : "</") + std::to_string(i) + "/0>";
    // CON POST /rd?ept=2&ep=urn:imei:490154203237518, Content-Format 40, MID 1, token 0x01.
    Bytes coap = {0x41, 0x02, 0x00, 0x01, 0x01};
    coap = coap + Bytes{0xb2} + text_bytes("rd");
    const std::string ept = "ept=2";
    const std::string ep = "ep=urn:imei:490154203237518";
    coap = coap + Bytes{0x45} + text_bytes(ept);
    coap = coap + Bytes{0x0d, static_cast<uint8_t>(ep.size() - 13)} + text_bytes(ep);
    // No Content-Format: a Register's payload is read as link-format then.
    coap = coap + Bytes{0xff} + text_bytes(links);
    PcapWriter writer(capture, DLT_EN10MB);
    writer.add(ethernet(0x0800, ipv4(Ipv4("10.0.0.9", "10.0.0.1"), udp(49153, 5683, coap))),
               1'000'000'000);
  }
  // The filter alone, with summary lines (no field asked for, no visible tree): frame 1.
  const CommandResult filtered = run_tshark({"-r", capture, "-Y", "lwm2m.undecoded"});
  ASSERT_EQ(filtered.exit_code, 0) << filtered.err;
  EXPECT_EQ(std::count(filtered.out.begin(), filtered.out.end(), '\n'), 1) << filtered.out;
  EXPECT_NE(filtered.out.find("LwM2M Register ep=urn:imei:490154203237518"), std::string::npos);
  // And it is in the Expert dialog's list without a tree.
  EXPECT_EQ(
      sharkd_items(capture).count({"Notes", "Undecoded", "88 more object links are not shown"}),
      1u);
}

}  // namespace
}  // namespace lwm2m::test
