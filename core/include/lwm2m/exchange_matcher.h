// Pairing CoAP requests with what answers them, as the plugin and both of lwm2m-replay's passes
// over a capture do it: one policy, written once (docs/DESIGN.md, "Where each rule lives").
//
// The policy (RFC 7252 §4 and §5.3.2; RFC 8323 for stream transports, which have no message ID):
//  - A message is a request (a 0.xx code but 0.00), an answer (a response code 2.xx-5.xx, or
//    0.00: an empty ACK, a Reset, a ping) or neither (signals, unassigned classes): role_of.
//  - A request repeats an earlier one, a retransmission, when it has the same message ID and the
//    same token on the same flow (sender to receiver) within EXCHANGE_LIFETIME. Otherwise it
//    opens an exchange; a message ID reused with another token is a new request (a sender that
//    ran through its IDs too fast), and acknowledgements go to the newer one.
//  - An ACK or a Reset answers the request with its message ID on the reverse flow. An empty ACK
//    acknowledges it (the response follows separately); an ACK with a code is the piggybacked
//    response; a Reset rejects the request and ends the exchange: it is its answer.
//  - A CON or NON response, and any response on a stream transport, answers the request with its
//    token on the reverse flow (an empty token is a token too).
//  - A request that reuses a token of an earlier, open exchange on the same flow supersedes it:
//    responses with that token answer the newer request (the earlier one can still be
//    acknowledged, or reset, by message ID).
//  - Once an exchange is answered, a copy of its answer (same message ID again) is a duplicate;
//    another response with its token (a notification, or a server's mistake) is a later one.
//  - Everything is forgotten EXCHANGE_LIFETIME after it was seen, on the caller's clock.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <utility>

#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/expiring_map.h"
#include "lwm2m/hash.h"

namespace lwm2m::coap {

// What places a message in an exchange: its type, code, message ID and token.
struct MessageIds {
  Type type = Type::kConfirmable;
  bool has_message_id = false;  // datagram framing (UDP, DTLS); stream framing has none
  uint16_t message_id = 0;
  uint8_t code = 0;
  uint8_t token_length = 0;  // at most 8 (RFC 7252 §3); longer tokens are cut to 8
  std::array<uint8_t, 8> token{};

  // A message as a datagram carries it.
  static MessageIds of(const MessageData& message);
  // A parsed message; `bytes` is the buffer it was parsed from.
  static MessageIds of(const uint8_t* bytes, const Message& message, Framing framing);
};

// The number a caller gives one direction of traffic between two endpoints (request sender to
// receiver). Callers number flows their own way: a pass over a capture counts them, the plugin
// hashes the two addresses and ports.
using FlowNumber = uint64_t;

// A flow and a message ID or a token, as a hash-table key: allocates nothing. Its hash is
// computed when asked for, not kept: the tables keep a key per message. Aligned to four bytes
// (its 64-bit members too), so that a table's entry, the key and a 32-bit serial number, takes
// 24 bytes instead of 32.
#pragma pack(push, 4)
struct ExchangeKey {
  enum class Kind : uint8_t { kRequestMessageId, kToken, kResponseMessageId };

  FlowNumber flow = 0;
  uint64_t value = 0;  // the message ID, or the token's bytes
  Kind kind = Kind::kRequestMessageId;
  uint8_t length = 0;  // of the token

  static ExchangeKey request_message_id(FlowNumber flow, uint16_t message_id) {
    return make(flow, Kind::kRequestMessageId, 2, message_id);
  }
  // The message ID of a response sent on the reverse of `flow` (a separate response's own ID).
  static ExchangeKey response_message_id(FlowNumber flow, uint16_t message_id) {
    return make(flow, Kind::kResponseMessageId, 2, message_id);
  }
  static ExchangeKey token(FlowNumber flow, const MessageIds& ids) {
    uint64_t value = 0;
    for (std::size_t i = 0; i < ids.token_length; ++i) value |= uint64_t{ids.token[i]} << (8 * i);
    return make(flow, Kind::kToken, ids.token_length, value);
  }
  friend bool operator==(const ExchangeKey& a, const ExchangeKey& b) {
    return a.value == b.value && a.flow == b.flow && a.kind == b.kind && a.length == b.length;
  }
  std::size_t hash() const {
    const uint64_t id = mix64(flow) ^ (uint64_t{length} << 8 | static_cast<uint64_t>(kind));
    return static_cast<std::size_t>(mix64(value ^ mix64(id)));
  }

 private:
  static ExchangeKey make(FlowNumber flow, Kind kind, uint8_t length, uint64_t value) {
    ExchangeKey key;
    key.flow = flow;
    key.value = value;
    key.kind = kind;
    key.length = length;
    return key;
  }
};
#pragma pack(pop)

struct ExchangeKeyHash {
  std::size_t operator()(const ExchangeKey& key) const noexcept { return key.hash(); }
};

// What a message is to the matcher.
enum class MessageRole {
  kRequest,  // opens an exchange, or repeats one: add_request
  kAnswer,   // a response, an empty ACK, a Reset, a ping: add_answer
  kOther,    // neither (RFC 8323 signals, unassigned code classes): not paired
};

inline MessageRole role_of(const MessageIds& ids) {
  if (is_request(ids.code)) return MessageRole::kRequest;
  if (is_response(ids.code) || ids.code == 0) return MessageRole::kAnswer;
  return MessageRole::kOther;
}

// What an answer turned out to be.
enum class AnswerKind {
  kUnmatched,  // it answers no request of the last EXCHANGE_LIFETIME
  kResponse,   // the exchange's response: piggybacked in an ACK, separate, or on a stream
  kEmptyAck,   // the request's empty acknowledgement: the response comes separately
  kReset,      // the request was rejected with a Reset: the exchange ends without a response
  kDuplicate,  // a copy of an answer already matched (the same message ID again)
  kLater,      // another response to an answered exchange's token (a notification...)
};

// Pairs requests and answers by the policy above. `Ref` is what the caller keeps per exchange (a
// record, an index); the matcher hands it back when an answer or a retransmission comes.
template <typename Ref>
class ExchangeMatcher {
 public:
  struct Answer {
    AnswerKind kind = AnswerKind::kUnmatched;
    Ref* request = nullptr;  // null when unmatched
  };

  // A request sent on `flow` at `now_ns` (a clock that never goes back). Returns the Ref of the
  // request it repeats when it is a retransmission; otherwise opens an exchange for `ref` and
  // returns null. Pointers returned here and by add_answer are valid until the next call of
  // either (an exchange older than EXCHANGE_LIFETIME is forgotten then).
  Ref* add_request(FlowNumber flow, const MessageIds& ids, Ref ref, int64_t now_ns) {
    forget_before(now_ns);
    if (ids.has_message_id) {
      const auto key = ExchangeKey::request_message_id(flow, ids.message_id);
      if (const uint32_t* serial = by_request_id_.find(key, now_ns)) {
        Exchange* earlier = exchange(*serial);
        if (earlier && same_token(*earlier, ids)) return &earlier->ref;
      }
    }
    const auto serial = static_cast<uint32_t>(first_serial_ + exchanges_.size());
    exchanges_.push_back({now_ns, std::move(ref), ids.token_length, ids.token});
    if (ids.has_message_id)
      by_request_id_.put(ExchangeKey::request_message_id(flow, ids.message_id), serial, now_ns);
    by_token_.put(ExchangeKey::token(flow, ids), serial, now_ns);
    return nullptr;
  }

  // A message that is not a request (a response, an empty ACK, a Reset) sent on the reverse of
  // `request_flow`, the flow its request would have been sent on.
  Answer add_answer(FlowNumber request_flow, const MessageIds& ids, int64_t now_ns) {
    forget_before(now_ns);
    if (role_of(ids) != MessageRole::kAnswer) return {};
    const bool by_message_id =
        ids.has_message_id && (ids.type == Type::kAcknowledgement || ids.type == Type::kReset);
    if (by_message_id) return acknowledgement(request_flow, ids, now_ns);
    if (!is_response(ids.code)) return {};  // an empty CON or NON (a ping), a signal
    if (ids.has_message_id) {
      // A separate response is retransmitted with its own message ID until acknowledged.
      const auto key = ExchangeKey::response_message_id(request_flow, ids.message_id);
      if (const uint32_t* serial = by_response_id_.find(key, now_ns)) {
        if (Exchange* answered = exchange(*serial)) return {AnswerKind::kDuplicate, &answered->ref};
      }
    }
    const uint32_t* serial = by_token_.find(ExchangeKey::token(request_flow, ids), now_ns);
    Exchange* found = serial ? exchange(*serial) : nullptr;
    if (!found) return {};
    if (found->answered) return {AnswerKind::kLater, &found->ref};
    found->answered = true;
    if (ids.has_message_id)
      by_response_id_.put(ExchangeKey::response_message_id(request_flow, ids.message_id), *serial,
                          now_ns);
    return {AnswerKind::kResponse, &found->ref};
  }

 private:
  struct Exchange {
    int64_t opened_ns = 0;
    Ref ref;
    uint8_t token_length = 0;  // the request's token: a retransmission repeats it
    std::array<uint8_t, 8> token{};
    bool acknowledged = false;  // an empty ACK came
    bool answered = false;      // a response or a Reset came
  };

  static bool same_token(const Exchange& exchange, const MessageIds& ids) {
    return exchange.token_length == ids.token_length &&
           std::equal(ids.token.begin(), ids.token.begin() + ids.token_length,
                      exchange.token.begin());
  }

  Answer acknowledgement(FlowNumber request_flow, const MessageIds& ids, int64_t now_ns) {
    const auto key = ExchangeKey::request_message_id(request_flow, ids.message_id);
    const uint32_t* serial = by_request_id_.find(key, now_ns);
    Exchange* found = serial ? exchange(*serial) : nullptr;
    if (!found) return {};
    if (found->answered) return {AnswerKind::kDuplicate, &found->ref};
    if (ids.type == Type::kReset) {
      found->answered = true;
      return {AnswerKind::kReset, &found->ref};
    }
    if (ids.code == 0) {
      if (found->acknowledged) return {AnswerKind::kDuplicate, &found->ref};
      found->acknowledged = true;
      return {AnswerKind::kEmptyAck, &found->ref};
    }
    found->answered = true;
    return {AnswerKind::kResponse, &found->ref};
  }

  // The exchange of a serial number the tables keep: its low 32 bits, which tell the exchanges
  // apart as long as fewer than 2^32 of them are open, which their memory rules out. A forgotten
  // exchange's serial comes before first_serial_: its distance wraps past every open one.
  Exchange* exchange(uint32_t serial) {
    const uint32_t position = serial - static_cast<uint32_t>(first_serial_);
    if (position >= exchanges_.size()) return nullptr;
    return &exchanges_[position];
  }

  void forget_before(int64_t now_ns) {
    while (!exchanges_.empty() && exchanges_.front().opened_ns < now_ns - kExchangeLifetimeNs) {
      exchanges_.pop_front();
      ++first_serial_;
    }
  }

  // Exchanges of the last EXCHANGE_LIFETIME in the order they were opened, by serial number from
  // first_serial_ on; the tables find them by key.
  std::deque<Exchange> exchanges_;
  uint64_t first_serial_ = 0;
  ExpiringMap<ExchangeKey, uint32_t, ExchangeKeyHash> by_request_id_;
  ExpiringMap<ExchangeKey, uint32_t, ExchangeKeyHash> by_token_;
  ExpiringMap<ExchangeKey, uint32_t, ExchangeKeyHash> by_response_id_;
};

}  // namespace lwm2m::coap
