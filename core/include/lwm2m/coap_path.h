// The path of a CoAP message, as every part of the project writes and compares it: its Uri-Path
// (or Location-Path) options split into segments and joined with "/". One spelling, so that a
// location a server hands out ("rd", "5a3f" or one option "rd/5a3f") and the path of a later
// request to it compare equal wherever they meet.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/coap_encode.h"

namespace lwm2m {

// Splits Uri-Path (or Location-Path) option values into path segments. An option holding a slash
// ("rd/1", as some servers send it) counts as several segments; empty segments are dropped.
std::vector<std::string_view> path_segments(const std::vector<std::string_view>& options);
// The same into `out` (cleared first), reusing its storage: for a pass over a capture.
void path_segments(const std::vector<std::string_view>& options,
                   std::vector<std::string_view>& out);

// "/rd/5a3f" from segments {"rd", "5a3f"}; "/" when there are none.
std::string join_path(const std::vector<std::string_view>& segments);
// The same into `out` (replaced), reusing its storage.
void join_path(const std::vector<std::string_view>& segments, std::string& out);

// join_path(path_segments(options)): "/rd/5a3f" from {"rd", "5a3f"}, {"rd/5a3f"} or
// {"/rd", "5a3f/"}; "/" when there are none.
std::string path_text(const std::vector<std::string_view>& options);

// The message's Uri-Path: "/rd/5a3f"; "/" when it has none.
std::string uri_path(const coap::MessageData& message);

// The Location-Path a response hands out: "/rd/5a3f"; "" when it has no Location-Path option.
std::string location_path(const coap::MessageData& message);

}  // namespace lwm2m
