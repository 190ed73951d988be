// --target: where a run sends. One HOST:PORT sends every replayed client there (the clients of
// one captured server); CAPTURED=HOST:PORT, repeatable, maps each captured server to a live one,
// so a device's bootstrap and registration replay in one run. Every live address is checked as
// a lone target is (resolve_target): nothing is sent anywhere else.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "exchanges/survey.h"
#include "net/transport_address.h"
#include "options.h"

namespace lwm2m::replay {

struct TargetMap {
  // The transport's own target: the lone --target, or the first mapping's live server.
  net::TransportAddress primary;
  // Captured server -> live server, in the order given; empty for a lone --target.
  std::vector<std::pair<net::TransportAddress, net::TransportAddress>> mappings;

  // "127.0.0.1:5683", or "10.0.0.2:5683=127.0.0.1:15685, 10.0.0.1:5683=127.0.0.1:15683".
  std::string to_string() const;
};

// Whether the --target options map captured servers (any CAPTURED=LIVE).
bool maps_servers(const Options& options);

// Reads and checks the --target options against the capture's servers. Throws RunError
// (kExitUsage) for a mix of forms, several lone targets, a CAPTURED address that is malformed,
// not a server of the capture or mapped twice, and a replayed server left without a mapping
// (`servers`: the captured servers of the selected clients); TargetError for a refused live one.
TargetMap map_targets(const Options& options, const Survey& survey,
                      const std::vector<net::TransportAddress>& servers);

}  // namespace lwm2m::replay
