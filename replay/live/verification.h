// Whether the live server answered an exchange as the captured one did.
//
// Matched means: the same response code (or both no response, or both Reset), the same
// Content-Format, and a Location-Path where the capture had one. A Register's location is the
// server's choice of name, so only its path up to the last segment is compared ("/rd/5a3f" and
// "/rd/1" match; "/rd/5a3f" and "/reg/1" do not); other locations must be equal. Payloads are
// compared only when asked, since they often hold times and counters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/operation.h"

namespace lwm2m::replay {

struct CompareSettings {
  bool payload = false;  // --compare-payload
};

struct Comparison {
  bool matched = false;
  std::vector<std::string> differences;  // "code 2.01 Created, live 4.00 Bad Request"
};

// `captured` and `live` are the responses (a Reset counts as one); empty when there was none.
Comparison compare_responses(const std::optional<coap::MessageData>& captured,
                             const std::optional<coap::MessageData>& live, Operation operation,
                             const CompareSettings& settings);

}  // namespace lwm2m::replay
