#include "rewrite/query_limits.h"

#include <algorithm>
#include <string_view>

#include "lwm2m/endpoint_name.h"
#include "lwm2m/printable.h"
#include "lwm2m/query.h"

namespace lwm2m::replay {

namespace {

// How much of a long option or name a refusal shows.
constexpr std::size_t kShownBytes = 40;

// `text` as a refusal shows it: printable, cut after kShownBytes.
std::string shown(std::string_view text) {
  return printable(text, kShownBytes);
}

// Who a refusal names: the client for its ep, --set for the parameters it sets.
std::string culprit(const SurveyClient& client, std::string_view option_name) {
  if (param_key(option_name) != ParamKey::kEndpointName) return "--set " + shown(option_name);
  return client.endpoint_name.empty() ? client.address.to_string() : shown(client.endpoint_name);
}

}  // namespace

QueryLimits check_query_limits(const Survey& survey, const std::vector<std::size_t>& clients,
                               const QueryRules& rules, std::size_t copies) {
  QueryLimits limits;
  // The copy with the longest name: the one with the most digits.
  QueryRules longest = rules;
  if (copies > 0) longest.ep_suffix += "-" + std::to_string(copies);
  const std::string of_copy =
      copies > 0 ? " of copy " + std::to_string(copies) + " (the longest)" : std::string();
  for (const std::size_t index : clients) {
    const SurveyClient& client = survey.clients.at(index);
    const coap::MessageData captured = survey_register(client);
    const std::vector<std::string_view> before = captured.values(coap::kUriQuery);
    const RewrittenRequest rewritten =
        rewrite_request(captured, Operation::kRegister, longest, nullptr);
    for (const std::string_view option : rewritten.request.values(coap::kUriQuery)) {
      if (std::find(before.begin(), before.end(), option) != before.end()) continue;
      const std::string_view name = param_name(option);
      const bool is_ep = param_key(name) == ParamKey::kEndpointName;
      if (const auto problem = check_query_option_size(option)) {
        limits.refusal = culprit(client, name) + ": the rewritten Uri-Query option" +
                         (is_ep ? of_copy : std::string()) + " '" + shown(option) + "' would be " +
                         *problem + " (RFC 7252 §5.10); nothing was sent";
        return limits;
      }
      if (!is_ep || name.size() == option.size()) continue;
      const std::string_view ep = option.substr(name.size() + 1);
      if (const auto problem = check_endpoint_name_size(ep)) {
        limits.warnings.push_back(client_name(client) + ": the rewritten ep" + of_copy + " '" +
                                  printable(ep) + "' is " + *problem +
                                  " (Endpoint Client Name); sent anyway");
      }
    }
  }
  return limits;
}

}  // namespace lwm2m::replay
