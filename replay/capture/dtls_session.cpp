#include "capture/dtls_session.h"

#include <algorithm>
#include <map>

#include "capture/dtls_cipher.h"
#include "capture/tls_alert.h"
#include "lwm2m/hash.h"
#include "lwm2m/printable.h"

namespace lwm2m::replay {

namespace {

constexpr std::size_t kRecordHeader = 13;
constexpr std::size_t kHandshakeHeader = 12;
constexpr uint8_t kDtlsConnectionId = 25;  // RFC 9146: its header has a CID of unknown length
constexpr uint8_t kClientHello = 1;
constexpr uint8_t kServerHello = 2;
constexpr uint8_t kCertificate = 11;
constexpr uint8_t kClientKeyExchange = 16;
constexpr uint8_t kFatal = 2;
// Handshake messages kept apart per side while their fragments arrive, and message numbers
// remembered as done (a retransmitted flight is not read twice).
constexpr std::size_t kMaxPendingMessages = 8;
constexpr std::size_t kMaxDoneMessages = 32;
constexpr std::size_t kMaxPskIdentity = 256;
constexpr std::size_t kMaxCnBytes = 256;

uint16_t u16(const uint8_t* p) {
  return static_cast<uint16_t>(p[0] << 8 | p[1]);
}
uint32_t u24(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) << 16 | static_cast<uint32_t>(p[1]) << 8 | p[2];
}
uint64_t u48(const uint8_t* p) {
  uint64_t value = 0;
  for (int i = 0; i < 6; ++i) value = value << 8 | p[i];
  return value;
}

struct Reassembly {
  uint8_t type = 0;
  uint32_t length = 0;
  std::vector<uint8_t> body;
  std::vector<bool> have;
  uint32_t have_count = 0;
};

// What one side of a session sent in its handshake.
struct Side {
  std::map<uint16_t, Reassembly> pending;  // by message_seq
  std::vector<uint16_t> done;
  bool changed_cipher_spec = false;
};

}  // namespace

struct DtlsSessions::State {
  std::size_t info = 0;
  TlsRandom client_random{}, server_random{};
  Side from_client, from_server;
  std::unique_ptr<DtlsRecordCipher> cipher;
  bool keys_tried = false;
};

namespace {

// One DTLS datagram's records, read against the state of its session.
class RecordReader {
 public:
  RecordReader(const TlsKeyLog& keys, DtlsSessionInfo& info, DtlsSessions::State& state,
               std::size_t& reassembly_bytes, uint64_t frame, bool from_client)
      : keys_(keys),
        info_(info),
        state_(state),
        reassembly_bytes_(reassembly_bytes),
        frame_(frame),
        from_client_(from_client) {}

  // False for a record that is not decrypted application data.
  bool record(const RecordView& record, std::vector<uint8_t>& plaintext, bool& is_plaintext);

 private:
  Side& side() { return from_client_ ? state_.from_client : state_.from_server; }
  void handshake_fragments(const uint8_t* data, std::size_t length);
  void handshake_message(uint8_t type, const uint8_t* body, std::size_t length);
  void client_hello(const uint8_t* body, std::size_t length);
  void server_hello(const uint8_t* body, std::size_t length);
  void client_certificate(const uint8_t* body, std::size_t length);
  void client_key_exchange(const uint8_t* body, std::size_t length);
  void alert(const uint8_t* data, std::size_t length, bool encrypted);
  const DtlsRecordCipher* cipher();
  void problem(const std::string& text) {
    if (info_.handshake_problem.empty()) info_.handshake_problem = text;
  }

  const TlsKeyLog& keys_;
  DtlsSessionInfo& info_;
  DtlsSessions::State& state_;
  std::size_t& reassembly_bytes_;
  uint64_t frame_;
  bool from_client_;
};

void release(Side& side, std::size_t& reassembly_bytes) {
  for (const auto& [seq, message] : side.pending) reassembly_bytes -= message.body.size();
  side.pending.clear();
}

bool RecordReader::record(const RecordView& record, std::vector<uint8_t>& plaintext,
                          bool& is_plaintext) {
  is_plaintext = false;
  if (record.epoch == 0) {
    switch (record.content_type) {
      case kDtlsHandshake:
        handshake_fragments(record.fragment, record.length);
        break;
      case kDtlsChangeCipherSpec:
        side().changed_cipher_spec = true;
        if (state_.from_client.changed_cipher_spec && state_.from_server.changed_cipher_spec) {
          info_.finished = true;
          release(state_.from_client, reassembly_bytes_);
          release(state_.from_server, reassembly_bytes_);
        }
        break;
      case kDtlsAlert:
        alert(record.fragment, record.length, false);
        break;
      default:
        break;
    }
    return false;
  }
  ++info_.encrypted_records;
  if (record.content_type == kDtlsApplicationData) ++info_.application_records;
  const DtlsRecordCipher* keys = cipher();
  if (keys == nullptr) return false;
  if (record.epoch != 1) {
    // A renegotiation's keys come from a handshake that is itself encrypted: not followed.
    if (info_.decrypted_records == 0) info_.decryption = DtlsDecryption::kRenegotiated;
    return false;
  }
  if (!keys->decrypt(from_client_, record, plaintext)) {
    if (info_.failed_records++ == 0) info_.first_failed_frame = frame_;
    return false;
  }
  ++info_.decrypted_records;
  if (record.content_type == kDtlsAlert) alert(plaintext.data(), plaintext.size(), true);
  is_plaintext = record.content_type == kDtlsApplicationData;
  return is_plaintext;
}

const DtlsRecordCipher* RecordReader::cipher() {
  if (state_.cipher) return state_.cipher.get();
  if (state_.keys_tried) return nullptr;
  state_.keys_tried = true;
  if (!info_.handshake_seen) {
    info_.decryption = DtlsDecryption::kNoHandshake;
  } else if (!info_.server_hello_seen) {
    info_.decryption = DtlsDecryption::kNoServerHello;
  } else if (const CipherSuite* suite = find_cipher_suite(info_.cipher_suite); !suite) {
    info_.decryption = DtlsDecryption::kUnsupportedSuite;
  } else if (const TlsKeyLog::Entry* entry = keys_.find(state_.client_random); !entry) {
    info_.decryption = DtlsDecryption::kNoSecret;
  } else {
    const CipherSuite& found = *find_cipher_suite(info_.cipher_suite);
    state_.cipher = DtlsRecordCipher::create(found, entry->master_secret, state_.client_random,
                                             state_.server_random);
    info_.decryption =
        state_.cipher ? DtlsDecryption::kDecrypted : DtlsDecryption::kUnsupportedSuite;
    info_.secret_source = entry->source;
  }
  return state_.cipher.get();
}

void RecordReader::handshake_fragments(const uint8_t* data, std::size_t length) {
  // A record may hold several handshake fragments (RFC 6347 §4.2.3).
  while (length >= kHandshakeHeader) {
    const uint8_t type = data[0];
    const uint32_t message_length = u24(data + 1);
    const uint16_t seq = u16(data + 4);
    const uint32_t offset = u24(data + 6);
    const uint32_t fragment_length = u24(data + 9);
    if (fragment_length > length - kHandshakeHeader ||
        uint64_t{offset} + fragment_length > message_length) {
      problem("a handshake fragment that does not fit its record or message, frame " +
              std::to_string(frame_));
      return;
    }
    const uint8_t* fragment = data + kHandshakeHeader;
    data += kHandshakeHeader + fragment_length;
    length -= kHandshakeHeader + fragment_length;

    // Only the messages read here are kept; the others (and retransmissions) are skipped.
    const bool wanted = type == kClientHello || type == kServerHello ||
                        (from_client_ && (type == kCertificate || type == kClientKeyExchange));
    Side& s = side();
    if (!wanted || std::find(s.done.begin(), s.done.end(), seq) != s.done.end()) continue;
    if (offset == 0 && fragment_length == message_length) {  // whole: no copy
      if (s.done.size() < kMaxDoneMessages) s.done.push_back(seq);
      s.pending.erase(seq);
      handshake_message(type, fragment, fragment_length);
      continue;
    }
    if (message_length > DtlsSessions::kMaxHandshakeMessage) {
      problem("a handshake message of " + std::to_string(message_length) +
              " bytes (more than this reads), frame " + std::to_string(frame_));
      continue;
    }
    auto found = s.pending.find(seq);
    if (found == s.pending.end()) {
      if (s.pending.size() >= kMaxPendingMessages ||
          reassembly_bytes_ + message_length > DtlsSessions::kMaxReassemblyBytes)
        continue;
      Reassembly fresh;
      fresh.type = type;
      fresh.length = message_length;
      fresh.body.resize(message_length);
      fresh.have.resize(message_length);
      reassembly_bytes_ += message_length;
      found = s.pending.emplace(seq, std::move(fresh)).first;
    }
    Reassembly& message = found->second;
    if (message.type != type || message.length != message_length) {
      problem("fragments of handshake message " + std::to_string(seq) +
              " disagree on its type or length, frame " + std::to_string(frame_));
      continue;
    }
    for (uint32_t i = 0; i < fragment_length; ++i) {
      message.body[offset + i] = fragment[i];
      if (!message.have[offset + i]) {
        message.have[offset + i] = true;
        ++message.have_count;
      }
    }
    if (message.have_count < message.length) continue;
    const Reassembly whole = std::move(message);
    reassembly_bytes_ -= whole.body.size();
    s.pending.erase(found);
    if (s.done.size() < kMaxDoneMessages) s.done.push_back(seq);
    handshake_message(whole.type, whole.body.data(), whole.body.size());
  }
}

void RecordReader::handshake_message(uint8_t type, const uint8_t* body, std::size_t length) {
  switch (type) {
    case kClientHello:
      if (from_client_) client_hello(body, length);
      break;
    case kServerHello:
      if (!from_client_) server_hello(body, length);
      break;
    case kCertificate:
      client_certificate(body, length);
      break;
    case kClientKeyExchange:
      client_key_exchange(body, length);
      break;
    default:
      break;
  }
}

void RecordReader::client_hello(const uint8_t* body, std::size_t length) {
  // client_version (2), random (32), ...
  if (length < 34) {
    problem("a ClientHello too short for its random, frame " + std::to_string(frame_));
    return;
  }
  std::copy_n(body + 2, 32, state_.client_random.begin());
  info_.handshake_seen = true;
}

void RecordReader::server_hello(const uint8_t* body, std::size_t length) {
  // server_version (2), random (32), session_id (1 + n), cipher_suite (2), ...
  if (length < 35 || length < 35 + std::size_t{body[34]} + 2) {
    problem("a ServerHello too short for its cipher suite, frame " + std::to_string(frame_));
    return;
  }
  std::copy_n(body + 2, 32, state_.server_random.begin());
  info_.cipher_suite = u16(body + 35 + body[34]);
  info_.server_hello_seen = true;
}

void RecordReader::client_certificate(const uint8_t* body, std::size_t length) {
  // certificate_list (3 + n): certificates of 3 + n bytes each, the client's own first.
  info_.certificate_frame = frame_;
  info_.empty_certificate = false;
  info_.certificate = {};
  if (length < 3 || u24(body) != length - 3) {
    info_.certificate.error = "the Certificate message is malformed";
    return;
  }
  if (length == 3) {
    info_.empty_certificate = true;
    return;
  }
  if (length < 6 || u24(body + 3) > length - 6) {
    info_.certificate.error = "the Certificate message is malformed";
    return;
  }
  info_.certificate = net::read_certificate_subject(body + 6, u24(body + 3));
  // Kept per session for the listing: bounded. A CN the seed wants is at most "255:" and a name
  // of 63 bytes; a longer one matches no Register either way.
  if (info_.certificate.cn.size() > kMaxCnBytes) info_.certificate.cn.resize(kMaxCnBytes);
  if (info_.certificate.dn.size() > kMaxCnBytes) info_.certificate.dn.resize(kMaxCnBytes);
}

void RecordReader::client_key_exchange(const uint8_t* body, std::size_t length) {
  // PSK key exchanges (plain, DHE, ECDHE) start with psk_identity (2 + n), RFC 4279 / RFC 5489.
  const CipherSuite* suite = find_cipher_suite(info_.cipher_suite);
  if (!suite || !suite->psk || length < 2 || u16(body) > length - 2) return;
  const std::size_t identity_length = std::min<std::size_t>(u16(body), kMaxPskIdentity);
  info_.psk_identity.assign(reinterpret_cast<const char*>(body + 2), identity_length);
  info_.psk_identity_frame = frame_;
}

void RecordReader::alert(const uint8_t* data, std::size_t length, bool encrypted) {
  if (length < 2) return;
  CapturedAlert alert{frame_, !from_client_, data[0], data[1], encrypted};
  // The first alert in clear ends a handshake; after it, only a fatal alert is news.
  if (encrypted ? (alert.level != kFatal || (info_.alert && info_.alert->level == kFatal))
                : info_.alert.has_value())
    return;
  info_.alert = alert;
}

}  // namespace

bool looks_like_dtls(const uint8_t* payload, std::size_t length) {
  return length >= kRecordHeader && payload[0] >= kDtlsChangeCipherSpec &&
         payload[0] <= kDtlsConnectionId && payload[1] == 0xfe &&
         (payload[2] == 0xff || payload[2] == 0xfd);
}

std::string describe_alert(const CapturedAlert& alert) {
  std::string text = alert.level == kFatal ? "fatal alert " : "alert ";
  text += std::to_string(alert.description);
  if (const std::string_view name = tls_alert_name(alert.description); !name.empty()) {
    text += " (" + std::string(name) + ")";
  }
  return text;
}

std::string undecrypted_reason(const DtlsSessionInfo& s) {
  // No application data at all: what the handshake came to says why.
  if (s.application_records == 0) {
    if (s.alert && s.alert->level == kFatal)
      return std::string("the ") + (s.alert->from_server ? "server" : "client") +
             " ended the handshake with " + describe_alert(*s.alert) + " in frame " +
             std::to_string(s.alert->frame);
    if (!s.handshake_seen) return "the handshake is not in the capture";
    if (!s.finished) return "the handshake did not finish";
    return "no application data";
  }
  switch (s.decryption) {
    case DtlsDecryption::kDecrypted:
      if (s.failed_records == 0) return "";
      if (s.decrypted_records == 0)
        return "the session secret does not decrypt it (authentication failed in frame " +
               std::to_string(s.first_failed_frame) + ")";
      return std::to_string(s.failed_records) +
             " records fail authentication (the first in frame " +
             std::to_string(s.first_failed_frame) + ")";
    case DtlsDecryption::kNoHandshake:
      return "the handshake is not in the capture";
    case DtlsDecryption::kNoServerHello:
      return "the ServerHello is not in the capture";
    case DtlsDecryption::kUnsupportedSuite:
      return "cannot decrypt: cipher suite " + cipher_suite_hex(s.cipher_suite) +
             " is not supported";
    case DtlsDecryption::kNoSecret:
      return "no secret for this session (use --keylog)";
    case DtlsDecryption::kRenegotiated:
      return "its records after a renegotiation (epoch 2 and later) are not followed";
    case DtlsDecryption::kNothingEncrypted:
      break;
  }
  return "no encrypted record";
}

std::size_t DtlsSessions::PairHash::operator()(const PairKey& key) const {
  const net::TransportAddressHash hash;
  return hash(key.low) ^ static_cast<std::size_t>(mix64(hash(key.high)));
}

DtlsSessions::DtlsSessions(const TlsKeyLog& keys) : keys_(keys) {}
DtlsSessions::~DtlsSessions() = default;

void DtlsSessions::start_session(State& state, uint64_t frame, const net::TransportAddress& client,
                                 const net::TransportAddress& server, bool handshake_seen) {
  release(state.from_client, reassembly_bytes_);
  release(state.from_server, reassembly_bytes_);
  state = State{};
  state.info = infos_.size();
  DtlsSessionInfo info;
  info.client = client;
  info.server = server;
  info.first_frame = frame;
  info.handshake_seen = handshake_seen;
  infos_.push_back(std::move(info));
}

DtlsSessions::State* DtlsSessions::state_for(uint64_t frame, const net::TransportAddress& source,
                                             const net::TransportAddress& destination,
                                             bool client_hello) {
  const bool source_low = source < destination;
  const PairKey key{source_low ? source : destination, source_low ? destination : source};
  auto found = states_.find(key);
  if (found == states_.end()) {
    if (infos_.size() >= kMaxSessions) return nullptr;
    found = states_.emplace(key, std::make_unique<State>()).first;
    // Without a ClientHello the client is a guess: the side not on a CoAP port.
    const bool source_is_client = client_hello || !(source.port == 5684 || source.port == 5683) ||
                                  destination.port == 5684 || destination.port == 5683;
    start_session(*found->second, frame, source_is_client ? source : destination,
                  source_is_client ? destination : source, false);
    return found->second.get();
  }
  State& state = *found->second;
  if (client_hello) {
    const DtlsSessionInfo& info = infos_[state.info];
    // A ClientHello after the ServerHello, or from the other side, starts a new session (a
    // client that reconnects from the same port); before it, it is the same one (the second
    // ClientHello of a cookie exchange, a retransmission).
    const bool fresh =
        !info.handshake_seen && !info.server_hello_seen && info.encrypted_records == 0;
    if (info.client != source && fresh) {
      std::swap(infos_[state.info].client, infos_[state.info].server);
      std::swap(state.from_client, state.from_server);
    } else if (!fresh &&
               (info.client != source || info.server_hello_seen || info.encrypted_records > 0)) {
      start_session(state, frame, source, destination, false);
    }
  }
  return &state;
}

bool DtlsSessions::read(uint64_t frame, const net::TransportAddress& source,
                        const net::TransportAddress& destination, const uint8_t* payload,
                        std::size_t length, std::vector<Plaintext>& decrypted) {
  if (!looks_like_dtls(payload, length)) return false;
  const bool client_hello = payload[0] == kDtlsHandshake && u16(payload + 3) == 0 &&
                            length > kRecordHeader && payload[kRecordHeader] == kClientHello;
  State* state = state_for(frame, source, destination, client_hello);
  if (state == nullptr) {
    ++untracked_;
    return false;
  }
  DtlsSessionInfo& info = infos_[state->info];
  RecordReader reader(keys_, info, *state, reassembly_bytes_, frame, source == info.client);
  bool whole = true;
  std::vector<uint8_t> plaintext;
  while (length > 0) {
    if (!looks_like_dtls(payload, length) || payload[0] == kDtlsConnectionId ||
        u16(payload + 11) > length - kRecordHeader)
      return false;  // what follows cannot be read as records
    RecordView record;
    record.content_type = payload[0];
    record.version = u16(payload + 1);
    record.epoch = u16(payload + 3);
    record.sequence = u48(payload + 5);
    record.length = u16(payload + 11);
    record.fragment = payload + kRecordHeader;
    bool is_plaintext = false;
    if (!reader.record(record, plaintext, is_plaintext)) whole = false;
    if (is_plaintext) decrypted.push_back({std::move(plaintext), state->info});
    payload += kRecordHeader + record.length;
    length -= kRecordHeader + record.length;
  }
  return whole;
}

}  // namespace lwm2m::replay
