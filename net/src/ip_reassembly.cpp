#include "net/ip_reassembly.h"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace lwm2m::net {

std::size_t IpReassembler::KeyHash::operator()(const Key& key) const noexcept {
  // Multiply-xorshift over 64-bit words: several times cheaper than byte-wise FNV on these
  // 38 bytes, which matters when a capture is all fragments.
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ull;
  uint64_t h = (static_cast<uint64_t>(key.identification) << 16 |
                static_cast<uint64_t>(key.protocol) << 8 | static_cast<uint64_t>(key.family)) *
               kMultiplier;
  auto mix = [&h](const uint8_t* bytes) {
    uint64_t word = 0;
    std::memcpy(&word, bytes, sizeof word);
    h = (h ^ word) * kMultiplier;
    h ^= h >> 32;
  };
  mix(key.source.data());
  mix(key.source.data() + 8);
  mix(key.destination.data());
  mix(key.destination.data() + 8);
  return static_cast<std::size_t>(h);
}

IpReassembler::IpReassembler(Limits limits) : limits_(limits) {}

bool IpReassembler::add(const IpFragment& fragment, int64_t time_ns, ReassembledDatagram& out) {
  expire(time_ns);
  const bool v4 = fragment.family == TransportAddress::Family::kIPv4;
  const Key key{fragment.family, v4 ? fragment.protocol : uint8_t{0}, fragment.identification,
                fragment.source, fragment.destination};
  const auto found = index_.find(key);
  if (static_cast<uint64_t>(fragment.offset) + fragment.length > limits_.max_datagram_bytes) {
    ++counters_.fragments_dropped;
    if (found != index_.end()) {
      drop(found->second, counters_.too_big);
    } else {
      ++counters_.too_big;
    }
    return false;
  }
  Open::iterator datagram;
  if (found != index_.end()) {
    datagram = found->second;
  } else {
    if (!open_.empty() && open_.size() >= limits_.max_open_datagrams)
      drop(open_.begin(), counters_.evicted);
    datagram = open_.emplace(open_.end());
    datagram->key = key;
    datagram->first_time_ns = time_ns;
    index_.emplace(key, datagram);
  }
  ++datagram->fragment_count;
  ++pending_fragments_;
  if (!insert(*datagram, fragment)) {
    drop(datagram, counters_.inconsistent);
    return false;
  }
  if (!complete(*datagram)) return false;

  assemble(*datagram);
  out.family = key.family;
  out.source = key.source;
  out.destination = key.destination;
  out.protocol = datagram->protocol;
  out.data = completed_.data();
  out.length = completed_.size();
  out.fragment_count = datagram->fragment_count;
  pending_fragments_ -= datagram->fragment_count;
  index_.erase(key);
  open_.erase(datagram);
  return true;
}

void IpReassembler::expire(int64_t now_ns) {
  // Datagrams are opened in capture order, so the oldest first fragments are at the front (a
  // capture whose clock steps back only delays the expiry of what follows the step).
  while (!open_.empty() && now_ns - open_.front().first_time_ns > limits_.timeout_ns)
    drop(open_.begin(), counters_.timed_out);
}

void IpReassembler::flush() {
  while (!open_.empty()) drop(open_.begin(), counters_.unfinished);
}

void IpReassembler::drop(Open::iterator datagram, uint64_t& reason) {
  ++reason;
  counters_.fragments_dropped += datagram->fragment_count;
  pending_fragments_ -= datagram->fragment_count;
  index_.erase(datagram->key);
  open_.erase(datagram);
}

bool IpReassembler::insert(Datagram& datagram, const IpFragment& fragment) {
  const uint32_t begin = fragment.offset;
  const uint32_t end = fragment.offset + static_cast<uint32_t>(fragment.length);
  auto& ranges = datagram.ranges;
  if (!fragment.more_fragments) {
    if (datagram.has_last && datagram.total_length != end) return false;
    if (!ranges.empty() && ranges.back().second > end) return false;
    datagram.has_last = true;
    datagram.total_length = end;
  } else if (datagram.has_last && end > datagram.total_length) {
    return false;
  }
  if (begin == 0) {
    datagram.has_first = true;
    datagram.protocol = fragment.protocol;
  }
  if (begin == end) return true;

  // The first range ending after `begin` is the only one that can overlap the fragment.
  auto next = std::partition_point(ranges.begin(), ranges.end(),
                                   [begin](const auto& range) { return range.second <= begin; });
  if (next != ranges.end() && next->first < end) return false;
  const auto position = static_cast<uint32_t>(datagram.bytes.size());
  if (begin != position) datagram.in_order = false;
  datagram.bytes.insert(datagram.bytes.end(), fragment.data, fragment.data + fragment.length);
  datagram.pieces.push_back({begin, position, end - begin});

  const bool joins_previous = next != ranges.begin() && std::prev(next)->second == begin;
  const bool joins_next = next != ranges.end() && next->first == end;
  if (joins_previous && joins_next) {
    std::prev(next)->second = next->second;
    ranges.erase(next);
  } else if (joins_previous) {
    std::prev(next)->second = end;
  } else if (joins_next) {
    next->first = begin;
  } else {
    ranges.insert(next, {begin, end});
  }
  return true;
}

void IpReassembler::assemble(Datagram& datagram) {
  if (datagram.in_order) {  // the usual case: the bytes are the datagram already
    completed_.swap(datagram.bytes);
    return;
  }
  completed_.resize(datagram.total_length);
  for (const Piece& piece : datagram.pieces) {
    std::memcpy(completed_.data() + piece.offset, datagram.bytes.data() + piece.position,
                piece.length);
  }
}

bool IpReassembler::complete(const Datagram& datagram) {
  if (!datagram.has_first || !datagram.has_last) return false;
  if (datagram.total_length == 0) return datagram.ranges.empty();
  return datagram.ranges.size() == 1 && datagram.ranges.front().first == 0 &&
         datagram.ranges.front().second == datagram.total_length;
}

}  // namespace lwm2m::net
