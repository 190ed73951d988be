// gunzip_copy: gzip data decompressed member by member, everything else copied as it is, and a
// cut or broken stream named (zlib 1.3.2's gzread reported neither: Debian sid).
#include "capture/gunzip_copy.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <fcntl.h>

#include <cstdio>
#include <string>

namespace lwm2m::replay {
namespace {

// `data` compressed as one gzip member (what gzip(1) writes).
std::string gzip(const std::string& data) {
  z_stream stream{};
  EXPECT_EQ(
      deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
      Z_OK);
  std::string out(deflateBound(&stream, data.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

struct Copied {
  GunzipCopyResult result;
  std::string output;
};

// Runs gunzip_copy from a pipe holding `input` into a file.
Copied copy_through_pipe(const std::string& input) {
  int pipe_ends[2];
  EXPECT_EQ(::pipe(pipe_ends), 0);
  // Small inputs fit the pipe's buffer: write all, close, then read.
  EXPECT_EQ(::write(pipe_ends[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  ::close(pipe_ends[1]);
  FILE* out = std::tmpfile();
  Copied copied{gunzip_copy(pipe_ends[0], ::fileno(out)), ""};
  ::close(pipe_ends[0]);
  std::rewind(out);
  char buffer[4096];
  std::size_t length;
  while ((length = std::fread(buffer, 1, sizeof buffer, out)) > 0)
    copied.output.append(buffer, length);
  std::fclose(out);
  return copied;
}

using Failure = GunzipCopyResult::Failure;

TEST(GunzipCopy, DecompressesOneMember) {
  const Copied copied = copy_through_pipe(gzip("pcapng bytes\n"));
  EXPECT_EQ(copied.result.failure, Failure::kNone) << copied.result.detail;
  EXPECT_EQ(copied.output, "pcapng bytes\n");
}

TEST(GunzipCopy, DecompressesMembersOneAfterTheOtherAsGzipDoes) {
  const Copied copied = copy_through_pipe(gzip("first ") + gzip("second"));
  EXPECT_EQ(copied.result.failure, Failure::kNone) << copied.result.detail;
  EXPECT_EQ(copied.output, "first second");
}

TEST(GunzipCopy, IgnoresTrailingBytesThatAreNoMember) {
  const Copied copied = copy_through_pipe(gzip("data") + std::string(16, '\0'));
  EXPECT_EQ(copied.result.failure, Failure::kNone) << copied.result.detail;
  EXPECT_EQ(copied.output, "data");
}

TEST(GunzipCopy, CopiesOtherDataAsItIs) {
  for (const std::string& input : {std::string("\x0a\x0d\x0d\x0a rest", 9), std::string("\x1f"),
                                   std::string("\x1f\x8a"), std::string()}) {
    const Copied copied = copy_through_pipe(input);
    EXPECT_EQ(copied.result.failure, Failure::kNone);
    EXPECT_EQ(copied.output, input);
  }
}

TEST(GunzipCopy, NamesAStreamCutShort) {
  const std::string whole = gzip(std::string(5000, 'x') + "end");
  for (std::size_t cut : {std::size_t{2}, std::size_t{10}, whole.size() / 2, whole.size() - 1}) {
    const Copied copied = copy_through_pipe(whole.substr(0, cut));
    EXPECT_EQ(copied.result.failure, Failure::kGzip) << cut;
    EXPECT_EQ(copied.result.detail, "the gzip data is cut short") << cut;
  }
}

TEST(GunzipCopy, NamesBrokenData) {
  // A gzip header, then a deflate block of the reserved type 3.
  Copied copied =
      copy_through_pipe(std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xff\xff\xff", 13));
  EXPECT_EQ(copied.result.failure, Failure::kGzip);
  EXPECT_EQ(copied.result.detail, "broken gzip data: invalid block type");
  copied = copy_through_pipe(std::string("\x1f\x8b\x07\x00", 4) + "garbage");
  EXPECT_EQ(copied.result.failure, Failure::kGzip);
  EXPECT_EQ(copied.result.detail, "broken gzip data: unknown compression method");
  // A member whose trailer's CRC does not match its data.
  std::string bad_crc = gzip("data");
  bad_crc[bad_crc.size() - 8] ^= 0x01;
  copied = copy_through_pipe(bad_crc);
  EXPECT_EQ(copied.result.failure, Failure::kGzip);
  EXPECT_EQ(copied.result.detail, "broken gzip data: incorrect data check");
}

TEST(GunzipCopy, NamesAFailedWrite) {
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  const std::string input = gzip("data");
  ASSERT_EQ(::write(pipe_ends[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  ::close(pipe_ends[1]);
  const int read_only = ::open("/dev/null", O_RDONLY);
  const GunzipCopyResult result = gunzip_copy(pipe_ends[0], read_only);
  ::close(read_only);
  ::close(pipe_ends[0]);
  EXPECT_EQ(result.failure, Failure::kWrite);
  EXPECT_EQ(result.detail, "Bad file descriptor");
}

}  // namespace
}  // namespace lwm2m::replay
