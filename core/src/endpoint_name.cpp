#include "lwm2m/endpoint_name.h"

#include <array>
#include <cstring>
#include <exception>
#include <regex>

#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/printable.h"
#include "lwm2m/vendor_types.h"
#include "text.h"

namespace lwm2m {

namespace {

using detail::all_printable_ascii;
using detail::count_of;
using detail::is_alnum;
using detail::is_digit;
using detail::is_printable_ascii;
using detail::quote;
using detail::quote_char_at;
using detail::starts_with_ignore_case;

using Problems = std::vector<std::string>;

constexpr std::size_t kNotFound = std::string_view::npos;

// Which written form a name has. Finer than NameForm: it selects the identifier rules.
enum class Scheme {
  kImei,        // IMEI: and urn:imei:
  kGsmaImei,    // urn:gsma:imei: (RFC 7254)
  kImeiMsisdn,  // urn:imei-msisdn:
  kImeiImsi,    // urn:imei-imsi:
  kEsn,         // ESN: and urn:esn:
  kMeid,        // MEID:, urn:meid: and urn:3gpp2:meid: (RFC 8464)
  kUuid,        // UUID: and urn:uuid:
  kDev,         // urn:dev: (RFC 9039)
  kUrn,         // any other urn:
  kOui,         // OUI-ProductClass-SerialNumber or OUI-SerialNumber
  kUnknown,
};

constexpr std::string_view kUrnScheme = "urn:";

struct Detected {
  Scheme scheme = Scheme::kUnknown;
  NameForm form = NameForm::kUnknown;
  std::size_t body = 0;  // where the identifier starts, after the prefix
  bool seed = false;     // one of kSeedPrefixes
};

// How many '-' `text` holds, eight bytes at a time: a byte of `word ^ dashes` is zero where `text`
// has a '-', and the high bit of each zero byte alone survives the arithmetic below (exactly,
// without the borrows of the shorter has-zero tests), so the bits can be counted.
std::size_t count_dashes(std::string_view text) {
  constexpr uint64_t kDashes = 0x2d2d2d2d2d2d2d2d;
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7f;
  const auto dashes_in = [&](uint64_t word) {
    const uint64_t x = word ^ kDashes;
    const uint64_t zero_tops = ~(((x & kLow7) + kLow7) | x | kLow7);
    return static_cast<std::size_t>(__builtin_popcountll(zero_tops));
  };
  std::size_t count = 0;
  std::size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word = 0;
    std::memcpy(&word, text.data() + pos, sizeof word);
    count += dashes_in(word);
  }
  uint64_t tail = 0;  // zero bytes are no dashes
  std::memcpy(&tail, text.data() + pos, text.size() - pos);
  return count + dashes_in(tail);
}

// is_hex as a table: it runs once per character of every ESN, MEID, UUID and OUI.
constexpr std::array<bool, 256> make_hex_chars() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) table[c] = detail::is_hex(static_cast<char>(c));
  return table;
}
constexpr std::array<bool, 256> kHexChars = make_hex_chars();

bool is_hex(char c) {
  return kHexChars[static_cast<unsigned char>(c)];
}

bool all_hex(std::string_view text) {
  for (const char c : text) {
    if (!is_hex(c)) return false;
  }
  return true;
}

// `text` starts with `prefix`, which is lower case; letters compare in either case. Inline, with
// constant prefixes: this runs on every name (bench/README.md, issue 20 target 4).
constexpr std::array<char, 256> make_lower_case() {
  std::array<char, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    table[c] = detail::to_lower(static_cast<char>(c));
  }
  return table;
}
constexpr std::array<char, 256> kLowerCase = make_lower_case();

inline bool has_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (kLowerCase[static_cast<unsigned char>(text[i])] != prefix[i]) return false;
  }
  return true;
}

// The published URN namespaces the rules know, after "urn:" (`rest`); kUrn for any other.
Detected detect_urn_namespace(std::string_view rest) {
  const auto known = [](std::string_view prefix, Scheme scheme, NameForm form) {
    return Detected{scheme, form, kUrnScheme.size() + prefix.size(), false};
  };
  switch (rest.empty() ? '\0' : rest[0] | 0x20) {
    case 'i':
      if (has_prefix(rest, "imei:")) return known("imei:", Scheme::kImei, NameForm::kImei);
      if (has_prefix(rest, "imei-msisdn:")) {
        return known("imei-msisdn:", Scheme::kImeiMsisdn, NameForm::kImei);
      }
      if (has_prefix(rest, "imei-imsi:")) {
        return known("imei-imsi:", Scheme::kImeiImsi, NameForm::kImei);
      }
      break;
    case 'g':
      if (has_prefix(rest, "gsma:imei:")) {
        return known("gsma:imei:", Scheme::kGsmaImei, NameForm::kImei);  // RFC 7254
      }
      break;
    case 'e':
      if (has_prefix(rest, "esn:")) return known("esn:", Scheme::kEsn, NameForm::kEsn);
      break;
    case 'm':
      if (has_prefix(rest, "meid:")) return known("meid:", Scheme::kMeid, NameForm::kMeid);
      break;
    case '3':
      if (has_prefix(rest, "3gpp2:meid:")) {
        return known("3gpp2:meid:", Scheme::kMeid, NameForm::kMeid);  // RFC 8464
      }
      break;
    case 'u':
      if (has_prefix(rest, "uuid:")) return known("uuid:", Scheme::kUuid, NameForm::kUuid);
      break;
    case 'd':
      if (has_prefix(rest, "dev:")) return known("dev:", Scheme::kDev, NameForm::kUrn);  // RFC 9039
      break;
    default:
      break;
  }
  return {Scheme::kUrn, NameForm::kUrn, kUrnScheme.size(), false};
}

Detected detect_form(std::string_view name) {
  // The change request's own forms IMEI:, ESN:, MEID:, UUID: (in any case), then "urn:".
  const auto seed = [](std::string_view prefix, Scheme scheme, NameForm form) {
    return Detected{scheme, form, prefix.size(), true};
  };
  switch (name.empty() ? '\0' : name[0] | 0x20) {
    case 'i':
      if (has_prefix(name, "imei:")) return seed("imei:", Scheme::kImei, NameForm::kImei);
      break;
    case 'e':
      if (has_prefix(name, "esn:")) return seed("esn:", Scheme::kEsn, NameForm::kEsn);
      break;
    case 'm':
      if (has_prefix(name, "meid:")) return seed("meid:", Scheme::kMeid, NameForm::kMeid);
      break;
    case 'u':
      if (has_prefix(name, "uuid:")) return seed("uuid:", Scheme::kUuid, NameForm::kUuid);
      if (has_prefix(name, kUrnScheme)) {
        return detect_urn_namespace(name.substr(kUrnScheme.size()));
      }
      break;
    default:
      break;
  }
  // OUI-SerialNumber or OUI-ProductClass-SerialNumber. An OUI of 1-8 hex digits in either case
  // still counts, so that a mistyped OUI is reported as one rather than as "not a URN".
  const std::size_t first_dash = name.find('-');
  if (first_dash == kNotFound || first_dash == 0 || first_dash > 8) return {};
  if (!all_hex(name.substr(0, first_dash))) return {};
  const std::size_t dashes = count_dashes(name);
  if (dashes == 1) return {Scheme::kOui, NameForm::kOuiSn, 0, false};
  if (dashes == 2) return {Scheme::kOui, NameForm::kOuiPcSn, 0, false};
  return {};
}

// ---- Identifiers of type 2 ----

constexpr std::size_t kImeiDigits = 15;

// A digit doubled as the Luhn algorithm does it (2 * 7 = 14 counts 1 + 4 = 5).
constexpr int kLuhnDoubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};

void check_imei(std::string_view imei, Problems& problems) {
  // One pass: the first non-digit, and on the way the Luhn sum of the first 14 digits, which
  // doubles every other digit from the 14th leftwards (the odd positions counted from 0).
  int sum = 0;
  for (std::size_t i = 0; i < imei.size(); ++i) {
    const unsigned digit = static_cast<unsigned char>(imei[i]) - unsigned{'0'};
    if (digit > 9) {
      problems.push_back("IMEI has a non-digit " + quote_char_at(imei, i) + " at position " +
                         std::to_string(i + 1));
      return;
    }
    if (i < kImeiDigits - 1) sum += i % 2 == 1 ? kLuhnDoubled[digit] : static_cast<int>(digit);
  }
  if (imei.size() != kImeiDigits) {
    problems.push_back("IMEI has " + count_of(imei.size(), "digit", "digits") + ", expected 15");
    return;
  }
  const int expected = (10 - sum % 10) % 10;
  const int actual = imei[kImeiDigits - 1] - '0';
  if (actual != expected) {
    problems.push_back("IMEI check digit is " + std::to_string(actual) + ", expected " +
                       std::to_string(expected));
  }
}

// RFC 7254 §3, the NSS of urn:gsma:imei:
//   imeival = tac "-" snr "-" spare   (tac = 8DIGIT, snr = 6DIGIT, spare = 1DIGIT)
// then optional parameters, ";svn=" and 2 digits (the software version of an IMEISV) and
// ";vers=" and digits, each at most once. The last digit is the spare digit, not a Luhn check
// digit (RFC 7254's own example is urn:gsma:imei:90420156-025763-0): this namespace has no Luhn
// check. ABNF strings are case-insensitive (RFC 5234 §2.3): ";SVN=" is ";svn=".
constexpr std::size_t kTacDigits = 8;
constexpr std::size_t kSnrDigits = 6;
constexpr std::size_t kImeivalLength = kTacDigits + 1 + kSnrDigits + 1 + 1;

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (!is_digit(c)) return false;
  }
  return true;
}

void check_gsma_imeival(std::string_view imei, Problems& problems) {
  constexpr std::size_t kSnrAt = kTacDigits + 1;
  constexpr std::size_t kSpareAt = kSnrAt + kSnrDigits + 1;
  if (imei.size() == kImeivalLength && imei[kTacDigits] == '-' && imei[kSpareAt - 1] == '-' &&
      all_digits(imei.substr(0, kTacDigits)) && all_digits(imei.substr(kSnrAt, kSnrDigits)) &&
      is_digit(imei[kSpareAt])) {
    return;
  }
  if (imei.size() == kImeiDigits && all_digits(imei)) {
    problems.push_back("IMEI " + quote(imei) +
                       " lacks the dashes RFC 7254 requires: expected urn:gsma:imei:" +
                       std::string(imei.substr(0, kTacDigits)) + "-" +
                       std::string(imei.substr(kTacDigits, kSnrDigits)) + "-" +
                       std::string(imei.substr(kTacDigits + kSnrDigits)));
    return;
  }
  problems.push_back("IMEI " + quote(imei) + " is not of the form TAC-SNR-spare (8-6-1 digits)");
}

void check_gsma_imei(std::string_view body, Problems& problems) {
  std::size_t semicolon = body.find(';');
  check_gsma_imeival(body.substr(0, semicolon), problems);
  constexpr std::string_view kSvn = "svn=";
  constexpr std::string_view kVers = "vers=";
  bool seen_svn = false;
  bool seen_vers = false;
  while (semicolon != kNotFound) {
    const std::size_t next = body.find(';', semicolon + 1);
    const std::string_view shown = body.substr(semicolon, next - semicolon);  // with its ';'
    const std::string_view parameter = shown.substr(1);
    semicolon = next;
    if (starts_with_ignore_case(parameter, kSvn)) {
      const std::string_view version = parameter.substr(kSvn.size());
      if (seen_svn) {
        problems.push_back(quote(shown) + " repeats the svn parameter");
      } else if (version.size() != 2 || !all_digits(version)) {
        problems.push_back(quote(shown) +
                           " is not a software version: expected ';svn=' and 2 digits");
      }
      seen_svn = true;
    } else if (starts_with_ignore_case(parameter, kVers)) {
      const std::string_view version = parameter.substr(kVers.size());
      if (seen_vers) {
        problems.push_back(quote(shown) + " repeats the vers parameter");
      } else if (version.empty() || !all_digits(version)) {
        problems.push_back(quote(shown) + " is not a version: expected ';vers=' and digits");
      }
      seen_vers = true;
    } else {
      problems.push_back(quote(shown) +
                         " is not an RFC 7254 parameter: expected ';svn=' and 2 digits or "
                         "';vers=' and digits");
    }
  }
}

// urn:imei-msisdn: and urn:imei-imsi:, an IMEI "-" a number of `min`-`max` digits.
void check_imei_and_number(std::string_view body, std::string_view number_name, std::size_t min,
                           std::size_t max, Problems& problems) {
  const std::size_t dash = body.find('-');
  check_imei(body.substr(0, dash), problems);
  if (dash == kNotFound) {
    problems.push_back("no " + std::string(number_name) + " after the IMEI");
    return;
  }
  const std::string_view number = body.substr(dash + 1);
  bool valid = number.size() >= min && number.size() <= max;
  for (const char c : number) valid &= is_digit(c);
  if (!valid) {
    problems.push_back(std::string(number_name) + " " + quote(number) + " is not " +
                       std::to_string(min) + "-" + std::to_string(max) + " digits");
  }
}

// A hex identifier of a fixed length (ESN, MEID, 1-Wire id) or one of two (MAC address).
void check_hex_id(std::string_view id, std::string_view what, std::size_t length,
                  std::size_t other_length, std::string_view expected, Problems& problems) {
  for (std::size_t i = 0; i < id.size(); ++i) {
    if (!is_hex(id[i])) {
      problems.push_back(std::string(what) + " has a non-hex character " + quote_char_at(id, i));
      return;
    }
  }
  if (id.size() != length && id.size() != other_length) {
    problems.push_back(std::string(what) + " has " +
                       count_of(id.size(), "hex digit", "hex digits") + ", expected " +
                       std::string(expected));
  }
}

void check_hex_id(std::string_view id, std::string_view what, std::size_t length,
                  std::string_view expected, Problems& problems) {
  check_hex_id(id, what, length, length, expected, problems);
}

// RFC 4122: 8-4-4-4-12 hex digits, either case.
constexpr std::size_t kUuidLength = 36;

// True for the 36 characters of a well-formed UUID: dashes at 8, 13, 18 and 23, hex digits
// elsewhere. The 32 digits are read as four words: 0-7, 9-12 with 14-17, 19-22 with 24-27, 28-35.
bool is_well_formed_uuid(std::string_view uuid) {
  if (uuid.size() != kUuidLength) return false;
  const char* const at = uuid.data();
  if (at[8] != '-' || at[13] != '-' || at[18] != '-' || at[23] != '-') return false;
  char middle[16];
  std::memcpy(middle, at + 9, 4);
  std::memcpy(middle + 4, at + 14, 4);
  std::memcpy(middle + 8, at + 19, 4);
  std::memcpy(middle + 12, at + 24, 4);
  const uint64_t hex = detail::hex_bytes(detail::load_word(at)) &
                       detail::hex_bytes(detail::load_word(middle)) &
                       detail::hex_bytes(detail::load_word(middle + 8)) &
                       detail::hex_bytes(detail::load_word(at + 28));
  return hex == detail::kByteTops;
}

void check_uuid(std::string_view uuid, Problems& problems) {
  if (is_well_formed_uuid(uuid)) return;  // what the group by group reading below accepts
  constexpr std::size_t kGroupLengths[] = {8, 4, 4, 4, 12};
  constexpr std::size_t kGroups = sizeof(kGroupLengths) / sizeof(kGroupLengths[0]);
  std::size_t groups = 1;
  for (const char c : uuid) groups += c == '-';
  if (groups != kGroups) {
    problems.push_back("UUID has " + count_of(groups, "group", "groups") + ", expected 5");
    return;
  }
  std::size_t start = 0;
  for (std::size_t group = 0; group < kGroups; ++group) {
    std::size_t end = uuid.find('-', start);
    if (end == kNotFound) end = uuid.size();
    const std::string_view digits = uuid.substr(start, end - start);
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (!is_hex(digits[i])) {
        problems.push_back("UUID has a non-hex character " + quote_char_at(digits, i) +
                           " in group " + std::to_string(group + 1));
        return;
      }
    }
    if (digits.size() != kGroupLengths[group]) {
      problems.push_back("UUID group " + std::to_string(group + 1) + " has " +
                         count_of(digits.size(), "hex digit", "hex digits") + ", expected " +
                         std::to_string(kGroupLengths[group]));
      return;
    }
    start = end + 1;
  }
}

// RFC 8141 unreserved / sub-delims / ":" / "@" (pchar without pct-encoded), and "/". A table,
// since this runs once per character of every URN.
constexpr std::array<bool, 256> make_nss_chars() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) table[c] = is_alnum(static_cast<char>(c));
  for (const char c : std::string_view("-._~!$&'()*+,;=:@/")) {
    table[static_cast<unsigned char>(c)] = true;
  }
  return table;
}
constexpr std::array<bool, 256> kNssChars = make_nss_chars();

bool is_nss_char(char c) {
  return kNssChars[static_cast<unsigned char>(c)];
}

// `text` up to its first '?' (r- and q-components) or '#' (f-component). Eight bytes at a time:
// most names have neither, and every canonical name asks; the word that holds one is read again
// byte by byte.
std::string_view without_components(std::string_view text) {
  std::size_t pos = 0;
  for (; pos + 8 <= text.size(); pos += 8) {
    const uint64_t word = detail::load_word(text.data() + pos);
    if ((detail::bytes_in_range(word, '?', '?') | detail::bytes_in_range(word, '#', '#')) != 0) {
      break;
    }
  }
  for (; pos < text.size(); ++pos) {
    if (text[pos] == '?' || text[pos] == '#') return text.substr(0, pos);
  }
  return text;
}

// RFC 8141 NID characters: letters, digits and '-'.
constexpr std::array<bool, 256> make_nid_chars() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) table[c] = is_alnum(static_cast<char>(c));
  table['-'] = true;
  return table;
}
constexpr std::array<bool, 256> kNidChars = make_nid_chars();

// RFC 8141: "urn:" NID ":" NSS, then r-, q- and f-components, which are allowed as they come.
// Returns where the components start in `name` (its end when there are none), or kNotFound when
// `name` is no valid URN.
std::size_t check_urn(std::string_view name, Problems& problems) {
  const std::string_view rest = name.substr(kUrnScheme.size());
  const std::size_t colon = rest.find(':');
  const std::string_view nid = rest.substr(0, colon);
  bool nid_chars_ok = nid.size() >= 2 && nid.size() <= 32;
  for (const char c : nid) nid_chars_ok &= kNidChars[static_cast<unsigned char>(c)];
  if (!nid_chars_ok) {
    problems.push_back("not a valid URN: the namespace identifier " + quote(nid) +
                       " must be 2-32 letters, digits or '-'");
    return kNotFound;
  }
  if (nid.front() == '-' || nid.back() == '-') {
    problems.push_back("not a valid URN: the namespace identifier " + quote(nid) +
                       " must start and end with a letter or digit");
    return kNotFound;
  }
  if (colon == kNotFound) {
    problems.push_back("not a valid URN: no ':' after the namespace identifier " + quote(nid));
    return kNotFound;
  }
  // The NSS ends at the first '?' or '#'. It is read in one pass, which stops there; the
  // sentences, rare, cut it out again.
  const std::size_t nss_at = colon + 1;
  const auto nss_text = [&] { return without_components(rest.substr(nss_at)); };
  const char nss_first = nss_at < rest.size() ? rest[nss_at] : '?';
  if (nss_first == '?' || nss_first == '#') {
    problems.push_back("not a valid URN: the namespace-specific string is empty");
    return kNotFound;
  }
  if (nss_first == '/') {
    problems.push_back("not a valid URN: the namespace-specific string must not start with '/'");
    return kNotFound;
  }
  std::size_t at = nss_at;
  for (; at < rest.size(); ++at) {
    const char c = rest[at];
    if (is_nss_char(c)) continue;
    if (c == '?' || c == '#') break;
    const std::string_view nss = nss_text();
    const std::size_t i = at - nss_at;
    if (c == '%') {
      if (i + 2 < nss.size() && is_hex(nss[i + 1]) && is_hex(nss[i + 2])) {
        at += 2;
        continue;
      }
      std::size_t shown = 1;  // '%' and up to two characters after it
      for (int k = 0; k < 2 && i + shown < nss.size(); ++k) {
        shown += detail::char_length_at(nss, i + shown);
      }
      problems.push_back("not a valid URN: bad %-escape " + quote(nss.substr(i, shown)) +
                         " in the namespace-specific string");
      return kNotFound;
    }
    problems.push_back("not a valid URN: " + quote_char_at(nss, i) +
                       " is not allowed in the namespace-specific string");
    return kNotFound;
  }
  return kUrnScheme.size() + at;
}

// urn:dev: names (RFC 9039) are URNs first; the known subtypes then have their own shape.
void check_dev_urn(std::string_view name, std::size_t body, Problems& problems) {
  const std::size_t components = check_urn(name, problems);
  if (components == kNotFound) return;
  const std::string_view rest = name.substr(body, components - body);
  const std::size_t colon = rest.find(':');
  if (colon == kNotFound) return;
  const std::string_view subtype = rest.substr(0, colon);  // case-sensitive (%s in RFC 9039)
  std::string_view value = rest.substr(colon + 1);
  if (subtype == "mac" || subtype == "ow") {
    value = value.substr(0, value.find('_'));  // "_" starts the component part
    if (subtype == "mac") {
      check_hex_id(value, "MAC address", 12, 16, "12 or 16", problems);
    } else {
      check_hex_id(value, "1-Wire device id", 16, "16", problems);
    }
    return;
  }
  if (subtype == "org" || subtype == "os" || subtype == "ops") {
    const std::size_t dash = value.find('-');
    const std::string_view enterprise = value.substr(0, dash);
    if (!detail::parse_decimal(enterprise).is_decimal) {
      problems.push_back("enterprise number " + quote(enterprise) + " is not a decimal number");
      return;
    }
    if (dash == kNotFound || dash + 1 == value.size()) {
      problems.push_back("expected '-' and an identifier after the enterprise number " +
                         quote(enterprise));
    }
  }
}

void check_urn_form(std::string_view name, const Detected& detected, Problems& problems) {
  const std::string_view body = name.substr(detected.body);
  switch (detected.scheme) {
    case Scheme::kImei:
      check_imei(body, problems);
      break;
    case Scheme::kGsmaImei:
      check_gsma_imei(body, problems);
      break;
    case Scheme::kImeiMsisdn:
      check_imei_and_number(body, "MSISDN", 1, 15, problems);
      break;
    case Scheme::kImeiImsi:
      check_imei_and_number(body, "IMSI", 6, 15, problems);
      break;
    case Scheme::kEsn:
      check_hex_id(body, "ESN", 8, "8", problems);
      break;
    case Scheme::kMeid:
      check_hex_id(body, "MEID", 14, "14", problems);
      break;
    case Scheme::kUuid:
      check_uuid(body, problems);
      break;
    case Scheme::kDev:
      check_dev_urn(name, detected.body, problems);
      break;
    case Scheme::kUrn:
      check_urn(name, problems);
      break;
    case Scheme::kOui:
    case Scheme::kUnknown:
      break;
  }
}

// ---- Type 1: TR-069 §3.4.4 ----

// ProductClass and SerialNumber: letters, digits, '_' and %XX escapes for anything else.
constexpr std::array<bool, 256> make_oui_field_chars() {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) table[c] = is_alnum(static_cast<char>(c));
  table['_'] = true;
  return table;
}
constexpr std::array<bool, 256> kOuiFieldChars = make_oui_field_chars();

void check_oui_field(std::string_view field, std::string_view what, Problems& problems) {
  if (field.empty()) {
    problems.push_back("empty " + std::string(what));
    return;
  }
  for (std::size_t i = 0; i < field.size(); ++i) {
    const char c = field[i];
    if (kOuiFieldChars[static_cast<unsigned char>(c)]) continue;
    if (c == '%') {
      if (i + 2 < field.size() && is_hex(field[i + 1]) && is_hex(field[i + 2])) {
        i += 2;
        continue;
      }
      std::size_t shown = 1;  // '%' and up to two characters after it
      for (int k = 0; k < 2 && i + shown < field.size(); ++k) {
        shown += detail::char_length_at(field, i + shown);
      }
      problems.push_back("bad %-escape " + quote(field.substr(i, shown)) + " in the " +
                         std::string(what));
      return;
    }
    problems.push_back(quote_char_at(field, i) + " in the " + std::string(what) +
                       " must be %-escaped");
    return;
  }
}

void check_oui_name(std::string_view name, Problems& problems) {
  const std::size_t dash = name.find('-');
  const std::string_view oui = name.substr(0, dash);
  bool oui_hex = true;
  for (std::size_t i = 0; i < oui.size() && oui_hex; ++i) {
    if (!is_hex(oui[i])) {
      problems.push_back("OUI has a non-hex character " + quote_char_at(oui, i));
      oui_hex = false;
    }
  }
  if (oui_hex && oui.size() != 6) {
    problems.push_back("OUI has " + count_of(oui.size(), "hex digit", "hex digits") +
                       ", expected 6");
  } else if (oui_hex) {
    for (const char c : oui) {
      if (detail::is_lower_hex_letter(c)) {
        problems.push_back("OUI " + quote(oui) + " must be upper-case hex");
        break;
      }
    }
  }
  if (dash == kNotFound || dash + 1 == name.size()) {
    problems.push_back("no serial number after the OUI");
    return;
  }
  // A third '-' or more belongs to the serial number, where it must be %-escaped.
  const std::string_view rest = name.substr(dash + 1);
  const std::size_t second_dash = rest.find('-');
  if (second_dash == kNotFound) {
    check_oui_field(rest, "serial number", problems);
    return;
  }
  check_oui_field(rest.substr(0, second_dash), "product class", problems);
  check_oui_field(rest.substr(second_dash + 1), "serial number", problems);
}

// ---- General rules ----

// Length, UTF-8 and control characters. Returns false when some byte itself is bad, in which case
// the type rules would only find the same byte again.
bool check_general(std::string_view name, Problems& problems) {
  if (name.size() > kMaxEndpointNameBytes) {
    problems.push_back(std::move(*check_endpoint_name_size(name)));
  }
  // Printable ASCII, the common case, needs no decoding.
  if (all_printable_ascii(name)) return true;
  std::size_t pos = 0;
  while (pos < name.size() && is_printable_ascii(name[pos])) ++pos;

  std::size_t bad_utf8_at = kNotFound;
  std::size_t control_at = kNotFound;
  char32_t control = 0;
  while (pos < name.size() && (bad_utf8_at == kNotFound || control_at == kNotFound)) {
    if (is_printable_ascii(name[pos])) {
      ++pos;
      continue;
    }
    char32_t code_point = 0;
    const std::size_t length = detail::utf8_sequence_length(name, pos, code_point);
    if (length == 0) {
      if (bad_utf8_at == kNotFound) bad_utf8_at = pos;
      ++pos;
      continue;
    }
    if (detail::is_control(code_point) && control_at == kNotFound) {
      control_at = pos;
      control = code_point;
    }
    pos += length;
  }
  if (bad_utf8_at != kNotFound) {
    problems.push_back("not valid UTF-8 at byte " + std::to_string(bad_utf8_at));
  }
  if (control_at != kNotFound) {
    problems.push_back("control character " + detail::hex_code(control) + " at byte " +
                       std::to_string(control_at));
  }
  return bad_utf8_at == kNotFound && control_at == kNotFound;
}

bool is_urn_form(NameForm form) {
  return form == NameForm::kImei || form == NameForm::kEsn || form == NameForm::kMeid ||
         form == NameForm::kUuid || form == NameForm::kUrn;
}

void check_vendor_pattern(std::string_view name, uint8_t type, const VendorTypeTable* vendors,
                          Problems& problems) {
  if (vendors == nullptr) return;
  const VendorTypeTable::Entry* entry = vendors->find(type);
  if (entry == nullptr || !entry->regex) return;
  const auto pattern_of_type = [&] {
    return " the pattern " + quote(entry->pattern) + " of vendor type " + quote(entry->name) +
           " (" + std::to_string(type) + ")";
  };
  if (entry->sequence) {
    if (const std::optional<bool> matched = entry->sequence->matches(name)) {
      if (!*matched) problems.push_back("does not match" + pattern_of_type());
      return;
    }
  }
  // A user's pattern can still exhaust the matcher (it backtracks); that must not escape either.
  try {
    if (!std::regex_match(name.begin(), name.end(), *entry->regex)) {
      problems.push_back("does not match" + pattern_of_type());
    }
  } catch (const std::exception& error) {
    problems.push_back("could not be matched against" + pattern_of_type() + ": " + error.what());
  }
}

// The sentence that says why a pair has no type, or none when `ept` gives one (or may be left
// out). `type` is what parse_ept read from it.
constexpr std::size_t kShownEptBytes = 16;

std::optional<std::string> type_problem(std::optional<std::string_view> ept,
                                        const std::optional<uint8_t>& type, bool ept_required) {
  constexpr std::string_view kNoType = "no usable Endpoint Client Name Type: ";
  if (!ept) {
    if (!ept_required) return std::nullopt;
    return std::string(kNoType) + "ept is missing";
  }
  if (type) return std::nullopt;
  if (ept->empty()) return std::string(kNoType) + "ept= is empty";
  return std::string(kNoType) + "ept=" + printable(*ept, kShownEptBytes) + " is not a number 1-255";
}

}  // namespace

std::string_view name_form_label(NameForm form) {
  switch (form) {
    case NameForm::kImei:
      return "IMEI";
    case NameForm::kEsn:
      return "ESN";
    case NameForm::kMeid:
      return "MEID";
    case NameForm::kUuid:
      return "UUID";
    case NameForm::kOuiPcSn:
      return "OUI-PC-SN";
    case NameForm::kOuiSn:
      return "OUI-SN";
    case NameForm::kUrn:
      return "URN";
    case NameForm::kUnknown:
      return "unknown";
  }
  return "unknown";
}

NameLayout endpoint_name_layout(std::string_view name) {
  const Detected detected = detect_form(name);
  NameLayout layout;
  layout.form = detected.form;
  layout.identifier = detected.body;
  layout.seed_prefix = detected.seed;
  layout.hex_identifier = detected.scheme == Scheme::kEsn || detected.scheme == Scheme::kMeid ||
                          detected.scheme == Scheme::kUuid;
  // detect_form reads every name that starts with "urn:" (in any case) as one of the URN schemes,
  // and no other name as one.
  const bool urn =
      !detected.seed && detected.scheme != Scheme::kOui && detected.scheme != Scheme::kUnknown;
  if (urn) {
    layout.urn = true;
    const std::size_t colon = name.find(':', kUrnScheme.size());
    layout.nid_end = colon == kNotFound ? name.size() : colon;
    layout.components =
        kUrnScheme.size() + without_components(name.substr(kUrnScheme.size())).size();
  }
  return layout;
}

std::optional<std::string> check_endpoint_name_size(std::string_view name) {
  return detail::size_problem(name.size(), kMaxEndpointNameBytes);
}

NameCheck check_endpoint_name(std::string_view name, std::optional<uint8_t> type,
                              const VendorTypeTable* vendors) {
  NameCheck check;
  if (name.empty()) {
    check.problems.push_back("the name is empty");
    return check;
  }
  const Detected detected = detect_form(name);
  check.form = detected.form;
  const bool bytes_ok = check_general(name, check.problems);
  if (!type) return check;

  switch (ept_kind(*type)) {
    case EptKind::kOuiPcSerialNumber:
      if (is_urn_form(detected.form)) {
        std::string looks_like = "looks like a URN";
        if (detected.form != NameForm::kUrn) {
          looks_like += " (" + std::string(name_form_label(detected.form)) + ")";
        }
        check.problems.push_back(looks_like +
                                 ": that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)");
      } else if (bytes_ok) {
        check_oui_name(name, check.problems);
      }
      break;
    case EptKind::kUrn:
      if (detected.scheme == Scheme::kOui) {
        check.problems.push_back(
            "looks like an OUI-PC-Serial Number: that form is type 1 (OUI-PC-Serial Number), not "
            "type 2 (URN)");
      } else if (detected.scheme == Scheme::kUnknown) {
        check.problems.push_back("not a URN: expected 'urn:' or one of IMEI:, ESN:, MEID:, UUID:");
      } else if (bytes_ok) {
        check_urn_form(name, detected, check.problems);
      }
      break;
    case EptKind::kReservedOma:
      break;
    case EptKind::kVendorSpecific:
      // Only names that passed the general rules reach the pattern: 63 bytes bound its cost.
      if (check.problems.empty()) check_vendor_pattern(name, *type, vendors, check.problems);
      break;
  }
  return check;
}

NameCheck check_endpoint_pair(std::optional<std::string_view> ept_text, std::string_view ep,
                              bool ept_required, const VendorTypeTable* vendors,
                              NameLayout* layout) {
  // parse_ept is the one reader of ept values: what it reads as no type is no usable type here.
  const std::optional<uint8_t> type =
      ept_text ? parse_ept(*ept_text).type : std::optional<uint8_t>();
  NameCheck check = check_endpoint_name(ep, type, vendors);
  // A second reading of the form, only for a caller that asks: check_endpoint_name stays the
  // validator's hot path as it is.
  if (layout) *layout = endpoint_name_layout(ep);
  if (auto problem = type_problem(ept_text, type, ept_required)) {
    check.problems.insert(check.problems.begin(), std::move(*problem));
  }
  return check;
}

}  // namespace lwm2m
