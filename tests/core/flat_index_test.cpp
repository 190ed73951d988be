#include "lwm2m/flat_index.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace lwm2m {
namespace {

TEST(FlatIndex, FindsWhatWasPutThroughManyGrowths) {
  FlatIndex<uint32_t> index;
  EXPECT_EQ(index.find(7), nullptr);  // nothing allocated yet
  const uint64_t count = 10000;
  for (uint64_t key = 1; key <= count; ++key) {
    // Keys that differ only in their high bits, as tagged hashes may.
    const auto [value, made] = index.emplace(key << 40, static_cast<uint32_t>(key));
    EXPECT_TRUE(made);
    EXPECT_EQ(*value, key);
  }
  EXPECT_EQ(index.size(), count);
  for (uint64_t key = 1; key <= count; ++key) {
    const uint32_t* value = index.find(key << 40);
    ASSERT_NE(value, nullptr) << key;
    EXPECT_EQ(*value, key);
  }
  EXPECT_EQ(index.find(count + 1), nullptr);
}

TEST(FlatIndex, AnExistingKeyKeepsItsValue) {
  FlatIndex<int> index;
  EXPECT_TRUE(index.emplace(42, 1).second);
  const auto [value, made] = index.emplace(42, 2);
  EXPECT_FALSE(made);
  EXPECT_EQ(*value, 1);
  *value = 3;
  EXPECT_EQ(*index.find(42), 3);
  index[42] = 4;
  EXPECT_EQ(*index.find(42), 4);
  EXPECT_EQ(index[43], 0);  // made by operator[]
  EXPECT_EQ(index.size(), 2u);
}

TEST(FlatIndex, KeyZeroIsAKeyToo) {
  FlatIndex<int> index;
  index[0] = 5;
  ASSERT_NE(index.find(0), nullptr);
  EXPECT_EQ(*index.find(0), 5);
  EXPECT_FALSE(index.empty());
}

}  // namespace
}  // namespace lwm2m
