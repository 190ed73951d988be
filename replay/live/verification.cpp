#include "live/verification.h"

#include "capture/captured_message.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"

namespace lwm2m::replay {

namespace {

// Whether response_code_of() would read the same, without making the text (most of a
// comparison's cost).
bool same_code(const coap::MessageData& a, const coap::MessageData& b) {
  return is_reset(a) == is_reset(b) && (is_reset(a) || a.code == b.code);
}

std::optional<uint32_t> content_format(const coap::MessageData& message) {
  const coap::OptionData* option = message.find(coap::kContentFormat);
  uint32_t value = 0;
  if (!option || !coap::decode_uint(option->value.data(), option->value.size(), value))
    return std::nullopt;
  return value;
}

std::string format_text(const std::optional<uint32_t>& format) {
  return format ? std::to_string(*format) : "none";
}

// "Location-Path: captured /rd/1, live none": an option that differs, by its name.
std::string option_difference(uint16_t number, const std::string& want, const std::string& got) {
  return std::string(coap::option_name(number)) + ": captured " + want + ", live " + got;
}

// Everything up to the last segment of a location: the part a server does not choose per
// registration.
std::string location_stem(const std::string& location) {
  const auto slash = location.rfind('/');
  return slash == std::string::npos ? std::string() : location.substr(0, slash);
}

void compare_locations(const coap::MessageData& captured, const coap::MessageData& live,
                       Operation operation, std::vector<std::string>& differences) {
  if (!captured.find(coap::kLocationPath)) return;  // nothing to compare: no text to make
  const std::string want = location_path(captured);
  const std::string got = location_path(live);
  if (want.empty()) return;  // a location the capture did not have is no difference
  if (got.empty()) {
    differences.push_back(option_difference(coap::kLocationPath, printable(want), "none"));
    return;
  }
  const bool same =
      operation == Operation::kRegister ? location_stem(want) == location_stem(got) : want == got;
  if (!same)
    differences.push_back(option_difference(coap::kLocationPath, printable(want), printable(got)));
}

}  // namespace

Comparison compare_responses(const std::optional<coap::MessageData>& captured,
                             const std::optional<coap::MessageData>& live, Operation operation,
                             const CompareSettings& settings) {
  Comparison result;
  if (!captured && !live) {
    result.matched = true;
    return result;
  }
  if (!captured) {
    result.differences.push_back("no response in the capture, live " + describe_response(*live));
    return result;
  }
  if (!live) {
    result.differences.push_back(response_code_of(*captured) + " in the capture, no live response");
    return result;
  }
  if (!same_code(*captured, *live))
    result.differences.push_back("code: captured " + response_code_of(*captured) + ", live " +
                                 response_code_of(*live));
  compare_locations(*captured, *live, operation, result.differences);
  const auto want_format = content_format(*captured);
  const auto got_format = content_format(*live);
  if (want_format != got_format)
    result.differences.push_back(
        option_difference(coap::kContentFormat, format_text(want_format), format_text(got_format)));
  if (settings.payload && captured->payload != live->payload)
    result.differences.push_back("payload: captured " + std::to_string(captured->payload.size()) +
                                 " bytes, live " + std::to_string(live->payload.size()) +
                                 " bytes, not the same");
  result.matched = result.differences.empty();
  return result;
}

}  // namespace lwm2m::replay
