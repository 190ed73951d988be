// The scenarios lwm2m-capgen can write. Each one is documented frame by frame in
// samples/README.md (generated with `lwm2m-capgen SCENARIO OUT --describe`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture.h"

namespace capgen {

// What the command line gives a scenario (only the bench-* scenarios look at it).
struct ScenarioArgs {
  std::uint64_t count = 0;    // --count: packets
  std::uint64_t clients = 0;  // --clients: LwM2M clients (bench-replay)
};

struct Scenario {
  const char* name;
  const char* summary;
  bool takes_count;               // accepts --count
  std::uint64_t default_count;    // packets, for the bench scenarios
  bool takes_clients;             // accepts --clients
  std::uint64_t default_clients;  // for the scenarios that take --clients
  void (*run)(Capture& cap, const ScenarioArgs& args);
};

const std::vector<Scenario>& all_scenarios();
const Scenario* find_scenario(const std::string& name);

// The scenario bodies (one file per group).
void scenario_names_urn(Capture& cap, const ScenarioArgs& args);
void scenario_names_oui(Capture& cap, const ScenarioArgs& args);
void scenario_ept_and_params(Capture& cap, const ScenarioArgs& args);
void scenario_query_limits(Capture& cap, const ScenarioArgs& args);
void scenario_lifecycle(Capture& cap, const ScenarioArgs& args);
void scenario_broken_coap(Capture& cap, const ScenarioArgs& args);
void scenario_exchanges(Capture& cap, const ScenarioArgs& args);
void scenario_registrations(Capture& cap, const ScenarioArgs& args);
void scenario_verdicts(Capture& cap, const ScenarioArgs& args);
void scenario_answers(Capture& cap, const ScenarioArgs& args);
void scenario_conversation(Capture& cap, const ScenarioArgs& args);
void scenario_edges(Capture& cap, const ScenarioArgs& args);
void scenario_undelivered(Capture& cap, const ScenarioArgs& args);
void scenario_operations(Capture& cap, const ScenarioArgs& args);
void scenario_bench_register(Capture& cap, const ScenarioArgs& args);
void scenario_bench_coap(Capture& cap, const ScenarioArgs& args);
void scenario_bench_nocoap(Capture& cap, const ScenarioArgs& args);
void scenario_bench_replay(Capture& cap, const ScenarioArgs& args);
void scenario_bench_client(Capture& cap, const ScenarioArgs& args);

// The most clients bench-replay makes. Each has its own address and port: 25 000 clients per
// 127.0.B.0/24 (ports 40000-64999), so a million take 127.0.0.0-127.0.39.255.
constexpr std::uint64_t kMaxBenchClients = 1000000;

// Shared by the scenarios.
extern const char* const kObjectLinks;  // "</1/0>,</3/0>;ver=1.1,</3303>"

}  // namespace capgen
