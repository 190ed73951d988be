// Endpoint Client Name (`ep`) validation: docs/DESIGN.md "The name rules".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

class VendorTypeTable;

// What a name is, whatever type it was sent under.
enum class NameForm { kImei, kEsn, kMeid, kUuid, kOuiPcSn, kOuiSn, kUrn, kUnknown };

// "IMEI", "ESN", "MEID", "UUID", "OUI-PC-SN", "OUI-SN", "URN", "unknown".
std::string_view name_form_label(NameForm form);

// How the name rules read a name's parts: check_endpoint_name and name equality
// (lwm2m/name_equality.h) share this one reading, so that a prefix is recognised in one place.
struct NameLayout {
  NameForm form = NameForm::kUnknown;
  // Where the identifier starts: after the prefix the rules recognise ("IMEI:", "urn:uuid:",
  // "urn:gsma:imei:", and "urn:" for any other URN), 0 when there is none (OUI and unknown names).
  std::size_t identifier = 0;
  // One of the change request's own prefixes IMEI:, ESN:, MEID:, UUID: (in any case).
  bool seed_prefix = false;
  // "urn:" in any case, then RFC 8141's NID and NSS. `nid_end` is where the NID ends (its ':', or
  // the end of the name); `components` where an r-, q- or f-component starts ('?' or '#'), or the
  // end of the name. Both are 0 when `urn` is false.
  bool urn = false;
  std::size_t nid_end = 0;
  std::size_t components = 0;
  // The identifier is hex digits: an ESN, MEID or UUID.
  bool hex_identifier = false;
};

NameLayout endpoint_name_layout(std::string_view name);

// Longest valid Endpoint Client Name, in bytes (Table 12).
inline constexpr std::size_t kMaxEndpointNameBytes = 63;

struct NameCheck {
  NameForm form = NameForm::kUnknown;
  // One human sentence per failed MUST rule, e.g. "IMEI check digit is 9, expected 8".
  std::vector<std::string> problems;
  bool valid() const { return problems.empty(); }
};

// The length rule alone: "64 bytes, the limit is 63" when `name` is longer than
// kMaxEndpointNameBytes. check_endpoint_name applies it with the other rules; the replay tool
// asks it of the names its rewriting makes.
std::optional<std::string> check_endpoint_name_size(std::string_view name);

// Checks `name` against the general rules and, when `type` is known, the rules of that type.
// `type` is empty when `ept` is missing or not a valid type: then only the general rules apply.
// `vendors` names vendor types and may give their pattern; null means none configured.
NameCheck check_endpoint_name(std::string_view name, std::optional<uint8_t> type,
                              const VendorTypeTable* vendors = nullptr);

// The verdict on the pair a Register or Bootstrap-Request names. `ept_text` is the ept value
// as sent (nullopt: no ept parameter). A name is only defined within its type: with no usable
// ept the pair is invalid, unless `ept_required` is false (LwM2M 1.x traffic), when a missing
// ept leaves the name judged by its form alone (an ept that was sent but is unusable is still a
// problem). The problems: first the type's, e.g. "no usable Endpoint Client Name Type: ept=abc is
// not a number 1-255" or "... ept is missing", then the name's own, as check_endpoint_name gives
// them under the type parse_ept reads (none when it reads none).
// `layout`, when not null, receives how the rules read the name (endpoint_name_layout), so that
// whoever keys the name by its canonical form asks is_canonical_endpoint_name
// (lwm2m/name_equality.h) without a second reading.
NameCheck check_endpoint_pair(std::optional<std::string_view> ept_text, std::string_view ep,
                              bool ept_required, const VendorTypeTable* vendors = nullptr,
                              NameLayout* layout = nullptr);

}  // namespace lwm2m
