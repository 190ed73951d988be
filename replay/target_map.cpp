#include "target_map.h"

#include <algorithm>

#include "live/replay_result.h"
#include "live/target.h"
#include "run_error.h"

namespace lwm2m::replay {

namespace {

std::string server_list(const Survey& survey) {
  std::string list;
  for (const SurveyServer& server : survey.servers)
    list += (list.empty() ? "" : ", ") + server.address.to_string();
  return list;
}

}  // namespace

std::string TargetMap::to_string() const {
  if (mappings.empty()) return primary.to_string();
  std::string text;
  for (const auto& [captured, live] : mappings)
    text += (text.empty() ? "" : ", ") + captured.to_string() + "=" + live.to_string();
  return text;
}

bool maps_servers(const Options& options) {
  return std::any_of(options.targets.begin(), options.targets.end(),
                     [](const std::string& t) { return t.find('=') != std::string::npos; });
}

TargetMap map_targets(const Options& options, const Survey& survey,
                      const std::vector<net::TransportAddress>& servers) {
  TargetMap map;
  if (!maps_servers(options)) {
    if (options.targets.size() > 1)
      throw RunError(kExitUsage, "--target is given " + std::to_string(options.targets.size()) +
                                     " times: to replay several captured servers, map each "
                                     "one with --target CAPTURED=HOST:PORT");
    map.primary = resolve_target(options.targets.front(), options.allow_multicast);
    return map;
  }
  for (const std::string& text : options.targets) {
    const auto equals = text.find('=');
    if (equals == std::string::npos)
      throw RunError(kExitUsage, "--target " + text +
                                     ": a lone HOST:PORT and CAPTURED=HOST:PORT mappings do not "
                                     "mix; map every captured server");
    const std::string captured_text = text.substr(0, equals);
    const auto captured = net::TransportAddress::parse(captured_text);
    if (!captured)
      throw RunError(kExitUsage, "--target " + text + ": the captured server '" + captured_text +
                                     "' is no ADDR:PORT, e.g. 10.0.0.1:5683 or [2001:db8::1]:5683");
    const bool known = std::any_of(survey.servers.begin(), survey.servers.end(),
                                   [&](const SurveyServer& s) { return s.address == *captured; });
    if (!known)
      throw RunError(kExitUsage, "--target " + text + ": " + captured->to_string() +
                                     " is no LwM2M server of " + options.capture +
                                     " (its servers: " + server_list(survey) + ")");
    for (const auto& mapping : map.mappings)
      if (mapping.first == *captured)
        throw RunError(kExitUsage, "--target maps " + captured->to_string() +
                                       " twice: one live server per captured server");
    const net::TransportAddress live =
        resolve_target(text.substr(equals + 1), options.allow_multicast);
    map.mappings.emplace_back(*captured, live);
  }
  for (const net::TransportAddress& server : servers) {
    const bool mapped = std::any_of(map.mappings.begin(), map.mappings.end(),
                                    [&](const auto& m) { return m.first == server; });
    if (!mapped)
      throw RunError(kExitUsage, "the captured server " + server.to_string() +
                                     " has no live server: add --target " + server.to_string() +
                                     "=HOST:PORT, or replay only the mapped servers' clients "
                                     "with --server");
  }
  map.primary = map.mappings.front().second;
  return map;
}

}  // namespace lwm2m::replay
