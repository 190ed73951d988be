#include "net/packet_encoder.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

namespace lwm2m::net {
namespace {

using Bytes = std::vector<uint8_t>;

// A CoAP POST /rd (CON, MID 1234, no token): seven bytes, an odd length, so the checksum's
// padding of the last byte is exercised too.
const Bytes kPayload = {0x40, 0x02, 0x04, 0xd2, 0xb2, 'r', 'd'};

TransportAddress address(const char* text) {
  const auto a = TransportAddress::parse(text);
  if (!a) throw std::invalid_argument(text);
  return *a;
}

// An independent one's-complement sum (not checksum_add): a correct checksum makes the sum over
// the pseudo-header and the whole datagram 0xffff.
uint16_t ones_complement_sum(const Bytes& data) {
  uint64_t sum = 0;
  for (std::size_t i = 0; i < data.size(); ++i) sum += i % 2 == 0 ? data[i] << 8 : data[i];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(sum);
}

Bytes pseudo_header_and_datagram(const Bytes& packet) {
  const bool v6 = packet[0] >> 4 == 6;
  const std::size_t header = v6 ? 40 : 20;
  const std::size_t address_size = v6 ? 16 : 4;
  const std::size_t source_at = v6 ? 8 : 12;
  const std::size_t udp_length = packet.size() - header;
  Bytes p(packet.begin() + static_cast<std::ptrdiff_t>(source_at),
          packet.begin() + static_cast<std::ptrdiff_t>(source_at + 2 * address_size));
  if (v6) {
    p.insert(p.end(), {0, 0, static_cast<uint8_t>(udp_length >> 8),
                       static_cast<uint8_t>(udp_length), 0, 0, 0, 17});
  } else {
    p.insert(p.end(),
             {0, 17, static_cast<uint8_t>(udp_length >> 8), static_cast<uint8_t>(udp_length)});
  }
  p.insert(p.end(), packet.begin() + static_cast<std::ptrdiff_t>(header), packet.end());
  return p;
}

TEST(ChecksumHelpers, MatchTheRfc1071Example) {
  // RFC 1071 §3: the sum of 0001 f203 f4f5 f6f7 is ddf2, whose complement is 220d.
  const uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(checksum_add(0, data, sizeof data), 0xddf2u);
  EXPECT_EQ(checksum_finish(checksum_add(0, data, sizeof data)), 0x220d);
  // Chained over parts of even length, the sum is the same.
  EXPECT_EQ(checksum_add(checksum_add(0, data, 2), data + 2, 6), 0xddf2u);
  // An odd last byte counts as the high byte of a word.
  const uint8_t odd[] = {0x12, 0x34, 0x56};
  EXPECT_EQ(checksum_add(0, odd, 3), 0x1234u + 0x5600u);
  EXPECT_EQ(checksum_add(0, nullptr, 0), 0u);
}

TEST(PacketEncoder, BuildsAKnownIpv4UdpPacket) {
  const Bytes packet = encode_udp_packet(address("192.0.2.10:56830"), address("198.51.100.1:5683"),
                                         kPayload.data(), kPayload.size(), 0x1234);
  // Computed by an independent implementation (Python struct); see the checks below too.
  const Bytes expected = {
      0x45, 0x00, 0x00, 0x23, 0x12, 0x34, 0x40, 0x00,  // v4, IHL 5, length 35, id, DF
      0x40, 0x11, 0x3c, 0x57, 0xc0, 0x00, 0x02, 0x0a,  // TTL 64, UDP, checksum, source
      0xc6, 0x33, 0x64, 0x01, 0xdd, 0xfe, 0x16, 0x33,  // destination, ports 56830 -> 5683
      0x00, 0x0f, 0xc4, 0x17, 0x40, 0x02, 0x04, 0xd2,  // UDP length 15, checksum, payload
      0xb2, 0x72, 0x64,
  };
  EXPECT_EQ(packet, expected);
  EXPECT_EQ(ones_complement_sum(Bytes(packet.begin(), packet.begin() + 20)), 0xffff);
  EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(packet)), 0xffff);
}

TEST(PacketEncoder, BuildsAKnownIpv6UdpPacket) {
  const Bytes packet =
      encode_udp_packet(address("[2001:db8::10]:56830"), address("[2001:db8::1]:5683"),
                        kPayload.data(), kPayload.size(), 0x1234 /* unused */);
  const Bytes expected = {
      0x60, 0x00, 0x00, 0x00, 0x00, 0x0f, 0x11, 0x40,  // v6, payload length 15, UDP, hop 64
      0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // source 2001:db8::10
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,  //
      0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,  // destination 2001:db8::1
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,  //
      0xdd, 0xfe, 0x16, 0x33, 0x00, 0x0f, 0x54, 0xd4,  // ports, UDP length 15, checksum
      0x40, 0x02, 0x04, 0xd2, 0xb2, 0x72, 0x64,        // payload
  };
  EXPECT_EQ(packet, expected);
  EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(packet)), 0xffff);
}

// Finds the two payload bytes that make the computed UDP checksum 0, which must go on the wire as
// 0xffff (0 means "no checksum" over IPv4 and is forbidden over IPv6).
void expect_zero_checksum_sent_as_ffff(const char* from_text, const char* to_text) {
  const auto from = address(from_text);
  const auto to = address(to_text);
  Bytes payload = {0, 0};
  Bytes packet = encode_udp_packet(from, to, payload.data(), payload.size(), 7);
  const std::size_t checksum_at = packet.size() - 4;
  packet[checksum_at] = packet[checksum_at + 1] = 0;
  const uint16_t rest = ones_complement_sum(pseudo_header_and_datagram(packet));
  const auto filler = static_cast<uint16_t>(0xffff - rest);  // rest + filler = 0xffff, no carry
  payload = {static_cast<uint8_t>(filler >> 8), static_cast<uint8_t>(filler)};
  packet = encode_udp_packet(from, to, payload.data(), payload.size(), 7);
  EXPECT_EQ(packet[checksum_at], 0xff) << from_text;
  EXPECT_EQ(packet[checksum_at + 1], 0xff) << from_text;
  EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(packet)), 0xffff) << from_text;
}

TEST(PacketEncoder, SendsAComputedZeroUdpChecksumAsFfff) {
  expect_zero_checksum_sent_as_ffff("10.1.2.3:5683", "10.3.2.1:49152");
  expect_zero_checksum_sent_as_ffff("[fd00::5]:5683", "[fd00::6]:49152");
}

TEST(PacketEncoder, ChecksumsHoldForManyPayloads) {
  const auto v4_from = address("203.0.113.7:5683");
  const auto v4_to = address("203.0.113.200:61000");
  const auto v6_from = address("[fe80::1234:5678]:5683");
  const auto v6_to = address("[ff02::fd]:5683");
  Bytes payload;
  for (std::size_t size = 0; size < 600; size += 37) {
    payload.resize(size);
    for (std::size_t i = 0; i < size; ++i) payload[i] = static_cast<uint8_t>(i * 151 + size);
    const Bytes v4 = encode_udp_packet(v4_from, v4_to, payload.data(), size, 0xffff);
    EXPECT_EQ(v4.size(), 28 + size);
    EXPECT_EQ(ones_complement_sum(Bytes(v4.begin(), v4.begin() + 20)), 0xffff) << size;
    EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(v4)), 0xffff) << size;
    const Bytes v6 = encode_udp_packet(v6_from, v6_to, payload.data(), size, 0);
    EXPECT_EQ(v6.size(), 48 + size);
    EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(v6)), 0xffff) << size;
  }
}

TEST(PacketEncoder, RefusesMixedFamilies) {
  const auto v4 = address("192.0.2.1:5683");
  const auto v6 = address("[2001:db8::1]:5683");
  EXPECT_THROW(encode_udp_packet(v4, v6, kPayload.data(), kPayload.size(), 1),
               std::invalid_argument);
  EXPECT_THROW(encode_udp_packet(v6, v4, kPayload.data(), kPayload.size(), 1),
               std::invalid_argument);
  Bytes out = {1, 2, 3};
  EXPECT_THROW(append_udp_packet(out, v4, v6, kPayload.data(), kPayload.size(), 1),
               std::invalid_argument);
  EXPECT_EQ(out, (Bytes{1, 2, 3})) << "nothing appended on a throw";
  EXPECT_THROW(transport_checksum(v4, v6, kIpProtocolUdp, kPayload.data(), kPayload.size()),
               std::invalid_argument);
}

TEST(PacketEncoder, TakesTheLargestPayloadsAndRefusesLarger) {
  const auto v4 = address("192.0.2.1:5683");
  const auto v6 = address("[2001:db8::1]:5683");
  const Bytes big(kMaxUdpPayloadIpv6 + 1, 0x5a);
  EXPECT_EQ(kMaxUdpPayloadIpv4, 65507u);
  EXPECT_EQ(kMaxUdpPayloadIpv6, 65527u);

  const Bytes largest_v4 = encode_udp_packet(v4, v4, big.data(), kMaxUdpPayloadIpv4, 1);
  ASSERT_EQ(largest_v4.size(), 65535u);
  EXPECT_EQ(largest_v4[2], 0xff);  // total length 65535
  EXPECT_EQ(largest_v4[3], 0xff);
  EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(largest_v4)), 0xffff);
  EXPECT_THROW(encode_udp_packet(v4, v4, big.data(), kMaxUdpPayloadIpv4 + 1, 1),
               std::invalid_argument);

  const Bytes largest_v6 = encode_udp_packet(v6, v6, big.data(), kMaxUdpPayloadIpv6, 1);
  ASSERT_EQ(largest_v6.size(), 40u + 65535u);
  EXPECT_EQ(largest_v6[4], 0xff);  // payload length 65535
  EXPECT_EQ(largest_v6[5], 0xff);
  EXPECT_EQ(ones_complement_sum(pseudo_header_and_datagram(largest_v6)), 0xffff);
  Bytes out;
  EXPECT_THROW(append_udp_packet(out, v6, v6, big.data(), kMaxUdpPayloadIpv6 + 1, 1),
               std::invalid_argument);
  EXPECT_TRUE(out.empty());
  EXPECT_THROW(encode_udp_packet(v6, v6, big.data(), static_cast<std::size_t>(-1), 1),
               std::invalid_argument);
}

TEST(PacketEncoder, AppendsIpv4HeadersForFragmentsAndOtherProtocols) {
  // What the sample generator does for fragments and TCP: a header after bytes already there.
  Bytes out = {0xaa, 0xbb};
  append_ip_header(out, address("10.0.0.1:1"), address("10.0.0.2:2"), kIpProtocolTcp, 100, 0xbeef,
                   kIpv4MoreFragments | 185);
  ASSERT_EQ(out.size(), 22u);
  const Bytes header(out.begin() + 2, out.end());
  EXPECT_EQ(header[0], 0x45);
  EXPECT_EQ(header[2] << 8 | header[3], 120);
  EXPECT_EQ(header[4] << 8 | header[5], 0xbeef);
  EXPECT_EQ(header[6] << 8 | header[7], 0x2000 | 185);
  EXPECT_EQ(header[8], 64);
  EXPECT_EQ(header[9], kIpProtocolTcp);
  EXPECT_EQ(ones_complement_sum(header), 0xffff);
  EXPECT_THROW(
      append_ip_header(out, address("10.0.0.1:1"), address("10.0.0.2:2"), kIpProtocolTcp, 65516, 0),
      std::invalid_argument);
  EXPECT_EQ(out.size(), 22u);
}

// ICMP errors quote the offending datagram after an 8-byte header; the checksum covers the ICMP
// message (ICMPv6: with the pseudo-header of next header 58).
TEST(PacketEncoder, BuildsAnIcmpPortUnreachableQuotingTheDatagram) {
  const Bytes datagram = encode_udp_packet(address("10.0.0.9:40000"), address("10.0.0.2:5683"),
                                           kPayload.data(), kPayload.size(), 7);
  Bytes packet;
  append_icmp_error(packet, address("10.0.0.2:1"), address("10.0.0.9:1"), 3, 3, datagram.data(),
                    datagram.size(), 8);
  ASSERT_EQ(packet.size(), 20u + 8u + datagram.size());
  EXPECT_EQ(packet[9], kIpProtocolIcmp);
  EXPECT_EQ(packet[20], 3);  // Destination Unreachable
  EXPECT_EQ(packet[21], 3);  // Port Unreachable
  EXPECT_EQ(Bytes(packet.begin() + 28, packet.end()), datagram);
  EXPECT_EQ(ones_complement_sum(Bytes(packet.begin() + 20, packet.end())), 0xffff);
}

TEST(PacketEncoder, BuildsAnIcmpv6ErrorWithItsPseudoHeaderChecksum) {
  const Bytes datagram =
      encode_udp_packet(address("[2001:db8::9]:40000"), address("[2001:db8::2]:5683"),
                        kPayload.data(), kPayload.size(), 0);
  Bytes packet;
  append_icmp_error(packet, address("[2001:db8::2]:1"), address("[2001:db8::9]:1"), 1, 4,
                    datagram.data(), datagram.size(), 0);
  ASSERT_EQ(packet.size(), 40u + 8u + datagram.size());
  EXPECT_EQ(packet[6], kIpProtocolIcmpv6);
  EXPECT_EQ(packet[40], 1);  // Destination Unreachable
  EXPECT_EQ(packet[41], 4);  // Port Unreachable
  Bytes pseudo(packet.begin() + 8, packet.begin() + 40);
  const std::size_t length = packet.size() - 40;
  pseudo.insert(pseudo.end(), {0, 0, static_cast<uint8_t>(length >> 8),
                               static_cast<uint8_t>(length), 0, 0, 0, kIpProtocolIcmpv6});
  pseudo.insert(pseudo.end(), packet.begin() + 40, packet.end());
  EXPECT_EQ(ones_complement_sum(pseudo), 0xffff);
}

TEST(PacketEncoder, AnIcmpErrorQuotesAtMostWhatFitsIn576Bytes) {
  const Bytes big(1000, 0x42);
  Bytes packet;
  append_icmp_error(packet, address("10.0.0.2:1"), address("10.0.0.9:1"), 3, 3, big.data(),
                    big.size(), 1);
  EXPECT_EQ(packet.size(), kMaxIcmpErrorIpv4);
  Bytes v6;
  const Bytes bigger(2000, 0x42);
  append_icmp_error(v6, address("[2001:db8::2]:1"), address("[2001:db8::9]:1"), 1, 4, bigger.data(),
                    bigger.size(), 0);
  EXPECT_EQ(v6.size(), kMaxIcmpErrorIpv6);
}

}  // namespace
}  // namespace lwm2m::net
