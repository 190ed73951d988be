#include "lwm2m/attributes.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <utility>

namespace lwm2m {
namespace {

constexpr std::array<std::pair<std::string_view, AttributeKey>, 7> kKeys{{
    {"pmin", AttributeKey::kPmin},
    {"pmax", AttributeKey::kPmax},
    {"gt", AttributeKey::kGt},
    {"lt", AttributeKey::kLt},
    {"st", AttributeKey::kSt},
    {"epmin", AttributeKey::kEpmin},
    {"epmax", AttributeKey::kEpmax},
}};

bool is_period(AttributeKey key) {
  return key == AttributeKey::kPmin || key == AttributeKey::kPmax || key == AttributeKey::kEpmin ||
         key == AttributeKey::kEpmax;
}

// Fills `attribute.number` or `attribute.problem` from its value.
void judge(Attribute& attribute) {
  const std::string_view value = *attribute.value;
  const std::string name(attribute.name);
  if (value.empty()) {
    attribute.problem = name + " has an empty value";
    return;
  }
  if (is_period(attribute.key)) {
    for (const char c : value) {
      if (c < '0' || c > '9') {
        attribute.problem = name + " '" + std::string(value) + "' is not a whole number of seconds";
        return;
      }
    }
    uint64_t seconds = 0;
    const auto result = std::from_chars(value.data(), value.data() + value.size(), seconds);
    if (result.ec != std::errc() || seconds > 4294967295u) {
      attribute.problem = name + " '" + std::string(value) + "' is out of range";
      return;
    }
    attribute.number = static_cast<double>(seconds);
    return;
  }
  // from_chars takes no leading '+'; the TS's numbers may have one.
  const std::string_view digits = value.front() == '+' ? value.substr(1) : value;
  double number = 0;
  const auto result = std::from_chars(digits.data(), digits.data() + digits.size(), number);
  if (digits.empty() || (value.front() == '+' && digits.front() == '-') ||
      result.ec != std::errc() || result.ptr != digits.data() + digits.size() ||
      !std::isfinite(number)) {
    attribute.problem = name + " '" + std::string(value) + "' is not a number";
    return;
  }
  if (attribute.key == AttributeKey::kSt && number < 0) {
    attribute.problem = "st '" + std::string(value) + "' is negative";
    return;
  }
  attribute.number = number;
}

}  // namespace

std::string_view attribute_key_name(AttributeKey key) {
  for (const auto& [name, k] : kKeys)
    if (k == key) return name;
  return "";
}

std::vector<Attribute> parse_attributes(const std::vector<std::string_view>& queries) {
  std::vector<Attribute> attributes;
  attributes.reserve(queries.size());
  for (const std::string_view query : queries) {
    Attribute attribute;
    const std::size_t equals = query.find('=');
    attribute.name = query.substr(0, equals);
    if (equals != std::string_view::npos) attribute.value = query.substr(equals + 1);
    for (const auto& [name, key] : kKeys)
      if (name == attribute.name) attribute.key = key;
    if (attribute.key != AttributeKey::kUnknown && attribute.value) judge(attribute);
    attributes.push_back(std::move(attribute));
  }
  return attributes;
}

}  // namespace lwm2m
