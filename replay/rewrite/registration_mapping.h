// How an Update's (or De-register's) location is rewritten on replay: a replayed client's
// registration lives at the location the captured server handed out in the capture and at the
// one the live server handed out now. Both are learned from the replayed Register's responses;
// each later request that addresses the captured location gets the live one in its Uri-Path.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"

namespace lwm2m::replay {

class RegistrationMapping {
 public:
  RegistrationMapping() = default;
  // A mapping already learned: each location as the Location-Path option values its server sent
  // (["rd", "5a3f"], or ["rd/1"] from servers that send one option).
  RegistrationMapping(std::vector<std::string> captured, std::vector<std::string> live);

  // Learns from a replayed Register's captured and live responses (empty: none came). A
  // successful live Register (2.xx) gives the live location; otherwise the captured location has
  // no live counterpart and requests to it are refused (they could hit another device's
  // registration). A new Register replaces what an earlier one taught.
  void learn(const std::optional<coap::MessageData>& captured_response,
             const std::optional<coap::MessageData>& live_response);

  // Whether `request`'s Uri-Path starts with the captured location, compared option by option or,
  // for servers that put slashes in one option, segment by segment.
  bool addresses(const coap::MessageData& request) const;

  // Why `request` must not be sent: it addresses the captured registration, which the live server
  // did not create ("its registration /rd/5a3f has no live counterpart: the live Register got
  // 4.00 Bad Request"). Empty when it may be sent.
  std::optional<std::string> refusal(const coap::MessageData& request) const;

  // Puts the live location in place of the captured one at the start of `request`'s Uri-Path:
  // option for option when the request repeats the captured options as they were, else segment
  // by segment. Notes "/rd/5a3f -> /rd/1" in `changes` unless that is null. Does nothing to a
  // request that does not address the captured location, or when there is no live one.
  void apply(coap::MessageData& request, std::vector<std::string>* changes) const;

  const std::vector<std::string>& captured() const { return captured_; }
  const std::vector<std::string>& live() const { return live_; }

 private:
  std::vector<std::string> captured_;
  std::vector<std::string> live_;
  std::string register_failure_;  // why the live Register created no registration
};

}  // namespace lwm2m::replay
