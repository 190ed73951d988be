#include "net/packet_decoder.h"

#include <gtest/gtest.h>

#include "frame_builder.h"

namespace lwm2m::net {
namespace {

using test::Bytes;
using test::operator+;
using test::ethernet;
using test::Ipv4;
using test::ipv4;
using test::Ipv6;
using test::ipv6;
using test::ipv6_extension;
using test::ipv6_fragment;
using test::udp;

constexpr uint16_t kIpv4Type = 0x0800;
constexpr uint16_t kIpv6Type = 0x86dd;
constexpr uint16_t kArpType = 0x0806;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kIcmpv6 = 58;
constexpr uint8_t kHopByHop = 0;
constexpr uint8_t kRouting = 43;
constexpr uint8_t kFragment = 44;
constexpr uint8_t kEsp = 50;
constexpr uint8_t kAh = 51;
constexpr uint8_t kNoNextHeader = 59;
constexpr uint8_t kDestinationOptions = 60;

const Bytes kPayload = test::text_bytes("\x44\x02\x12\x34hello");

Ipv4 carrying(uint8_t protocol) {
  Ipv4 header;
  header.protocol = protocol;
  return header;
}

DecodedFrame decode(int link_type, const Bytes& frame, std::size_t wire_length = 0) {
  return decode_frame(link_type, frame.data(), frame.size(),
                      wire_length == 0 ? frame.size() : wire_length);
}

Bytes payload_of(const DecodedFrame& frame) {
  return Bytes(frame.udp.payload, frame.udp.payload + frame.udp.payload_length);
}

void expect_skipped(const DecodedFrame& frame, FrameKind kind, const std::string& reason) {
  EXPECT_EQ(to_string(frame.kind), std::string(to_string(kind)));
  EXPECT_EQ(frame.reason, reason);
}

TEST(PacketDecoder, EthernetIpv4Udp) {
  const Bytes frame =
      ethernet(kIpv4Type, ipv4({"10.0.0.11", "10.0.0.2"}, udp(49153, 5683, kPayload)));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_STREQ(d.reason, "");
  EXPECT_EQ(d.udp.source.to_string(), "10.0.0.11:49153");
  EXPECT_EQ(d.udp.destination.to_string(), "10.0.0.2:5683");
  EXPECT_EQ(d.udp.payload, frame.data() + 14 + 20 + 8);  // points into the frame: no copy
  EXPECT_EQ(payload_of(d), kPayload);
}

TEST(PacketDecoder, EthernetIpv6Udp) {
  const Bytes frame =
      ethernet(kIpv6Type, ipv6({"2001:db8::a", "fe80::1"}, udp(5683, 40000, kPayload)));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(d.udp.source.to_string(), "[2001:db8::a]:5683");
  EXPECT_EQ(d.udp.destination.to_string(), "[fe80::1]:40000");
  EXPECT_EQ(d.udp.payload, frame.data() + 14 + 40 + 8);
  EXPECT_EQ(payload_of(d), kPayload);
}

TEST(PacketDecoder, IgnoresEthernetPaddingAndTrailer) {
  // A 1-byte payload in a 60-byte minimum frame, plus a 4-byte FCS.
  Bytes frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, {0x60})));
  ASSERT_EQ(frame.size(), 43u);
  frame.resize(64, 0xee);
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(payload_of(d), Bytes{0x60});
}

TEST(PacketDecoder, UdpLengthShorterThanIpPayloadWins) {
  // The IP payload holds 8 + 9 bytes, the UDP length says 8 + 4.
  const Bytes frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload, 12)));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(payload_of(d), Bytes(kPayload.begin(), kPayload.begin() + 4));
}

TEST(PacketDecoder, SkipsIpv4Options) {
  for (std::size_t option_bytes : {4u, 12u, 40u}) {
    Ipv4 header;
    header.options = Bytes(option_bytes, 1);  // NOPs
    const Bytes frame = ethernet(kIpv4Type, ipv4(header, udp(7, 8, kPayload)));
    const DecodedFrame d = decode(DLT_EN10MB, frame);
    ASSERT_EQ(d.kind, FrameKind::kUdp) << option_bytes;
    EXPECT_EQ(d.udp.payload, frame.data() + 14 + 20 + option_bytes + 8);
    EXPECT_EQ(d.udp.source.to_string(), "192.0.2.1:7");
  }
}

TEST(PacketDecoder, SkipsVlanTags) {
  const Bytes ip = ipv4({}, udp(1, 2, kPayload));
  for (const std::vector<uint16_t>& tags : std::vector<std::vector<uint16_t>>{
           {0x8100}, {0x88a8, 0x8100}, {0x9100, 0x8100}, {0x8100, 0x8100, 0x8100}}) {
    const Bytes frame = ethernet(kIpv4Type, ip, tags);
    const DecodedFrame d = decode(DLT_EN10MB, frame);
    ASSERT_EQ(d.kind, FrameKind::kUdp) << tags.size();
    EXPECT_EQ(d.udp.payload, frame.data() + 14 + 4 * tags.size() + 20 + 8);
    EXPECT_EQ(payload_of(d), kPayload);
  }
  const Bytes frame6 = ethernet(kIpv6Type, ipv6({}, udp(1, 2, kPayload)), {0x88a8, 0x8100});
  EXPECT_EQ(decode(DLT_EN10MB, frame6).kind, FrameKind::kUdp);
}

TEST(PacketDecoder, NonIpFramesAreNotIp) {
  expect_skipped(decode(DLT_EN10MB, ethernet(kArpType, Bytes(28, 0))), FrameKind::kNotIp,
                 "EtherType neither IPv4 nor IPv6");
  expect_skipped(decode(DLT_EN10MB, ethernet(kArpType, Bytes(28, 0), {0x8100})), FrameKind::kNotIp,
                 "EtherType neither IPv4 nor IPv6");
  // 802.3 with LLC/SNAP: the "EtherType" is a length, even when the LLC payload is IP.
  expect_skipped(decode(DLT_EN10MB, ethernet(46, Bytes(46, 0))), FrameKind::kNotIp,
                 "802.3 frame with a length field (LLC), not Ethernet II");
  expect_skipped(decode(DLT_EN10MB, ethernet(0x05dc, ipv4({}, udp(1, 2, kPayload)))),
                 FrameKind::kNotIp, "802.3 frame with a length field (LLC), not Ethernet II");
}

TEST(PacketDecoder, OtherIpProtocolsAreNotUdp) {
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(carrying(kTcp), Bytes(20, 0)))),
                 FrameKind::kNotUdp, "IPv4 packet not UDP");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(carrying(kIcmp), Bytes(8, 0)))),
                 FrameKind::kNotUdp, "IPv4 packet not UDP");
  for (uint8_t next : {kTcp, kIcmpv6, kEsp, kAh, kNoNextHeader}) {
    Ipv6 header;
    header.next_header = next;
    expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(header, Bytes(16, 0)))),
                   FrameKind::kNotUdp, "IPv6 packet not UDP");
  }
  // UDP behind AH is not decoded: the tool does not look inside IPsec.
  Ipv6 header;
  header.next_header = kAh;
  const Bytes ah{17, 4, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(header, ah + udp(1, 2, kPayload)))),
                 FrameKind::kNotUdp, "IPv6 packet not UDP");
}

TEST(PacketDecoder, WalksIpv6ExtensionHeaders) {
  Ipv6 header;
  header.next_header = kHopByHop;
  const Bytes extensions = ipv6_extension(kRouting, 8) + ipv6_extension(kDestinationOptions, 24) +
                           ipv6_extension(17, 16);
  const Bytes frame = ethernet(kIpv6Type, ipv6(header, extensions + udp(5683, 5684, kPayload)));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(d.udp.payload, frame.data() + 14 + 40 + 48 + 8);
  EXPECT_EQ(d.udp.source.to_string(), "[2001:db8::1]:5683");
  EXPECT_EQ(d.udp.destination.to_string(), "[2001:db8::2]:5684");
  EXPECT_EQ(payload_of(d), kPayload);
}

TEST(PacketDecoder, Ipv6AtomicFragmentIsAWholePacket) {
  Ipv6 header;
  header.next_header = kFragment;
  const Bytes frame =
      ethernet(kIpv6Type, ipv6(header, ipv6_fragment(17, 0, false, 99) + udp(1, 2, kPayload)));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(payload_of(d), kPayload);
}

TEST(PacketDecoder, Ipv4FragmentsAreHandedOn) {
  const Bytes data(24, 0xab);
  Ipv4 header{"10.1.1.1", "10.2.2.2"};
  header.identification = 0x1234;
  header.more_fragments = true;
  header.offset = 1480;
  const Bytes frame = ethernet(kIpv4Type, ipv4(header, data));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kFragment) << d.reason;
  const IpFragment& f = d.fragment;
  EXPECT_EQ(f.family, TransportAddress::Family::kIPv4);
  EXPECT_EQ(TransportAddress::ipv4(f.source.data(), 0).host_string(), "10.1.1.1");
  EXPECT_EQ(TransportAddress::ipv4(f.destination.data(), 0).host_string(), "10.2.2.2");
  EXPECT_EQ(f.identification, 0x1234u);
  EXPECT_EQ(f.protocol, 17);
  EXPECT_EQ(f.offset, 1480u);
  EXPECT_TRUE(f.more_fragments);
  EXPECT_EQ(f.data, frame.data() + 34);
  EXPECT_EQ(f.length, 24u);

  // The last fragment: offset without More Fragments, any length.
  header.more_fragments = false;
  header.protocol = kTcp;  // not judged here: only the first fragment says what the datagram is
  const Bytes last = ethernet(kIpv4Type, ipv4(header, Bytes(5, 1)));
  const DecodedFrame l = decode(DLT_EN10MB, last);
  ASSERT_EQ(l.kind, FrameKind::kFragment);
  EXPECT_FALSE(l.fragment.more_fragments);
  EXPECT_EQ(l.fragment.protocol, kTcp);
  EXPECT_EQ(l.fragment.length, 5u);
}

TEST(PacketDecoder, Ipv6FragmentsAreHandedOn) {
  Ipv6 header{"2001:db8::5", "2001:db8::6"};
  header.next_header = kHopByHop;
  const Bytes data(16, 0xcd);
  const Bytes frame = ethernet(
      kIpv6Type, ipv6(header, ipv6_extension(kFragment, 8) +
                                  ipv6_fragment(kDestinationOptions, 0, true, 0xdeadbeef) + data));
  const DecodedFrame d = decode(DLT_EN10MB, frame);
  ASSERT_EQ(d.kind, FrameKind::kFragment) << d.reason;
  const IpFragment& f = d.fragment;
  EXPECT_EQ(f.family, TransportAddress::Family::kIPv6);
  EXPECT_EQ(TransportAddress::ipv6(f.source.data(), 0).host_string(), "2001:db8::5");
  EXPECT_EQ(TransportAddress::ipv6(f.destination.data(), 0).host_string(), "2001:db8::6");
  EXPECT_EQ(f.identification, 0xdeadbeefu);
  EXPECT_EQ(f.protocol, kDestinationOptions);  // the Next Header after the Fragment header
  EXPECT_EQ(f.offset, 0u);
  EXPECT_TRUE(f.more_fragments);
  EXPECT_EQ(f.data, frame.data() + 14 + 40 + 8 + 8);
  EXPECT_EQ(f.length, 16u);

  header.next_header = kFragment;
  const Bytes last =
      ethernet(kIpv6Type, ipv6(header, ipv6_fragment(17, 2960, false, 7) + Bytes(3, 0)));
  const DecodedFrame l = decode(DLT_EN10MB, last);
  ASSERT_EQ(l.kind, FrameKind::kFragment) << l.reason;
  EXPECT_EQ(l.fragment.offset, 2960u);
  EXPECT_FALSE(l.fragment.more_fragments);
  EXPECT_EQ(l.fragment.length, 3u);
}

TEST(PacketDecoder, FragmentsOtherThanTheLastMustHoldMultiplesOf8Bytes) {
  Ipv4 header;
  header.more_fragments = true;
  for (std::size_t length : {0u, 7u, 12u}) {
    expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(header, Bytes(length, 0)))),
                   FrameKind::kMalformed,
                   "IP fragment other than the last not a multiple of 8 bytes");
  }
  Ipv6 header6;
  header6.next_header = kFragment;
  expect_skipped(
      decode(DLT_EN10MB,
             ethernet(kIpv6Type, ipv6(header6, ipv6_fragment(17, 8, true, 1) + Bytes(10, 0)))),
      FrameKind::kMalformed, "IP fragment other than the last not a multiple of 8 bytes");
}

TEST(PacketDecoder, MalformedIpv4Headers) {
  const Bytes segment = udp(1, 2, kPayload);
  Ipv4 bad_ihl;
  bad_ihl.ihl = 4;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(bad_ihl, segment))),
                 FrameKind::kMalformed, "IPv4 header length field less than 5");
  Ipv4 short_total;
  short_total.total_length = 19;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(short_total, segment))),
                 FrameKind::kMalformed, "IPv4 total length less than its header length");
  Ipv4 long_total;
  long_total.total_length = 20 + 17 + 1;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(long_total, segment))),
                 FrameKind::kMalformed, "IPv4 total length more than the frame holds");
  Ipv4 ihl_past_total;
  ihl_past_total.ihl = 15;  // 60 bytes of header in a 37-byte packet
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(ihl_past_total, segment))),
                 FrameKind::kMalformed, "IPv4 total length less than its header length");
  Ipv4 version6;
  version6.version = 6;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4(version6, segment))),
                 FrameKind::kMalformed, "IPv4 packet with another IP version");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, Bytes(19, 0x45))), FrameKind::kMalformed,
                 "IPv4 header not captured in full");
}

TEST(PacketDecoder, MalformedUdpHeaders) {
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload, 7)))),
                 FrameKind::kMalformed, "UDP length field less than 8");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload, 18)))),
                 FrameKind::kMalformed, "UDP length more than the IP payload");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv4Type, ipv4({}, Bytes(7, 0)))),
                 FrameKind::kMalformed, "IP payload shorter than a UDP header");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6({}, udp(1, 2, kPayload, 0)))),
                 FrameKind::kMalformed, "UDP length field less than 8");
}

TEST(PacketDecoder, MalformedIpv6Headers) {
  Ipv6 long_payload;
  long_payload.payload_length = 100;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(long_payload, udp(1, 2, kPayload)))),
                 FrameKind::kMalformed, "IPv6 payload length more than the frame holds");
  Ipv6 version4;
  version4.version = 4;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(version4, udp(1, 2, kPayload)))),
                 FrameKind::kMalformed, "IPv6 packet with another IP version");
  Ipv6 hop;
  hop.next_header = kHopByHop;
  Bytes extension = ipv6_extension(17, 8);
  extension[1] = 9;  // 80 bytes claimed in a 25-byte payload
  expect_skipped(
      decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(hop, extension + udp(1, 2, kPayload)))),
      FrameKind::kMalformed, "IPv6 extension header runs past the payload length");
  Ipv6 fragment;
  fragment.next_header = kFragment;
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, ipv6(fragment, Bytes(4, 0)))),
                 FrameKind::kMalformed, "IPv6 Fragment header runs past the payload length");
  expect_skipped(decode(DLT_EN10MB, ethernet(kIpv6Type, Bytes(39, 0x60))), FrameKind::kMalformed,
                 "IPv6 header not captured in full");
}

TEST(PacketDecoder, SnapshotLengthCutsAreCutShort) {
  const Bytes whole = ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload)));  // 51 bytes
  const auto cut = [&](std::size_t captured) {
    return decode_frame(DLT_EN10MB, whole.data(), captured, whole.size());
  };
  expect_skipped(cut(50), FrameKind::kCutShort, "UDP payload not captured in full");
  expect_skipped(cut(42), FrameKind::kCutShort, "UDP payload not captured in full");
  expect_skipped(cut(41), FrameKind::kCutShort, "UDP header not captured in full");
  expect_skipped(cut(33), FrameKind::kCutShort, "IPv4 header not captured in full");
  expect_skipped(cut(10), FrameKind::kCutShort, "Ethernet header not captured in full");
  // The bytes were on the wire when the wire frame is exactly as long as the header.
  expect_skipped(decode_frame(DLT_EN10MB, whole.data(), 10, 14), FrameKind::kCutShort,
                 "Ethernet header not captured in full");
  expect_skipped(decode_frame(DLT_EN10MB, whole.data(), 10, 13), FrameKind::kMalformed,
                 "Ethernet header not captured in full");
  EXPECT_EQ(cut(51).kind, FrameKind::kUdp);

  Ipv4 with_options;
  with_options.options = Bytes(8, 1);
  const Bytes optioned = ethernet(kIpv4Type, ipv4(with_options, udp(1, 2, kPayload)));
  expect_skipped(decode_frame(DLT_EN10MB, optioned.data(), 36, optioned.size()),
                 FrameKind::kCutShort, "IPv4 header not captured in full");

  // A cut TCP segment is still TCP: the protocol is known before the cut matters.
  const Bytes tcp = ethernet(kIpv4Type, ipv4(carrying(kTcp), Bytes(100, 0)));
  expect_skipped(decode_frame(DLT_EN10MB, tcp.data(), 60, tcp.size()), FrameKind::kNotUdp,
                 "IPv4 packet not UDP");

  // A cut fragment cannot be reassembled.
  Ipv4 fragment_header;
  fragment_header.more_fragments = true;
  const Bytes fragment = ethernet(kIpv4Type, ipv4(fragment_header, Bytes(64, 0)));
  expect_skipped(decode_frame(DLT_EN10MB, fragment.data(), 60, fragment.size()),
                 FrameKind::kCutShort, "IPv4 fragment not captured in full");

  Ipv6 header6;
  header6.next_header = kHopByHop;
  const Bytes v6 = ethernet(kIpv6Type, ipv6(header6, ipv6_extension(17, 16) + udp(1, 2, kPayload)));
  expect_skipped(decode_frame(DLT_EN10MB, v6.data(), 14 + 40 + 10, v6.size()), FrameKind::kCutShort,
                 "IPv6 extension header not captured in full");
  expect_skipped(decode_frame(DLT_EN10MB, v6.data(), 14 + 40 + 1, v6.size()), FrameKind::kCutShort,
                 "IPv6 extension header not captured in full");
  expect_skipped(decode_frame(DLT_EN10MB, v6.data(), 14 + 40 + 16 + 8 + 3, v6.size()),
                 FrameKind::kCutShort, "UDP payload not captured in full");
  expect_skipped(decode_frame(DLT_EN10MB, v6.data(), 14 + 20, v6.size()), FrameKind::kCutShort,
                 "IPv6 header not captured in full");
  header6.next_header = kFragment;
  const Bytes fragment6 =
      ethernet(kIpv6Type, ipv6(header6, ipv6_fragment(17, 8, true, 1) + Bytes(16, 0)));
  expect_skipped(decode_frame(DLT_EN10MB, fragment6.data(), 14 + 40 + 4, fragment6.size()),
                 FrameKind::kCutShort, "IPv6 Fragment header not captured in full");
  expect_skipped(decode_frame(DLT_EN10MB, fragment6.data(), fragment6.size() - 1, fragment6.size()),
                 FrameKind::kCutShort, "IPv6 fragment not captured in full");

  const Bytes tagged = ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload)), {0x88a8, 0x8100});
  expect_skipped(decode_frame(DLT_EN10MB, tagged.data(), 16, tagged.size()), FrameKind::kCutShort,
                 "VLAN tag not captured in full");
}

TEST(PacketDecoder, FramesShorterOnTheWireThanTheirHeadersAreMalformed) {
  const Bytes whole = ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload)));
  for (std::size_t length : {0u, 10u, 13u}) {
    expect_skipped(decode_frame(DLT_EN10MB, whole.data(), length, length), FrameKind::kMalformed,
                   "Ethernet header not captured in full");
  }
  expect_skipped(decode_frame(DLT_EN10MB, whole.data(), 33, 33), FrameKind::kMalformed,
                 "IPv4 header not captured in full");
  const Bytes tagged = ethernet(kIpv4Type, ipv4({}, udp(1, 2, kPayload)), {0x8100});
  expect_skipped(decode_frame(DLT_EN10MB, tagged.data(), 16, 16), FrameKind::kMalformed,
                 "VLAN tag not captured in full");
}

TEST(PacketDecoder, LinuxCookedV1AndV2) {
  for (const Bytes& frame :
       {test::sll(kIpv4Type, ipv4({"10.0.0.1", "10.0.0.9"}, udp(3, 4, kPayload))),
        test::sll2(kIpv4Type, ipv4({"10.0.0.1", "10.0.0.9"}, udp(3, 4, kPayload)))}) {
    const int link_type = frame.size() == 16 + 20 + 17 ? DLT_LINUX_SLL : DLT_LINUX_SLL2;
    const DecodedFrame d = decode(link_type, frame);
    ASSERT_EQ(d.kind, FrameKind::kUdp) << link_type;
    EXPECT_EQ(d.udp.source.to_string(), "10.0.0.1:3");
    EXPECT_EQ(d.udp.destination.to_string(), "10.0.0.9:4");
    EXPECT_EQ(d.udp.payload, frame.data() + frame.size() - kPayload.size());
  }
  const Bytes v6 = test::sll2(kIpv6Type, ipv6({}, udp(3, 4, kPayload)));
  EXPECT_EQ(decode(DLT_LINUX_SLL2, v6).kind, FrameKind::kUdp);
  const Bytes v6_sll = test::sll(kIpv6Type, ipv6({}, udp(3, 4, kPayload)));
  EXPECT_EQ(decode(DLT_LINUX_SLL, v6_sll).kind, FrameKind::kUdp);
  expect_skipped(decode(DLT_LINUX_SLL, test::sll(kArpType, Bytes(28, 0))), FrameKind::kNotIp,
                 "EtherType neither IPv4 nor IPv6");
  expect_skipped(decode(DLT_LINUX_SLL2, test::sll2(0x0004, Bytes(28, 0))), FrameKind::kNotIp,
                 "802.3 frame with a length field (LLC), not Ethernet II");
  expect_skipped(decode(DLT_LINUX_SLL, Bytes(15, 0)), FrameKind::kMalformed,
                 "Linux cooked header not captured in full");
  expect_skipped(decode_frame(DLT_LINUX_SLL2, v6.data(), 19, v6.size()), FrameKind::kCutShort,
                 "Linux cooked header not captured in full");
}

TEST(PacketDecoder, RawIpByVersionNibble) {
  const Bytes v4 = ipv4({"198.51.100.1", "198.51.100.2"}, udp(10, 20, kPayload));
  const Bytes v6 = ipv6({}, udp(10, 20, kPayload));
  for (int link_type : {DLT_RAW, 14}) {
    const DecodedFrame d4 = decode(link_type, v4);
    ASSERT_EQ(d4.kind, FrameKind::kUdp) << link_type;
    EXPECT_EQ(d4.udp.source.to_string(), "198.51.100.1:10");
    EXPECT_EQ(d4.udp.payload, v4.data() + 28);
    const DecodedFrame d6 = decode(link_type, v6);
    ASSERT_EQ(d6.kind, FrameKind::kUdp) << link_type;
    EXPECT_EQ(d6.udp.destination.to_string(), "[2001:db8::2]:20");
    Bytes v5 = v4;
    v5[0] = 0x55;
    expect_skipped(decode(link_type, v5), FrameKind::kMalformed,
                   "raw IP packet whose version is neither 4 nor 6");
    expect_skipped(decode(link_type, Bytes{}), FrameKind::kMalformed, "IP header not captured");
  }
  EXPECT_EQ(decode(DLT_IPV4, v4).kind, FrameKind::kUdp);
  EXPECT_EQ(decode(DLT_IPV6, v6).kind, FrameKind::kUdp);
  expect_skipped(decode(DLT_IPV4, v6), FrameKind::kMalformed,
                 "IPv4 packet with another IP version");
  expect_skipped(decode(DLT_IPV6, v4), FrameKind::kMalformed, "IPv6 header not captured in full");
  const Bytes long_v4 = ipv4({}, udp(10, 20, Bytes(30, 0)));
  expect_skipped(decode(DLT_IPV6, long_v4), FrameKind::kMalformed,
                 "IPv6 packet with another IP version");
}

TEST(PacketDecoder, LoopbackFamiliesInEitherByteOrder) {
  const Bytes v4 = ipv4({"127.0.0.1", "127.0.0.1"}, udp(40000, 5683, kPayload));
  const Bytes v6 = ipv6({"::1", "::1"}, udp(40000, 5683, kPayload));
  for (bool big_endian : {false, true}) {
    const Bytes frame4 = test::loopback(2, big_endian, v4);
    const DecodedFrame d4 = decode(DLT_NULL, frame4);
    ASSERT_EQ(d4.kind, FrameKind::kUdp) << big_endian;
    EXPECT_EQ(d4.udp.source.to_string(), "127.0.0.1:40000");
    EXPECT_EQ(d4.udp.payload, frame4.data() + 4 + 28);
    for (uint32_t family : {10u, 24u, 28u, 30u}) {
      const DecodedFrame d6 = decode(DLT_NULL, test::loopback(family, big_endian, v6));
      ASSERT_EQ(d6.kind, FrameKind::kUdp) << family << " " << big_endian;
      EXPECT_EQ(d6.udp.destination.to_string(), "[::1]:5683");
    }
    expect_skipped(decode(DLT_NULL, test::loopback(7, big_endian, v4)), FrameKind::kNotIp,
                   "loopback address family neither IPv4 nor IPv6");
  }
  // DLT_LOOP: network byte order only.
  EXPECT_EQ(decode(DLT_LOOP, test::loopback(2, true, v4)).kind, FrameKind::kUdp);
  EXPECT_EQ(decode(DLT_LOOP, test::loopback(24, true, v6)).kind, FrameKind::kUdp);
  expect_skipped(decode(DLT_LOOP, test::loopback(2, false, v4)), FrameKind::kNotIp,
                 "loopback address family neither IPv4 nor IPv6");
  expect_skipped(decode(DLT_NULL, Bytes{2, 0}), FrameKind::kMalformed,
                 "loopback header not captured in full");
}

TEST(PacketDecoder, LinkTypes) {
  for (int link_type : {DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW, 14, DLT_IPV4, DLT_IPV6,
                        DLT_NULL, DLT_LOOP}) {
    EXPECT_TRUE(is_supported_link_type(link_type)) << link_type;
  }
  EXPECT_FALSE(is_supported_link_type(DLT_IEEE802_11));
  EXPECT_FALSE(is_supported_link_type(DLT_PPP));
  EXPECT_EQ(link_type_name(DLT_EN10MB), "Ethernet");
  EXPECT_EQ(link_type_name(DLT_LINUX_SLL), "Linux cooked (SLL)");
  EXPECT_EQ(link_type_name(DLT_LINUX_SLL2), "Linux cooked (SLL2)");
  EXPECT_EQ(link_type_name(DLT_RAW), "raw IP");
  EXPECT_EQ(link_type_name(14), "raw IP");
  EXPECT_EQ(link_type_name(DLT_IPV4), "raw IPv4");
  EXPECT_EQ(link_type_name(DLT_IPV6), "raw IPv6");
  EXPECT_EQ(link_type_name(DLT_NULL), "BSD loopback (null)");
  EXPECT_EQ(link_type_name(DLT_LOOP), "OpenBSD loopback");
  EXPECT_EQ(link_type_name(DLT_IEEE802_11), "IEEE802_11");
  EXPECT_EQ(link_type_name(4000), "unknown");
  EXPECT_STREQ(supported_link_types(), "Ethernet, Linux cooked (SLL, SLL2), raw IP, loopback/null");
  expect_skipped(decode(DLT_IEEE802_11, Bytes(40, 0)), FrameKind::kNotIp, "unsupported link type");
}

TEST(PacketDecoder, ReassembledDatagrams) {
  const std::array<uint8_t, 16> a{192, 0, 2, 1};
  const std::array<uint8_t, 16> b{192, 0, 2, 2};
  const Bytes segment = udp(1000, 5683, kPayload);
  DecodedFrame d =
      decode_reassembled(TransportAddress::Family::kIPv4, a, b, 17, segment.data(), segment.size());
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(d.udp.source.to_string(), "192.0.2.1:1000");
  EXPECT_EQ(d.udp.destination.to_string(), "192.0.2.2:5683");
  EXPECT_EQ(d.udp.payload, segment.data() + 8);
  EXPECT_EQ(payload_of(d), kPayload);
  expect_skipped(decode_reassembled(TransportAddress::Family::kIPv4, a, b, kTcp, segment.data(),
                                    segment.size()),
                 FrameKind::kNotUdp, "IPv4 packet not UDP");
  const Bytes too_long = udp(1, 2, kPayload, 100);
  expect_skipped(decode_reassembled(TransportAddress::Family::kIPv4, a, b, 17, too_long.data(),
                                    too_long.size()),
                 FrameKind::kMalformed, "UDP length more than the IP payload");

  std::array<uint8_t, 16> a6{0x20, 0x01, 0x0d, 0xb8};
  a6[15] = 1;
  const Bytes with_options = ipv6_extension(17, 8) + segment;
  d = decode_reassembled(TransportAddress::Family::kIPv6, a6, a6, kDestinationOptions,
                         with_options.data(), with_options.size());
  ASSERT_EQ(d.kind, FrameKind::kUdp) << d.reason;
  EXPECT_EQ(d.udp.source.to_string(), "[2001:db8::1]:1000");
  EXPECT_EQ(payload_of(d), kPayload);
  const Bytes nested = ipv6_fragment(17, 0, true, 5) + segment;
  expect_skipped(decode_reassembled(TransportAddress::Family::kIPv6, a6, a6, kFragment,
                                    nested.data(), nested.size()),
                 FrameKind::kMalformed, "Fragment header inside a reassembled IPv6 datagram");
  expect_skipped(decode_reassembled(TransportAddress::Family::kIPv6, a6, a6, kIcmpv6,
                                    segment.data(), segment.size()),
                 FrameKind::kNotUdp, "IPv6 packet not UDP");
}

}  // namespace
}  // namespace lwm2m::net
