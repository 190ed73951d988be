#include "capture/gunzip_copy.h"

#include <unistd.h>
#include <zlib.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace lwm2m::replay {
namespace {

constexpr std::size_t kChunk = 256 * 1024;
constexpr unsigned char kGzipMagic0 = 0x1f;
constexpr unsigned char kGzipMagic1 = 0x8b;
// inflateInit2's window bits: 15 bits, and +16 for a gzip header and trailer.
constexpr int kGzipWindowBits = 16 + MAX_WBITS;

// Up to `size` bytes; 0 at the end of the data, -1 on error (errno set).
ssize_t read_some(int fd, unsigned char* data, std::size_t size) {
  for (;;) {
    const ssize_t length = ::read(fd, data, size);
    if (length < 0 && errno == EINTR) continue;
    return length;
  }
}

bool write_all(int fd, const unsigned char* data, std::size_t length) {
  while (length > 0) {
    const ssize_t written = ::write(fd, data, length);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return false;
    data += written;
    length -= static_cast<std::size_t>(written);
  }
  return true;
}

GunzipCopyResult failed(GunzipCopyResult::Failure failure, std::string detail) {
  return {failure, std::move(detail)};
}

GunzipCopyResult read_failed() {
  return failed(GunzipCopyResult::Failure::kRead, std::strerror(errno));
}

GunzipCopyResult write_failed() {
  return failed(GunzipCopyResult::Failure::kWrite, std::strerror(errno));
}

GunzipCopyResult gzip_failed(const z_stream& stream, int status) {
  if (status == Z_MEM_ERROR) {
    return failed(GunzipCopyResult::Failure::kGzip, "out of memory while decompressing");
  }
  const char* message = stream.msg ? stream.msg : zError(status);
  return failed(GunzipCopyResult::Failure::kGzip, std::string("broken gzip data: ") + message);
}

// Copies `in` as it is, after the `length` bytes already read into `buffer`.
GunzipCopyResult plain_copy(int in, int out, unsigned char* buffer, ssize_t length) {
  while (length > 0) {
    if (!write_all(out, buffer, static_cast<std::size_t>(length))) return write_failed();
    length = read_some(in, buffer, kChunk);
  }
  return length < 0 ? read_failed() : GunzipCopyResult{};
}

// inflate's state, ended however the copy ends.
class Inflater {
 public:
  Inflater() { status_ = inflateInit2(&stream_, kGzipWindowBits); }
  ~Inflater() {
    if (status_ == Z_OK) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ready() const { return status_ == Z_OK; }
  z_stream& stream() { return stream_; }

 private:
  z_stream stream_{};
  int status_ = Z_STREAM_ERROR;
};

}  // namespace

bool starts_like_gzip(const unsigned char* bytes, std::size_t length) {
  return length >= 2 && bytes[0] == kGzipMagic0 && bytes[1] == kGzipMagic1;
}

GunzipCopyResult gunzip_copy(int in, int out) {
  std::array<unsigned char, kChunk> input;
  ssize_t length = read_some(in, input.data(), input.size());
  if (length < 0) return read_failed();
  // A lone first byte may be the start of the magic: read on until two are there or the end.
  while (length == 1) {
    const ssize_t more = read_some(in, input.data() + 1, input.size() - 1);
    if (more < 0) return read_failed();
    if (more == 0) break;
    length += more;
  }
  if (!starts_like_gzip(input.data(), static_cast<std::size_t>(length))) {
    return plain_copy(in, out, input.data(), length);
  }

  Inflater inflater;
  if (!inflater.ready()) return gzip_failed(inflater.stream(), Z_MEM_ERROR);
  z_stream& stream = inflater.stream();
  std::array<unsigned char, kChunk> output;
  stream.next_in = input.data();
  stream.avail_in = static_cast<uInt>(length);
  bool in_member = true;  // inside a gzip member: the data must not end here
  for (;;) {
    if (stream.avail_in == 0) {
      length = read_some(in, input.data(), input.size());
      if (length < 0) return read_failed();
      if (length == 0) break;
      stream.next_in = input.data();
      stream.avail_in = static_cast<uInt>(length);
    }
    if (!in_member) {
      // What follows a member is another member, or trailing bytes gzip -d ignores.
      if (*stream.next_in != kGzipMagic0) return {};
      inflateReset(&stream);
      in_member = true;
    }
    stream.next_out = output.data();
    stream.avail_out = static_cast<uInt>(output.size());
    const int status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END && status != Z_BUF_ERROR) {
      return gzip_failed(stream, status == Z_NEED_DICT ? Z_DATA_ERROR : status);
    }
    const std::size_t produced = output.size() - stream.avail_out;
    if (!write_all(out, output.data(), produced)) return write_failed();
    if (status == Z_STREAM_END) in_member = false;
  }
  if (in_member) return failed(GunzipCopyResult::Failure::kGzip, "the gzip data is cut short");
  return {};
}

}  // namespace lwm2m::replay
