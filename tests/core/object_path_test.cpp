#include "lwm2m/object_path.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace lwm2m {
namespace {

TEST(ObjectPath, ParsesEachLevel) {
  const std::optional<ObjectPath> root = parse_object_path({});
  ASSERT_TRUE(root);
  EXPECT_EQ(root->depth, 0);
  EXPECT_FALSE(root->object());
  EXPECT_EQ(object_path_text(*root), "/");

  const std::optional<ObjectPath> full = parse_object_path({"3", "0", "7", "65535"});
  ASSERT_TRUE(full);
  EXPECT_EQ(full->depth, 4);
  EXPECT_EQ(full->object(), 3);
  EXPECT_EQ(full->instance(), 0);
  EXPECT_EQ(full->resource(), 7);
  EXPECT_EQ(full->resource_instance(), 65535);
  EXPECT_EQ(object_path_text(*full), "/3/0/7/65535");

  const std::optional<ObjectPath> instance = parse_object_path({"3303", "12"});
  ASSERT_TRUE(instance);
  EXPECT_EQ(instance->instance(), 12);
  EXPECT_FALSE(instance->resource());
  EXPECT_EQ(object_path_text(*instance), "/3303/12");
}

TEST(ObjectPath, RefusesWhatIsNotAnLwm2mPath) {
  EXPECT_FALSE(parse_object_path({"rd"}));
  EXPECT_FALSE(parse_object_path({"3", "x"}));
  EXPECT_FALSE(parse_object_path({"3", "-1"}));
  EXPECT_FALSE(parse_object_path({"3", "+1"}));
  EXPECT_FALSE(parse_object_path({"65536"}));
  EXPECT_FALSE(parse_object_path({"100000"}));
  EXPECT_FALSE(parse_object_path({"1", "2", "3", "4", "5"}));
  EXPECT_FALSE(parse_object_path({""}));
  // Leading zeros are still the number.
  EXPECT_EQ(parse_object_path({"03"})->object(), 3);
}

}  // namespace
}  // namespace lwm2m
