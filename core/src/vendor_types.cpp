#include "lwm2m/vendor_types.h"

#include <exception>
#include <utility>

#include "lwm2m/endpoint_name_type.h"
#include "text.h"

namespace lwm2m {

namespace {

// A name from a capture is matched against the user's pattern: libstdc++'s polynomial mode
// matches without backtracking, so no name can make a pattern like (a*)*b take exponential time.
// It refuses back-references, which a name pattern does not need. Only whether the whole name
// matches is asked, so sub-expressions are not recorded (nosubs): the matcher then keeps one state
// per position instead of a copy of every group's bounds for each.
#if defined(__GLIBCXX__)
constexpr auto kPatternSyntax = std::regex::ECMAScript | std::regex::optimize | std::regex::nosubs |
                                std::regex_constants::__polynomial;
#else
constexpr auto kPatternSyntax = std::regex::ECMAScript | std::regex::optimize | std::regex::nosubs;
#endif

// std::regex messages end with a period; problem sentences do not.
std::string without_trailing_period(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

// libstdc++ reads the numbers of `{m,n}` quantifiers and `\N` back-references into a long with no
// overflow check (undefined behaviour on long digit runs). Names are at most 63 bytes, so a count
// this large is never needed: such patterns are refused before std::regex sees them.
constexpr uint64_t kMaxPatternNumber = 1000;

// What the matcher cannot bound, as the end of a problem sentence: a quantifier count or a
// back-reference number above kMaxPatternNumber, or a lookahead assertion. libstdc++ runs every
// lookahead as a match of its own from the current position, outside the polynomial bound, so
// nested ones multiply: fuzzing found a 34-byte pattern, ((?=((?=|%|#?^Qe)){70}|%|#?^Qe)){70},
// that takes half a second per name. A name pattern does without them.
std::optional<std::string> unsupported_syntax(std::string_view pattern) {
  bool in_class = false;  // [...]: digits there are characters
  bool in_braces = false;
  std::size_t pos = 0;
  while (pos < pattern.size()) {
    const char c = pattern[pos];
    std::size_t digits = std::string_view::npos;
    if (c == '\\') {
      if (in_class || pos + 1 >= pattern.size() || !detail::is_digit(pattern[pos + 1])) {
        pos += 2;  // an escaped character
        continue;
      }
      digits = pos + 1;
    } else if (in_class) {
      in_class = c != ']';
    } else if (in_braces && detail::is_digit(c)) {
      digits = pos;
    } else if (c == '(' && (pattern.substr(pos, 3) == "(?=" || pattern.substr(pos, 3) == "(?!")) {
      return std::string(" is refused: lookahead assertions ('(?=', '(?!') are not supported");
    } else {
      in_braces = (in_braces && c != '}') || c == '{';
      in_class = c == '[';
    }
    if (digits == std::string_view::npos) {
      ++pos;
      continue;
    }
    pos = digits;
    while (pos < pattern.size() && detail::is_digit(pattern[pos])) ++pos;
    const std::string_view number = pattern.substr(digits, pos - digits);
    if (detail::parse_decimal(number).value > kMaxPatternNumber) {
      return " is not a valid regular expression: the number " + std::string(number) +
             " is more than " + std::to_string(kMaxPatternNumber);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> VendorTypeTable::add(unsigned type, std::string name,
                                                std::string pattern) {
  if (type < 65 || type > 255) {
    return "type " + std::to_string(type) + " is not a vendor type: vendor types are 65-255";
  }
  if (name.empty()) return std::string("the name is empty");

  std::shared_ptr<const std::regex> regex;
  if (const std::optional<std::string> problem = unsupported_syntax(pattern)) {
    return detail::quote(pattern) + *problem;
  }
  if (!pattern.empty()) {
    // The pattern comes from the user's table: a bad one is a refusal, never an exception.
    try {
      regex = std::make_shared<const std::regex>(pattern, kPatternSyntax);
    } catch (const std::exception& error) {
      return detail::quote(pattern) +
             " is not a valid regular expression: " + without_trailing_period(error.what());
    }
  }

  // Compiled once here, so that judging a name needs neither std::regex nor the heap.
  std::shared_ptr<const NamePattern> sequence;
  if (regex) {
    if (std::optional<NamePattern> compiled = NamePattern::compile(pattern)) {
      sequence = std::make_shared<const NamePattern>(std::move(*compiled));
    }
  }

  std::optional<Entry>& slot = entries_[type];
  if (!slot) ++count_;
  slot = Entry{static_cast<uint8_t>(type), std::move(name), std::move(pattern), std::move(regex),
               std::move(sequence)};
  return std::nullopt;
}

std::string_view VendorTypeTable::type_name(uint8_t type) const {
  const EptKind kind = ept_kind(type);
  if (kind == EptKind::kVendorSpecific) {
    if (const Entry* entry = find(type)) return entry->name;
  }
  return ept_kind_name(kind);
}

const VendorTypeTable::Entry* VendorTypeTable::find(uint8_t type) const {
  const std::optional<Entry>& slot = entries_[type];
  return slot ? &*slot : nullptr;
}

void VendorTypeTable::clear() {
  for (std::optional<Entry>& slot : entries_) slot.reset();
  count_ = 0;
}

bool VendorTypeTable::empty() const {
  return count_ == 0;
}

}  // namespace lwm2m
