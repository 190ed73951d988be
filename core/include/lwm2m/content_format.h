// CoAP Content-Formats LwM2M uses, and their names (IANA "CoAP Content-Formats"; OMA LwM2M 1.1
// Core §7: plain text, opaque, CBOR, SenML, TLV, LwM2M JSON and CBOR, and the link format of
// Register and Discover).
#pragma once

#include <cstdint>
#include <string_view>

namespace lwm2m::coap {

enum ContentFormat : uint16_t {
  kTextPlain = 0,
  kLinkFormat = 40,
  kOctetStream = 42,
  kCbor = 60,
  kSenmlJson = 110,
  kSenmlCbor = 112,
  kLwm2mTlv = 11542,
  kLwm2mJson = 11543,
  kLwm2mCbor = 11544,
};

// The registered media type of a format: "application/link-format", "text/plain;
// charset=utf-8"; "" for a number ContentFormat does not list. A view of a string literal, so its
// data() is NUL-terminated.
std::string_view content_format_name(uint16_t format);

}  // namespace lwm2m::coap
