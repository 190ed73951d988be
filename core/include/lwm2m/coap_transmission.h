// CoAP message-layer transmission parameters (RFC 7252 §4.8) and the times derived from them.
// The plugin uses EXCHANGE_LIFETIME to forget old message IDs and tokens; the replay tool uses it
// to decide that a captured request was never answered, and MAX_TRANSMIT_WAIT to bound its waits.
#pragma once

#include <chrono>

namespace lwm2m::coap {

using Seconds = std::chrono::duration<double>;

// RFC 7252 §4.8 defaults.
constexpr Seconds kAckTimeout{2.0};
constexpr double kAckRandomFactor = 1.5;
constexpr int kMaxRetransmit = 4;
constexpr Seconds kMaxLatency{100.0};
constexpr Seconds kProcessingDelay = kAckTimeout;

// RFC 7252 §4.8.2: how long a sender may keep retransmitting a confirmable message, and how
// long after it a message ID (and so a retransmission) can still arrive: 45 s and 247 s with the
// defaults.
constexpr Seconds max_transmit_span(Seconds ack_timeout, int max_retransmit) {
  return ack_timeout * static_cast<double>((1 << max_retransmit) - 1) * kAckRandomFactor;
}
// From the first transmission to the moment the sender gives up on an acknowledgement: 93 s.
constexpr Seconds max_transmit_wait(Seconds ack_timeout, int max_retransmit) {
  return ack_timeout * static_cast<double>((1 << (max_retransmit + 1)) - 1) * kAckRandomFactor;
}
constexpr Seconds exchange_lifetime(Seconds ack_timeout, int max_retransmit) {
  return max_transmit_span(ack_timeout, max_retransmit) + 2 * kMaxLatency + kProcessingDelay;
}

constexpr Seconds kExchangeLifetime = exchange_lifetime(kAckTimeout, kMaxRetransmit);
static_assert(kExchangeLifetime.count() == 247.0, "RFC 7252 §4.8.2: EXCHANGE_LIFETIME is 247 s");
static_assert(max_transmit_wait(kAckTimeout, kMaxRetransmit).count() == 93.0,
              "RFC 7252 §4.8.2: MAX_TRANSMIT_WAIT is 93 s");

}  // namespace lwm2m::coap
