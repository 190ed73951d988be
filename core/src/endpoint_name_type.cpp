#include "lwm2m/endpoint_name_type.h"

#include <limits>

#include "text.h"

namespace lwm2m {

EptKind ept_kind(uint8_t type) {
  if (type == 1) return EptKind::kOuiPcSerialNumber;
  if (type == 2) return EptKind::kUrn;
  if (type >= 65) return EptKind::kVendorSpecific;
  // 3-64, and 0, which parse_ept never yields: treat it like the other numbers OMA has not
  // assigned.
  return EptKind::kReservedOma;
}

std::string_view ept_kind_name(EptKind kind) {
  switch (kind) {
    case EptKind::kOuiPcSerialNumber:
      return "OUI-PC-Serial Number";
    case EptKind::kUrn:
      return "URN";
    case EptKind::kReservedOma:
      return "Reserved (OMA)";
    case EptKind::kVendorSpecific:
      return "Vendor specific";
  }
  return "";
}

EptParse parse_ept(std::string_view text) {
  EptParse result;
  if (text.empty()) {
    result.problem = "ept is empty";
    return result;
  }
  const detail::Decimal number = detail::parse_decimal(text);
  if (!number.is_decimal) {
    result.problem = detail::quote(text) + " is not a decimal number";
    return result;
  }
  if (number.value >= 1 && number.value <= 255) {
    result.type = static_cast<uint8_t>(number.value);
    return result;
  }
  constexpr uint64_t kShowable = std::numeric_limits<unsigned long>::max();
  result.out_of_range =
      static_cast<unsigned long>(number.value > kShowable ? kShowable : number.value);
  result.problem = detail::decimal_text(number, text) + " is outside 1-255";
  return result;
}

}  // namespace lwm2m
