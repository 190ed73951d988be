#include "capture/dtls_cipher.h"

#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace lwm2m::replay {

namespace {

constexpr int kAes128Gcm = GNUTLS_CIPHER_AES_128_GCM;
constexpr int kAes256Gcm = GNUTLS_CIPHER_AES_256_GCM;
constexpr int kAes128Ccm = GNUTLS_CIPHER_AES_128_CCM;
constexpr int kAes256Ccm = GNUTLS_CIPHER_AES_256_CCM;
constexpr int kAes128Ccm8 = GNUTLS_CIPHER_AES_128_CCM_8;
constexpr int kAes256Ccm8 = GNUTLS_CIPHER_AES_256_CCM_8;
constexpr int kChaCha = GNUTLS_CIPHER_CHACHA20_POLY1305;

// The AEAD suites of TLS 1.2 that LwM2M devices and servers use (LwM2M's mandatory
// TLS_PSK_WITH_AES_128_CCM_8 and TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 first) and their relatives.
// {id, name, cipher, key, fixed IV, explicit nonce, tag, SHA-384, PSK}
constexpr CipherSuite kSuites[] = {
    {0xc0ae, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8", kAes128Ccm8, 16, 4, 8, 8, false, false},
    {0xc0a8, "TLS_PSK_WITH_AES_128_CCM_8", kAes128Ccm8, 16, 4, 8, 8, false, true},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", kAes128Ccm, 16, 4, 8, 16, false, false},
    {0xc0a4, "TLS_PSK_WITH_AES_128_CCM", kAes128Ccm, 16, 4, 8, 16, false, true},
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", kAes128Gcm, 16, 4, 8, 16, false, false},
    {0x00a8, "TLS_PSK_WITH_AES_128_GCM_SHA256", kAes128Gcm, 16, 4, 8, 16, false, true},
    {0xc0af, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM_8", kAes256Ccm8, 32, 4, 8, 8, false, false},
    {0xc0a9, "TLS_PSK_WITH_AES_256_CCM_8", kAes256Ccm8, 32, 4, 8, 8, false, true},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", kAes256Ccm, 32, 4, 8, 16, false, false},
    {0xc0a5, "TLS_PSK_WITH_AES_256_CCM", kAes256Ccm, 32, 4, 8, 16, false, true},
    {0xc0a6, "TLS_DHE_PSK_WITH_AES_128_CCM", kAes128Ccm, 16, 4, 8, 16, false, true},
    {0xc0a7, "TLS_DHE_PSK_WITH_AES_256_CCM", kAes256Ccm, 32, 4, 8, 16, false, true},
    {0xc0aa, "TLS_PSK_DHE_WITH_AES_128_CCM_8", kAes128Ccm8, 16, 4, 8, 8, false, true},
    {0xc0ab, "TLS_PSK_DHE_WITH_AES_256_CCM_8", kAes256Ccm8, 32, 4, 8, 8, false, true},
    {0xd001, "TLS_ECDHE_PSK_WITH_AES_128_GCM_SHA256", kAes128Gcm, 16, 4, 8, 16, false, true},
    {0xd002, "TLS_ECDHE_PSK_WITH_AES_256_GCM_SHA384", kAes256Gcm, 32, 4, 8, 16, true, true},
    {0xd003, "TLS_ECDHE_PSK_WITH_AES_128_CCM_8_SHA256", kAes128Ccm8, 16, 4, 8, 8, false, true},
    {0xd005, "TLS_ECDHE_PSK_WITH_AES_128_CCM_SHA256", kAes128Ccm, 16, 4, 8, 16, false, true},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", kAes256Gcm, 32, 4, 8, 16, true, false},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", kAes128Gcm, 16, 4, 8, 16, false, false},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", kAes256Gcm, 32, 4, 8, 16, true, false},
    {0x00a9, "TLS_PSK_WITH_AES_256_GCM_SHA384", kAes256Gcm, 32, 4, 8, 16, true, true},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", kAes128Gcm, 16, 4, 8, 16, false, false},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", kAes256Gcm, 32, 4, 8, 16, true, false},
    {0xc09c, "TLS_RSA_WITH_AES_128_CCM", kAes128Ccm, 16, 4, 8, 16, false, false},
    {0xc0a0, "TLS_RSA_WITH_AES_128_CCM_8", kAes128Ccm8, 16, 4, 8, 8, false, false},
    // RFC 7905: a 12-byte IV XORed with the 64-bit epoch and sequence number; no explicit nonce.
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", kChaCha, 32, 12, 0, 16, false, false},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kChaCha, 32, 12, 0, 16, false, false},
    {0xccab, "TLS_PSK_WITH_CHACHA20_POLY1305_SHA256", kChaCha, 32, 12, 0, 16, false, true},
    {0xccac, "TLS_ECDHE_PSK_WITH_CHACHA20_POLY1305_SHA256", kChaCha, 32, 12, 0, 16, false, true},
};

constexpr std::size_t kMaxFixedIv = 12;
constexpr std::size_t kMaxTag = 16;

void put_u16(uint8_t* p, uint16_t value) {
  p[0] = static_cast<uint8_t>(value >> 8);
  p[1] = static_cast<uint8_t>(value);
}

// epoch (2) + sequence number (6): DTLS's 64-bit record number (RFC 6347 §4.1).
void put_record_number(uint8_t* p, const RecordView& record) {
  put_u16(p, record.epoch);
  for (int i = 0; i < 6; ++i) p[2 + i] = static_cast<uint8_t>(record.sequence >> (8 * (5 - i)));
}

}  // namespace

const CipherSuite* find_cipher_suite(uint16_t id) {
  for (const CipherSuite& suite : kSuites)
    if (suite.id == id) return &suite;
  return nullptr;
}

std::string cipher_suite_hex(uint16_t id) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", id);
  return text;
}

std::vector<uint8_t> tls12_prf(bool sha384, const uint8_t* secret, std::size_t secret_length,
                               std::string_view label, const std::vector<uint8_t>& seed,
                               std::size_t length) {
  const gnutls_mac_algorithm_t mac = sha384 ? GNUTLS_MAC_SHA384 : GNUTLS_MAC_SHA256;
  const std::size_t hash_length = sha384 ? 48 : 32;
  // P_hash(secret, label + seed): A(0) = label + seed, A(i) = HMAC(secret, A(i-1)),
  // output HMAC(secret, A(i) + label + seed) for i = 1, 2, ...
  std::vector<uint8_t> label_seed(label.begin(), label.end());
  label_seed.insert(label_seed.end(), seed.begin(), seed.end());
  std::vector<uint8_t> a = label_seed;
  std::vector<uint8_t> out;
  std::array<uint8_t, 48> block{};
  std::vector<uint8_t> input;
  while (out.size() < length) {
    gnutls_hmac_fast(mac, secret, secret_length, a.data(), a.size(), block.data());
    a.assign(block.begin(), block.begin() + hash_length);
    input = a;
    input.insert(input.end(), label_seed.begin(), label_seed.end());
    gnutls_hmac_fast(mac, secret, secret_length, input.data(), input.size(), block.data());
    out.insert(out.end(), block.begin(), block.begin() + hash_length);
  }
  out.resize(length);
  return out;
}

struct DtlsRecordCipher::Direction {
  gnutls_aead_cipher_hd_t handle = nullptr;
  std::array<uint8_t, kMaxFixedIv> iv{};
  ~Direction() {
    if (handle) gnutls_aead_cipher_deinit(handle);
  }
};

DtlsRecordCipher::DtlsRecordCipher(const CipherSuite& suite) : suite_(suite) {}
DtlsRecordCipher::~DtlsRecordCipher() = default;

std::unique_ptr<DtlsRecordCipher> DtlsRecordCipher::create(const CipherSuite& suite,
                                                           const MasterSecret& master_secret,
                                                           const TlsRandom& client_random,
                                                           const TlsRandom& server_random) {
  std::vector<uint8_t> seed(server_random.begin(), server_random.end());
  seed.insert(seed.end(), client_random.begin(), client_random.end());
  // client_write_MAC_key and server_write_MAC_key are empty for AEAD suites; then
  // client_write_key, server_write_key, client_write_IV, server_write_IV.
  const std::size_t keys = suite.key_length, ivs = suite.fixed_iv_length;
  const std::vector<uint8_t> block =
      tls12_prf(suite.sha384, master_secret.data(), master_secret.size(), "key expansion", seed,
                2 * keys + 2 * ivs);
  std::unique_ptr<DtlsRecordCipher> cipher(new DtlsRecordCipher(suite));
  cipher->client_ = std::make_unique<Direction>();
  cipher->server_ = std::make_unique<Direction>();
  const std::pair<Direction*, std::size_t> sides[] = {{cipher->client_.get(), 0},
                                                      {cipher->server_.get(), 1}};
  for (const auto& [direction, index] : sides) {
    gnutls_datum_t key{const_cast<uint8_t*>(block.data() + index * keys),
                       static_cast<unsigned>(keys)};
    if (gnutls_aead_cipher_init(&direction->handle,
                                static_cast<gnutls_cipher_algorithm_t>(suite.cipher), &key) < 0) {
      direction->handle = nullptr;
      return nullptr;
    }
    std::copy_n(block.begin() + 2 * keys + index * ivs, ivs, direction->iv.begin());
  }
  return cipher;
}

bool DtlsRecordCipher::decrypt(bool from_client, const RecordView& record,
                               std::vector<uint8_t>& plaintext) const {
  const Direction& direction = from_client ? *client_ : *server_;
  const std::size_t explicit_length = suite_.explicit_nonce_length;
  if (record.length < explicit_length + suite_.tag_length) return false;
  const std::size_t plain_length = record.length - explicit_length - suite_.tag_length;

  // The nonce: the fixed IV then the record's explicit nonce (GCM, CCM); or the fixed IV XORed
  // with the record number, left-padded to 12 bytes (ChaCha20-Poly1305).
  std::array<uint8_t, 12> nonce{};
  if (explicit_length > 0) {
    std::copy_n(direction.iv.begin(), suite_.fixed_iv_length, nonce.begin());
    std::copy_n(record.fragment, explicit_length, nonce.begin() + suite_.fixed_iv_length);
  } else {
    put_record_number(nonce.data() + 4, record);
    for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] ^= direction.iv[i];
  }
  // Additional data: record number, type, version, plaintext length (RFC 5246 §6.2.3.3, with
  // DTLS's epoch and sequence number as the 64-bit seq_num).
  uint8_t additional[13];
  put_record_number(additional, record);
  additional[8] = record.content_type;
  put_u16(additional + 9, record.version);
  put_u16(additional + 11, static_cast<uint16_t>(plain_length));

  plaintext.resize(plain_length + kMaxTag);
  std::size_t out_length = plaintext.size();
  const int rc = gnutls_aead_cipher_decrypt(
      direction.handle, nonce.data(), suite_.fixed_iv_length + explicit_length, additional,
      sizeof additional, suite_.tag_length, record.fragment + explicit_length,
      record.length - explicit_length, plaintext.data(), &out_length);
  if (rc < 0 || out_length != plain_length) return false;
  plaintext.resize(out_length);
  return true;
}

}  // namespace lwm2m::replay
