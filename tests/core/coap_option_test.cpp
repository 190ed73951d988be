#include "lwm2m/coap_option.h"

#include <gtest/gtest.h>

namespace lwm2m::coap {
namespace {

TEST(OptionNumber, RegistryNumbers) {
  EXPECT_EQ(kUriHost, 3);
  EXPECT_EQ(kObserve, 6);
  EXPECT_EQ(kLocationPath, 8);
  EXPECT_EQ(kOscore, 9);
  EXPECT_EQ(kUriPath, 11);
  EXPECT_EQ(kContentFormat, 12);
  EXPECT_EQ(kUriQuery, 15);
  EXPECT_EQ(kAccept, 17);
  EXPECT_EQ(kBlock2, 23);
  EXPECT_EQ(kBlock1, 27);
  EXPECT_EQ(kSize1, 60);
}

TEST(OptionFormat, AsTheRegistriesWriteThem) {
  EXPECT_EQ(option_format(kIfNoneMatch), OptionFormat::kEmpty);
  EXPECT_EQ(option_format(kIfMatch), OptionFormat::kOpaque);
  EXPECT_EQ(option_format(kETag), OptionFormat::kOpaque);
  EXPECT_EQ(option_format(kOscore), OptionFormat::kOpaque);
  EXPECT_EQ(option_format(kUriHost), OptionFormat::kString);
  EXPECT_EQ(option_format(kUriPath), OptionFormat::kString);
  EXPECT_EQ(option_format(kLocationPath), OptionFormat::kString);
  EXPECT_EQ(option_format(kUriQuery), OptionFormat::kString);
  EXPECT_EQ(option_format(kObserve), OptionFormat::kUint);
  EXPECT_EQ(option_format(kContentFormat), OptionFormat::kUint);
  EXPECT_EQ(option_format(kAccept), OptionFormat::kUint);
  EXPECT_EQ(option_format(kBlock1), OptionFormat::kUint);
  EXPECT_EQ(option_format(kSize1), OptionFormat::kUint);
  EXPECT_EQ(option_format(2), OptionFormat::kUnknown);
}

TEST(OptionName, RegisteredNames) {
  EXPECT_EQ(option_name(kIfMatch), "If-Match");
  EXPECT_EQ(option_name(kETag), "ETag");
  EXPECT_EQ(option_name(kObserve), "Observe");
  EXPECT_EQ(option_name(kLocationPath), "Location-Path");
  EXPECT_EQ(option_name(kOscore), "OSCORE");
  EXPECT_EQ(option_name(kUriPath), "Uri-Path");
  EXPECT_EQ(option_name(kContentFormat), "Content-Format");
  EXPECT_EQ(option_name(kMaxAge), "Max-Age");
  EXPECT_EQ(option_name(kUriQuery), "Uri-Query");
  EXPECT_EQ(option_name(kAccept), "Accept");
  EXPECT_EQ(option_name(kLocationQuery), "Location-Query");
  EXPECT_EQ(option_name(kBlock2), "Block2");
  EXPECT_EQ(option_name(kBlock1), "Block1");
  EXPECT_EQ(option_name(kSize2), "Size2");
  EXPECT_EQ(option_name(kProxyScheme), "Proxy-Scheme");
  EXPECT_EQ(option_name(kSize1), "Size1");
}

TEST(OptionName, OtherNumbersHaveNone) {
  EXPECT_EQ(option_name(0), "");
  EXPECT_EQ(option_name(2), "");
  EXPECT_EQ(option_name(13), "");
  EXPECT_EQ(option_name(65535), "");
}

}  // namespace
}  // namespace lwm2m::coap
