// lwm2m-capgen: writes the synthetic sample captures of lwm2m-ept. See samples/README.md.
//
//   lwm2m-capgen SCENARIO OUT.pcap [--count N] [--clients C] [--describe]
//
// The output is a classic pcap file (Ethernet) written by libpcap; samples/make-samples.sh turns
// it into pcapng with `editcap -F pcapng`. The same arguments always give the same bytes.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "capture.h"
#include "pcap_writer.h"
#include "scenarios.h"

namespace {

constexpr int kUsageError = 2;

void print_usage(std::FILE* to) {
  std::fprintf(to,
               "usage: lwm2m-capgen SCENARIO OUT.pcap [--count N] [--clients C] [--describe]\n"
               "       lwm2m-capgen --help | --list\n"
               "\n"
               "Writes a synthetic LwM2M/CoAP capture (pcap, Ethernet) to OUT.pcap.\n"
               "The same arguments always produce the same bytes (first frame at\n"
               "2026-01-15 10:00:00 UTC, fixed addresses and ports, counters for MIDs and\n"
               "tokens).\n"
               "\n"
               "options:\n"
               "  --count N     packets to write (bench-* scenarios only; default 200000)\n"
               "  --clients C   LwM2M clients (bench-replay only; default 1000, at most 1000000)\n"
               "  --describe    also print the frames as a Markdown table on stdout\n"
               "  --list        list the scenarios\n"
               "  --help        show this help\n"
               "\n"
               "scenarios:\n");
  for (const auto& s : capgen::all_scenarios()) {
    std::fprintf(to, "  %-15s %s\n", s.name, s.summary);
  }
}

int usage_error(const std::string& message) {
  std::fprintf(stderr, "lwm2m-capgen: %s\n", message.c_str());
  std::fprintf(stderr, "Try 'lwm2m-capgen --help'.\n");
  return kUsageError;
}

bool parse_count(const char* text, std::uint64_t& out, std::uint64_t max = 100000000ull) {
  if (text == nullptr || *text == '\0' || *text == '-' || *text == '+') return false;
  char* end = nullptr;
  errno = 0;
  unsigned long long v = std::strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || v == 0 || v > max) return false;
  out = v;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string scenario_name, out_path;
  std::uint64_t count = 0, clients = 0;
  bool have_count = false, have_clients = false, describe = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      print_usage(stdout);
      return 0;
    } else if (arg == "--list") {
      for (const auto& s : capgen::all_scenarios()) std::printf("%s\n", s.name);
      return 0;
    } else if (arg == "--count" || arg.rfind("--count=", 0) == 0) {
      const char* value = nullptr;
      if (arg == "--count") {
        if (i + 1 >= argc) return usage_error("--count needs a value");
        value = argv[++i];
      } else {
        value = argv[i] + std::strlen("--count=");
      }
      if (!parse_count(value, count)) {
        return usage_error(std::string("bad --count '") + value +
                           "': want a whole number from 1 to 100000000");
      }
      have_count = true;
    } else if (arg == "--clients" || arg.rfind("--clients=", 0) == 0) {
      const char* value = nullptr;
      if (arg == "--clients") {
        if (i + 1 >= argc) return usage_error("--clients needs a value");
        value = argv[++i];
      } else {
        value = argv[i] + std::strlen("--clients=");
      }
      if (!parse_count(value, clients, capgen::kMaxBenchClients)) {
        return usage_error(std::string("bad --clients '") + value +
                           "': want a whole number from 1 to " +
                           std::to_string(capgen::kMaxBenchClients));
      }
      have_clients = true;
    } else if (arg == "--describe") {
      describe = true;
    } else if (arg.size() > 1 && arg[0] == '-') {
      return usage_error("unknown option '" + arg + "'");
    } else if (positional == 0) {
      scenario_name = arg;
      ++positional;
    } else if (positional == 1) {
      out_path = arg;
      ++positional;
    } else {
      return usage_error("unexpected argument '" + arg + "'");
    }
  }
  if (positional < 2) return usage_error("need a SCENARIO and an output file");

  const capgen::Scenario* scenario = capgen::find_scenario(scenario_name);
  if (scenario == nullptr) {
    std::string names;
    for (const auto& s : capgen::all_scenarios()) names += std::string(" ") + s.name;
    return usage_error("unknown scenario '" + scenario_name + "' (known:" + names + ")");
  }
  if (have_count && !scenario->takes_count) {
    return usage_error(std::string("--count applies to the bench-* scenarios, not ") +
                       scenario->name);
  }
  if (have_clients && !scenario->takes_clients) {
    return usage_error(std::string("--clients applies to bench-replay, not ") + scenario->name);
  }
  if (!have_count) count = scenario->default_count;
  if (!have_clients) clients = scenario->default_clients;

  try {
    capgen::PcapWriter writer(out_path);
    capgen::Capture cap(writer, describe);
    scenario->run(cap, capgen::ScenarioArgs{count, clients});
    writer.close();
    if (describe) capgen::print_notes_markdown(cap.notes());
    std::fprintf(stderr, "lwm2m-capgen: wrote %llu frames to %s\n",
                 static_cast<unsigned long long>(writer.frames()), out_path.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lwm2m-capgen: %s\n", e.what());
    return 1;
  }
  return 0;
}
