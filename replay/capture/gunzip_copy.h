// Copies a file descriptor's data to another, decompressing gzip on the way.
//
// zlib's inflate is driven directly rather than through its gz* file functions: zlib 1.3.2
// (Debian 13 sid) gzread reports neither a stream cut short nor a broken one, and the replay must
// say which it is instead of handing libpcap an empty or half file.
#pragma once

#include <cstddef>
#include <string>

namespace lwm2m::replay {

struct GunzipCopyResult {
  enum class Failure { kNone, kRead, kWrite, kGzip };
  Failure failure = Failure::kNone;
  // kRead, kWrite: strerror's text; kGzip: "the gzip data is cut short",
  // "broken gzip data: invalid block type"...
  std::string detail;
};

// Whether `length` bytes at `bytes` start with gzip's magic bytes (1f 8b).
bool starts_like_gzip(const unsigned char* bytes, std::size_t length);

// Copies everything `in` holds to `out`. Data that starts with gzip's magic bytes is
// decompressed: each member in turn, as gzip -d does, and bytes after the last member that are
// not another member are ignored, as gzip -d does with a warning. Other data is copied as it is.
GunzipCopyResult gunzip_copy(int in, int out);

}  // namespace lwm2m::replay
