#include "packet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <stdexcept>

namespace capgen {
namespace {

constexpr std::uint8_t kProtoTcp = 6;
constexpr std::uint8_t kProtoUdp = 17;
constexpr std::size_t kEthHeader = 14;
constexpr std::size_t kIpv4Header = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kUdpHeader = 8;
constexpr std::size_t kTcpHeader = 20;

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  put16(b, at, static_cast<std::uint16_t>(v >> 16));
  put16(b, at + 2, static_cast<std::uint16_t>(v));
}

void require_same_family(const Endpoint& src, const Endpoint& dst) {
  if (src.addr.v6 != dst.addr.v6) throw std::invalid_argument("mixed IPv4/IPv6 endpoints");
}

Bytes ethernet(const Endpoint& src, const Endpoint& dst) {
  Bytes f(kEthHeader);
  auto d = dst.addr.mac();
  auto s = src.addr.mac();
  for (int i = 0; i < 6; ++i) {
    f[i] = d[i];
    f[6 + i] = s[i];
  }
  put16(f, 12, src.addr.v6 ? 0x86DD : 0x0800);
  return f;
}

// Appends an IPv4 header at the end of f. frag_field holds the flags and fragment offset.
void append_ipv4(Bytes& f, const Endpoint& src, const Endpoint& dst, std::uint8_t proto,
                 std::size_t ip_payload_len, std::uint16_t ip_id, std::uint16_t frag_field) {
  std::size_t at = f.size();
  f.resize(at + kIpv4Header);
  f[at] = 0x45;  // version 4, IHL 5
  f[at + 1] = 0;
  put16(f, at + 2, static_cast<std::uint16_t>(kIpv4Header + ip_payload_len));
  put16(f, at + 4, ip_id);
  put16(f, at + 6, frag_field);
  f[at + 8] = 64;  // TTL
  f[at + 9] = proto;
  put16(f, at + 10, 0);
  for (int i = 0; i < 4; ++i) {
    f[at + 12 + i] = src.addr.bytes[i];
    f[at + 16 + i] = dst.addr.bytes[i];
  }
  put16(f, at + 10, checksum_finish(checksum_add(0, &f[at], kIpv4Header)));
}

void append_ipv6(Bytes& f, const Endpoint& src, const Endpoint& dst, std::uint8_t proto,
                 std::size_t ip_payload_len) {
  std::size_t at = f.size();
  f.resize(at + kIpv6Header);
  put32(f, at, 0x60000000);  // version 6, traffic class 0, flow label 0
  put16(f, at + 4, static_cast<std::uint16_t>(ip_payload_len));
  f[at + 6] = proto;
  f[at + 7] = 64;  // hop limit
  for (int i = 0; i < 16; ++i) {
    f[at + 8 + i] = src.addr.bytes[i];
    f[at + 24 + i] = dst.addr.bytes[i];
  }
}

// The checksum of a UDP or TCP segment including the pseudo-header of its IP version.
std::uint16_t transport_checksum(const Endpoint& src, const Endpoint& dst, std::uint8_t proto,
                                 const Bytes& segment) {
  std::size_t alen = src.addr.v6 ? 16 : 4;
  std::uint32_t sum = checksum_add(0, src.addr.bytes.data(), alen);
  sum = checksum_add(sum, dst.addr.bytes.data(), alen);
  Bytes pseudo(src.addr.v6 ? 8 : 4);
  if (src.addr.v6) {
    put32(pseudo, 0, static_cast<std::uint32_t>(segment.size()));
    pseudo[7] = proto;
  } else {
    pseudo[1] = proto;
    put16(pseudo, 2, static_cast<std::uint16_t>(segment.size()));
  }
  sum = checksum_add(sum, pseudo.data(), pseudo.size());
  sum = checksum_add(sum, segment.data(), segment.size());
  return checksum_finish(sum);
}

Bytes udp_datagram(const Endpoint& src, const Endpoint& dst, const Bytes& payload) {
  if (payload.size() > 0xFFFF - kUdpHeader) throw std::invalid_argument("UDP payload too large");
  // Sized once and filled with std::copy: GCC 12 at -O3 reports a false -Warray-bounds for
  // vector::insert after a small fixed-size construction.
  Bytes d(kUdpHeader + payload.size());
  put16(d, 0, src.port);
  put16(d, 2, dst.port);
  put16(d, 4, static_cast<std::uint16_t>(kUdpHeader + payload.size()));
  std::copy(payload.begin(), payload.end(), d.begin() + kUdpHeader);
  std::uint16_t c = transport_checksum(src, dst, kProtoUdp, d);
  put16(d, 6, c == 0 ? 0xFFFF : c);  // 0 means "no checksum" in UDP over IPv4
  return d;
}

Bytes ip_frame(const Endpoint& src, const Endpoint& dst, std::uint8_t proto, const Bytes& segment,
               std::uint16_t ip_id) {
  require_same_family(src, dst);
  Bytes f = ethernet(src, dst);
  if (src.addr.v6) {
    append_ipv6(f, src, dst, proto, segment.size());
  } else {
    append_ipv4(f, src, dst, proto, segment.size(), ip_id, 0x4000 /* DF */);
  }
  f.insert(f.end(), segment.begin(), segment.end());
  return f;
}

}  // namespace

Address Address::parse(const std::string& text) {
  Address a;
  if (inet_pton(AF_INET, text.c_str(), a.bytes.data()) == 1) return a;
  if (inet_pton(AF_INET6, text.c_str(), a.bytes.data()) == 1) {
    a.v6 = true;
    return a;
  }
  throw std::invalid_argument("not an IP address: " + text);
}

Address Address::v4(std::uint32_t host_order) {
  Address a;
  for (int i = 0; i < 4; ++i) a.bytes[i] = static_cast<std::uint8_t>(host_order >> (24 - 8 * i));
  return a;
}

std::string Address::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

std::array<std::uint8_t, 6> Address::mac() const {
  std::size_t last = v6 ? 12 : 0;
  return {static_cast<std::uint8_t>(v6 ? 0x06 : 0x02),
          0x00,
          bytes[last],
          bytes[last + 1],
          bytes[last + 2],
          bytes[last + 3]};
}

std::string Endpoint::to_string() const {
  std::string a = addr.to_string();
  if (addr.v6) a = "[" + a + "]";
  return a + ":" + std::to_string(port);
}

std::uint32_t checksum_add(std::uint32_t sum, const std::uint8_t* data, std::size_t len) {
  for (std::size_t i = 0; i + 1 < len; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (len % 2) sum += data[len - 1] << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return sum;
}

std::uint16_t checksum_finish(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

Bytes udp_frame(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                std::uint16_t ip_id) {
  require_same_family(src, dst);
  return ip_frame(src, dst, kProtoUdp, udp_datagram(src, dst, payload), ip_id);
}

std::vector<Bytes> udp_fragments(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                                 std::uint16_t ip_id, std::size_t fragment_payload) {
  require_same_family(src, dst);
  if (src.addr.v6) throw std::invalid_argument("udp_fragments: IPv4 only");
  std::size_t step = fragment_payload / 8 * 8;
  if (step == 0) throw std::invalid_argument("udp_fragments: fragment too small");
  Bytes datagram = udp_datagram(src, dst, payload);
  std::vector<Bytes> frames;
  for (std::size_t off = 0; off < datagram.size(); off += step) {
    std::size_t len = std::min(step, datagram.size() - off);
    bool more = off + len < datagram.size();
    Bytes f = ethernet(src, dst);
    auto field = static_cast<std::uint16_t>((more ? 0x2000 : 0) | (off / 8));
    append_ipv4(f, src, dst, kProtoUdp, len, ip_id, field);
    f.insert(f.end(), datagram.begin() + static_cast<std::ptrdiff_t>(off),
             datagram.begin() + static_cast<std::ptrdiff_t>(off + len));
    frames.push_back(std::move(f));
  }
  return frames;
}

Bytes tcp_frame(const Endpoint& src, const Endpoint& dst, std::uint32_t seq, std::uint32_t ack,
                std::uint8_t flags, const Bytes& payload, std::uint16_t ip_id) {
  require_same_family(src, dst);
  Bytes s(kTcpHeader);
  put16(s, 0, src.port);
  put16(s, 2, dst.port);
  put32(s, 4, seq);
  put32(s, 8, (flags & tcp_flags::kAck) ? ack : 0);
  s[12] = 5 << 4;  // data offset: 5 words, no options
  s[13] = flags;
  put16(s, 14, 0xFFFF);  // window
  s.insert(s.end(), payload.begin(), payload.end());
  put16(s, 16, transport_checksum(src, dst, kProtoTcp, s));
  return ip_frame(src, dst, kProtoTcp, s, ip_id);
}

}  // namespace capgen
