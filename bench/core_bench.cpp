// lwm2m_core's validator in ns per name, next to a baseline that only copies the name, so the
// figures can be read as ratios on a noisy machine (both run in the same process, same run).
#include <benchmark/benchmark.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/endpoint_name.h"
#include "lwm2m/link_format.h"
#include "lwm2m/query.h"
#include "lwm2m/vendor_types.h"

namespace {

struct NameCase {
  const char* label;
  std::string_view name;
  std::optional<uint8_t> type;
};

// A mix like a fleet's: valid names of every form and the usual mistakes.
const std::vector<NameCase>& name_cases() {
  static const std::vector<NameCase> cases = {
      {"urn:imei", "urn:imei:490154203237518", 2},
      {"IMEI: bad check digit", "IMEI:490154203237519", 2},
      {"urn:uuid", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 2},
      {"urn:esn", "urn:esn:1A2B3C4D", 2},
      {"urn:meid", "urn:meid:A0000000002329", 2},
      {"urn:dev:ops", "urn:dev:ops:32473-Thermostat-5002", 2},
      {"OUI-PC-SN", "00A0C9-ThermoV2-SN12345", 1},
      {"OUI lower-case", "00a0c9-SN1", 1},
      {"URN under type 1", "urn:imei:490154203237518", 1},
      {"no type", "urn:imei:490154203237518", std::nullopt},
  };
  return cases;
}

// Baseline: what any use of the name costs at least (a copy of it).
void BM_CopyName(benchmark::State& state) {
  const NameCase& c = name_cases()[static_cast<std::size_t>(state.range(0))];
  for (auto _ : state) {
    std::string copy(c.name);
    benchmark::DoNotOptimize(copy);
  }
  state.SetLabel(c.label);
}

void BM_CheckEndpointName(benchmark::State& state) {
  const NameCase& c = name_cases()[static_cast<std::size_t>(state.range(0))];
  for (auto _ : state) {
    lwm2m::NameCheck check = lwm2m::check_endpoint_name(c.name, c.type);
    benchmark::DoNotOptimize(check);
  }
  state.SetLabel(c.label);
}

void BM_CheckVendorNameWithPattern(benchmark::State& state) {
  lwm2m::VendorTypeTable vendors;
  (void)vendors.add(101, "Acme serial", "ACME-[0-9]{4}");
  for (auto _ : state) {
    lwm2m::NameCheck check = lwm2m::check_endpoint_name("ACME-0001", 101, &vendors);
    benchmark::DoNotOptimize(check);
  }
}

void BM_ParseRegisterQuery(benchmark::State& state) {
  const std::vector<std::string_view> options = {"ept=2", "ep=urn:imei:490154203237518", "lt=300",
                                                 "lwm2m=1.1", "b=U"};
  for (auto _ : state) {
    lwm2m::Query query = lwm2m::parse_query(options, lwm2m::Operation::kRegister);
    benchmark::DoNotOptimize(query);
  }
}

void BM_ParseObjectLinks(benchmark::State& state) {
  const std::string_view payload = "</>;rt=\"oma.lwm2m\";ct=11543,</1/0>,</3/0>;ver=1.1,</3303/0>";
  for (auto _ : state) {
    lwm2m::LinkFormat links = lwm2m::parse_object_links(payload);
    benchmark::DoNotOptimize(links);
  }
}

}  // namespace

BENCHMARK(BM_CopyName)->DenseRange(0, 9);
BENCHMARK(BM_CheckEndpointName)->DenseRange(0, 9);
BENCHMARK(BM_CheckVendorNameWithPattern);
BENCHMARK(BM_ParseRegisterQuery);
BENCHMARK(BM_ParseObjectLinks);

BENCHMARK_MAIN();
