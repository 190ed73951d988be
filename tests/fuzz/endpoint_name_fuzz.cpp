// Fuzz target: the Endpoint Client Name Type (parse_ept) and the Endpoint Client Name
// (check_endpoint_name), as the plugin and the replay tool call them for every Register and
// Bootstrap-Request. Input: "<ept>\n<ep>" (the ept value, a newline, the name, which may hold
// further newlines); without a newline the whole input is a name sent with no ept.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/printable.h"
#include "lwm2m/vendor_types.h"

namespace {

using lwm2m::fuzz::is_printable_utf8;

// Vendor types as a user's table might name them: with a pattern, without one.
const lwm2m::VendorTypeTable& vendor_table() {
  static const lwm2m::VendorTypeTable table = [] {
    lwm2m::VendorTypeTable t;
    FUZZ_CHECK(!t.add(100, "Acme serial", "[A-Z]{3}-[0-9]{6}"));
    FUZZ_CHECK(!t.add(101, "Any name", ""));
    FUZZ_CHECK(!t.add(200, "Acme URN", "urn:acme:([a-z0-9]+)(:[0-9a-f]{2,8})*"));
    return t;
  }();
  return table;
}

bool all_digits(std::string_view text) {
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

void check_name(std::string_view name, std::optional<uint8_t> type) {
  const lwm2m::NameCheck check = lwm2m::check_endpoint_name(name, type, &vendor_table());
  for (const std::string& problem : check.problems) {
    FUZZ_CHECK(!problem.empty());
    FUZZ_CHECK(is_printable_utf8(problem));
  }
  FUZZ_CHECK(check.valid() == check.problems.empty());
  FUZZ_CHECK(!lwm2m::name_form_label(check.form).empty());
  // The general rules hold under every type.
  if (name.empty() || name.size() > lwm2m::kMaxEndpointNameBytes) FUZZ_CHECK(!check.valid());
  if (!is_printable_utf8(name)) FUZZ_CHECK(!check.valid());
  if (check.valid() && type) {
    using lwm2m::NameForm;
    switch (lwm2m::ept_kind(*type)) {
      case lwm2m::EptKind::kOuiPcSerialNumber:
        FUZZ_CHECK(check.form == NameForm::kOuiPcSn || check.form == NameForm::kOuiSn);
        break;
      case lwm2m::EptKind::kUrn:
        FUZZ_CHECK(check.form != NameForm::kOuiPcSn && check.form != NameForm::kOuiSn &&
                   check.form != NameForm::kUnknown);
        break;
      case lwm2m::EptKind::kReservedOma:
      case lwm2m::EptKind::kVendorSpecific:
        break;
    }
  }
  // Without a type only the general rules apply: never more problems than with one.
  if (!type) {
    const lwm2m::NameCheck typed = lwm2m::check_endpoint_name(name, uint8_t{2}, &vendor_table());
    FUZZ_CHECK(typed.problems.size() >= check.problems.size());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t newline = input.find('\n');

  // printable(): valid UTF-8 without controls, and the identity on text that already is.
  const std::string shown = lwm2m::printable(input);
  FUZZ_CHECK(is_printable_utf8(shown));
  if (is_printable_utf8(input)) FUZZ_CHECK(shown == input);
  FUZZ_CHECK(shown.size() >= input.size());

  if (newline == std::string_view::npos) {
    check_name(input, std::nullopt);
    return 0;
  }
  const std::string_view ept_text = input.substr(0, newline);
  const std::string_view name = input.substr(newline + 1);

  const lwm2m::EptParse ept = lwm2m::parse_ept(ept_text);
  FUZZ_CHECK(ept.type.has_value() == ept.problem.empty());
  FUZZ_CHECK(is_printable_utf8(ept.problem));
  if (ept.type) {
    FUZZ_CHECK(*ept.type >= 1);
    FUZZ_CHECK(all_digits(ept_text));
    FUZZ_CHECK(!ept.out_of_range);
    FUZZ_CHECK(!vendor_table().type_name(*ept.type).empty());
  }
  if (ept.out_of_range) {
    FUZZ_CHECK(all_digits(ept_text));
    FUZZ_CHECK(*ept.out_of_range == 0 || *ept.out_of_range > 255);
  }
  check_name(name, ept.type);
  return 0;
}
