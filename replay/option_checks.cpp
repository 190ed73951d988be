#include "option_checks.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <optional>

namespace lwm2m::replay {

namespace {

// The whole of `text` as a finite number; nullopt for "abc", "1x", "", "nan", "inf".
std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (*end != '\0' || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The whole of `text` as a whole number (no sign but '-', no fraction, no hex).
std::optional<long long> parse_whole_number(const std::string& text) {
  if (text.empty() || text.find_first_not_of("-0123456789") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long value = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || errno == ERANGE) return std::nullopt;
  return value;
}

// The number as the user would write it: 0.1, 60, 3600.
std::string plain(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// CLI11 puts "--name: " before what the check returns.
CLI::Validator check(const std::string& expected, std::function<bool(const std::string&)> ok) {
  return CLI::Validator(
      [expected, ok](std::string& text) {
        return ok(text) ? std::string() : "'" + text + "' is not " + expected;
      },
      "");
}

}  // namespace

CLI::Validator positive_number() {
  return check("a number greater than 0", [](const std::string& text) {
    const std::optional<double> value = parse_number(text);
    return value && *value > 0;
  });
}

CLI::Validator number_from(double low, double high) {
  return check("a number from " + plain(low) + " to " + plain(high),
               [low, high](const std::string& text) {
                 const std::optional<double> value = parse_number(text);
                 return value && *value >= low && *value <= high;
               });
}

CLI::Validator whole_number_from(long long low, long long high) {
  return check("a whole number from " + std::to_string(low) + " to " + std::to_string(high),
               [low, high](const std::string& text) {
                 const std::optional<long long> value = parse_whole_number(text);
                 return value && *value >= low && *value <= high;
               });
}

CLI::Validator one_of(const std::vector<std::string>& words) {
  std::string expected;
  for (std::size_t i = 0; i < words.size(); ++i)
    expected += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return check(expected, [words](const std::string& text) {
    return std::find(words.begin(), words.end(), text) != words.end();
  });
}

}  // namespace lwm2m::replay
