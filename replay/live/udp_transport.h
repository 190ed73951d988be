// The replay's plain CoAP endpoint towards the live server: one UDP socket per replayed client
// (an ephemeral port, connected to the target), all in one epoll set, and the message layer of
// RFC 7252 §4 on top: fresh message IDs and tokens, retransmission of confirmable requests with
// exponential back-off until an ACK or a Reset, empty ACKs of confirmable separate responses and
// of server requests left unanswered, and a Reset for a CoAP ping.
//
// Why not libcoap here (it is kept for DTLS, dtls_transport.h): with a thousand clients each
// keeping a request in flight, libcoap re-arms a timerfd for every message it sends, walks its
// contexts' sessions and send queues on every poll and builds a PDU per message, which took more
// CPU than the kernel's own send and receive and capped a --fast replay well below a plain UDP
// loop's rate (bench/README.md has the figures). This layer costs one send or recv system call
// per datagram and a heap entry per confirmable request.
//
// Because every socket is connected to its target (the one of the settings, or the one open_to()
// names), nothing can be sent anywhere else and only the target's datagrams are received.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "live/transport.h"

namespace lwm2m::replay {

class UdpTransport : public Transport {
 public:
  // Throws TransportError when the epoll set cannot be made.
  explicit UdpTransport(const TransportSettings& settings);
  ~UdpTransport() override;
  UdpTransport(const UdpTransport&) = delete;
  UdpTransport& operator=(const UdpTransport&) = delete;

  // Transport (see transport.h):
  void set_receiver(TransportEvents* events) override;
  SessionId open() override;
  net::TransportAddress local_address(SessionId session) const override;
  coap::MessageData send(SessionId session, coap::MessageData request) override;
  uint16_t new_message_id(SessionId session) override;
  void poll(std::chrono::milliseconds timeout) override;
  void close(SessionId session) override;
  const net::TransportAddress& target() const override;
  SessionId open_to(const net::TransportAddress& target) override;
  const net::TransportAddress& target_of(SessionId session) const override;
  const std::vector<std::string>& warnings() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace lwm2m::replay
