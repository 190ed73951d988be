// The expert items of a pass without a protocol tree, as the GUI's Expert Information dialog
// retaps: sharkd (scripts/lwm2m-sharkd) dissects that way. They must be the items tshark's
// single pass (which has a tree) reports, on every sample.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

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
        "edges.pcapng", "real-block1.pcapng", "real-udp.pcapng", "truncated.pcapng"}) {
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
