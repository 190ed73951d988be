#include "lwm2m/object_registry.h"

#include <gtest/gtest.h>

#include <string>

namespace lwm2m {
namespace {

TEST(ObjectRegistry, NamesTheCoreObjects) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.object_name(0), "LWM2M Security");
  EXPECT_EQ(names.object_name(1), "LwM2M Server");
  EXPECT_EQ(names.object_name(2), "LwM2M Access Control");
  EXPECT_EQ(names.object_name(3), "Device");
  EXPECT_EQ(names.object_name(4), "Connectivity Monitoring");
  EXPECT_EQ(names.object_name(5), "Firmware Update");
  EXPECT_EQ(names.object_name(6), "Location");
  EXPECT_EQ(names.object_name(7), "Connectivity Statistics");
}

TEST(ObjectRegistry, NamesTheCommonIpsoObjects) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.object_name(3200), "Digital Input");
  EXPECT_EQ(names.object_name(3303), "Temperature");
  EXPECT_EQ(names.object_name(3311), "Light Control");
  EXPECT_EQ(names.object_name(3336), "Location");
  for (uint16_t object :
       {3200, 3201, 3202, 3203, 3300, 3301, 3302, 3303, 3304, 3305, 3306, 3308, 3310, 3311,
        3312, 3313, 3314, 3315, 3316, 3317, 3318, 3319, 3320, 3321, 3322, 3323, 3324, 3325,
        3326, 3327, 3328, 3329, 3330, 3331, 3332, 3333, 3334, 3335, 3336, 3337, 3338, 3339,
        3340, 3341, 3342, 3343, 3344, 3345, 3346, 3347, 3348, 3349, 3350}) {
    EXPECT_FALSE(names.object_name(object).empty()) << object;
  }
}

TEST(ObjectRegistry, NamesResourcesAsTheRegistryDoes) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.resource_name(3, 0), "Manufacturer");
  EXPECT_EQ(names.resource_name(3, 14), "UTC Offset");
  EXPECT_EQ(names.resource_name(3, 16), "Supported Binding and Modes");
  EXPECT_EQ(names.resource_name(1, 1), "Lifetime");
  EXPECT_EQ(names.resource_name(4, 4), "IP Addresses");
  EXPECT_EQ(names.resource_name(6, 0), "Latitude");
  EXPECT_EQ(names.resource_name(3303, 5700), "Sensor Value");
  EXPECT_EQ(names.resource_name(3200, 5500), "Digital Input State");
  EXPECT_EQ(names.resource_name(3311, 5850), "On/Off");
}

// The package leaves out object 0 and Execute resources; the supplement brings them.
TEST(ObjectRegistry, NamesWhatTheSupplementBrings) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.resource_name(0, 0), "LWM2M Server URI");  // the registry's two spaces made one
  EXPECT_EQ(names.resource_name(0, 10), "Short Server ID");
  EXPECT_EQ(names.resource_name(1, 8), "Registration Update Trigger");
  EXPECT_EQ(names.resource_name(3, 4), "Reboot");
  EXPECT_EQ(names.resource_name(3, 5), "Factory Reset");
  EXPECT_EQ(names.resource_name(5, 2), "Update");
  EXPECT_EQ(names.resource_name(3303, 5605), "Reset Min and Max Measured Values");
}

TEST(ObjectRegistry, UnknownIsEmpty) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.object_name(9999), "");
  EXPECT_EQ(names.object_name(65535), "");
  EXPECT_EQ(names.resource_name(3, 9999), "");
  EXPECT_EQ(names.resource_name(9999, 0), "");
  EXPECT_EQ(names.resource_name(3303, 0), "");
}

TEST(ObjectRegistry, HasEveryRowTheTableWasGeneratedWith) {
  EXPECT_EQ(builtin_object_count(), 303u);
  EXPECT_EQ(builtin_resource_count(), 2909u);
}

TEST(ObjectRegistry, PathNames) {
  const ObjectRegistry& names = builtin_object_registry();
  EXPECT_EQ(names.path_name({3, 0, 0}), "Device / Manufacturer");
  EXPECT_EQ(names.path_name({3, 0, 14}), "Device / UTC Offset");
  EXPECT_EQ(names.path_name({3, 0, 0, 1}), "Device / Manufacturer");
  EXPECT_EQ(names.path_name({3, 0}), "Device");
  EXPECT_EQ(names.path_name({3}), "Device");
  EXPECT_EQ(names.path_name({3303, 0, 5700}), "Temperature / Sensor Value");
  EXPECT_EQ(names.path_name({3303, 1, 5700}), "Temperature / Sensor Value");
  // A Resource without a name: the Object's name alone.
  EXPECT_EQ(names.path_name({3, 0, 9999}), "Device");
  EXPECT_EQ(names.path_name({3, 0, 9999, 2}), "Device");
  // Nothing named: nothing.
  EXPECT_EQ(names.path_name({9999, 0, 1}), "");
  EXPECT_EQ(names.path_name({9999}), "");
  EXPECT_EQ(names.path_name({}), "");
  const uint16_t ids[] = {1, 0, 1};
  EXPECT_EQ(names.path_name(ids, 3), "LwM2M Server / Lifetime");
  EXPECT_EQ(names.path_name(ids, 2), "LwM2M Server");
}

TEST(ObjectRegistry, TheUserAddsObjectsAndResources) {
  ObjectRegistry names;
  EXPECT_EQ(names.user_count(), 0u);
  EXPECT_EQ(names.add(40000, std::nullopt, "Acme Pump"), std::nullopt);
  EXPECT_EQ(names.add(40000, 1, "Flow Rate"), std::nullopt);
  EXPECT_EQ(names.add(40001, 7, "Pressure"), std::nullopt);
  EXPECT_EQ(names.user_count(), 3u);
  EXPECT_EQ(names.object_name(40000), "Acme Pump");
  EXPECT_EQ(names.resource_name(40000, 1), "Flow Rate");
  EXPECT_EQ(names.resource_name(40000, 2), "");
  EXPECT_EQ(names.path_name({40000, 0, 1}), "Acme Pump / Flow Rate");
  EXPECT_EQ(names.path_name({40000, 0, 2}), "Acme Pump");
  // A named Resource of an Object without a name: the Object's number.
  EXPECT_EQ(names.path_name({40001, 0, 7}), "40001 / Pressure");
  EXPECT_EQ(names.path_name({40001, 0}), "");
  // The built-in names are still there.
  EXPECT_EQ(names.path_name({3, 0, 0}), "Device / Manufacturer");
}

TEST(ObjectRegistry, TheUserOverridesBuiltInNames) {
  ObjectRegistry names;
  EXPECT_EQ(names.add(3, std::nullopt, "Gerät"), std::nullopt);
  EXPECT_EQ(names.add(3, 0, "Hersteller"), std::nullopt);
  EXPECT_EQ(names.path_name({3, 0, 0}), "Gerät / Hersteller");
  EXPECT_EQ(names.path_name({3, 0, 1}), "Gerät / Model Number");
  // A later row for the same thing replaces the earlier one.
  EXPECT_EQ(names.add(3, 0, "Maker"), std::nullopt);
  EXPECT_EQ(names.resource_name(3, 0), "Maker");
  EXPECT_EQ(names.user_count(), 2u);
  // The shared built-in registry is not touched.
  EXPECT_EQ(builtin_object_registry().object_name(3), "Device");
  names.clear();
  EXPECT_EQ(names.user_count(), 0u);
  EXPECT_EQ(names.path_name({3, 0, 0}), "Device / Manufacturer");
}

TEST(ObjectRegistry, KeepsUserNamesSortedWhateverTheOrder) {
  ObjectRegistry names;
  for (unsigned long resource : {9ul, 3ul, 7ul, 1ul, 5ul}) {
    EXPECT_EQ(names.add(50000, resource, "R" + std::to_string(resource)), std::nullopt);
  }
  EXPECT_EQ(names.add(50001, 0, "Other"), std::nullopt);
  EXPECT_EQ(names.add(49999, 65535, "Last"), std::nullopt);
  for (unsigned long resource : {1ul, 3ul, 5ul, 7ul, 9ul}) {
    EXPECT_EQ(names.resource_name(50000, static_cast<uint16_t>(resource)),
              "R" + std::to_string(resource));
  }
  EXPECT_EQ(names.resource_name(50000, 2), "");
  EXPECT_EQ(names.resource_name(50001, 0), "Other");
  EXPECT_EQ(names.resource_name(49999, 65535), "Last");
}

TEST(ObjectRegistry, RefusesBadRows) {
  ObjectRegistry names;
  EXPECT_EQ(names.add(65536, std::nullopt, "X"),
            "object 65536 is not an LwM2M id: ids are 0-65535");
  EXPECT_EQ(names.add(3, 70000, "X"), "resource 70000 is not an LwM2M id: ids are 0-65535");
  EXPECT_EQ(names.add(3, 0, ""), "the name is empty");
  EXPECT_EQ(names.add(3, 0, "Tab\there"), "the name has a control character (0x09)");
  EXPECT_EQ(names.add(3, 0, "bad \xff byte"), "the name is not UTF-8: '\\xFF'");
  EXPECT_EQ(names.add(3, 0, std::string(129, 'a')),
            "the name is too long: 129 bytes, the limit is 128");
  EXPECT_EQ(names.add(3, 0, std::string(128, 'a')), std::nullopt);
  EXPECT_EQ(ObjectRegistry::check(3, 0, ""), "the name is empty");
  EXPECT_EQ(ObjectRegistry::check(65535, 65535, "Fine"), std::nullopt);
  EXPECT_EQ(names.user_count(), 1u);
}

// The plugin's table rows: the Resource ID as the user typed it.
TEST(ObjectRegistry, ReadsTableRows) {
  ObjectRegistry names;
  EXPECT_EQ(names.add_row(40000, "", "Acme Pump"), std::nullopt);
  EXPECT_EQ(names.add_row(40001, "-1", "Acme Valve"), std::nullopt);
  EXPECT_EQ(names.add_row(40000, "12", "Flow Rate"), std::nullopt);
  EXPECT_EQ(names.object_name(40000), "Acme Pump");
  EXPECT_EQ(names.object_name(40001), "Acme Valve");
  EXPECT_EQ(names.resource_name(40000, 12), "Flow Rate");
  EXPECT_EQ(names.user_count(), 3u);
  EXPECT_EQ(names.add_row(40000, "x1", "Bad"),
            "resource 'x1' is not a number: leave it empty (or -1) for the object itself");
  EXPECT_EQ(names.add_row(40000, "-2", "Bad"),
            "resource '-2' is not a number: leave it empty (or -1) for the object itself");
  EXPECT_EQ(names.add_row(40000, "65536", "Bad"),
            "resource 65536 is not an LwM2M id: ids are 0-65535");
  EXPECT_EQ(names.add_row(40000, "99999999999999999999999", "Bad"),
            "resource 99999999999999999999999 is not an LwM2M id: ids are 0-65535");
  EXPECT_EQ(names.add_row(40000, "1", ""), "the name is empty");
  EXPECT_EQ(names.user_count(), 3u);
  EXPECT_EQ(ObjectRegistry::check_row(3, "0", "Maker"), std::nullopt);
  EXPECT_EQ(ObjectRegistry::check_row(3, " 0", "Maker"),
            "resource ' 0' is not a number: leave it empty (or -1) for the object itself");
  EXPECT_EQ(ObjectRegistry::check_row(70000, "", "X"),
            "object 70000 is not an LwM2M id: ids are 0-65535");
}

}  // namespace
}  // namespace lwm2m
