#include "report/pcapng_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "lwm2m/printable.h"
#include "net/packet_encoder.h"

namespace lwm2m::replay {

namespace {

// pcapng block types and option codes (draft-ietf-opsawg-pcapng).
constexpr uint32_t kSectionHeaderBlock = 0x0A0D0D0A;
constexpr uint32_t kInterfaceDescriptionBlock = 0x00000001;
constexpr uint32_t kEnhancedPacketBlock = 0x00000006;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint16_t kOptEndOfOpt = 0;
constexpr uint16_t kOptComment = 1;
constexpr uint16_t kShbUserAppl = 4;
constexpr uint16_t kIfTsResol = 9;
constexpr uint16_t kLinkTypeRaw = 101;  // the packet begins with an IPv4 or IPv6 header
constexpr uint8_t kNanoseconds = 9;     // if_tsresol: 10^-9 s

// The file is written little-endian on every host, so that it is the same file everywhere; the
// byte-order magic tells readers which order that is.
void put16(std::vector<uint8_t>& b, uint16_t v) {
  b.push_back(static_cast<uint8_t>(v));
  b.push_back(static_cast<uint8_t>(v >> 8));
}

void put32(std::vector<uint8_t>& b, uint32_t v) {
  put16(b, static_cast<uint16_t>(v));
  put16(b, static_cast<uint16_t>(v >> 16));
}

void set32(std::vector<uint8_t>& b, std::size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    b[at + static_cast<std::size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
}

void pad_to_32_bits(std::vector<uint8_t>& b) {
  while (b.size() % 4 != 0) b.push_back(0);
}

void put_bytes(std::vector<uint8_t>& b, const uint8_t* data, std::size_t length) {
  if (length != 0) b.insert(b.end(), data, data + length);
}

// Starts a block: type and a placeholder for the total length, set by finish_block.
void begin_block(std::vector<uint8_t>& b, uint32_t type) {
  b.clear();
  put32(b, type);
  put32(b, 0);
}

// Ends a block with its total length, repeated at the end so that readers can walk backwards.
void finish_block(std::vector<uint8_t>& b) {
  const auto total = static_cast<uint32_t>(b.size() + 4);
  set32(b, 4, total);
  put32(b, total);
}

void put_option(std::vector<uint8_t>& b, uint16_t code, const uint8_t* value, std::size_t length) {
  put16(b, code);
  put16(b, static_cast<uint16_t>(length));
  put_bytes(b, value, length);
  pad_to_32_bits(b);
}

// A UTF-8 text option (opt_comment, shb_userappl), not NUL-terminated as pcapng asks.
void put_text_option(std::vector<uint8_t>& b, uint16_t code, std::string_view text) {
  const std::string value = shorten(printable(text), PcapngWriter::kMaxOptionText, "");
  put_option(b, code, reinterpret_cast<const uint8_t*>(value.data()), value.size());
}

void put_end_of_options(std::vector<uint8_t>& b) {
  put16(b, kOptEndOfOpt);
  put16(b, 0);
}

std::string error_text(const std::string& path, const char* what, int error) {
  return path + ": " + what + ": " + std::strerror(error);
}

}  // namespace

PcapngWriter::PcapngWriter(const std::string& path, std::string_view application) : path_(path) {
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) throw std::runtime_error(error_text(path_, "cannot create", errno));
  try {
    begin_block(block_, kSectionHeaderBlock);
    put32(block_, kByteOrderMagic);
    put16(block_, 1);  // major version
    put16(block_, 0);  // minor version
    // Section length -1: not known in advance, and a reader never needs it to walk the blocks.
    put32(block_, 0xffffffff);
    put32(block_, 0xffffffff);
    if (!application.empty()) {
      put_text_option(block_, kShbUserAppl, application);
      put_end_of_options(block_);
    }
    finish_block(block_);
    write_block();

    begin_block(block_, kInterfaceDescriptionBlock);
    put16(block_, kLinkTypeRaw);
    put16(block_, 0);  // reserved
    put32(block_, kSnapLength);
    put_option(block_, kIfTsResol, &kNanoseconds, 1);
    put_end_of_options(block_);
    finish_block(block_);
    write_block();
  } catch (...) {
    ::close(fd_);
    throw;
  }
}

PcapngWriter::~PcapngWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void PcapngWriter::write(int64_t time_ns, const std::vector<uint8_t>& ip_packet,
                         std::string_view comment) {
  write_packet(time_ns, ip_packet.data(), ip_packet.size(), comment);
}

void PcapngWriter::write_udp(int64_t time_ns, const net::TransportAddress& from,
                             const net::TransportAddress& to, const uint8_t* payload,
                             std::size_t length, std::string_view comment) {
  packet_.clear();
  net::append_udp_packet(packet_, from, to, payload, length, next_ipv4_id_);
  write_packet(time_ns, packet_.data(), packet_.size(), comment);
  if (!from.is_ipv6()) ++next_ipv4_id_;
}

void PcapngWriter::write_packet(int64_t time_ns, const uint8_t* data, std::size_t length,
                                std::string_view comment) {
  if (fd_ < 0) throw std::logic_error(path_ + ": packet written after close");
  if (time_ns < 0) {
    throw std::invalid_argument(path_ + ": packet time before 1970: " + std::to_string(time_ns) +
                                " ns");
  }
  if (length > kSnapLength) {
    throw std::invalid_argument(path_ + ": packet of " + std::to_string(length) +
                                " bytes, more than the snaplen " + std::to_string(kSnapLength));
  }
  const auto timestamp = static_cast<uint64_t>(time_ns);
  begin_block(block_, kEnhancedPacketBlock);
  put32(block_, 0);  // interface 0, the only one
  put32(block_, static_cast<uint32_t>(timestamp >> 32));
  put32(block_, static_cast<uint32_t>(timestamp));
  put32(block_, static_cast<uint32_t>(length));  // captured length
  put32(block_, static_cast<uint32_t>(length));  // original length: never cut
  put_bytes(block_, data, length);
  pad_to_32_bits(block_);
  if (!comment.empty()) {
    put_text_option(block_, kOptComment, comment);
    put_end_of_options(block_);
  }
  finish_block(block_);
  write_block();
  ++packets_;
}

void PcapngWriter::write_block() {
  if (broken_) {
    throw std::runtime_error(path_ + ": cannot write: an earlier write left a partial block");
  }
  const uint8_t* data = block_.data();
  std::size_t left = block_.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, data, left);
    if (n < 0 && errno == EINTR) continue;  // e.g. the replay's own SIGINT handler ran
    if (n <= 0) {
      // write(2) returns 0 only for a zero count; treat it as "no space" rather than loop.
      const int error = n < 0 ? errno : ENOSPC;
      // Cut the partial block off so the file stays readable and a later block may still follow
      // (after the user frees space); pipes and devices cannot be cut, so no block may follow.
      if (left != block_.size()) {
        const auto keep = static_cast<off_t>(offset_);
        broken_ = ::ftruncate(fd_, keep) != 0 || ::lseek(fd_, keep, SEEK_SET) != keep;
      }
      throw std::runtime_error(error_text(path_, "cannot write", error));
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  offset_ += block_.size();
}

void PcapngWriter::close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  fd_ = -1;
  // close(2) can report a delayed write error (NFS, some disk quotas); the descriptor is gone
  // either way, so it is not retried.
  if (::close(fd) != 0) throw std::runtime_error(error_text(path_, "cannot write", errno));
}

}  // namespace lwm2m::replay
