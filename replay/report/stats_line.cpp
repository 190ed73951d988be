#include "report/stats_line.h"

#include <cstdio>

namespace lwm2m::replay {

std::string stats_line(const ReplaySummary& s, std::size_t loops) {
  const double seconds = static_cast<double>(s.elapsed.count()) / 1000;
  char head[64];
  std::snprintf(head, sizeof head, "stats: %.1f s: ", seconds);
  std::string text = head + std::to_string(s.done()) + " of " + std::to_string(s.exchanges) +
                     " exchanges done (" + std::to_string(s.matched) + " matched, " +
                     std::to_string(s.differ) + (s.differ == 1 ? " differs, " : " differ, ") +
                     std::to_string(s.no_answer) + " no answer";
  if (s.skipped) text += ", " + std::to_string(s.skipped) + " skipped";
  char rate[32];
  std::snprintf(rate, sizeof rate, "), %.1f/s", seconds > 0 ? s.done() / seconds : 0.0);
  text += rate;
  text += "; " + std::to_string(s.server_requests) +
          (s.server_requests == 1 ? " server request" : " server requests");
  if (loops > 1) text += "; loop " + std::to_string(s.loops) + " of " + std::to_string(loops);
  return text;
}

}  // namespace lwm2m::replay
