// Building and encoding CoAP messages (RFC 7252 datagrams, RFC 8323 stream framing).
//
// The parser in coap_message.h reports offsets into the caller's buffer; a message that is to be
// changed and sent again (the replay tool rewrites queries and locations) or made from scratch
// (the sample generator, the benchmarks' server) needs owned, editable values instead. That is
// MessageData. Encoding sorts options by number, keeping repeated options in their order, so the
// bytes are what any conforming sender puts on the wire.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "lwm2m/coap_message.h"

namespace lwm2m::coap {

using Bytes = std::vector<uint8_t>;

struct OptionData {
  uint16_t number = 0;
  Bytes value;
};

struct MessageData {
  Type type = Type::kConfirmable;  // datagram framing only
  uint8_t code = 0;
  uint16_t message_id = 0;  // datagram framing only
  Bytes token;              // 0..8 bytes
  std::vector<OptionData> options;
  Bytes payload;

  MessageData& add(uint16_t number, std::string_view value);
  MessageData& add(uint16_t number, Bytes value);
  // The shortest encoding of an unsigned option (0 is the empty value).
  MessageData& add_uint(uint16_t number, uint32_t value);
  // "/rd/5a3f" -> Uri-Path "rd", "5a3f"; an empty path adds nothing.
  MessageData& path(std::string_view path);
  // "rd/5a3f" -> Location-Path "rd", "5a3f".
  MessageData& location(std::string_view path);
  // One Uri-Query option per item, in order.
  MessageData& query(std::initializer_list<std::string_view> items);
  MessageData& body(std::string_view text);
  MessageData& body(Bytes bytes);

  // The values of every option `number`, in order; views into this message.
  std::vector<std::string_view> values(uint16_t number) const;
  // How many options `number` there are.
  std::size_t count(uint16_t number) const;
  // The first option `number`, or null.
  const OptionData* find(uint16_t number) const;
  // Removes every option `number`; returns how many there were.
  std::size_t remove(uint16_t number);
};

// An owned copy of a parsed message; `data` is the buffer `parsed` was parsed from.
MessageData copy_message(const uint8_t* data, const Message& parsed);
// The same into `out`, reusing its storage (see parse_message's second form).
void copy_message(const uint8_t* data, const Message& parsed, MessageData& out);

// The shortest big-endian encoding of value (0 -> no bytes), as CoAP uint options use.
Bytes encode_uint(uint32_t value);

// Block1/Block2 option value: NUM, M and SZX (block size 2^(SZX+4)). Throws std::invalid_argument
// when num needs more than 20 bits or szx > 7.
Bytes block_value(uint32_t num, bool more, unsigned szx);

// The wire bytes of a datagram (UDP, DTLS). Throws std::invalid_argument for a token longer than
// 8 bytes or an option value longer than 65804 bytes.
Bytes encode_datagram(const MessageData& message);

// The wire bytes on a reliable transport (RFC 8323 §3.2, TCP and TLS): Len nibble and TKL,
// extended length, code, token, then options and payload as in the datagram form. type and
// message_id are not sent. Throws like encode_datagram.
Bytes encode_stream(const MessageData& message);

}  // namespace lwm2m::coap
