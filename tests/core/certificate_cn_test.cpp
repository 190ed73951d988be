#include "lwm2m/certificate_cn.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "lwm2m/endpoint_name.h"
#include "lwm2m/vendor_types.h"

namespace lwm2m {
namespace {

using Problems = std::vector<std::string>;

constexpr std::string_view kImei = "urn:imei:490154203237518";

Problems format_of(std::string_view cn, const VendorTypeTable* vendors = nullptr) {
  return parse_certificate_cn(cn, vendors).format_problems;
}

// ---- Valid CNs ----

TEST(CertificateCn, UrnNameWithTypeTwo) {
  const CertificateCn cn = parse_certificate_cn("2:urn:imei:490154203237518");
  EXPECT_EQ(cn.cn, "2:urn:imei:490154203237518");
  EXPECT_EQ(cn.type_text, "2");
  EXPECT_EQ(cn.name, kImei);  // split at the first ':', the name keeps its own
  EXPECT_EQ(cn.ept, 2);
  EXPECT_EQ(cn.format_problems, Problems{});
  EXPECT_EQ(cn.name_check.problems, Problems{});
  EXPECT_EQ(cn.name_check.form, NameForm::kImei);
  EXPECT_TRUE(cn.valid());
}

TEST(CertificateCn, OuiNameWithTypeOne) {
  const CertificateCn cn = parse_certificate_cn("1:00A0C9-ThermoV2-SN12345");
  EXPECT_EQ(cn.type_text, "1");
  EXPECT_EQ(cn.name, "00A0C9-ThermoV2-SN12345");
  EXPECT_EQ(cn.ept, 1);
  EXPECT_EQ(cn.name_check.form, NameForm::kOuiPcSn);
  EXPECT_TRUE(cn.valid());
}

TEST(CertificateCn, VendorAndReservedTypes) {
  const CertificateCn plain = parse_certificate_cn("101:ACME-1");
  EXPECT_EQ(plain.type_text, "101");
  EXPECT_EQ(plain.name, "ACME-1");
  EXPECT_EQ(plain.ept, 101);
  EXPECT_TRUE(plain.valid());

  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", "^ACME-[0-9]+$"), std::nullopt);
  EXPECT_TRUE(parse_certificate_cn("101:ACME-1", &vendors).valid());

  const CertificateCn reserved = parse_certificate_cn("3:anything at all");
  EXPECT_EQ(reserved.ept, 3);
  EXPECT_TRUE(reserved.valid());  // reserved for OMA: a note for whoever shows it, not a problem
}

// parse_ept reads the type, as it reads a Register's ept.
TEST(CertificateCn, TypeIsReadByParseEpt) {
  const CertificateCn cn = parse_certificate_cn("02:urn:imei:490154203237518");
  EXPECT_EQ(cn.type_text, "02");
  EXPECT_EQ(cn.ept, 2);
  EXPECT_TRUE(cn.valid());
  EXPECT_EQ(parse_certificate_cn("255:x").ept, 255);
}

// ---- No type ----

TEST(CertificateCnFormat, NoColonIsNoTypeAndTheFormSuggestsOne) {
  const CertificateCn oui = parse_certificate_cn("00A0C6-Router-SN1");
  EXPECT_EQ(oui.format_problems,
            Problems{"CN '00A0C6-Router-SN1' has no type: the seed wants '<ept>:<ep>', e.g. "
                     "'1:00A0C6-Router-SN1'"});
  EXPECT_EQ(oui.type_text, "");
  EXPECT_EQ(oui.name, "00A0C6-Router-SN1");
  EXPECT_EQ(oui.ept, std::nullopt);
  EXPECT_EQ(oui.name_check.problems, Problems{});  // judged by its form alone
  EXPECT_EQ(oui.name_check.form, NameForm::kOuiPcSn);
  EXPECT_FALSE(oui.valid());

  // A name of no known form: no type to suggest.
  EXPECT_EQ(format_of("thermostat"),
            Problems{"CN 'thermostat' has no type: the seed wants '<ept>:<ep>'"});
}

// "urn:imei:X" splits at its first ':' into "urn" and "imei:X": that is a URN without a type,
// not the type "urn".
TEST(CertificateCnFormat, UrnWithoutTypeIsNoTypeNotTypeUrn) {
  const CertificateCn cn = parse_certificate_cn(kImei);
  EXPECT_EQ(cn.format_problems,
            Problems{"CN 'urn:imei:490154203237518' has no type: the seed wants '<ept>:<ep>', "
                     "e.g. '2:urn:imei:490154203237518'"});
  EXPECT_EQ(cn.type_text, "");
  EXPECT_EQ(cn.name, kImei);
  EXPECT_EQ(cn.ept, std::nullopt);
  EXPECT_EQ(cn.name_check.problems, Problems{});
  EXPECT_EQ(cn.name_check.form, NameForm::kImei);
  EXPECT_FALSE(cn.valid());

  EXPECT_EQ(format_of("IMEI:490154203237518"),
            Problems{"CN 'IMEI:490154203237518' has no type: the seed wants '<ept>:<ep>', e.g. "
                     "'2:IMEI:490154203237518'"});
  // "uuid:..." after "urn:" is the seed's UUID: form in any case, still not a typed CN.
  EXPECT_EQ(format_of("urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"),
            Problems{"CN 'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6' has no type: the seed "
                     "wants '<ept>:<ep>', e.g. '2:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6'"});
  // A URN's scheme and NID in any case.
  EXPECT_EQ(format_of("URN:IMEI:490154203237518"),
            Problems{"CN 'URN:IMEI:490154203237518' has no type: the seed wants '<ept>:<ep>', e.g. "
                     "'2:URN:IMEI:490154203237518'"});
  EXPECT_EQ(format_of("urn:dev:ops:32473-Fridge-1"),
            Problems{"CN 'urn:dev:ops:32473-Fridge-1' has no type: the seed wants '<ept>:<ep>', "
                     "e.g. '2:urn:dev:ops:32473-Fridge-1'"});
}

// ---- A type written as its name ----

TEST(CertificateCnFormat, TypeWrittenAsItsName) {
  const CertificateCn urn = parse_certificate_cn("URN:urn:imei:490154203237518");
  EXPECT_EQ(urn.format_problems,
            Problems{"CN 'URN:urn:imei:490154203237518' writes the type as its name 'URN' instead "
                     "of its number: the seed wants '2:urn:imei:490154203237518'"});
  EXPECT_EQ(urn.type_text, "URN");
  EXPECT_EQ(urn.name, kImei);
  EXPECT_EQ(urn.ept, std::nullopt);
  EXPECT_EQ(urn.name_check.problems, Problems{});
  EXPECT_FALSE(urn.valid());

  EXPECT_EQ(format_of("urn:urn:imei:490154203237518"),
            Problems{"CN 'urn:urn:imei:490154203237518' writes the type as its name 'urn' instead "
                     "of its number: the seed wants '2:urn:imei:490154203237518'"});
  const CertificateCn oui = parse_certificate_cn("OUI-PC-Serial Number:00A0C6-Router-SN1");
  EXPECT_EQ(oui.format_problems,
            Problems{"CN 'OUI-PC-Serial Number:00A0C6-Router-SN1' writes the type as its name "
                     "'OUI-PC-Serial Number' instead of its number: the seed wants "
                     "'1:00A0C6-Router-SN1'"});
  EXPECT_EQ(oui.type_text, "OUI-PC-Serial Number");
  EXPECT_EQ(oui.name, "00A0C6-Router-SN1");
  EXPECT_EQ(oui.ept, std::nullopt);
  EXPECT_EQ(format_of("oui-pc-serial number:00A0C6-SN1"),
            Problems{"CN 'oui-pc-serial number:00A0C6-SN1' writes the type as its name "
                     "'oui-pc-serial number' instead of its number: the seed wants "
                     "'1:00A0C6-SN1'"});
  // "URN" before a name that is no URN: the type's name all the same.
  EXPECT_EQ(format_of("URN:x"),
            Problems{"CN 'URN:x' writes the type as its name 'URN' instead of its number: the "
                     "seed wants '2:x'"});
}

TEST(CertificateCnFormat, VendorTypeWrittenAsItsName) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", ""), std::nullopt);
  EXPECT_EQ(format_of("ACME SERIAL:ACME-1", &vendors),
            Problems{"CN 'ACME SERIAL:ACME-1' writes the type as its name 'ACME SERIAL' instead "
                     "of its number: the seed wants '101:ACME-1'"});
  // Without the table the name is no type at all.
  EXPECT_EQ(format_of("ACME SERIAL:ACME-1"),
            Problems{"CN 'ACME SERIAL:ACME-1' has no usable type ('ACME SERIAL' is not a decimal "
                     "number): the seed wants '<ept>:<ep>'"});
}

// ---- Empty parts ----

TEST(CertificateCnFormat, EmptyCn) {
  const CertificateCn cn = parse_certificate_cn("");
  EXPECT_EQ(cn.format_problems, Problems{"the CN is empty: the seed wants '<ept>:<ep>'"});
  EXPECT_EQ(cn.type_text, "");
  EXPECT_EQ(cn.name, "");
  EXPECT_EQ(cn.ept, std::nullopt);
  EXPECT_EQ(cn.name_check.problems, Problems{});  // no name to judge: the format says it
  EXPECT_FALSE(cn.valid());
}

TEST(CertificateCnFormat, EmptyType) {
  const CertificateCn cn = parse_certificate_cn(":urn:imei:490154203237518");
  EXPECT_EQ(cn.format_problems,
            Problems{"CN ':urn:imei:490154203237518' has an empty type: the seed wants "
                     "'<ept>:<ep>', e.g. '2:urn:imei:490154203237518'"});
  EXPECT_EQ(cn.type_text, "");
  EXPECT_EQ(cn.name, kImei);
  EXPECT_EQ(cn.ept, std::nullopt);
  EXPECT_EQ(cn.name_check.problems, Problems{});
  EXPECT_FALSE(cn.valid());
}

TEST(CertificateCnFormat, EmptyName) {
  const CertificateCn cn = parse_certificate_cn("2:");
  EXPECT_EQ(cn.format_problems, Problems{"CN '2:' has an empty name: the seed wants '<ept>:<ep>'"});
  EXPECT_EQ(cn.type_text, "2");
  EXPECT_EQ(cn.name, "");
  EXPECT_EQ(cn.ept, 2);
  EXPECT_EQ(cn.name_check.problems, Problems{});  // not "the name is empty" a second time
  EXPECT_FALSE(cn.valid());

  EXPECT_EQ(format_of(":"), (Problems{"CN ':' has an empty type: the seed wants '<ept>:<ep>'",
                                      "CN ':' has an empty name: the seed wants '<ept>:<ep>'"}));
  EXPECT_EQ(format_of("URN:"),
            (Problems{"CN 'URN:' writes the type as its name 'URN' instead of its number: the "
                      "seed wants '2:<ep>'",
                      "CN 'URN:' has an empty name: the seed wants '<ept>:<ep>'"}));
}

// ---- Types that are no number 1-255 ----

TEST(CertificateCnFormat, TypeOutOfRange) {
  const CertificateCn zero = parse_certificate_cn("0:urn:imei:490154203237518");
  EXPECT_EQ(zero.format_problems,
            Problems{"CN '0:urn:imei:490154203237518' has no usable type (0 is outside 1-255): "
                     "the seed wants '<ept>:<ep>', e.g. '2:urn:imei:490154203237518'"});
  EXPECT_EQ(zero.type_text, "0");
  EXPECT_EQ(zero.name, kImei);
  EXPECT_EQ(zero.ept, std::nullopt);
  EXPECT_FALSE(zero.valid());

  EXPECT_EQ(format_of("256:00A0C6-Router-SN1"),
            Problems{"CN '256:00A0C6-Router-SN1' has no usable type (256 is outside 1-255): the "
                     "seed wants '<ept>:<ep>', e.g. '1:00A0C6-Router-SN1'"});
  EXPECT_EQ(format_of("99999999999999999999999:x"),
            Problems{"CN '99999999999999999999999:x' has no usable type (9999999999999999... is "
                     "outside 1-255): the seed wants '<ept>:<ep>'"});
}

TEST(CertificateCnFormat, TypeNotDecimal) {
  EXPECT_EQ(format_of("+2:urn:imei:490154203237518"),
            Problems{"CN '+2:urn:imei:490154203237518' has no usable type ('+2' is not a decimal "
                     "number): the seed wants '<ept>:<ep>', e.g. '2:urn:imei:490154203237518'"});
  EXPECT_EQ(format_of("0x02:urn:imei:490154203237518"),
            Problems{"CN '0x02:urn:imei:490154203237518' has no usable type ('0x02' is not a "
                     "decimal number): the seed wants '<ept>:<ep>', e.g. "
                     "'2:urn:imei:490154203237518'"});
  EXPECT_EQ(format_of(" 2:urn:imei:490154203237518"),
            Problems{"CN ' 2:urn:imei:490154203237518' has no usable type (' 2' is not a decimal "
                     "number): the seed wants '<ept>:<ep>', e.g. '2:urn:imei:490154203237518'"});
  EXPECT_EQ(format_of("abc:def"),
            Problems{"CN 'abc:def' has no usable type ('abc' is not a decimal number): the seed "
                     "wants '<ept>:<ep>'"});
}

// With no usable type the name is judged by its form alone: the general rules, no IMEI check.
TEST(CertificateCnFormat, WithoutUsableTypeTheNameIsJudgedByItsFormAlone) {
  const CertificateCn cn = parse_certificate_cn("0:urn:imei:490154203237519");
  EXPECT_EQ(cn.name_check.problems, Problems{});
  EXPECT_EQ(cn.name_check.form, NameForm::kImei);
  EXPECT_EQ(parse_certificate_cn("0:bad\x01").name_check.problems,
            Problems{"control character 0x01 at byte 3"});
  EXPECT_EQ(parse_certificate_cn(std::string(64, 'a')).name_check.problems,
            Problems{"64 bytes, the limit is 63"});
}

// ---- Wire text in sentences ----

TEST(CertificateCnFormat, QuotesTheCnPrintableAndCutsLongOnes) {
  EXPECT_EQ(format_of("urn\x01"),
            Problems{"CN 'urn\\x01' has no type: the seed wants '<ept>:<ep>'"});
  EXPECT_EQ(format_of("2\xff:x"),
            Problems{"CN '2\\xFF:x' has no usable type ('2\\xFF' is not a decimal number): the "
                     "seed wants '<ept>:<ep>'"});
  const std::string long_cn(100, 'a');
  EXPECT_EQ(format_of(long_cn), Problems{"CN '" + std::string(80, 'a') +
                                         "...' has no type: the seed wants '<ept>:<ep>'"});
}

// ---- The name under its type: the problems a Register gets ----

TEST(CertificateCnName, NameInTheOtherTypesForm) {
  const CertificateCn cn = parse_certificate_cn("1:urn:imei:490154203237518");
  EXPECT_EQ(cn.format_problems, Problems{});  // the format is right; the name is not
  EXPECT_EQ(cn.ept, 1);
  EXPECT_EQ(cn.name_check.problems,
            Problems{"looks like a URN (IMEI): that form is type 2 (URN), not type 1 "
                     "(OUI-PC-Serial Number)"});
  EXPECT_FALSE(cn.valid());

  EXPECT_EQ(parse_certificate_cn("2:00A0C6-Router-SN1").name_check.problems,
            Problems{"looks like an OUI-PC-Serial Number: that form is type 1 (OUI-PC-Serial "
                     "Number), not type 2 (URN)"});
  EXPECT_EQ(parse_certificate_cn("2:urn:imei:490154203237519").name_check.problems,
            Problems{"IMEI check digit is 9, expected 8"});
}

TEST(CertificateCnName, VendorPatternApplies) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", "^ACME-[0-9]{4}$"), std::nullopt);
  const CertificateCn cn = parse_certificate_cn("101:ACME-1", &vendors);
  EXPECT_EQ(cn.format_problems, Problems{});
  EXPECT_EQ(cn.name_check.problems,
            Problems{"does not match the pattern '^ACME-[0-9]{4}$' of vendor type 'Acme serial' "
                     "(101)"});
  EXPECT_FALSE(cn.valid());
}

TEST(CertificateCnName, SameProblemsAsARegisterWithThatEptAndEp) {
  VendorTypeTable vendors;
  ASSERT_EQ(vendors.add(101, "Acme serial", "^ACME-[0-9]{4}$"), std::nullopt);
  const std::string_view types[] = {"1", "2", "3", "101"};
  const std::string_view names[] = {"urn:imei:490154203237518",
                                    "urn:imei:490154203237519",
                                    "00A0C6-Router-SN1",
                                    "00a0c6-SN1",
                                    "IMEI:12",
                                    "urn:x",
                                    "ACME-1",
                                    "ACME-1234",
                                    "bad\n",
                                    std::string_view("caf\xc3", 4)};
  for (const std::string_view ept : types) {
    for (const std::string_view ep : names) {
      const std::string text = std::string(ept) + ":" + std::string(ep);
      const CertificateCn cn = parse_certificate_cn(text, &vendors);
      const NameCheck pair = check_endpoint_pair(ept, ep, true, &vendors);
      EXPECT_EQ(cn.format_problems, Problems{}) << text;
      EXPECT_EQ(cn.name_check.problems, pair.problems) << text;
      EXPECT_EQ(cn.name_check.form, pair.form) << text;
    }
  }
}

// ---- Against the Register ----

TEST(CnMismatch, MatchesSameTypeAndName) {
  const CertificateCn cn = parse_certificate_cn("2:urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(cn, "2", kImei), std::nullopt);
  EXPECT_EQ(cn_mismatch(cn, "02", kImei), std::nullopt);  // the same number, as parse_ept reads it
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("1:00A0C9-ThermoV2-SN12345"), "1",
                        "00A0C9-ThermoV2-SN12345"),
            std::nullopt);
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("101:ACME-1"), "101", "ACME-1"), std::nullopt);
  // Matching is not validity: the name's own problems are the name check's to tell.
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("1:urn:imei:490154203237518"), "1", kImei),
            std::nullopt);
}

TEST(CnMismatch, MatchesByCanonicalForm) {
  const CertificateCn cn = parse_certificate_cn("2:URN:UUID:F81D4FAE-7DEC-11D0-A765-00A0C91E6BF6");
  EXPECT_TRUE(cn.valid());
  EXPECT_EQ(cn_mismatch(cn, "2", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6"), std::nullopt);
  // urn:imei:X and IMEI:X are two names.
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("2:IMEI:490154203237518"), "2", kImei),
            "the certificate's CN has ept 2, ep=IMEI:490154203237518; the Register sends ept 2, "
            "ep=urn:imei:490154203237518");
}

TEST(CnMismatch, TypeDiffers) {
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("1:00A0C6-Router-SN1"), "2", kImei),
            "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
            "ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("1:00A0C6-Router-SN1"), "101", "00A0C6-Router-SN1"),
            "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 101, "
            "ep=00A0C6-Router-SN1");
}

TEST(CnMismatch, NameDiffers) {
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("2:urn:imei:490154203237518"), "2",
                        "urn:imei:356938035643809"),
            "the certificate's CN has ept 2, ep=urn:imei:490154203237518; the Register sends ept "
            "2, ep=urn:imei:356938035643809");
  // Beyond the NID a URN compares byte for byte.
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("2:urn:example:Foo"), "2", "urn:example:foo"),
            "the certificate's CN has ept 2, ep=urn:example:Foo; the Register sends ept 2, "
            "ep=urn:example:foo");
}

TEST(CnMismatch, RegisterWithoutUsableEptMatchesNothing) {
  const CertificateCn cn = parse_certificate_cn("2:urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(cn, std::nullopt, kImei),
            "the certificate's CN has ept 2, ep=urn:imei:490154203237518; the Register sends no "
            "ept, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(cn, "abc", kImei),
            "the certificate's CN has ept 2, ep=urn:imei:490154203237518; the Register sends "
            "ept=abc (not a number 1-255), ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(cn, "", kImei),
            "the certificate's CN has ept 2, ep=urn:imei:490154203237518; the Register sends an "
            "empty ept, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(cn, "0", kImei),
            "the certificate's CN has ept 2, ep=urn:imei:490154203237518; the Register sends "
            "ept=0 (not a number 1-255), ep=urn:imei:490154203237518");
}

TEST(CnMismatch, CnWithoutUsableTypeMatchesNothing) {
  EXPECT_EQ(cn_mismatch(parse_certificate_cn(kImei), "2", kImei),
            "the certificate's CN has no type, ep=urn:imei:490154203237518; the Register sends "
            "ept 2, ep=urn:imei:490154203237518");
  // A LwM2M 1.x CN (the name alone) and a Register without ept: still no "<ept>:<ep>" to match.
  EXPECT_EQ(cn_mismatch(parse_certificate_cn(kImei), std::nullopt, kImei),
            "the certificate's CN has no type, ep=urn:imei:490154203237518; the Register sends no "
            "ept, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("URN:urn:imei:490154203237518"), "2", kImei),
            "the certificate's CN has the type 'URN' (not a number 1-255), "
            "ep=urn:imei:490154203237518; the Register sends ept 2, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn(":urn:imei:490154203237518"), "2", kImei),
            "the certificate's CN has an empty type, ep=urn:imei:490154203237518; the Register "
            "sends ept 2, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("0:urn:imei:490154203237518"), "0", kImei),
            "the certificate's CN has the type '0' (not a number 1-255), "
            "ep=urn:imei:490154203237518; the Register sends ept=0 (not a number 1-255), "
            "ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn(""), "2", kImei),
            "the certificate's CN is empty; the Register sends ept 2, ep=urn:imei:490154203237518");
}

TEST(CnMismatch, NamesTheRequestAndShowsWireTextPrintable) {
  EXPECT_EQ(
      cn_mismatch(parse_certificate_cn("1:00A0C6-Router-SN1"), "2", kImei, "Bootstrap-Request"),
      "the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Bootstrap-Request sends "
      "ept 2, ep=urn:imei:490154203237518");
  EXPECT_EQ(cn_mismatch(parse_certificate_cn("2:a\x01"), "2\n", "a\xff"),
            "the certificate's CN has ept 2, ep=a\\x01; the Register sends ept=2\\x0A (not a "
            "number 1-255), ep=a\\xFF");
}

}  // namespace
}  // namespace lwm2m
