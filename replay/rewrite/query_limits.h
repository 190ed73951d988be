// Before a replay sends anything: what its rewriting (--set, --ep-suffix, --clients) does to the
// size of the queries. A Uri-Query option over CoAP's 255 bytes (RFC 7252 §5.10, Table 4) is
// refused: a server treats it like an unrecognized critical option, so no exchange would test
// what the user meant. An endpoint name over the name rule's 63 bytes is only worth a warning: a
// user may want to see how the server answers one.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "exchanges/survey.h"
#include "rewrite/request_rewrite.h"

namespace lwm2m::replay {

struct QueryLimits {
  // The first rewritten Uri-Query option over 255 bytes, as one sentence; "" when none.
  std::string refusal;
  // One sentence per client whose rewritten `ep` is over 63 bytes, in the order of `clients`.
  std::vector<std::string> warnings;
};

// Checks the Register (or Bootstrap-Request) of each of `clients` (indexes into survey.clients)
// as `rules` rewrite it, for each of its `copies` (--clients N; 0: replayed once, as captured).
// Only options the rewriting changes or adds are checked: the others are sent as captured. The
// survey knows a client's name from its first Register or Bootstrap-Request; the name a copy
// sends is longest for the copy with the most digits, N.
QueryLimits check_query_limits(const Survey& survey, const std::vector<std::size_t>& clients,
                               const QueryRules& rules, std::size_t copies);

}  // namespace lwm2m::replay
