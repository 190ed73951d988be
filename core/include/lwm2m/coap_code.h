// CoAP codes: the code byte of a message, the codes this project uses by name, and their text
// (IANA "CoAP Codes": RFC 7252 §12.1, RFC 7959, RFC 8132, RFC 8323 §5, RFC 8516, RFC 8768).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lwm2m::coap {

// A code as the single code byte (class << 5 | detail).
constexpr uint8_t code(uint8_t cls, uint8_t detail) {
  return static_cast<uint8_t>(cls << 5 | detail);
}
constexpr uint8_t code_class(uint8_t c) {
  return c >> 5;
}
constexpr uint8_t code_detail(uint8_t c) {
  return c & 0x1f;
}
constexpr bool is_request(uint8_t c) {
  return code_class(c) == 0 && c != 0;
}
constexpr bool is_response(uint8_t c) {
  return code_class(c) >= 2 && code_class(c) <= 5;
}

// 0.00: an Empty message (RFC 7252 §4.1), e.g. an empty ACK or a Reset.
constexpr uint8_t kEmpty = code(0, 0);

// Methods.
constexpr uint8_t kGet = code(0, 1);
constexpr uint8_t kPost = code(0, 2);
constexpr uint8_t kPut = code(0, 3);
constexpr uint8_t kDelete = code(0, 4);
constexpr uint8_t kFetch = code(0, 5);
constexpr uint8_t kPatch = code(0, 6);
constexpr uint8_t kIpatch = code(0, 7);

// Responses.
constexpr uint8_t kCreated = code(2, 1);
constexpr uint8_t kDeleted = code(2, 2);
constexpr uint8_t kValid = code(2, 3);
constexpr uint8_t kChanged = code(2, 4);
constexpr uint8_t kContent = code(2, 5);
constexpr uint8_t kContinue = code(2, 31);
constexpr uint8_t kBadRequest = code(4, 0);
constexpr uint8_t kUnauthorized = code(4, 1);
constexpr uint8_t kBadOption = code(4, 2);
constexpr uint8_t kForbidden = code(4, 3);
constexpr uint8_t kNotFound = code(4, 4);
constexpr uint8_t kMethodNotAllowed = code(4, 5);
constexpr uint8_t kNotAcceptable = code(4, 6);
constexpr uint8_t kRequestEntityIncomplete = code(4, 8);
constexpr uint8_t kConflict = code(4, 9);
constexpr uint8_t kPreconditionFailed = code(4, 12);
constexpr uint8_t kRequestEntityTooLarge = code(4, 13);
constexpr uint8_t kUnsupportedContentFormat = code(4, 15);
constexpr uint8_t kUnprocessableEntity = code(4, 22);
constexpr uint8_t kTooManyRequests = code(4, 29);
constexpr uint8_t kInternalServerError = code(5, 0);
constexpr uint8_t kNotImplemented = code(5, 1);
constexpr uint8_t kBadGateway = code(5, 2);
constexpr uint8_t kServiceUnavailable = code(5, 3);
constexpr uint8_t kGatewayTimeout = code(5, 4);
constexpr uint8_t kProxyingNotSupported = code(5, 5);
constexpr uint8_t kHopLimitReached = code(5, 8);

// Signals (RFC 8323 §5: reliable transports only).
constexpr uint8_t kCsm = code(7, 1);
constexpr uint8_t kPing = code(7, 2);
constexpr uint8_t kPong = code(7, 3);
constexpr uint8_t kRelease = code(7, 4);
constexpr uint8_t kAbort = code(7, 5);

// The registered name of a code: "Empty", "POST", "Created", "Conflict", "CSM"; "" for a code
// without one. A view of a string literal, so its data() is NUL-terminated.
std::string_view code_name(uint8_t c);

// "2.01", "0.02", "7.01": a code's class and detail (the "c.dd" form of RFC 7252 §12.1).
std::string dotted_code(uint8_t c);

// "POST" for a method with a name, "EMPTY" for 0.00, the dotted form for every other code:
// "2.01", "4.09", "0.08".
std::string code_text(uint8_t c);

}  // namespace lwm2m::coap
