// TLS session secrets as an NSS key log holds them (SSLKEYLOGFILE: one "CLIENT_RANDOM <client
// random> <master secret>" line per TLS 1.2 session), from a --keylog file or from a capture's own
// pcapng Decryption Secrets Blocks (pcapng_secrets.h). A DTLS 1.2 session is found by the random
// of its ClientHello, which the capture shows in clear.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace lwm2m::replay {

using TlsRandom = std::array<uint8_t, 32>;
using MasterSecret = std::array<uint8_t, 48>;

// Where a secret came from, for the listing ("decrypted with the capture's secrets").
enum class SecretSource { kCapture, kKeylogFile };

class TlsKeyLog {
 public:
  struct Entry {
    MasterSecret master_secret;
    SecretSource source;
  };

  // Reads key log text. Lines other than well-formed CLIENT_RANDOM ones (comments, TLS 1.3
  // secrets, garbage) are skipped, as Wireshark does; a random already known keeps its first
  // secret. Returns how many CLIENT_RANDOM lines were taken.
  std::size_t add_text(std::string_view text, SecretSource source);

  // Reads a --keylog file. Throws CaptureError naming the file when it cannot be read, is larger
  // than kMaxFileBytes or holds no CLIENT_RANDOM line.
  void add_file(const std::string& path);

  const Entry* find(const TlsRandom& client_random) const;
  std::size_t size() const { return secrets_.size(); }

  // Bounds: a key log line is about 180 bytes, so this is some 370 000 sessions.
  static constexpr std::size_t kMaxFileBytes = 64 * 1024 * 1024;
  static constexpr std::size_t kMaxEntries = 1024 * 1024;

 private:
  std::map<TlsRandom, Entry> secrets_;
};

}  // namespace lwm2m::replay
