#include "lwm2m/object_path.h"

#include <charconv>

namespace lwm2m {

std::optional<ObjectPath> parse_object_path(const std::vector<std::string_view>& segments) {
  if (segments.size() > 4) return std::nullopt;
  ObjectPath path;
  for (const std::string_view segment : segments) {
    if (segment.empty() || segment.size() > 5) return std::nullopt;
    for (const char c : segment)
      if (c < '0' || c > '9') return std::nullopt;
    uint32_t value = 0;
    std::from_chars(segment.data(), segment.data() + segment.size(), value);
    if (value > 65535) return std::nullopt;
    path.ids[path.depth++] = static_cast<uint16_t>(value);
  }
  return path;
}

std::string object_path_text(const ObjectPath& path) {
  if (path.depth == 0) return "/";
  std::string text;
  for (uint8_t i = 0; i < path.depth; ++i) text.append("/").append(std::to_string(path.ids[i]));
  return text;
}

}  // namespace lwm2m
