// A direction of UDP traffic between two transport addresses, as a hash-map key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "lwm2m/hash.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

struct Flow {
  net::TransportAddress from, to;

  Flow reversed() const { return {to, from}; }
  friend bool operator==(const Flow& a, const Flow& b) { return a.from == b.from && a.to == b.to; }
};

// Deliberately not noexcept: libstdc++'s hash tables then keep each node's hash code, instead of
// hashing the key of every node a lookup passes (to find where its bucket ends) again, four
// address hashes each; every packet of both passes looks its flow up.
struct FlowHash {
  std::size_t operator()(const Flow& flow) const {
    const net::TransportAddressHash hash;
    return hash(flow.from) ^ static_cast<std::size_t>(mix64(hash(flow.to)));
  }
};

// A number a pass over a capture gives each flow it tracks (its first, second... flow), so that
// the keys below are small: they are made several times per packet and fill the matching tables.
using FlowNumber = uint32_t;

// A flow (by its number) and a message ID or token: how requests and responses are matched
// (RFC 7252 §5.3.2: a response matches by token within the pair of endpoints; an ACK by message
// ID). It allocates nothing and carries its hash.
struct FlowId {
  enum class Kind : uint8_t { kMessageId, kToken };

  FlowNumber flow = 0;
  Kind kind = Kind::kMessageId;
  uint8_t length = 0;  // of the token
  uint64_t value = 0;  // the message ID, or the token's bytes
  std::size_t hash = 0;

  static FlowId message_id(FlowNumber flow, uint16_t mid) {
    return make(flow, Kind::kMessageId, 2, mid);
  }
  // Tokens are at most 8 bytes (RFC 7252 §3); longer ones, which no parser here produces, have
  // their extra bytes folded in.
  static FlowId token(FlowNumber flow, const std::vector<uint8_t>& token) {
    uint64_t value = 0;
    for (std::size_t i = 0; i < token.size(); ++i) value ^= uint64_t{token[i]} << (8 * (i % 8));
    return make(flow, Kind::kToken, static_cast<uint8_t>(token.size()), value);
  }
  friend bool operator==(const FlowId& a, const FlowId& b) {
    return a.value == b.value && a.flow == b.flow && a.kind == b.kind && a.length == b.length;
  }

 private:
  static FlowId make(FlowNumber flow, Kind kind, uint8_t length, uint64_t value) {
    const uint64_t id = uint64_t{flow} << 16 | uint64_t{length} << 8 | static_cast<uint64_t>(kind);
    return {flow, kind, length, value, static_cast<std::size_t>(mix64(value ^ mix64(id)))};
  }
};

struct FlowIdHash {
  std::size_t operator()(const FlowId& key) const noexcept { return key.hash; }
};

}  // namespace lwm2m::replay
