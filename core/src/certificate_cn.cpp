#include "lwm2m/certificate_cn.h"

#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/printable.h"
#include "lwm2m/vendor_types.h"
#include "text.h"

namespace lwm2m {

namespace {

// How much of a CN or name a sentence shows (a name is at most 63 bytes, a CN's type at most 3),
// and of a type that is no number 1-255.
constexpr std::size_t kShownBytes = 80;
constexpr std::size_t kShownTypeBytes = 16;

constexpr std::string_view kWanted = "the seed wants '<ept>:<ep>'";

constexpr uint8_t kOuiType = 1;
constexpr uint8_t kUrnType = 2;

std::string quoted(std::string_view text, std::size_t max_bytes = kShownBytes) {
  return "'" + printable(text, max_bytes) + "'";
}

// "CN '<cn>' ": how every format problem starts.
std::string cn_said(std::string_view cn) {
  return "CN " + quoted(cn) + " ";
}

// The CN the seed wants for `name` under `type`: '2:urn:imei:X'.
std::string wanted_cn(uint8_t type, std::string_view name) {
  return "'" + std::to_string(type) + ":" + (name.empty() ? "<ep>" : printable(name, kShownBytes)) +
         "'";
}

// The type a name's form belongs to: URNs (the seed's IMEI:, ESN:, MEID:, UUID: included) are
// type 2, OUI-PC-Serial Numbers type 1.
std::optional<uint8_t> type_of_form(NameForm form) {
  switch (form) {
    case NameForm::kImei:
    case NameForm::kEsn:
    case NameForm::kMeid:
    case NameForm::kUuid:
    case NameForm::kUrn:
      return kUrnType;
    case NameForm::kOuiPcSn:
    case NameForm::kOuiSn:
      return kOuiType;
    case NameForm::kUnknown:
      break;
  }
  return std::nullopt;
}

// kWanted, then the CN `name` most likely means when its form tells the type.
std::string wanted_for(std::string_view name) {
  std::string text(kWanted);
  if (name.empty()) return text;
  if (const std::optional<uint8_t> type = type_of_form(endpoint_name_layout(name).form)) {
    text += ", e.g. " + wanted_cn(*type, name);
  }
  return text;
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && detail::starts_with_ignore_case(a, b);
}

// The type `text` names, in any case: "URN" (2), "OUI-PC-Serial Number" (1), or the name of a
// configured vendor type.
std::optional<uint8_t> type_named(std::string_view text, const VendorTypeTable* vendors) {
  for (const uint8_t type : {kOuiType, kUrnType}) {
    if (equals_ignore_case(text, ept_kind_name(ept_kind(type)))) return type;
  }
  if (vendors == nullptr) return std::nullopt;
  for (unsigned type = 65; type <= 255; ++type) {
    const VendorTypeTable::Entry* entry = vendors->find(static_cast<uint8_t>(type));
    if (entry != nullptr && equals_ignore_case(text, entry->name)) {
      return static_cast<uint8_t>(type);
    }
  }
  return std::nullopt;
}

// A name of the URN forms with something after its own first ':': "urn:imei:X" (NID "imei") or
// "IMEI:X". Such a CN has no type; it is not the type "urn" or "IMEI" and a name.
bool is_urn_with_identifier(std::string_view cn) {
  const NameLayout layout = endpoint_name_layout(cn);
  if (layout.urn) return layout.nid_end < cn.size();
  return layout.seed_prefix && layout.identifier < cn.size();
}

void no_type(CertificateCn& result) {
  result.type_text = {};
  result.name = result.cn;
  result.format_problems.push_back(cn_said(result.cn) + "has no type: " + wanted_for(result.name));
}

void type_as_name(CertificateCn& result, uint8_t type) {
  result.format_problems.push_back(
      cn_said(result.cn) + "writes the type as its name " + quoted(result.type_text) +
      " instead of its number: the seed wants " + wanted_cn(type, result.name));
}

void unusable_type(CertificateCn& result, std::string_view why) {
  result.format_problems.push_back(cn_said(result.cn) + "has no usable type (" + std::string(why) +
                                   "): " + wanted_for(result.name));
}

// The type of a CN that has a ':', and what is wrong with it. `result.type_text` and
// `result.name` are the two sides of the first ':'.
void read_type(CertificateCn& result, const VendorTypeTable* vendors) {
  const std::string_view text = result.type_text;
  if (text.empty()) {
    result.format_problems.push_back(cn_said(result.cn) +
                                     "has an empty type: " + wanted_for(result.name));
    return;
  }
  // parse_ept is the one reader of type numbers, for a CN as for a Register's ept.
  const EptParse parse = parse_ept(text);
  if (parse.type) {
    result.ept = parse.type;
    return;
  }
  if (parse.out_of_range) {
    unusable_type(result, printable(text, kShownTypeBytes) + " is outside 1-255");
    return;
  }
  const std::optional<uint8_t> named = type_named(text, vendors);
  // "URN:urn:imei:X" names the type; "urn:imei:X" is a URN and no type, as is "IMEI:X".
  if (named == kUrnType && endpoint_name_layout(result.name).urn) {
    type_as_name(result, *named);
  } else if (is_urn_with_identifier(result.cn)) {
    no_type(result);
  } else if (named) {
    type_as_name(result, *named);
  } else {
    unusable_type(result, quoted(text, kShownTypeBytes) + " is not a decimal number");
  }
}

// "ept 2", "no ept", "ept=abc (not a number 1-255)": a Register's type as it was sent.
std::string register_type_words(std::optional<std::string_view> ept_text) {
  if (!ept_text) return "no ept";
  if (const std::optional<uint8_t> type = parse_ept(*ept_text).type) {
    return "ept " + std::to_string(*type);
  }
  if (ept_text->empty()) return "an empty ept";
  return "ept=" + printable(*ept_text, kShownTypeBytes) + " (not a number 1-255)";
}

// "ept 2", "no type", "an empty type", "the type 'URN' (not a number 1-255)": a CN's type.
std::string cn_type_words(const CertificateCn& cn) {
  if (cn.ept) return "ept " + std::to_string(*cn.ept);
  if (!cn.type_text.empty()) {
    return "the type " + quoted(cn.type_text, kShownTypeBytes) + " (not a number 1-255)";
  }
  // With a ':' and nothing before it, the name is shorter than the CN.
  return cn.name.size() < cn.cn.size() ? "an empty type" : "no type";
}

}  // namespace

CertificateCn parse_certificate_cn(std::string_view cn, const VendorTypeTable* vendors) {
  CertificateCn result;
  result.cn = cn;
  if (cn.empty()) {
    result.format_problems.push_back("the CN is empty: " + std::string(kWanted));
    return result;
  }
  const std::size_t colon = cn.find(':');
  if (colon == std::string_view::npos) {
    no_type(result);
  } else {
    result.type_text = cn.substr(0, colon);
    result.name = cn.substr(colon + 1);
    read_type(result, vendors);
  }
  if (result.name.empty()) {
    result.format_problems.push_back(cn_said(cn) + "has an empty name: " + std::string(kWanted));
    return result;
  }
  result.name_check = check_endpoint_name(result.name, result.ept, vendors);
  return result;
}

std::optional<std::string> cn_mismatch(const CertificateCn& cn,
                                       std::optional<std::string_view> register_ept,
                                       std::string_view register_ep, std::string_view request) {
  const std::optional<uint8_t> type =
      register_ept ? parse_ept(*register_ept).type : std::optional<uint8_t>();
  if (cn.ept && type && *cn.ept == *type && same_endpoint_name(cn.name, register_ep)) {
    return std::nullopt;
  }
  std::string text = "the certificate's CN ";
  if (cn.cn.empty()) {
    text += "is empty";
  } else {
    text += "has " + cn_type_words(cn) + ", ep=" + printable(cn.name, kShownBytes);
  }
  text += "; the " + std::string(request) + " sends " + register_type_words(register_ept) +
          ", ep=" + printable(register_ep, kShownBytes);
  return text;
}

}  // namespace lwm2m
