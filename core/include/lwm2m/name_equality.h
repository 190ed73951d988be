// When two Endpoint Client Names are the same name: docs/DESIGN.md "The name rules".
#pragma once

#include <string>
#include <string_view>

#include "lwm2m/endpoint_name.h"

namespace lwm2m {

// The one spelling of a name that every spelling of the same name shares. Names are the same when
// their canonical forms are equal:
// - a URN ("urn:" in any case) as RFC 8141 §3.1 makes it for lexical equivalence: "urn:" and the
//   NID in lower case, the hex digits of %-escapes in upper case (never decoded), and without its
//   r-, q- and f-components; the rest of the NSS as it is (urn:dev:mac:0024BE... and
//   urn:dev:mac:0024be... are two names, as are urn:gsma:IMEI:... and urn:gsma:imei:...);
// - the change request's own prefixes IMEI:, ESN:, MEID:, UUID: in upper case;
// - the hex digits of an ESN, MEID or UUID identifier, in either form (ESN:, urn:esn:, MEID:,
//   urn:meid:, urn:3gpp2:meid:, UUID:, urn:uuid:), in lower case (RFC 4122 §3);
// - everything else, OUI names included, byte for byte.
// urn:imei:X and IMEI:X stay two names: a server sees two different strings.
std::string canonical_endpoint_name(std::string_view ep);

// Whether `ep` is its own canonical form (canonical_endpoint_name(ep) == ep), given its layout
// (endpoint_name_layout): a name read once for its rules and its canonical form needs no copy.
bool is_canonical_endpoint_name(std::string_view ep, const NameLayout& layout);

// canonical_endpoint_name(a) == canonical_endpoint_name(b). The name only: a name means something
// within its type, so whoever asks whether two registrations are one compares their ept as well.
bool same_endpoint_name(std::string_view a, std::string_view b);

}  // namespace lwm2m
