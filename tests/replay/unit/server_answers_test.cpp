// ServerAnswers: how a replayed client answers the requests its live server sends it.
#include "exchanges/server_answers.h"

#include <gtest/gtest.h>

#include <string>

namespace lwm2m::replay {
namespace {

using coap::MessageData;

constexpr int64_t kSecond = 1'000'000'000;

MessageData server_request(coap::Type type, uint8_t method, const char* path, uint16_t mid,
                           coap::Bytes token) {
  MessageData request;
  request.type = type;
  request.code = method;
  request.message_id = mid;
  request.token = std::move(token);
  request.path(path);
  return request;
}

CapturedMessage captured_answer(uint64_t frame, uint8_t code, const char* body) {
  CapturedMessage answer;
  answer.frame = frame;
  answer.message.type = coap::Type::kAcknowledgement;
  answer.message.code = code;
  answer.message.message_id = 1;  // the captured IDs and token are not the live ones
  answer.message.token = {0xee};
  answer.message.body(body);
  return answer;
}

AnswerTable table_with_two_reads() {
  AnswerTable table;
  const AnswerKey read =
      AnswerKey::of(server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 0, {}));
  table.add(read, captured_answer(7, coap::kContent, "first"));
  table.add(read, captured_answer(9, coap::kContent, "second"));
  return table;
}

std::string body(const MessageData& m) {
  return {m.payload.begin(), m.payload.end()};
}

uint16_t never() {
  ADD_FAILURE() << "a confirmable request needs no message ID of the client's";
  return 0;
}

TEST(ServerAnswers, TheNthRequestGetsTheNthCapturedAnswerPiggybacked) {
  const AnswerTable table = table_with_two_reads();
  ServerAnswers answers(&table);
  const MessageData read1 =
      server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 100, {1});
  const ServerAnswers::Reply first = answers.reply(read1, 0, never);
  EXPECT_FALSE(first.duplicate);
  ASSERT_TRUE(first.response);
  EXPECT_EQ(first.captured_frame, 7u);
  EXPECT_EQ(first.response->type, coap::Type::kAcknowledgement);
  EXPECT_EQ(first.response->message_id, 100);
  EXPECT_EQ(first.response->token, (coap::Bytes{1}));
  EXPECT_EQ(body(*first.response), "first");
  const MessageData read2 =
      server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 101, {2});
  EXPECT_EQ(answers.reply(read2, 1, never).captured_frame, 9u);
  // More requests than captured answers: the last one again.
  const MessageData read3 =
      server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 102, {3});
  EXPECT_EQ(answers.reply(read3, 2, never).captured_frame, 9u);
}

TEST(ServerAnswers, ARepeatedMessageIdGetsTheSameReplyAgain) {
  const AnswerTable table = table_with_two_reads();
  ServerAnswers answers(&table);
  const MessageData read = server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 100, {1});
  const ServerAnswers::Reply first = answers.reply(read, 0, never);
  const ServerAnswers::Reply again = answers.reply(read, kSecond, never);
  EXPECT_TRUE(again.duplicate);
  EXPECT_EQ(again.captured_frame, 7u);  // not the second captured answer
  ASSERT_TRUE(again.response);
  EXPECT_EQ(coap::encode_datagram(*again.response), coap::encode_datagram(*first.response));
  // After EXCHANGE_LIFETIME the ID may be used again: a new request.
  const ServerAnswers::Reply later = answers.reply(read, kExchangeLifetimeNs + kSecond, never);
  EXPECT_FALSE(later.duplicate);
  EXPECT_EQ(later.captured_frame, 9u);
}

TEST(ServerAnswers, ANonConfirmableRequestGetsANonWithTheClientsOwnId) {
  const AnswerTable table = table_with_two_reads();
  ServerAnswers answers(&table);
  const MessageData read =
      server_request(coap::Type::kNonConfirmable, coap::kGet, "/3/0/0", 100, {1});
  const ServerAnswers::Reply reply = answers.reply(read, 0, [] { return uint16_t{4242}; });
  ASSERT_TRUE(reply.response);
  EXPECT_EQ(reply.response->type, coap::Type::kNonConfirmable);
  EXPECT_EQ(reply.response->message_id, 4242);
  EXPECT_EQ(reply.response->token, (coap::Bytes{1}));
}

TEST(ServerAnswers, WithoutACapturedAnswerItIsNotFound) {
  const AnswerTable table = table_with_two_reads();
  ServerAnswers answers(&table);
  const MessageData write =
      server_request(coap::Type::kConfirmable, coap::kPut, "/3/0/14", 100, {1});
  const ServerAnswers::Reply reply = answers.reply(write, 0, never);
  ASSERT_TRUE(reply.response);
  EXPECT_EQ(reply.response->code, coap::kNotFound);
  EXPECT_EQ(reply.captured_frame, std::nullopt);
  EXPECT_EQ(reply.response->message_id, 100);
}

TEST(ServerAnswers, RespondNoneLeavesEveryRequestUnanswered) {
  ServerAnswers answers(nullptr);
  const MessageData read = server_request(coap::Type::kConfirmable, coap::kGet, "/3/0/0", 100, {1});
  const ServerAnswers::Reply reply = answers.reply(read, 0, never);
  EXPECT_FALSE(reply.response);
  EXPECT_FALSE(reply.duplicate);
  EXPECT_TRUE(answers.reply(read, 1, never).duplicate);
}

}  // namespace
}  // namespace lwm2m::replay
