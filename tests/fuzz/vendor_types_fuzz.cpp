// Fuzz target: the user's table of vendor-specific types (VendorTypeTable::add with a pattern)
// and the names matched against it (check_endpoint_name under that type). A pattern comes from
// the user's UAT, a name from a capture: neither may crash, hang or throw. Input:
// "<pattern>\n<name>"; without a newline the whole input is the pattern, tried on a fixed name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/vendor_types.h"

using lwm2m::fuzz::is_printable_utf8;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');
  const std::string_view pattern = input.substr(0, newline);
  const std::string_view name =
      newline == std::string_view::npos ? "ACME-123456" : input.substr(newline + 1);
  constexpr uint8_t kType = 180;

  lwm2m::VendorTypeTable table;
  const std::optional<std::string> refused = table.add(kType, "Fuzz", std::string(pattern));
  if (refused) {
    FUZZ_CHECK(!refused->empty() && is_printable_utf8(*refused));
    FUZZ_CHECK(table.find(kType) == nullptr && table.empty());
    FUZZ_CHECK(table.type_name(kType) == "Vendor specific");
  } else {
    const lwm2m::VendorTypeTable::Entry* entry = table.find(kType);
    FUZZ_CHECK(entry != nullptr && entry->type == kType && entry->pattern == pattern);
    FUZZ_CHECK((entry->regex != nullptr) == !pattern.empty());
    FUZZ_CHECK(table.type_name(kType) == "Fuzz");
  }

  const lwm2m::NameCheck check = lwm2m::check_endpoint_name(name, kType, &table);
  const lwm2m::NameCheck plain = lwm2m::check_endpoint_name(name, kType, nullptr);
  for (const std::string& problem : check.problems)
    FUZZ_CHECK(!problem.empty() && is_printable_utf8(problem));
  // The pattern only ever adds a problem, and only to a name the general rules accept.
  FUZZ_CHECK(check.problems.size() == plain.problems.size() ||
             (plain.valid() && check.problems.size() == 1));
  if (refused || pattern.empty()) FUZZ_CHECK(check.problems.size() == plain.problems.size());
  return 0;
}
