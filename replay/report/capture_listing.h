// --list: what the capture holds and what a replay would send, without sending anything.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"

namespace lwm2m::replay {

// "14 frames, 14 UDP datagrams (12 CoAP, 2 DTLS, 0 other); 3 skipped (2 not UDP, 1 filtered)".
std::string capture_summary(const CaptureStats& stats, const Survey& survey);

// The servers and clients of the survey, with the clients `selected` marked.
void print_clients(std::FILE* out, const Survey& survey, const std::vector<bool>& selected);

// Every exchange of the selected clients, in captured order. Returns how many. `survey` and the
// capture's `frames` size the number columns.
uint64_t print_exchanges(std::FILE* out, ExchangeStream& stream, const Survey& survey,
                         uint64_t frames);

}  // namespace lwm2m::replay
