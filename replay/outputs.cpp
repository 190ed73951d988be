#include "outputs.h"

#include <string>

#include "report/progress_bar.h"

namespace lwm2m::replay {

Outputs open_outputs(const Options& options, const RunInfo& info, uint64_t planned) {
  Outputs outputs;
  for (const std::string& item : options.reports) {
    const ReportRequest report = *parse_report(item);
    std::FILE* out = open_report(report.path);
    if (report.path == "-") outputs.table_on_stdout = false;
    if (report.format == "json") {
      outputs.owned.push_back(std::make_unique<JsonReport>(out, info));
    } else {
      outputs.owned.push_back(std::make_unique<JunitReport>(out, info));
    }
    outputs.observers.push_back(outputs.owned.back().get());
  }
  ProgressBar* progress = nullptr;
  if (!options.no_progress) {
    auto bar = std::make_unique<ProgressBar>(stderr, planned);
    progress = bar.get();
    outputs.observers.push_back(progress);
    outputs.owned.push_back(std::move(bar));
  }
  outputs.table_out = outputs.table_on_stdout ? stdout : stderr;
  // A report on standard output takes the place of the table: only the summary line is left,
  // on standard error.
  auto table = std::make_unique<TableReport>(outputs.table_out, options.quiet, options.verbose,
                                             progress, outputs.table_on_stdout);
  outputs.table = table.get();
  outputs.observers.push_back(outputs.table);
  outputs.owned.push_back(std::move(table));
  if (!options.write.empty())
    outputs.recorder =
        std::make_unique<ReplayRecorder>(options.write, "lwm2m-replay " + info.version);
  return outputs;
}

}  // namespace lwm2m::replay
