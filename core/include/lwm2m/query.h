// Register / Update / Bootstrap-Request query parameters (Table 3, Table 16, Table 17).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/operation.h"

namespace lwm2m {

enum class ParamKey {
  kEndpointName,          // ep
  kEndpointNameType,      // ept
  kLifetime,              // lt
  kSmsNumber,             // sms
  kVersion,               // lwm2m
  kBinding,               // b
  kQueueMode,             // Q (the TS), q (the seed's Table 16)
  kPreferredContentType,  // pct (Bootstrap-Request, LwM2M 1.1)
  kUnknown,
};

// "ep", "ept", "lt", ..., "Q" for kQueueMode; "" for kUnknown.
std::string_view param_key_name(ParamKey key);

// Whether `operation` takes the parameter (Table 3; the seed's Table 16: Register takes ept, ep,
// lt, sms, lwm2m, q, Update ept, ep, lt, sms, lwm2m, both also the TS's b and Q; Table 17 with the
// seed's ept: ep, ept, pct). De-register and Bootstrap-Finish take none.
bool takes_parameter(Operation operation, ParamKey key);

// The name of the parameter a Uri-Query option holds: the text before its first '=' ("ep" of
// "ep=urn:imei:..."), the whole option when it has none ("Q").
std::string_view param_name(std::string_view option);

// The key named `name` ("ep" -> kEndpointName), case-sensitive; kUnknown for any other name.
// Queue mode has two spellings, "Q" (the TS) and "q" (the seed).
ParamKey param_key(std::string_view name);

struct QueryParam {
  std::size_t option_index = 0;  // which Uri-Query option (0-based, wire order)
  ParamKey key = ParamKey::kUnknown;
  std::string_view name;   // text before '=' (the whole option when there is no '=')
  std::string_view value;  // text after the first '='; empty when there is none
  bool has_value = false;
  std::size_t value_offset = 0;     // offset of `value` within its option
  bool known_for_operation = true;  // false: not a parameter of this operation
  bool repeated = false;            // a later occurrence of a parameter already seen ("q" after
                                    // "Q" too); the first occurrence is the one that counts
};

struct Query {
  std::vector<QueryParam> params;  // one per Uri-Query option, in wire order

  // First occurrence of `key`, or null.
  const QueryParam* find(ParamKey key) const;
};

// Longest Uri-Query option, in bytes. CoAP's option encoding can carry 65804 bytes, but RFC 7252
// (§5.10, Table 4) gives Uri-Query 0-255, and a receiver treats a longer one like an unrecognized
// critical option (§5.4.3: 4.02 Bad Option). Each LwM2M parameter is one option, `name=value`,
// so the limit holds for a parameter and its name together.
inline constexpr std::size_t kMaxUriQueryOptionBytes = 255;

// The size rule of one Uri-Query option (`name=value`): "256 bytes, the limit is 255" when it is
// longer than kMaxUriQueryOptionBytes. parse_query takes longer options as they come (a capture
// holds what was sent); this says whether one may be sent.
std::optional<std::string> check_query_option_size(std::string_view option);

// Parses Uri-Query option values. Each option is one parameter, `name=value` or `name`.
// Views point into `options`' strings. Parameter names are case-sensitive (queue mode is `Q`, or
// the seed's `q`).
Query parse_query(const std::vector<std::string_view>& options, Operation operation);
// The same into `out`, whose parameters it replaces: a caller that keeps `out` from one request
// to the next parses without allocating once its capacity suffices.
void parse_query(const std::vector<std::string_view>& options, Operation operation, Query& out);

// Checks the syntax of a known parameter's value, e.g. "lifetime 'abc' is not a decimal number".
// `ep` and `ept` are checked by check_endpoint_name and parse_ept instead; returns empty for them.
std::optional<std::string> check_param_value(const QueryParam& param);

// Lifetime in seconds when `value` is a valid `lt` value.
std::optional<uint32_t> parse_lifetime(std::string_view value);

}  // namespace lwm2m
