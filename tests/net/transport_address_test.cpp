#include "net/transport_address.h"

#include <netinet/in.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <unordered_set>

namespace lwm2m::net {
namespace {

TEST(TransportAddress, ParsesIpv4AndPrintsItBack) {
  const auto a = TransportAddress::parse("192.0.2.17:5683");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->is_ipv6());
  EXPECT_EQ(a->port, 5683);
  EXPECT_EQ(a->to_string(), "192.0.2.17:5683");
  EXPECT_EQ(a->host_string(), "192.0.2.17");
}

TEST(TransportAddress, ParsesBracketedIpv6) {
  const auto a = TransportAddress::parse("[2001:db8::1]:5684");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_ipv6());
  EXPECT_EQ(a->port, 5684);
  EXPECT_EQ(a->to_string(), "[2001:db8::1]:5684");
}

TEST(TransportAddress, RefusesMalformedText) {
  for (const char* text :
       {"", "192.0.2.1", "192.0.2.1:", "192.0.2.1:0", "192.0.2.1:65536", "192.0.2.1:56x3",
        "2001:db8::1:5683", "[2001:db8::1]5683", "[2001:db8::1]:", "[192.0.2.1]:5683",
        "300.0.2.1:5683", "localhost:5683"}) {
    EXPECT_FALSE(TransportAddress::parse(text)) << text;
  }
}

TEST(TransportAddress, ClassifiesSpecialAddresses) {
  EXPECT_TRUE(TransportAddress::parse("224.0.1.187:5683")->is_multicast());
  EXPECT_TRUE(TransportAddress::parse("[ff02::fd]:5683")->is_multicast());
  EXPECT_FALSE(TransportAddress::parse("127.0.0.1:5683")->is_multicast());
  EXPECT_TRUE(TransportAddress::parse("255.255.255.255:5683")->is_limited_broadcast());
  EXPECT_FALSE(TransportAddress::parse("10.0.0.255:5683")->is_limited_broadcast());
  EXPECT_TRUE(TransportAddress::parse("0.0.0.0:5683")->is_unspecified());
  EXPECT_TRUE(TransportAddress::parse("[::]:5683")->is_unspecified());
  EXPECT_FALSE(TransportAddress::parse("[::1]:5683")->is_unspecified());
}

TEST(TransportAddress, EqualityAndHashSeeFamilyAddressAndPort) {
  const auto a = *TransportAddress::parse("127.0.0.1:5683");
  const auto b = *TransportAddress::parse("127.0.0.1:5684");
  const auto c = *TransportAddress::parse("[::ffff:127.0.0.1]:5683");
  EXPECT_NE(a, b);
  EXPECT_NE(a, c);
  EXPECT_TRUE(a < b);
  std::unordered_set<TransportAddress, TransportAddressHash> set{a, b, c, a};
  EXPECT_EQ(set.size(), 3u);
}

TEST(TransportAddress, ToAndFromSocketAddresses) {
  for (const char* text : {"192.0.2.1:5683", "[2001:db8::1]:56830"}) {
    const TransportAddress address = *TransportAddress::parse(text);
    sockaddr_storage socket_address{};
    const std::size_t length = address.to_sockaddr(socket_address);
    EXPECT_EQ(length, address.is_ipv6() ? sizeof(sockaddr_in6) : sizeof(sockaddr_in)) << text;
    EXPECT_EQ(socket_address.ss_family, address.is_ipv6() ? AF_INET6 : AF_INET) << text;
    EXPECT_EQ(TransportAddress::from_sockaddr(reinterpret_cast<const sockaddr&>(socket_address)),
              address)
        << text;
  }
  sockaddr unix_address{};
  unix_address.sa_family = AF_UNIX;
  EXPECT_EQ(TransportAddress::from_sockaddr(unix_address), std::nullopt);
}

TEST(ParsePort, DecimalDigitsOneTo65535Only) {
  EXPECT_EQ(parse_port("5683"), 5683);
  EXPECT_EQ(parse_port("1"), 1);
  EXPECT_EQ(parse_port("65535"), 65535);
  for (const char* bad : {"", "0", "65536", "99999", "123456", "+1", " 1", "1a", "-1"})
    EXPECT_EQ(parse_port(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace lwm2m::net
