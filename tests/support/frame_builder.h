// Test helpers for the capture reading layer: captured frames built byte by byte (including the
// broken ones no encoder would write), and capture files written with libpcap itself, so the
// tests read exactly what tcpdump would have written.
#pragma once

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "pcap_writer.h"

namespace lwm2m::test {

using Bytes = std::vector<uint8_t>;

inline Bytes operator+(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

inline Bytes text_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

inline void put16(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value >> 8));
  out.push_back(static_cast<uint8_t>(value));
}

inline void put32(Bytes& out, uint32_t value) {
  put16(out, static_cast<uint16_t>(value >> 16));
  put16(out, static_cast<uint16_t>(value));
}

inline Bytes address4(const char* text) {
  Bytes out(4);
  if (inet_pton(AF_INET, text, out.data()) != 1) throw std::invalid_argument(text);
  return out;
}

inline Bytes address6(const char* text) {
  Bytes out(16);
  if (inet_pton(AF_INET6, text, out.data()) != 1) throw std::invalid_argument(text);
  return out;
}

// A UDP header (checksum 0) and payload; `length` overrides the length field.
inline Bytes udp(uint16_t source_port, uint16_t destination_port, const Bytes& payload,
                 std::optional<uint16_t> length = std::nullopt) {
  Bytes out;
  put16(out, source_port);
  put16(out, destination_port);
  put16(out, length.value_or(static_cast<uint16_t>(8 + payload.size())));
  put16(out, 0);
  return out + payload;
}

struct Ipv4 {
  Ipv4() = default;
  Ipv4(const char* from, const char* to) : source(from), destination(to) {}

  const char* source = "192.0.2.1";
  const char* destination = "192.0.2.2";
  uint8_t protocol = 17;
  uint16_t identification = 0;
  bool more_fragments = false;
  uint16_t offset = 0;                   // bytes, a multiple of 8
  Bytes options;                         // a multiple of 4 bytes
  std::optional<uint8_t> ihl;            // overrides the header length field
  std::optional<uint16_t> total_length;  // overrides the total length field
  uint8_t version = 4;
};

inline Bytes ipv4(const Ipv4& h, const Bytes& payload) {
  const std::size_t header_length = 20 + h.options.size();
  Bytes out;
  out.push_back(static_cast<uint8_t>(h.version << 4 | h.ihl.value_or(header_length / 4)));
  out.push_back(0);
  put16(out, h.total_length.value_or(static_cast<uint16_t>(header_length + payload.size())));
  put16(out, h.identification);
  put16(out, static_cast<uint16_t>((h.more_fragments ? 0x2000 : 0) | h.offset / 8));
  out.push_back(64);
  out.push_back(h.protocol);
  put16(out, 0);  // header checksum: not checked by the reader
  return out + address4(h.source) + address4(h.destination) + h.options + payload;
}

struct Ipv6 {
  Ipv6() = default;
  Ipv6(const char* from, const char* to) : source(from), destination(to) {}

  const char* source = "2001:db8::1";
  const char* destination = "2001:db8::2";
  uint8_t next_header = 17;
  std::optional<uint16_t> payload_length;  // overrides the payload length field
  uint8_t version = 6;
};

inline Bytes ipv6(const Ipv6& h, const Bytes& payload) {
  Bytes out;
  put32(out, static_cast<uint32_t>(h.version) << 28);
  put16(out, h.payload_length.value_or(static_cast<uint16_t>(payload.size())));
  out.push_back(h.next_header);
  out.push_back(64);
  return out + address6(h.source) + address6(h.destination) + payload;
}

// A Hop-by-Hop, Routing or Destination Options header of `length` bytes (a multiple of 8),
// filled with a PadN option.
inline Bytes ipv6_extension(uint8_t next_header, std::size_t length) {
  Bytes out{next_header, static_cast<uint8_t>(length / 8 - 1), 1, static_cast<uint8_t>(length - 4)};
  out.resize(length, 0);
  return out;
}

inline Bytes ipv6_fragment(uint8_t next_header, uint16_t offset, bool more,
                           uint32_t identification) {
  Bytes out{next_header, 0};
  put16(out, static_cast<uint16_t>(offset | (more ? 1 : 0)));
  put32(out, identification);
  return out;
}

// An Ethernet II header (optionally with VLAN tags, given by their TPIDs) and the payload.
inline Bytes ethernet(uint16_t ether_type, const Bytes& payload,
                      const std::vector<uint16_t>& tags = {}) {
  Bytes out{0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1};
  uint16_t vlan = 100;
  for (uint16_t tpid : tags) {
    put16(out, tpid);
    put16(out, vlan++);
  }
  put16(out, ether_type);
  return out + payload;
}

// Linux cooked v1: packet type, ARPHRD_ETHER, address length, 8 address bytes, protocol.
inline Bytes sll(uint16_t protocol, const Bytes& payload) {
  Bytes out{0, 0, 0, 1, 0, 6, 0x02, 0, 0, 0, 0, 1, 0, 0};
  put16(out, protocol);
  return out + payload;
}

// Linux cooked v2: protocol, reserved, interface index, ARPHRD_ETHER, packet type, address.
inline Bytes sll2(uint16_t protocol, const Bytes& payload) {
  Bytes out;
  put16(out, protocol);
  put16(out, 0);
  put32(out, 1);
  put16(out, 1);
  out.push_back(0);
  out.push_back(6);
  const Bytes address{0x02, 0, 0, 0, 0, 1, 0, 0};
  return out + address + payload;
}

// A DLT_NULL / DLT_LOOP header: the address family in the given byte order.
inline Bytes loopback(uint32_t family, bool big_endian, const Bytes& payload) {
  Bytes out;
  put32(out, family);
  if (!big_endian) std::swap(out[0], out[3]), std::swap(out[1], out[2]);
  return out + payload;
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "replay-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace lwm2m::test
