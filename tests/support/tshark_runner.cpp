#include "tshark_runner.h"

#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <set>
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

std::string join(const std::vector<std::string>& parts, char separator) {
  std::string text;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) text += separator;
    text += parts[i];
  }
  return text;
}

bool is_expert_field(const std::string& field) {
  return field.rfind("_ws.expert", 0) == 0;
}

// 4.2 and later print a boolean as True/False, 4.0 as 1/0. Only whole occurrences are turned
// back: a string that merely contains "True" stays.
std::string boolean_as_number(const std::string& cell) {
  std::vector<std::string> parts = split(cell, '|');
  for (std::string& part : parts) {
    if (part == "True") part = "1";
    if (part == "False") part = "0";
  }
  return join(parts, '|');
}

// 4.2 and later escape a backslash in a string field as two.
std::string single_backslashes(const std::string& cell) {
  std::string text;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    text += cell[i];
    if (cell[i] == '\\' && i + 1 < cell.size() && cell[i + 1] == '\\') ++i;
  }
  return text;
}

// 4.6 prints an absolute time as ISO 8601 (2026-01-15T10:01:00.001500000Z), 4.0 and 4.4 as
// "Jan 15, 2026 10:01:00.001500000 UTC" (Wireshark's abs_time_to_str(), day padded to two).
std::string time_as_4_0(const std::string& cell) {
  static const std::regex kIso(R"(^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2}:\d{2}(\.\d+)?)Z$)");
  static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  std::smatch match;
  if (!std::regex_match(cell, match, kIso)) return cell;
  const int month = std::stoi(match[2]);
  if (month < 1 || month > 12) return cell;
  char day[4];
  std::snprintf(day, sizeof day, "%2d", std::stoi(match[3]));
  return std::string(kMonths[month - 1]) + " " + day + ", " + match[1].str() + " " +
         match[4].str() + " UTC";
}

// 4.6's CoAP dissector puts the content format at the end of its own Info text ("2.05 Content,
// TKN:..., /3/0/9 (text/plain)"), 4.0 and 4.4 after the response code ("2.05 Content
// (text/plain), TKN:..., /3/0/9"). Only CoAP's text (frames the plugin leaves to CoAP) has it.
std::string coap_info_as_4_0(const std::string& cell) {
  static const std::regex kCoap(
      R"(^((?:CON|NON|ACK|RST), MID:\d+, \d\.\d\d [^,()]*)(, .*) \(([^()]+)\)$)");
  std::smatch match;
  if (!std::regex_match(cell, match, kCoap)) return cell;
  return match[1].str() + " (" + match[3].str() + ")" + match[2].str();
}

// The occurrences of the _ws.expert.* cells of `row` (at `columns`), sorted together, without
// the expert items Wireshark's own dissectors add on some versions only.
void normalise_experts(std::vector<std::string>& row, const std::vector<std::size_t>& columns) {
  // 4.6's ICMP and ICMPv6 dissectors flag every error message: "Type indicates an error".
  static const std::set<std::string> kVersionDependent = {"Trailing stray characters",
                                                          "Type indicates an error"};
  std::vector<std::vector<std::string>> cells;
  std::size_t count = 0;
  for (std::size_t column : columns) {
    cells.push_back(row[column].empty() ? std::vector<std::string>{} : split(row[column], '|'));
    count = std::max(count, cells.back().size());
  }
  std::vector<std::vector<std::string>> items(count);
  for (std::size_t i = 0; i < count; ++i) {
    for (const auto& cell : cells) items[i].push_back(i < cell.size() ? cell[i] : "");
  }
  items.erase(std::remove_if(items.begin(), items.end(),
                             [](const std::vector<std::string>& item) {
                               for (const std::string& value : item) {
                                 if (kVersionDependent.count(value)) return true;
                               }
                               return false;
                             }),
              items.end());
  std::sort(items.begin(), items.end());
  for (std::size_t c = 0; c < columns.size(); ++c) {
    std::vector<std::string> values;
    for (const auto& item : items) values.push_back(item[c]);
    row[columns[c]] = join(values, '|');
  }
}

}  // namespace

std::pair<int, int> tshark_version() {
  static const std::pair<int, int> version = [] {
    // "TShark (Wireshark) 4.4.19 (Git v4.4.19 packaged as 4.4.19-0+deb13u1)."
    const CommandResult result = run_tshark({"--version"});
    static const std::regex kVersion(R"(TShark \(Wireshark\) (\d+)\.(\d+))");
    std::smatch match;
    if (!std::regex_search(result.out, match, kVersion)) {
      throw std::runtime_error("no version in tshark --version: " + result.out + result.err);
    }
    return std::make_pair(std::stoi(match[1]), std::stoi(match[2]));
  }();
  return version;
}

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
  const bool since_4_2 = tshark_version() >= std::make_pair(4, 2);
  const bool since_4_6 = tshark_version() >= std::make_pair(4, 6);
  std::vector<std::size_t> expert_columns;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (is_expert_field(fields[i])) expert_columns.push_back(i);
  }
  Rows rows;
  for (const std::string& line : split(result.out, '\n')) {
    if (line.empty()) continue;
    rows.push_back(split(line, '\t'));
    std::vector<std::string>& row = rows.back();
    row.resize(fields.size());
    if (since_4_2) {
      for (std::string& cell : row) cell = single_backslashes(boolean_as_number(cell));
    }
    if (since_4_6) {
      for (std::string& cell : row) cell = coap_info_as_4_0(time_as_4_0(cell));
    }
    if (!expert_columns.empty()) normalise_experts(row, expert_columns);
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

Rows tshark_protocols() {
  const CommandResult result = run_tshark({"-G", "protocols"});
  if (result.exit_code != 0) {
    throw std::runtime_error("tshark -G protocols failed: " + result.err);
  }
  Rows rows;
  for (const std::string& line : split(result.out, '\n')) {
    if (line.empty()) continue;
    rows.push_back(split(line, '\t'));
    rows.back().resize(3);
  }
  return rows;
}

std::string normal_sharkd_colour(const std::string& text) {
  char normal[16];
  std::snprintf(normal, sizeof normal, "%lx", std::stoul(text, nullptr, 16));
  return normal;
}

std::string normal_statistics(const std::string& text) {
  if (tshark_version() < std::make_pair(4, 6)) return text;
  static const std::regex kBytes(R"((\d) bytes\b)");
  return std::regex_replace(text, kBytes, "$1");
}

}  // namespace lwm2m::test
