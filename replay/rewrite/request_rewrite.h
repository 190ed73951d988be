// How a captured request becomes the request sent to the live server: the query rewritten as the
// user asked (--set, --drop, --ep-suffix and the per-clone suffix) and the captured registration
// location replaced by the one the live server handed out.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/operation.h"

namespace lwm2m::replay {

struct QueryRules {
  std::vector<std::pair<std::string, std::string>> set;  // --set NAME=VALUE, in order
  std::vector<std::string> drop;                         // --drop NAME
  std::string ep_suffix;  // appended to `ep` (--ep-suffix, then the clone's "-N")
};

// A registration's location in the capture and on the live server, each as the Location-Path
// option values the server sent (["rd", "5a3f"], or ["rd/1"] from servers that send one option).
struct LocationMapping {
  std::vector<std::string> captured;
  std::vector<std::string> live;
};

struct RewrittenRequest {
  coap::MessageData request;
  std::vector<std::string> changes;  // "ep=a -> ep=a-1", "/rd/5a3f -> /rd/1", in order
};

// Whether `request`'s Uri-Path starts with the location `location_options` (Location-Path
// values), compared option by option or, for servers that put slashes in one option, segment by
// segment.
bool addresses_location(const coap::MessageData& request,
                        const std::vector<std::string>& location_options);

// The live request for a captured one. `rules` apply to the queries of Register,
// Bootstrap-Request and Update (--set adds a missing parameter to Register and Bootstrap-Request
// only, since an Update carries only what changed). When `location` is given and the request
// addresses its captured location, that prefix of the Uri-Path becomes the live location: option
// for option when the request repeats the captured options as they were, else segment by segment.
// Token and message ID are left for the transport to choose. `changes` is described only when
// `describe_changes` (nothing shows it otherwise, and a load test would build it per request).
RewrittenRequest rewrite_request(const coap::MessageData& captured, Operation operation,
                                 const QueryRules& rules, const LocationMapping* location,
                                 bool describe_changes = true);

// Location-Path values of a response, as strings.
std::vector<std::string> location_options(const coap::MessageData& response);

// "/rd/5a3f" from Location-Path values (segments joined; an option holding "rd/1" stays one).
std::string location_text(const std::vector<std::string>& options);

}  // namespace lwm2m::replay
