#include "lwm2m/query.h"

#include <array>
#include <iterator>
#include <limits>
#include <unordered_set>

#include "text.h"

namespace lwm2m {

namespace {

struct KeyName {
  ParamKey key;
  std::string_view name;
};

// A key's first entry is its name (param_key_name); later entries are other spellings that
// param_key also reads: the seed's Table 16 writes queue mode "q", the TS "Q".
constexpr KeyName kKeyNames[] = {
    {ParamKey::kEndpointName, "ep"},
    {ParamKey::kEndpointNameType, "ept"},
    {ParamKey::kLifetime, "lt"},
    {ParamKey::kSmsNumber, "sms"},
    {ParamKey::kVersion, "lwm2m"},
    {ParamKey::kBinding, "b"},
    {ParamKey::kQueueMode, "Q"},
    {ParamKey::kQueueMode, "q"},
    {ParamKey::kPreferredContentType, "pct"},
};

// param_key's index: the entry of kKeyNames with a given size and first letter. No two entries
// share both (a static_assert checks), so one compare settles a name.
constexpr std::size_t kMaxKeyNameSize = 5;
constexpr int kNoEntry = -1;
using KeyIndex = std::array<std::array<int, 128>, kMaxKeyNameSize + 1>;

constexpr KeyIndex make_key_index() {
  KeyIndex index{};
  for (auto& by_letter : index) {
    for (int& entry : by_letter) entry = kNoEntry;
  }
  for (std::size_t i = 0; i < std::size(kKeyNames); ++i) {
    const std::string_view name = kKeyNames[i].name;
    index[name.size()][static_cast<unsigned char>(name[0])] = static_cast<int>(i);
  }
  return index;
}
constexpr KeyIndex kKeyIndex = make_key_index();

constexpr bool key_index_is_complete() {
  for (std::size_t i = 0; i < std::size(kKeyNames); ++i) {
    const std::string_view name = kKeyNames[i].name;
    if (name.empty() || name.size() > kMaxKeyNameSize ||
        static_cast<unsigned char>(name[0]) > 127 ||
        kKeyIndex[name.size()][static_cast<unsigned char>(name[0])] != static_cast<int>(i)) {
      return false;
    }
  }
  return true;
}
static_assert(key_index_is_complete(), "two key names share a size and first letter");

}  // namespace

std::string_view param_name(std::string_view option) {
  return option.substr(0, option.find('='));
}

bool takes_parameter(Operation operation, ParamKey key) {
  switch (operation) {
    case Operation::kRegister:
      return key == ParamKey::kEndpointName || key == ParamKey::kEndpointNameType ||
             key == ParamKey::kLifetime || key == ParamKey::kSmsNumber ||
             key == ParamKey::kVersion || key == ParamKey::kBinding || key == ParamKey::kQueueMode;
    case Operation::kUpdate:
      return key == ParamKey::kLifetime || key == ParamKey::kSmsNumber ||
             key == ParamKey::kBinding || key == ParamKey::kQueueMode ||
             key == ParamKey::kEndpointName || key == ParamKey::kEndpointNameType ||
             key == ParamKey::kVersion;
    case Operation::kBootstrapRequest:
      return key == ParamKey::kEndpointName || key == ParamKey::kEndpointNameType ||
             key == ParamKey::kPreferredContentType;
    default:  // De-register, Bootstrap-Finish; the others take no registration parameters
      return false;
  }
  return false;
}

namespace {

// A decimal value in [min, max]; `what` names it in the sentence ("lifetime").
std::optional<std::string> check_decimal(std::string_view what, std::string_view value,
                                         uint64_t min, uint64_t max) {
  if (value.empty()) return std::string(what) + " is empty";
  const detail::Decimal number = detail::parse_decimal(value);
  if (!number.is_decimal) {
    return std::string(what) + " " + detail::quote(value) + " is not a decimal number";
  }
  if (number.value < min || number.value > max) {
    return std::string(what) + " " + detail::decimal_text(number, value) + " is outside " +
           std::to_string(min) + "-" + std::to_string(max);
  }
  return std::nullopt;
}

// MSISDN: an optional '+' and 1-15 digits (E.164).
std::optional<std::string> check_sms_number(std::string_view value) {
  std::string_view digits = value;
  if (!digits.empty() && digits.front() == '+') digits.remove_prefix(1);
  bool valid = !digits.empty() && digits.size() <= 15;
  for (const char c : digits) valid = valid && detail::is_digit(c);
  if (valid) return std::nullopt;
  return "SMS number " + detail::quote(value) + " is not 1-15 digits with an optional '+'";
}

// "1.0", "1.1": digits '.' digits.
std::optional<std::string> check_version(std::string_view value) {
  const std::size_t dot = value.find('.');
  if (dot != std::string_view::npos && detail::parse_decimal(value.substr(0, dot)).is_decimal &&
      detail::parse_decimal(value.substr(dot + 1)).is_decimal) {
    return std::nullopt;
  }
  return "version " + detail::quote(value) + " is not of the form major.minor";
}

// Binding modes of LwM2M 1.0 ("U", "UQ", "SQ", "UQS"...) and 1.1 ("U", "S", "T", "N", "Q").
std::optional<std::string> check_binding(std::string_view value) {
  if (value.empty()) return std::string("binding is empty");
  constexpr std::string_view kModes = "USTNQ";
  bool seen[kModes.size()] = {};
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::size_t mode = kModes.find(value[i]);
    if (mode == std::string_view::npos) {
      return "binding " + detail::quote(value) + " has an unknown mode " +
             detail::quote_char_at(value, i);
    }
    if (seen[mode]) {
      return "binding " + detail::quote(value) + " repeats the mode " +
             detail::quote_char_at(value, i);
    }
    seen[mode] = true;
  }
  return std::nullopt;
}

}  // namespace

ParamKey param_key(std::string_view name) {
  // One candidate by size and first letter: this runs on every parameter.
  if (name.empty() || name.size() > kMaxKeyNameSize) return ParamKey::kUnknown;
  const auto first = static_cast<unsigned char>(name[0]);
  if (first > 127) return ParamKey::kUnknown;
  const int entry = kKeyIndex[name.size()][first];
  if (entry == kNoEntry) return ParamKey::kUnknown;
  const std::string_view candidate = kKeyNames[entry].name;
  for (std::size_t i = 1; i < name.size(); ++i) {
    if (name[i] != candidate[i]) return ParamKey::kUnknown;
  }
  return kKeyNames[entry].key;
}

std::string_view param_key_name(ParamKey key) {
  for (const KeyName& entry : kKeyNames) {
    if (entry.key == key) return entry.name;
  }
  return "";
}

const QueryParam* Query::find(ParamKey key) const {
  for (const QueryParam& param : params) {
    if (param.key == key) return &param;
  }
  return nullptr;
}

Query parse_query(const std::vector<std::string_view>& options, Operation operation) {
  Query query;
  parse_query(options, operation, query);
  return query;
}

void parse_query(const std::vector<std::string_view>& options, Operation operation, Query& query) {
  query.params.clear();
  query.params.reserve(options.size());
  // Repeats: a scan of the earlier parameters for the few of a real request, a set for a hostile
  // one with thousands (a scan would be quadratic). A known parameter repeats one of the same key
  // whatever its spelling ("q" after "Q"), an unknown one a parameter of the same name.
  constexpr std::size_t kScanLimit = 16;
  const bool use_set = options.size() > kScanLimit;
  std::unordered_set<std::string_view> seen;
  for (std::size_t index = 0; index < options.size(); ++index) {
    const std::string_view option = options[index];
    QueryParam param;
    param.option_index = index;
    const std::size_t equals = option.find('=');
    param.has_value = equals != std::string_view::npos;
    param.name = option.substr(0, equals);  // param_name, without a second search for '='
    // Without '=', the (empty) value sits at the end of the option.
    param.value_offset = param.has_value ? equals + 1 : option.size();
    param.value = option.substr(param.value_offset);
    param.key = param_key(param.name);
    param.known_for_operation = takes_parameter(operation, param.key);
    if (use_set) {
      // No unknown name equals a known key's name, or it would not be unknown.
      const std::string_view identity =
          param.key == ParamKey::kUnknown ? param.name : param_key_name(param.key);
      param.repeated = !seen.insert(identity).second;
    } else {
      for (const QueryParam& earlier : query.params) {
        if (earlier.key == param.key &&
            (param.key != ParamKey::kUnknown || earlier.name == param.name)) {
          param.repeated = true;
          break;
        }
      }
    }
    query.params.push_back(param);
  }
}

std::optional<std::string> check_query_option_size(std::string_view option) {
  return detail::size_problem(option.size(), kMaxUriQueryOptionBytes);
}

std::optional<std::string> check_param_value(const QueryParam& param) {
  switch (param.key) {
    case ParamKey::kLifetime:
      return check_decimal("lifetime", param.value, 1, std::numeric_limits<uint32_t>::max());
    case ParamKey::kSmsNumber:
      return check_sms_number(param.value);
    case ParamKey::kVersion:
      return check_version(param.value);
    case ParamKey::kBinding:
      return check_binding(param.value);
    case ParamKey::kQueueMode:
      if (param.has_value) return "queue mode " + detail::quote(param.name) + " takes no value";
      return std::nullopt;
    case ParamKey::kPreferredContentType:
      return check_decimal("content format", param.value, 0, std::numeric_limits<uint16_t>::max());
    case ParamKey::kEndpointName:
    case ParamKey::kEndpointNameType:
    case ParamKey::kUnknown:
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<uint32_t> parse_lifetime(std::string_view value) {
  const detail::Decimal number = detail::parse_decimal(value);
  if (!number.is_decimal || number.value < 1 ||
      number.value > std::numeric_limits<uint32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<uint32_t>(number.value);
}

}  // namespace lwm2m
