// Private text helpers shared by the core rules: character classes, UTF-8 decoding, decimal
// parsing and the quoting used in every human problem sentence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lwm2m::detail {

constexpr bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
constexpr bool is_upper_hex_letter(char c) {
  return c >= 'A' && c <= 'F';
}
constexpr bool is_lower_hex_letter(char c) {
  return c >= 'a' && c <= 'f';
}
constexpr bool is_hex(char c) {
  return is_digit(c) || is_upper_hex_letter(c) || is_lower_hex_letter(c);
}
constexpr bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
constexpr char to_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char to_upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

// True when `text` starts with `prefix`, ASCII letters compared case-insensitively.
bool starts_with_ignore_case(std::string_view text, std::string_view prefix);

// Length (1-4) of the well-formed UTF-8 sequence starting at text[pos], or 0 when the bytes there
// are not one (overlong, surrogate, above U+10FFFF, truncated, stray continuation byte).
// Stores the decoded code point in `code_point` when the sequence is valid. Requires pos < size.
std::size_t utf8_sequence_length(std::string_view text, std::size_t pos, char32_t& code_point);

// C0 controls, DEL and C1 controls (U+0000-U+001F, U+007F, U+0080-U+009F).
constexpr bool is_control(char32_t code_point) {
  return code_point < 0x20 || (code_point >= 0x7f && code_point <= 0x9f);
}

// Byte length of the character at text[pos]: its UTF-8 sequence, or 1 for a bad byte.
std::size_t char_length_at(std::string_view text, std::size_t pos);

// `text` between single quotes, with control characters and bytes that are not UTF-8 written as
// \xNN, so that every problem sentence is printable, valid UTF-8.
std::string quote(std::string_view text);

// The character at text[pos], quoted.
std::string quote_char_at(std::string_view text, std::size_t pos);

// "0x0A": a byte or control code point in the upper-case hex form problem sentences use.
std::string hex_code(char32_t code_point);

// "1 digit", "14 digits".
std::string count_of(std::size_t count, std::string_view singular, std::string_view plural);

// The sentence of every size rule: "64 bytes, the limit is 63" when `size` is over `limit`.
std::optional<std::string> size_problem(std::size_t size, std::size_t limit);

struct Decimal {
  bool is_decimal = false;  // non-empty and digits only
  bool overflow = false;    // more than uint64_t holds: `value` is saturated
  uint64_t value = 0;
};

// Reads an unsigned decimal number: digits only, no sign, no spaces. Never overflows.
Decimal parse_decimal(std::string_view text);

// The value for a problem sentence: the number itself, or the quoted text when it overflowed.
std::string decimal_text(const Decimal& number, std::string_view text);

}  // namespace lwm2m::detail
