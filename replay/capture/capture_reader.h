// Reading the UDP datagrams of a pcap or pcapng capture, for lwm2m-replay.
//
// The replay reruns what a customer captured, so this layer must neither lose a datagram the
// capture holds nor invent one it does not: it reassembles IP fragments, delivers a datagram only
// when every byte of it was captured, and accounts for every other frame in exactly one skip
// counter, so the tool can say "1 200 frames read, 1 150 replayed, 50 cut short by the snapshot
// length" instead of leaving the user to wonder where the rest went. Captures come from tcpdump,
// Wireshark, Android and BSD hosts and from any interface, hence the link types beyond Ethernet.
//
// libpcap does the file formats (pcap, pcapng, both byte orders, all timestamp resolutions) and the
// --filter language, which users already know from tcpdump; this class adds what libpcap's own
// messages lack for a support engineer: the file name, plain words ("the file is cut short after
// frame 41"), and a CaptureError instead of a silent stop, because a replay of half a capture that
// looks like a replay of all of it would be misleading. It streams: one frame in memory at a time
// (plus the bounded reassembly), and payloads point into libpcap's buffer instead of being copied.
#pragma once

#include <pcap/pcap.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "net/ip_reassembly.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

// One UDP datagram from the capture.
struct Datagram {
  // 1-based, as Wireshark numbers frames; of the last fragment when reassembled.
  uint64_t frame_number = 0;
  int64_t time_ns = 0;  // capture timestamp, ns since the Unix epoch
  net::TransportAddress source, destination;
  const uint8_t* payload = nullptr;  // UDP payload; valid until the next call to next()
  std::size_t payload_length = 0;
  bool reassembled = false;  // came from IP fragments
  // Set by DecryptingFeed (decrypting_feed.h): the payload is the plaintext of a DTLS
  // application data record of the captured datagram, from session `dtls_session`
  // (DtlsSessions::sessions()); `continued` when it is not the first datagram handed out for that
  // captured one (a datagram may hold several records).
  bool decrypted = false;
  bool continued = false;
  std::size_t dtls_session = SIZE_MAX;
};

// Where datagrams come from: a CaptureReader, a DecryptingFeed over one, or a test's list.
using DatagramFeed = std::function<bool(Datagram&)>;

// Every frame read lands in exactly one bucket: delivered_frames or one of the skip buckets that
// skipped() adds up, so frames == delivered_frames + skipped() at any time.
struct CaptureStats {
  uint64_t frames = 0;         // records read from the file (including filtered ones)
  uint64_t udp_datagrams = 0;  // delivered by next()
  // Frames in the delivered datagrams (a reassembled one has several).
  uint64_t delivered_frames = 0;

  // Skip buckets, in frames:
  uint64_t filtered_out = 0;  // rejected by the --filter BPF program
  uint64_t not_ip = 0;        // ARP, LLDP, 802.3/LLC, unknown loopback families...
  // TCP, ICMP, ESP...; also the fragments of a reassembled datagram that is not UDP.
  uint64_t not_udp = 0;
  // The snapshot length cut bytes the headers claim (the UDP payload, or a fragment).
  uint64_t cut_short = 0;
  // Headers that do not add up (bad IHL, UDP length > IP payload, frame shorter on the wire than
  // its headers...); also the fragments of a reassembled datagram whose UDP header is bad.
  uint64_t malformed = 0;
  // Fragments of datagrams never completed, inconsistent (overlaps) or over the limits.
  uint64_t fragments_dropped = 0;
  // Fragments of datagrams still being reassembled; 0 once next() has returned false.
  uint64_t fragments_pending = 0;

  // Not buckets:
  uint64_t fragments = 0;    // whole IP fragments handed to reassembly (a cut one is cut_short)
  uint64_t reassembled = 0;  // datagrams rebuilt from fragments, UDP or not

  uint64_t skipped() const {
    return filtered_out + not_ip + not_udp + cut_short + malformed + fragments_dropped +
           fragments_pending;
  }
};

class CaptureError : public std::runtime_error {
 public:
  using runtime_error::runtime_error;
};

class CaptureReader {
 public:
  // Opens a pcap or pcapng file with nanosecond timestamps. `bpf_filter`: libpcap filter syntax,
  // "" for none, applied to each record as tcpdump would. That means a port filter ("udp port
  // 5683") rejects every IP fragment but the first, so fragmented datagrams only survive filters
  // without ports ("host 192.0.2.1"). Throws CaptureError with a one-line message naming the file
  // (or the filter) and what is wrong; `name` is what messages call the file, when not `path`
  // (a temporary copy: CaptureInput).
  CaptureReader(const std::string& path, const std::string& bpf_filter,
                const std::string& name = "");
  ~CaptureReader();
  CaptureReader(const CaptureReader&) = delete;
  CaptureReader& operator=(const CaptureReader&) = delete;

  // The next UDP datagram (after the filter and reassembly); false at the end of the file. Throws
  // CaptureError when the file is cut short in the middle of a record or cannot be read; the
  // datagrams before it have been delivered, and later calls return false.
  bool next(Datagram& out);

  const CaptureStats& stats() const { return stats_; }
  int link_type() const { return link_type_; }       // DLT_* value
  std::string link_type_name() const;                // "Ethernet", "Linux cooked (SLL2)", ...
  const std::string& path() const { return path_; }  // the name messages use
  // Why fragments were dropped (timeouts, limits, overlaps, unfinished at the end).
  const net::IpReassembler::Counters& reassembly_counters() const {
    return reassembler_.counters();
  }

 private:
  struct PcapCloser {
    void operator()(pcap_t* pcap) const { pcap_close(pcap); }
  };

  [[noreturn]] void throw_read_error();
  void sync_reassembly_stats();

  std::string path_;
  std::unique_ptr<char[]> read_buffer_;  // the file's stdio buffer: declared first, freed last
  std::unique_ptr<pcap_t, PcapCloser> pcap_;
  bpf_program filter_{};
  bool has_filter_ = false;
  int link_type_ = 0;
  bool at_end_ = false;
  CaptureStats stats_;
  net::IpReassembler reassembler_;
};

}  // namespace lwm2m::replay
