// The replay's side of the network, as the Replayer sees it: one session per replayed client,
// requests out, responses and server requests in. UdpTransport (plain CoAP) and DtlsTransport
// (libcoap, DTLS with a pre-shared key or an X.509 certificate) are the real ones; the unit tests
// drive the Replayer with a scripted one.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "live/dtls_handshake.h"
#include "lwm2m/coap_encode.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

struct TransportSettings {
  net::TransportAddress target;
  std::chrono::milliseconds ack_timeout{2000};  // RFC 7252 ACK_TIMEOUT
  int max_retransmit = 4;                       // RFC 7252 MAX_RETRANSMIT
  // DTLS with a pre-shared key when psk_identity is set.
  std::optional<std::string> psk_identity;
  std::vector<uint8_t> psk_key;
  // DTLS with an X.509 client certificate when certificate is set.
  struct Certificate {
    std::string cert_file;  // PEM, the client certificate first
    std::string key_file;   // PEM
    std::string ca_file;    // PEM; "": the server's certificate is not verified
    std::string cn;         // the certificate's CN, for the reports
  };
  std::optional<Certificate> certificate;

  // --bind: the clients' source address, port 0 for one of the kernel's per client.
  std::optional<net::TransportAddress> source;

  bool dtls() const { return psk_identity || certificate; }
};

// The reasons TransportEvents::on_failure gives, the same from every transport.
inline constexpr std::string_view kAnsweredWithReset = "the server answered with a Reset";
// The target sent the request back as it was sent (same message ID and token): it echoes
// datagrams, and an answer to the echo would only be the replay answering itself.
inline constexpr std::string_view kReflected =
    "the target sent this request back unchanged: it reflects datagrams, it is not a CoAP server";
inline std::string no_acknowledgement(int max_retransmit) {
  return "no acknowledgement after " + std::to_string(max_retransmit) +
         (max_retransmit == 1 ? " retransmission" : " retransmissions");
}

class TransportError : public std::runtime_error {
  using std::runtime_error::runtime_error;
};

using SessionId = std::size_t;

// What a datagram on the wire is, for --write and the retransmission counts.
enum class WireKind {
  kRequest,         // a request of the replay, first sent
  kRetransmission,  // a confirmable request sent again
  kAnswer,          // the answer to a server request
  kEmptyAck,        // an empty ACK (of a separate response, of a request left unanswered)
  kReset,           // a Reset (a CoAP ping, a message that is not CoAP)
  kReceived,        // a datagram from the target
};

// What the transport reports. Called from inside Transport::poll(), and on_unreachable also from
// inside Transport::send() (an ICMP error the socket held for an earlier datagram).
class TransportEvents {
 public:
  virtual ~TransportEvents() = default;
  // A response (piggybacked or separate) for a request sent on `session`; match by token.
  virtual void on_response(SessionId session, const coap::MessageData& response) = 0;
  // A confirmable request that will get no response: retransmissions exhausted, a Reset, a DTLS
  // failure. `token` is the request's.
  virtual void on_failure(SessionId session, const coap::Bytes& token, const std::string& why) = 0;
  // A request from the server on `session`; returns the response to send, as it is sent (an ACK
  // with the request's message ID, or a NON with one from Transport::new_message_id()), or
  // nothing to leave it unanswered (a confirmable request still gets an empty ACK).
  virtual std::optional<coap::MessageData> on_request(SessionId session,
                                                      const coap::MessageData& request) = 0;
  // An ICMP error on `session`: retransmissions go on. `error` is the socket's errno
  // (ECONNREFUSED: port unreachable), 0 when the transport cannot tell which.
  virtual void on_unreachable(SessionId session, int error) = 0;
  // Every datagram of `session` as it leaves or arrives, as CoAP (under DTLS the plaintext):
  // `bytes` as on the wire, before the event that handles it.
  virtual void on_wire(SessionId /*session*/, WireKind /*kind*/, const uint8_t* /*bytes*/,
                       std::size_t /*size*/) {}
  // The DTLS handshake of `session` completed or failed (DTLS only; before the on_failure calls
  // of the requests a failure ends).
  virtual void on_handshake(SessionId /*session*/, const DtlsHandshake& /*handshake*/) {}
};

class Transport {
 public:
  virtual ~Transport() = default;

  // Where events go from now on (events that come with no receiver are dropped).
  virtual void set_receiver(TransportEvents* events) = 0;
  // A new client session with its own socket. Throws TransportError (e.g. out of descriptors).
  virtual SessionId open() = 0;
  // The session's local address (the ephemeral port its socket was bound to).
  virtual net::TransportAddress local_address(SessionId session) const = 0;
  // Sends `request` with a fresh message ID and token; returns it as sent. Throws TransportError.
  virtual coap::MessageData send(SessionId session, coap::MessageData request) = 0;
  // A fresh message ID of `session`, for a message the transport does not send by itself: a
  // non-confirmable answer to a server request (RFC 7252 §4.4).
  virtual uint16_t new_message_id(SessionId session) = 0;
  // Handles network events and retransmissions for up to `timeout` (at least 1 ms).
  virtual void poll(std::chrono::milliseconds timeout) = 0;
  // Releases the session; its pending requests are abandoned without callbacks.
  virtual void close(SessionId session) = 0;
  // Where every session sends.
  virtual const net::TransportAddress& target() const = 0;
  // A session to `target`, which may differ from target() when a run maps several captured
  // servers to live ones (--target CAPTURED=LIVE). A transport with one target refuses others.
  virtual SessionId open_to(const net::TransportAddress& target) {
    if (!(target == this->target()))
      throw TransportError("this transport sends to " + this->target().to_string() + " only, not " +
                           target.to_string());
    return open();
  }
  // Where `session` sends.
  virtual const net::TransportAddress& target_of(SessionId /*session*/) const { return target(); }
  // What went wrong along the way without stopping the replay (for --verbose), oldest first.
  virtual const std::vector<std::string>& warnings() const = 0;
};

}  // namespace lwm2m::replay
