// What the fuzz targets share: an invariant check that stops the run with a message (libFuzzer
// then saves the input), and the property every human sentence of core must have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace lwm2m::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition) {
  std::fprintf(stderr, "%s:%d: invariant failed: %s\n", file, line, condition);
  std::abort();
}

// Like assert(), but never compiled out: fuzz builds may use NDEBUG.
#define FUZZ_CHECK(condition) \
  ((condition) ? static_cast<void>(0) : ::lwm2m::fuzz::fail(__FILE__, __LINE__, #condition))

// True when `text` is valid UTF-8 (RFC 3629: no overlong forms, surrogates or code points above
// U+10FFFF) without C0/C1 control characters or DEL. Written apart from core's own decoder, so
// that a bug there cannot hide itself.
inline bool is_printable_utf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    const unsigned char b = bytes[i];
    if (b < 0x80) {
      if (b < 0x20 || b == 0x7f) return false;
      ++i;
      continue;
    }
    uint32_t cp = 0;
    std::size_t n = 0;
    if ((b & 0xe0) == 0xc0) {
      cp = b & 0x1f;
      n = 2;
    } else if ((b & 0xf0) == 0xe0) {
      cp = b & 0x0f;
      n = 3;
    } else if ((b & 0xf8) == 0xf0) {
      cp = b & 0x07;
      n = 4;
    } else {
      return false;
    }
    if (size - i < n) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((bytes[i + k] & 0xc0) != 0x80) return false;
      cp = cp << 6 | (bytes[i + k] & 0x3f);
    }
    static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[n] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    if (cp >= 0x80 && cp <= 0x9f) return false;  // C1 controls
    i += n;
  }
  return true;
}

// True when `part` lies inside `whole`. Empty views count as inside wherever they point.
inline bool within(std::string_view part, std::string_view whole) {
  if (part.empty()) return true;
  const auto begin = reinterpret_cast<std::uintptr_t>(whole.data());
  const auto at = reinterpret_cast<std::uintptr_t>(part.data());
  return at >= begin && at - begin <= whole.size() && part.size() <= whole.size() - (at - begin);
}

}  // namespace lwm2m::fuzz
