#include "rewrite/request_rewrite.h"

#include <algorithm>

#include "lwm2m/printable.h"
#include "lwm2m/query.h"

namespace lwm2m::replay {

namespace {

void rewrite_query(coap::MessageData& request, Operation operation, const QueryRules& rules,
                   std::vector<std::string>& changes) {
  if (rules.set.empty() && rules.drop.empty() && rules.ep_suffix.empty()) return;
  std::vector<coap::OptionData> rewritten;
  std::vector<bool> set_used(rules.set.size(), false);
  for (coap::OptionData& option : request.options) {
    if (option.number != coap::kUriQuery) {
      rewritten.push_back(std::move(option));
      continue;
    }
    const std::string item(option.value.begin(), option.value.end());
    const std::string name(param_name(item));
    if (std::find(rules.drop.begin(), rules.drop.end(), name) != rules.drop.end()) {
      changes.push_back("dropped " + printable(item));
      continue;
    }
    std::string value_item = item;
    for (std::size_t i = 0; i < rules.set.size(); ++i) {
      if (rules.set[i].first != name) continue;
      value_item = name + "=" + rules.set[i].second;
      set_used[i] = true;
    }
    if (param_key(name) == ParamKey::kEndpointName && !rules.ep_suffix.empty())
      value_item += rules.ep_suffix;
    if (value_item != item) changes.push_back(printable(item) + " -> " + printable(value_item));
    option.value.assign(value_item.begin(), value_item.end());
    rewritten.push_back(std::move(option));
  }
  // Register and Bootstrap-Request carry every parameter; an Update carries only what changed.
  const bool may_add = requires_endpoint_name(operation);
  for (std::size_t i = 0; may_add && i < rules.set.size(); ++i) {
    if (set_used[i]) continue;
    std::string item = rules.set[i].first + "=" + rules.set[i].second;
    if (param_key(rules.set[i].first) == ParamKey::kEndpointName) item += rules.ep_suffix;
    changes.push_back("added " + printable(item));
    rewritten.push_back({coap::kUriQuery, coap::Bytes(item.begin(), item.end())});
  }
  request.options = std::move(rewritten);
}

}  // namespace

coap::MessageData survey_register(const SurveyClient& client) {
  coap::MessageData request;
  request.code = coap::kPost;
  request.path(client.named_by == Operation::kBootstrapRequest ? "/bs" : "/rd");
  const auto add = [&request](ParamKey key, const std::string& value) {
    const std::string item = std::string(param_key_name(key)) + "=" + value;
    request.add(coap::kUriQuery, item);
  };
  if (!client.endpoint_name.empty()) add(ParamKey::kEndpointName, client.endpoint_name);
  if (client.has_endpoint_type) add(ParamKey::kEndpointNameType, client.endpoint_type);
  return request;
}

RewrittenRequest rewrite_request(const coap::MessageData& captured, Operation operation,
                                 const QueryRules& rules, const RegistrationMapping* registration,
                                 bool describe_changes) {
  RewrittenRequest out;
  rewrite_request(captured, operation, rules, registration, describe_changes, out);
  return out;
}

void rewrite_request(const coap::MessageData& captured, Operation operation,
                     const QueryRules& rules, const RegistrationMapping* registration,
                     bool describe_changes, RewrittenRequest& out) {
  // Copy-assignment keeps `out`'s vectors (and each option's) where they are large enough.
  out.request = captured;
  out.changes.clear();
  out.request.token.clear();
  out.request.message_id = 0;
  if (has_parameters(operation)) rewrite_query(out.request, operation, rules, out.changes);
  if (registration) registration->apply(out.request, describe_changes ? &out.changes : nullptr);
  if (!describe_changes) out.changes.clear();
}

}  // namespace lwm2m::replay
