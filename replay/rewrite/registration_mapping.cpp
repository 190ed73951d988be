#include "rewrite/registration_mapping.h"

#include <algorithm>
#include <iterator>
#include <string_view>

#include "capture/captured_message.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"

namespace lwm2m::replay {

namespace {

std::vector<std::string_view> views(const std::vector<std::string>& strings) {
  return {strings.begin(), strings.end()};
}

std::vector<std::string> location_options(const coap::MessageData& response) {
  std::vector<std::string> out;
  for (std::string_view value : response.values(coap::kLocationPath)) out.emplace_back(value);
  return out;
}

// A Register's answer that created a registration: a 2.01, not a Reset whatever its code.
bool succeeded(const std::optional<coap::MessageData>& response) {
  return response && !is_reset(*response) &&
         creates_registration(Operation::kRegister, response->code);
}

// The number of leading Uri-Path options equal to `prefix` (strings or views: the location is
// compared without a vector of views made for each request), or nothing when they differ.
template <typename Prefix>
std::optional<std::size_t> option_prefix(const std::vector<std::string_view>& path,
                                         const Prefix& prefix) {
  if (prefix.empty() || path.size() < prefix.size()) return std::nullopt;
  if (!std::equal(prefix.begin(), prefix.end(), path.begin())) return std::nullopt;
  return prefix.size();
}

void note_path_change(std::string_view before, std::string_view after,
                      std::vector<std::string>& changes) {
  if (before == after) return;
  std::string text = printable(before);
  const std::string to = printable(after);
  text.reserve(text.size() + 4 + to.size());
  text += " -> ";
  text += to;
  changes.push_back(std::move(text));
}

}  // namespace

RegistrationMapping::RegistrationMapping(std::vector<std::string> captured,
                                         std::vector<std::string> live)
    : captured_(std::move(captured)), live_(std::move(live)) {}

void RegistrationMapping::learn(const std::optional<coap::MessageData>& captured_response,
                                const std::optional<coap::MessageData>& live_response) {
  captured_ = succeeded(captured_response) ? location_options(*captured_response)
                                           : std::vector<std::string>{};
  if (succeeded(live_response)) {
    live_ = location_options(*live_response);
    register_failure_.clear();
  } else {
    live_.clear();
    register_failure_ =
        "the live Register got " +
        (live_response ? describe_response(*live_response) : std::string("no response"));
  }
}

bool RegistrationMapping::addresses(const coap::MessageData& request) const {
  if (captured_.empty()) return false;
  const std::vector<std::string_view> path_options = request.values(coap::kUriPath);
  if (option_prefix(path_options, captured_)) return true;
  return option_prefix(path_segments(path_options), path_segments(views(captured_))).has_value();
}

std::optional<std::string> RegistrationMapping::refusal(const coap::MessageData& request) const {
  if (!live_.empty() || !addresses(request)) return std::nullopt;
  return "its registration " + path_text(views(captured_)) +
         " has no live counterpart: " + register_failure_;
}

void RegistrationMapping::apply(coap::MessageData& request,
                                std::vector<std::string>* changes) const {
  if (captured_.empty() || live_.empty()) return;
  const std::vector<std::string_view> path_options = request.values(coap::kUriPath);
  const auto matched = option_prefix(path_options, captured_);
  if (matched && live_.size() == *matched) {
    // The usual case, rd/5a3f -> rd/1: as many options as before, so the new values go in place
    // (the live location is not the request's storage; the options after it stay as they are).
    const std::string before = changes ? path_text(path_options) : std::string();
    std::size_t next = 0;
    for (coap::OptionData& option : request.options) {
      if (option.number != coap::kUriPath || next == *matched) continue;
      option.value.assign(live_[next].begin(), live_[next].end());
      ++next;
    }
    if (changes) note_path_change(before, uri_path(request), *changes);
    return;
  }
  // Views into live_ and into the request's options, which stay as they are until the new
  // options are built.
  std::vector<std::string_view> new_path;
  if (matched) {
    new_path.assign(live_.begin(), live_.end());
    new_path.insert(new_path.end(), path_options.begin() + static_cast<std::ptrdiff_t>(*matched),
                    path_options.end());
  } else {
    const std::vector<std::string_view> segments = path_segments(path_options);
    const auto matched_segments = option_prefix(segments, path_segments(views(captured_)));
    if (!matched_segments) return;
    new_path = path_segments(views(live_));
    new_path.insert(new_path.end(),
                    segments.begin() + static_cast<std::ptrdiff_t>(*matched_segments),
                    segments.end());
  }
  if (changes) note_path_change(path_text(path_options), path_text(new_path), *changes);
  // The new Uri-Path options take the old ones' place, so the options stay in number order.
  std::vector<coap::OptionData> options;
  options.reserve(request.options.size() - path_options.size() + new_path.size());
  bool placed = false;
  for (coap::OptionData& option : request.options) {
    if (option.number != coap::kUriPath) {
      options.push_back(std::move(option));
      continue;
    }
    if (placed) continue;
    for (const std::string_view segment : new_path)
      options.push_back({coap::kUriPath, coap::Bytes(segment.begin(), segment.end())});
    placed = true;
  }
  request.options = std::move(options);
}

}  // namespace lwm2m::replay
