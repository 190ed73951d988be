// What a replay found, exchange by exchange, and the interface the reports implement.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "live/dtls_handshake.h"
#include "live/verification.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/operation.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

enum class Outcome {
  kMatched,        // the live server answered as the captured one did
  kDiffers,        // it answered differently
  kNoAnswer,       // no live response within the bounds (retransmissions, --timeout)
  kSkipped,        // not sent: it addresses a registration the live server did not create
  kNotReplayable,  // not sent: OSCORE-protected
  kInterrupted,    // in flight when the run was interrupted
};

// "matched", "differs", "no answer", "skipped", "not replayable", "interrupted".
const char* outcome_name(Outcome outcome);

// One replayed client: a captured client, or one of its --clients copies.
struct ReplayedClient {
  std::size_t client = 0;  // index in Survey::clients
  std::size_t copy = 0;    // 1..N with --clients N; 0 without
  std::size_t number = 0;  // the captured client's number in --list (client + 1)
  std::string label;       // its endpoint name as sent (with suffixes), else its captured address
  // The label with the client's number in front, "(2) urn:imei:...", when another replayed client
  // has the same label; else the label.
  std::string shown;
  uint64_t retransmissions = 0;  // requests of this client sent again
  net::TransportAddress captured_address;
  std::optional<net::TransportAddress> live_address;  // its local socket
};

struct ExchangeResult {
  const ReplayedClient* client = nullptr;
  uint64_t index = 0;  // 0-based among the client's exchanges
  Operation operation = Operation::kNone;
  uint64_t request_frame = 0;  // in the capture
  std::optional<uint64_t> response_frame;
  std::string request;               // the captured request, described
  std::vector<std::string> changes;  // how the live request differs from it
  std::optional<coap::MessageData> captured_response;
  std::optional<coap::MessageData> live_response;
  std::string failure;  // why there is no live response, or why it was not sent
  Comparison comparison;
  Outcome outcome = Outcome::kNoAnswer;
  std::chrono::microseconds round_trip{0};
  int retransmissions = 0;  // times the request was sent again
};

// A request the live server sent to a replayed client, and how it was answered.
struct ServerRequestResult {
  const ReplayedClient* client = nullptr;
  std::string request;                      // "Read /3/0/0" (ServerRequestKey::text)
  std::optional<coap::MessageData> answer;  // empty: left unanswered (--respond none)
  std::optional<uint64_t> captured_frame;   // the captured answer it repeats
  // Held against the capture's server requests to this client, in order: the captured request it
  // is, or none (`unexpected`) when the capture shows no such request still to come.
  std::optional<uint64_t> expected_frame;
  bool unexpected = false;
};

// A server request the capture shows for a client that never came live (known when the client's
// replay ends: its last exchange is done and the wait for server requests is over).
struct MissingServerRequest {
  const ReplayedClient* client = nullptr;
  std::string request;            // "Bootstrap-Finish", "Write /0/1"
  uint64_t frame = 0;             // the captured request
  bool bootstrap_server = false;  // the client's server is a bootstrap server
};

// "the bootstrap server never sent Bootstrap-Finish (captured frame 15)".
std::string missing_text(const MissingServerRequest& missing);

// How a replayed client's DTLS handshake ended.
struct HandshakeResult {
  const ReplayedClient* client = nullptr;
  DtlsHandshake handshake;
};

struct ReplaySummary {
  uint64_t exchanges = 0;  // planned: every replayable exchange of every replayed client
  uint64_t matched = 0, differ = 0, no_answer = 0, skipped = 0, not_replayable = 0, interrupted = 0;
  uint64_t server_requests = 0, answered_from_capture = 0, answered_not_found = 0;
  // Held against the capture's: captured server requests that never came live, live ones the
  // capture does not show. Either makes the run differ.
  uint64_t server_requests_missing = 0, server_requests_unexpected = 0;
  uint64_t late_responses = 0;             // responses that matched no request in flight
  uint64_t retransmissions = 0;            // requests sent again, over all exchanges
  uint64_t retransmitted_exchanges = 0;    // exchanges whose request was sent more than once
  uint64_t reflected = 0;                  // requests the target sent back as they were sent
  bool port_refused = false;               // ICMP port unreachable from the target
  uint64_t duplicate_server_requests = 0;  // repeated server requests, answered as before
  std::size_t clients = 0;                 // replayed clients, copies included
  uint64_t handshakes_completed = 0, handshakes_failed = 0;  // DTLS only
  bool target_answered = false;  // anything at all came back from the target
  bool was_interrupted = false;
  // Why the run ended before every exchange was done, when an option said so: "--limit 100",
  // "--duration 60 s". Not an interrupt: the exit code follows the exchanges done.
  std::string stopped_by;
  std::size_t loops = 1;  // --loop: the loops begun
  std::chrono::milliseconds elapsed{0};

  uint64_t done() const {
    return matched + differ + no_answer + skipped + not_replayable + interrupted;
  }
  // The exchanges whose request went out.
  uint64_t sent() const { return done() - skipped - not_replayable; }
};

// Exit codes (documented in the README and the man page).
enum ExitCode : int {
  kExitMatched = 0,
  kExitDiffer = 1,
  kExitUsage = 2,     // bad usage, unreadable capture, nothing to replay
  kExitNoAnswer = 3,  // the target never answered
  kExitInterrupted = 130,
};

int exit_code(const ReplaySummary& summary);

// Receives results as they happen: the human table, the JSON and JUnit reports, the progress bar.
class ReplayObserver {
 public:
  virtual ~ReplayObserver() = default;
  // The clients' sessions are open and the first request is about to go.
  virtual void on_start() {}
  virtual void on_exchange(const ExchangeResult& result) = 0;
  virtual void on_server_request(const ServerRequestResult& /*result*/) {}
  virtual void on_missing_server_request(const MissingServerRequest& /*missing*/) {}
  virtual void on_handshake(const HandshakeResult& /*result*/) {}
  // Something the user must hear as it happens (the target's port is closed...).
  virtual void on_notice(const std::string& /*text*/) {}
  virtual void on_finish(const ReplaySummary& summary) = 0;
};

// Receives every message the replay sends or receives, as it goes, with a note of what it is:
// --write records them (report/replay_recorder.h).
class MessageRecorder {
 public:
  virtual ~MessageRecorder() = default;
  // A datagram as it was on the wire (plaintext CoAP under DTLS).
  virtual void record(const net::TransportAddress& from, const net::TransportAddress& to,
                      const uint8_t* bytes, std::size_t size, std::string_view comment) = 0;
};

}  // namespace lwm2m::replay
