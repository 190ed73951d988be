// The first pass over a capture: who the LwM2M clients and servers are, how many exchanges each
// client has, and how each client answered its server's requests.
//
// A client is a transport address that sends a Register, Update, De-register or
// Bootstrap-Request; the address it sends them to is its server. An Update or De-register from
// another address, to a location the server gave that client, is the same client on a new port
// (NAT rebinding, or a client library that opens a socket per request): it joins that client, so
// the replay sends the whole registration from one socket. A client that talks to two servers (a
// Bootstrap-Server, then an LwM2M server) is two clients here, one per server, since a replay goes
// to one target. The pass reads the whole file before anything is sent, so a broken
// capture is reported before the live server sees a single request.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/dtls_session.h"
#include "exchanges/answer_table.h"
#include "exchanges/server_request_sequence.h"
#include "lwm2m/operation.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

// A Register or Bootstrap-Request read from a decrypted DTLS session: what the client's
// certificate CN must name (seed Change 7).
struct DtlsRequest {
  uint64_t frame = 0;
  Operation operation = Operation::kNone;
  std::optional<std::string> endpoint_type;  // `ept` as sent; nullopt when absent
  std::string endpoint_name;
};

// A DTLS session of a client, as the capture shows it, with the requests that name the client.
struct SurveyDtlsSession {
  DtlsSessionInfo info;
  std::vector<DtlsRequest> requests;  // at most kMaxRequests, in captured order
  static constexpr std::size_t kMaxRequests = 4;
};

struct SurveyClient {
  net::TransportAddress address;  // the client's first address in the capture
  net::TransportAddress server;
  std::vector<net::TransportAddress> addresses;  // every address it used, the first one first
  std::string endpoint_name;       // `ep` of its first Register or Bootstrap-Request; "" when none
  std::string endpoint_type;       // `ept` of that request as sent; "" when absent
  bool has_endpoint_type = false;  // whether that request has `ept` (maybe empty)
  Operation named_by = Operation::kNone;  // that request: Register or Bootstrap-Request
  uint64_t first_frame = 0;               // of its first request to the server
  int64_t first_request_ns = 0;
  uint64_t requests = 0;         // to the server, retransmissions not counted: its exchanges
  uint64_t retransmissions = 0;  // captured retransmissions of those requests
  uint64_t server_requests = 0;  // requests the server sent to it (Read, Write, Observe...)
  uint64_t oscore_requests = 0;  // requests it protected with OSCORE
  AnswerTable answers;           // its answers to the server's requests
  // The server's requests to it, retransmissions not counted, in captured order: the first
  // ServerRequestSequence::kMaxCaptured of them.
  std::vector<CapturedServerRequest> captured_server_requests;
  // Why none of its exchanges can be replayed ("" when they can), e.g. DTLS encryption.
  std::string not_replayable;
  uint64_t encrypted_records = 0;  // DTLS records exchanged with the server
  // Its DTLS sessions with the server (when the survey was given them), in captured order.
  std::vector<SurveyDtlsSession> dtls_sessions;
};

struct SurveyServer {
  net::TransportAddress address;
  std::size_t clients = 0;
  uint64_t requests = 0;
};

struct Survey {
  std::vector<SurveyClient> clients;  // in the order of their first request
  std::vector<SurveyServer> servers;  // in the order of their first client
  uint64_t datagrams = 0;             // UDP datagrams read
  uint64_t coap_messages = 0;
  uint64_t decrypted_coap = 0;  // of them, decrypted from DTLS
  // Datagrams handed on beyond the first for one captured datagram (its second decrypted DTLS
  // record...): counted by kind above, not in `datagrams`.
  uint64_t continued_parts = 0;
  uint64_t not_coap = 0;        // UDP payloads that are neither CoAP nor DTLS
  uint64_t dtls_records = 0;    // datagrams holding DTLS records
  uint64_t unrelated_coap = 0;  // CoAP messages not between a client and its server
  int64_t first_time_ns = 0, last_time_ns = 0;

  // The index of the client at `client` talking to `server`.
  std::optional<std::size_t> find_client(const net::TransportAddress& client,
                                         const net::TransportAddress& server) const;
  // Exchanges of every client of `server` that can be replayed.
  uint64_t replayable_requests(const net::TransportAddress& server) const;
};

// Reads every datagram `next` gives. Throws what `next` throws (e.g. CaptureError). `dtls`: the
// sessions the feed followed (a DecryptingFeed's), read once the feed is done: each client gets
// its sessions, and a session whose traffic stays encrypted becomes a client that is not
// replayable, with the reason. Without it, a DTLS client is one that sent a ClientHello.
Survey survey_capture(const DatagramFeed& next, const DtlsSessions* dtls = nullptr);

// The name a client is shown by: its endpoint name (printable), else its address.
std::string client_name(const SurveyClient& client);

}  // namespace lwm2m::replay
