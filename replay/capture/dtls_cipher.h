// DTLS 1.2 record protection from a TLS 1.2 master secret: the cipher suites this can decrypt, the
// TLS 1.2 PRF and key expansion (RFC 5246 §5, §6.3), and the AEAD record decryption of RFC 6347
// §4.1.2 / RFC 5246 §6.2.3.3 (AES-GCM, RFC 5288; AES-CCM, RFC 6655; ChaCha20-Poly1305, RFC 7905).
// The crypto is GnuTLS's (gnutls_hmac_fast, gnutls_aead_cipher_*); only the framing is here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "capture/tls_keylog.h"

namespace lwm2m::replay {

// An AEAD cipher suite of TLS 1.2, as far as decrypting its records needs.
struct CipherSuite {
  uint16_t id;
  const char* name;  // IANA's, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8"
  int cipher;        // gnutls_cipher_algorithm_t
  uint8_t key_length;
  uint8_t fixed_iv_length;        // 4 (GCM, CCM: salt) or 12 (ChaCha20-Poly1305: XORed)
  uint8_t explicit_nonce_length;  // 8 (GCM, CCM: sent with each record) or 0
  uint8_t tag_length;
  bool sha384;  // the PRF hash: SHA-384 for *_SHA384 suites, else SHA-256
  bool psk;     // the key exchange uses a pre-shared key (the ClientKeyExchange names it)
};

// The suite `id`, or null when this cannot decrypt it (CBC, stream and TLS 1.3 suites...).
const CipherSuite* find_cipher_suite(uint16_t id);

// "0xc0ae" as cipher suites are written.
std::string cipher_suite_hex(uint16_t id);

// P_SHA256 / P_SHA384 of RFC 5246 §5: `length` bytes of PRF(secret, label, seed).
std::vector<uint8_t> tls12_prf(bool sha384, const uint8_t* secret, std::size_t secret_length,
                               std::string_view label, const std::vector<uint8_t>& seed,
                               std::size_t length);

// A DTLS record as decryption needs it: its 13-byte header and its fragment.
struct RecordView {
  uint8_t content_type = 0;
  uint16_t version = 0;
  uint16_t epoch = 0;
  uint64_t sequence = 0;  // 48 bits
  const uint8_t* fragment = nullptr;
  std::size_t length = 0;
};

// Both directions' keys of one session.
class DtlsRecordCipher {
 public:
  // Expands the master secret into the keys (RFC 5246 §6.3: key_block = PRF(master_secret,
  // "key expansion", server_random + client_random)). Null when GnuTLS refuses the key.
  static std::unique_ptr<DtlsRecordCipher> create(const CipherSuite& suite,
                                                  const MasterSecret& master_secret,
                                                  const TlsRandom& client_random,
                                                  const TlsRandom& server_random);
  ~DtlsRecordCipher();
  DtlsRecordCipher(const DtlsRecordCipher&) = delete;
  DtlsRecordCipher& operator=(const DtlsRecordCipher&) = delete;

  // Decrypts a record the client (`from_client`) or the server sent into `plaintext`. False when
  // the record is too short or its authentication tag does not verify (a wrong secret, a record
  // of another session, a corrupt record).
  bool decrypt(bool from_client, const RecordView& record, std::vector<uint8_t>& plaintext) const;

  const CipherSuite& suite() const { return suite_; }

 private:
  struct Direction;
  explicit DtlsRecordCipher(const CipherSuite& suite);

  const CipherSuite& suite_;
  std::unique_ptr<Direction> client_, server_;
};

}  // namespace lwm2m::replay
