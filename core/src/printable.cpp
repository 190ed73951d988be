#include "lwm2m/printable.h"

#include <algorithm>

#include "text.h"

namespace lwm2m {

namespace {

// The length of `text` cut after at most max_bytes bytes, not inside a UTF-8 sequence.
std::size_t cut_length(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text.size();
  std::size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xc0) == 0x80) --end;
  return end;
}

}  // namespace

std::string printable(std::string_view text) {
  // Most names are plain printable ASCII: copy them as they are.
  if (detail::all_printable_ascii(text)) return std::string(text);

  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t code_point = 0;
    std::size_t length = detail::utf8_sequence_length(text, pos, code_point);
    const bool shown_as_is = length != 0 && !detail::is_control(code_point);
    if (length == 0) length = 1;
    for (std::size_t i = pos; i < pos + length; ++i) {
      if (shown_as_is) {
        out += text[i];
      } else {
        out += "\\x";
        constexpr char kDigits[] = "0123456789ABCDEF";
        const auto byte = static_cast<unsigned char>(text[i]);
        out += kDigits[byte >> 4];
        out += kDigits[byte & 0x0f];
      }
    }
    pos += length;
  }
  return out;
}

std::string printable(std::string_view text, std::size_t max_bytes, std::string_view marker) {
  if (text.size() <= max_bytes) return printable(text);
  return printable(text.substr(0, cut_length(text, max_bytes))).append(marker);
}

std::string shorten(std::string_view shown, std::size_t width, std::string_view marker) {
  if (shown.size() <= width) return std::string(shown);
  const std::size_t room = width - std::min(width, marker.size());
  return std::string(shown.substr(0, cut_length(shown, room))).append(marker);
}

}  // namespace lwm2m
