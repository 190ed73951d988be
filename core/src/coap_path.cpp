#include "lwm2m/coap_path.h"

#include <algorithm>

namespace lwm2m {

namespace {

// Calls `take` with each non-empty segment of an option value, split at its slashes.
template <typename Take>
void for_each_segment(std::string_view option, Take&& take) {
  std::size_t start = 0;
  while (start <= option.size()) {
    std::size_t slash = option.find('/', start);
    if (slash == std::string_view::npos) slash = option.size();
    if (slash > start) take(option.substr(start, slash - start));
    start = slash + 1;
  }
}

// Appends "/segment" for each segment of `option`.
void append_segments(std::string_view option, std::string& path) {
  for_each_segment(option, [&](std::string_view segment) {
    path += '/';
    path += segment;
  });
}

}  // namespace

std::vector<std::string_view> path_segments(const std::vector<std::string_view>& options) {
  std::vector<std::string_view> segments;
  segments.reserve(options.size());
  path_segments(options, segments);
  return segments;
}

void path_segments(const std::vector<std::string_view>& options,
                   std::vector<std::string_view>& out) {
  out.clear();
  for (const std::string_view option : options)
    for_each_segment(option, [&](std::string_view segment) { out.push_back(segment); });
}

std::string join_path(const std::vector<std::string_view>& segments) {
  std::string path;
  join_path(segments, path);
  return path;
}

void join_path(const std::vector<std::string_view>& segments, std::string& out) {
  if (segments.empty()) {
    out.assign(1, '/');
    return;
  }
  std::size_t length = 0;
  for (const std::string_view segment : segments) length += 1 + segment.size();
  // Sized once and filled: every request of a capture has its path spelled.
  out.resize(length);
  char* next = out.data();
  for (const std::string_view segment : segments) {
    *next++ = '/';
    next = std::copy(segment.begin(), segment.end(), next);
  }
}

namespace {

// join_path(path_segments(...)) of the message's options `number`, without the vectors: every
// request of a capture has its path spelled once or twice.
std::string options_path(const coap::MessageData& message, uint16_t number) {
  std::string path;
  for (const coap::OptionData& option : message.options) {
    if (option.number != number) continue;
    append_segments({reinterpret_cast<const char*>(option.value.data()), option.value.size()},
                    path);
  }
  if (path.empty()) path = "/";
  return path;
}

}  // namespace

std::string path_text(const std::vector<std::string_view>& options) {
  std::string path;
  for (const std::string_view option : options) append_segments(option, path);
  if (path.empty()) path = "/";
  return path;
}

std::string uri_path(const coap::MessageData& message) {
  return options_path(message, coap::kUriPath);
}

std::string location_path(const coap::MessageData& message) {
  if (!message.find(coap::kLocationPath)) return "";
  return options_path(message, coap::kLocationPath);
}

}  // namespace lwm2m
