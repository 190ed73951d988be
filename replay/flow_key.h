// A direction of UDP traffic between two transport addresses, as a hash-map key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "transport_address.h"

namespace lwm2m::replay {

struct Flow {
  TransportAddress from, to;

  Flow reversed() const { return {to, from}; }
  friend bool operator==(const Flow& a, const Flow& b) { return a.from == b.from && a.to == b.to; }
};

struct FlowHash {
  std::size_t operator()(const Flow& flow) const noexcept {
    const TransportAddressHash hash;
    return hash(flow.from) * 31 + hash(flow.to);
  }
};

// A flow and a message ID or token: how requests and responses are matched (RFC 7252 §5.3.2:
// a response matches by token within the pair of endpoints; an ACK by message ID).
struct FlowId {
  Flow flow;
  std::string id;  // two bytes of message ID, or the token with a prefix byte

  static FlowId message_id(const Flow& flow, uint16_t mid) {
    return {flow, std::string{'m', static_cast<char>(mid >> 8), static_cast<char>(mid & 0xff)}};
  }
  static FlowId token(const Flow& flow, const std::vector<uint8_t>& token) {
    std::string id(1, 't');
    id.append(token.begin(), token.end());
    return {flow, std::move(id)};
  }
  friend bool operator==(const FlowId& a, const FlowId& b) {
    return a.flow == b.flow && a.id == b.id;
  }
};

struct FlowIdHash {
  std::size_t operator()(const FlowId& key) const noexcept {
    return FlowHash{}(key.flow) ^ (std::hash<std::string>{}(key.id) << 1);
  }
};

}  // namespace lwm2m::replay
