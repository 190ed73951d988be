#include "lwm2m/printable.h"

#include "text.h"

namespace lwm2m {

std::string printable(std::string_view text) {
  // Most names are plain printable ASCII: copy them as they are.
  bool plain = true;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      plain = false;
      break;
    }
  }
  if (plain) return std::string(text);

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

}  // namespace lwm2m
