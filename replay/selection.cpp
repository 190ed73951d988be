#include "selection.h"

#include "live/replay_result.h"
#include "run_error.h"
#include "target_map.h"

namespace lwm2m::replay {

namespace {

std::optional<net::TransportAddress> choose_server(const Options& options, const Survey& survey) {
  if (!options.server.empty()) {
    const auto wanted = net::TransportAddress::parse(options.server);
    if (!wanted)
      throw RunError(kExitUsage, "--server '" + options.server + "': expected ADDR:PORT");
    for (const SurveyServer& server : survey.servers)
      if (server.address == *wanted) return server.address;
    throw RunError(kExitUsage, "--server " + wanted->to_string() + " has no LwM2M client in " +
                                   options.capture);
  }
  if (survey.servers.size() == 1) return survey.servers.front().address;
  // Mapped servers (--target CAPTURED=LIVE): every server's clients.
  if (options.list || maps_servers(options)) return std::nullopt;
  std::string list;
  for (const SurveyServer& server : survey.servers)
    list += (list.empty() ? "" : ", ") + server.address.to_string() + " (" +
            std::to_string(server.clients) + (server.clients == 1 ? " client)" : " clients)");
  throw RunError(kExitUsage,
                 options.capture + " has " + std::to_string(survey.servers.size()) +
                     " LwM2M servers: " + list +
                     "; choose one with --server, or map each to a live one with --target "
                     "CAPTURED=HOST:PORT");
}

bool named(const std::string& name, const SurveyClient& client) {
  return name == client.endpoint_name || name == client.address.to_string();
}

}  // namespace

Selection select_clients(const Options& options, const Survey& survey) {
  Selection selection;
  selection.server = choose_server(options, survey);
  selection.selected.assign(survey.clients.size(), false);
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    const SurveyClient& client = survey.clients[i];
    if (selection.server && client.server != *selection.server) continue;
    bool wanted = options.only_clients.empty();
    for (const std::string& name : options.only_clients) wanted = wanted || named(name, client);
    selection.selected[i] = wanted;
  }
  for (const std::string& name : options.only_clients) {
    bool found = false;
    for (std::size_t i = 0; i < survey.clients.size(); ++i)
      found = found || (selection.selected[i] && named(name, survey.clients[i]));
    if (!found)
      throw RunError(kExitUsage, "--client '" + name + "': no such client" +
                                     (selection.server ? " of " + selection.server->to_string()
                                                       : std::string()) +
                                     " in " + options.capture);
  }
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    if (!selection.selected[i]) continue;
    if (survey.clients[i].not_replayable.empty()) {
      selection.clients.push_back(i);
    } else {
      selection.unreplayable.push_back(client_name(survey.clients[i]) + ": " +
                                       survey.clients[i].not_replayable);
    }
  }
  return selection;
}

}  // namespace lwm2m::replay
