#include "capture/tls_keylog.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "capture/capture_reader.h"

namespace lwm2m::replay {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `text` as exactly N bytes of hex.
template <std::size_t N>
bool read_hex(std::string_view text, std::array<uint8_t, N>& out) {
  if (text.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    const int high = hex_digit(text[2 * i]), low = hex_digit(text[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<uint8_t>(high << 4 | low);
  }
  return true;
}

// The next field of `line` separated by spaces or tabs, removed from it.
std::string_view next_field(std::string_view& line) {
  const auto start = line.find_first_not_of(" \t");
  if (start == std::string_view::npos) {
    line = {};
    return {};
  }
  line.remove_prefix(start);
  const auto end = line.find_first_of(" \t");
  const std::string_view field = line.substr(0, end);
  line.remove_prefix(end == std::string_view::npos ? line.size() : end);
  return field;
}

}  // namespace

std::size_t TlsKeyLog::add_text(std::string_view text, SecretSource source) {
  std::size_t taken = 0;
  while (!text.empty()) {
    const auto end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (next_field(line) != "CLIENT_RANDOM") continue;
    TlsRandom random;
    Entry entry{{}, source};
    if (!read_hex(next_field(line), random) || !read_hex(next_field(line), entry.master_secret) ||
        !next_field(line).empty())
      continue;
    ++taken;
    if (secrets_.size() < kMaxEntries) secrets_.emplace(random, entry);
  }
  return taken;
}

void TlsKeyLog::add_file(const std::string& path) {
  struct Closer {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    const int error = errno;
    throw CaptureError("--keylog " + path + ": cannot open: " + std::strerror(error));
  }
  std::string text;
  char buffer[64 * 1024];
  std::size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    if (text.size() + got > kMaxFileBytes)
      throw CaptureError("--keylog " + path + ": larger than " +
                         std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB");
    text.append(buffer, got);
  }
  if (std::ferror(file.get())) {
    const int error = errno;
    throw CaptureError("--keylog " + path + ": cannot read: " + std::strerror(error));
  }
  if (add_text(text, SecretSource::kKeylogFile) == 0)
    throw CaptureError("--keylog " + path +
                       ": no CLIENT_RANDOM line (an NSS key log, as SSLKEYLOGFILE writes, with "
                       "\"CLIENT_RANDOM <client random> <master secret>\" in hex)");
}

const TlsKeyLog::Entry* TlsKeyLog::find(const TlsRandom& client_random) const {
  const auto found = secrets_.find(client_random);
  return found == secrets_.end() ? nullptr : &found->second;
}

}  // namespace lwm2m::replay
