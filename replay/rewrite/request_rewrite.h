// How a captured request becomes the request sent to the live server: the query rewritten as the
// user asked (--set, --drop, --ep-suffix and the per-clone suffix) and the captured registration
// location replaced by the one the live server handed out.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "exchanges/survey.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/operation.h"
#include "rewrite/registration_mapping.h"

namespace lwm2m::replay {

struct QueryRules {
  std::vector<std::pair<std::string, std::string>> set;  // --set NAME=VALUE, in order
  std::vector<std::string> drop;                         // --drop NAME
  std::string ep_suffix;  // appended to `ep` (--ep-suffix, then the clone's "-N")
};

struct RewrittenRequest {
  coap::MessageData request;
  std::vector<std::string> changes;  // "ep=a -> ep=a-1", "/rd/5a3f -> /rd/1", in order
};

// The live request for a captured one. `rules` apply to the queries of Register,
// Bootstrap-Request and Update (--set adds a missing parameter to Register and Bootstrap-Request
// only, since an Update carries only what changed). When `registration` is given, a request that
// addresses its captured location is sent to the live one (RegistrationMapping::apply).
// Token and message ID are left for the transport to choose. `changes` is described only when
// `describe_changes` (nothing shows it otherwise, and a load test would build it per request).
// A client's Register (or Bootstrap-Request) as far as the survey knows it: its ep and ept, the
// parameters the checks made before a replay (rewrite/query_limits.h,
// rewrite/certificate_cn_check.h) look at. The rest of a captured query is sent as captured.
coap::MessageData survey_register(const SurveyClient& client);

RewrittenRequest rewrite_request(const coap::MessageData& captured, Operation operation,
                                 const QueryRules& rules, const RegistrationMapping* registration,
                                 bool describe_changes = true);
// The same into `out`, reusing its storage: a replay rewrites request after request, and the
// values of one message's options fit the next one's.
void rewrite_request(const coap::MessageData& captured, Operation operation,
                     const QueryRules& rules, const RegistrationMapping* registration,
                     bool describe_changes, RewrittenRequest& out);

}  // namespace lwm2m::replay
