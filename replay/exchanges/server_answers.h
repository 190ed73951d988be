// How a replayed client answers the requests its live server sends it (Read, Write, Observe,
// Discover, Execute, the Bootstrap-Server's writes): with what the captured client answered to the
// same request (AnswerTable), or 4.04 Not Found when the capture has no answer to it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>

#include "exchanges/answer_table.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/expiring_map.h"

namespace lwm2m::replay {

class ServerAnswers {
 public:
  // `captured` is the captured client's answer table; null leaves every request unanswered
  // (--respond none: the transport only acknowledges a confirmable one).
  explicit ServerAnswers(const AnswerTable* captured) : captured_(captured) {}

  struct Reply {
    // A repeat of a request of the last EXCHANGE_LIFETIME (the same message ID: the server
    // retransmitted it, or the network doubled it, RFC 7252 §4.5): it gets the same reply again.
    bool duplicate = false;
    std::optional<coap::MessageData> response;  // empty: left unanswered
    std::optional<uint64_t> captured_frame;     // the captured answer it repeats
  };

  // The reply to `request`, received at `now_ns`. The n-th request with one AnswerKey gets the
  // n-th captured answer (the last one when the capture has fewer). A confirmable request is
  // answered piggybacked in its ACK; a non-confirmable one by a NON with a message ID of the
  // client's own, from `new_message_id` (RFC 7252 §4.4).
  Reply reply(const coap::MessageData& request, int64_t now_ns,
              const std::function<uint16_t()>& new_message_id);

 private:
  const AnswerTable* captured_;
  std::map<AnswerKey, std::size_t> given_;  // answers given per key
  ExpiringMap<uint16_t, Reply> recent_;     // the replies of the last EXCHANGE_LIFETIME by MID
};

}  // namespace lwm2m::replay
