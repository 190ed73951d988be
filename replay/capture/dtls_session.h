// Following DTLS 1.2 sessions through a capture: per pair of transport addresses, the handshake
// as far as it travels in clear (RFC 6347 §4.2: ClientHello and ServerHello randoms, the cipher
// suite, the client's Certificate or PSK identity, alerts), handshake messages reassembled from
// fragments across records and datagrams, and then, with the session's secret from a key log, the
// encrypted records decrypted. The side that sends the ClientHello is the client.
//
// Bounded on any input: at most kMaxSessions sessions, handshake messages of at most
// kMaxHandshakeMessage bytes, at most kMaxReassemblyBytes of them buffered in all; reassembly
// buffers are freed when a handshake ends; a certificate's CN and DN are kept to 256 bytes.
// Nothing here throws on what a capture holds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/tls_keylog.h"
#include "net/transport_address.h"
#include "net/x509_certificate.h"

namespace lwm2m::replay {

// Why a session's encrypted records are, or are not, decrypted.
enum class DtlsDecryption {
  kNothingEncrypted,  // no encrypted record yet
  kDecrypted,         // keys made from the key log's secret (some records may still fail)
  kNoHandshake,       // the capture starts after the handshake: no randoms, no suite
  kNoServerHello,     // the ServerHello (server random, suite) is not in the capture
  kUnsupportedSuite,  // not an AEAD suite this can decrypt (dtls_cipher.h)
  kNoSecret,          // the key log has no secret for the ClientHello's random
  kRenegotiated,      // records of an epoch after 1: a renegotiation, not followed
};

struct CapturedAlert {
  uint64_t frame = 0;
  bool from_server = false;
  uint8_t level = 0;  // 1 warning, 2 fatal
  uint8_t description = 0;
  bool encrypted = false;  // read after decryption
};

// What the capture shows of one DTLS session.
struct DtlsSessionInfo {
  net::TransportAddress client, server;
  uint64_t first_frame = 0;
  bool handshake_seen = false;     // its ClientHello is in the capture
  bool server_hello_seen = false;  // and the server's answer
  uint16_t cipher_suite = 0;       // from the ServerHello
  bool finished = false;           // both sides changed to the new keys

  // The client's Certificate message: the leaf certificate's Subject (ok or the reason not),
  // or an empty certificate_list (the client had none to send).
  uint64_t certificate_frame = 0;  // the frame that completed it; 0: none in the capture
  bool empty_certificate = false;
  net::CertificateSubject certificate;

  // The PSK identity of the ClientKeyExchange, for PSK suites.
  uint64_t psk_identity_frame = 0;  // 0: none seen
  std::string psk_identity;

  // The first alert sent in clear, or the first fatal one after decryption: a server ending the
  // handshake (unknown_ca...) shows here.
  std::optional<CapturedAlert> alert;

  DtlsDecryption decryption = DtlsDecryption::kNothingEncrypted;
  SecretSource secret_source = SecretSource::kCapture;  // when decrypted
  uint64_t encrypted_records = 0;                       // records of epoch 1 and later
  uint64_t application_records = 0;                     // of them, application data
  uint64_t decrypted_records = 0;                       // records whose authentication tag verified
  uint64_t failed_records = 0;                          // records whose tag did not verify
  uint64_t first_failed_frame = 0;
  std::string handshake_problem;  // a handshake message too large or malformed; "" when none
};

// The record's content types (RFC 6347 §4.1, RFC 9146).
constexpr uint8_t kDtlsChangeCipherSpec = 20;
constexpr uint8_t kDtlsAlert = 21;
constexpr uint8_t kDtlsHandshake = 22;
constexpr uint8_t kDtlsApplicationData = 23;

// Whether `payload` starts with a DTLS record header: content type 20-25, version 0xfeff (DTLS
// 1.0) or 0xfefd (1.2), and 13 bytes of header.
bool looks_like_dtls(const uint8_t* payload, std::size_t length);

// "alert 48 (unknown_ca)", "fatal alert 48 (unknown_ca)".
std::string describe_alert(const CapturedAlert& alert);

// Why the session's application data cannot be read, "" when it was decrypted: "no session
// secret for it (use --keylog)", "cannot decrypt: cipher suite 0xc0b4 is not supported"; for a
// session without application data, what ended it ("the server ended the handshake with fatal
// alert 48 (unknown_ca) in frame 10").
std::string undecrypted_reason(const DtlsSessionInfo& session);

class DtlsSessions {
 public:
  explicit DtlsSessions(const TlsKeyLog& keys);
  ~DtlsSessions();
  DtlsSessions(const DtlsSessions&) = delete;
  DtlsSessions& operator=(const DtlsSessions&) = delete;

  // One decrypted application data record.
  struct Plaintext {
    std::vector<uint8_t> bytes;
    std::size_t session = 0;  // index in sessions()
  };

  // Follows the DTLS records of one datagram (a payload looks_like_dtls) sent from `source` to
  // `destination`; appends to `decrypted` the application data it decrypted. Returns true when
  // that was the whole datagram: every record was application data and decrypted.
  bool read(uint64_t frame, const net::TransportAddress& source,
            const net::TransportAddress& destination, const uint8_t* payload, std::size_t length,
            std::vector<Plaintext>& decrypted);

  // Every session met, in the order of their first record.
  const std::vector<DtlsSessionInfo>& sessions() const { return infos_; }
  // Datagrams of address pairs beyond kMaxSessions, not followed.
  uint64_t untracked_datagrams() const { return untracked_; }

  static constexpr std::size_t kMaxSessions = 256 * 1024;
  static constexpr std::size_t kMaxHandshakeMessage = 64 * 1024;
  static constexpr std::size_t kMaxReassemblyBytes = 64 * 1024 * 1024;

  struct State;  // a session's handshake and keys (dtls_session.cpp)

 private:
  struct PairKey {
    net::TransportAddress low, high;
    friend bool operator==(const PairKey& a, const PairKey& b) {
      return a.low == b.low && a.high == b.high;
    }
  };
  struct PairHash {
    std::size_t operator()(const PairKey& key) const;
  };

  State* state_for(uint64_t frame, const net::TransportAddress& source,
                   const net::TransportAddress& destination, bool client_hello);
  void start_session(State& state, uint64_t frame, const net::TransportAddress& client,
                     const net::TransportAddress& server, bool handshake_seen);

  const TlsKeyLog& keys_;
  std::vector<DtlsSessionInfo> infos_;
  std::unordered_map<PairKey, std::unique_ptr<State>, PairHash> states_;
  std::size_t reassembly_bytes_ = 0;
  uint64_t untracked_ = 0;
};

}  // namespace lwm2m::replay
