// A direction of UDP traffic between two transport addresses, as a hash-map key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "transport_address.h"

namespace lwm2m::replay {

struct Flow {
  TransportAddress from, to;

  Flow reversed() const { return {to, from}; }
  friend bool operator==(const Flow& a, const Flow& b) { return a.from == b.from && a.to == b.to; }
};

// Deliberately not noexcept: libstdc++'s hash tables then keep each node's hash code, instead of
// hashing the key of every node a lookup passes (to find where its bucket ends) again, four
// address hashes each; every packet of both passes looks its flow up.
struct FlowHash {
  std::size_t operator()(const Flow& flow) const {
    const TransportAddressHash hash;
    return hash(flow.from) ^ static_cast<std::size_t>(mix64(hash(flow.to)));
  }
};

// A flow and a message ID or token: how requests and responses are matched (RFC 7252 §5.3.2:
// a response matches by token within the pair of endpoints; an ACK by message ID). Made several
// times per packet by the passes over a capture, so it allocates nothing and carries its hash:
// hash tables that store no hash codes (libstdc++'s, for noexcept hashes) hash a key again for
// every entry they pass.
struct FlowId {
  enum class Kind : uint8_t { kMessageId, kToken };

  Flow flow;
  Kind kind = Kind::kMessageId;
  uint8_t length = 0;  // of the token
  uint64_t value = 0;  // the message ID, or the token's bytes
  std::size_t hash = 0;

  static FlowId message_id(const Flow& flow, uint16_t mid) {
    return make(flow, Kind::kMessageId, 2, mid);
  }
  // Tokens are at most 8 bytes (RFC 7252 §3); longer ones, which no parser here produces, have
  // their extra bytes folded in.
  static FlowId token(const Flow& flow, const std::vector<uint8_t>& token) {
    uint64_t value = 0;
    for (std::size_t i = 0; i < token.size(); ++i) value ^= uint64_t{token[i]} << (8 * (i % 8));
    return make(flow, Kind::kToken, static_cast<uint8_t>(token.size()), value);
  }
  friend bool operator==(const FlowId& a, const FlowId& b) {
    return a.hash == b.hash && a.value == b.value && a.kind == b.kind && a.length == b.length &&
           a.flow == b.flow;
  }

 private:
  static FlowId make(const Flow& flow, Kind kind, uint8_t length, uint64_t value) {
    const uint64_t id = value ^ mix64(uint64_t{length} << 8 | static_cast<uint64_t>(kind));
    return {flow, kind, length, value, FlowHash{}(flow) ^ static_cast<std::size_t>(mix64(id))};
  }
};

struct FlowIdHash {
  std::size_t operator()(const FlowId& key) const noexcept { return key.hash; }
};

}  // namespace lwm2m::replay
