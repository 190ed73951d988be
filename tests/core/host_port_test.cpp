#include "lwm2m/host_port.h"

#include <gtest/gtest.h>

namespace lwm2m {
namespace {

TEST(HostPort, Ipv4AsItIs) {
  EXPECT_EQ(host_port("10.0.0.11", 49153), "10.0.0.11:49153");
  EXPECT_EQ(host_port("127.0.0.1", 5683), "127.0.0.1:5683");
  EXPECT_EQ(host_port("0.0.0.0", 0), "0.0.0.0:0");
  EXPECT_EQ(host_port("255.255.255.255", 65535), "255.255.255.255:65535");
}

TEST(HostPort, Ipv6InBrackets) {
  EXPECT_EQ(host_port("fd00::11", 49153), "[fd00::11]:49153");
  EXPECT_EQ(host_port("::1", 5683), "[::1]:5683");
  EXPECT_EQ(host_port("::", 0), "[::]:0");
  EXPECT_EQ(host_port("::ffff:10.0.0.1", 5684), "[::ffff:10.0.0.1]:5684");
}

TEST(HostPort, OtherHostsAsTheyAre) {
  EXPECT_EQ(host_port("localhost", 5683), "localhost:5683");
  EXPECT_EQ(host_port("", 5683), ":5683");
}

}  // namespace
}  // namespace lwm2m
