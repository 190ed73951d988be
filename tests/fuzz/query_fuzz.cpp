// Fuzz target: the query parameters of Register, Update and Bootstrap-Request (parse_query,
// check_param_value, parse_lifetime). Input: one byte choosing the operation (its value modulo
// 6), then the Uri-Query options separated by '&' ("ep=urn:imei:...&lt=300&b=U").
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "lwm2m/operation.h"
#include "lwm2m/query.h"

using lwm2m::fuzz::is_printable_utf8;
using lwm2m::fuzz::within;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto operation = static_cast<lwm2m::Operation>(data[0] % 6);
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<std::string_view> options;
  for (std::size_t start = 0; start <= rest.size();) {
    std::size_t end = rest.find('&', start);
    if (end == std::string_view::npos) end = rest.size();
    options.push_back(rest.substr(start, end - start));
    start = end + 1;
  }

  const lwm2m::Query query = lwm2m::parse_query(options, operation);
  FUZZ_CHECK(query.params.size() == options.size());
  for (std::size_t i = 0; i < query.params.size(); ++i) {
    const lwm2m::QueryParam& param = query.params[i];
    const std::string_view option = options[i];
    FUZZ_CHECK(param.option_index == i);
    // Name and value are views of their own option, split at the first '='.
    FUZZ_CHECK(param.name.data() == option.data());
    FUZZ_CHECK(within(param.name, option) && within(param.value, option));
    FUZZ_CHECK(param.value_offset <= option.size());
    FUZZ_CHECK(param.value == option.substr(param.value_offset));
    FUZZ_CHECK(param.has_value == (option.find('=') != std::string_view::npos));
    FUZZ_CHECK(param.name.find('=') == std::string_view::npos);
    if (param.has_value) {
      FUZZ_CHECK(param.value_offset == param.name.size() + 1);
    } else {
      FUZZ_CHECK(param.value.empty() && param.name == option);
    }
    // A known parameter is known by its name ("q" and "Q" are both queue mode).
    FUZZ_CHECK(param.key == lwm2m::param_key(param.name));
    // Unknown names, and every name of an operation without parameters, are not known.
    if (param.key == lwm2m::ParamKey::kUnknown || operation == lwm2m::Operation::kNone ||
        operation == lwm2m::Operation::kDeregister ||
        operation == lwm2m::Operation::kBootstrapFinish)
      FUZZ_CHECK(!param.known_for_operation);
    // A repeat is the same name again, or another spelling of a known parameter ("q" after "Q").
    bool earlier = false;
    for (std::size_t j = 0; j < i; ++j) {
      const lwm2m::QueryParam& other = query.params[j];
      earlier = earlier || other.name == param.name ||
                (param.key != lwm2m::ParamKey::kUnknown && other.key == param.key);
    }
    FUZZ_CHECK(param.repeated == earlier);
    if (!param.repeated && param.key != lwm2m::ParamKey::kUnknown)
      FUZZ_CHECK(query.find(param.key) == &param);

    const std::optional<std::string> problem = lwm2m::check_param_value(param);
    if (problem) FUZZ_CHECK(!problem->empty() && is_printable_utf8(*problem));
    if (param.key == lwm2m::ParamKey::kLifetime) {
      // The value check and the lifetime the plugin shows agree.
      FUZZ_CHECK(lwm2m::parse_lifetime(param.value).has_value() == !problem.has_value());
    }
    if (param.key == lwm2m::ParamKey::kEndpointName ||
        param.key == lwm2m::ParamKey::kEndpointNameType || param.key == lwm2m::ParamKey::kUnknown)
      FUZZ_CHECK(!problem);
  }
  return 0;
}
