// Writes the datagrams lwm2m-replay sent and received to a pcapng file (--write OUT.pcapng), so
// that Wireshark, with the lwm2m-ept plugin, shows the replayed exchanges. libpcap can read pcapng
// but not write it, and only pcapng carries a comment per packet, hence this small writer.
//
// The file is one section: a Section Header Block naming the application, one Interface
// Description Block (LINKTYPE_RAW: each packet is a whole IPv4 or IPv6 datagram; nanosecond
// timestamps), then one Enhanced Packet Block per packet, optionally with an opt_comment, which
// Wireshark 4.0 shows as the field `frame.comment`.
//
// Every block goes to the file with one write(2) as soon as it is made, with no buffer in between:
// a replay stopped at any moment (Ctrl-C, kill, crash) leaves a file that ends on a block boundary
// unless the process dies inside that one system call, and a reader can follow the file live
// (`--write /dev/stdout | wireshark -k -i -`). When a write fails (disk full), the file is cut
// back to the last whole block where the file allows it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/transport_address.h"

namespace lwm2m::replay {

class PcapngWriter {
 public:
  // The interface's snaplen: Wireshark's largest, above any IP datagram without jumbo payloads.
  static constexpr uint32_t kSnapLength = 262144;
  // Every text option (comment, application) is cut to this many bytes, at a character boundary:
  // a pcapng option length is 16 bits.
  static constexpr std::size_t kMaxOptionText = 65535;

  // Creates or truncates `path` and writes the section header and interface blocks.
  // `application` goes to shb_userappl, e.g. "lwm2m-replay 0.1.0". Throws std::runtime_error
  // naming the path and the reason: "OUT.pcapng: cannot create: Permission denied",
  // "OUT.pcapng: cannot write: No space left on device".
  PcapngWriter(const std::string& path, std::string_view application);
  // Closes the file if close() was not called; never throws (a close error is lost: call close()
  // to see it).
  ~PcapngWriter();
  PcapngWriter(const PcapngWriter&) = delete;
  PcapngWriter& operator=(const PcapngWriter&) = delete;

  // Writes one packet: `ip_packet` is a whole IPv4 or IPv6 datagram (e.g. from
  // encode_udp_packet), `time_ns` nanoseconds since the Unix epoch. A non-empty `comment` becomes
  // the packet's opt_comment; it is written as lwm2m::printable(comment) (pcapng wants UTF-8, and
  // a name from a capture may be anything) and cut to kMaxOptionText bytes.
  // Throws std::invalid_argument for a negative time or a packet over kSnapLength (nothing is
  // written), std::runtime_error naming the path when the file cannot be written, and
  // std::logic_error after close().
  void write(int64_t time_ns, const std::vector<uint8_t>& ip_packet, std::string_view comment = {});

  // Writes a UDP datagram from `from` to `to` wrapped in an IPv4 or IPv6 header
  // (encode_udp_packet). The IPv4 identification comes from a counter of this writer: the real
  // one, chosen by the kernel, is not known to the sender. Also throws std::invalid_argument as
  // encode_udp_packet does (mixed families, payload too long).
  void write_udp(int64_t time_ns, const net::TransportAddress& from,
                 const net::TransportAddress& to, const uint8_t* payload, std::size_t length,
                 std::string_view comment = {});

  // Closes the file; throws std::runtime_error naming the path when that reports an error.
  // Calling it again does nothing. Not async-signal-safe: a SIGINT handler should only set a flag
  // for the main loop, which then calls close().
  void close();

  // The number of packets written so far.
  uint64_t packets() const { return packets_; }
  const std::string& path() const { return path_; }

 private:
  void write_packet(int64_t time_ns, const uint8_t* data, std::size_t length,
                    std::string_view comment);
  // Writes block_ as one block; on failure restores the file to its last block boundary (when
  // the file allows seeking) and throws.
  void write_block();

  std::string path_;
  int fd_ = -1;
  uint64_t offset_ = 0;  // bytes written in whole blocks
  bool broken_ = false;  // a failed write left a partial block that could not be removed
  uint64_t packets_ = 0;
  uint16_t next_ipv4_id_ = 1;
  std::vector<uint8_t> block_;   // the block being built, reused to spare an allocation per packet
  std::vector<uint8_t> packet_;  // write_udp's datagram, reused likewise
};

}  // namespace lwm2m::replay
