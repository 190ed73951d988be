// A hash map whose entries are forgotten EXCHANGE_LIFETIME (RFC 7252 §4.8.2) after they were
// added, on the capture's clock: message IDs, tokens and pending requests older than that can be
// reused by their sender, so remembering them longer would match the wrong messages, and
// forgetting them keeps memory bounded by what one EXCHANGE_LIFETIME of traffic holds.
// It is flat (open addressing, see below) rather than std::unordered_map: the passes over a
// capture look up tens of thousands of entries per table several times per packet, and a node per
// entry made each lookup several cache misses.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <new>
#include <optional>
#include <utility>
#include <vector>

#include "lwm2m/coap_transmission.h"
#include "lwm2m/hash.h"

namespace lwm2m {

inline constexpr int64_t kExchangeLifetimeNs =
    std::chrono::duration_cast<std::chrono::nanoseconds>(coap::kExchangeLifetime).count();

// The clock the matching tables age by: the latest capture time read so far, over every datagram.
// Captures are not always in time order; with a clock that only moves forward, every entry's age
// follows from the time it was added alone, so the two passes over a capture (each with tables of
// different flows) forget the same entries at the same datagram.
class CaptureClock {
 public:
  // A capture time in nanoseconds since the Unix epoch, from seconds and nanoseconds, clamped to
  // [0, INT64_MAX]: a file can claim any time (pcapng counts 64-bit units of its own, a signed
  // time_t goes before 1970), and no arithmetic on these times may overflow.
  static constexpr int64_t time_ns(int64_t seconds, int64_t nanoseconds) {
    constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
    constexpr int64_t kPerSecond = 1'000'000'000;
    if (seconds < 0 || nanoseconds < 0) return 0;
    if (seconds > (kMax - nanoseconds) / kPerSecond) return kMax;
    return seconds * kPerSecond + nanoseconds;
  }

  // Moves the clock to `time_ns` of the next datagram read, unless it is earlier; returns it.
  int64_t advance(int64_t time_ns) {
    now_ns_ = started_ ? std::max(now_ns_, time_ns) : time_ns;
    started_ = true;
    return now_ns_;
  }
  int64_t now_ns() const { return now_ns_; }

 private:
  int64_t now_ns_ = 0;
  bool started_ = false;
};

// Entries are kept in the order they were put, in a ring that is also the expiry queue, so
// forgetting the oldest reads them in sequence. An open-addressing index (linear probing, each slot
// the hash and the entry's position) finds them by key; it moves only its small slots when it
// grows or an erased slot's neighbours shift back, never the entries.
// The pointers and references it returns are valid until the next put() (the ring may grow) or
// until their entry is erased or expires.
template <typename Key, typename Value, typename Hash = std::hash<Key>>
class ExpiringMap {
 public:
  ExpiringMap() = default;
  ExpiringMap(const ExpiringMap&) = default;
  ExpiringMap& operator=(const ExpiringMap&) = default;
  // A moved-from map is empty, as a moved-from std::unordered_map is.
  ExpiringMap(ExpiringMap&& other) noexcept { *this = std::move(other); }
  ExpiringMap& operator=(ExpiringMap&& other) noexcept {
    slots_ = std::exchange(other.slots_, {});
    ring_ = std::exchange(other.ring_, {});
    head_ = std::exchange(other.head_, 0);
    tail_ = std::exchange(other.tail_, 0);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }
  ~ExpiringMap() = default;

  // Forgets what is older than EXCHANGE_LIFETIME before `now_ns`, then adds or replaces `key`.
  Value& put(const Key& key, Value value, int64_t now_ns) {
    expire(now_ns);
    const uint32_t hash = hash_of(key);
    std::size_t slot = slot_of(key, hash);
    // Everything that may throw comes before the map changes.
    // At most 5/8 full: linear probing's chains lengthen quickly beyond that.
    if (slot == kNone && (size_ + 1) * 8 > slots_.size() * 5) grow_index();
    if (tail_ - head_ == ring_.size()) grow_ring();
    Added& added = added_at(tail_);
    added.emplace(Entry{key, std::move(value)});
    added.set_added_ns(now_ns);
    if (slot == kNone) {
      slot = hash & index_mask();
      while (slots_[slot].hash != kEmpty) slot = (slot + 1) & index_mask();
      ++size_;
    } else {
      added_at(slots_[slot].serial).reset();  // the key's older put is forgotten now
    }
    slots_[slot] = {hash, static_cast<uint32_t>(tail_++)};
    return added.entry().value;
  }

  // The entry for `key` unless it is older than EXCHANGE_LIFETIME before `now_ns` (then it is
  // forgotten first, like every older entry).
  Value* find(const Key& key, int64_t now_ns) {
    expire(now_ns);
    const std::size_t slot = slot_of(key, hash_of(key));
    return slot == kNone ? nullptr : &added_at(slots_[slot].serial).entry().value;
  }

  void erase(const Key& key) {
    const std::size_t slot = slot_of(key, hash_of(key));
    if (slot == kNone) return;
    added_at(slots_[slot].serial).reset();
    erase_slot(slot);
  }

  // Forgets entries added more than EXCHANGE_LIFETIME before `now_ns`, calling on_expire(value)
  // for each first when given.
  void expire(int64_t now_ns, const std::function<void(Value&)>& on_expire = {}) {
    while (head_ != tail_ && added_at(head_).added_ns() < now_ns - kExchangeLifetimeNs) {
      Added& oldest = added_at(head_);
      // Without an entry, the key was erased or put again later (and keeps its newer entry).
      if (oldest.live()) {
        if (on_expire) on_expire(oldest.entry().value);
        std::size_t slot = hash_of(oldest.entry().key) & index_mask();
        while (slots_[slot].serial != static_cast<uint32_t>(head_))
          slot = (slot + 1) & index_mask();
        erase_slot(slot);
        oldest.reset();
      }
      ++head_;
    }
  }

  std::size_t size() const { return size_; }

 private:
  // The key's hash is not kept here: the index slot has it, and expiring an entry, which needs
  // it to find the slot, computes it again (entries are the map's bulk: one per put).
  struct Entry {
    Key key;
    Value value;
  };
  // One put, in the ring: the time stays after the entry is gone, so the ring is consumed in the
  // same order and at the same times as a queue of every put would be. Whether the entry is
  // there is the time's top bit (times are never negative), where a std::optional's flag took
  // padding of its own in every put.
  class Added {
   public:
    Added() = default;
    Added(const Added& other) : stamp_(other.stamp_ & kTime) {
      if (other.live()) emplace(Entry(other.entry()));
    }
    Added& operator=(const Added& other) {
      if (this == &other) return *this;
      reset();
      stamp_ = other.stamp_ & kTime;
      if (other.live()) emplace(Entry(other.entry()));
      return *this;
    }
    ~Added() { reset(); }

    int64_t added_ns() const { return static_cast<int64_t>(stamp_ & kTime); }
    void set_added_ns(int64_t ns) {
      stamp_ = (stamp_ & kLive) | (static_cast<uint64_t>(std::max<int64_t>(ns, 0)) & kTime);
    }
    bool live() const { return (stamp_ & kLive) != 0; }
    Entry& entry() { return *std::launder(reinterpret_cast<Entry*>(storage_)); }
    const Entry& entry() const { return *std::launder(reinterpret_cast<const Entry*>(storage_)); }
    void emplace(Entry entry) {
      reset();
      new (storage_) Entry(std::move(entry));
      stamp_ |= kLive;
    }
    void reset() {
      if (!live()) return;
      entry().~Entry();
      stamp_ &= kTime;
    }

   private:
    static constexpr uint64_t kLive = uint64_t{1} << 63;
    static constexpr uint64_t kTime = ~kLive;
    uint64_t stamp_ = 0;
    alignas(Entry) unsigned char storage_[sizeof(Entry)];
  };
  // An index slot: the key's hash and the serial number of its put (position in the ring), both
  // cut to 32 bits, as there is a slot per entry and as many empty ones. A hash keeps 31 bits (no
  // index has more slots than they address), so that one value marks empty slots; a serial tells
  // puts apart as long as fewer than 2^32 of them are in the ring, which its memory rules out.
  struct Slot {
    uint32_t hash;
    uint32_t serial;
  };

  // As a slot's hash: empty.
  static constexpr uint32_t kEmpty = std::numeric_limits<uint32_t>::max();
  static constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  static constexpr std::size_t kMinCapacity = 8;

  // Mixed because std::hash of an integer is the integer itself, and slots are its low bits.
  static uint32_t hash_of(const Key& key) {
    return static_cast<uint32_t>(mix64(Hash{}(key))) & 0x7fffffffu;
  }

  std::size_t index_mask() const { return slots_.size() - 1; }
  Added& added_at(uint64_t serial) { return ring_[serial & (ring_.size() - 1)]; }

  // The index slot of `key`, or kNone.
  std::size_t slot_of(const Key& key, uint32_t hash) {
    if (size_ == 0) return kNone;  // also when nothing is allocated yet
    for (std::size_t slot = hash & index_mask(); slots_[slot].hash != kEmpty;
         slot = (slot + 1) & index_mask()) {
      if (slots_[slot].hash == hash && added_at(slots_[slot].serial).entry().key == key)
        return slot;
    }
    return kNone;
  }

  // Backward-shift deletion: the slots after the hole, up to the next empty one, move back into
  // it when that does not put them before their home slot. No tombstones, so probe chains stay as
  // short as the live entries make them however many entries come and go.
  void erase_slot(std::size_t hole) {
    for (std::size_t next = (hole + 1) & index_mask(); slots_[next].hash != kEmpty;
         next = (next + 1) & index_mask()) {
      const std::size_t home = slots_[next].hash & index_mask();
      if (((next - home) & index_mask()) >= ((next - hole) & index_mask())) {
        slots_[hole] = slots_[next];
        hole = next;
      }
    }
    slots_[hole].hash = kEmpty;
    --size_;
  }

  // Doubles the index (allocates it the first time) and places every slot again.
  void grow_index() {
    std::vector<Slot> slots(slots_.empty() ? kMinCapacity : slots_.size() * 2, Slot{kEmpty, 0});
    slots.swap(slots_);
    for (const Slot& moved : slots) {
      if (moved.hash == kEmpty) continue;
      std::size_t slot = moved.hash & index_mask();
      while (slots_[slot].hash != kEmpty) slot = (slot + 1) & index_mask();
      slots_[slot] = moved;
    }
  }

  // Doubles the ring (allocates it the first time); a put's position is its serial number modulo
  // the ring's size, so the puts move to their new positions.
  void grow_ring() {
    std::vector<Added> ring(ring_.empty() ? kMinCapacity : ring_.size() * 2);
    ring.swap(ring_);
    for (uint64_t serial = head_; serial != tail_; ++serial) {
      Added& moved = ring[serial & (ring.size() - 1)];
      added_at(serial).set_added_ns(moved.added_ns());
      if (moved.live()) added_at(serial).emplace(std::move(moved.entry()));
    }
  }

  std::vector<Slot> slots_;  // the index: power-of-two size, empty or a live entry's slot
  std::vector<Added> ring_;  // power-of-two size; the puts from head_ to tail_, oldest first
  uint64_t head_ = 0;        // serial number of the oldest put in the ring
  uint64_t tail_ = 0;        // serial number of the next put
  std::size_t size_ = 0;     // live entries
};

}  // namespace lwm2m
