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
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "transport.h"
#include "transport_address.h"

struct coap_context_t;
struct coap_session_t;

namespace lwm2m::replay {

struct TransportSettings {
  TransportAddress target;
  std::chrono::milliseconds ack_timeout{2000};  // RFC 7252 ACK_TIMEOUT
  int max_retransmit = 4;                       // RFC 7252 MAX_RETRANSMIT
  // DTLS with a pre-shared key when psk_identity is set.
  std::optional<std::string> psk_identity;
  std::vector<uint8_t> psk_key;
};

class LiveTransport : public Transport {
 public:
  // Throws TransportError when libcoap cannot start, or DTLS is asked for and unavailable.
  explicit LiveTransport(const TransportSettings& settings);
  ~LiveTransport() override;
  LiveTransport(const LiveTransport&) = delete;
  LiveTransport& operator=(const LiveTransport&) = delete;

  // Transport (see transport.h):
  void set_receiver(TransportEvents* events) override;
  SessionId open() override;
  TransportAddress local_address(SessionId session) const override;
  coap::MessageData send(SessionId session, coap::MessageData request) override;
  void poll(std::chrono::milliseconds timeout) override;
  void close(SessionId session) override;
  const TransportAddress& target() const override;

  // libcoap's warnings and errors since the start, for --verbose and the summary.
  const std::vector<std::string>& log() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lwm2m::replay
