// CoAP message parsing (RFC 7252 datagrams, RFC 8323 stream and WebSocket framing).
//
// Parses one message from raw bytes without copying: options and payload are reported as offsets
// into the caller's buffer, so a caller can point at the exact bytes (Wireshark highlighting) or
// re-encode the message (the replay tool).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/coap_code.h"
#include "lwm2m/coap_option.h"

namespace lwm2m::coap {

// How the message is framed on its transport.
enum class Framing {
  kDatagram,   // UDP, DTLS: 4-byte header with type and message ID (RFC 7252)
  kStream,     // TCP, TLS: length nibble + extended length, no type or message ID (RFC 8323)
  kWebSocket,  // WebSockets: like kStream but the length nibble is always 0 (RFC 8323 §4)
};

enum class Type : uint8_t {
  kConfirmable = 0,
  kNonConfirmable = 1,
  kAcknowledgement = 2,
  kReset = 3
};

// "CON", "NON", "ACK", "RST": a type as RFC 7252 abbreviates it. A view of a string literal.
std::string_view type_text(Type type);

struct Option {
  uint16_t number = 0;
  std::size_t offset = 0;  // of the option value, from the start of the parsed buffer
  std::size_t length = 0;  // of the option value
};

struct Message {
  Type type = Type::kConfirmable;  // datagram framing only; stream framing has no type
  uint8_t code = 0;
  uint16_t message_id = 0;  // 0 for stream framing
  std::size_t token_offset = 0;
  std::size_t token_length = 0;
  std::vector<Option> options;     // in wire order
  std::size_t payload_offset = 0;  // == end of message when there is no payload
  std::size_t payload_length = 0;
  std::size_t length = 0;  // bytes this message occupies (stream framing: may be < buffer size)
};

struct ParseResult {
  bool ok = false;
  Message message;
  std::string error;  // human sentence when !ok, e.g. "option 3 runs past the end of the message"
};

// Parses the message at the start of `data`. Never reads outside [data, data + size).
ParseResult parse_message(const uint8_t* data, std::size_t size, Framing framing);
// The same into `result`, reusing its option list's storage: for callers that parse message after
// message (a pass over a capture) and would otherwise allocate for each.
void parse_message(const uint8_t* data, std::size_t size, Framing framing, ParseResult& result);

// Block1/Block2 option value (RFC 7959 §2.2).
struct Block {
  uint32_t number = 0;
  bool more = false;
  uint16_t size = 0;  // bytes, 16..1024 (szx 7, reserved, reported as 2048)
};
// Decodes an unsigned option value of 0-3 bytes; false when longer.
bool decode_block(const uint8_t* value, std::size_t length, Block& out);
// Decodes an unsigned integer option (Content-Format, Observe...); false when longer than 4 bytes.
bool decode_uint(const uint8_t* value, std::size_t length, uint32_t& out);

}  // namespace lwm2m::coap
