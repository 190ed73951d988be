// Fuzz target: CoAP message parsing in its three framings (parse_message: datagram as on UDP and
// DTLS, stream as on TCP and TLS, WebSocket), and what callers do with a parsed message: decode
// its uint and block options, copy it, encode it again. Input: the bytes of one datagram or of a
// stream of messages.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_check.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/response_code.h"

namespace coap = lwm2m::coap;
using lwm2m::fuzz::is_printable_utf8;

namespace {

// Everything a parsed message reports lies within its `length` bytes, in wire order.
void check_message(const uint8_t* data, std::size_t size, const coap::ParseResult& parsed) {
  FUZZ_CHECK(parsed.error.empty() == parsed.ok);
  if (!parsed.ok) {
    FUZZ_CHECK(is_printable_utf8(parsed.error));
    return;
  }
  const coap::Message& m = parsed.message;
  FUZZ_CHECK(m.length <= size);
  FUZZ_CHECK(m.token_length <= 8);
  FUZZ_CHECK(m.token_offset + m.token_length <= m.length);
  std::size_t end = m.token_offset + m.token_length;
  uint16_t previous = 0;
  for (const coap::Option& option : m.options) {
    FUZZ_CHECK(option.offset >= end);  // after the token and the previous option
    FUZZ_CHECK(option.offset <= m.length && option.length <= m.length - option.offset);
    FUZZ_CHECK(option.number >= previous);
    previous = option.number;
    end = option.offset + option.length;

    uint32_t value = 0;
    FUZZ_CHECK(coap::decode_uint(data + option.offset, option.length, value) ==
               (option.length <= 4));
    coap::Block block;
    if (coap::decode_block(data + option.offset, option.length, block)) {
      FUZZ_CHECK(option.length <= 3);
      FUZZ_CHECK(block.size >= 16 && block.size <= 2048 && block.number < (1u << 20));
    }
  }
  FUZZ_CHECK(m.payload_offset >= end);
  if (m.payload_length > 0) {
    FUZZ_CHECK(m.payload_offset > 0 && data[m.payload_offset - 1] == 0xff);
    FUZZ_CHECK(m.payload_offset + m.payload_length == m.length);
  } else {
    FUZZ_CHECK(m.payload_offset == m.length);
  }
  FUZZ_CHECK(!coap::code_text(m.code).empty());
  FUZZ_CHECK(is_printable_utf8(coap::response_code_text(m.code)));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  // Datagram: the whole input is the message. The encoding of a message is unique, so encoding
  // the parsed message again gives back exactly the input.
  const coap::ParseResult datagram = coap::parse_message(data, size, coap::Framing::kDatagram);
  check_message(data, size, datagram);
  if (datagram.ok) {
    FUZZ_CHECK(datagram.message.length == size);
    const coap::MessageData copy = coap::copy_message(data, datagram.message);
    const coap::Bytes encoded = coap::encode_datagram(copy);
    FUZZ_CHECK(encoded == coap::Bytes(data, data + size));
  }

  // WebSocket: the frame is the message.
  const coap::ParseResult websocket = coap::parse_message(data, size, coap::Framing::kWebSocket);
  check_message(data, size, websocket);
  if (websocket.ok) FUZZ_CHECK(websocket.message.length == size);

  // Stream: messages one after the other, as in a TCP segment.
  std::size_t pos = 0;
  while (pos < size) {
    const coap::ParseResult stream =
        coap::parse_message(data + pos, size - pos, coap::Framing::kStream);
    check_message(data + pos, size - pos, stream);
    if (!stream.ok) break;
    const coap::Bytes encoded = coap::encode_stream(coap::copy_message(data + pos, stream.message));
    FUZZ_CHECK(encoded == coap::Bytes(data + pos, data + pos + stream.message.length));
    FUZZ_CHECK(stream.message.length >= 2);  // always moves on
    pos += stream.message.length;
  }
  return 0;
}
