// IPv4 and IPv6 fragment reassembly for captures, with hard limits.
//
// LwM2M Registers with many objects, and Block-less firmware pushes, do exceed a path MTU, and a
// replay that silently lost those datagrams would report the server as not answering them. So
// fragments are put back together the way a receiving host would (RFC 791, RFC 8200): keyed by
// source, destination and identification (and protocol for IPv4), the first fragment alone saying
// what the datagram carries, and any overlap dropping the whole datagram (RFC 5722), since
// overlapping fragments are either an attack or a capture nobody can trust.
//
// A capture is untrusted input that may hold millions of frames, so memory is bounded: at most
// 64 KiB per datagram, at most a fixed number of datagrams open at once (the oldest is dropped when
// a new one would exceed it), and a datagram whose first fragment is older than the timeout in
// capture time is dropped. Every dropped fragment is counted, so the tool's summary can account for
// each frame of the capture; nothing is dropped silently.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <list>
#include <unordered_map>
#include <utility>
#include <vector>

#include "net/packet_decoder.h"
#include "net/transport_address.h"

namespace lwm2m::net {

// A datagram put back together; `data` is its whole fragmentable part (for IPv4 the IP payload).
struct ReassembledDatagram {
  TransportAddress::Family family = TransportAddress::Family::kIPv4;
  std::array<uint8_t, 16> source{}, destination{};
  uint8_t protocol = 0;           // from the fragment at offset 0
  const uint8_t* data = nullptr;  // valid until the next call to add()
  std::size_t length = 0;
  uint32_t fragment_count = 0;  // the fragments (frames) it was made of
};

class IpReassembler {
 public:
  struct Limits {
    std::size_t max_datagram_bytes = 65535;  // a 16-bit IP length cannot describe more
    std::size_t max_open_datagrams = 1024;
    int64_t timeout_ns = 60'000'000'000;  // RFC 8200's 60 s, in capture time
  };

  // Each dropped datagram is counted once under its reason; its fragments in fragments_dropped.
  struct Counters {
    uint64_t fragments_dropped = 0;
    uint64_t timed_out = 0;     // first fragment older than the timeout
    uint64_t evicted = 0;       // the oldest, to make room for a new datagram
    uint64_t inconsistent = 0;  // overlapping fragments, or two different ends
    uint64_t too_big = 0;       // a fragment reaching past max_datagram_bytes
    uint64_t unfinished = 0;    // still incomplete at flush()
  };

  IpReassembler() : IpReassembler(Limits{}) {}
  explicit IpReassembler(Limits limits);

  // Adds a fragment captured at `time_ns` (first expiring what the timeout has passed). Returns
  // true when it completes its datagram; `out` then describes the datagram, whose bytes stay valid
  // until the next call to add().
  bool add(const IpFragment& fragment, int64_t time_ns, ReassembledDatagram& out);
  // Drops the datagrams whose first fragment is more than the timeout older than `now_ns`.
  void expire(int64_t now_ns);
  // Drops every incomplete datagram (end of the capture), counted as unfinished.
  void flush();

  bool empty() const { return open_.empty(); }
  std::size_t open_datagrams() const { return open_.size(); }
  // Fragments held by incomplete datagrams.
  uint64_t pending_fragments() const { return pending_fragments_; }
  const Counters& counters() const { return counters_; }

 private:
  struct Key {
    TransportAddress::Family family;
    uint8_t protocol;  // IPv4 only; 0 for IPv6, whose key has no protocol
    uint32_t identification;
    std::array<uint8_t, 16> source, destination;
    friend bool operator==(const Key& a, const Key& b) {
      return a.family == b.family && a.protocol == b.protocol &&
             a.identification == b.identification && a.source == b.source &&
             a.destination == b.destination;
    }
  };
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };
  struct Piece {
    uint32_t offset;    // in the datagram
    uint32_t position;  // in Datagram::bytes
    uint32_t length;
  };
  struct Datagram {
    Key key;
    int64_t first_time_ns = 0;
    // The fragments' bytes in arrival order, and where each belongs. Not laid out at their
    // offsets: a lone fragment near the 64 KiB end must not cost 64 KiB of zeroed memory.
    std::vector<uint8_t> bytes;
    std::vector<Piece> pieces;
    bool in_order = true;  // every fragment so far continued the previous one: bytes is laid out
    // Received byte ranges [begin, end): sorted, disjoint, adjacent ones merged, so fragments that
    // arrive in order keep a single range.
    std::vector<std::pair<uint32_t, uint32_t>> ranges;
    uint32_t total_length = 0;  // known once the last fragment arrived
    bool has_last = false;
    bool has_first = false;
    uint8_t protocol = 0;
    uint32_t fragment_count = 0;
  };
  using Open = std::list<Datagram>;  // oldest first

  void drop(Open::iterator datagram, uint64_t& reason);
  // Records the fragment in `datagram`; false when it is inconsistent with what is there.
  static bool insert(Datagram& datagram, const IpFragment& fragment);
  static bool complete(const Datagram& datagram);

  Limits limits_;
  Open open_;
  std::unordered_map<Key, Open::iterator, KeyHash> index_;
  void assemble(Datagram& datagram);

  std::vector<uint8_t> completed_;  // the bytes of the datagram add() returned last
  uint64_t pending_fragments_ = 0;
  Counters counters_;
};

}  // namespace lwm2m::net
