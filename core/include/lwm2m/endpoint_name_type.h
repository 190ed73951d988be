// Endpoint Client Name Type (`ept`), the change request's section 6.2.1.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lwm2m {

enum class EptKind {
  kOuiPcSerialNumber,  // 1
  kUrn,                // 2
  kReservedOma,        // 3-64
  kVendorSpecific,     // 65-255
};

EptKind ept_kind(uint8_t type);

// "OUI-PC-Serial Number", "URN", "Reserved (OMA)", "Vendor specific".
std::string_view ept_kind_name(EptKind kind);

struct EptParse {
  // The type, when `text` is a decimal number 1-255.
  std::optional<uint8_t> type;
  // The number when `text` is decimal but out of range (0, 256...), to show it; else empty.
  std::optional<unsigned long> out_of_range;
  // Human sentence when `type` is empty, e.g. "'abc' is not a decimal number".
  std::string problem;
};

// Parses the value of an `ept=` query parameter. Decimal digits only: no sign, no spaces, no hex.
EptParse parse_ept(std::string_view text);

}  // namespace lwm2m
