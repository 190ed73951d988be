// --stats SECONDS: a line of counts on standard error every so often, for long runs whose table
// scrolls by or is not shown (-q, --report json); tcpreplay users expect one.
#pragma once

#include <cstddef>
#include <string>

#include "live/replay_result.h"

namespace lwm2m::replay {

// "stats: 12.0 s: 340 of 3000 exchanges done (330 matched, 5 differ, 5 no answer), 28.3/s;
// 4 server requests; loop 2 of 5" (the loop only with --loop).
std::string stats_line(const ReplaySummary& summary, std::size_t loops);

}  // namespace lwm2m::replay
