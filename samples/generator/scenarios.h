// The scenarios lwm2m-capgen can write. Each one is documented frame by frame in
// samples/README.md (generated with `lwm2m-capgen SCENARIO OUT --describe`).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture.h"

namespace capgen {

struct Scenario {
  const char* name;
  const char* summary;
  bool takes_count;             // accepts --count
  std::uint64_t default_count;  // packets, for the bench scenarios
  void (*run)(Capture& cap, std::uint64_t count);
};

const std::vector<Scenario>& all_scenarios();
const Scenario* find_scenario(const std::string& name);

// The scenario bodies (one file per group).
void scenario_names_urn(Capture& cap, std::uint64_t count);
void scenario_names_oui(Capture& cap, std::uint64_t count);
void scenario_ept_and_params(Capture& cap, std::uint64_t count);
void scenario_lifecycle(Capture& cap, std::uint64_t count);
void scenario_broken_coap(Capture& cap, std::uint64_t count);
void scenario_exchanges(Capture& cap, std::uint64_t count);
void scenario_registrations(Capture& cap, std::uint64_t count);
void scenario_bench_register(Capture& cap, std::uint64_t count);
void scenario_bench_nocoap(Capture& cap, std::uint64_t count);

// Shared by the scenarios.
extern const char* const kObjectLinks;  // "</1/0>,</3/0>;ver=1.1,</3303>"

}  // namespace capgen
