#include "lwm2m/coap_message.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lwm2m::coap {
namespace {

using Bytes = std::vector<uint8_t>;

ParseResult parse(const Bytes& bytes, Framing framing) {
  return parse_message(bytes.data(), bytes.size(), framing);
}

std::string error_of(const Bytes& bytes, Framing framing) {
  const ParseResult result = parse(bytes, framing);
  EXPECT_FALSE(result.ok);
  return result.error;
}

void expect_option(const Option& option, uint16_t number, std::size_t offset, std::size_t length) {
  EXPECT_EQ(option.number, number);
  EXPECT_EQ(option.offset, offset);
  EXPECT_EQ(option.length, length);
}

// ---- RFC 7252 datagrams ----

TEST(ParseDatagram, RegisterRequest) {
  const Bytes bytes = {
      0x44, 0x02, 0x12, 0x34,       // ver 1, CON, TKL 4; POST; MID 0x1234
      0xde, 0xad, 0xbe, 0xef,       // token
      0xb2, 'r',  'd',              // Uri-Path (11) "rd"
      0x44, 'e',  'p',  '=',  'a',  // Uri-Query (15) "ep=a"
      0xff, '<',  '/',  '1',  '>',  // payload
  };
  const ParseResult result = parse(bytes, Framing::kDatagram);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.error, "");
  const Message& m = result.message;
  EXPECT_EQ(m.type, Type::kConfirmable);
  EXPECT_EQ(m.code, kPost);
  EXPECT_EQ(m.message_id, 0x1234);
  EXPECT_EQ(m.token_offset, 4u);
  EXPECT_EQ(m.token_length, 4u);
  ASSERT_EQ(m.options.size(), 2u);
  expect_option(m.options[0], kUriPath, 9, 2);
  expect_option(m.options[1], kUriQuery, 12, 4);
  EXPECT_EQ(m.payload_offset, 17u);
  EXPECT_EQ(m.payload_length, 4u);
  EXPECT_EQ(m.length, bytes.size());
}

TEST(ParseDatagram, EmptyAcknowledgement) {
  const ParseResult result = parse({0x60, 0x00, 0xab, 0xcd}, Framing::kDatagram);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.type, Type::kAcknowledgement);
  EXPECT_EQ(result.message.code, 0);
  EXPECT_EQ(result.message.message_id, 0xabcd);
  EXPECT_EQ(result.message.token_length, 0u);
  EXPECT_TRUE(result.message.options.empty());
  EXPECT_EQ(result.message.payload_offset, 4u);
  EXPECT_EQ(result.message.payload_length, 0u);
  EXPECT_EQ(result.message.length, 4u);
}

TEST(ParseDatagram, TypesAndResponseCode) {
  const ParseResult result = parse({0x78, 0x41, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8}, Framing::kDatagram);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.type, Type::kReset);
  EXPECT_EQ(result.message.code, code(2, 1));
  EXPECT_EQ(result.message.token_length, 8u);
  EXPECT_EQ(parse({0x50, 0x45, 0, 1}, Framing::kDatagram).message.type, Type::kNonConfirmable);
}

TEST(ParseDatagram, ExtendedOptionDeltasAndLengths) {
  Bytes bytes = {0x40, 0x01, 0x00, 0x01, 0xd1, 0x0e, 0x06,  // delta 13+14 = 27 (Block1), length 1
                 0xe0, 0x00, 0x00,                          // delta 269+0 -> 296, length 0
                 0x0d, 0x07};                               // delta 0 -> 296, length 13+7 = 20
  bytes.insert(bytes.end(), 20, 'x');
  const ParseResult result = parse(bytes, Framing::kDatagram);
  ASSERT_TRUE(result.ok) << result.error;
  ASSERT_EQ(result.message.options.size(), 3u);
  expect_option(result.message.options[0], kBlock1, 6, 1);
  expect_option(result.message.options[1], 296, 10, 0);
  expect_option(result.message.options[2], 296, 12, 20);
  EXPECT_EQ(result.message.payload_offset, bytes.size());
  EXPECT_EQ(result.message.payload_length, 0u);
}

TEST(ParseDatagram, RepeatedOptionsKeepWireOrder) {
  const ParseResult result =
      parse({0x40, 0x02, 0, 1, 0xb5, 'l', 'w', 'm', '2', 'm', 0x02, 'r', 'd'}, Framing::kDatagram);
  ASSERT_TRUE(result.ok) << result.error;
  ASSERT_EQ(result.message.options.size(), 2u);
  expect_option(result.message.options[0], kUriPath, 5, 5);
  expect_option(result.message.options[1], kUriPath, 11, 2);
}

TEST(ParseDatagram, TooShortForTheHeader) {
  EXPECT_EQ(error_of({0x40, 0x01, 0x00}, Framing::kDatagram),
            "message is 3 bytes, the header needs 4");
  EXPECT_EQ(error_of({0x40}, Framing::kDatagram), "message is 1 byte, the header needs 4");
  EXPECT_EQ(error_of({}, Framing::kDatagram), "message is 0 bytes, the header needs 4");
  const ParseResult null = parse_message(nullptr, 0, Framing::kDatagram);
  EXPECT_FALSE(null.ok);
  EXPECT_EQ(null.error, "message is 0 bytes, the header needs 4");
}

TEST(ParseDatagram, WrongVersion) {
  EXPECT_EQ(error_of({0x80, 0x01, 0, 1}, Framing::kDatagram), "CoAP version 2 is not 1");
  EXPECT_EQ(error_of({0x00, 0x01, 0, 1}, Framing::kDatagram), "CoAP version 0 is not 1");
  EXPECT_EQ(error_of({0xc0, 0x01, 0, 1}, Framing::kDatagram), "CoAP version 3 is not 1");
}

TEST(ParseDatagram, ReservedTokenLength) {
  EXPECT_EQ(error_of({0x49, 0x01, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Framing::kDatagram),
            "token length 9 is reserved");
  EXPECT_EQ(error_of({0x4f, 0x01, 0, 1}, Framing::kDatagram), "token length 15 is reserved");
}

TEST(ParseDatagram, TokenPastTheEnd) {
  EXPECT_EQ(error_of({0x48, 0x01, 0, 1, 1, 2}, Framing::kDatagram),
            "the token runs past the end of the message");
}

TEST(ParseDatagram, OptionPastTheEnd) {
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xb2, 'r'}, Framing::kDatagram),
            "option 1 runs past the end of the message");
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xb2, 'r', 'd', 0x45, 'e', 'p'}, Framing::kDatagram),
            "option 2 runs past the end of the message");
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xd0}, Framing::kDatagram),
            "option 1 runs past the end of the message");  // 1-byte delta extension missing
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xe0, 0x01}, Framing::kDatagram),
            "option 1 runs past the end of the message");  // 2-byte delta extension cut short
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0x1e, 0x00}, Framing::kDatagram),
            "option 1 runs past the end of the message");  // 2-byte length extension cut short
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0x1e, 0xff, 0xff, 'x'}, Framing::kDatagram),
            "option 1 runs past the end of the message");  // claims 65804 bytes
}

TEST(ParseDatagram, PayloadMarkerWithNoPayload) {
  EXPECT_EQ(error_of({0x40, 0x02, 0, 1, 0xff}, Framing::kDatagram),
            "payload marker with no payload");
  EXPECT_EQ(error_of({0x40, 0x02, 0, 1, 0xb2, 'r', 'd', 0xff}, Framing::kDatagram),
            "payload marker with no payload");
}

TEST(ParseDatagram, ReservedNibbles) {
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xf1, 'x'}, Framing::kDatagram),
            "reserved option delta 15");
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0x1f, 'x'}, Framing::kDatagram),
            "reserved option length 15");
}

TEST(ParseDatagram, OptionNumberAbove65535) {
  EXPECT_EQ(error_of({0x40, 0x01, 0, 1, 0xe0, 0xff, 0xff}, Framing::kDatagram),
            "option 1 has number 65804, more than 65535");
  const ParseResult largest = parse({0x40, 0x01, 0, 1, 0xe0, 0xfe, 0xf2}, Framing::kDatagram);
  ASSERT_TRUE(largest.ok) << largest.error;
  EXPECT_EQ(largest.message.options.at(0).number, 65535);
}

// ---- RFC 8323 stream framing ----

TEST(ParseStream, ShortLength) {
  const Bytes bytes = {0x32, 0x02, 0xaa, 0xbb, 0xb2, 'r', 'd'};  // Len 3, TKL 2, POST
  const ParseResult result = parse(bytes, Framing::kStream);
  ASSERT_TRUE(result.ok) << result.error;
  const Message& m = result.message;
  EXPECT_EQ(m.code, kPost);
  EXPECT_EQ(m.message_id, 0);
  EXPECT_EQ(m.token_offset, 2u);
  EXPECT_EQ(m.token_length, 2u);
  ASSERT_EQ(m.options.size(), 1u);
  expect_option(m.options[0], kUriPath, 5, 2);
  EXPECT_EQ(m.payload_offset, 7u);
  EXPECT_EQ(m.payload_length, 0u);
  EXPECT_EQ(m.length, 7u);
}

TEST(ParseStream, LengthIsTheFrameNotTheBuffer) {
  const Bytes bytes = {0x20, 0x45, 0xff, 'x', /* next message: */ 0x00, 0xe1, 0x00};
  const ParseResult result = parse(bytes, Framing::kStream);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.code, code(2, 5));
  EXPECT_EQ(result.message.payload_offset, 3u);
  EXPECT_EQ(result.message.payload_length, 1u);
  EXPECT_EQ(result.message.length, 4u);
}

TEST(ParseStream, OneByteExtendedLength) {
  Bytes bytes = {0xd0, 0x07, 0x45, 0xff};  // Len 13 + 7 = 20: marker + 19 payload bytes
  bytes.insert(bytes.end(), 19, 'p');
  const ParseResult result = parse(bytes, Framing::kStream);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.code, code(2, 5));
  EXPECT_EQ(result.message.token_offset, 3u);
  EXPECT_EQ(result.message.payload_offset, 4u);
  EXPECT_EQ(result.message.payload_length, 19u);
  EXPECT_EQ(result.message.length, 23u);
}

TEST(ParseStream, TwoByteExtendedLength) {
  Bytes bytes = {0xe1, 0x00, 0x1f, 0x02, 0x77, 0xff};  // Len 269 + 31 = 300, TKL 1
  bytes.insert(bytes.end(), 299, 'p');
  const ParseResult result = parse(bytes, Framing::kStream);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.code, kPost);
  EXPECT_EQ(result.message.token_offset, 4u);
  EXPECT_EQ(result.message.token_length, 1u);
  EXPECT_EQ(result.message.payload_offset, 6u);
  EXPECT_EQ(result.message.payload_length, 299u);
  EXPECT_EQ(result.message.length, 305u);
}

TEST(ParseStream, FourByteExtendedLength) {
  Bytes bytes = {0xf0, 0x00, 0x00, 0x00, 0x01, 0x45, 0xff};  // Len 65805 + 1 = 65806
  bytes.insert(bytes.end(), 65805, 'p');
  const ParseResult result = parse(bytes, Framing::kStream);
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.payload_offset, 7u);
  EXPECT_EQ(result.message.payload_length, 65805u);
  EXPECT_EQ(result.message.length, 65812u);
}

TEST(ParseStream, FrameClaimsMoreThanIsPresent) {
  Bytes bytes = {0xe0, 0x00, 0xe3, 0x02};  // 4-byte header + 269 + 227 = 500
  bytes.resize(40, 0);
  EXPECT_EQ(error_of(bytes, Framing::kStream), "frame claims 500 bytes, only 40 are present");
  EXPECT_EQ(error_of({0xf0, 0xff, 0xff, 0xff, 0xff, 0x01}, Framing::kStream),
            "frame claims 4295033106 bytes, only 6 are present");
  EXPECT_EQ(error_of({0x04, 0x01, 0xaa}, Framing::kStream),
            "frame claims 6 bytes, only 3 are present");  // the token is part of the frame
}

TEST(ParseStream, TooShortForTheHeader) {
  EXPECT_EQ(error_of({}, Framing::kStream), "message is 0 bytes, the header needs 2");
  EXPECT_EQ(error_of({0x00}, Framing::kStream), "message is 1 byte, the header needs 2");
  EXPECT_EQ(error_of({0xd0, 0x07}, Framing::kStream), "message is 2 bytes, the header needs 3");
  EXPECT_EQ(error_of({0xe0, 0x00, 0x01}, Framing::kStream),
            "message is 3 bytes, the header needs 4");
  EXPECT_EQ(error_of({0xf0, 0x00, 0x00}, Framing::kStream),
            "message is 3 bytes, the header needs 6");
}

TEST(ParseStream, ReservedTokenLength) {
  EXPECT_EQ(error_of({0x09, 0x01, 1, 2, 3, 4, 5, 6, 7, 8, 9}, Framing::kStream),
            "token length 9 is reserved");
}

TEST(ParseStream, OptionsEndWithTheFrame) {
  // Len 2 frames only "b3 'r'": the option's third byte would be beyond the frame.
  EXPECT_EQ(error_of({0x20, 0x01, 0xb3, 'r', 'd', 'x'}, Framing::kStream),
            "option 1 runs past the end of the message");
  EXPECT_EQ(error_of({0x10, 0x45, 0xff, 'x'}, Framing::kStream), "payload marker with no payload");
  EXPECT_EQ(error_of({0x20, 0x01, 0xf1, 'x'}, Framing::kStream), "reserved option delta 15");
}

TEST(ParseStream, SignallingMessage) {
  const ParseResult result = parse({0x00, 0xe1}, Framing::kStream);  // 7.01 CSM, nothing else
  ASSERT_TRUE(result.ok) << result.error;
  EXPECT_EQ(result.message.code, code(7, 1));
  EXPECT_EQ(result.message.length, 2u);
  EXPECT_EQ(code_text(result.message.code), "7.01");
}

// ---- RFC 8323 WebSocket framing ----

TEST(ParseWebSocket, MessageRunsToTheEndOfTheFrame) {
  const Bytes bytes = {0x02, 0x02, 0xaa, 0xbb, 0xb2, 'r', 'd', 0xff, 'x', 'y'};
  const ParseResult result = parse(bytes, Framing::kWebSocket);
  ASSERT_TRUE(result.ok) << result.error;
  const Message& m = result.message;
  EXPECT_EQ(m.code, kPost);
  EXPECT_EQ(m.token_offset, 2u);
  EXPECT_EQ(m.token_length, 2u);
  ASSERT_EQ(m.options.size(), 1u);
  expect_option(m.options[0], kUriPath, 5, 2);
  EXPECT_EQ(m.payload_offset, 8u);
  EXPECT_EQ(m.payload_length, 2u);
  EXPECT_EQ(m.length, bytes.size());
}

TEST(ParseWebSocket, LengthNibbleMustBeZero) {
  EXPECT_EQ(error_of({0x30, 0x01, 0xb2, 'r', 'd'}, Framing::kWebSocket),
            "length nibble 3 must be 0 over WebSockets");
}

TEST(ParseWebSocket, Malformed) {
  EXPECT_EQ(error_of({0x00}, Framing::kWebSocket), "message is 1 byte, the header needs 2");
  EXPECT_EQ(error_of({0x04, 0x01, 0xaa}, Framing::kWebSocket),
            "the token runs past the end of the message");
  EXPECT_EQ(error_of({0x0a, 0x01}, Framing::kWebSocket), "token length 10 is reserved");
  EXPECT_EQ(error_of({0x00, 0x01, 0xb5, 'r'}, Framing::kWebSocket),
            "option 1 runs past the end of the message");
  EXPECT_EQ(error_of({0x00, 0x01, 0xff}, Framing::kWebSocket), "payload marker with no payload");
}

// ---- Types and option values ----

TEST(TypeText, Abbreviations) {
  EXPECT_EQ(type_text(Type::kConfirmable), "CON");
  EXPECT_EQ(type_text(Type::kNonConfirmable), "NON");
  EXPECT_EQ(type_text(Type::kAcknowledgement), "ACK");
  EXPECT_EQ(type_text(Type::kReset), "RST");
}

TEST(DecodeBlock, Values) {
  Block block;
  ASSERT_TRUE(decode_block(nullptr, 0, block));
  EXPECT_EQ(block.number, 0u);
  EXPECT_FALSE(block.more);
  EXPECT_EQ(block.size, 16);

  const uint8_t one[] = {0x0e};  // NUM 0, M, SZX 6
  ASSERT_TRUE(decode_block(one, 1, block));
  EXPECT_EQ(block.number, 0u);
  EXPECT_TRUE(block.more);
  EXPECT_EQ(block.size, 1024);

  const uint8_t two[] = {0x01, 0x2a};  // 0x12a: NUM 18, M, SZX 2
  ASSERT_TRUE(decode_block(two, 2, block));
  EXPECT_EQ(block.number, 18u);
  EXPECT_TRUE(block.more);
  EXPECT_EQ(block.size, 64);

  const uint8_t three[] = {0xff, 0xff, 0xf7};  // largest NUM, no M, SZX 7 (reserved)
  ASSERT_TRUE(decode_block(three, 3, block));
  EXPECT_EQ(block.number, 0xfffffu);
  EXPECT_FALSE(block.more);
  EXPECT_EQ(block.size, 2048);
}

TEST(DecodeBlock, RefusesMoreThanThreeBytes) {
  const uint8_t four[] = {0, 0, 0, 0x10};
  Block block;
  block.number = 7;
  EXPECT_FALSE(decode_block(four, 4, block));
  EXPECT_EQ(block.number, 7u);  // untouched
}

TEST(DecodeUint, Values) {
  uint32_t value = 99;
  ASSERT_TRUE(decode_uint(nullptr, 0, value));
  EXPECT_EQ(value, 0u);
  const uint8_t format[] = {0x2d, 0x17};
  ASSERT_TRUE(decode_uint(format, 2, value));
  EXPECT_EQ(value, 11543u);
  const uint8_t largest[] = {0xff, 0xff, 0xff, 0xff};
  ASSERT_TRUE(decode_uint(largest, 4, value));
  EXPECT_EQ(value, 4294967295u);
}

TEST(DecodeUint, RefusesMoreThanFourBytes) {
  const uint8_t five[] = {0, 0, 0, 0, 1};
  uint32_t value = 99;
  EXPECT_FALSE(decode_uint(five, 5, value));
  EXPECT_EQ(value, 99u);
}

}  // namespace
}  // namespace lwm2m::coap
