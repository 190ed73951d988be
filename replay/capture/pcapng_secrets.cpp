#include "capture/pcapng_secrets.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

namespace lwm2m::replay {

// libpcap (1.10, Debian 12's) reads pcapng but hands out only packets: it skips every block it
// does not turn into one, Decryption Secrets Blocks included, and has no call that returns them.
// So this walks the file itself, as little as it can: the Section Header Block for the byte order,
// then each block's type and length, reading only the bodies of Decryption Secrets Blocks and
// seeking past everything else. Everything else about the file stays libpcap's job.

namespace {

constexpr uint32_t kSectionHeader = 0x0A0D0D0A;
constexpr uint32_t kByteOrderMagic = 0x1A2B3C4D;
constexpr uint32_t kByteOrderSwapped = 0x4D3C2B1A;
constexpr uint32_t kDecryptionSecrets = 0x0000000A;
constexpr uint32_t kTlsKeyLog = 0x544c534b;  // "TLSK"
// libpcap's own limit on a block (MAX_BLOCKSIZE); and on all secrets read, a key log's bound.
constexpr uint32_t kMaxBlockBytes = 16 * 1024 * 1024;
constexpr std::size_t kMaxSecretsBytes = TlsKeyLog::kMaxFileBytes;

uint32_t read32(const uint8_t* p, bool swapped) {
  const uint32_t little = static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
                          static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
  const uint32_t big = static_cast<uint32_t>(p[3]) | static_cast<uint32_t>(p[2]) << 8 |
                       static_cast<uint32_t>(p[1]) << 16 | static_cast<uint32_t>(p[0]) << 24;
  return swapped ? big : little;
}

struct Closer {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

}  // namespace

std::size_t read_pcapng_secrets(const std::string& path, TlsKeyLog& keys) {
  std::unique_ptr<std::FILE, Closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) return 0;
  std::size_t secrets = 0, secrets_bytes = 0;
  bool swapped = false;  // the section's byte order is big-endian (this reads little-endian)
  bool first = true;
  std::vector<uint8_t> body;
  for (;;) {
    // Type, total length, and the next 4 bytes: a Section Header Block's byte-order magic, a
    // Decryption Secrets Block's secrets type.
    uint8_t head[12];
    if (std::fread(head, 1, sizeof head, file.get()) != sizeof head) break;
    // The type reads the same in both byte orders only for a Section Header Block.
    const uint32_t type = read32(head, false);
    if (type == kSectionHeader) {
      const uint32_t magic = read32(head + 8, false);
      if (magic != kByteOrderMagic && magic != kByteOrderSwapped) break;
      swapped = magic == kByteOrderSwapped;
    } else if (first) {
      break;  // not a pcapng file
    }
    first = false;
    const uint32_t length = read32(head + 4, swapped);
    if (length < 12 || length % 4 != 0 || length > kMaxBlockBytes) break;
    if (read32(head, swapped) == kDecryptionSecrets && length >= 20 &&
        read32(head + 8, swapped) == kTlsKeyLog) {
      // Secrets length, the secrets, padding, the trailing length.
      body.resize(length - 12);
      if (std::fread(body.data(), 1, body.size(), file.get()) != body.size()) break;
      const uint32_t secrets_length = read32(body.data(), swapped);
      if (secrets_length > body.size() - 8) break;
      secrets_bytes += secrets_length;
      if (secrets_bytes > kMaxSecretsBytes) break;
      secrets += keys.add_text(
          std::string_view(reinterpret_cast<const char*>(body.data() + 4), secrets_length),
          SecretSource::kCapture);
      continue;
    }
    if (std::fseek(file.get(), static_cast<long>(length) - 12, SEEK_CUR) != 0) break;
  }
  return secrets;
}

}  // namespace lwm2m::replay
