// Private text helpers shared by the core rules: character classes, UTF-8 decoding, decimal
// parsing and the quoting used in every human problem sentence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
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

constexpr bool is_printable_ascii(char c) {
  return c >= 0x20 && c < 0x7f;
}

// Eight bytes at a time: a word holds eight bytes in memory order, and every operation below is
// per byte (no carry crosses a byte), so that byte order does not matter.
constexpr uint64_t kByteOnes = 0x0101010101010101;
constexpr uint64_t kByteTops = 0x8080808080808080;

inline uint64_t load_word(const char* at) {
  uint64_t word = 0;
  std::memcpy(&word, at, sizeof word);
  return word;
}

// The top bit of each byte of `word` that lies in lo..hi (both below 0x80): bytes of 0x80 and above
// are in no range. On the low seven bits the two sums stay below 0x100 in every byte.
constexpr uint64_t bytes_in_range(uint64_t word, unsigned char lo, unsigned char hi) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7f;
  const uint64_t low = word & kLow7;
  return (low + kByteOnes * (0x80u - lo)) & ~(low + kByteOnes * (0x7fu - hi)) & ~word & kByteTops;
}

// The top bit of each byte of `word` that is a hex digit, in either case.
constexpr uint64_t hex_bytes(uint64_t word) {
  return bytes_in_range(word, '0', '9') | bytes_in_range(word | kByteOnes * 0x20, 'a', 'f');
}

// True when the 8 bytes at `at` are all printable ASCII: a byte is when its top bit is clear,
// adding 0x01 leaves it clear (it is not 0x7f) and adding 0x60 sets it (it is 0x20 or more); on
// bytes below 0x80 neither sum carries into the next byte.
inline bool printable_ascii_word(const char* at) {
  const uint64_t word = load_word(at);
  return ((word | (word + kByteOnes) | ~(word + 0x60 * kByteOnes)) & kByteTops) == 0;
}

// All of `text` is printable ASCII (0x20-0x7e), read eight bytes at a time (the last word overlaps
// the one before it): the common case of names and texts, which then need no UTF-8 decoding.
inline bool all_printable_ascii(std::string_view text) {
  if (text.size() < 8) {
    for (const char c : text) {
      if (!is_printable_ascii(c)) return false;
    }
    return true;
  }
  for (std::size_t pos = 0; pos + 8 < text.size(); pos += 8) {
    if (!printable_ascii_word(text.data() + pos)) return false;
  }
  return printable_ascii_word(text.data() + text.size() - 8);
}

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

// Reads an unsigned decimal number: digits only, no sign, no spaces. Never overflows. Inline: the
// query, ept and link-format readers call it several times per Register.
inline Decimal parse_decimal(std::string_view text) {
  if (text.empty()) return {};
  // Up to 19 digits always fit: only the digits after those need the overflow test.
  constexpr std::size_t kSafeDigits = 19;
  const std::size_t safe = text.size() < kSafeDigits ? text.size() : kSafeDigits;
  uint64_t value = 0;
  for (std::size_t i = 0; i < safe; ++i) {
    const auto digit = static_cast<unsigned char>(text[i] - '0');
    if (digit > 9) return {};
    value = value * 10 + digit;
  }
  Decimal number;
  number.is_decimal = true;
  constexpr uint64_t kMax = ~uint64_t{0};
  for (std::size_t i = safe; i < text.size(); ++i) {
    const auto digit = static_cast<unsigned char>(text[i] - '0');
    if (digit > 9) return {};
    if (number.overflow || value > (kMax - digit) / 10) {
      number.overflow = true;
      value = kMax;
    } else {
      value = value * 10 + digit;
    }
  }
  number.value = value;
  return number;
}

// The value for a problem sentence: the number itself, or the quoted text when it overflowed.
std::string decimal_text(const Decimal& number, std::string_view text);

}  // namespace lwm2m::detail
