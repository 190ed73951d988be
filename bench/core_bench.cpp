// lwm2m_core's validator in ns per name, next to a baseline that only copies the name, so the
// figures can be read as ratios on a noisy machine (both run in the same process, same run).
#include <benchmark/benchmark.h>

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "endpoint_name_cases.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/link_format.h"
#include "lwm2m/query.h"
#include "lwm2m/vendor_types.h"

namespace {

using lwm2m::bench::NameCase;

const NameCase& mixed_case(const benchmark::State& state) {
  return lwm2m::bench::kMixedNames[static_cast<std::size_t>(state.range(0))];
}

const NameCase& valid_case(const benchmark::State& state) {
  return lwm2m::bench::kValidNames[static_cast<std::size_t>(state.range(0))];
}

const lwm2m::VendorTypeTable& bench_vendors() {
  static const lwm2m::VendorTypeTable table = [] {
    lwm2m::VendorTypeTable vendors;
    (void)vendors.add(lwm2m::bench::kVendorTypeWithoutPattern, "Acme device", "");
    (void)vendors.add(lwm2m::bench::kVendorTypeWithPattern, "Acme serial",
                      std::string(lwm2m::bench::kVendorPattern));
    return vendors;
  }();
  return table;
}

// Baseline: what any use of the name costs at least (a copy of it).
void BM_CopyName(benchmark::State& state) {
  const NameCase& c = mixed_case(state);
  for (auto _ : state) {
    std::string copy(c.name);
    benchmark::DoNotOptimize(copy);
  }
  state.SetLabel(c.label);
}

void BM_CheckEndpointName(benchmark::State& state) {
  const NameCase& c = mixed_case(state);
  for (auto _ : state) {
    lwm2m::NameCheck check = lwm2m::check_endpoint_name(c.name, c.type);
    benchmark::DoNotOptimize(check);
  }
  state.SetLabel(c.label);
}

// Issue 20, target 4: one valid name of every form, its copy as the baseline beside it.
void BM_CopyValidName(benchmark::State& state) {
  const NameCase& c = valid_case(state);
  for (auto _ : state) {
    std::string copy(c.name);
    benchmark::DoNotOptimize(copy);
  }
  state.SetLabel(c.label);
}

void BM_CheckValidName(benchmark::State& state) {
  const NameCase& c = valid_case(state);
  const lwm2m::VendorTypeTable& vendors = bench_vendors();
  for (auto _ : state) {
    lwm2m::NameCheck check = lwm2m::check_endpoint_name(c.name, c.type, &vendors);
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
BENCHMARK(BM_CopyValidName)->DenseRange(0, std::size(lwm2m::bench::kValidNames) - 1);
BENCHMARK(BM_CheckValidName)->DenseRange(0, std::size(lwm2m::bench::kValidNames) - 1);
BENCHMARK(BM_CheckVendorNameWithPattern);
BENCHMARK(BM_ParseRegisterQuery);
BENCHMARK(BM_ParseObjectLinks);

BENCHMARK_MAIN();
