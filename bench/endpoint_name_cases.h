// The Endpoint Client Names core_bench times, shared with the allocation test
// (tests/core/endpoint_name_alloc_test.cpp), which asserts that judging each valid one allocates
// nothing: one list, so that what is timed is what is proved allocation-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace lwm2m::bench {

struct NameCase {
  const char* label;
  std::string_view name;
  std::optional<uint8_t> type;
};

// A mix like a fleet's: valid names of every form and the usual mistakes (issue 2's list; the
// figures of bench/README.md are indexed by it, so it is only ever appended to).
inline constexpr NameCase kMixedNames[] = {
    {"urn:imei", "urn:imei:490154203237518", 2},
    {"IMEI: bad check digit", "IMEI:490154203237519", 2},
    {"urn:uuid", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 2},
    {"urn:esn", "urn:esn:1A2B3C4D", 2},
    {"urn:meid", "urn:meid:A0000000002329", 2},
    {"urn:dev:ops", "urn:dev:ops:32473-Thermostat-5002", 2},
    {"OUI-PC-SN", "00A0C9-ThermoV2-SN12345", 1},
    {"OUI lower-case", "00a0c9-SN1", 1},
    {"URN under type 1", "urn:imei:490154203237518", 1},
    {"no type", "urn:imei:490154203237518", std::nullopt},
};

// The vendor types kValidNames uses (core_bench and the test build this table the same way).
inline constexpr uint8_t kVendorTypeWithoutPattern = 101;
inline constexpr uint8_t kVendorTypeWithPattern = 102;
inline constexpr std::string_view kVendorPattern = "ACME-[0-9]{4}";

// One valid name of every form each type knows (issue 20, target 4: the median of these).
inline constexpr NameCase kValidNames[] = {
    {"urn:imei", "urn:imei:490154203237518", 2},
    {"IMEI:", "IMEI:490154203237518", 2},
    {"urn:imei-msisdn", "urn:imei-msisdn:490154203237518-15555550100", 2},
    {"urn:imei-imsi", "urn:imei-imsi:490154203237518-310150123456789", 2},
    {"urn:gsma:imei", "urn:gsma:imei:35209900-176148-1;svn=07", 2},
    {"urn:esn", "urn:esn:1A2B3C4D", 2},
    {"urn:meid", "urn:meid:A0000000002329", 2},
    {"urn:3gpp2:meid", "urn:3gpp2:meid:A0000012345678", 2},
    {"urn:uuid", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 2},
    {"urn:dev:ops", "urn:dev:ops:32473-Thermostat-5002", 2},
    {"urn:dev:mac", "urn:dev:mac:0024befffe804ff1", 2},
    {"urn:example (any URN)", "urn:example:a123,z456", 2},
    {"OUI-PC-SN", "00A0C9-ThermoV2-SN12345", 1},
    {"OUI-SN", "00A0C9-SN%2D12345", 1},
    {"reserved type 3", "any-name-0001", 3},
    {"vendor type, no pattern", "acme device 0001", kVendorTypeWithoutPattern},
    {"vendor type, pattern", "ACME-0001", kVendorTypeWithPattern},
    {"no type", "urn:imei:490154203237518", std::nullopt},
};

}  // namespace lwm2m::bench
