// A hash table from 64-bit keys that are hashes already (the callers' FNV hashes of what they
// index) to small values, for tables that grow with the capture and never shrink: open addressing
// with linear probing, the keys in one array and the values in another, so that an entry costs
// its key and value and no node, and probing reads only keys.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "lwm2m/hash.h"

namespace lwm2m {

template <typename Value>
class FlatIndex {
 public:
  Value* find(uint64_t key) {
    if (size_ == 0) return nullptr;  // also when nothing is allocated yet
    const std::size_t slot = slot_of(stored(key));
    return keys_[slot] == stored(key) ? &values_[slot] : nullptr;
  }
  const Value* find(uint64_t key) const { return const_cast<FlatIndex*>(this)->find(key); }

  // The value of `key`; `value` when the key was not there before (then also true). The pointer
  // is valid until the next emplace.
  std::pair<Value*, bool> emplace(uint64_t key, Value value) {
    // At most 3/4 full: linear probing's chains lengthen quickly beyond that.
    if ((size_ + 1) * 4 > keys_.size() * 3) grow();
    const std::size_t slot = slot_of(stored(key));
    if (keys_[slot] == stored(key)) return {&values_[slot], false};
    keys_[slot] = stored(key);
    values_[slot] = std::move(value);
    ++size_;
    return {&values_[slot], true};
  }

  // The value of `key`, default-constructed when the key was not there.
  Value& operator[](uint64_t key) { return *emplace(key, Value{}).first; }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  static constexpr std::size_t kMinCapacity = 64;

  // 0 marks an empty slot: a key that is 0 is kept as 1, which can only merge the two in one
  // table (odds of 1 in 2^63 for hashes).
  static uint64_t stored(uint64_t key) { return key == 0 ? 1 : key; }

  // The slot holding `key`, or the empty one where it would go. Mixed, so that keys whose low
  // bits say little (tagged, or small numbers) still spread.
  std::size_t slot_of(uint64_t key) const {
    const std::size_t mask = keys_.size() - 1;
    std::size_t slot = static_cast<std::size_t>(mix64(key)) & mask;
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & mask;
    return slot;
  }

  // Doubles the table (allocates it the first time) and places every entry again.
  void grow() {
    std::vector<uint64_t> keys(keys_.empty() ? kMinCapacity : keys_.size() * 2, 0);
    std::vector<Value> values(keys.size());
    keys.swap(keys_);
    values.swap(values_);
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      const std::size_t slot = slot_of(keys[i]);
      keys_[slot] = keys[i];
      values_[slot] = std::move(values[i]);
    }
  }

  std::vector<uint64_t> keys_;  // power-of-two size; 0: an empty slot
  std::vector<Value> values_;
  std::size_t size_ = 0;
};

}  // namespace lwm2m
