#include "lwm2m/hash.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace lwm2m {
namespace {

// FNV-1a as its definition reads: one byte a step.
uint64_t fnv1a_bytewise(uint64_t hash, const std::string& text) {
  for (unsigned char byte : text) hash = (hash ^ byte) * 1099511628211ull;
  return hash;
}

uint64_t fnv1a_of(const std::string& text) {
  return fnv1a(kFnvOffset, text.data(), text.size());
}

// The published FNV-1a 64-bit test vectors.
TEST(Fnv1a, PublishedValues) {
  EXPECT_EQ(fnv1a_of(""), 0xcbf29ce484222325ull);
  EXPECT_EQ(fnv1a_of("a"), 0xaf63dc4c8601ec8cull);
  EXPECT_EQ(fnv1a_of("foobar"), 0x85944171f73967e8ull);
}

TEST(Fnv1a, EverySizeAsOneByteAStep) {
  const std::string text = "urn:uuid:00000000-7dec-41d0-a765-79b97f4a7c15\x80\xff";
  for (std::size_t size = 0; size <= text.size(); ++size) {
    const std::string part = text.substr(0, size);
    EXPECT_EQ(fnv1a_of(part), fnv1a_bytewise(kFnvOffset, part)) << size;
  }
}

TEST(Fnv1a, ContinuesAHash) {
  const uint64_t first = fnv1a_of("urn:imei:");
  EXPECT_EQ(fnv1a(first, "490154203237518", 15), fnv1a_of("urn:imei:490154203237518"));
}

}  // namespace
}  // namespace lwm2m
