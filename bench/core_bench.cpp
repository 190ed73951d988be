// lwm2m_core's validator in ns per name, next to a baseline that only copies the name, so the
// figures can be read as ratios on a noisy machine (both run in the same process, same run); and
// the other core calls of a Register/2.01 pair, each beside a copy of its input.
#include <benchmark/benchmark.h>

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "endpoint_name_cases.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/host_port.h"
#include "lwm2m/link_format.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/printable.h"
#include "lwm2m/query.h"
#include "lwm2m/response_code.h"
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

// Issue 20, target 3: the core calls a Register/2.01 pair of bench-register makes in tshark, each
// beside a baseline that copies its input. The Register: ept=2, a UUID name, lt, lwm2m and b.
constexpr std::string_view kPairName = "urn:uuid:00000001-7dec-41d0-a765-c15ac6c23da1";
constexpr std::string_view kPairLinks = "</1/0>,</3/0>;ver=1.1,</3303>";
const std::vector<std::string_view>& pair_query() {
  static const std::vector<std::string_view> options = {
      "ept=2", "ep=urn:uuid:00000001-7dec-41d0-a765-c15ac6c23da1", "lt=300", "lwm2m=1.1", "b=U"};
  return options;
}

void BM_CopyPairName(benchmark::State& state) {
  for (auto _ : state) {
    std::string copy(kPairName);
    benchmark::DoNotOptimize(copy);
  }
}

void BM_CheckEndpointPair(benchmark::State& state) {
  for (auto _ : state) {
    lwm2m::NameCheck check = lwm2m::check_endpoint_pair(std::string_view("2"), kPairName, true);
    benchmark::DoNotOptimize(check);
  }
}

// The canonical name of every valid name of the list; BM_CopyValidName is its baseline.
void BM_CanonicalValidName(benchmark::State& state) {
  const NameCase& c = valid_case(state);
  for (auto _ : state) {
    std::string canonical = lwm2m::canonical_endpoint_name(c.name);
    benchmark::DoNotOptimize(canonical);
  }
  state.SetLabel(c.label);
}

void BM_CopyPairQuery(benchmark::State& state) {
  const std::vector<std::string_view>& options = pair_query();
  for (auto _ : state) {
    std::vector<std::string_view> copy(options);
    benchmark::DoNotOptimize(copy);
  }
}

void BM_ParsePairQuery(benchmark::State& state) {
  const std::vector<std::string_view>& options = pair_query();
  for (auto _ : state) {
    lwm2m::Query query = lwm2m::parse_query(options, lwm2m::Operation::kRegister);
    benchmark::DoNotOptimize(query);
  }
}

// The five values' checks, as the plugin asks them (ep and ept return at once).
void BM_CopyPairValues(benchmark::State& state) {
  const lwm2m::Query query = lwm2m::parse_query(pair_query(), lwm2m::Operation::kRegister);
  for (auto _ : state) {
    for (const lwm2m::QueryParam& param : query.params) {
      std::string copy(param.value);
      benchmark::DoNotOptimize(copy);
    }
  }
}

void BM_CheckPairValues(benchmark::State& state) {
  const lwm2m::Query query = lwm2m::parse_query(pair_query(), lwm2m::Operation::kRegister);
  for (auto _ : state) {
    for (const lwm2m::QueryParam& param : query.params) {
      std::optional<std::string> problem = lwm2m::check_param_value(param);
      benchmark::DoNotOptimize(problem);
    }
  }
}

void BM_CopyPairLinks(benchmark::State& state) {
  for (auto _ : state) {
    std::string copy(kPairLinks);
    benchmark::DoNotOptimize(copy);
  }
}

void BM_ParsePairLinks(benchmark::State& state) {
  for (auto _ : state) {
    lwm2m::LinkFormat links = lwm2m::parse_object_links(kPairLinks);
    benchmark::DoNotOptimize(links);
  }
}

// The 2.01's texts: the client's address, the name shown, the code.
void BM_HostPort(benchmark::State& state) {
  for (auto _ : state) {
    std::string text = lwm2m::host_port("10.64.0.1", 49152);
    benchmark::DoNotOptimize(text);
  }
}

void BM_PrintableName(benchmark::State& state) {
  for (auto _ : state) {
    std::string text = lwm2m::printable(kPairName);
    benchmark::DoNotOptimize(text);
  }
}

void BM_ResponseCodeText(benchmark::State& state) {
  for (auto _ : state) {
    std::string text = lwm2m::coap::response_code_text(0x41);  // 2.01 Created
    benchmark::DoNotOptimize(text);
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
BENCHMARK(BM_CopyPairName);
BENCHMARK(BM_CheckEndpointPair);
BENCHMARK(BM_CanonicalValidName)->DenseRange(0, std::size(lwm2m::bench::kValidNames) - 1);
BENCHMARK(BM_CopyPairQuery);
BENCHMARK(BM_ParsePairQuery);
BENCHMARK(BM_CopyPairValues);
BENCHMARK(BM_CheckPairValues);
BENCHMARK(BM_CopyPairLinks);
BENCHMARK(BM_ParsePairLinks);
BENCHMARK(BM_HostPort);
BENCHMARK(BM_PrintableName);
BENCHMARK(BM_ResponseCodeText);

BENCHMARK_MAIN();
