#include "lwm2m/coap_message.h"

#include <utility>

namespace lwm2m::coap {

namespace {

constexpr uint8_t kPayloadMarker = 0xff;
constexpr uint8_t kMaxTokenLength = 8;
constexpr uint32_t kMaxOptionNumber = 0xffff;

std::string byte_count(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " byte" : " bytes");
}

uint32_t read_big_endian(const uint8_t* bytes, std::size_t length) {
  uint32_t value = 0;
  for (std::size_t i = 0; i < length; ++i) value = value << 8 | bytes[i];
  return value;
}

bool fail(ParseResult& result, std::string error) {
  result.ok = false;
  result.error = std::move(error);
  return false;
}

// Reads the extended delta or length of an option (RFC 7252 §3.1) into `value`. `nibble` is 0-14.
bool read_option_extension(const uint8_t* data, std::size_t end, std::size_t& pos, uint8_t nibble,
                           uint32_t& value) {
  if (nibble < 13) {
    value = nibble;
    return true;
  }
  const std::size_t extra = nibble == 13 ? 1 : 2;
  if (end - pos < extra) return false;
  value = read_big_endian(data + pos, extra) + (nibble == 13 ? 13 : 269);
  pos += extra;
  return true;
}

// Options and payload in [pos, end): the part all three framings share.
bool parse_options(const uint8_t* data, std::size_t pos, std::size_t end, ParseResult& result) {
  Message& message = result.message;
  uint32_t number = 0;
  std::size_t index = 0;
  message.payload_offset = end;
  message.payload_length = 0;
  // Room for a typical request's options up front: one allocation instead of several.
  constexpr std::size_t kTypicalOptionCount = 12;
  message.options.reserve(kTypicalOptionCount);
  while (pos < end) {
    const uint8_t first = data[pos++];
    if (first == kPayloadMarker) {
      // RFC 7252 §3: a marker followed by a zero-length payload is a format error.
      if (pos == end) return fail(result, "payload marker with no payload");
      message.payload_offset = pos;
      message.payload_length = end - pos;
      break;
    }
    ++index;
    const uint8_t delta_nibble = first >> 4;
    const uint8_t length_nibble = first & 0x0f;
    if (delta_nibble == 15) return fail(result, "reserved option delta 15");
    if (length_nibble == 15) return fail(result, "reserved option length 15");
    uint32_t delta = 0;
    uint32_t length = 0;
    if (!read_option_extension(data, end, pos, delta_nibble, delta) ||
        !read_option_extension(data, end, pos, length_nibble, length) || end - pos < length) {
      return fail(result, "option " + std::to_string(index) + " runs past the end of the message");
    }
    number += delta;
    if (number > kMaxOptionNumber) {
      return fail(result, "option " + std::to_string(index) + " has number " +
                              std::to_string(number) + ", more than 65535");
    }
    message.options.push_back(Option{static_cast<uint16_t>(number), pos, length});
    pos += length;
  }
  result.ok = true;
  return true;
}

bool parse_datagram(const uint8_t* data, std::size_t size, ParseResult& result) {
  constexpr std::size_t kHeader = 4;
  if (size < kHeader) {
    return fail(result, "message is " + byte_count(size) + ", the header needs 4");
  }
  const uint8_t version = data[0] >> 6;
  if (version != 1) {
    return fail(result, "CoAP version " + std::to_string(version) + " is not 1");
  }
  Message& message = result.message;
  message.type = static_cast<Type>((data[0] >> 4) & 0x03);
  const uint8_t token_length = data[0] & 0x0f;
  message.code = data[1];
  message.message_id = static_cast<uint16_t>(data[2] << 8 | data[3]);
  message.length = size;
  if (token_length > kMaxTokenLength) {
    return fail(result, "token length " + std::to_string(token_length) + " is reserved");
  }
  if (size - kHeader < token_length) {
    return fail(result, "the token runs past the end of the message");
  }
  message.token_offset = kHeader;
  message.token_length = token_length;
  return parse_options(data, kHeader + token_length, size, result);
}

// RFC 8323 §3.2 (stream) and §4.2 (WebSocket: the length nibble is 0 and the frame is the message).
bool parse_stream(const uint8_t* data, std::size_t size, bool websocket, ParseResult& result) {
  if (size < 1) return fail(result, "message is 0 bytes, the header needs 2");
  const uint8_t length_nibble = data[0] >> 4;
  const uint8_t token_length = data[0] & 0x0f;
  if (websocket && length_nibble != 0) {
    return fail(result,
                "length nibble " + std::to_string(length_nibble) + " must be 0 over WebSockets");
  }
  std::size_t extended = 0;
  uint64_t body_length = length_nibble;  // options, payload marker and payload
  if (length_nibble == 13) {
    extended = 1;
  } else if (length_nibble == 14) {
    extended = 2;
  } else if (length_nibble == 15) {
    extended = 4;
  }
  const std::size_t header = 1 + extended + 1;  // Len/TKL, extended length, Code
  if (size < header) {
    return fail(result,
                "message is " + byte_count(size) + ", the header needs " + std::to_string(header));
  }
  if (extended == 1) body_length = 13 + uint64_t{data[1]};
  if (extended == 2) body_length = 269 + uint64_t{read_big_endian(data + 1, 2)};
  if (extended == 4) body_length = 65805 + uint64_t{read_big_endian(data + 1, 4)};

  Message& message = result.message;
  message.code = data[1 + extended];
  if (token_length > kMaxTokenLength) {
    return fail(result, "token length " + std::to_string(token_length) + " is reserved");
  }
  std::size_t length = size;
  if (!websocket) {
    const uint64_t claimed = uint64_t{header} + token_length + body_length;
    if (claimed > size) {
      return fail(result, "frame claims " + std::to_string(claimed) + " bytes, only " +
                              std::to_string(size) + " are present");
    }
    length = static_cast<std::size_t>(claimed);
  }
  message.length = length;
  if (length - header < token_length) {
    return fail(result, "the token runs past the end of the message");
  }
  message.token_offset = header;
  message.token_length = token_length;
  return parse_options(data, header + token_length, length, result);
}

}  // namespace

std::string_view type_text(Type type) {
  switch (type) {
    case Type::kConfirmable:
      return "CON";
    case Type::kNonConfirmable:
      return "NON";
    case Type::kAcknowledgement:
      return "ACK";
    case Type::kReset:
      return "RST";
  }
  return "?";
}

ParseResult parse_message(const uint8_t* data, std::size_t size, Framing framing) {
  ParseResult result;
  parse_message(data, size, framing, result);
  return result;
}

void parse_message(const uint8_t* data, std::size_t size, Framing framing, ParseResult& result) {
  std::vector<Option> options = std::move(result.message.options);
  options.clear();
  result = ParseResult{};
  result.message.options = std::move(options);
  if (data == nullptr) size = 0;
  switch (framing) {
    case Framing::kDatagram:
      parse_datagram(data, size, result);
      break;
    case Framing::kStream:
      parse_stream(data, size, false, result);
      break;
    case Framing::kWebSocket:
      parse_stream(data, size, true, result);
      break;
  }
}

bool decode_block(const uint8_t* value, std::size_t length, Block& out) {
  if (length > 3) return false;
  const uint32_t number = length == 0 ? 0 : read_big_endian(value, length);
  out.number = number >> 4;
  out.more = (number & 0x08) != 0;
  out.size = static_cast<uint16_t>(1u << ((number & 0x07) + 4));
  return true;
}

bool decode_uint(const uint8_t* value, std::size_t length, uint32_t& out) {
  if (length > 4) return false;
  out = length == 0 ? 0 : read_big_endian(value, length);
  return true;
}

}  // namespace lwm2m::coap
