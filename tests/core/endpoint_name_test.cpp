#include "lwm2m/endpoint_name.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/vendor_types.h"

namespace lwm2m {
namespace {

using Problems = std::vector<std::string>;

constexpr uint8_t kOuiType = 1;
constexpr uint8_t kUrnType = 2;

Problems problems_of(std::string_view name, std::optional<uint8_t> type,
                     const VendorTypeTable* vendors = nullptr) {
  return check_endpoint_name(name, type, vendors).problems;
}

NameForm form_of(std::string_view name) {
  return check_endpoint_name(name, std::nullopt).form;
}

// ---- General rules ----

TEST(GeneralRules, EmptyNameIsOneProblemAndStops) {
  for (const std::optional<uint8_t> type :
       {std::optional<uint8_t>(), std::optional<uint8_t>(1), std::optional<uint8_t>(2),
        std::optional<uint8_t>(3), std::optional<uint8_t>(100)}) {
    const NameCheck check = check_endpoint_name("", type);
    EXPECT_EQ(check.problems, Problems{"the name is empty"});
    EXPECT_EQ(check.form, NameForm::kUnknown);
    EXPECT_FALSE(check.valid());
  }
}

TEST(GeneralRules, SixtyThreeBytesIsTheLimit) {
  const NameCheck check = check_endpoint_name(std::string(63, 'a'), std::nullopt);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(problems_of(std::string(64, 'a'), std::nullopt), Problems{"64 bytes, the limit is 63"});
  EXPECT_EQ(problems_of(std::string(200, 'a'), 3), Problems{"200 bytes, the limit is 63"});
}

// The length rule alone, as the replay tool asks it of the names its rewriting makes: the same
// sentence check_endpoint_name gives.
TEST(GeneralRules, SizeRuleAloneAtSixtyThreeAndSixtyFourBytes) {
  EXPECT_EQ(kMaxEndpointNameBytes, 63u);
  EXPECT_EQ(check_endpoint_name_size(std::string(63, 'a')), std::nullopt);
  EXPECT_EQ(check_endpoint_name_size(std::string(64, 'a')), "64 bytes, the limit is 63");
  EXPECT_EQ(check_endpoint_name_size(""), std::nullopt);  // empty is another rule's business
  const std::string urn64 = "urn:dev:ops:32473-Limits-" + std::string(39, '7');
  ASSERT_EQ(urn64.size(), 64u);
  EXPECT_EQ(problems_of(urn64.substr(0, 63), kUrnType), Problems{});
  EXPECT_EQ(problems_of(urn64, kUrnType), Problems{*check_endpoint_name_size(urn64)});
}

TEST(GeneralRules, LengthCountsBytesNotCharacters) {
  std::string name;
  for (int i = 0; i < 31; ++i) name += "\xc3\xa9";  // é, 2 bytes
  EXPECT_EQ(problems_of(name + "a", std::nullopt), Problems{});
  EXPECT_EQ(problems_of(name + "\xc3\xa9", std::nullopt), Problems{"64 bytes, the limit is 63"});
}

TEST(GeneralRules, AcceptsValidUtf8) {
  EXPECT_EQ(problems_of("caf\xc3\xa9-\xe2\x82\xac-\xf0\x9f\x98\x80-\xf4\x8f\xbf\xbf", std::nullopt),
            Problems{});
}

TEST(GeneralRules, ReportsTheFirstInvalidUtf8Byte) {
  struct Case {
    std::string name;
    std::string problem;
  };
  const Case cases[] = {
      {"abcde\xff", "not valid UTF-8 at byte 5"},
      {"\x80"
       "abc",
       "not valid UTF-8 at byte 0"},                                  // stray continuation byte
      {"a\xc0\xaf", "not valid UTF-8 at byte 1"},                     // overlong '/'
      {"ab\xe0\x80\xaf", "not valid UTF-8 at byte 2"},                // overlong, 3 bytes
      {"abc\xed\xa0\x80", "not valid UTF-8 at byte 3"},               // surrogate U+D800
      {"abcd\xf4\x90\x80\x80", "not valid UTF-8 at byte 4"},          // above U+10FFFF
      {"ab\xe2\x82", "not valid UTF-8 at byte 2"},                    // truncated at the end
      {"ab\xe2\x82z", "not valid UTF-8 at byte 2"},                   // truncated in the middle
      {"\xc3\xa9\xf8\x88\x80\x80\x80", "not valid UTF-8 at byte 2"},  // 5-byte form
      {"ok\xc3\xa9\xff\xfe", "not valid UTF-8 at byte 4"},            // only the first is reported
  };
  for (const Case& c : cases) {
    EXPECT_EQ(problems_of(c.name, std::nullopt), Problems{c.problem}) << c.problem;
  }
}

TEST(GeneralRules, ReportsTheFirstControlCharacter) {
  EXPECT_EQ(problems_of("device name\n", std::nullopt),
            Problems{"control character 0x0A at byte 11"});
  EXPECT_EQ(problems_of(std::string("a\0b", 3), std::nullopt),
            Problems{"control character 0x00 at byte 1"});
  EXPECT_EQ(problems_of("a\tb\nc", std::nullopt), Problems{"control character 0x09 at byte 1"});
  EXPECT_EQ(problems_of("abc\x7f", std::nullopt), Problems{"control character 0x7F at byte 3"});
  EXPECT_EQ(problems_of("ab\x1f", std::nullopt), Problems{"control character 0x1F at byte 2"});
}

TEST(GeneralRules, C1ControlsAreControlCharacters) {
  EXPECT_EQ(problems_of("ab\xc2\x85", std::nullopt), Problems{"control character 0x85 at byte 2"});
  EXPECT_EQ(problems_of("\xc2\x9f", std::nullopt), Problems{"control character 0x9F at byte 0"});
  EXPECT_EQ(problems_of("\xc2\xa0", std::nullopt), Problems{});  // no-break space is printable
}

TEST(GeneralRules, InvalidUtf8AndControlOnDifferentBytesAreBothReported) {
  EXPECT_EQ(problems_of("\x01\xff", std::nullopt),
            (Problems{"not valid UTF-8 at byte 1", "control character 0x01 at byte 0"}));
}

TEST(GeneralRules, LengthAndBadBytesAreBothReported) {
  EXPECT_EQ(problems_of(std::string(70, 'a') + "\n", std::nullopt),
            (Problems{"71 bytes, the limit is 63", "control character 0x0A at byte 70"}));
}

TEST(GeneralRules, BadBytesAreNotReportedAgainByTheTypeRules) {
  EXPECT_EQ(problems_of("IMEI:12\n", kUrnType), Problems{"control character 0x0A at byte 7"});
  EXPECT_EQ(problems_of("00A0C9-S\xffN", kOuiType), Problems{"not valid UTF-8 at byte 8"});
  EXPECT_EQ(problems_of("urn:example:a\x7f", kUrnType),
            Problems{"control character 0x7F at byte 13"});
}

TEST(GeneralRules, TypeRulesStillRunAfterALengthProblem) {
  const std::string long_urn = "urn:example:" + std::string(52, 'a');
  EXPECT_EQ(problems_of(long_urn, kUrnType), Problems{"64 bytes, the limit is 63"});
  EXPECT_EQ(problems_of(long_urn + "^", kUrnType),
            (Problems{"65 bytes, the limit is 63",
                      "not a valid URN: '^' is not allowed in the namespace-specific string"}));
}

TEST(GeneralRules, NoTypeMeansGeneralRulesOnly) {
  const NameCheck check = check_endpoint_name("IMEI:490154203237519", std::nullopt);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.form, NameForm::kImei);
  EXPECT_EQ(problems_of("00a0c9", std::nullopt), Problems{});
  EXPECT_EQ(problems_of("hello\n", std::nullopt), Problems{"control character 0x0A at byte 5"});
}

// ---- Form detection ----

TEST(NameForm, SeedForms) {
  EXPECT_EQ(form_of("IMEI:490154203237518"), NameForm::kImei);
  EXPECT_EQ(form_of("ESN:1234ABCD"), NameForm::kEsn);
  EXPECT_EQ(form_of("MEID:A0000012345678"), NameForm::kMeid);
  EXPECT_EQ(form_of("UUID:550e8400-e29b-41d4-a716-446655440000"), NameForm::kUuid);
}

TEST(NameForm, PublishedUrnForms) {
  EXPECT_EQ(form_of("urn:imei:490154203237518"), NameForm::kImei);
  EXPECT_EQ(form_of("urn:esn:1234abcd"), NameForm::kEsn);
  EXPECT_EQ(form_of("urn:meid:a0000012345678"), NameForm::kMeid);
  EXPECT_EQ(form_of("urn:uuid:550e8400-e29b-41d4-a716-446655440000"), NameForm::kUuid);
  EXPECT_EQ(form_of("urn:imei-msisdn:490154203237518-447700900123"), NameForm::kImei);
  EXPECT_EQ(form_of("urn:imei-imsi:490154203237518-310150123456789"), NameForm::kImei);
  EXPECT_EQ(form_of("urn:gsma:imei:35209900-176148-1"), NameForm::kImei);
  EXPECT_EQ(form_of("urn:3gpp2:meid:a0000012345678"), NameForm::kMeid);
  EXPECT_EQ(form_of("urn:dev:mac:0024befffe804ff1"), NameForm::kUrn);
  EXPECT_EQ(form_of("urn:example:thing"), NameForm::kUrn);
  EXPECT_EQ(form_of("urn:"), NameForm::kUrn);
}

TEST(NameForm, PrefixesAreCaseInsensitive) {
  EXPECT_EQ(form_of("imei:490154203237518"), NameForm::kImei);
  EXPECT_EQ(form_of("Esn:1234ABCD"), NameForm::kEsn);
  EXPECT_EQ(form_of("meid:A0000012345678"), NameForm::kMeid);
  EXPECT_EQ(form_of("uuid:550e8400-e29b-41d4-a716-446655440000"), NameForm::kUuid);
  EXPECT_EQ(form_of("URN:IMEI:490154203237518"), NameForm::kImei);
  EXPECT_EQ(form_of("Urn:Imei-Msisdn:490154203237518-1"), NameForm::kImei);
  EXPECT_EQ(form_of("URN:GSMA:IMEI:35209900-176148-1"), NameForm::kImei);
  EXPECT_EQ(form_of("URN:3GPP2:MEID:A0000012345678"), NameForm::kMeid);
  EXPECT_EQ(form_of("URN:UUID:550E8400-E29B-41D4-A716-446655440000"), NameForm::kUuid);
  EXPECT_EQ(form_of("URN:EXAMPLE:X"), NameForm::kUrn);
}

TEST(NameForm, OuiForms) {
  EXPECT_EQ(form_of("00A0C9-PC1-SN123"), NameForm::kOuiPcSn);
  EXPECT_EQ(form_of("00A0C9-SN123"), NameForm::kOuiSn);
  EXPECT_EQ(form_of("00a0c9-SN123"), NameForm::kOuiSn);  // either case
  EXPECT_EQ(form_of("00A0C-SN123"), NameForm::kOuiSn);   // an attempt at an OUI
  EXPECT_EQ(form_of("DEADBEEF-SN"), NameForm::kOuiSn);   // 8 hex digits
  EXPECT_EQ(form_of("A-PC-SN"), NameForm::kOuiPcSn);     // 1 hex digit
  EXPECT_EQ(form_of("00A0C9-"), NameForm::kOuiSn);
}

TEST(NameForm, UnknownForms) {
  EXPECT_EQ(form_of("00A0C9"), NameForm::kUnknown);                                // no '-'
  EXPECT_EQ(form_of("123456789-SN"), NameForm::kUnknown);                          // 9 hex digits
  EXPECT_EQ(form_of("00A0CX-SN"), NameForm::kUnknown);                             // not hex
  EXPECT_EQ(form_of("-SN"), NameForm::kUnknown);                                   // empty OUI
  EXPECT_EQ(form_of("00A0C9-A-B-C"), NameForm::kUnknown);                          // 4 parts
  EXPECT_EQ(form_of("550e8400-e29b-41d4-a716-446655440000"), NameForm::kUnknown);  // bare UUID
  EXPECT_EQ(form_of("my device"), NameForm::kUnknown);
  EXPECT_EQ(form_of("IMEI490154203237518"), NameForm::kUnknown);
  EXPECT_EQ(form_of("ur:imei:1"), NameForm::kUnknown);
}

TEST(NameForm, Labels) {
  EXPECT_EQ(name_form_label(NameForm::kImei), "IMEI");
  EXPECT_EQ(name_form_label(NameForm::kEsn), "ESN");
  EXPECT_EQ(name_form_label(NameForm::kMeid), "MEID");
  EXPECT_EQ(name_form_label(NameForm::kUuid), "UUID");
  EXPECT_EQ(name_form_label(NameForm::kOuiPcSn), "OUI-PC-SN");
  EXPECT_EQ(name_form_label(NameForm::kOuiSn), "OUI-SN");
  EXPECT_EQ(name_form_label(NameForm::kUrn), "URN");
  EXPECT_EQ(name_form_label(NameForm::kUnknown), "unknown");
}

// ---- Type 2: IMEI ----

TEST(Imei, ValidInEveryPrefix) {
  for (const char* name :
       {"IMEI:490154203237518", "imei:490154203237518", "urn:imei:490154203237518",
        "URN:IMEI:490154203237518", "IMEI:352099001761481"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kImei) << name;
  }
}

TEST(Imei, WrongCheckDigit) {
  EXPECT_EQ(problems_of("IMEI:490154203237519", kUrnType),
            Problems{"IMEI check digit is 9, expected 8"});
  EXPECT_EQ(problems_of("urn:imei:490154203237510", kUrnType),
            Problems{"IMEI check digit is 0, expected 8"});
  EXPECT_EQ(problems_of("urn:imei:352099001761480", kUrnType),
            Problems{"IMEI check digit is 0, expected 1"});
}

TEST(Imei, WrongNumberOfDigits) {
  EXPECT_EQ(problems_of("IMEI:49015420323751", kUrnType),
            Problems{"IMEI has 14 digits, expected 15"});
  EXPECT_EQ(problems_of("urn:imei:4901542032375180", kUrnType),
            Problems{"IMEI has 16 digits, expected 15"});
  EXPECT_EQ(problems_of("IMEI:4", kUrnType), Problems{"IMEI has 1 digit, expected 15"});
  EXPECT_EQ(problems_of("IMEI:", kUrnType), Problems{"IMEI has 0 digits, expected 15"});
}

TEST(Imei, NonDigit) {
  EXPECT_EQ(problems_of("IMEI:49A154203237518", kUrnType),
            Problems{"IMEI has a non-digit 'A' at position 3"});
  EXPECT_EQ(problems_of("urn:imei:49015420323751 ", kUrnType),
            Problems{"IMEI has a non-digit ' ' at position 15"});
  EXPECT_EQ(problems_of("IMEI:\xc3\xa9", kUrnType),
            Problems{"IMEI has a non-digit '\xc3\xa9' at position 1"});
}

// RFC 7254 §3: imeival = tac "-" snr "-" spare (8, 6 and 1 digits), then optional ";svn=" and 2
// digits (the IMEISV's software version) and ";vers=" and digits. Its own example is valid.
TEST(GsmaImei, Rfc7254Examples) {
  for (const char* name :
       {"urn:gsma:imei:90420156-025763-0", "urn:gsma:imei:90420156-025763-0;svn=42",
        "urn:gsma:imei:90420156-025763-0;vers=0", "urn:gsma:imei:90420156-025763-0;svn=42;vers=0",
        "urn:gsma:imei:90420156-025763-0;vers=0;svn=42", "urn:gsma:imei:35209900-176148-1",
        "urn:gsma:imei:35209900-176148-1;SVN=07", "URN:GSMA:IMEI:90420156-025763-0;Vers=12"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kImei) << name;
  }
}

// The last digit of imeival is the spare digit, not a Luhn check digit: any digit is valid.
TEST(GsmaImei, LastDigitIsTheSpareNotACheckDigit) {
  for (const char* name : {"urn:gsma:imei:35209900-176148-2", "urn:gsma:imei:49015420-323751-0",
                           "urn:gsma:imei:90420156-025763-9"}) {
    EXPECT_EQ(problems_of(name, kUrnType), Problems{}) << name;
  }
}

TEST(GsmaImei, DashesAreRequired) {
  EXPECT_EQ(problems_of("urn:gsma:imei:490154203237518", kUrnType),
            Problems{"IMEI '490154203237518' lacks the dashes RFC 7254 requires: expected "
                     "urn:gsma:imei:49015420-323751-8"});
  EXPECT_EQ(problems_of("urn:gsma:imei:352099001761481;svn=00", kUrnType),
            Problems{"IMEI '352099001761481' lacks the dashes RFC 7254 requires: expected "
                     "urn:gsma:imei:35209900-176148-1"});
  // Not 15 digits either: no dashed form to suggest.
  EXPECT_EQ(problems_of("urn:gsma:imei:49015420323751", kUrnType),
            Problems{"IMEI '49015420323751' is not of the form TAC-SNR-spare (8-6-1 digits)"});
  EXPECT_EQ(problems_of("urn:gsma:imei:", kUrnType),
            Problems{"IMEI '' is not of the form TAC-SNR-spare (8-6-1 digits)"});
}

TEST(GsmaImei, BadDashedForm) {
  EXPECT_EQ(problems_of("urn:gsma:imei:3520990-176148-1", kUrnType),
            Problems{"IMEI '3520990-176148-1' is not of the form TAC-SNR-spare (8-6-1 digits)"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-17614A-1", kUrnType),
            Problems{"IMEI '35209900-17614A-1' is not of the form TAC-SNR-spare (8-6-1 digits)"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-1761481", kUrnType),
            Problems{"IMEI '35209900-1761481' is not of the form TAC-SNR-spare (8-6-1 digits)"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-12", kUrnType),
            Problems{"IMEI '35209900-176148-12' is not of the form TAC-SNR-spare (8-6-1 digits)"});
}

TEST(GsmaImei, BadParameters) {
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;svn=1", kUrnType),
            Problems{"';svn=1' is not a software version: expected ';svn=' and 2 digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;svn=123", kUrnType),
            Problems{"';svn=123' is not a software version: expected ';svn=' and 2 digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;vers=", kUrnType),
            Problems{"';vers=' is not a version: expected ';vers=' and digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;vers=x1", kUrnType),
            Problems{"';vers=x1' is not a version: expected ';vers=' and digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;ver=12", kUrnType),
            Problems{"';ver=12' is not an RFC 7254 parameter: expected ';svn=' and 2 digits or "
                     "';vers=' and digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;", kUrnType),
            Problems{"';' is not an RFC 7254 parameter: expected ';svn=' and 2 digits or "
                     "';vers=' and digits"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;svn=42;svn=43", kUrnType),
            Problems{"';svn=43' repeats the svn parameter"});
  EXPECT_EQ(problems_of("urn:gsma:imei:35209900-176148-1;vers=0;VERS=1", kUrnType),
            Problems{"';VERS=1' repeats the vers parameter"});
}

TEST(GsmaImei, FormAndParameterProblemsTogether) {
  EXPECT_EQ(problems_of("urn:gsma:imei:490154203237518;svn=1a", kUrnType),
            (Problems{"IMEI '490154203237518' lacks the dashes RFC 7254 requires: expected "
                      "urn:gsma:imei:49015420-323751-8",
                      "';svn=1a' is not a software version: expected ';svn=' and 2 digits"}));
}

// The other IMEI forms keep the 15 digits and the Luhn check digit of 3GPP TS 23.003.
TEST(GsmaImei, OtherImeiFormsKeepTheLuhnRule) {
  EXPECT_EQ(problems_of("urn:imei:35209900176148-2", kUrnType),
            Problems{"IMEI has a non-digit '-' at position 15"});
  EXPECT_EQ(problems_of("IMEI:352099001761482", kUrnType),
            Problems{"IMEI check digit is 2, expected 1"});
}

TEST(ImeiMsisdn, ValidAndInvalid) {
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518-447700900123", kUrnType), Problems{});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518-1", kUrnType), Problems{});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518-12a", kUrnType),
            Problems{"MSISDN '12a' is not 1-15 digits"});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518-", kUrnType),
            Problems{"MSISDN '' is not 1-15 digits"});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518-1234567890123456", kUrnType),
            Problems{"MSISDN '1234567890123456' is not 1-15 digits"});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237518", kUrnType),
            Problems{"no MSISDN after the IMEI"});
  EXPECT_EQ(problems_of("urn:imei-msisdn:490154203237519-447700900123", kUrnType),
            Problems{"IMEI check digit is 9, expected 8"});
}

TEST(ImeiImsi, ValidAndInvalid) {
  EXPECT_EQ(problems_of("urn:imei-imsi:490154203237518-310150123456789", kUrnType), Problems{});
  EXPECT_EQ(problems_of("urn:imei-imsi:490154203237518-310150", kUrnType), Problems{});
  EXPECT_EQ(problems_of("urn:imei-imsi:490154203237518-31015", kUrnType),
            Problems{"IMSI '31015' is not 6-15 digits"});
  EXPECT_EQ(problems_of("urn:imei-imsi:4901542032375-310150123456789", kUrnType),
            Problems{"IMEI has 13 digits, expected 15"});
  EXPECT_EQ(problems_of("urn:imei-imsi:490154203237518", kUrnType),
            Problems{"no IMSI after the IMEI"});
}

// ---- Type 2: ESN, MEID, UUID ----

TEST(Esn, Valid) {
  for (const char* name :
       {"ESN:1234ABCD", "esn:1234abcd", "urn:esn:1234AbCd", "URN:ESN:00000000"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kEsn) << name;
  }
}

TEST(Esn, Invalid) {
  EXPECT_EQ(problems_of("ESN:1234ABC", kUrnType), Problems{"ESN has 7 hex digits, expected 8"});
  EXPECT_EQ(problems_of("urn:esn:1234ABCDE", kUrnType),
            Problems{"ESN has 9 hex digits, expected 8"});
  EXPECT_EQ(problems_of("ESN:1234ABCG", kUrnType), Problems{"ESN has a non-hex character 'G'"});
  EXPECT_EQ(problems_of("ESN:", kUrnType), Problems{"ESN has 0 hex digits, expected 8"});
}

// ---- Layout: the same reading, for name equality ----

TEST(NameLayout, SeedForms) {
  const NameLayout uuid = endpoint_name_layout("uuid:550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(uuid.form, NameForm::kUuid);
  EXPECT_TRUE(uuid.seed_prefix);
  EXPECT_FALSE(uuid.urn);
  EXPECT_EQ(uuid.identifier, 5u);
  EXPECT_TRUE(uuid.hex_identifier);
  const NameLayout imei = endpoint_name_layout("IMEI:490154203237518");
  EXPECT_TRUE(imei.seed_prefix);
  EXPECT_EQ(imei.identifier, 5u);
  EXPECT_FALSE(imei.hex_identifier);
  EXPECT_TRUE(endpoint_name_layout("ESN:1").hex_identifier);
  EXPECT_TRUE(endpoint_name_layout("MEID:1").hex_identifier);
}

TEST(NameLayout, Urns) {
  const NameLayout meid = endpoint_name_layout("URN:3GPP2:MEID:A0000012345678");
  EXPECT_EQ(meid.form, NameForm::kMeid);
  EXPECT_TRUE(meid.urn);
  EXPECT_FALSE(meid.seed_prefix);
  EXPECT_EQ(meid.nid_end, 9u);      // "URN:3GPP2"
  EXPECT_EQ(meid.identifier, 15u);  // after "URN:3GPP2:MEID:"
  EXPECT_EQ(meid.components, 29u);  // none: the end of the name
  EXPECT_TRUE(meid.hex_identifier);
  const NameLayout other = endpoint_name_layout("urn:example:a?+r#f");
  EXPECT_EQ(other.form, NameForm::kUrn);
  EXPECT_TRUE(other.urn);
  EXPECT_EQ(other.nid_end, 11u);
  EXPECT_EQ(other.identifier, 4u);
  EXPECT_EQ(other.components, 13u);
  EXPECT_FALSE(other.hex_identifier);
  const NameLayout bare = endpoint_name_layout("urn:example");
  EXPECT_EQ(bare.nid_end, 11u);
  EXPECT_EQ(bare.components, 11u);
  EXPECT_FALSE(endpoint_name_layout("urn:gsma:imei:90420156-025763-0").hex_identifier);
  EXPECT_FALSE(endpoint_name_layout("urn:dev:mac:0024befffe804ff1").hex_identifier);
}

TEST(NameLayout, OuiAndUnknownNames) {
  const NameLayout oui = endpoint_name_layout("00A0C9-PC-SN");
  EXPECT_EQ(oui.form, NameForm::kOuiPcSn);
  EXPECT_FALSE(oui.urn);
  EXPECT_FALSE(oui.seed_prefix);
  EXPECT_EQ(oui.identifier, 0u);
  EXPECT_FALSE(oui.hex_identifier);
  const NameLayout unknown = endpoint_name_layout("my device");
  EXPECT_EQ(unknown.form, NameForm::kUnknown);
  EXPECT_FALSE(unknown.urn);
  EXPECT_FALSE(unknown.seed_prefix);
}

TEST(Meid, Valid) {
  for (const char* name :
       {"MEID:A0000012345678", "urn:meid:a0000012345678", "urn:3gpp2:meid:A0000012345678"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kMeid) << name;
  }
}

TEST(Meid, Invalid) {
  EXPECT_EQ(problems_of("MEID:A000001234567", kUrnType),
            Problems{"MEID has 13 hex digits, expected 14"});
  EXPECT_EQ(problems_of("urn:3gpp2:meid:A00000123456789", kUrnType),
            Problems{"MEID has 15 hex digits, expected 14"});
  EXPECT_EQ(problems_of("urn:meid:A000001234567Z", kUrnType),
            Problems{"MEID has a non-hex character 'Z'"});
}

TEST(Uuid, Valid) {
  for (const char* name :
       {"UUID:550e8400-e29b-41d4-a716-446655440000", "uuid:550E8400-E29B-41D4-A716-446655440000",
        "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kUuid) << name;
  }
}

TEST(Uuid, ShortGroup) {
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716-44665544000", kUrnType),
            Problems{"UUID group 5 has 11 hex digits, expected 12"});
  EXPECT_EQ(problems_of("urn:uuid:550e8400-e29-41d4-a716-446655440000", kUrnType),
            Problems{"UUID group 2 has 3 hex digits, expected 4"});
  EXPECT_EQ(problems_of("UUID:550e8400--41d4-a716-446655440000", kUrnType),
            Problems{"UUID group 2 has 0 hex digits, expected 4"});
}

TEST(Uuid, WrongNumberOfGroups) {
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716446655440000", kUrnType),
            Problems{"UUID has 4 groups, expected 5"});
  EXPECT_EQ(problems_of("UUID:550e8400e29b41d4a716446655440000", kUrnType),
            Problems{"UUID has 1 group, expected 5"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716-4466-55440000", kUrnType),
            Problems{"UUID has 6 groups, expected 5"});
}

TEST(Uuid, NonHex) {
  EXPECT_EQ(problems_of("UUID:g50e8400-e29b-41d4-a716-446655440000", kUrnType),
            Problems{"UUID has a non-hex character 'g' in group 1"});
  EXPECT_EQ(problems_of("urn:uuid:550e8400-e29b-41d4-a716-44665544000x", kUrnType),
            Problems{"UUID has a non-hex character 'x' in group 5"});
}

// ---- Type 2: urn:dev (RFC 9039) ----

TEST(DevUrn, Valid) {
  for (const char* name :
       {"urn:dev:mac:0024befffe804ff1", "urn:dev:mac:0024be804ff1", "urn:dev:mac:0024BE804FF1",
        "urn:dev:mac:0024befffe804ff1_bluetooth", "urn:dev:ow:10e2073a01080063",
        "urn:dev:org:32473-foo", "urn:dev:os:32473-12345", "urn:dev:ops:32473-Refrigerator-5002",
        "urn:dev:example:new-1", "URN:DEV:mac:0024be804ff1"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kUrn) << name;
  }
}

TEST(DevUrn, Mac) {
  EXPECT_EQ(problems_of("urn:dev:mac:0024be804ff", kUrnType),
            Problems{"MAC address has 11 hex digits, expected 12 or 16"});
  EXPECT_EQ(problems_of("urn:dev:mac:0024befffe804f", kUrnType),
            Problems{"MAC address has 14 hex digits, expected 12 or 16"});
  EXPECT_EQ(problems_of("urn:dev:mac:0024be804ffg", kUrnType),
            Problems{"MAC address has a non-hex character 'g'"});
}

TEST(DevUrn, OneWire) {
  EXPECT_EQ(problems_of("urn:dev:ow:10e2073a0108006", kUrnType),
            Problems{"1-Wire device id has 15 hex digits, expected 16"});
}

TEST(DevUrn, EnterpriseNumberForms) {
  EXPECT_EQ(problems_of("urn:dev:os:abc-123", kUrnType),
            Problems{"enterprise number 'abc' is not a decimal number"});
  EXPECT_EQ(problems_of("urn:dev:ops:-Fridge-1", kUrnType),
            Problems{"enterprise number '' is not a decimal number"});
  EXPECT_EQ(problems_of("urn:dev:os:32473", kUrnType),
            Problems{"expected '-' and an identifier after the enterprise number '32473'"});
  EXPECT_EQ(problems_of("urn:dev:org:32473-", kUrnType),
            Problems{"expected '-' and an identifier after the enterprise number '32473'"});
}

TEST(DevUrn, MustFirstBeAValidUrn) {
  EXPECT_EQ(problems_of("urn:dev:", kUrnType),
            Problems{"not a valid URN: the namespace-specific string is empty"});
  EXPECT_EQ(problems_of("urn:dev:example:a^b", kUrnType),
            Problems{"not a valid URN: '^' is not allowed in the namespace-specific string"});
  EXPECT_EQ(problems_of("urn:dev:mac:00 24", kUrnType),
            Problems{"not a valid URN: ' ' is not allowed in the namespace-specific string"});
}

// ---- Type 2: any other URN (RFC 8141) ----

TEST(GenericUrn, Valid) {
  for (const char* name :
       {"urn:example:a123,z456", "urn:ietf:rfc:2648", "URN:Example:Foo", "urn:example:a%2Fb",
        "urn:example:foo?+bar?=baz#frag", "urn:example:a/b/c", "urn:example:!$&'()*+,;=:@-._~",
        "urn:a-b:x", "urn:abcdefghijklmnopqrstuvwxyz012345:x"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.problems, Problems{}) << name;
    EXPECT_EQ(check.form, NameForm::kUrn) << name;
  }
}

TEST(GenericUrn, BadNamespaceIdentifier) {
  EXPECT_EQ(problems_of("urn:x:foo", kUrnType),
            Problems{"not a valid URN: the namespace identifier 'x' must be 2-32 letters, digits "
                     "or '-'"});
  EXPECT_EQ(problems_of("urn:abcdefghijklmnopqrstuvwxyz0123456:x", kUrnType),
            Problems{"not a valid URN: the namespace identifier "
                     "'abcdefghijklmnopqrstuvwxyz0123456' must be 2-32 letters, digits or '-'"});
  EXPECT_EQ(problems_of("urn:a_b:foo", kUrnType),
            Problems{"not a valid URN: the namespace identifier 'a_b' must be 2-32 letters, "
                     "digits or '-'"});
  EXPECT_EQ(problems_of("urn:", kUrnType),
            Problems{"not a valid URN: the namespace identifier '' must be 2-32 letters, digits "
                     "or '-'"});
  EXPECT_EQ(problems_of("urn:-ab:foo", kUrnType),
            Problems{"not a valid URN: the namespace identifier '-ab' must start and end with a "
                     "letter or digit"});
  EXPECT_EQ(problems_of("urn:ab-:foo", kUrnType),
            Problems{"not a valid URN: the namespace identifier 'ab-' must start and end with a "
                     "letter or digit"});
  EXPECT_EQ(problems_of("urn:example", kUrnType),
            Problems{"not a valid URN: no ':' after the namespace identifier 'example'"});
}

TEST(GenericUrn, BadNamespaceSpecificString) {
  EXPECT_EQ(problems_of("urn:example:", kUrnType),
            Problems{"not a valid URN: the namespace-specific string is empty"});
  EXPECT_EQ(problems_of("urn:example:?=q", kUrnType),
            Problems{"not a valid URN: the namespace-specific string is empty"});
  EXPECT_EQ(problems_of("urn:example:/a", kUrnType),
            Problems{"not a valid URN: the namespace-specific string must not start with '/'"});
  EXPECT_EQ(problems_of("urn:example:a^b", kUrnType),
            Problems{"not a valid URN: '^' is not allowed in the namespace-specific string"});
  EXPECT_EQ(
      problems_of("urn:example:caf\xc3\xa9", kUrnType),
      Problems{"not a valid URN: '\xc3\xa9' is not allowed in the namespace-specific string"});
  EXPECT_EQ(problems_of("urn:example:a%G1", kUrnType),
            Problems{"not a valid URN: bad %-escape '%G1' in the namespace-specific string"});
  EXPECT_EQ(problems_of("urn:example:a%4", kUrnType),
            Problems{"not a valid URN: bad %-escape '%4' in the namespace-specific string"});
}

// ---- Type 2: names of the wrong form ----

TEST(UrnType, OuiFormIsType1) {
  const NameCheck check = check_endpoint_name("00A0C9-PC1-SN123", kUrnType);
  EXPECT_EQ(check.form, NameForm::kOuiPcSn);
  EXPECT_EQ(check.problems, Problems{"looks like an OUI-PC-Serial Number: that form is type 1 "
                                     "(OUI-PC-Serial Number), not type 2 (URN)"});
  EXPECT_EQ(problems_of("00a0c-SN", kUrnType),
            Problems{"looks like an OUI-PC-Serial Number: that form is type 1 "
                     "(OUI-PC-Serial Number), not type 2 (URN)"});
}

TEST(UrnType, AnythingElseIsNotAUrn) {
  for (const char* name : {"my-device", "hello", "00A0C9", "IMEI490154203237518"}) {
    const NameCheck check = check_endpoint_name(name, kUrnType);
    EXPECT_EQ(check.form, NameForm::kUnknown) << name;
    EXPECT_EQ(check.problems,
              Problems{"not a URN: expected 'urn:' or one of IMEI:, ESN:, MEID:, UUID:"})
        << name;
  }
}

// ---- Type 1: OUI-PC-Serial Number ----

TEST(OuiType, Valid) {
  EXPECT_EQ(check_endpoint_name("00A0C9-PC1-SN_123", kOuiType).problems, Problems{});
  EXPECT_EQ(check_endpoint_name("00A0C9-PC1-SN_123", kOuiType).form, NameForm::kOuiPcSn);
  EXPECT_EQ(check_endpoint_name("00A0C9-SN123", kOuiType).problems, Problems{});
  EXPECT_EQ(check_endpoint_name("00A0C9-SN123", kOuiType).form, NameForm::kOuiSn);
  EXPECT_EQ(problems_of("0012AB-Router%2E1-SN%2d9%20x", kOuiType), Problems{});
  EXPECT_EQ(problems_of("FFFFFF-_", kOuiType), Problems{});
}

TEST(OuiType, OuiLength) {
  EXPECT_EQ(problems_of("00A0C-SN123", kOuiType), Problems{"OUI has 5 hex digits, expected 6"});
  EXPECT_EQ(problems_of("00A0C9A-PC-SN", kOuiType), Problems{"OUI has 7 hex digits, expected 6"});
}

TEST(OuiType, OuiMustBeUpperCase) {
  EXPECT_EQ(problems_of("00a0c9-SN123", kOuiType), Problems{"OUI '00a0c9' must be upper-case hex"});
  EXPECT_EQ(problems_of("00A0c9-PC-SN", kOuiType), Problems{"OUI '00A0c9' must be upper-case hex"});
}

TEST(OuiType, OuiMustBeHex) {
  EXPECT_EQ(problems_of("00A0CZ-SN123", kOuiType), Problems{"OUI has a non-hex character 'Z'"});
  EXPECT_EQ(problems_of("hello", kOuiType),
            (Problems{"OUI has a non-hex character 'h'", "no serial number after the OUI"}));
}

TEST(OuiType, NoSerialNumber) {
  EXPECT_EQ(problems_of("00A0C9", kOuiType), Problems{"no serial number after the OUI"});
  EXPECT_EQ(problems_of("00A0C9-", kOuiType), Problems{"no serial number after the OUI"});
}

TEST(OuiType, EmptyParts) {
  EXPECT_EQ(problems_of("00A0C9--SN1", kOuiType), Problems{"empty product class"});
  EXPECT_EQ(problems_of("00A0C9-PC-", kOuiType), Problems{"empty serial number"});
  EXPECT_EQ(problems_of("00A0C9--", kOuiType),
            (Problems{"empty product class", "empty serial number"}));
}

TEST(OuiType, CharactersThatMustBeEscaped) {
  EXPECT_EQ(problems_of("00A0C9-SN.1", kOuiType),
            Problems{"'.' in the serial number must be %-escaped"});
  EXPECT_EQ(problems_of("00A0C9-P.C-SN1", kOuiType),
            Problems{"'.' in the product class must be %-escaped"});
  EXPECT_EQ(problems_of("00A0C9-PC-SN-2", kOuiType),
            Problems{"'-' in the serial number must be %-escaped"});
  EXPECT_EQ(problems_of("00A0C9-S\xc3\xa9rie", kOuiType),
            Problems{"'\xc3\xa9' in the serial number must be %-escaped"});
  EXPECT_EQ(problems_of("00A0C9-P C-S N", kOuiType),
            (Problems{"' ' in the product class must be %-escaped",
                      "' ' in the serial number must be %-escaped"}));
}

TEST(OuiType, BadEscapes) {
  EXPECT_EQ(problems_of("00A0C9-%G1-SN", kOuiType),
            Problems{"bad %-escape '%G1' in the product class"});
  EXPECT_EQ(problems_of("00A0C9-SN%4", kOuiType),
            Problems{"bad %-escape '%4' in the serial number"});
  EXPECT_EQ(problems_of("00A0C9-SN%", kOuiType), Problems{"bad %-escape '%' in the serial number"});
}

TEST(OuiType, OuiAndFieldProblemsTogether) {
  EXPECT_EQ(
      problems_of("0a0c9-S.N", kOuiType),
      (Problems{"OUI has 5 hex digits, expected 6", "'.' in the serial number must be %-escaped"}));
}

TEST(OuiType, UrnFormIsType2) {
  struct Case {
    const char* name;
    NameForm form;
    const char* problem;
  };
  const Case cases[] = {
      {"urn:imei:490154203237518", NameForm::kImei,
       "looks like a URN (IMEI): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
      {"IMEI:490154203237519", NameForm::kImei,  // one sentence, no IMEI problems
       "looks like a URN (IMEI): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
      {"ESN:1234ABCD", NameForm::kEsn,
       "looks like a URN (ESN): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
      {"urn:3gpp2:meid:A0000012345678", NameForm::kMeid,
       "looks like a URN (MEID): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
      {"UUID:550e8400-e29b-41d4-a716-446655440000", NameForm::kUuid,
       "looks like a URN (UUID): that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
      {"urn:example:x", NameForm::kUrn,
       "looks like a URN: that form is type 2 (URN), not type 1 (OUI-PC-Serial Number)"},
  };
  for (const Case& c : cases) {
    const NameCheck check = check_endpoint_name(c.name, kOuiType);
    EXPECT_EQ(check.form, c.form) << c.name;
    EXPECT_EQ(check.problems, Problems{c.problem}) << c.name;
  }
}

// ---- Reserved and vendor types ----

TEST(ReservedType, GeneralRulesOnly) {
  for (const uint8_t type : {3, 64}) {
    EXPECT_EQ(problems_of("anything at all", type), Problems{}) << int{type};
    EXPECT_EQ(problems_of("IMEI:490154203237519", type), Problems{}) << int{type};
    EXPECT_EQ(problems_of("bad\x7f", type), Problems{"control character 0x7F at byte 3"});
  }
  EXPECT_EQ(check_endpoint_name("00A0C9-SN", 3).form, NameForm::kOuiSn);
}

TEST(VendorType, WithoutTableGeneralRulesOnly) {
  EXPECT_EQ(problems_of("whatever-you-like", 101), Problems{});
  EXPECT_EQ(problems_of(std::string(64, 'x'), 101), Problems{"64 bytes, the limit is 63"});
}

TEST(VendorType, EntryWithoutPattern) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", ""), std::nullopt);
  EXPECT_EQ(problems_of("whatever", 101, &vendors), Problems{});
}

TEST(VendorType, PatternMustMatchTheWholeName) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", "^ACME-[0-9]{4}$"), std::nullopt);
  ASSERT_EQ(vendors.add(102, "Partial", "[0-9]+"), std::nullopt);
  EXPECT_EQ(problems_of("ACME-1234", 101, &vendors), Problems{});
  EXPECT_EQ(problems_of("ACME-12", 101, &vendors),
            Problems{"does not match the pattern '^ACME-[0-9]{4}$' of vendor type 'Acme serial' "
                     "(101)"});
  EXPECT_EQ(problems_of("123", 102, &vendors), Problems{});
  EXPECT_EQ(problems_of("x123", 102, &vendors),
            Problems{"does not match the pattern '[0-9]+' of vendor type 'Partial' (102)"});
  EXPECT_EQ(problems_of("ACME-12", 103, &vendors), Problems{});  // type not in the table
}

// A pattern that is more than a sequence is matched by std::regex: the same sentences.
TEST(VendorType, PatternBeyondASequence) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(103, "Either", "(ACME|APEX)-[0-9]{4}"), std::nullopt);
  EXPECT_EQ(problems_of("APEX-1234", 103, &vendors), Problems{});
  EXPECT_EQ(problems_of("ACME-12", 103, &vendors),
            Problems{"does not match the pattern '(ACME|APEX)-[0-9]{4}' of vendor type 'Either' "
                     "(103)"});
}

TEST(VendorType, PatternOnlyRunsOnNamesThatPassTheGeneralRules) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(200, "Acme", "^ACME-[0-9]+$"), std::nullopt);
  EXPECT_EQ(problems_of("ACME-12\n", 200, &vendors), Problems{"control character 0x0A at byte 7"});
  EXPECT_EQ(problems_of("ACME-" + std::string(60, '1'), 200, &vendors),
            Problems{"65 bytes, the limit is 63"});
}

// ---- The pair: ept and ep together (DESIGN "The name rules": a name is only defined within its
// type) ----

constexpr char kNoType[] = "no usable Endpoint Client Name Type: ";

Problems pair_problems(std::optional<std::string_view> ept, std::string_view ep,
                       bool ept_required = true, const VendorTypeTable* vendors = nullptr) {
  return check_endpoint_pair(ept, ep, ept_required, vendors).problems;
}

TEST(EndpointPair, UsableTypeJudgesTheNameUnderIt) {
  EXPECT_EQ(pair_problems("2", "urn:imei:490154203237518"), Problems{});
  EXPECT_EQ(pair_problems("1", "00A0C9-PC1-SN123"), Problems{});
  EXPECT_EQ(pair_problems("2", "urn:imei:490154203237519"),
            Problems{"IMEI check digit is 9, expected 8"});
  EXPECT_EQ(pair_problems("1", "urn:imei:490154203237518"),
            Problems{"looks like a URN (IMEI): that form is type 2 (URN), not type 1 "
                     "(OUI-PC-Serial Number)"});
  const NameCheck check = check_endpoint_pair("2", "urn:imei:490154203237518", true);
  EXPECT_TRUE(check.valid());
  EXPECT_EQ(check.form, NameForm::kImei);
}

// The verdict hands back the layout its rules read, the one endpoint_name_layout gives, so that
// the registration book's caller can tell a canonical name without reading it again.
bool canonical_by_verdict(std::optional<std::string_view> ept, std::string_view ep) {
  NameLayout layout;
  const NameCheck check = check_endpoint_pair(ept, ep, true, nullptr, &layout);
  EXPECT_EQ(check.problems, check_endpoint_pair(ept, ep, true).problems) << ep;
  const NameLayout expected = endpoint_name_layout(ep);
  EXPECT_EQ(layout.form, expected.form) << ep;
  EXPECT_EQ(layout.identifier, expected.identifier) << ep;
  EXPECT_EQ(layout.seed_prefix, expected.seed_prefix) << ep;
  EXPECT_EQ(layout.urn, expected.urn) << ep;
  EXPECT_EQ(layout.nid_end, expected.nid_end) << ep;
  EXPECT_EQ(layout.components, expected.components) << ep;
  EXPECT_EQ(layout.hex_identifier, expected.hex_identifier) << ep;
  return is_canonical_endpoint_name(ep, layout);
}

TEST(EndpointPair, HandsBackTheLayoutItsRulesRead) {
  EXPECT_TRUE(canonical_by_verdict("2", "urn:imei:490154203237518"));
  EXPECT_FALSE(canonical_by_verdict("2", "URN:imei:490154203237518"));
  EXPECT_TRUE(canonical_by_verdict("2", "urn:uuid:00000000-7dec-41d0-a765-79b97f4a7c15"));
  EXPECT_FALSE(canonical_by_verdict("2", "urn:uuid:00000000-7DEC-41d0-a765-79b97f4a7c15"));
  EXPECT_FALSE(canonical_by_verdict("2", "imei:490154203237518"));
  EXPECT_FALSE(canonical_by_verdict("2", "urn:example:a?+r"));
  EXPECT_TRUE(canonical_by_verdict("1", "00A0C9-PC1-SN123"));
  EXPECT_TRUE(canonical_by_verdict(std::nullopt, "urn:imei:490154203237519"));
  EXPECT_TRUE(canonical_by_verdict("abc", ""));
  NameLayout uuid;
  EXPECT_TRUE(check_endpoint_pair("2", "urn:uuid:00000000-7dec-41d0-a765-79b97f4a7c15", true,
                                  nullptr, &uuid)
                  .valid());
  EXPECT_EQ(uuid.form, NameForm::kUuid);
  EXPECT_EQ(uuid.identifier, 9u);
  EXPECT_TRUE(uuid.urn);
  EXPECT_EQ(uuid.nid_end, 8u);
  EXPECT_EQ(uuid.components, 45u);
  EXPECT_TRUE(uuid.hex_identifier);
}

TEST(EndpointPair, ReservedAndVendorTypesAreUsable) {
  EXPECT_EQ(pair_problems("3", "anything"), Problems{});
  EXPECT_EQ(pair_problems("64", "anything"), Problems{});
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", "^ACME-[0-9]{4}$"), std::nullopt);
  EXPECT_EQ(pair_problems("101", "ACME-1234", true, &vendors), Problems{});
  EXPECT_EQ(pair_problems("101", "ACME-12", true, &vendors),
            Problems{"does not match the pattern '^ACME-[0-9]{4}$' of vendor type 'Acme serial' "
                     "(101)"});
  EXPECT_EQ(pair_problems("255", "anything"), Problems{});
}

// The seed (Table 3) makes ept required: a name without a type means nothing.
TEST(EndpointPair, MissingEptIsAProblemWhenRequired) {
  const NameCheck check = check_endpoint_pair(std::nullopt, "urn:imei:490154203237518", true);
  EXPECT_FALSE(check.valid());
  EXPECT_EQ(check.problems, Problems{std::string(kNoType) + "ept is missing"});
  EXPECT_EQ(check.form, NameForm::kImei);  // the form is still told
}

// LwM2M 1.x traffic predates ept: with the requirement off, the name is judged by its form alone.
TEST(EndpointPair, MissingEptIsNoProblemWhenNotRequired) {
  EXPECT_EQ(pair_problems(std::nullopt, "urn:imei:490154203237518", false), Problems{});
  EXPECT_EQ(pair_problems(std::nullopt, "IMEI:490154203237519", false), Problems{});  // form only
  EXPECT_EQ(pair_problems(std::nullopt, "my device", false), Problems{});
  EXPECT_EQ(pair_problems(std::nullopt, "bad\n", false),
            Problems{"control character 0x0A at byte 3"});
  EXPECT_EQ(check_endpoint_pair(std::nullopt, "00A0C9-SN1", false).form, NameForm::kOuiSn);
}

TEST(EndpointPair, UnusableEptIsAProblemEvenWhenNotRequired) {
  for (const bool required : {true, false}) {
    EXPECT_EQ(pair_problems("abc", "urn:imei:490154203237518", required),
              Problems{std::string(kNoType) + "ept=abc is not a number 1-255"})
        << required;
    EXPECT_EQ(pair_problems("", "urn:imei:490154203237518", required),
              Problems{std::string(kNoType) + "ept= is empty"})
        << required;
  }
}

TEST(EndpointPair, EptOutsideOneTo255IsUnusable) {
  for (const char* ept : {"0", "256", "99999", "000"}) {
    EXPECT_EQ(pair_problems(ept, "urn:imei:490154203237518"),
              Problems{std::string(kNoType) + "ept=" + ept + " is not a number 1-255"})
        << ept;
  }
}

// parse_ept is the one reader of ept: decimal digits only.
TEST(EndpointPair, EptThatIsNotPlainDecimalIsUnusable) {
  for (const char* ept : {"+2", "-1", "2.0", " 2", "2 ", "0x02", "two", "1e2"}) {
    EXPECT_EQ(pair_problems(ept, "urn:imei:490154203237518"),
              Problems{std::string(kNoType) + "ept=" + ept + " is not a number 1-255"})
        << ept;
  }
}

// Leading zeros are still a decimal number (parse_ept: "002" is 2).
TEST(EndpointPair, LeadingZerosAreUsable) {
  EXPECT_EQ(pair_problems("02", "urn:imei:490154203237518"), Problems{});
  EXPECT_EQ(pair_problems("002", "00A0C9-SN1"),
            Problems{"looks like an OUI-PC-Serial Number: that form is type 1 (OUI-PC-Serial "
                     "Number), not type 2 (URN)"});
}

TEST(EndpointPair, UnusableEptIsShownPrintableAndCut) {
  EXPECT_EQ(pair_problems(std::string_view("2\n", 2), "urn:imei:490154203237518"),
            Problems{std::string(kNoType) + "ept=2\\x0A is not a number 1-255"});
  EXPECT_EQ(pair_problems("\xff", "urn:imei:490154203237518"),
            Problems{std::string(kNoType) + "ept=\\xFF is not a number 1-255"});
  EXPECT_EQ(pair_problems("123456789012345678901234567890", "urn:imei:490154203237518"),
            Problems{std::string(kNoType) + "ept=1234567890123456... is not a number 1-255"});
}

// The type problem comes first, then the name's own problems as check_endpoint_name gives them
// with no type: only the general rules, since a name's form rules belong to a type.
TEST(EndpointPair, TypeProblemFirstThenTheNamesOwn) {
  EXPECT_EQ(pair_problems(std::nullopt, std::string(64, 'a')),
            (Problems{std::string(kNoType) + "ept is missing", "64 bytes, the limit is 63"}));
  EXPECT_EQ(pair_problems("x", "dev\n"),
            (Problems{std::string(kNoType) + "ept=x is not a number 1-255",
                      "control character 0x0A at byte 3"}));
  EXPECT_EQ(pair_problems("0", ""),
            (Problems{std::string(kNoType) + "ept=0 is not a number 1-255", "the name is empty"}));
  // Without a type the type-2 rules do not run: no IMEI check-digit sentence.
  EXPECT_EQ(pair_problems("abc", "IMEI:490154203237519"),
            Problems{std::string(kNoType) + "ept=abc is not a number 1-255"});
}

TEST(EndpointPair, SameAsCheckEndpointNameWhenTheTypeIsUsable) {
  for (const char* ep : {"urn:imei:490154203237519", "00a0c9-SN", "", "hello\x7f", "UUID:x"}) {
    for (const char* ept : {"1", "2", "3", "200"}) {
      const NameCheck pair = check_endpoint_pair(ept, ep, true);
      const NameCheck alone = check_endpoint_name(ep, parse_ept(ept).type);
      EXPECT_EQ(pair.problems, alone.problems) << ept << " " << ep;
      EXPECT_EQ(pair.form, alone.form) << ept << " " << ep;
    }
  }
}

// A well-formed UUID is accepted four words at a time (0-7, 9-12 with 14-17, 19-22 with 24-27,
// 28-35): a bad character in each of them still gets the group-by-group sentence.
TEST(Uuid, ABadCharacterInEveryWord) {
  EXPECT_EQ(check_endpoint_name("urn:uuid:FFFFFFFF-ffff-AAAA-aaaa-0123456789aF", kUrnType).problems,
            Problems{});
  EXPECT_EQ(problems_of("UUID:550e840g-e29b-41d4-a716-446655440000", kUrnType),
            Problems{"UUID has a non-hex character 'g' in group 1"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41G4-a716-446655440000", kUrnType),
            Problems{"UUID has a non-hex character 'G' in group 3"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a7:6-446655440000", kUrnType),
            Problems{"UUID has a non-hex character ':' in group 4"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716-4466/5440000", kUrnType),
            Problems{"UUID has a non-hex character '/' in group 5"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716-44665544000\xC3\xA9", kUrnType),
            Problems{"UUID has a non-hex character '\xC3\xA9' in group 5"});
  EXPECT_EQ(problems_of("UUID:550e8400-e29b-41d4-a716-4466554400\xC3\xA9", kUrnType),
            Problems{"UUID has a non-hex character '\xC3\xA9' in group 5"});
  EXPECT_EQ(problems_of("UUID:550e84001e29b-41d4-a716-446655440000", kUrnType),
            Problems{"UUID has 4 groups, expected 5"});
}

}  // namespace
}  // namespace lwm2m
