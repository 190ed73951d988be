// ExchangeMatcher: the one policy that pairs CoAP requests with their answers, case by case.
#include "lwm2m/exchange_matcher.h"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace lwm2m::coap {
namespace {

constexpr FlowNumber kFlow = 6;   // client -> server
constexpr FlowNumber kOther = 7;  // another client -> the same server
constexpr int64_t kSecond = 1'000'000'000;

MessageIds datagram(Type type, uint8_t code, uint16_t message_id, std::vector<uint8_t> token) {
  MessageData message;
  message.type = type;
  message.code = code;
  message.message_id = message_id;
  message.token = std::move(token);
  return MessageIds::of(message);
}

MessageIds stream(uint8_t code, std::vector<uint8_t> token) {
  MessageIds ids = datagram(Type::kConfirmable, code, 0, std::move(token));
  ids.has_message_id = false;
  return ids;
}

const uint8_t kCreated = code(2, 1);
const uint8_t kContent = code(2, 5);

using Matcher = ExchangeMatcher<std::string>;

TEST(ExchangeMatcher, PiggybackedAckAnswersByMessageId) {
  Matcher m;
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "register", 0),
            nullptr);
  // The message ID decides, as the message layer does: even a token the request did not have.
  const auto answer = m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {9}), 1);
  EXPECT_EQ(answer.kind, AnswerKind::kResponse);
  ASSERT_NE(answer.request, nullptr);
  EXPECT_EQ(*answer.request, "register");
  // The same ACK again is a duplicate of it.
  const auto again = m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {9}), 2);
  EXPECT_EQ(again.kind, AnswerKind::kDuplicate);
  EXPECT_EQ(*again.request, "register");
}

TEST(ExchangeMatcher, AnAckOfAnotherMessageIdOrFlowAnswersNothing) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "register", 0);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 11, {1}), 1).kind,
            AnswerKind::kUnmatched);
  EXPECT_EQ(m.add_answer(kOther, datagram(Type::kAcknowledgement, kCreated, 10, {1}), 1).kind,
            AnswerKind::kUnmatched);
  // A response with the token on another flow does not answer it either.
  EXPECT_EQ(m.add_answer(kOther, datagram(Type::kConfirmable, kCreated, 99, {1}), 1).request,
            nullptr);
}

TEST(ExchangeMatcher, RetransmissionIsTheFirstRequestAgain) {
  Matcher m;
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "first", 0),
            nullptr);
  std::string* first =
      m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "copy", 2 * kSecond);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(*first, "first");
  // The same message ID from another sender is another request.
  EXPECT_EQ(m.add_request(kOther, datagram(Type::kConfirmable, kPost, 10, {1}), "other", 3),
            nullptr);
  const auto answer = m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {1}), 4);
  EXPECT_EQ(*answer.request, "first");
}

// A sender that runs through its message IDs within EXCHANGE_LIFETIME (lwm2m-replay --fast warns
// of it) reuses one with another token: that is a new request, and the ID's ACK answers it.
TEST(ExchangeMatcher, AMessageIdReusedWithAnotherTokenIsANewRequest) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "first", 0);
  m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {1}), 1);
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {2}), "second", 2),
            nullptr);
  const auto answer = m.add_answer(kFlow, datagram(Type::kAcknowledgement, kContent, 10, {2}), 3);
  EXPECT_EQ(answer.kind, AnswerKind::kResponse);
  EXPECT_EQ(*answer.request, "second");
  // An empty token differs from a one-byte token of zero.
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 11, {}), "empty", 4), nullptr);
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 11, {0}), "zero", 5), nullptr);
  EXPECT_NE(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 11, {0}), "again", 6),
            nullptr);
}

TEST(ExchangeMatcher, OnlyResponsesAndEmptyMessagesAnswer) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "register", 0);
  // An ACK carrying a signal code or an unassigned class is no answer: the 2.01 after it is.
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kAcknowledgement, code(7, 1), 10, {1}), 1).kind,
            AnswerKind::kUnmatched);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kAcknowledgement, code(1, 0), 10, {1}), 2).kind,
            AnswerKind::kUnmatched);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {1}), 3).kind,
            AnswerKind::kResponse);
}

TEST(MessageRole, SaysWhichCallAMessageGoesTo) {
  EXPECT_EQ(role_of(datagram(Type::kConfirmable, kPost, 1, {})), MessageRole::kRequest);
  EXPECT_EQ(role_of(datagram(Type::kAcknowledgement, kPost, 1, {})), MessageRole::kRequest);
  EXPECT_EQ(role_of(datagram(Type::kAcknowledgement, kCreated, 1, {})), MessageRole::kAnswer);
  EXPECT_EQ(role_of(datagram(Type::kAcknowledgement, 0, 1, {})), MessageRole::kAnswer);
  EXPECT_EQ(role_of(datagram(Type::kReset, 0, 1, {})), MessageRole::kAnswer);
  EXPECT_EQ(role_of(datagram(Type::kConfirmable, 0, 1, {})), MessageRole::kAnswer);  // a ping
  EXPECT_EQ(role_of(stream(code(7, 1), {})), MessageRole::kOther);
  EXPECT_EQ(role_of(datagram(Type::kNonConfirmable, code(6, 0), 1, {})), MessageRole::kOther);
}

TEST(ExchangeMatcher, SeparateResponseFollowsTheEmptyAckByToken) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {0xca, 0xfe}), "register", 0);
  const auto ack = m.add_answer(kFlow, datagram(Type::kAcknowledgement, 0, 10, {}), 1);
  EXPECT_EQ(ack.kind, AnswerKind::kEmptyAck);
  EXPECT_EQ(*ack.request, "register");
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kAcknowledgement, 0, 10, {}), 2).kind,
            AnswerKind::kDuplicate);
  // The separate response carries the server's own message ID.
  const auto response =
      m.add_answer(kFlow, datagram(Type::kConfirmable, kCreated, 500, {0xca, 0xfe}), 3);
  EXPECT_EQ(response.kind, AnswerKind::kResponse);
  EXPECT_EQ(*response.request, "register");
  // Retransmitted until acknowledged: the same ID again is a duplicate.
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kConfirmable, kCreated, 500, {0xca, 0xfe}), 4).kind,
            AnswerKind::kDuplicate);
  // Another response with the token (a notification) is a later one.
  const auto later =
      m.add_answer(kFlow, datagram(Type::kNonConfirmable, kContent, 501, {0xca, 0xfe}), 5);
  EXPECT_EQ(later.kind, AnswerKind::kLater);
  EXPECT_EQ(*later.request, "register");
}

TEST(ExchangeMatcher, SeparateResponseWithoutItsEmptyAckStillAnswers) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kNonConfirmable, kPost, 10, {7}), "non", 0);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kNonConfirmable, kCreated, 77, {7}), 1).kind,
            AnswerKind::kResponse);
}

TEST(ExchangeMatcher, ResetRejectsTheRequestAndEndsTheExchange) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "register", 0);
  const auto reset = m.add_answer(kFlow, datagram(Type::kReset, 0, 10, {}), 1);
  EXPECT_EQ(reset.kind, AnswerKind::kReset);
  EXPECT_EQ(*reset.request, "register");
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kReset, 0, 10, {}), 2).kind, AnswerKind::kDuplicate);
  // Nothing answers it after that: a response with its token comes too late.
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kConfirmable, kCreated, 90, {1}), 3).kind,
            AnswerKind::kLater);
  // A Reset after a response is a duplicate answer, not a new one.
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 11, {2}), "update", 4);
  m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 11, {2}), 5);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kReset, 0, 11, {}), 6).kind, AnswerKind::kDuplicate);
}

TEST(ExchangeMatcher, ANewRequestWithTheSameTokenSupersedesTheOpenOne) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {5}), "first", 0);
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 11, {5}), "second", 1);
  const auto separate = m.add_answer(kFlow, datagram(Type::kConfirmable, kCreated, 80, {5}), 2);
  EXPECT_EQ(*separate.request, "second");
  // The first is still acknowledged by its own message ID.
  const auto ack = m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {5}), 3);
  EXPECT_EQ(ack.kind, AnswerKind::kResponse);
  EXPECT_EQ(*ack.request, "first");
}

TEST(ExchangeMatcher, StreamsPairByTokenAlone) {
  Matcher m;
  EXPECT_EQ(m.add_request(kFlow, stream(kPost, {}), "empty token", 0), nullptr);
  // No message ID: the same request again is a new request, not a retransmission.
  EXPECT_EQ(m.add_request(kFlow, stream(kPost, {3}), "token 3", 1), nullptr);
  EXPECT_EQ(m.add_request(kFlow, stream(kPost, {3}), "token 3 again", 2), nullptr);
  EXPECT_EQ(*m.add_answer(kFlow, stream(kCreated, {}), 3).request, "empty token");
  const auto response = m.add_answer(kFlow, stream(kCreated, {3}), 4);
  EXPECT_EQ(response.kind, AnswerKind::kResponse);
  EXPECT_EQ(*response.request, "token 3 again");
  EXPECT_EQ(m.add_answer(kFlow, stream(kCreated, {3}), 5).kind, AnswerKind::kLater);
  // Signals (7.xx) and empty messages answer nothing.
  EXPECT_EQ(m.add_answer(kFlow, stream(code(7, 1), {}), 6).kind, AnswerKind::kUnmatched);
}

TEST(ExchangeMatcher, APingIsNoAnswer) {
  Matcher m;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {}), "register", 0);
  EXPECT_EQ(m.add_answer(kFlow, datagram(Type::kConfirmable, 0, 10, {}), 1).kind,
            AnswerKind::kUnmatched);
}

TEST(ExchangeMatcher, EverythingIsForgottenAfterExchangeLifetime) {
  Matcher m;
  const int64_t lifetime = kExchangeLifetimeNs;
  m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "old", 0);
  EXPECT_EQ(
      m.add_answer(kFlow, datagram(Type::kAcknowledgement, kCreated, 10, {1}), lifetime + 1).kind,
      AnswerKind::kUnmatched);
  // Its message ID may be used again by then: a new request, not a retransmission.
  EXPECT_EQ(m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "new", lifetime + 2),
            nullptr);
  // Exactly EXCHANGE_LIFETIME later it still counts.
  EXPECT_NE(
      m.add_request(kFlow, datagram(Type::kConfirmable, kPost, 10, {1}), "copy", 2 * lifetime + 2),
      nullptr);
}

TEST(ExchangeKey, MessageIdsTokensAndFlowsAreDistinctKeys) {
  const auto mid = ExchangeKey::request_message_id(kFlow, 0x0201);
  const auto response_mid = ExchangeKey::response_message_id(kFlow, 0x0201);
  const auto token2 = ExchangeKey::token(kFlow, datagram(Type::kConfirmable, kPost, 0, {1, 2}));
  const auto token1 = ExchangeKey::token(kFlow, datagram(Type::kConfirmable, kPost, 0, {1}));
  const auto token0 = ExchangeKey::token(kFlow, datagram(Type::kConfirmable, kPost, 0, {}));
  const auto token00 = ExchangeKey::token(kFlow, datagram(Type::kConfirmable, kPost, 0, {0}));
  EXPECT_EQ(mid.value, token2.value);  // the same number three ways: three keys
  EXPECT_FALSE(mid == token2);
  EXPECT_FALSE(mid == response_mid);
  EXPECT_FALSE(token0 == token00);
  EXPECT_FALSE(token1 == ExchangeKey::request_message_id(kFlow, 1));
  EXPECT_FALSE(mid == ExchangeKey::request_message_id(kOther, 0x0201));
  EXPECT_TRUE(mid == ExchangeKey::request_message_id(kFlow, 0x0201));
  EXPECT_EQ(ExchangeKeyHash{}(mid), ExchangeKeyHash{}(ExchangeKey::request_message_id(6, 0x0201)));
  std::unordered_set<ExchangeKey, ExchangeKeyHash> keys{mid,    response_mid, token2, token1,
                                                        token0, token00,      mid};
  EXPECT_EQ(keys.size(), 6u);
}

TEST(MessageIds, ReadsAParsedMessageInEachFraming) {
  // CON POST, MID 0x1234, token ca fe.
  const uint8_t datagram_bytes[] = {0x42, 0x02, 0x12, 0x34, 0xca, 0xfe};
  const ParseResult parsed =
      parse_message(datagram_bytes, sizeof datagram_bytes, Framing::kDatagram);
  ASSERT_TRUE(parsed.ok);
  const MessageIds ids = MessageIds::of(datagram_bytes, parsed.message, Framing::kDatagram);
  EXPECT_TRUE(ids.has_message_id);
  EXPECT_EQ(ids.message_id, 0x1234);
  EXPECT_EQ(ids.type, Type::kConfirmable);
  EXPECT_EQ(ids.code, kPost);
  EXPECT_EQ(ids.token_length, 2);
  EXPECT_EQ(ids.token[0], 0xca);
  EXPECT_EQ(ids.token[1], 0xfe);
  // RFC 8323: length 0, TKL 1, POST, token 07.
  const uint8_t stream_bytes[] = {0x01, 0x02, 0x07};
  const ParseResult streamed = parse_message(stream_bytes, sizeof stream_bytes, Framing::kStream);
  ASSERT_TRUE(streamed.ok);
  const MessageIds stream_ids = MessageIds::of(stream_bytes, streamed.message, Framing::kStream);
  EXPECT_FALSE(stream_ids.has_message_id);
  EXPECT_EQ(stream_ids.token_length, 1);
  EXPECT_EQ(stream_ids.token[0], 0x07);
}

}  // namespace
}  // namespace lwm2m::coap
