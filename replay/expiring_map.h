// A hash map whose entries are forgotten EXCHANGE_LIFETIME (RFC 7252 §4.8.2) after they were
// added, on the capture's clock: message IDs, tokens and pending requests older than that can be
// reused by their sender, so remembering them longer would match the wrong messages, and
// forgetting them keeps memory bounded by what one EXCHANGE_LIFETIME of traffic holds.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <utility>

#include "lwm2m/coap_transmission.h"

namespace lwm2m::replay {

inline constexpr int64_t kExchangeLifetimeNs =
    std::chrono::duration_cast<std::chrono::nanoseconds>(coap::kExchangeLifetime).count();

// The clock the matching tables age by: the latest capture time read so far, over every datagram.
// Captures are not always in time order; with a clock that only moves forward, every entry's age
// follows from the time it was added alone, so the two passes over a capture (each with tables of
// different flows) forget the same entries at the same datagram.
class CaptureClock {
 public:
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

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class ExpiringMap {
 public:
  // Forgets what is older than EXCHANGE_LIFETIME before `now_ns`, then adds or replaces `key`.
  Value& put(const Key& key, Value value, int64_t now_ns) {
    expire(now_ns);
    auto [it, inserted] = entries_.insert_or_assign(key, Entry{std::move(value), now_ns});
    added_.emplace_back(now_ns, key);
    return it->second.value;
  }

  // The entry for `key` unless it is older than EXCHANGE_LIFETIME before `now_ns` (then it is
  // forgotten first, like every older entry).
  Value* find(const Key& key, int64_t now_ns) {
    expire(now_ns);
    const auto found = entries_.find(key);
    return found == entries_.end() ? nullptr : &found->second.value;
  }

  void erase(const Key& key) { entries_.erase(key); }

  // Forgets entries added more than EXCHANGE_LIFETIME before `now_ns`, calling on_expire(value)
  // for each first when given.
  void expire(int64_t now_ns, const std::function<void(Value&)>& on_expire = {}) {
    while (!added_.empty() && added_.front().first < now_ns - kExchangeLifetimeNs) {
      const auto found = entries_.find(added_.front().second);
      // A key put again later keeps its newer entry.
      if (found != entries_.end() && found->second.added_ns == added_.front().first) {
        if (on_expire) on_expire(found->second.value);
        entries_.erase(found);
      }
      added_.pop_front();
    }
  }

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Value value;
    int64_t added_ns;
  };
  std::unordered_map<Key, Entry, Hash> entries_;
  std::deque<std::pair<int64_t, Key>> added_;
};

}  // namespace lwm2m::replay
