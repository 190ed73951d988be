#include "net/ip_reassembly.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <random>

#include "frame_builder.h"

namespace lwm2m::net {
namespace {

using test::Bytes;
using test::operator+;

constexpr int64_t kSecond = 1'000'000'000;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kTcp = 6;

Bytes pattern(std::size_t length, uint8_t seed = 0) {
  Bytes out(length);
  std::iota(out.begin(), out.end(), seed);
  return out;
}

// A fragment of `whole` carrying [offset, offset + length).
IpFragment piece(const Bytes& whole, uint32_t offset, std::size_t length, bool more,
                 uint32_t identification = 1, uint8_t protocol = kUdp,
                 TransportAddress::Family family = TransportAddress::Family::kIPv4,
                 uint8_t source_last_byte = 1) {
  IpFragment f;
  f.family = family;
  if (family == TransportAddress::Family::kIPv4) {
    f.source = {10, 0, 0, source_last_byte};
    f.destination = {10, 0, 0, 100};
  } else {
    f.source = {0x20, 0x01, 0x0d, 0xb8};
    f.source[15] = source_last_byte;
    f.destination = {0x20, 0x01, 0x0d, 0xb8};
    f.destination[15] = 100;
  }
  f.identification = identification;
  f.protocol = protocol;
  f.offset = offset;
  f.more_fragments = more;
  f.data = whole.data() + offset;
  f.length = length;
  return f;
}

Bytes bytes_of(const ReassembledDatagram& d) {
  return Bytes(d.data, d.data + d.length);
}

TEST(IpReassembly, InOrderIpv4) {
  IpReassembler reassembler;
  const Bytes whole = pattern(100);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 48, true), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 48, 48, true), 1, out));
  EXPECT_EQ(reassembler.open_datagrams(), 1u);
  EXPECT_EQ(reassembler.pending_fragments(), 2u);
  ASSERT_TRUE(reassembler.add(piece(whole, 96, 4, false), 2, out));
  EXPECT_EQ(bytes_of(out), whole);
  EXPECT_EQ(out.family, TransportAddress::Family::kIPv4);
  EXPECT_EQ(TransportAddress::ipv4(out.source.data(), 0).host_string(), "10.0.0.1");
  EXPECT_EQ(TransportAddress::ipv4(out.destination.data(), 0).host_string(), "10.0.0.100");
  EXPECT_EQ(out.protocol, kUdp);
  EXPECT_EQ(out.fragment_count, 3u);
  EXPECT_TRUE(reassembler.empty());
  EXPECT_EQ(reassembler.pending_fragments(), 0u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 0u);
}

TEST(IpReassembly, OutOfOrder) {
  IpReassembler reassembler;
  const Bytes whole = pattern(1500, 7);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 1480, 20, false), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 496, true), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 992, 488, true), 0, out));
  ASSERT_TRUE(reassembler.add(piece(whole, 496, 496, true), 0, out));
  EXPECT_EQ(bytes_of(out), whole);
  EXPECT_EQ(out.fragment_count, 4u);
}

TEST(IpReassembly, Ipv6TakesTheProtocolFromTheFirstFragment) {
  IpReassembler reassembler;
  const Bytes whole = pattern(40);
  const auto v6 = TransportAddress::Family::kIPv6;
  ReassembledDatagram out;
  // IPv6's key has no protocol: fragments whose Next Header disagree are one datagram, and the
  // first fragment's Next Header is the datagram's.
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 16, true, 9, kTcp, v6), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 32, 8, false, 9, 58, v6), 0, out));
  ASSERT_TRUE(reassembler.add(piece(whole, 0, 16, true, 9, kUdp, v6), 0, out));
  EXPECT_EQ(out.family, v6);
  EXPECT_EQ(TransportAddress::ipv6(out.source.data(), 0).host_string(), "2001:db8::1");
  EXPECT_EQ(TransportAddress::ipv6(out.destination.data(), 0).host_string(), "2001:db8::64");
  EXPECT_EQ(out.protocol, kUdp);
  EXPECT_EQ(bytes_of(out), whole);
}

TEST(IpReassembly, Ipv4KeyHoldsTheProtocol) {
  IpReassembler reassembler;
  const Bytes whole = pattern(16);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 5, kUdp), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 5, kTcp), 0, out));
  EXPECT_EQ(reassembler.open_datagrams(), 2u);
  ASSERT_TRUE(reassembler.add(piece(whole, 8, 8, false, 5, kUdp), 0, out));
  EXPECT_EQ(out.protocol, kUdp);
  EXPECT_EQ(out.fragment_count, 2u);
  EXPECT_EQ(reassembler.open_datagrams(), 1u);
}

TEST(IpReassembly, KeepsInterleavedDatagramsApart) {
  IpReassembler reassembler;
  const Bytes a = pattern(24, 0);
  const Bytes b = pattern(24, 100);
  const Bytes c = pattern(24, 200);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(a, 0, 8, true, 1), 0, out));
  EXPECT_FALSE(reassembler.add(piece(b, 0, 8, true, 2), 0, out));
  EXPECT_FALSE(reassembler.add(piece(c, 0, 8, true, 1, kUdp, TransportAddress::Family::kIPv4, 2), 0,
                               out));  // same identification, other source
  EXPECT_FALSE(reassembler.add(piece(a, 8, 8, true, 1), 0, out));
  ASSERT_TRUE(reassembler.add(piece(b, 8, 16, false, 2), 0, out));
  EXPECT_EQ(bytes_of(out), b);
  EXPECT_EQ(reassembler.open_datagrams(), 2u);
  ASSERT_TRUE(reassembler.add(piece(a, 16, 8, false, 1), 0, out));
  EXPECT_EQ(bytes_of(out), a);
  ASSERT_TRUE(
      reassembler.add(piece(c, 8, 16, false, 1, kUdp, TransportAddress::Family::kIPv4, 2), 0, out));
  EXPECT_EQ(bytes_of(out), c);
  EXPECT_EQ(TransportAddress::ipv4(out.source.data(), 0).host_string(), "10.0.0.2");
  EXPECT_TRUE(reassembler.empty());
}

TEST(IpReassembly, OverlapDropsTheWholeDatagram) {
  IpReassembler reassembler;
  const Bytes whole = pattern(32);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 16, true), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 16, true), 0, out));
  EXPECT_EQ(reassembler.counters().inconsistent, 1u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 2u);
  EXPECT_TRUE(reassembler.empty());
  EXPECT_EQ(reassembler.pending_fragments(), 0u);

  // Even an exact duplicate overlaps.
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, true, 2), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, true, 2), 0, out));
  EXPECT_EQ(reassembler.counters().inconsistent, 2u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 4u);

  // Overlap with a range merged from two fragments, and with a range after it.
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 3), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, true, 3), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 24, 8, false, 3), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 16, true, 3), 0, out));
  EXPECT_EQ(reassembler.counters().inconsistent, 3u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 8u);

  // The fragments after the drop start a new datagram, which cannot complete without its start.
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 16, false, 1), 0, out));
  EXPECT_EQ(reassembler.pending_fragments(), 1u);
}

TEST(IpReassembly, DisagreeingEndsDropTheDatagram) {
  IpReassembler reassembler;
  const Bytes whole = pattern(48);
  ReassembledDatagram out;
  // Two last fragments with different ends.
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 8, false, 1), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 24, 4, false, 1), 0, out));
  // Data past a last fragment that arrived later.
  EXPECT_FALSE(reassembler.add(piece(whole, 32, 16, true, 2), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 2), 0, out));
  // Data past a last fragment that arrived earlier.
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 3), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 8, true, 3), 0, out));
  EXPECT_EQ(reassembler.counters().inconsistent, 3u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 6u);
  EXPECT_TRUE(reassembler.empty());
}

TEST(IpReassembly, DatagramsAreAtMost65535Bytes) {
  IpReassembler reassembler;
  const Bytes whole = pattern(65536 + 16);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 65528, 8, false, 1), 0, out));
  EXPECT_EQ(reassembler.counters().too_big, 1u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 1u);
  EXPECT_TRUE(reassembler.empty());

  EXPECT_FALSE(reassembler.add(piece(whole, 0, 1480, true, 2), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 1480, 1480, true, 2), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 65520, 24, true, 2), 0, out));
  EXPECT_EQ(reassembler.counters().too_big, 2u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 4u);
  EXPECT_TRUE(reassembler.empty());

  // Exactly 65535 bytes is fine.
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 65528, true, 3), 0, out));
  ASSERT_TRUE(reassembler.add(piece(whole, 65528, 7, false, 3), 0, out));
  EXPECT_EQ(out.length, 65535u);
  EXPECT_EQ(bytes_of(out), Bytes(whole.begin(), whole.begin() + 65535));
}

TEST(IpReassembly, DropsDatagramsOlderThan60Seconds) {
  IpReassembler reassembler;
  const Bytes whole = pattern(16);
  ReassembledDatagram out;
  const int64_t start = 1'700'000'000 * kSecond;
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 1), start, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 2), start + kSecond, out));
  reassembler.expire(start + 60 * kSecond);  // exactly 60 s: still open
  EXPECT_EQ(reassembler.open_datagrams(), 2u);
  // The completing fragment of datagram 1 comes 1 ns too late.
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 1), start + 60 * kSecond + 1, out));
  EXPECT_EQ(reassembler.counters().timed_out, 1u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 1u);
  EXPECT_EQ(reassembler.open_datagrams(), 2u);  // datagram 2 and the new datagram 1
  // Datagram 2 still completes within its own 60 s.
  ASSERT_TRUE(reassembler.add(piece(whole, 8, 8, false, 2), start + 61 * kSecond, out));
  EXPECT_EQ(bytes_of(out), whole);
  reassembler.expire(start + 200 * kSecond);
  EXPECT_EQ(reassembler.counters().timed_out, 2u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 2u);
  EXPECT_TRUE(reassembler.empty());
}

TEST(IpReassembly, KeepsAtMost1024DatagramsOpen) {
  IpReassembler reassembler;
  const Bytes whole = pattern(16);
  ReassembledDatagram out;
  for (uint32_t id = 0; id < 1024; ++id)
    EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, id), 0, out));
  EXPECT_EQ(reassembler.open_datagrams(), 1024u);
  EXPECT_EQ(reassembler.counters().evicted, 0u);
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 1024), 0, out));
  EXPECT_EQ(reassembler.open_datagrams(), 1024u);
  EXPECT_EQ(reassembler.counters().evicted, 1u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 1u);
  EXPECT_EQ(reassembler.pending_fragments(), 1024u);
  // Datagram 0 was the oldest: gone. Datagram 1 is still there.
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 0), 0, out));
  EXPECT_EQ(reassembler.counters().evicted, 2u);  // datagram 1 made room for the new 0
  ASSERT_TRUE(reassembler.add(piece(whole, 8, 8, false, 2), 0, out));
  EXPECT_EQ(bytes_of(out), whole);
}

TEST(IpReassembly, CustomLimits) {
  IpReassembler::Limits limits;
  limits.max_datagram_bytes = 64;
  limits.max_open_datagrams = 2;
  limits.timeout_ns = 10;
  IpReassembler reassembler(limits);
  const Bytes whole = pattern(80);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 64, 1, false, 1), 0, out));
  EXPECT_EQ(reassembler.counters().too_big, 1u);
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 1), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 2), 5, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 3), 6, out));
  EXPECT_EQ(reassembler.counters().evicted, 1u);
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 4), 16, out));  // 2 is 11 ns old
  EXPECT_EQ(reassembler.counters().timed_out, 1u);
  EXPECT_EQ(reassembler.counters().evicted, 1u);
  EXPECT_EQ(reassembler.open_datagrams(), 2u);
}

TEST(IpReassembly, FlushDropsWhatIsUnfinished) {
  IpReassembler reassembler;
  const Bytes whole = pattern(64);
  ReassembledDatagram out;
  EXPECT_FALSE(reassembler.add(piece(whole, 0, 8, true, 1), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 16, 8, true, 1), 0, out));
  EXPECT_FALSE(reassembler.add(piece(whole, 8, 8, false, 2), 0, out));
  reassembler.flush();
  EXPECT_EQ(reassembler.counters().unfinished, 2u);
  EXPECT_EQ(reassembler.counters().fragments_dropped, 3u);
  EXPECT_EQ(reassembler.pending_fragments(), 0u);
  EXPECT_TRUE(reassembler.empty());
}

// Random fragment streams: every fragment added ends up delivered, dropped or pending, and every
// datagram delivered is the one that was cut up.
TEST(IpReassembly, AccountsForEveryFragment) {
  std::mt19937 random(1234);
  IpReassembler::Limits limits;
  limits.max_open_datagrams = 8;
  limits.timeout_ns = 50;
  IpReassembler reassembler(limits);
  std::map<uint32_t, Bytes> datagrams;
  std::vector<std::pair<uint32_t, IpFragment>> stream;
  for (uint32_t id = 0; id < 400; ++id) {
    Bytes& whole = datagrams[id] = pattern(8 + random() % 600, static_cast<uint8_t>(id));
    const std::size_t step = 8 * (1 + random() % 20);
    for (std::size_t offset = 0; offset < whole.size(); offset += step) {
      const bool more = offset + step < whole.size();
      const std::size_t length = more ? step : whole.size() - offset;
      if (random() % 50 == 0) continue;  // lost
      stream.emplace_back(id, piece(whole, static_cast<uint32_t>(offset), length, more, id));
      if (random() % 60 == 0) stream.push_back(stream.back());  // duplicated
    }
  }
  // Local disorder: swap neighbours now and then.
  for (std::size_t i = 1; i < stream.size(); ++i)
    if (random() % 4 == 0) std::swap(stream[i - 1], stream[i]);

  uint64_t added = 0;
  uint64_t delivered_fragments = 0;
  uint64_t delivered = 0;
  ReassembledDatagram out;
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const auto& [id, fragment] = stream[i];
    ++added;
    if (reassembler.add(fragment, static_cast<int64_t>(i), out)) {
      ++delivered;
      delivered_fragments += out.fragment_count;
      EXPECT_EQ(bytes_of(out), datagrams[id]) << i;  // the fragment that completed it is its own
    }
    ASSERT_EQ(added, delivered_fragments + reassembler.counters().fragments_dropped +
                         reassembler.pending_fragments())
        << i;
    ASSERT_LE(reassembler.open_datagrams(), 8u);
  }
  reassembler.flush();
  EXPECT_EQ(added, delivered_fragments + reassembler.counters().fragments_dropped);
  const auto& c = reassembler.counters();
  EXPECT_GT(delivered, 250u);
  EXPECT_GT(c.inconsistent, 0u);
  EXPECT_GT(c.unfinished + c.timed_out + c.evicted, 0u);
}

}  // namespace
}  // namespace lwm2m::net
