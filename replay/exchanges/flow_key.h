// A direction of UDP traffic between two transport addresses, as a hash-map key. The keys that
// pair requests and responses on a flow are core's (lwm2m/exchange_matcher.h).
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

}  // namespace lwm2m::replay
