// CoAP option numbers and their names (IANA "CoAP Option Numbers": RFC 7252 §12.2, RFC 7641,
// RFC 7959, RFC 8613).
#pragma once

#include <cstdint>
#include <string_view>

namespace lwm2m::coap {

enum OptionNumber : uint16_t {
  kIfMatch = 1,
  kUriHost = 3,
  kETag = 4,
  kIfNoneMatch = 5,
  kObserve = 6,  // RFC 7641
  kUriPort = 7,
  kLocationPath = 8,
  kOscore = 9,  // RFC 8613
  kUriPath = 11,
  kContentFormat = 12,
  kMaxAge = 14,
  kUriQuery = 15,
  kAccept = 17,
  kLocationQuery = 20,
  kBlock2 = 23,  // RFC 7959
  kBlock1 = 27,  // RFC 7959
  kSize2 = 28,   // RFC 7959
  kProxyUri = 35,
  kProxyScheme = 39,
  kSize1 = 60,
};

// How an option's value is written (RFC 7252 §3.2 and the option tables of RFC 7252 §5.10,
// RFC 7641, RFC 7959, RFC 8613).
enum class OptionFormat { kUnknown, kEmpty, kOpaque, kUint, kString };

// The format of an option; kUnknown for a number OptionNumber does not list.
OptionFormat option_format(uint16_t number);

// The registered name of an option: "Uri-Path", "Content-Format", "OSCORE"; "" for a number
// OptionNumber does not list. A view of a string literal, so its data() is NUL-terminated.
std::string_view option_name(uint16_t number);

}  // namespace lwm2m::coap
