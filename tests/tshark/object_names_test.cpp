// The "LwM2M object names" table (plugin/object_names.cpp): tshark loads its rows, names paths
// with them, and refuses a bad row with the core's reason. What each row does to a path's name
// is tested in tests/core/object_registry_test.cpp.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// The Info of lifecycle.pcapng's Read of /3/0 and its answer, with the table's `rows`.
CommandResult with_rows(const std::vector<std::string>& rows) {
  std::vector<std::string> args = {"-r", sample("lifecycle.pcapng"),
                                   "-Y", "lwm2m.operation == \"Read\"",
                                   "-T", "fields",
                                   "-e", "_ws.col.Info"};
  for (const std::string& row : rows) {
    args.push_back("-o");
    args.push_back("uat:lwm2m_ept_object_names:" + row);
  }
  return run_tshark(args);
}

TEST(ObjectNamesTable, TheRegistrysNamesShowWithoutRows) {
  CommandResult result = with_rows({});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "LwM2M Read /3/0 (Device)\n"
            "LwM2M Read /3/0 (Device) response 2.05 Content\n");
}

TEST(ObjectNamesTable, LoadsObjectAndResourceRowsAndNamesPathsWithThem) {
  CommandResult result = with_rows({"\"33000\",\"\",\"Acme Pump\"", "\"33000\",\"1\",\"Flow Rate\"",
                                    "\"3\",\"-1\",\"Gerät\"", "\"3\",\"0\",\"Hersteller\""});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(result.out,
            "LwM2M Read /3/0 (Gerät)\n"
            "LwM2M Read /3/0 (Gerät) response 2.05 Content\n");
  EXPECT_EQ(result.err, "");
}

TEST(ObjectNamesTable, RefusesAResourceThatIsNotANumber) {
  CommandResult result = with_rows({"\"3\",\"zero\",\"Maker\""});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find(
                "resource 'zero' is not a number: leave it empty (or -1) for the object itself"),
            std::string::npos)
      << result.err;
}

TEST(ObjectNamesTable, RefusesIdsAboveTheLwM2MRange) {
  CommandResult result = with_rows({"\"70000\",\"\",\"Too big\""});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("object 70000 is not an LwM2M id: ids are 0-65535"), std::string::npos)
      << result.err;
}

TEST(ObjectNamesTable, RefusesAnEmptyName) {
  CommandResult result = with_rows({"\"3\",\"0\",\"\""});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("the name is empty"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace lwm2m::test
