// The plugin loads into tshark and registers every field and expert item of the display filter
// contract (docs/DESIGN.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

std::set<std::string> lwm2m_fields() {
  CommandResult result = run_tshark({"-G", "fields"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::set<std::string> names;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    // F<TAB>name<TAB>abbrev<TAB>type<TAB>protocol...
    std::istringstream cells(line);
    std::string kind, name, abbrev, type, protocol;
    std::getline(cells, kind, '\t');
    std::getline(cells, name, '\t');
    std::getline(cells, abbrev, '\t');
    std::getline(cells, type, '\t');
    std::getline(cells, protocol, '\t');
    if (kind == "F" && protocol == "lwm2m") names.insert(abbrev + " " + type);
  }
  return names;
}

TEST(PluginRegistration, TsharkListsThePlugin) {
  CommandResult result = run_tshark({"-G", "plugins"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("lwm2m.so"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("dissector"), std::string::npos);
}

TEST(PluginRegistration, ProtocolIsLwM2M) {
  const Rows protocols = tshark_protocols();
  const std::vector<std::string> lwm2m{"OMA Lightweight M2M", "LwM2M", "lwm2m"};
  EXPECT_NE(std::find(protocols.begin(), protocols.end(), lwm2m), protocols.end());
}

TEST(PluginRegistration, EveryContractFieldHasItsType) {
  std::set<std::string> fields = lwm2m_fields();
  for (const char* expected : {
           "lwm2m.operation FT_STRING",
           "lwm2m.ep FT_STRING",
           "lwm2m.ept FT_UINT8",
           "lwm2m.ept.name FT_STRING",
           "lwm2m.ep.format FT_STRING",
           "lwm2m.ep.valid FT_BOOLEAN",
           "lwm2m.ep.problem FT_STRING",
           "lwm2m.lt FT_UINT32",
           "lwm2m.sms FT_STRING",
           "lwm2m.version FT_STRING",
           "lwm2m.binding FT_STRING",
           "lwm2m.queue FT_BOOLEAN",
           "lwm2m.location FT_STRING",
           "lwm2m.object FT_UINT16",
           "lwm2m.object.instance FT_UINT16",
       }) {
    EXPECT_TRUE(fields.count(expected)) << "missing field " << expected;
  }
}

TEST(PluginRegistration, EveryContractExpertItemIsFilterable) {
  std::set<std::string> fields = lwm2m_fields();
  for (const char* expected :
       {"lwm2m.ep.invalid", "lwm2m.ep.missing", "lwm2m.ept.missing", "lwm2m.ept.invalid",
        "lwm2m.ept.reserved", "lwm2m.param.unknown", "lwm2m.param.duplicate", "lwm2m.conflict"}) {
    EXPECT_TRUE(fields.count(std::string(expected) + " FT_NONE")) << "missing expert " << expected;
  }
}

TEST(PluginRegistration, PreferencesAreRegistered) {
  CommandResult result = run_tshark({"-G", "currentprefs"});
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_NE(result.out.find("#lwm2m.ept_required: TRUE"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace lwm2m::test
