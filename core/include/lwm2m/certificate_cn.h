// A client certificate's Subject Common Name, "<ept>:<ep>" (the change request's Change 7,
// section 7.1.3 X.509 Certificates): docs/DESIGN.md "The name rules".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/endpoint_name.h"

namespace lwm2m {

class VendorTypeTable;

// What a CN says. The views point into the text given to parse_certificate_cn.
struct CertificateCn {
  // The whole CN.
  std::string_view cn;
  // Before the CN's first ':'. Empty when that is empty (":name"), and when the CN has no type:
  // no ':' at all, or a name of the URN forms whose own first ':' is the one found
  // ("urn:imei:X" is a URN, not the type "urn" and the name "imei:X"; so is "IMEI:X").
  std::string_view type_text;
  // After the first ':' (names contain colons: "2:urn:imei:X" is the name "urn:imei:X"), or the
  // whole CN when it has no type.
  std::string_view name;
  // The type, when `type_text` is a decimal number 1-255 as parse_ept reads it. A type written as
  // its name ("URN") is not one.
  std::optional<uint8_t> ept;
  // One sentence per way the CN is not "<ept>:<ep>": no type, an empty type or name, a type that
  // is no number 1-255 or is written as its name. Each quotes the CN and says the form the
  // change request wants, with the CN it most likely means when the name's form tells the type:
  // "CN 'urn:imei:X' has no type: the seed wants '<ept>:<ep>', e.g. '2:urn:imei:X'".
  std::vector<std::string> format_problems;
  // The name judged by check_endpoint_name under `ept` (with none: by its form alone), the
  // problems a Register with that ept and ep gets for its name. Not run on an empty name, which
  // is a format problem.
  NameCheck name_check;

  bool valid() const { return format_problems.empty() && name_check.valid(); }
};

// Reads a CN as "<ept>:<ep>", split at the first ':'. `vendors` names vendor types (a CN may
// write one by its name) and gives their name patterns; null means none configured.
CertificateCn parse_certificate_cn(std::string_view cn, const VendorTypeTable* vendors = nullptr);

// Whether a CN names the endpoint a Register or Bootstrap-Request names: `register_ept` is the
// ept value as sent (nullopt: no ept parameter), read by parse_ept; `request` is what the
// sentence calls the request ("Register", "Bootstrap-Request"). They match when the CN's type
// and the request's are the same number 1-255 and the names are the same name
// (same_endpoint_name: canonical forms, "2:URN:UUID:..." matches ep=urn:uuid:...). A CN or a
// request without a usable type matches nothing. Returns nullopt when they match, else one
// sentence naming both, e.g. "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register
// sends ept 2, ep=urn:imei:490154203237518".
std::optional<std::string> cn_mismatch(const CertificateCn& cn,
                                       std::optional<std::string_view> register_ept,
                                       std::string_view register_ep,
                                       std::string_view request = "Register");

}  // namespace lwm2m
