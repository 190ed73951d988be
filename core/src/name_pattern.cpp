#include "lwm2m/name_pattern.h"

#include <utility>

#include "text.h"

namespace lwm2m {

namespace {

using Bytes = std::bitset<256>;

constexpr std::string_view kSpecial = "^$\\.*+?()[]{}|";

bool is_printable(char c) {
  return detail::is_printable_ascii(c);
}

// A character that stands for itself outside a bracket expression.
bool is_plain(char c) {
  return is_printable(c) && kSpecial.find(c) == std::string_view::npos;
}

// A character a backslash makes literal: ASCII punctuation (letters and digits name classes,
// back-references and control escapes, which stay with std::regex).
bool is_escapable(char c) {
  return is_printable(c) && c != ' ' && !detail::is_alnum(c);
}

Bytes byte_range(unsigned char lo, unsigned char hi) {
  Bytes bytes;
  for (unsigned c = lo; c <= hi; ++c) bytes.set(c);
  return bytes;
}

// \d, \w, \s and their complements, as std::regex reads them in the "C" locale.
std::optional<Bytes> class_escape(char c) {
  Bytes bytes;
  switch (c | 0x20) {
    case 'd':
      bytes = byte_range('0', '9');
      break;
    case 'w':
      bytes = byte_range('0', '9') | byte_range('A', 'Z') | byte_range('a', 'z');
      bytes.set('_');
      break;
    case 's':
      bytes = byte_range('\t', '\r');  // \t \n \v \f \r
      bytes.set(' ');
      break;
    default:
      return std::nullopt;
  }
  if (c >= 'A' && c <= 'Z') bytes.flip();  // \D \W \S
  return bytes;
}

// Reads the pattern left to right; every method returns nullopt (or false) at what it does not
// take, and compile() then gives up on the whole pattern.
class Reader {
 public:
  explicit Reader(std::string_view pattern) : pattern_(pattern) {}

  bool at_end() const { return pos_ >= pattern_.size(); }
  bool at_last() const { return pos_ + 1 == pattern_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < pattern_.size() ? pattern_[pos_ + ahead] : '\0';
  }
  bool take(char c) {
    if (at_end() || pattern_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // One atom: a character, `.`, an escape or a bracket expression.
  std::optional<Bytes> atom() {
    const char c = peek();
    if (c == '.') {
      ++pos_;
      Bytes bytes;
      bytes.set();
      bytes.reset('\n');  // ECMAScript's '.' stops at line terminators
      bytes.reset('\r');
      return bytes;
    }
    if (c == '\\') return escape();
    if (c == '[') return bracket();
    if (!is_plain(c)) return std::nullopt;
    ++pos_;
    return single(c);
  }

  // `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, or none (1, 1). Lazy quantifiers are refused.
  std::optional<std::pair<uint16_t, uint16_t>> quantifier() {
    constexpr uint16_t unbounded = NamePattern::kUnbounded;
    std::pair<uint16_t, uint16_t> bounds{1, 1};
    if (take('*')) {
      bounds = {0, unbounded};
    } else if (take('+')) {
      bounds = {1, unbounded};
    } else if (take('?')) {
      bounds = {0, 1};
    } else if (take('{')) {
      const std::optional<uint16_t> min = number();
      if (!min) return std::nullopt;
      std::optional<uint16_t> max = min;
      if (take(',')) max = peek() == '}' ? unbounded : number();
      if (!max || !take('}') || *max < *min) return std::nullopt;
      bounds = {*min, *max};
    } else {
      return bounds;
    }
    const char next = peek();
    if (next == '?' || next == '*' || next == '+' || next == '{') return std::nullopt;
    return bounds;
  }

 private:
  static Bytes single(char c) {
    Bytes bytes;
    bytes.set(static_cast<unsigned char>(c));
    return bytes;
  }

  // A decimal count; std::regex has already refused counts above 1000 (vendor_types.cpp).
  std::optional<uint16_t> number() {
    const std::size_t start = pos_;
    while (!at_end() && detail::is_digit(pattern_[pos_])) ++pos_;
    const detail::Decimal value = detail::parse_decimal(pattern_.substr(start, pos_ - start));
    if (!value.is_decimal || value.value > 1000) return std::nullopt;
    return static_cast<uint16_t>(value.value);
  }

  // After a backslash: a class escape, or punctuation standing for itself.
  std::optional<Bytes> escape() {
    const char c = peek(1);
    std::optional<Bytes> bytes = class_escape(c);
    if (!bytes && is_escapable(c)) bytes = single(c);
    if (bytes) pos_ += 2;
    return bytes;
  }

  // One character of a bracket expression, for a range's end: printable ASCII other than `\`,
  // `]`, `[` and `-`, or an escaped punctuation character.
  std::optional<char> class_char() {
    const char c = peek();
    if (c == '\\') {
      const char escaped = peek(1);
      if (!is_escapable(escaped)) return std::nullopt;
      pos_ += 2;
      return escaped;
    }
    if (!is_printable(c) || c == ']' || c == '[' || c == '-') return std::nullopt;
    ++pos_;
    return c;
  }

  std::optional<Bytes> bracket() {
    ++pos_;  // '['
    const bool negated = take('^');
    Bytes bytes;
    bool empty = true;
    if (peek() == '-' && peek(1) != '-') {  // a leading '-' is itself
      ++pos_;
      bytes.set('-');
      empty = false;
    }
    while (peek() != ']') {
      if (peek() == '-' && peek(1) == ']') {  // so is a trailing one
        ++pos_;
        bytes.set('-');
        empty = false;
        continue;
      }
      if (peek() == '\\') {
        if (std::optional<Bytes> escaped = class_escape(peek(1))) {
          if (peek(2) == '-' && peek(3) != ']') return std::nullopt;  // a class as a range's end
          pos_ += 2;
          bytes |= *escaped;
          empty = false;
          continue;
        }
      }
      const std::optional<char> low = class_char();
      if (!low) return std::nullopt;
      char high = *low;
      if (peek() == '-' && peek(1) != ']') {
        ++pos_;
        const std::optional<char> end = class_char();
        if (!end || *end < *low) return std::nullopt;
        high = *end;
      }
      bytes |= byte_range(static_cast<unsigned char>(*low), static_cast<unsigned char>(high));
      empty = false;
    }
    ++pos_;                          // ']'
    if (empty) return std::nullopt;  // [] and [^]: ECMAScript's nothing and anything, left to it
    if (negated) bytes.flip();
    return bytes;
  }

  std::string_view pattern_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<NamePattern> NamePattern::compile(std::string_view pattern) {
  Reader reader(pattern);
  NamePattern compiled;
  (void)reader.take('^');  // at the start of a whole-name match, always true
  while (!reader.at_end()) {
    if (reader.peek() == '$' && reader.at_last()) break;  // at the end, always true too
    std::optional<Bytes> bytes = reader.atom();
    if (!bytes) return std::nullopt;
    const auto bounds = reader.quantifier();
    if (!bounds) return std::nullopt;
    compiled.items_.push_back(Item{*bytes, bounds->first, bounds->second});
  }
  return compiled;
}

std::optional<bool> NamePattern::matches(std::string_view name) const {
  const std::size_t size = name.size();
  if (size > kMaxNameBytes) return std::nullopt;
  // Bit p of `reach`: the items so far can match exactly name[0, p). Each item extends every
  // reachable end by min to max bytes it matches: no backtracking, no allocation.
  uint64_t reach = 1;
  for (const Item& item : items_) {
    uint64_t next = 0;
    for (uint64_t pending = reach; pending != 0; pending &= pending - 1) {  // each reachable end
      const auto start = static_cast<std::size_t>(__builtin_ctzll(pending));
      for (std::size_t count = 0;; ++count) {
        if (count >= item.min) next |= uint64_t{1} << (start + count);
        if (count == item.max || start + count == size ||
            !item.bytes[static_cast<unsigned char>(name[start + count])]) {
          break;
        }
      }
    }
    reach = next;
    if (reach == 0) return false;
  }
  return ((reach >> size) & 1) != 0;
}

}  // namespace lwm2m
