// Issue 20, target 4: judging a valid Endpoint Client Name allocates nothing. A binary of its
// own, because it replaces the global operator new and delete to count every heap allocation the
// calls under test make (only while a Counting scope is open, on the counting thread).
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "endpoint_name_cases.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/vendor_types.h"

namespace {

thread_local bool counting = false;
thread_local std::size_t allocations = 0;

void* allocate(std::size_t size, std::size_t alignment) {
  if (counting) ++allocations;
  if (size == 0) size = 1;
  void* block = nullptr;
  if (alignment <= alignof(std::max_align_t)) {
    block = std::malloc(size);
  } else {
    size = (size + alignment - 1) / alignment * alignment;  // aligned_alloc wants a multiple
    block = std::aligned_alloc(alignment, size);
  }
  return block;
}

void* allocate_or_throw(std::size_t size, std::size_t alignment) {
  if (void* block = allocate(size, alignment)) return block;
  throw std::bad_alloc();
}

}  // namespace

void* operator new(std::size_t size) {
  return allocate_or_throw(size, alignof(std::max_align_t));
}
void* operator new[](std::size_t size) {
  return allocate_or_throw(size, alignof(std::max_align_t));
}
void* operator new(std::size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, static_cast<std::size_t>(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate_or_throw(size, static_cast<std::size_t>(alignment));
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, alignof(std::max_align_t));
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return allocate(size, alignof(std::max_align_t));
}
void* operator new(std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void* operator new[](std::size_t size, std::align_val_t alignment, const std::nothrow_t&) noexcept {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void operator delete(void* block) noexcept {
  std::free(block);
}
void operator delete[](void* block) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::size_t) noexcept {
  std::free(block);
}
void operator delete(void* block, std::align_val_t) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::align_val_t) noexcept {
  std::free(block);
}
void operator delete(void* block, std::size_t, std::align_val_t) noexcept {
  std::free(block);
}
void operator delete[](void* block, std::size_t, std::align_val_t) noexcept {
  std::free(block);
}

namespace lwm2m {
namespace {

// Counts the allocations made between its construction and count().
class Counting {
 public:
  Counting() {
    allocations = 0;
    counting = true;
  }
  ~Counting() { counting = false; }
  std::size_t count() {
    counting = false;
    return allocations;
  }
};

const VendorTypeTable& bench_vendors() {
  static const VendorTypeTable table = [] {
    VendorTypeTable vendors;
    EXPECT_FALSE(vendors.add(bench::kVendorTypeWithoutPattern, "Acme device", ""));
    EXPECT_FALSE(vendors.add(bench::kVendorTypeWithPattern, "Acme serial",
                             std::string(bench::kVendorPattern)));
    return vendors;
  }();
  return table;
}

// The one exception: a vendor type with a pattern, which std::regex matches, and std::regex
// allocates its matcher's state on every match (bench/README.md, "Issue 20, target 4").
bool matched_by_std_regex(const bench::NameCase& c) {
  return c.type == bench::kVendorTypeWithPattern;
}

TEST(EndpointNameAllocations, TheCounterSeesAnAllocation) {
  Counting counter;
  std::string text(100, 'x');
  EXPECT_GE(counter.count(), 1u);
}

TEST(EndpointNameAllocations, NoneForEachValidBenchmarkName) {
  const VendorTypeTable& vendors = bench_vendors();
  for (const bench::NameCase& c : bench::kValidNames) {
    SCOPED_TRACE(c.label);
    if (matched_by_std_regex(c)) continue;
    (void)check_endpoint_name(c.name, c.type, &vendors);  // first use: lazy statics, if any
    Counting counter;
    const NameCheck check = check_endpoint_name(c.name, c.type, &vendors);
    const bool valid = check.valid();
    EXPECT_EQ(counter.count(), 0u) << c.name;
    EXPECT_TRUE(valid) << c.name;
  }
}

// The plugin judges the pair (check_endpoint_pair): the ept text parsed, then the name.
TEST(EndpointNameAllocations, NoneForEachValidBenchmarkPair) {
  const VendorTypeTable& vendors = bench_vendors();
  for (const bench::NameCase& c : bench::kValidNames) {
    SCOPED_TRACE(c.label);
    if (matched_by_std_regex(c)) continue;
    const std::optional<std::string> ept =
        c.type ? std::optional<std::string>(std::to_string(*c.type)) : std::nullopt;
    const std::optional<std::string_view> ept_text =
        ept ? std::optional<std::string_view>(*ept) : std::nullopt;
    const bool ept_required = c.type.has_value();
    (void)check_endpoint_pair(ept_text, c.name, ept_required, &vendors);
    Counting counter;
    const NameCheck check = check_endpoint_pair(ept_text, c.name, ept_required, &vendors);
    const bool valid = check.valid();
    EXPECT_EQ(counter.count(), 0u) << c.name;
    EXPECT_TRUE(valid) << c.name;
  }
}

// Measured, not asserted: how many allocations the std::regex match of the pattern makes, printed
// so that the figure in bench/README.md can be reproduced (--gtest_filter='*Regex*').
TEST(EndpointNameAllocations, PrintsTheRegexMatchCount) {
  const VendorTypeTable& vendors = bench_vendors();
  for (const bench::NameCase& c : bench::kValidNames) {
    if (!matched_by_std_regex(c)) continue;
    (void)check_endpoint_name(c.name, c.type, &vendors);
    Counting counter;
    const NameCheck check = check_endpoint_name(c.name, c.type, &vendors);
    const std::size_t count = counter.count();
    EXPECT_TRUE(check.valid());
    std::printf("%s: %zu allocations\n", c.label, count);
  }
}

// An invalid name may allocate (its sentences); it still gets them, word for word.
TEST(EndpointNameAllocations, AnInvalidNameStillGetsItsSentence) {
  const NameCheck check = check_endpoint_name("IMEI:490154203237519", uint8_t{2});
  EXPECT_EQ(check.problems, std::vector<std::string>{"IMEI check digit is 9, expected 8"});
}

}  // namespace
}  // namespace lwm2m
