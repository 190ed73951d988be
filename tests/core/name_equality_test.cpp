#include "lwm2m/name_equality.h"

#include <gtest/gtest.h>

#include <string>

namespace lwm2m {
namespace {

void expect_same(std::string_view a, std::string_view b) {
  EXPECT_TRUE(same_endpoint_name(a, b)) << a << " / " << b;
  EXPECT_TRUE(same_endpoint_name(b, a)) << b << " / " << a;
  EXPECT_EQ(canonical_endpoint_name(a), canonical_endpoint_name(b));
}

void expect_different(std::string_view a, std::string_view b) {
  EXPECT_FALSE(same_endpoint_name(a, b)) << a << " / " << b;
  EXPECT_FALSE(same_endpoint_name(b, a)) << b << " / " << a;
  EXPECT_NE(canonical_endpoint_name(a), canonical_endpoint_name(b));
}

// ---- URNs: RFC 8141 §3.1 lexical equivalence ----

TEST(SameEndpointName, UrnSchemeAndNidAreCaseInsensitive) {
  expect_same("urn:IMEI:490154203237518", "urn:imei:490154203237518");
  expect_same("URN:imei:490154203237518", "urn:imei:490154203237518");
  expect_same("Urn:Example:Foo", "urn:example:Foo");
  expect_same("URN:DEV:mac:0024befffe804ff1", "urn:dev:mac:0024befffe804ff1");
  expect_same("URN:IMEI-MSISDN:490154203237518-1", "urn:imei-msisdn:490154203237518-1");
  EXPECT_EQ(canonical_endpoint_name("URN:IMEI:490154203237518"), "urn:imei:490154203237518");
  EXPECT_EQ(canonical_endpoint_name("URN:Example:Foo"), "urn:example:Foo");
}

TEST(SameEndpointName, UrnNssIsCaseSensitive) {
  expect_different("urn:example:Foo", "urn:example:foo");
  expect_different("urn:ietf:rfc:A", "urn:ietf:rfc:a");
}

// RFC 9039 gives urn:dev no lexical equivalence of its own: beyond the NID it compares byte for
// byte, the hex digits of a MAC address included.
TEST(SameEndpointName, DevUrnComparesByteForByteAfterTheNid) {
  expect_different("urn:dev:mac:0024BEFFFE804ff1", "urn:dev:mac:0024befffe804ff1");
  expect_different("urn:dev:MAC:0024befffe804ff1", "urn:dev:mac:0024befffe804ff1");
  expect_same("urn:Dev:ops:32473-Fridge-1", "urn:dev:ops:32473-Fridge-1");
}

// In urn:gsma:imei: and urn:3gpp2:meid: the NID is gsma or 3gpp2; imei: and meid: belong to the
// NSS and compare byte for byte. The hex digits of a MEID still compare in any case.
TEST(SameEndpointName, SubNamespacesAfterTheNidAreCaseSensitive) {
  expect_same("URN:GSMA:imei:90420156-025763-0", "urn:gsma:imei:90420156-025763-0");
  expect_different("urn:gsma:IMEI:90420156-025763-0", "urn:gsma:imei:90420156-025763-0");
  expect_same("URN:3GPP2:meid:A0000012345678", "urn:3gpp2:meid:a0000012345678");
  expect_different("urn:3gpp2:MEID:a0000012345678", "urn:3gpp2:meid:a0000012345678");
}

TEST(SameEndpointName, PercentEncodingCaseIsNormalisedInUrns) {
  expect_same("urn:example:a%2a", "urn:example:a%2A");
  expect_same("urn:example:%c3%a9t%C3%A9", "urn:example:%C3%A9t%c3%a9");
  expect_different("urn:example:a%2A", "urn:example:a*");  // never decoded
  EXPECT_EQ(canonical_endpoint_name("URN:Example:a%2fb%3A"), "urn:example:a%2Fb%3A");
  // A '%' that starts no escape is left as it is.
  EXPECT_EQ(canonical_endpoint_name("urn:example:a%g1%4"), "urn:example:a%g1%4");
}

TEST(SameEndpointName, UrnComponentsAreNotPartOfTheName) {
  expect_same("urn:example:a?+r", "urn:example:a");
  expect_same("urn:example:a?=q", "urn:example:a");
  expect_same("urn:example:a#frag", "urn:example:a");
  expect_same("urn:example:a?+r?=q#f", "URN:EXAMPLE:a");
  EXPECT_EQ(canonical_endpoint_name("urn:example:a?+r?=q#f"), "urn:example:a");
}

// ---- Hex identifiers: UUID (RFC 4122: case-insensitive on input), MEID, ESN ----

TEST(SameEndpointName, UuidHexDigitsAreCaseInsensitive) {
  expect_same("URN:UUID:1111AAAA-BBBB-CCCC-DDDD-EEEEFFFF0000",
              "urn:uuid:1111aaaa-bbbb-cccc-dddd-eeeeffff0000");
  expect_same("UUID:550E8400-E29B-41D4-A716-446655440000",
              "uuid:550e8400-e29b-41d4-a716-446655440000");
  EXPECT_EQ(canonical_endpoint_name("URN:UUID:1111AAAA-BBBB-CCCC-DDDD-EEEEFFFF0000"),
            "urn:uuid:1111aaaa-bbbb-cccc-dddd-eeeeffff0000");
  EXPECT_EQ(canonical_endpoint_name("uuid:550E8400-E29B-41D4-A716-446655440000"),
            "UUID:550e8400-e29b-41d4-a716-446655440000");
}

TEST(SameEndpointName, EsnAndMeidHexDigitsAreCaseInsensitive) {
  expect_same("ESN:1234ABCD", "esn:1234abcd");
  expect_same("urn:esn:1234ABCD", "URN:ESN:1234abcd");
  expect_same("MEID:A0000012345678", "Meid:a0000012345678");
  expect_same("urn:meid:A0000012345678", "urn:meid:a0000012345678");
  EXPECT_EQ(canonical_endpoint_name("esn:1234ABCD"), "ESN:1234abcd");
  EXPECT_EQ(canonical_endpoint_name("meid:A0000012345678"), "MEID:a0000012345678");
}

// Only the hex digits fold: other letters of a (broken) identifier stay as they are.
TEST(SameEndpointName, OnlyHexDigitsFold) {
  EXPECT_EQ(canonical_endpoint_name("ESN:12ABCDXY"), "ESN:12abcdXY");
  expect_different("ESN:1234ABCG", "ESN:1234ABCg");
}

// ---- The change request's own prefixes ----

TEST(SameEndpointName, SeedPrefixesAreCaseInsensitive) {
  expect_same("IMEI:490154203237518", "imei:490154203237518");
  expect_same("Imei:490154203237518", "IMEI:490154203237518");
  EXPECT_EQ(canonical_endpoint_name("imei:490154203237518"), "IMEI:490154203237518");
}

// A server sees urn:imei:X and IMEI:X as two different strings: two names.
TEST(SameEndpointName, SeedFormAndUrnFormAreDifferentNames) {
  expect_different("urn:imei:490154203237518", "IMEI:490154203237518");
  expect_different("urn:uuid:550e8400-e29b-41d4-a716-446655440000",
                   "UUID:550e8400-e29b-41d4-a716-446655440000");
  expect_different("urn:esn:1234abcd", "ESN:1234abcd");
}

// ---- Everything else compares byte for byte ----

TEST(SameEndpointName, OuiNamesCompareByteForByte) {
  expect_different("00A0C9-ThermoV2-SN1", "00a0c9-ThermoV2-SN1");
  expect_different("00A0C9-ThermoV2-SN1", "00A0C9-thermov2-SN1");
  expect_different("00A0C9-SN%2a", "00A0C9-SN%2A");
  expect_same("00A0C9-ThermoV2-SN1", "00A0C9-ThermoV2-SN1");
  EXPECT_EQ(canonical_endpoint_name("00a0c9-ThermoV2-SN1"), "00a0c9-ThermoV2-SN1");
}

TEST(SameEndpointName, OtherNamesCompareByteForByte) {
  expect_different("My Device", "my device");
  expect_same("my device", "my device");
  expect_different("IMEI490154203237518", "imei490154203237518");
  EXPECT_EQ(canonical_endpoint_name(""), "");
  EXPECT_EQ(canonical_endpoint_name(std::string("a\0B\xff", 4)), std::string("a\0B\xff", 4));
  EXPECT_TRUE(same_endpoint_name("", ""));
}

TEST(CanonicalEndpointName, IsIdempotent) {
  for (const char* name : {"URN:UUID:1111AAAA-BBBB-CCCC-DDDD-EEEEFFFF0000",
                           "uuid:550E8400-E29B-41D4-A716-446655440000", "urn:Example:a%2a?+r",
                           "esn:1234ABCD", "00a0c9-ThermoV2-SN1", "URN:", "urn", "Urn:x",
                           "urn:gsma:imei:90420156-025763-0;SVN=42", "hello"}) {
    const std::string once = canonical_endpoint_name(name);
    EXPECT_EQ(canonical_endpoint_name(once), once) << name;
    EXPECT_TRUE(same_endpoint_name(name, once)) << name;
  }
}

TEST(CanonicalEndpointName, UrnsWithoutANamespaceSpecificString) {
  EXPECT_EQ(canonical_endpoint_name("URN:"), "urn:");
  EXPECT_EQ(canonical_endpoint_name("URN:EXAMPLE"), "urn:example");
  EXPECT_EQ(canonical_endpoint_name("urn"), "urn");  // no ':', not a URN
  EXPECT_EQ(canonical_endpoint_name("URN"), "URN");
}

// The hex digits of an identifier fold eight bytes at a time, the rest byte by byte: every
// position folds, and only 'A'-'F'.
TEST(CanonicalEndpointName, HexDigitsFoldAtEveryPosition) {
  EXPECT_EQ(canonical_endpoint_name("URN:UUID:ABCDEF01-2345-6789-ABCD-EF0123456789"),
            "urn:uuid:abcdef01-2345-6789-abcd-ef0123456789");
  EXPECT_EQ(canonical_endpoint_name("urn:3gpp2:meid:A0000012345678"),
            "urn:3gpp2:meid:a0000012345678");
  EXPECT_EQ(canonical_endpoint_name("ESN:1A2B3C4D"), "ESN:1a2b3c4d");
  EXPECT_EQ(canonical_endpoint_name("esn:ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
            "ESN:abcdefGHIJKLMNOPQRSTUVWXYZ");
  EXPECT_EQ(canonical_endpoint_name("MEID:\xC3\x81"
                                    "ABC@[`{"),
            "MEID:\xC3\x81"
            "abc@[`{");
}

TEST(CanonicalEndpointName, AnEscapeInAHexIdentifierEndsInUpperCase) {
  EXPECT_EQ(canonical_endpoint_name("urn:uuid:ABCDEF%2a"), "urn:uuid:abcdef%2A");
  EXPECT_EQ(canonical_endpoint_name("UUID:ABCDEF%2a"), "UUID:abcdef%2a");  // no URN: no escapes
}

// The NID ends at the first ':', which may come after the components start: they are left out.
TEST(CanonicalEndpointName, ANidRunningIntoTheComponents) {
  EXPECT_EQ(canonical_endpoint_name("URN:AB?C:D"), "urn:ab");
  EXPECT_EQ(canonical_endpoint_name("URN:AB#C"), "urn:ab");
}

// Components are found eight bytes at a time: a '?' or '#' in the first word, a later one, the
// bytes after the last whole word, or nowhere.
TEST(CanonicalEndpointName, ComponentsAnywhereInTheName) {
  EXPECT_EQ(canonical_endpoint_name("urn:ex:a?b"), "urn:ex:a");
  EXPECT_EQ(canonical_endpoint_name("urn:example:abcdefgh#ijk"), "urn:example:abcdefgh");
  EXPECT_EQ(canonical_endpoint_name("urn:example:abcdefghijklmnop?=x#y"),
            "urn:example:abcdefghijklmnop");
  EXPECT_EQ(canonical_endpoint_name("urn:example:abcdefghijklmnopq"),
            "urn:example:abcdefghijklmnopq");
}

// is_canonical_endpoint_name says, from the name's layout, what comparing the canonical form with
// the name would.
bool canonical_as_is(std::string_view name) {
  return is_canonical_endpoint_name(name, endpoint_name_layout(name));
}

TEST(IsCanonicalEndpointName, CanonicalNamesAreTheirOwnForm) {
  EXPECT_TRUE(canonical_as_is("urn:uuid:00000000-7dec-41d0-a765-79b97f4a7c15"));
  EXPECT_TRUE(canonical_as_is("urn:imei:490154203237518"));
  EXPECT_TRUE(canonical_as_is("IMEI:490154203237518"));
  EXPECT_TRUE(canonical_as_is("ESN:1234abcd"));
  EXPECT_TRUE(canonical_as_is("urn:example:a%2Fb"));
  EXPECT_TRUE(canonical_as_is("00A0C9-ThermoV2-SN1"));  // OUI names byte for byte
  EXPECT_TRUE(canonical_as_is("my device"));
  EXPECT_TRUE(canonical_as_is(""));
}

TEST(IsCanonicalEndpointName, NamesThatCanonicalFormChangesAreNot) {
  EXPECT_FALSE(canonical_as_is("URN:uuid:00000000-7dec-41d0-a765-79b97f4a7c15"));  // scheme
  EXPECT_FALSE(canonical_as_is("urn:UUID:00000000-7dec-41d0-a765-79b97f4a7c15"));  // NID
  EXPECT_FALSE(canonical_as_is("urn:uuid:00000000-7DEC-41d0-a765-79b97f4a7c15"));  // hex digit
  EXPECT_FALSE(canonical_as_is("urn:uuid:00000000-7dec-41d0-a765-79b97f4a7c1F"));  // the last
  EXPECT_FALSE(canonical_as_is("imei:490154203237518"));                           // seed prefix
  EXPECT_FALSE(canonical_as_is("esn:1234abcd"));
  EXPECT_FALSE(canonical_as_is("ESN:1234ABCD"));
  EXPECT_FALSE(canonical_as_is("urn:example:a%2fb"));  // an escape's hex digits
  EXPECT_FALSE(canonical_as_is("urn:example:a?+r"));   // components are cut
}

TEST(IsCanonicalEndpointName, LongerNamesThanTheLimitAgreeWithTheCanonicalForm) {
  const std::string tail(70, 'a');
  EXPECT_TRUE(canonical_as_is("urn:example:" + tail));
  EXPECT_FALSE(canonical_as_is("URN:example:" + tail));
  EXPECT_FALSE(canonical_as_is("urn:uuid:" + tail + "A"));
}

TEST(IsCanonicalEndpointName, AgreesWithCanonicalEndpointName) {
  for (const char* name :
       {"URN:UUID:1111AAAA-BBBB-CCCC-DDDD-EEEEFFFF0000",
        "urn:uuid:1111aaaa-bbbb-cccc-dddd-eeeeffff0000",
        "uuid:550E8400-E29B-41D4-A716-446655440000", "UUID:550e8400-e29b-41d4-a716-446655440000",
        "MEID:a0000012345678", "meid:A0000012345678", "urn:3gpp2:meid:a0000012345678", "urn:a?b:c",
        "URN:", "urn:", "urn", "ESN:12abcdXY", "urn:example:a%g1%4"}) {
    EXPECT_EQ(canonical_as_is(name), canonical_endpoint_name(name) == name) << name;
  }
}

}  // namespace
}  // namespace lwm2m
