// Hashing small integer keys for the project's hash tables.
#pragma once

#include <cstdint>

namespace lwm2m {

// splitmix64's finalizer: every input bit moves every output bit, so hash tables can take the low
// bits of sums and XORs of it.
constexpr uint64_t mix64(uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace lwm2m
