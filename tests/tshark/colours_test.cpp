// The shipped colouring rules (plugin/lwm2m.colorfilters, and the LwM2M profile's colorfilters
// built from them): their format, that every filter compiles, and the colours sharkd gives the
// frames (scripts/lwm2m-sharkd --colorfilters: sharkd colours frames as the packet list does).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "frame_builder.h"
#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

struct Rule {
  std::string name;
  std::string filter;
  std::vector<unsigned> background;  // r, g, b: 16-bit
  std::vector<unsigned> foreground;
};

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The rules of a colorfilters file, as Wireshark reads them: a line starting with '@' is a rule,
// any other is skipped. A rule line that does not parse fails the test.
std::vector<Rule> read_rules(const std::string& path) {
  static const std::regex kRule(R"(^@([^@]+)@([^@]+)@\[(\d+),(\d+),(\d+)\]\[(\d+),(\d+),(\d+)\]$)");
  std::vector<Rule> rules;
  std::istringstream lines(read_text(path));
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] != '@') continue;
    std::smatch match;
    if (!std::regex_match(line, match, kRule)) {
      ADD_FAILURE() << "not a colouring rule: " << line;
      continue;
    }
    Rule rule{match[1], match[2], {}, {}};
    for (int i = 3; i <= 8; ++i) {
      unsigned value = std::stoul(match[i]);
      EXPECT_LE(value, 65535u) << line;
      (i <= 5 ? rule.background : rule.foreground).push_back(value);
    }
    rules.push_back(rule);
  }
  return rules;
}

// How sharkd writes a colour: the 8-bit components' 24-bit value in hex, no leading zeros.
std::string sharkd_colour(const std::vector<unsigned>& rgb) {
  char text[16];
  std::snprintf(text, sizeof text, "%x", (rgb[0] >> 8) << 16 | (rgb[1] >> 8) << 8 | rgb[2] >> 8);
  return text;
}

// "bg/fg" of each frame sharkd colours, by frame number; uncoloured frames are absent.
std::map<int, std::string> frame_colours(const std::string& capture,
                                         const std::string& colorfilters) {
  const CommandResult result = run_sharkd(
      capture, {R"({"jsonrpc":"2.0","id":2,"method":"frames","params":{}})"}, colorfilters);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::map<int, std::string> colours;
  std::istringstream lines(result.out);
  for (std::string line; std::getline(lines, line);) {
    const nlohmann::json reply = nlohmann::json::parse(line);
    if (reply.value("id", 0) != 2) continue;
    for (const auto& frame : reply.at("result")) {
      if (!frame.contains("bg")) continue;
      colours[frame.at("num").get<int>()] =
          normal_sharkd_colour(frame.at("bg").get<std::string>()) + "/" +
          normal_sharkd_colour(frame.at("fg").get<std::string>());
    }
  }
  return colours;
}

const std::string kRules = LWM2M_COLORFILTERS;

// The colours of plugin/lwm2m.colorfilters, written out: a change of colour is a change here.
const std::string kInvalid = "b00020/ffffff";
const std::string kDuplicate = "ff8c00/0";
const std::string kConflict = "ffd54f/0";
const std::string kAccepted = "fff3c4/0";
const std::string kExpired = "b0bec5/0";
const std::string kCnMismatch = "9c27b0/ffffff";
const std::string kCnInvalid = "e1bee7/0";

// samples/verdicts.pcapng: 57 an invalid name, 61 a duplicate, 50 a 4.09 Conflict, 62 a 2.01 to
// a duplicate, 25 a valid Register; samples/registrations.pcapng: 5 an Update after the lifetime.
void expect_lwm2m_colours(const std::string& colorfilters, const std::string& normal) {
  std::map<int, std::string> verdicts = frame_colours(sample("verdicts.pcapng"), colorfilters);
  EXPECT_EQ(verdicts[57], kInvalid);
  EXPECT_EQ(verdicts[61], kDuplicate);
  EXPECT_EQ(verdicts[50], kConflict);
  EXPECT_EQ(verdicts[62], kAccepted);
  EXPECT_EQ(verdicts[25], normal);
  std::map<int, std::string> registrations =
      frame_colours(sample("registrations.pcapng"), colorfilters);
  EXPECT_EQ(registrations[5], kExpired);
  EXPECT_EQ(registrations[1], normal);
  // samples/cert-*.pcapng: 9 the client certificate, 16 the Register, 17 the server's 2.01.
  std::map<int, std::string> differs =
      frame_colours(sample("cert-type-differs.pcapng"), colorfilters);
  EXPECT_EQ(differs[16], kCnMismatch);
  EXPECT_EQ(differs[17], kCnMismatch);
  std::map<int, std::string> no_type = frame_colours(sample("cert-no-type.pcapng"), colorfilters);
  EXPECT_EQ(no_type[9], kCnInvalid);
  EXPECT_EQ(no_type[16], kCnMismatch);
  std::map<int, std::string> match = frame_colours(sample("cert-match.pcapng"), colorfilters);
  EXPECT_EQ(match[9], normal);
  EXPECT_EQ(match[16], normal);
}

TEST(ColouringRules, AreWiresharkColorfiltersForTheFindings) {
  std::vector<Rule> rules = read_rules(kRules);
  std::vector<std::string> names, filters;
  for (const Rule& rule : rules) {
    names.push_back(rule.name);
    filters.push_back(rule.filter);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "LwM2M invalid name", "LwM2M duplicate name", "LwM2M 4.09 Conflict",
                       "LwM2M duplicate accepted", "LwM2M registration expired",
                       "LwM2M certificate CN mismatch", "LwM2M certificate CN invalid"}));
  EXPECT_EQ(filters,
            (std::vector<std::string>{"lwm2m.ep.valid == 0", "lwm2m.ep.duplicate", "lwm2m.conflict",
                                      "lwm2m.conflict.expected", "lwm2m.registration.expired",
                                      "lwm2m.cert.mismatch || lwm2m.cert.mismatch_accepted",
                                      "lwm2m.cert.valid == 0"}));
  EXPECT_EQ(sharkd_colour(rules.at(0).background) + "/" + sharkd_colour(rules.at(0).foreground),
            kInvalid);
}

TEST(ColouringRules, EveryFilterCompiles) {
  // Wireshark disables a rule whose filter does not compile (and warns at start): tshark refuses
  // such a filter outright.
  std::string all;
  for (const Rule& rule : read_rules(kRules)) {
    all += (all.empty() ? "(" : " || (") + rule.filter + ")";
  }
  const CommandResult result = run_tshark({"-r", sample("registrations.pcapng"), "-Y", all});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  // An unknown field would not: a rule ahead of its field is disabled.
  const CommandResult unknown =
      run_tshark({"-r", sample("registrations.pcapng"), "-Y", "lwm2m.cert.no_such_field"});
  EXPECT_NE(unknown.exit_code, 0);
}

TEST(ColouringRules, SharkdColoursEachFinding) {
  // Alone, as the personal rules: every other frame stays uncoloured.
  expect_lwm2m_colours(kRules, "");
}

// Wireshark's own default rules, as the UDP rule colours a frame.
std::string udp_rule_colours(const std::string& colorfilters) {
  for (const Rule& rule : read_rules(colorfilters)) {
    if (rule.name == "UDP")
      return sharkd_colour(rule.background) + "/" + sharkd_colour(rule.foreground);
  }
  ADD_FAILURE() << "no UDP rule in " << colorfilters;
  return "";
}

TEST(ColouringRules, TheProfileKeepsWiresharksRulesBelowThem) {
  const std::string profile = LWM2M_PROFILE_COLORFILTERS;
  if (profile.empty()) GTEST_SKIP() << "no LwM2M profile built (no Wireshark colorfilters found)";
  expect_lwm2m_colours(profile, udp_rule_colours(profile));
}

TEST(ColouringRules, ImportedBelowWiresharksRulesTheyNeverApply) {
  // View > Coloring Rules > Import appends: Wireshark's UDP rule then matches first, which is
  // why the README says to drag the imported rules to the top.
  const std::string defaults = LWM2M_WIRESHARK_COLORFILTERS;
  if (defaults.empty()) GTEST_SKIP() << "no Wireshark colorfilters found";
  TempDir dir;
  const std::string imported = dir.file("colorfilters");
  std::ofstream(imported) << read_text(defaults) << read_text(kRules);
  std::map<int, std::string> verdicts = frame_colours(sample("verdicts.pcapng"), imported);
  EXPECT_EQ(verdicts[57], udp_rule_colours(defaults));
}

}  // namespace
}  // namespace lwm2m::test
