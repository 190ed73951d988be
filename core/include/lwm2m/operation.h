// LwM2M operations recognised from a CoAP request: the TS's Table 16/17 and the seed's changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

enum class Operation {
  kNone,  // not a registration or bootstrap operation
  kRegister,
  kUpdate,
  kDeregister,
  kBootstrapRequest,
  kBootstrapFinish,
};

// "Register", "Update", "De-register", "Bootstrap-Request", "Bootstrap-Finish"; "" for kNone.
std::string_view operation_name(Operation op);

struct Classification {
  Operation operation = Operation::kNone;
  // "/rd/5a3f" for Update and De-register: the registration location the request is sent to.
  std::string location;
};

// Splits Uri-Path (or Location-Path) option values into path segments. An option holding a slash
// ("rd/1", as some servers send it) counts as several segments; empty segments are dropped.
std::vector<std::string_view> path_segments(const std::vector<std::string_view>& options);

// "/rd/5a3f" from segments {"rd", "5a3f"}; "/" when there are none.
std::string join_path(const std::vector<std::string_view>& segments);

// Classifies a request from its method code, path segments and number of Uri-Query options:
//  - POST …/rd                        Register (the `rd` segment may follow a path prefix)
//  - POST …/bs with a query           Bootstrap-Request
//  - POST /bs without a query         Bootstrap-Finish
//  - POST or PUT …/rd/{id}            Update (POST per the TS, PUT per the seed's Table 16)
//  - DELETE …/rd/{id}                 De-register
// `known_location` says the path is a location a server handed out in this capture, which makes
// POST/PUT/DELETE to it an Update/De-register even when it does not look like …/rd/{id}.
Classification classify_request(uint8_t method_code, const std::vector<std::string_view>& segments,
                                std::size_t query_count, bool known_location = false);

}  // namespace lwm2m
