#include "lwm2m/content_format.h"

#include <gtest/gtest.h>

namespace lwm2m::coap {
namespace {

TEST(ContentFormat, RegistryNumbers) {
  EXPECT_EQ(kTextPlain, 0);
  EXPECT_EQ(kLinkFormat, 40);
  EXPECT_EQ(kOctetStream, 42);
  EXPECT_EQ(kCbor, 60);
  EXPECT_EQ(kSenmlJson, 110);
  EXPECT_EQ(kSenmlCbor, 112);
  EXPECT_EQ(kLwm2mTlv, 11542);
  EXPECT_EQ(kLwm2mJson, 11543);
  EXPECT_EQ(kLwm2mCbor, 11544);
}

TEST(ContentFormatName, MediaTypes) {
  EXPECT_EQ(content_format_name(kTextPlain), "text/plain; charset=utf-8");
  EXPECT_EQ(content_format_name(kLinkFormat), "application/link-format");
  EXPECT_EQ(content_format_name(kOctetStream), "application/octet-stream");
  EXPECT_EQ(content_format_name(kCbor), "application/cbor");
  EXPECT_EQ(content_format_name(kSenmlJson), "application/senml+json");
  EXPECT_EQ(content_format_name(kSenmlCbor), "application/senml+cbor");
  EXPECT_EQ(content_format_name(kLwm2mTlv), "application/vnd.oma.lwm2m+tlv");
  EXPECT_EQ(content_format_name(kLwm2mJson), "application/vnd.oma.lwm2m+json");
  EXPECT_EQ(content_format_name(kLwm2mCbor), "application/vnd.oma.lwm2m+cbor");
}

TEST(ContentFormatName, OtherFormatsHaveNone) {
  EXPECT_EQ(content_format_name(1), "");
  EXPECT_EQ(content_format_name(50), "");
  EXPECT_EQ(content_format_name(65535), "");
}

}  // namespace
}  // namespace lwm2m::coap
