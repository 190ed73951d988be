// A vendor type's name pattern matched without std::regex, when the pattern is a plain sequence
// (bench/README.md, issue 20, target 4): no allocation and no regex engine per name.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace lwm2m {

class NamePattern {
 public:
  // `pattern` (ECMAScript syntax, already accepted by std::regex) compiled, when it is a sequence
  // of these, each optionally followed by `*`, `+`, `?`, `{n}`, `{n,}` or `{n,m}`: a printable
  // ASCII character that is not special, `.`, `\d` `\D` `\w` `\W` `\s` `\S`, a backslash and
  // ASCII punctuation, or a bracket expression of such characters, ranges between two of them and
  // those escapes (`-` first or last, `^` first to negate); `^` may open the pattern and `$` close
  // it. Anything else (groups, alternation, lazy quantifiers, other escapes, POSIX classes, bytes
  // outside printable ASCII): nullopt, and std::regex matches the pattern.
  static std::optional<NamePattern> compile(std::string_view pattern);

  // Longest name matches() judges; a longer one gets nullopt. A name is judged against a pattern
  // only after the general rules, which allow 63 bytes.
  static constexpr std::size_t kMaxNameBytes = 63;

  // Whether the whole of `name` matches, as std::regex_match says for the same pattern.
  std::optional<bool> matches(std::string_view name) const;

  // An item's count with no upper bound (`*`, `+`, `{n,}`).
  static constexpr uint16_t kUnbounded = 0xffff;

 private:
  struct Item {
    std::bitset<256> bytes;  // the bytes the item matches
    uint16_t min = 1;
    uint16_t max = 1;
  };

  std::vector<Item> items_;
};

}  // namespace lwm2m
