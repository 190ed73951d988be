#include "tshark_runner.h"

#include <sys/stat.h>

#include <cstdlib>
#include <sstream>
#include <stdexcept>

namespace lwm2m::test {
namespace {

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, separator)) parts.push_back(part);
  if (!text.empty() && text.back() == separator) parts.emplace_back();
  return parts;
}

}  // namespace

CommandResult run_tshark(const std::vector<std::string>& args) {
  setenv("LWM2M_PLUGIN_DIR", LWM2M_PLUGIN_BUILD_DIR, 1);
  std::vector<std::string> argv{std::string(LWM2M_SOURCE_DIR) + "/scripts/lwm2m-tshark"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

CommandResult run_sharkd(const std::string& capture, const std::vector<std::string>& requests,
                         const std::string& colorfilters,
                         const std::vector<std::string>& preferences) {
  setenv("LWM2M_PLUGIN_DIR", LWM2M_PLUGIN_BUILD_DIR, 1);
  std::vector<std::string> argv{std::string(LWM2M_SOURCE_DIR) + "/scripts/lwm2m-sharkd"};
  if (!colorfilters.empty()) {
    argv.push_back("--colorfilters");
    argv.push_back(colorfilters);
  }
  for (const std::string& preference : preferences) {
    argv.push_back("-o");
    argv.push_back(preference);
  }
  argv.push_back(capture);
  argv.insert(argv.end(), requests.begin(), requests.end());
  return run_command(argv);
}

std::string sample(const std::string& file_name) {
  return std::string(LWM2M_SOURCE_DIR) + "/samples/" + file_name;
}

std::string shared_capture(const std::string& file_name) {
  std::string path = std::string(LWM2M_SOURCE_DIR) + "/../shared/captures/" + file_name;
  struct stat info;
  return stat(path.c_str(), &info) == 0 ? path : std::string();
}

Rows tshark_fields(const std::string& capture, const std::string& display_filter,
                   const std::vector<std::string>& fields,
                   const std::vector<std::string>& extra_args) {
  std::vector<std::string> args{"-r", capture,        "-T", "fields",
                                "-E", "occurrence=a", "-E", "aggregator=|"};
  if (!display_filter.empty()) {
    args.push_back("-Y");
    args.push_back(display_filter);
  }
  for (const std::string& field : fields) {
    args.push_back("-e");
    args.push_back(field);
  }
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  CommandResult result = run_tshark(args);
  if (result.exit_code != 0) {
    throw std::runtime_error("tshark failed (" + std::to_string(result.exit_code) +
                             "): " + result.err);
  }
  Rows rows;
  for (const std::string& line : split(result.out, '\n')) {
    if (line.empty()) continue;
    rows.push_back(split(line, '\t'));
    rows.back().resize(fields.size());
  }
  return rows;
}

std::vector<std::string> tshark_info(const std::string& capture, const std::string& display_filter,
                                     const std::vector<std::string>& extra_args) {
  std::vector<std::string> info;
  for (auto& row : tshark_fields(capture, display_filter, {"_ws.col.Info"}, extra_args)) {
    info.push_back(row.at(0));
  }
  return info;
}

}  // namespace lwm2m::test
