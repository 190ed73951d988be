// The replay's DTLS endpoint towards the live server, on libcoap with OpenSSL: one client session
// per replayed client (its own UDP socket on an ephemeral port, connected to the target, with a
// pre-shared key or an X.509 client certificate), all driven by one event loop. libcoap does the
// DTLS handshakes and the message layer of RFC 7252: message IDs, retransmission of confirmable
// messages with exponential back-off, matching of acknowledgements, and the ACK of separate
// responses. This layer turns its PDUs into MessageData and its callbacks into the events the
// replay needs. (Plain CoAP goes through udp_transport.h, which says why.)
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

#include "live/transport.h"
#include "lwm2m/coap_encode.h"
#include "net/transport_address.h"

struct coap_context_t;
struct coap_session_t;

namespace lwm2m::replay {

class DtlsTransport : public Transport {
 public:
  // `settings` must have a psk_identity or a certificate. Throws TransportError when libcoap
  // cannot start or has no DTLS. Each session reports how its handshake ended
  // (TransportEvents::on_handshake).
  explicit DtlsTransport(const TransportSettings& settings);
  ~DtlsTransport() override;
  DtlsTransport(const DtlsTransport&) = delete;
  DtlsTransport& operator=(const DtlsTransport&) = delete;

  // Transport (see transport.h):
  void set_receiver(TransportEvents* events) override;
  SessionId open() override;
  net::TransportAddress local_address(SessionId session) const override;
  coap::MessageData send(SessionId session, coap::MessageData request) override;
  uint16_t new_message_id(SessionId session) override;
  void poll(std::chrono::milliseconds timeout) override;
  void close(SessionId session) override;
  const net::TransportAddress& target() const override;
  // libcoap's warnings and errors, each starting "libcoap: ".
  const std::vector<std::string>& warnings() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lwm2m::replay
