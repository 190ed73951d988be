// What the verdicts, answers and conversation scenarios share: a clock set to fixed times, frame
// references for the notes, and the Register, Bootstrap-Request and answer messages they all send.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "capture.h"

namespace capgen {

// The Register payload of these captures (13 bytes).
inline const char* const kShortLinks = "</1/0>,</3/0>";

// Moves the clock to `seconds` after the first frame (never backwards).
inline void at(Capture& cap, double seconds) {
  const std::uint64_t target =
      kStartTimeUs + static_cast<std::uint64_t>(std::llround(seconds * 1e6));
  if (target > cap.now_us()) cap.wait(static_cast<double>(target - cap.now_us()) / 1e6);
}

// Writes a request from `from` to `server` and its answer at `seconds`; returns the request's
// frame number.
inline std::uint64_t ask_at(Capture& cap, const Endpoint& server, double seconds,
                            const Endpoint& from, const coap::MessageData& req,
                            coap::MessageData resp, const std::string& req_note,
                            const std::string& resp_note) {
  at(cap, seconds);
  const std::uint64_t frame = cap.next_frame_number();
  cap.exchange(from, server, req, std::move(resp), req_note, resp_note);
  return frame;
}

inline std::string frame_ref(std::uint64_t n) {
  return "frame " + std::to_string(n);
}

// A message with the given type, code, MID and token (for retransmissions, Notifies, empty ACKs
// and requests that reuse a token).
inline coap::MessageData message(coap::Type type, std::uint8_t code, std::uint16_t mid,
                                 coap::Bytes token) {
  coap::MessageData m;
  m.type = type;
  m.code = code;
  m.message_id = mid;
  m.token = std::move(token);
  return m;
}

// Register: CON POST /rd, Content-Format 40, one Uri-Query option per item in order, the links.
inline coap::MessageData register_with(Capture& cap, const std::vector<std::string>& query,
                                       const std::string& links = kShortLinks) {
  coap::MessageData m = cap.request(coap::kPost);
  m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
  for (const auto& q : query) m.add(coap::kUriQuery, q);
  m.body(links);
  return m;
}

// A request to `path` with one Uri-Query option per item (no payload): Update, De-register,
// Bootstrap-Request, Bootstrap-Finish.
inline coap::MessageData request_to(Capture& cap, std::uint8_t method, const std::string& path,
                                    const std::vector<std::string>& query = {}) {
  coap::MessageData m = cap.request(method);
  m.path(path);
  for (const auto& q : query) m.add(coap::kUriQuery, q);
  return m;
}

// 2.01 Created with Location-Path options from "rd/N".
inline coap::MessageData created(const std::string& location) {
  return Capture::response(coap::kCreated).location(location);
}

}  // namespace capgen
