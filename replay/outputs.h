// What a replay run shows and writes, as the options ask: the table (on standard output, or on
// standard error when a report takes standard output), the --report files, the progress bar and
// the --write recording.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <vector>

#include "live/replay_result.h"
#include "options.h"
#include "report/replay_recorder.h"
#include "report/report_files.h"
#include "report/report_table.h"

namespace lwm2m::replay {

struct Outputs {
  Outputs() = default;
  Outputs(Outputs&&) = default;
  Outputs& operator=(Outputs&&) = default;
  // The observers go in the reverse order of their making: the table holds the progress bar.
  ~Outputs() {
    while (!owned.empty()) owned.pop_back();
  }

  std::vector<std::unique_ptr<ReplayObserver>> owned;
  std::vector<ReplayObserver*> observers;  // in the order they hear of each result
  TableReport* table = nullptr;
  std::FILE* table_out = stdout;
  bool table_on_stdout = true;
  std::unique_ptr<ReplayRecorder> recorder;  // --write; null without it
};

// Opens every output; `planned` exchanges size the progress bar. Throws std::runtime_error naming
// a file that cannot be created.
Outputs open_outputs(const Options& options, const RunInfo& info, uint64_t planned);

}  // namespace lwm2m::replay
