// A one-line progress bar on standard error, redrawn at most ten times a second, for runs on a
// terminal. Reports that print to the same terminal clear it first so lines do not mix.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>

#include "live/replay_result.h"

namespace lwm2m::replay {

class ProgressBar : public ReplayObserver {
 public:
  // `total`: the exchanges the run will go through. Draws nothing when `out` is not a terminal.
  ProgressBar(std::FILE* out, uint64_t total);

  // The rate counts from here: the sockets (or DTLS sessions) of many clients take a while to
  // open, and counting them would make the first rates too low.
  void on_start() override;
  void on_exchange(const ExchangeResult& result) override;
  void on_finish(const ReplaySummary& summary) override;

  // Erases the bar (it comes back with the next update).
  void clear();

 private:
  void draw(bool force);

  std::FILE* out_;
  bool enabled_;
  bool drawn_ = false;
  uint64_t total_;
  uint64_t done_ = 0, differ_ = 0;
  std::chrono::steady_clock::time_point started_, last_draw_;
};

}  // namespace lwm2m::replay
