// DTLS in captures: the key log, the pcapng Decryption Secrets Blocks, the TLS 1.2 PRF, and the
// sessions of the real certificate and PSK captures of samples/ (samples/README.md, "The
// certificate captures"), followed and decrypted as the replay reads them.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/captured_message.h"
#include "capture/decrypting_feed.h"
#include "capture/dtls_cipher.h"
#include "capture/dtls_session.h"
#include "capture/pcapng_secrets.h"
#include "capture/tls_keylog.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "frame_builder.h"

namespace lwm2m::replay {
namespace {

using test::Bytes;
using test::TempDir;

std::string sample(const std::string& name) {
  return std::string(LWM2M_SAMPLES_DIR) + "/" + name;
}

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string to_hex(const uint8_t* data, std::size_t length) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < length; ++i) {
    out += digits[data[i] >> 4];
    out += digits[data[i] & 15];
  }
  return out;
}

void write_text(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

Bytes read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_bytes(const std::string& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// cert-match.pcapng's session secret, as its Decryption Secrets Block holds it.
constexpr const char* kCertMatchRandom =
    "594fb3c5593884e74477899eb90ccd3fa9a9220ace077e35903bb3e520960a5d";
constexpr const char* kCertMatchSecret =
    "c10d4aed1c3ebd50648eceefc5937418d825e44566e9b54e5f70a697392daa0257a958bd12a99ca7439615ef9e"
    "1570c0";

// A datagram as the decrypting feed handed it out, copied.
struct Out {
  uint64_t frame = 0;
  std::string source, destination;
  Bytes payload;
  bool decrypted = false;
  bool continued = false;
  std::size_t session = SIZE_MAX;
};

struct Decoded {
  std::vector<Out> datagrams;
  std::vector<DtlsSessionInfo> sessions;
  std::vector<Out> decrypted() const {
    std::vector<Out> out;
    for (const Out& d : datagrams)
      if (d.decrypted) out.push_back(d);
    return out;
  }
};

Decoded decode(DatagramFeed source, const TlsKeyLog& keys) {
  DecryptingFeed feed(std::move(source), keys);
  Decoded decoded;
  Datagram d;
  while (feed.next(d))
    decoded.datagrams.push_back({d.frame_number, d.source.to_string(), d.destination.to_string(),
                                 Bytes(d.payload, d.payload + d.payload_length), d.decrypted,
                                 d.continued, d.dtls_session});
  decoded.sessions = feed.dtls().sessions();
  return decoded;
}

// A sample read with its own embedded secrets (and `extra` key log text, if any).
Decoded decode_sample(const std::string& name, bool embedded = true) {
  TlsKeyLog keys;
  if (embedded) read_pcapng_secrets(sample(name), keys);
  CaptureReader reader(sample(name), "");
  return decode([&reader](Datagram& d) { return reader.next(d); }, keys);
}

// Every UDP datagram of a sample, copied, to be changed and fed again.
struct Captured {
  uint64_t frame;
  net::TransportAddress source, destination;
  Bytes payload;
};

std::vector<Captured> datagrams_of(const std::string& name) {
  CaptureReader reader(sample(name), "");
  std::vector<Captured> out;
  Datagram d;
  while (reader.next(d))
    out.push_back(
        {d.frame_number, d.source, d.destination, Bytes(d.payload, d.payload + d.payload_length)});
  return out;
}

DatagramFeed feed_of(const std::vector<Captured>& list) {
  return [&list, at = std::size_t{0}](Datagram& d) mutable {
    if (at == list.size()) return false;
    const Captured& c = list[at++];
    d = Datagram{};
    d.frame_number = c.frame;
    d.source = c.source;
    d.destination = c.destination;
    d.payload = c.payload.data();
    d.payload_length = c.payload.size();
    return true;
  };
}

// --- the TLS 1.2 PRF --------------------------------------------------------------------------

// The P_SHA256 test vector of the IETF TLS list (also in many TLS libraries' tests), and a
// P_SHA384 one computed independently with Python's hmac.
TEST(Tls12Prf, Sha256AndSha384Vectors) {
  const Bytes secret = from_hex("9bbe436ba940f017b17652849a71db35");
  const std::vector<uint8_t> seed = from_hex("a0ba9f936cda311827a6f796ffd5198c");
  const std::vector<uint8_t> out =
      tls12_prf(false, secret.data(), secret.size(), "test label", seed, 100);
  EXPECT_EQ(to_hex(out.data(), out.size()),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a4"
            "6b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d1"
            "22ee42c5a72e5a5110fff70187347b66");
  const Bytes secret384 = from_hex("b80b733d6ceefcdc71566ea48e5567df");
  const std::vector<uint8_t> seed384 = from_hex("cd665cf6a8447dd6ff8b27555edb7465");
  const std::vector<uint8_t> out384 =
      tls12_prf(true, secret384.data(), secret384.size(), "test label", seed384, 148);
  EXPECT_EQ(to_hex(out384.data(), out384.size()),
            "7b0c18e9ced410ed1804f2cfa34a336a1c14dffb4900bb5fd7942107e81c83cde9ca0faa60be9fe34f82"
            "b1233c9146a0e534cb400fed2700884f9dc236f80edd8bfa961144c9e8d792eca722a7b32fc3d416d473"
            "ebc2c5fd4abfdad05d9184259b5bf8cd4d90fa0d31e2dec479e4f1a26066f2eea9a69236a3e52655c9e9"
            "aee691c8f3a26854308d5eaa3be85e0990703d73e56f");
}

TEST(CipherSuites, TheAeadSuitesLwm2mUsesAndNoOthers) {
  for (const uint16_t id : {0xc0ae, 0xc0a8, 0xc0ac, 0xc0a4, 0xc02b, 0x00a8}) {
    const CipherSuite* suite = find_cipher_suite(id);
    ASSERT_NE(suite, nullptr) << cipher_suite_hex(id);
    EXPECT_FALSE(suite->sha384);
  }
  EXPECT_STREQ(find_cipher_suite(0xc0ae)->name, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
  EXPECT_EQ(find_cipher_suite(0xc0ae)->tag_length, 8);
  EXPECT_EQ(find_cipher_suite(0xc0ac)->tag_length, 16);
  EXPECT_TRUE(find_cipher_suite(0xc0a8)->psk);
  EXPECT_FALSE(find_cipher_suite(0xc0ae)->psk);
  EXPECT_TRUE(find_cipher_suite(0xc02c)->sha384);
  // CBC suites (LwM2M 1.0's TLS_PSK_WITH_AES_128_CBC_SHA256) are not read.
  EXPECT_EQ(find_cipher_suite(0x00ae), nullptr);
  EXPECT_EQ(cipher_suite_hex(0x00ae), "0x00ae");
}

// --- the key log ------------------------------------------------------------------------------

TEST(TlsKeyLog, TakesClientRandomLinesAndSkipsEverythingElse) {
  TlsKeyLog keys;
  const std::string text = std::string("# SSL/TLS secrets log file\n") +
                           "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + kCertMatchRandom + " 00\n" +
                           "CLIENT_RANDOM " + kCertMatchRandom + " " + kCertMatchSecret + "\r\n" +
                           "CLIENT_RANDOM 00 11\n" + "CLIENT_RANDOM " + kCertMatchRandom + " " +
                           std::string(96, 'z') + "\n" + "garbage\n";
  EXPECT_EQ(keys.add_text(text, SecretSource::kKeylogFile), 1u);
  ASSERT_EQ(keys.size(), 1u);
  TlsRandom random;
  const Bytes random_bytes = from_hex(kCertMatchRandom);
  std::copy(random_bytes.begin(), random_bytes.end(), random.begin());
  const TlsKeyLog::Entry* entry = keys.find(random);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(to_hex(entry->master_secret.data(), 48), kCertMatchSecret);
  EXPECT_EQ(entry->source, SecretSource::kKeylogFile);
  // The first secret of a random stays.
  EXPECT_EQ(
      keys.add_text(std::string("CLIENT_RANDOM ") + kCertMatchRandom + " " + std::string(96, '0'),
                    SecretSource::kCapture),
      1u);
  EXPECT_EQ(to_hex(keys.find(random)->master_secret.data(), 48), kCertMatchSecret);
}

TEST(TlsKeyLog, FileErrorsNameTheFile) {
  TempDir dir;
  TlsKeyLog keys;
  const std::string missing = dir.path() + "/missing.log";
  try {
    keys.add_file(missing);
    ADD_FAILURE() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--keylog " + missing + ": cannot open: No such file or directory");
  }
  const std::string tls13 = dir.path() + "/tls13.log";
  write_text(tls13, std::string("SERVER_TRAFFIC_SECRET_0 ") + kCertMatchRandom + " 00\n");
  try {
    keys.add_file(tls13);
    ADD_FAILURE() << "no error";
  } catch (const CaptureError& e) {
    EXPECT_EQ(std::string(e.what()),
              "--keylog " + tls13 +
                  ": no CLIENT_RANDOM line (an NSS key log, as SSLKEYLOGFILE writes, with "
                  "\"CLIENT_RANDOM <client random> <master secret>\" in hex)");
  }
}

// --- pcapng Decryption Secrets Blocks ---------------------------------------------------------

TEST(PcapngSecrets, ReadsTheEmbeddedKeyLogOfEachDtlsSample) {
  for (const char* name :
       {"cert-match.pcapng", "cert-type-differs.pcapng", "real-dtls.pcapng", "cert-tls.pcapng"}) {
    TlsKeyLog keys;
    EXPECT_EQ(read_pcapng_secrets(sample(name), keys), 1u) << name;
    EXPECT_EQ(keys.size(), 1u) << name;
  }
  TlsKeyLog keys;
  EXPECT_EQ(read_pcapng_secrets(sample("lifecycle.pcapng"), keys), 0u);
  EXPECT_EQ(read_pcapng_secrets(sample("no-such-file.pcapng"), keys), 0u);
  EXPECT_EQ(keys.size(), 0u);
}

// Cut anywhere, or with a block length that lies, the walk stops without reading past the file
// and takes only whole key logs.
TEST(PcapngSecrets, CutOrLyingFilesStopTheWalk) {
  TempDir dir;
  const Bytes whole = read_bytes(sample("cert-match.pcapng"));
  const std::string path = dir.path() + "/cut.pcapng";
  // A Section Header Block of 400 bytes (it has a comment), then the Decryption Secrets Block's
  // 196 (type, length, secrets type, secrets length, 176 bytes of key log, trailing length).
  constexpr std::size_t kSecretsEnd = 400 + 196;
  for (std::size_t length = 0; length < kSecretsEnd + 40; length += length < 380 ? 20 : 1) {
    write_bytes(path, Bytes(whole.begin(), whole.begin() + static_cast<long>(length)));
    TlsKeyLog keys;
    EXPECT_EQ(read_pcapng_secrets(path, keys), length >= kSecretsEnd ? 1u : 0u) << length;
  }
  Bytes lying = whole;
  lying[400 + 15] = 0x7f;  // a secrets length larger than its block
  write_bytes(path, lying);
  TlsKeyLog keys;
  EXPECT_EQ(read_pcapng_secrets(path, keys), 0u);
}

// --- sessions of the certificate captures -----------------------------------------------------

TEST(DtlsSessions, CertMatchIsDecryptedWithItsEmbeddedSecret) {
  const Decoded decoded = decode_sample("cert-match.pcapng");
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  EXPECT_EQ(s.client.to_string(), "127.0.0.1:55801");
  EXPECT_EQ(s.server.to_string(), "127.0.0.1:5684");
  EXPECT_EQ(s.first_frame, 1u);
  EXPECT_TRUE(s.handshake_seen);
  EXPECT_EQ(s.cipher_suite, 0xc0ae);
  EXPECT_TRUE(s.finished);
  EXPECT_EQ(s.certificate_frame, 9u);
  EXPECT_TRUE(s.certificate.ok);
  EXPECT_EQ(s.certificate.cn, "2:urn:imei:490154203237518");
  EXPECT_EQ(s.certificate.cn_count, 1u);
  EXPECT_EQ(s.psk_identity_frame, 0u);
  EXPECT_FALSE(s.alert.has_value());  // the close_notify alerts are warnings
  EXPECT_EQ(s.decryption, DtlsDecryption::kDecrypted);
  EXPECT_EQ(s.secret_source, SecretSource::kCapture);
  // Both Finished, the Register and its 2.01, both close_notify.
  EXPECT_EQ(s.encrypted_records, 6u);
  EXPECT_EQ(s.application_records, 2u);
  EXPECT_EQ(s.decrypted_records, 6u);
  EXPECT_EQ(s.failed_records, 0u);
  EXPECT_EQ(s.handshake_problem, "");
  EXPECT_EQ(undecrypted_reason(s), "");

  // 19 datagrams: 17 handed out as captured, frames 16 and 17 as their CoAP.
  ASSERT_EQ(decoded.datagrams.size(), 19u);
  const std::vector<Out> plain = decoded.decrypted();
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].frame, 16u);
  EXPECT_EQ(plain[0].source, "127.0.0.1:55801");
  EXPECT_EQ(plain[0].destination, "127.0.0.1:5684");
  EXPECT_FALSE(plain[0].continued);
  EXPECT_EQ(plain[0].session, 0u);
  EXPECT_EQ(to_hex(plain[0].payload.data(), plain[0].payload.size()),
            "41020bba01b272641128356570743d320d0e65703d75726e3a696d65693a343930313534323033"
            "3233373531380"
            "66c743d333030ff3c2f312f303e2c3c2f332f303e");
  EXPECT_EQ(plain[1].frame, 17u);
  EXPECT_EQ(to_hex(plain[1].payload.data(), plain[1].payload.size()),
            "61410bba01827264076262612d313839");

  PayloadReader reader;
  ASSERT_EQ(reader.read(plain[0].payload.data(), plain[0].payload.size()), PayloadKind::kCoap);
  EXPECT_EQ(describe_request(reader.message()),
            "POST /rd?ept=2&ep=urn:imei:490154203237518&lt=300");
  EXPECT_EQ(reader.message().message_id, 3002);
  ASSERT_EQ(reader.read(plain[1].payload.data(), plain[1].payload.size()), PayloadKind::kCoap);
  EXPECT_EQ(describe_response(reader.message()), "2.01 Created /rd/bba-189");
  EXPECT_EQ(reader.message().message_id, 3002);
}

TEST(DtlsSessions, TheClientCertificateCnOfEachCapture) {
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"cert-match.pcapng", {"127.0.0.1:55801", "2:urn:imei:490154203237518"}},
      {"cert-type-differs.pcapng", {"127.0.0.1:33668", "1:00A0C6-Router-SN1"}},
      {"cert-name-differs.pcapng", {"127.0.0.1:52737", "2:urn:imei:356938035643809"}},
      {"cert-no-type.pcapng", {"127.0.0.1:34660", "urn:imei:490154203237518"}},
      {"cert-type-as-name.pcapng", {"127.0.0.1:34793", "URN:urn:imei:490154203237518"}},
      {"cert-rejected.pcapng", {"127.0.0.1:58860", "2:urn:imei:490154203237518"}},
  };
  for (const auto& [name, client_cn] : expected) {
    const Decoded decoded = decode_sample(name);
    ASSERT_EQ(decoded.sessions.size(), 1u) << name;
    const DtlsSessionInfo& s = decoded.sessions[0];
    EXPECT_EQ(s.client.to_string(), client_cn.first) << name;
    EXPECT_EQ(s.certificate_frame, 9u) << name;
    EXPECT_EQ(s.certificate.cn, client_cn.second) << name;
    EXPECT_EQ(s.certificate.dn, "CN=" + client_cn.second) << name;
  }
}

TEST(DtlsSessions, CertRejectedEndsWithTheServersUnknownCaAlert) {
  const Decoded decoded = decode_sample("cert-rejected.pcapng");
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  ASSERT_TRUE(s.alert.has_value());
  EXPECT_EQ(s.alert->frame, 10u);
  EXPECT_TRUE(s.alert->from_server);
  EXPECT_EQ(s.alert->level, 2);
  EXPECT_EQ(s.alert->description, 48);
  EXPECT_FALSE(s.alert->encrypted);
  EXPECT_EQ(describe_alert(*s.alert), "fatal alert 48 (unknown_ca)");
  EXPECT_FALSE(s.finished);
  EXPECT_EQ(s.application_records, 0u);
  EXPECT_EQ(undecrypted_reason(s),
            "the server ended the handshake with fatal alert 48 (unknown_ca) in frame 10");
  EXPECT_TRUE(decoded.decrypted().empty());
  EXPECT_EQ(decoded.datagrams.size(), 14u);
}

TEST(DtlsSessions, RealDtlsWithAPreSharedKey) {
  const Decoded decoded = decode_sample("real-dtls.pcapng");
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  EXPECT_EQ(s.client.to_string(), "127.0.0.1:58584");
  EXPECT_EQ(s.cipher_suite, 0xc0a8);
  EXPECT_EQ(s.certificate_frame, 0u);
  EXPECT_EQ(s.psk_identity_frame, 7u);
  EXPECT_EQ(s.psk_identity, "urn:imei:490154203237518");
  EXPECT_EQ(s.decryption, DtlsDecryption::kDecrypted);
  const std::vector<Out> plain = decoded.decrypted();
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].frame, 12u);
  PayloadReader reader;
  ASSERT_EQ(reader.read(plain[0].payload.data(), plain[0].payload.size()), PayloadKind::kCoap);
  EXPECT_EQ(describe_request(reader.message()),
            "POST /rd?ept=2&ep=urn:imei:490154203237518&lt=300&lwm2m=1.1&b=U");
  EXPECT_EQ(plain[1].frame, 13u);
  ASSERT_EQ(reader.read(plain[1].payload.data(), plain[1].payload.size()), PayloadKind::kCoap);
  EXPECT_EQ(describe_response(reader.message()), "2.01 Created /rd/ec0c-44c");
}

// --- what stays encrypted, and why ------------------------------------------------------------

TEST(DtlsSessions, WithoutSecretsNothingIsDecrypted) {
  const Decoded decoded = decode_sample("cert-match.pcapng", false);
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  EXPECT_EQ(s.certificate.cn, "2:urn:imei:490154203237518");  // in clear all the same
  EXPECT_EQ(s.decryption, DtlsDecryption::kNoSecret);
  EXPECT_EQ(s.decrypted_records, 0u);
  EXPECT_EQ(undecrypted_reason(s), "no secret for this session (use --keylog)");
  EXPECT_TRUE(decoded.decrypted().empty());
  EXPECT_EQ(decoded.datagrams.size(), 19u);
}

TEST(DtlsSessions, AKeyLogWithoutTheSessionDecryptsNothing) {
  TlsKeyLog keys;
  keys.add_text(std::string("CLIENT_RANDOM ") + std::string(64, 'a') + " " + kCertMatchSecret,
                SecretSource::kKeylogFile);
  const std::vector<Captured> list = datagrams_of("cert-match.pcapng");
  const Decoded decoded = decode(feed_of(list), keys);
  ASSERT_EQ(decoded.sessions.size(), 1u);
  EXPECT_EQ(decoded.sessions[0].decryption, DtlsDecryption::kNoSecret);
  EXPECT_TRUE(decoded.decrypted().empty());
}

TEST(DtlsSessions, AWrongSecretFailsAuthenticationAndSaysWhere) {
  TlsKeyLog keys;
  std::string wrong = kCertMatchSecret;
  wrong[0] = wrong[0] == '0' ? '1' : '0';
  keys.add_text(std::string("CLIENT_RANDOM ") + kCertMatchRandom + " " + wrong,
                SecretSource::kKeylogFile);
  const std::vector<Captured> list = datagrams_of("cert-match.pcapng");
  const Decoded decoded = decode(feed_of(list), keys);
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  EXPECT_EQ(s.decryption, DtlsDecryption::kDecrypted);
  EXPECT_EQ(s.secret_source, SecretSource::kKeylogFile);
  EXPECT_EQ(s.decrypted_records, 0u);
  EXPECT_EQ(s.failed_records, 6u);
  EXPECT_EQ(s.first_failed_frame, 13u);  // the client's Finished
  EXPECT_EQ(undecrypted_reason(s),
            "the session secret does not decrypt it (authentication failed in frame 13)");
  EXPECT_TRUE(decoded.decrypted().empty());
  EXPECT_EQ(decoded.datagrams.size(), 19u);
}

TEST(DtlsSessions, ACaptureThatStartsAfterTheHandshake) {
  std::vector<Captured> list = datagrams_of("cert-match.pcapng");
  list.erase(list.begin(), list.begin() + 15);  // frames 16-19 only
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const Decoded decoded = decode(feed_of(list), keys);
  ASSERT_EQ(decoded.sessions.size(), 1u);
  const DtlsSessionInfo& s = decoded.sessions[0];
  EXPECT_FALSE(s.handshake_seen);
  EXPECT_EQ(s.client.to_string(), "127.0.0.1:55801");  // not on port 5684
  EXPECT_EQ(s.decryption, DtlsDecryption::kNoHandshake);
  EXPECT_EQ(undecrypted_reason(s), "the handshake is not in the capture");
  EXPECT_TRUE(decoded.decrypted().empty());
}

// The same pair of addresses: the end of one session (its handshake not captured), then a new
// handshake. The new ClientHello starts a second session, which decrypts.
TEST(DtlsSessions, ANewHandshakeOnTheSamePortsIsANewSession) {
  const std::vector<Captured> whole = datagrams_of("cert-match.pcapng");
  std::vector<Captured> list(whole.begin() + 15, whole.end());  // frames 16-19
  list.insert(list.end(), whole.begin(), whole.end());
  for (std::size_t i = 0; i < list.size(); ++i) list[i].frame = i + 1;
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const Decoded decoded = decode(feed_of(list), keys);
  ASSERT_EQ(decoded.sessions.size(), 2u);
  EXPECT_EQ(decoded.sessions[0].decryption, DtlsDecryption::kNoHandshake);
  EXPECT_EQ(decoded.sessions[1].first_frame, 5u);
  EXPECT_EQ(decoded.sessions[1].certificate_frame, 13u);
  EXPECT_EQ(decoded.sessions[1].decryption, DtlsDecryption::kDecrypted);
  const std::vector<Out> plain = decoded.decrypted();
  ASSERT_EQ(plain.size(), 2u);
  EXPECT_EQ(plain[0].frame, 20u);
  EXPECT_EQ(plain[0].session, 1u);
}

TEST(DtlsSessions, AnUnsupportedSuiteIsNamed) {
  std::vector<Captured> list = datagrams_of("cert-match.pcapng");
  // Frame 4's ServerHello: record (13) + handshake header (12) + version (2) + random (32) +
  // session id length and id, then the suite.
  Bytes& hello = list[3].payload;
  const std::size_t at = 13 + 12 + 2 + 32 + 1 + hello[13 + 12 + 2 + 32];
  ASSERT_EQ(hello[at], 0xc0);
  ASSERT_EQ(hello[at + 1], 0xae);
  hello[at + 1] = 0x23;  // TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const Decoded decoded = decode(feed_of(list), keys);
  const DtlsSessionInfo& s = decoded.sessions.at(0);
  EXPECT_EQ(s.cipher_suite, 0xc023);
  EXPECT_EQ(s.decryption, DtlsDecryption::kUnsupportedSuite);
  EXPECT_EQ(undecrypted_reason(s), "cannot decrypt: cipher suite 0xc023 is not supported");
}

// --- fragmented, truncated and junk handshakes ------------------------------------------------

// Frame 9's Certificate message (one record, one fragment) cut into handshake fragments of
// `size` bytes, each in a record of its own, `per_datagram` records to a datagram, sent in the
// order `order` gives (indexes of fragments); `skip` leaves one fragment out.
std::vector<Captured> refragment(const Captured& certificate, std::size_t size,
                                 std::size_t per_datagram, bool reverse, int skip = -1) {
  const Bytes& p = certificate.payload;
  const Bytes record_header(p.begin(), p.begin() + 13);
  const Bytes handshake_header(p.begin() + 13, p.begin() + 25);
  const Bytes body(p.begin() + 25, p.end());
  std::vector<Bytes> records;
  uint64_t sequence = 100;
  for (std::size_t offset = 0; offset < body.size(); offset += size) {
    const std::size_t length = std::min(size, body.size() - offset);
    Bytes record = record_header;
    record[10] = static_cast<uint8_t>(sequence++);
    Bytes fragment = handshake_header;
    fragment[6] = static_cast<uint8_t>(offset >> 16);
    fragment[7] = static_cast<uint8_t>(offset >> 8);
    fragment[8] = static_cast<uint8_t>(offset);
    fragment[9] = static_cast<uint8_t>(length >> 16);
    fragment[10] = static_cast<uint8_t>(length >> 8);
    fragment[11] = static_cast<uint8_t>(length);
    fragment.insert(fragment.end(), body.begin() + static_cast<long>(offset),
                    body.begin() + static_cast<long>(offset + length));
    record[11] = static_cast<uint8_t>(fragment.size() >> 8);
    record[12] = static_cast<uint8_t>(fragment.size());
    record.insert(record.end(), fragment.begin(), fragment.end());
    records.push_back(record);
  }
  if (skip >= 0) records.erase(records.begin() + skip);
  if (reverse) std::reverse(records.begin(), records.end());
  std::vector<Captured> out;
  for (std::size_t i = 0; i < records.size(); i += per_datagram) {
    Captured c = certificate;
    c.frame = 900 + out.size();
    c.payload.clear();
    for (std::size_t j = i; j < std::min(records.size(), i + per_datagram); ++j)
      c.payload.insert(c.payload.end(), records[j].begin(), records[j].end());
    out.push_back(c);
  }
  return out;
}

// The sample with frame 9 replaced by the datagrams `fragments`.
std::vector<Captured> with_certificate(const std::vector<Captured>& fragments) {
  std::vector<Captured> list = datagrams_of("cert-match.pcapng");
  list.erase(list.begin() + 8);
  list.insert(list.begin() + 8, fragments.begin(), fragments.end());
  return list;
}

TEST(DtlsSessions, AFragmentedCertificateIsReassembled) {
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const Captured certificate = datagrams_of("cert-match.pcapng")[8];
  ASSERT_EQ(certificate.frame, 9u);
  struct Case {
    std::size_t size, per_datagram;
    bool reverse;
    uint64_t frame;  // that completes the message
  };
  // 447 bytes of body: 5 fragments of 100, 45 of 10...
  for (const Case& c : {Case{100, 1, false, 904}, Case{100, 2, false, 902}, Case{100, 1, true, 904},
                        Case{10, 7, true, 906}}) {
    const std::vector<Captured> list =
        with_certificate(refragment(certificate, c.size, c.per_datagram, c.reverse));
    const Decoded decoded = decode(feed_of(list), keys);
    ASSERT_EQ(decoded.sessions.size(), 1u);
    const DtlsSessionInfo& s = decoded.sessions[0];
    EXPECT_EQ(s.certificate_frame, c.frame) << c.size << " " << c.per_datagram;
    EXPECT_EQ(s.certificate.cn, "2:urn:imei:490154203237518") << c.size;
    EXPECT_EQ(s.decrypted_records, 6u);  // the rest is unchanged
    EXPECT_EQ(decoded.decrypted().size(), 2u);
  }
}

TEST(DtlsSessions, ACertificateWithAFragmentMissingIsNotRead) {
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const Captured certificate = datagrams_of("cert-match.pcapng")[8];
  const std::vector<Captured> list = with_certificate(refragment(certificate, 100, 1, false, 2));
  const Decoded decoded = decode(feed_of(list), keys);
  const DtlsSessionInfo& s = decoded.sessions.at(0);
  EXPECT_EQ(s.certificate_frame, 0u);
  EXPECT_EQ(s.certificate.cn, "");
  EXPECT_EQ(decoded.decrypted().size(), 2u);  // decryption does not need it
}

TEST(DtlsSessions, TruncatedRecordsAndHandshakesAreNoCrash) {
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const std::vector<Captured> whole = datagrams_of("cert-match.pcapng");
  // Every datagram cut at every length.
  for (std::size_t index = 0; index < whole.size(); ++index) {
    for (std::size_t length = 0; length < whole[index].payload.size(); ++length) {
      std::vector<Captured> list = whole;
      list[index].payload.resize(length);
      const Decoded decoded = decode(feed_of(list), keys);
      ASSERT_LE(decoded.sessions.size(), 2u);
    }
  }
  // The Certificate's record cut inside its message: it says no certificate was read.
  std::vector<Captured> list = whole;
  list[8].payload.resize(200);
  list[8].payload[11] = 0;
  list[8].payload[12] = 200 - 13;
  const Decoded decoded = decode(feed_of(list), keys);
  EXPECT_EQ(decoded.sessions.at(0).certificate_frame, 0u);
  EXPECT_EQ(decoded.sessions.at(0).handshake_problem,
            "a handshake fragment that does not fit its record or message, frame 9");
}

TEST(DtlsSessions, JunkRecordsAreNoCrash) {
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-match.pcapng"), keys);
  const std::vector<Captured> whole = datagrams_of("cert-match.pcapng");
  std::mt19937 random(20261207);
  for (int round = 0; round < 300; ++round) {
    std::vector<Captured> list = whole;
    for (Captured& c : list) {
      const int flips = static_cast<int>(random() % 4);
      for (int i = 0; i < flips && !c.payload.empty(); ++i)
        c.payload[random() % c.payload.size()] = static_cast<uint8_t>(random());
    }
    const Decoded decoded = decode(feed_of(list), keys);
    EXPECT_LE(decoded.sessions.size(), 19u);
  }
}

// --- the survey of a decrypted capture --------------------------------------------------------

Survey survey_sample(const std::string& name, bool embedded = true) {
  TlsKeyLog keys;
  if (embedded) read_pcapng_secrets(sample(name), keys);
  CaptureReader reader(sample(name), "");
  DecryptingFeed feed([&reader](Datagram& d) { return reader.next(d); }, keys);
  return survey_capture(feed.feed(), &feed.dtls());
}

TEST(DtlsSurvey, TheDecryptedClientHasItsSessionAndRegister) {
  const Survey s = survey_sample("cert-type-differs.pcapng");
  EXPECT_EQ(s.datagrams, 19u);
  EXPECT_EQ(s.coap_messages, 2u);
  EXPECT_EQ(s.decrypted_coap, 2u);
  EXPECT_EQ(s.dtls_records, 17u);
  ASSERT_EQ(s.clients.size(), 1u);
  const SurveyClient& c = s.clients[0];
  EXPECT_EQ(c.address.to_string(), "127.0.0.1:33668");
  EXPECT_EQ(c.endpoint_name, "urn:imei:490154203237518");
  EXPECT_EQ(c.requests, 1u);
  EXPECT_EQ(c.first_frame, 16u);
  EXPECT_EQ(c.not_replayable, "");
  ASSERT_EQ(c.dtls_sessions.size(), 1u);
  EXPECT_EQ(c.dtls_sessions[0].info.certificate.cn, "1:00A0C6-Router-SN1");
  ASSERT_EQ(c.dtls_sessions[0].requests.size(), 1u);
  const DtlsRequest& r = c.dtls_sessions[0].requests[0];
  EXPECT_EQ(r.frame, 16u);
  EXPECT_EQ(r.operation, Operation::kRegister);
  EXPECT_EQ(r.endpoint_type, std::optional<std::string>("2"));
  EXPECT_EQ(r.endpoint_name, "urn:imei:490154203237518");

  // The second pass hands out the decrypted exchange like a plain one.
  TlsKeyLog keys;
  read_pcapng_secrets(sample("cert-type-differs.pcapng"), keys);
  CaptureReader reader(sample("cert-type-differs.pcapng"), "");
  DecryptingFeed feed([&reader](Datagram& d) { return reader.next(d); }, keys);
  ExchangeStream stream(feed.feed(), s, {true});
  const Exchange* e = stream.get(0, 0);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->request.frame, 16u);
  EXPECT_EQ(describe_request(e->request.message),
            "POST /rd?ept=2&ep=urn:imei:490154203237518&lt=300");
  ASSERT_TRUE(e->response.has_value());
  EXPECT_EQ(e->response->frame, 17u);
  EXPECT_EQ(describe_response(e->response->message), "2.01 Created /rd/e50b-3e9");
}

TEST(DtlsSurvey, UndecryptedAndRejectedSessionsAreClientsThatCannotBeReplayed) {
  const Survey bare = survey_sample("cert-match.pcapng", false);
  ASSERT_EQ(bare.clients.size(), 1u);
  EXPECT_EQ(bare.clients[0].requests, 0u);
  EXPECT_EQ(bare.clients[0].encrypted_records, 19u);
  EXPECT_EQ(bare.clients[0].not_replayable,
            "DTLS-encrypted, not decrypted: no secret for this session (use --keylog)");
  const Survey rejected = survey_sample("cert-rejected.pcapng");
  ASSERT_EQ(rejected.clients.size(), 1u);
  EXPECT_EQ(rejected.clients[0].not_replayable,
            "DTLS, no request in the capture: the server ended the handshake with fatal alert 48 "
            "(unknown_ca) in frame 10");
  ASSERT_EQ(rejected.clients[0].dtls_sessions.size(), 1u);
  EXPECT_TRUE(rejected.clients[0].dtls_sessions[0].requests.empty());
}

// A datagram that only looks like a DTLS record in clear (epoch 0, no ClientHello) makes a
// session but no client; encrypted records without their handshake make a client that says so.
TEST(DtlsSurvey, DtlsWithoutItsHandshake) {
  const net::TransportAddress device = *net::TransportAddress::parse("192.0.2.7:40000");
  const net::TransportAddress server = *net::TransportAddress::parse("192.0.2.1:5684");
  const std::vector<Captured> junk = {
      {1, device, server, {23, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'}}};
  TlsKeyLog keys;
  DecryptingFeed feed(feed_of(junk), keys);
  const Survey s = survey_capture(feed.feed(), &feed.dtls());
  EXPECT_EQ(s.dtls_records, 1u);
  EXPECT_EQ(feed.dtls().sessions().size(), 1u);
  EXPECT_TRUE(s.clients.empty());

  const std::vector<Captured> encrypted = {
      {5, server, device, {23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 2, 'h', 'i'}}};
  DecryptingFeed feed2(feed_of(encrypted), keys);
  const Survey s2 = survey_capture(feed2.feed(), &feed2.dtls());
  ASSERT_EQ(s2.clients.size(), 1u);
  EXPECT_EQ(s2.clients[0].address, device);  // the side not on port 5684
  EXPECT_EQ(s2.clients[0].first_frame, 5u);
  EXPECT_EQ(s2.clients[0].not_replayable,
            "DTLS-encrypted, not decrypted: the handshake is not in the capture");
}

}  // namespace
}  // namespace lwm2m::replay
