// The replay's CoAP endpoint towards the live server, on libcoap: one client session (its own
// UDP socket on an ephemeral port, connected to the target, or a DTLS session with a PSK) per
// replayed client, all driven by one event loop. libcoap does the message layer of RFC 7252:
// message IDs, retransmission of confirmable messages with exponential back-off, matching of
// acknowledgements, and the ACK of separate responses. This layer turns its PDUs into MessageData
// and its callbacks into the three events the replay needs.
//
// Because every session's socket is connected to the target, nothing can be sent anywhere else
// and only the target's datagrams are received.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "transport_address.h"

struct coap_context_t;
struct coap_session_t;

namespace lwm2m::replay {

class TransportError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct TransportSettings {
  TransportAddress target;
  std::chrono::milliseconds ack_timeout{2000};  // RFC 7252 ACK_TIMEOUT
  int max_retransmit = 4;                       // RFC 7252 MAX_RETRANSMIT
  // DTLS with a pre-shared key when psk_identity is set.
  std::optional<std::string> psk_identity;
  std::vector<uint8_t> psk_key;
};

using SessionId = std::size_t;

// What the transport reports. Called from inside LiveTransport::poll().
class TransportEvents {
 public:
  virtual ~TransportEvents() = default;
  // A response (piggybacked or separate) for a request sent on `session`; match by token.
  virtual void on_response(SessionId session, const coap::MessageData& response) = 0;
  // A confirmable request that will get no response: retransmissions exhausted, a Reset, a DTLS
  // failure. `token` is the request's.
  virtual void on_failure(SessionId session, const coap::Bytes& token, const std::string& why) = 0;
  // A request from the server on `session`; returns the response to send, or nothing to leave it
  // unanswered (libcoap still acknowledges a confirmable request with an empty ACK).
  virtual std::optional<coap::MessageData> on_request(SessionId session,
                                                      const coap::MessageData& request) = 0;
  // An ICMP error (port unreachable...) on `session`: libcoap keeps retransmitting.
  virtual void on_unreachable(SessionId session) = 0;
};

class LiveTransport {
 public:
  // Throws TransportError when libcoap cannot start, or DTLS is asked for and unavailable.
  explicit LiveTransport(const TransportSettings& settings);
  ~LiveTransport();
  LiveTransport(const LiveTransport&) = delete;
  LiveTransport& operator=(const LiveTransport&) = delete;

  // Where events go from now on (events that come with no receiver are dropped).
  void set_receiver(TransportEvents* events);

  // A new client session with its own socket. Throws TransportError (e.g. out of descriptors).
  SessionId open();
  // The session's local address (the ephemeral port the socket was bound to).
  TransportAddress local_address(SessionId session) const;
  // Sends `request` with a fresh message ID and token; returns it as sent.
  coap::MessageData send(SessionId session, coap::MessageData request);
  // Handles network events and retransmissions for up to `timeout` (at least 1 ms).
  void poll(std::chrono::milliseconds timeout);
  // Releases the session; its pending requests are abandoned without callbacks.
  void close(SessionId session);

  const TransportAddress& target() const;

  // libcoap's warnings and errors since the start, for --verbose and the summary.
  const std::vector<std::string>& log() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lwm2m::replay
