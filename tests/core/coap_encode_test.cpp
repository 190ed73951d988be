#include "lwm2m/coap_encode.h"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace lwm2m::coap {
namespace {

std::string text(const Bytes& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(EncodeDatagram, RegisterRequestHasExactBytes) {
  MessageData m;
  m.type = Type::kConfirmable;
  m.code = kPost;
  m.message_id = 0x1234;
  m.token = {0xde, 0xad};
  m.query({"ep=a"}).path("/rd").body("</1>");
  const Bytes expected = {0x42, 0x02, 0x12, 0x34, 0xde, 0xad,  // header, token
                          0xb2, 'r',  'd',                     // Uri-Path (11), sorted first
                          0x44, 'e',  'p',  '=',  'a',         // Uri-Query (15)
                          0xff, '<',  '/',  '1',  '>'};
  EXPECT_EQ(encode_datagram(m), expected);
}

TEST(EncodeDatagram, ExtendedDeltaAndLength) {
  MessageData m;
  m.code = kGet;
  m.add(kUriPath, std::string(20, 'x'));  // length 20: nibble 13 + 7
  m.add(300, "v");                        // delta 289: nibble 14 + (289 - 269)
  const Bytes bytes = encode_datagram(m);
  ASSERT_EQ(bytes.size(), 4u + 2 + 20 + 3 + 1);
  EXPECT_EQ(bytes[4], 0xbd);
  EXPECT_EQ(bytes[5], 7);
  EXPECT_EQ(bytes[26], 0xe1);
  EXPECT_EQ(bytes[27], 0);
  EXPECT_EQ(bytes[28], 20);
  EXPECT_EQ(bytes[29], 'v');
}

TEST(EncodeDatagram, RoundTripsThroughTheParser) {
  MessageData m;
  m.type = Type::kAcknowledgement;
  m.code = code(2, 1);
  m.message_id = 7;
  m.token = {1, 2, 3, 4, 5, 6, 7, 8};
  m.location("rd/5a3f").add_uint(kContentFormat, 40);
  const Bytes bytes = encode_datagram(m);
  const ParseResult parsed = parse_message(bytes.data(), bytes.size(), Framing::kDatagram);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  const MessageData copy = copy_message(bytes.data(), parsed.message);
  EXPECT_EQ(copy.type, Type::kAcknowledgement);
  EXPECT_EQ(copy.code, code(2, 1));
  EXPECT_EQ(copy.message_id, 7);
  EXPECT_EQ(copy.token, m.token);
  ASSERT_EQ(copy.values(kLocationPath).size(), 2u);
  EXPECT_EQ(copy.count(kLocationPath), 2u);
  EXPECT_EQ(copy.count(kUriQuery), 0u);
  EXPECT_EQ(copy.values(kLocationPath)[0], "rd");
  EXPECT_EQ(copy.values(kLocationPath)[1], "5a3f");
  ASSERT_NE(copy.find(kContentFormat), nullptr);
  EXPECT_EQ(copy.find(kContentFormat)->value, Bytes{40});
  EXPECT_EQ(encode_datagram(copy), bytes);
}

TEST(ParseAndCopyInto, ReusedStorageHoldsExactlyTheLaterMessage) {
  // A pass over a capture parses and copies every message into the same two objects: nothing of
  // a longer earlier message may remain in them.
  MessageData long_message;
  long_message.type = Type::kConfirmable;
  long_message.code = kPost;
  long_message.message_id = 1;
  long_message.token = {9, 9, 9, 9};
  long_message.path("/rd").query({"ep=urn:imei:490154203237518", "lt=60", "b=U"});
  long_message.body("</1/0>,</3/0>");
  MessageData short_message;
  short_message.type = Type::kAcknowledgement;
  short_message.code = code(2, 4);
  short_message.message_id = 2;
  short_message.token = {7};
  short_message.add(kContentFormat, Bytes{});

  ParseResult parsed;
  MessageData copy;
  const Bytes first = encode_datagram(long_message);
  parse_message(first.data(), first.size(), Framing::kDatagram, parsed);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  copy_message(first.data(), parsed.message, copy);
  EXPECT_EQ(encode_datagram(copy), first);

  const Bytes second = encode_datagram(short_message);
  parse_message(second.data(), second.size(), Framing::kDatagram, parsed);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.message.options.size(), 1u);
  EXPECT_EQ(parsed.message.payload_length, 0u);
  copy_message(second.data(), parsed.message, copy);
  EXPECT_EQ(copy.type, Type::kAcknowledgement);
  EXPECT_EQ(copy.code, code(2, 4));
  EXPECT_EQ(copy.message_id, 2);
  EXPECT_EQ(copy.token, Bytes{7});
  ASSERT_EQ(copy.options.size(), 1u);
  EXPECT_EQ(copy.options[0].number, kContentFormat);
  EXPECT_TRUE(copy.options[0].value.empty());
  EXPECT_TRUE(copy.payload.empty());
  EXPECT_EQ(encode_datagram(copy), second);

  // A failed parse leaves no options of the message before behind either.
  const uint8_t reserved_token_length[] = {0x49, 0x01, 0x00, 0x01};
  parse_message(reserved_token_length, sizeof reserved_token_length, Framing::kDatagram, parsed);
  EXPECT_FALSE(parsed.ok);
  EXPECT_EQ(parsed.error, "token length 9 is reserved");
  EXPECT_TRUE(parsed.message.options.empty());
}

TEST(EncodeDatagram, RepeatedOptionsKeepTheirOrder) {
  MessageData m;
  m.code = kPost;
  m.add(kUriQuery, "ep=b").add(kUriPath, "rd").add(kUriQuery, "lt=60");
  const Bytes bytes = encode_datagram(m);
  const ParseResult parsed = parse_message(bytes.data(), bytes.size(), Framing::kDatagram);
  ASSERT_TRUE(parsed.ok);
  const MessageData copy = copy_message(bytes.data(), parsed.message);
  ASSERT_EQ(copy.options.size(), 3u);
  EXPECT_EQ(copy.options[0].number, kUriPath);
  EXPECT_EQ(text(copy.options[1].value), "ep=b");
  EXPECT_EQ(text(copy.options[2].value), "lt=60");
}

TEST(EncodeDatagram, RefusesLongTokensAndHugeOptions) {
  MessageData m;
  m.token.assign(9, 0);
  EXPECT_THROW(encode_datagram(m), std::invalid_argument);
  MessageData big;
  big.add(kUriQuery, std::string(65805, 'q'));
  EXPECT_THROW(encode_datagram(big), std::invalid_argument);
}

TEST(MessageData, RemoveAndUintEncoding) {
  MessageData m;
  m.path("/rd/1").add_uint(kContentFormat, 0).add_uint(kObserve, 0x10203);
  EXPECT_EQ(m.find(kContentFormat)->value, Bytes{});
  EXPECT_EQ(m.find(kObserve)->value, (Bytes{1, 2, 3}));
  EXPECT_EQ(m.remove(kUriPath), 2u);
  EXPECT_EQ(m.remove(kUriPath), 0u);
  EXPECT_EQ(m.options.size(), 2u);
  EXPECT_EQ(block_value(2, true, 6), Bytes{0x2e});
  EXPECT_THROW(block_value(1u << 20, false, 0), std::invalid_argument);
}

TEST(EncodeStream, LengthNibbleAndExtendedLengths) {
  MessageData small;
  small.code = kGet;
  small.token = {0xaa};
  small.path("/a");  // options: 2 bytes
  EXPECT_EQ(encode_stream(small), (Bytes{0x21, kGet, 0xaa, 0xb1, 'a'}));

  MessageData medium;
  medium.code = kPost;
  medium.body(std::string(100, 'p'));  // marker + 100 = 101 -> 13 + 88
  const Bytes m = encode_stream(medium);
  EXPECT_EQ(m[0], 0xd0);
  EXPECT_EQ(m[1], 88);

  MessageData large;
  large.code = kPost;
  large.body(std::string(70000, 'p'));  // 70001 -> 15 + (70001 - 65805)
  const Bytes l = encode_stream(large);
  EXPECT_EQ(l[0], 0xf0);
  EXPECT_EQ((l[1] << 24 | l[2] << 16 | l[3] << 8 | l[4]), 70001 - 65805);
  const ParseResult parsed = parse_message(l.data(), l.size(), Framing::kStream);
  ASSERT_TRUE(parsed.ok) << parsed.error;
  EXPECT_EQ(parsed.message.payload_length, 70000u);
}

}  // namespace
}  // namespace lwm2m::coap
