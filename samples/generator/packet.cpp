#include "packet.h"

#include <arpa/inet.h>

#include <algorithm>
#include <stdexcept>

#include "lwm2m/host_port.h"
#include "net/packet_encoder.h"

namespace capgen {
namespace {

namespace encoder = lwm2m::net;

constexpr std::size_t kEthHeader = 14;
constexpr std::size_t kTcpHeader = 20;

void put16(Bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}

void put32(Bytes& b, std::size_t at, std::uint32_t v) {
  put16(b, at, static_cast<std::uint16_t>(v >> 16));
  put16(b, at + 2, static_cast<std::uint16_t>(v));
}

// The generator's endpoint as the encoder's address type (same bytes, same port).
encoder::TransportAddress transport(const Endpoint& e) {
  return e.addr.v6 ? encoder::TransportAddress::ipv6(e.addr.bytes.data(), e.port)
                   : encoder::TransportAddress::ipv4(e.addr.bytes.data(), e.port);
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
  return lwm2m::host_port(addr.to_string(), port);
}

Bytes udp_frame(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                std::uint16_t ip_id) {
  Bytes f = ethernet(src, dst);
  encoder::append_udp_packet(f, transport(src), transport(dst), payload.data(), payload.size(),
                             ip_id);
  return f;
}

Bytes icmp_error_frame(const Endpoint& reporter, const Endpoint& to, std::uint8_t type,
                       std::uint8_t code, const Bytes& quoted_frame, std::uint16_t ip_id) {
  if (quoted_frame.size() < kEthHeader) throw std::invalid_argument("icmp_error_frame: no frame");
  Bytes f = ethernet(reporter, to);
  encoder::append_icmp_error(f, transport(reporter), transport(to), type, code,
                             quoted_frame.data() + kEthHeader, quoted_frame.size() - kEthHeader,
                             ip_id);
  return f;
}

std::vector<Bytes> udp_fragments(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                                 std::uint16_t ip_id, std::size_t fragment_payload) {
  if (src.addr.v6 || dst.addr.v6) throw std::invalid_argument("udp_fragments: IPv4 only");
  std::size_t step = fragment_payload / 8 * 8;
  if (step == 0) throw std::invalid_argument("udp_fragments: fragment too small");
  const auto from = transport(src);
  const auto to = transport(dst);
  Bytes datagram;
  encoder::append_udp_datagram(datagram, from, to, payload.data(), payload.size());
  std::vector<Bytes> frames;
  for (std::size_t off = 0; off < datagram.size(); off += step) {
    std::size_t len = std::min(step, datagram.size() - off);
    bool more = off + len < datagram.size();
    Bytes f = ethernet(src, dst);
    auto field = static_cast<std::uint16_t>((more ? encoder::kIpv4MoreFragments : 0) | (off / 8));
    encoder::append_ip_header(f, from, to, encoder::kIpProtocolUdp, len, ip_id, field);
    f.insert(f.end(), datagram.begin() + static_cast<std::ptrdiff_t>(off),
             datagram.begin() + static_cast<std::ptrdiff_t>(off + len));
    frames.push_back(std::move(f));
  }
  return frames;
}

Bytes tcp_frame(const Endpoint& src, const Endpoint& dst, std::uint32_t seq, std::uint32_t ack,
                std::uint8_t flags, const Bytes& payload, std::uint16_t ip_id) {
  const auto from = transport(src);
  const auto to = transport(dst);
  Bytes s(kTcpHeader);
  put16(s, 0, src.port);
  put16(s, 2, dst.port);
  put32(s, 4, seq);
  put32(s, 8, (flags & tcp_flags::kAck) ? ack : 0);
  s[12] = 5 << 4;  // data offset: 5 words, no options
  s[13] = flags;
  put16(s, 14, 0xFFFF);  // window
  s.insert(s.end(), payload.begin(), payload.end());
  put16(s, 16, encoder::transport_checksum(from, to, encoder::kIpProtocolTcp, s.data(), s.size()));
  Bytes f = ethernet(src, dst);
  encoder::append_ip_header(f, from, to, encoder::kIpProtocolTcp, s.size(), ip_id);
  f.insert(f.end(), s.begin(), s.end());
  return f;
}

}  // namespace capgen
