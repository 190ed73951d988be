// The user's names (and optional name patterns) for vendor-specific Endpoint Client Name Types.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <string_view>

#include "lwm2m/name_pattern.h"

namespace lwm2m {

class VendorTypeTable {
 public:
  struct Entry {
    uint8_t type = 0;
    std::string name;
    std::string pattern;                      // empty: any name that passes the general rules
    std::shared_ptr<const std::regex> regex;  // compiled `pattern`, null when empty
    // The same pattern for the matcher of plain sequences, which allocates nothing per name; null
    // when `pattern` is empty or more than a sequence (then `regex` matches).
    std::shared_ptr<const NamePattern> sequence;
  };

  // Adds or replaces a type. Returns a human sentence when the entry is refused: a type outside
  // 65-255, an empty name, or a pattern that is not a valid ECMAScript regular expression.
  std::optional<std::string> add(unsigned type, std::string name, std::string pattern);

  // The entry for `type`, or null.
  const Entry* find(uint8_t type) const;

  // The name of any type: the user's name for a configured vendor type, else the name of the
  // type's kind ("URN", "Reserved (OMA)", "Vendor specific"...).
  std::string_view type_name(uint8_t type) const;

  void clear();
  bool empty() const;

 private:
  std::array<std::optional<Entry>, 256> entries_;
  std::size_t count_ = 0;
};

}  // namespace lwm2m
