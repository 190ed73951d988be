// Which captured server and clients a run replays (--server, --client), decided from the survey
// before anything is sent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "exchanges/survey.h"
#include "net/transport_address.h"
#include "options.h"

namespace lwm2m::replay {

struct Selection {
  // --server, or the only server; empty for --list of a capture with several servers, and for
  // a run that maps captured servers to live ones (--target CAPTURED=LIVE) without --server.
  std::optional<net::TransportAddress> server;
  std::vector<bool> selected;             // per survey client: --server and --client chose it
  std::vector<std::size_t> clients;       // the selected clients that can be replayed
  std::vector<std::string> unreplayable;  // "<client>: <why>" for each selected one that cannot
};

// Throws RunError (kExitUsage) for a --server or --client the capture does not have, and when the
// capture has several servers and neither --server nor --list says which.
Selection select_clients(const Options& options, const Survey& survey);

}  // namespace lwm2m::replay
