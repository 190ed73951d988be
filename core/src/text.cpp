#include "text.h"

#include "lwm2m/printable.h"

namespace lwm2m::detail {

bool starts_with_ignore_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (to_lower(text[i]) != to_lower(prefix[i])) return false;
  }
  return true;
}

std::size_t utf8_sequence_length(std::string_view text, std::size_t pos, char32_t& code_point) {
  const auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte_at(pos);
  if (lead < 0x80) {
    code_point = lead;
    return 1;
  }
  // The lead byte fixes the length and the allowed range of the second byte (RFC 3629 §4), which
  // is what rules out overlong forms, surrogates and code points above U+10FFFF.
  std::size_t length = 0;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xbf;
  char32_t value = 0;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    value = lead & 0x1f;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    value = lead & 0x0f;
    if (lead == 0xe0) second_min = 0xa0;
    if (lead == 0xed) second_max = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    value = lead & 0x07;
    if (lead == 0xf0) second_min = 0x90;
    if (lead == 0xf4) second_max = 0x8f;
  } else {
    return 0;
  }
  if (text.size() - pos < length) return 0;
  const unsigned char second = byte_at(pos + 1);
  if (second < second_min || second > second_max) return 0;
  value = (value << 6) | (second & 0x3f);
  for (std::size_t i = 2; i < length; ++i) {
    const unsigned char next = byte_at(pos + i);
    if (next < 0x80 || next > 0xbf) return 0;
    value = (value << 6) | (next & 0x3f);
  }
  code_point = value;
  return length;
}

std::size_t char_length_at(std::string_view text, std::size_t pos) {
  char32_t code_point = 0;
  const std::size_t length = utf8_sequence_length(text, pos, code_point);
  return length == 0 ? 1 : length;
}

namespace {

void append_hex_byte(std::string& out, unsigned char byte) {
  constexpr char kDigits[] = "0123456789ABCDEF";
  out += kDigits[byte >> 4];
  out += kDigits[byte & 0x0f];
}

}  // namespace

std::string quote(std::string_view text) {
  return "'" + printable(text) + "'";
}

std::string quote_char_at(std::string_view text, std::size_t pos) {
  return quote(text.substr(pos, char_length_at(text, pos)));
}

std::string hex_code(char32_t code_point) {
  std::string out = "0x";
  // Control characters are at most U+009F: two hex digits always suffice here.
  append_hex_byte(out, static_cast<unsigned char>(code_point & 0xff));
  return out;
}

std::string count_of(std::size_t count, std::string_view singular, std::string_view plural) {
  std::string out = std::to_string(count);
  out += ' ';
  out += count == 1 ? singular : plural;
  return out;
}

std::optional<std::string> size_problem(std::size_t size, std::size_t limit) {
  if (size <= limit) return std::nullopt;
  return std::to_string(size) + " bytes, the limit is " + std::to_string(limit);
}

std::string decimal_text(const Decimal& number, std::string_view text) {
  return number.overflow ? quote(text) : std::to_string(number.value);
}

}  // namespace lwm2m::detail
