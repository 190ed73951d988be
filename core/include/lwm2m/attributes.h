// The attributes of a Write-Attributes request, one per Uri-Query option (the TS 1.1 "Attributes"
// tables: <NOTIFICATION> class): pmin, pmax, epmin, epmax (seconds, integers), gt, lt, st
// (numbers). An attribute without a value ("pmin") removes it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

enum class AttributeKey { kUnknown, kPmin, kPmax, kGt, kLt, kSt, kEpmin, kEpmax };

// "pmin", "pmax", "gt", "lt", "st", "epmin", "epmax"; "" for kUnknown.
std::string_view attribute_key_name(AttributeKey key);

struct Attribute {
  AttributeKey key = AttributeKey::kUnknown;
  std::string_view name;                  // as sent, before any '='
  std::optional<std::string_view> value;  // nullopt: no '=' (the attribute is removed)
  std::optional<double> number;           // the value, when it is valid for its attribute
  std::string problem;                    // empty, or why the value is not valid
};

// The attributes of a request's Uri-Query options, in order. The names are case-sensitive, as
// the TS writes them. pmin, pmax, epmin and epmax take a decimal integer 0-4294967295; gt and lt
// a decimal number (sign, fraction and exponent allowed); st a number that is not negative.
std::vector<Attribute> parse_attributes(const std::vector<std::string_view>& queries);

}  // namespace lwm2m
