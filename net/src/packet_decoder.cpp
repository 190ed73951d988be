#include "net/packet_decoder.h"

#include <pcap/pcap.h>

#include <algorithm>

namespace lwm2m::net {

namespace {

constexpr int kDltRawOpenBsd = 14;  // DLT_RAW where OpenBSD's libpcap wrote it into old files

constexpr uint16_t kEtherTypeIpv4 = 0x0800;
constexpr uint16_t kEtherTypeIpv6 = 0x86dd;
constexpr uint16_t kEtherTypeVlan = 0x8100;
constexpr uint16_t kEtherTypeQinQ = 0x88a8;
constexpr uint16_t kEtherTypeQinQOld = 0x9100;
constexpr uint16_t kMinEtherType = 0x0600;  // below: an 802.3 length field

constexpr std::size_t kEthernetHeader = 14;
constexpr std::size_t kVlanTag = 4;
constexpr std::size_t kSllHeader = 16;
constexpr std::size_t kSll2Header = 20;
constexpr std::size_t kNullHeader = 4;
constexpr std::size_t kIpv4MinHeader = 20;
constexpr std::size_t kIpv6Header = 40;
constexpr std::size_t kIpv6FragmentHeader = 8;
constexpr std::size_t kUdpHeader = 8;

constexpr uint16_t kIpv4MoreFragments = 0x2000;
constexpr uint16_t kIpv4OffsetMask = 0x1fff;

constexpr uint8_t kProtocolUdp = 17;  // IP protocol / IPv6 Next Header

// IPv6 Next Header values walked as extension headers.
constexpr uint8_t kIpv6HopByHop = 0;
constexpr uint8_t kIpv6Routing = 43;
constexpr uint8_t kIpv6Fragment = 44;
constexpr uint8_t kIpv6DestinationOptions = 60;

// Address families of DLT_NULL / DLT_LOOP headers.
constexpr uint32_t kAfInet = 2;
constexpr uint32_t kAfInet6Linux = 10;
constexpr uint32_t kAfInet6NetBsd = 24;  // also OpenBSD
constexpr uint32_t kAfInet6FreeBsd = 28;
constexpr uint32_t kAfInet6Darwin = 30;

uint16_t read_be16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}

uint32_t read_be32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 24 | static_cast<uint32_t>(p[1]) << 16 |
         static_cast<uint32_t>(p[2]) << 8 | p[3];
}

uint32_t read_le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[3]) << 24 | static_cast<uint32_t>(p[2]) << 16 |
         static_cast<uint32_t>(p[1]) << 8 | p[0];
}

// The bytes of a frame from some header on: how many were captured and how many were on the wire.
struct Bytes {
  const uint8_t* data;
  std::size_t captured;
  std::size_t wire;  // >= captured

  Bytes from(std::size_t offset) const { return {data + offset, captured - offset, wire - offset}; }
};

DecodedFrame skip(FrameKind kind, const char* reason) {
  DecodedFrame frame;
  frame.kind = kind;
  frame.reason = reason;
  return frame;
}

// A header claims `needed` bytes but fewer were captured: cut short when they were on the wire,
// malformed when even the wire frame is too short.
DecodedFrame missing(const Bytes& bytes, std::size_t needed, const char* what) {
  return skip(needed <= bytes.wire ? FrameKind::kCutShort : FrameKind::kMalformed, what);
}

// The UDP header and payload: `claimed` bytes by the IP header, `captured` of them present.
DecodedFrame decode_udp(TransportAddress::Family family, const uint8_t* source,
                        const uint8_t* destination, const uint8_t* data, std::size_t claimed,
                        std::size_t captured) {
  if (claimed < kUdpHeader)
    return skip(FrameKind::kMalformed, "IP payload shorter than a UDP header");
  if (captured < kUdpHeader) return skip(FrameKind::kCutShort, "UDP header not captured in full");
  const uint16_t udp_length = read_be16(data + 4);
  if (udp_length < kUdpHeader) return skip(FrameKind::kMalformed, "UDP length field less than 8");
  if (udp_length > claimed)
    return skip(FrameKind::kMalformed, "UDP length more than the IP payload");
  if (udp_length > captured) return skip(FrameKind::kCutShort, "UDP payload not captured in full");
  DecodedFrame frame;
  frame.kind = FrameKind::kUdp;
  const uint16_t source_port = read_be16(data);
  const uint16_t destination_port = read_be16(data + 2);
  if (family == TransportAddress::Family::kIPv4) {
    frame.udp.source = TransportAddress::ipv4(source, source_port);
    frame.udp.destination = TransportAddress::ipv4(destination, destination_port);
  } else {
    frame.udp.source = TransportAddress::ipv6(source, source_port);
    frame.udp.destination = TransportAddress::ipv6(destination, destination_port);
  }
  frame.udp.payload = data + kUdpHeader;
  frame.udp.payload_length = udp_length - kUdpHeader;
  return frame;
}

DecodedFrame fragment(TransportAddress::Family family, const uint8_t* source,
                      const uint8_t* destination, uint32_t identification, uint8_t protocol,
                      uint32_t offset, bool more, const uint8_t* data, std::size_t length) {
  // RFC 8200 §4.5 (and RFC 791's arithmetic): every fragment but the last carries a non-zero
  // multiple of 8 bytes. One that does not is discarded on its own, like a receiving host would.
  if (more && (length == 0 || length % 8 != 0))
    return skip(FrameKind::kMalformed, "IP fragment other than the last not a multiple of 8 bytes");
  DecodedFrame frame;
  frame.kind = FrameKind::kFragment;
  IpFragment& f = frame.fragment;
  f.family = family;
  const std::size_t address_length = family == TransportAddress::Family::kIPv4 ? 4 : 16;
  std::copy(source, source + address_length, f.source.begin());
  std::copy(destination, destination + address_length, f.destination.begin());
  f.identification = identification;
  f.protocol = protocol;
  f.offset = offset;
  f.more_fragments = more;
  f.data = data;
  f.length = length;
  return frame;
}

DecodedFrame decode_ipv4(const Bytes& bytes) {
  if (bytes.captured < kIpv4MinHeader)
    return missing(bytes, kIpv4MinHeader, "IPv4 header not captured in full");
  const uint8_t* ip = bytes.data;
  if (ip[0] >> 4 != 4) return skip(FrameKind::kMalformed, "IPv4 packet with another IP version");
  const std::size_t header_length = static_cast<std::size_t>(ip[0] & 0x0f) * 4;
  if (header_length < kIpv4MinHeader)
    return skip(FrameKind::kMalformed, "IPv4 header length field less than 5");
  const std::size_t total_length = read_be16(ip + 2);
  if (total_length < header_length)
    return skip(FrameKind::kMalformed, "IPv4 total length less than its header length");
  if (total_length > bytes.wire)
    return skip(FrameKind::kMalformed, "IPv4 total length more than the frame holds");
  if (header_length > bytes.captured)
    return skip(FrameKind::kCutShort, "IPv4 header not captured in full");
  // Bytes past total_length are link-layer padding (short Ethernet frames) or a trailer.
  const std::size_t captured_total = std::min(total_length, bytes.captured);
  const uint16_t fragment_field = read_be16(ip + 6);
  const uint32_t offset = static_cast<uint32_t>(fragment_field & kIpv4OffsetMask) * 8;
  const bool more = (fragment_field & kIpv4MoreFragments) != 0;
  const uint8_t protocol = ip[9];
  if (more || offset != 0) {
    if (captured_total < total_length)
      return skip(FrameKind::kCutShort, "IPv4 fragment not captured in full");
    return fragment(TransportAddress::Family::kIPv4, ip + 12, ip + 16, read_be16(ip + 4), protocol,
                    offset, more, ip + header_length, total_length - header_length);
  }
  if (protocol != kProtocolUdp) return skip(FrameKind::kNotUdp, "IPv4 packet not UDP");
  return decode_udp(TransportAddress::Family::kIPv4, ip + 12, ip + 16, ip + header_length,
                    total_length - header_length, captured_total - header_length);
}

// Walks IPv6 extension headers from `next` at data[position], up to `end` bytes of which
// `captured_end` were captured, to the UDP header or a Fragment header.
DecodedFrame walk_ipv6(const uint8_t* source, const uint8_t* destination, uint8_t next,
                       const uint8_t* data, std::size_t position, std::size_t end,
                       std::size_t captured_end, bool in_reassembled) {
  for (;;) {
    switch (next) {
      case kIpv6HopByHop:
      case kIpv6Routing:
      case kIpv6DestinationOptions: {
        if (end - position < 2)
          return skip(FrameKind::kMalformed, "IPv6 extension header runs past the payload length");
        if (captured_end - position < 2)
          return skip(FrameKind::kCutShort, "IPv6 extension header not captured in full");
        const std::size_t length = (static_cast<std::size_t>(data[position + 1]) + 1) * 8;
        if (end - position < length)
          return skip(FrameKind::kMalformed, "IPv6 extension header runs past the payload length");
        if (captured_end - position < length)
          return skip(FrameKind::kCutShort, "IPv6 extension header not captured in full");
        next = data[position];
        position += length;
        break;
      }
      case kIpv6Fragment: {
        if (in_reassembled)
          return skip(FrameKind::kMalformed, "Fragment header inside a reassembled IPv6 datagram");
        if (end - position < kIpv6FragmentHeader)
          return skip(FrameKind::kMalformed, "IPv6 Fragment header runs past the payload length");
        if (captured_end - position < kIpv6FragmentHeader)
          return skip(FrameKind::kCutShort, "IPv6 Fragment header not captured in full");
        const uint8_t* header = data + position;
        const uint16_t offset_field = read_be16(header + 2);
        const uint32_t offset = offset_field & 0xfff8u;
        const bool more = (offset_field & 1) != 0;
        next = header[0];
        position += kIpv6FragmentHeader;
        // An atomic fragment (offset 0, no more fragments) is a whole packet (RFC 6946).
        if (offset == 0 && !more) break;
        if (captured_end < end)
          return skip(FrameKind::kCutShort, "IPv6 fragment not captured in full");
        return fragment(TransportAddress::Family::kIPv6, source, destination, read_be32(header + 4),
                        next, offset, more, data + position, end - position);
      }
      case kProtocolUdp:
        return decode_udp(TransportAddress::Family::kIPv6, source, destination, data + position,
                          end - position, captured_end - position);
      default:  // TCP, ICMPv6, ESP, AH, No Next Header, Mobility, ...
        return skip(FrameKind::kNotUdp, "IPv6 packet not UDP");
    }
  }
}

DecodedFrame decode_ipv6(const Bytes& bytes) {
  if (bytes.captured < kIpv6Header)
    return missing(bytes, kIpv6Header, "IPv6 header not captured in full");
  const uint8_t* ip = bytes.data;
  if (ip[0] >> 4 != 6) return skip(FrameKind::kMalformed, "IPv6 packet with another IP version");
  const std::size_t total_length = kIpv6Header + read_be16(ip + 4);
  if (total_length > bytes.wire)
    return skip(FrameKind::kMalformed, "IPv6 payload length more than the frame holds");
  return walk_ipv6(ip + 8, ip + 24, ip[6], ip, kIpv6Header, total_length,
                   std::min(total_length, bytes.captured), false);
}

DecodedFrame decode_raw_ip(const Bytes& bytes) {
  if (bytes.captured < 1) return missing(bytes, 1, "IP header not captured");
  switch (bytes.data[0] >> 4) {
    case 4:
      return decode_ipv4(bytes);
    case 6:
      return decode_ipv6(bytes);
    default:
      return skip(FrameKind::kMalformed, "raw IP packet whose version is neither 4 nor 6");
  }
}

DecodedFrame decode_ether_type(uint16_t ether_type, const Bytes& bytes) {
  if (ether_type == kEtherTypeIpv4) return decode_ipv4(bytes);
  if (ether_type == kEtherTypeIpv6) return decode_ipv6(bytes);
  if (ether_type < kMinEtherType)
    return skip(FrameKind::kNotIp, "802.3 frame with a length field (LLC), not Ethernet II");
  return skip(FrameKind::kNotIp, "EtherType neither IPv4 nor IPv6");
}

bool is_vlan_tag(uint16_t ether_type) {
  return ether_type == kEtherTypeVlan || ether_type == kEtherTypeQinQ ||
         ether_type == kEtherTypeQinQOld;
}

// Skips 802.1Q / 802.1ad tags (QinQ: several) after an EtherType at data[position - 2].
DecodedFrame decode_tagged(const Bytes& bytes, std::size_t position) {
  uint16_t ether_type = read_be16(bytes.data + position - 2);
  while (is_vlan_tag(ether_type)) {
    if (bytes.captured - position < kVlanTag)
      return missing(bytes, position + kVlanTag, "VLAN tag not captured in full");
    ether_type = read_be16(bytes.data + position + 2);
    position += kVlanTag;
  }
  return decode_ether_type(ether_type, bytes.from(position));
}

DecodedFrame decode_null_family(uint32_t family, const Bytes& bytes) {
  if (family == kAfInet) return decode_ipv4(bytes.from(kNullHeader));
  if (family == kAfInet6Linux || family == kAfInet6NetBsd || family == kAfInet6FreeBsd ||
      family == kAfInet6Darwin)
    return decode_ipv6(bytes.from(kNullHeader));
  return skip(FrameKind::kNotIp, "loopback address family neither IPv4 nor IPv6");
}

}  // namespace

const char* to_string(FrameKind kind) {
  switch (kind) {
    case FrameKind::kUdp:
      return "UDP";
    case FrameKind::kFragment:
      return "IP fragment";
    case FrameKind::kNotIp:
      return "not IP";
    case FrameKind::kNotUdp:
      return "not UDP";
    case FrameKind::kCutShort:
      return "cut short";
    case FrameKind::kMalformed:
      return "malformed";
  }
  return "?";
}

bool is_supported_link_type(int link_type) {
  switch (link_type) {
    case DLT_EN10MB:
    case DLT_LINUX_SLL:
    case DLT_LINUX_SLL2:
    case DLT_RAW:
    case kDltRawOpenBsd:
    case DLT_IPV4:
    case DLT_IPV6:
    case DLT_NULL:
    case DLT_LOOP:
      return true;
    default:
      return false;
  }
}

std::string link_type_name(int link_type) {
  switch (link_type) {
    case DLT_EN10MB:
      return "Ethernet";
    case DLT_LINUX_SLL:
      return "Linux cooked (SLL)";
    case DLT_LINUX_SLL2:
      return "Linux cooked (SLL2)";
    case DLT_RAW:
    case kDltRawOpenBsd:
      return "raw IP";
    case DLT_IPV4:
      return "raw IPv4";
    case DLT_IPV6:
      return "raw IPv6";
    case DLT_NULL:
      return "BSD loopback (null)";
    case DLT_LOOP:
      return "OpenBSD loopback";
    default: {
      const char* name = pcap_datalink_val_to_name(link_type);
      return name != nullptr ? name : "unknown";
    }
  }
}

const char* supported_link_types() {
  return "Ethernet, Linux cooked (SLL, SLL2), raw IP, loopback/null";
}

DecodedFrame decode_frame(int link_type, const uint8_t* data, std::size_t captured_length,
                          std::size_t wire_length) {
  const Bytes bytes{data, captured_length, std::max(wire_length, captured_length)};
  switch (link_type) {
    case DLT_EN10MB:
      if (bytes.captured < kEthernetHeader)
        return missing(bytes, kEthernetHeader, "Ethernet header not captured in full");
      return decode_tagged(bytes, kEthernetHeader);
    case DLT_LINUX_SLL:
      if (bytes.captured < kSllHeader)
        return missing(bytes, kSllHeader, "Linux cooked header not captured in full");
      return decode_tagged(bytes, kSllHeader);
    case DLT_LINUX_SLL2:
      if (bytes.captured < kSll2Header)
        return missing(bytes, kSll2Header, "Linux cooked header not captured in full");
      return decode_ether_type(read_be16(data), bytes.from(kSll2Header));
    case DLT_RAW:
    case kDltRawOpenBsd:
      return decode_raw_ip(bytes);
    case DLT_IPV4:
      return decode_ipv4(bytes);
    case DLT_IPV6:
      return decode_ipv6(bytes);
    case DLT_NULL: {
      if (bytes.captured < kNullHeader)
        return missing(bytes, kNullHeader, "loopback header not captured in full");
      // The family is in the byte order of the host that wrote the file: try both.
      const uint32_t family = read_le32(data);
      return decode_null_family(family <= 0xffff ? family : read_be32(data), bytes);
    }
    case DLT_LOOP:
      if (bytes.captured < kNullHeader)
        return missing(bytes, kNullHeader, "loopback header not captured in full");
      return decode_null_family(read_be32(data), bytes);
    default:
      return skip(FrameKind::kNotIp, "unsupported link type");
  }
}

DecodedFrame decode_reassembled(TransportAddress::Family family,
                                const std::array<uint8_t, 16>& source,
                                const std::array<uint8_t, 16>& destination, uint8_t protocol,
                                const uint8_t* data, std::size_t length) {
  if (family == TransportAddress::Family::kIPv6)
    return walk_ipv6(source.data(), destination.data(), protocol, data, 0, length, length, true);
  if (protocol != kProtocolUdp) return skip(FrameKind::kNotUdp, "IPv4 packet not UDP");
  return decode_udp(family, source.data(), destination.data(), data, length, length);
}

}  // namespace lwm2m::net
