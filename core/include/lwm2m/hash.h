// Hashing small integer keys for the project's hash tables.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lwm2m {

// splitmix64's finalizer: every input bit moves every output bit, so hash tables can take the low
// bits of sums and XORs of it.
constexpr uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// FNV-1a, 64 bits: keys made of a few small fields and short texts, no allocation. Start with
// kFnvOffset; continue a hash by passing it back in.
inline constexpr uint64_t kFnvOffset = 14695981039346656037ull;

inline uint64_t fnv1a(uint64_t hash, const void* data, std::size_t size) {
  constexpr uint64_t kPrime = 1099511628211ull;
  const auto* bytes = static_cast<const unsigned char*>(data);
  std::size_t i = 0;
  // Eight bytes a step: the same value as one byte a step, with a fraction of the loop's work
  // (the hash is on the plugin's per-packet path).
  for (; i + 8 <= size; i += 8) {
    hash = (hash ^ bytes[i]) * kPrime;
    hash = (hash ^ bytes[i + 1]) * kPrime;
    hash = (hash ^ bytes[i + 2]) * kPrime;
    hash = (hash ^ bytes[i + 3]) * kPrime;
    hash = (hash ^ bytes[i + 4]) * kPrime;
    hash = (hash ^ bytes[i + 5]) * kPrime;
    hash = (hash ^ bytes[i + 6]) * kPrime;
    hash = (hash ^ bytes[i + 7]) * kPrime;
  }
  if (i + 4 <= size) {
    hash = (hash ^ bytes[i]) * kPrime;
    hash = (hash ^ bytes[i + 1]) * kPrime;
    hash = (hash ^ bytes[i + 2]) * kPrime;
    hash = (hash ^ bytes[i + 3]) * kPrime;
    i += 4;
  }
  for (; i < size; ++i) hash = (hash ^ bytes[i]) * kPrime;
  return hash;
}

}  // namespace lwm2m
