#include "lwm2m/coap_code.h"

namespace lwm2m::coap {

namespace {

struct CodeName {
  uint8_t code;
  std::string_view name;
};

// The CoAP Codes registry's names, for the codes coap_code.h names.
constexpr CodeName kCodeNames[] = {
    {kEmpty, "Empty"},
    {kGet, "GET"},
    {kPost, "POST"},
    {kPut, "PUT"},
    {kDelete, "DELETE"},
    {kFetch, "FETCH"},
    {kPatch, "PATCH"},
    {kIpatch, "iPATCH"},
    {kCreated, "Created"},
    {kDeleted, "Deleted"},
    {kValid, "Valid"},
    {kChanged, "Changed"},
    {kContent, "Content"},
    {kContinue, "Continue"},
    {kBadRequest, "Bad Request"},
    {kUnauthorized, "Unauthorized"},
    {kBadOption, "Bad Option"},
    {kForbidden, "Forbidden"},
    {kNotFound, "Not Found"},
    {kMethodNotAllowed, "Method Not Allowed"},
    {kNotAcceptable, "Not Acceptable"},
    {kRequestEntityIncomplete, "Request Entity Incomplete"},
    {kConflict, "Conflict"},
    {kPreconditionFailed, "Precondition Failed"},
    {kRequestEntityTooLarge, "Request Entity Too Large"},
    {kUnsupportedContentFormat, "Unsupported Content-Format"},
    {kUnprocessableEntity, "Unprocessable Entity"},
    {kTooManyRequests, "Too Many Requests"},
    {kInternalServerError, "Internal Server Error"},
    {kNotImplemented, "Not Implemented"},
    {kBadGateway, "Bad Gateway"},
    {kServiceUnavailable, "Service Unavailable"},
    {kGatewayTimeout, "Gateway Timeout"},
    {kProxyingNotSupported, "Proxying Not Supported"},
    {kHopLimitReached, "Hop Limit Reached"},
    {kCsm, "CSM"},
    {kPing, "Ping"},
    {kPong, "Pong"},
    {kRelease, "Release"},
    {kAbort, "Abort"},
};

}  // namespace

std::string_view code_name(uint8_t c) {
  for (const CodeName& entry : kCodeNames) {
    if (entry.code == c) return entry.name;
  }
  return "";
}

std::string dotted_code(uint8_t c) {
  // A class is 0-7 and a detail 0-31: always one digit, '.', two digits.
  const uint8_t detail = code_detail(c);
  const char text[] = {static_cast<char>('0' + code_class(c)), '.',
                       static_cast<char>('0' + detail / 10), static_cast<char>('0' + detail % 10)};
  return std::string(text, sizeof text);
}

std::string code_text(uint8_t c) {
  // The replay's reports have always written 0.00 this way.
  if (c == kEmpty) return "EMPTY";
  const std::string_view name = code_name(c);
  if (is_request(c) && !name.empty()) return std::string(name);
  return dotted_code(c);
}

}  // namespace lwm2m::coap
