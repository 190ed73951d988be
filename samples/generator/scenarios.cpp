#include "scenarios.h"

namespace capgen {

const char* const kObjectLinks = "</1/0>,</3/0>;ver=1.1,</3303>";

const std::vector<Scenario>& all_scenarios() {
  static const std::vector<Scenario> kAll = {
      {"names-urn", "Register per type-2 (URN) name, valid and invalid, with its answer", false, 0,
       false, 0, scenario_names_urn},
      {"names-oui", "Register per type-1 (OUI-PC-SN) name, valid and invalid, with its answer",
       false, 0, false, 0, scenario_names_oui},
      {"ept-and-params", "Registers and Bootstrap-Requests breaking the ept/ep/parameter rules",
       false, 0, false, 0, scenario_ept_and_params},
      {"query-limits",
       "Registers with ep and Uri-Query options on either side of their size limits", false, 0,
       false, 0, scenario_query_limits},
      {"lifecycle",
       "one client's Bootstrap, Register, Updates, Read, a 4.09 duplicate, De-register", false, 0,
       false, 0, scenario_lifecycle},
      {"broken-coap", "hostile and malformed CoAP datagrams a dissector must survive", false, 0,
       false, 0, scenario_broken_coap},
      {"exchanges",
       "request/response pairing traps, a Block1 Register with a block size change, CoAP over TCP",
       false, 0, false, 0, scenario_exchanges},
      {"registrations",
       "registration tracking: lifetimes, duplicates, re-registration, one-option Location-Path",
       false, 0, false, 0, scenario_registrations},
      {"verdicts",
       "single requests judged alone: unusable ept, duplicates, parameters, POST /bs direction",
       false, 0, false, 0, scenario_verdicts},
      {"answers",
       "registrations following the server's answers: 4.04, late 2.04, De-registers, renames",
       false, 0, false, 0, scenario_answers},
      {"conversation",
       "one device's bootstrap, Register, Read/Write/Observe/Notify, De-register; two more", false,
       0, false, 0, scenario_conversation},
      {"edges",
       "registration edges: half-named Updates, acts after a De-register, late answers, Block1",
       false, 0, false, 0, scenario_edges},
      {"undelivered",
       "messages ICMP and ICMPv6 errors quote: Register, Update, 2.02, Bootstrap-Request", false, 0,
       false, 0, scenario_undelivered},
      {"operations",
       "every LwM2M operation the Wakaama captures lack: Composite, Create, Send, "
       "Write-Attributes, Bootstrap-Read and -Pack-Request, a Reset to a Notify",
       false, 0, false, 0, scenario_operations},
      {"bench-register", "N packets of Register/2.01 pairs from distinct clients (benchmark)", true,
       200000, false, 0, scenario_bench_register},
      {"bench-coap",
       "N packets of CoAP GET /sensors/temp and 2.05 from 500 sensors, no LwM2M (benchmark)", true,
       200000, false, 0, scenario_bench_coap},
      {"bench-nocoap", "N packets of UDP to port 9999 and some TCP, no CoAP (benchmark)", true,
       200000, false, 0, scenario_bench_nocoap},
      {"bench-replay",
       "N packets: C clients' Register, Updates, De-register, interleaved (replay benchmark)", true,
       200000, true, 1000, scenario_bench_replay},
      {"bench-client",
       "N packets: one client's Register, Updates and De-register (replay benchmark)", true, 200000,
       false, 1, scenario_bench_client},
  };
  return kAll;
}

const Scenario* find_scenario(const std::string& name) {
  for (const auto& s : all_scenarios()) {
    if (name == s.name) return &s;
  }
  return nullptr;
}

}  // namespace capgen
