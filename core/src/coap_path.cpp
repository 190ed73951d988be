#include "lwm2m/coap_path.h"

namespace lwm2m {

std::vector<std::string_view> path_segments(const std::vector<std::string_view>& options) {
  std::vector<std::string_view> segments;
  segments.reserve(options.size());
  for (const std::string_view option : options) {
    std::size_t start = 0;
    while (start <= option.size()) {
      std::size_t slash = option.find('/', start);
      if (slash == std::string_view::npos) slash = option.size();
      if (slash > start) segments.push_back(option.substr(start, slash - start));
      start = slash + 1;
    }
  }
  return segments;
}

std::string join_path(const std::vector<std::string_view>& segments) {
  if (segments.empty()) return "/";
  std::size_t length = 0;
  for (const std::string_view segment : segments) length += 1 + segment.size();
  std::string path;
  path.reserve(length);
  for (const std::string_view segment : segments) {
    path += '/';
    path += segment;
  }
  return path;
}

std::string path_text(const std::vector<std::string_view>& options) {
  return join_path(path_segments(options));
}

std::string uri_path(const coap::MessageData& message) {
  return path_text(message.values(coap::kUriPath));
}

std::string location_path(const coap::MessageData& message) {
  if (!message.find(coap::kLocationPath)) return "";
  return path_text(message.values(coap::kLocationPath));
}

}  // namespace lwm2m
