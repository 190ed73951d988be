// A small CoAP message encoder: the datagram form (RFC 7252 section 3: header, token, options
// with delta/length extensions, payload marker) and the stream form of CoAP over TCP, TLS and
// WebSockets (RFC 8323 section 3.2), which share the option encoding. Also a one-line text
// summary of a message for the frame notes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace capgen::coap {

using Bytes = std::vector<std::uint8_t>;

enum class Type : std::uint8_t { kCon = 0, kNon = 1, kAck = 2, kRst = 3 };

constexpr std::uint8_t code(int cls, int detail) {
  return static_cast<std::uint8_t>((cls << 5) | detail);
}

namespace codes {
constexpr std::uint8_t kEmpty = 0, kGet = 1, kPost = 2, kPut = 3, kDelete = 4;
constexpr std::uint8_t kCreated = code(2, 1), kDeleted = code(2, 2), kChanged = code(2, 4),
                       kContent = code(2, 5), kBadRequest = code(4, 0), kBadOption = code(4, 2),
                       kNotFound = code(4, 4), kConflict = code(4, 9),
                       kRequestEntityIncomplete = code(4, 8), kContinue = code(2, 31);
// RFC 8323 signalling: Capabilities and Settings Message.
constexpr std::uint8_t kCsm = code(7, 1);
}  // namespace codes

namespace options {
constexpr std::uint16_t kUriHost = 3, kLocationPath = 8, kUriPath = 11, kContentFormat = 12,
                        kUriQuery = 15, kAccept = 17, kBlock2 = 23, kBlock1 = 27, kSize1 = 60;
}

namespace formats {
constexpr std::uint16_t kLinkFormat = 40, kLwm2mTlv = 11542, kLwm2mJson = 11543;
}

struct Option {
  std::uint16_t number;
  Bytes value;
};

struct Message {
  Type type = Type::kCon;  // type and mid are not sent in the stream form (encode_stream)
  std::uint8_t code = codes::kEmpty;
  std::uint16_t mid = 0;
  Bytes token;                  // 0..8 bytes
  std::vector<Option> options;  // any order; encode() sorts by number, keeping repeats in order
  Bytes payload;

  Message& add(std::uint16_t number, std::string_view value);
  Message& add(std::uint16_t number, Bytes value);
  Message& add_uint(std::uint16_t number, std::uint32_t value);
  // "/rd/5a3f" -> Uri-Path "rd", "5a3f" (an empty path adds nothing).
  Message& path(std::string_view path);
  // "rd/5a3f" -> Location-Path "rd", "5a3f".
  Message& location(std::string_view path);
  // One Uri-Query option per argument, in order.
  Message& query(std::initializer_list<std::string_view> items);
  Message& content_format(std::uint16_t format) {
    return add_uint(options::kContentFormat, format);
  }
  Message& body(std::string_view text);
  Message& body(Bytes bytes);
};

// The shortest big-endian encoding of value (0 -> no bytes), as CoAP uint options use.
Bytes encode_uint(std::uint32_t value);

// Block1/Block2 option value: NUM, M and SZX (block size 2^(SZX+4)).
Bytes block_value(std::uint32_t num, bool more, unsigned szx);

// The wire bytes of a datagram (UDP, DTLS). Throws std::invalid_argument for a token longer
// than 8 bytes.
Bytes encode(const Message& m);

// The wire bytes on a reliable transport (RFC 8323 section 3.2, the TCP/TLS framing): Len nibble
// and TKL, extended length (1, 2 or 4 bytes for Len 13, 14, 15), code, token, then options and
// payload exactly as in the datagram form. Len counts the options, the payload marker and the
// payload. type and mid are not sent. Throws std::invalid_argument for a token over 8 bytes.
Bytes encode_stream(const Message& m);

// A readable description of a message, one field per column of the README frame tables. Bytes
// that are not printable ASCII show as \xHH; long values are cut with their length noted.
struct Summary {
  std::string kind;     // "CON POST", "ACK 2.01 Created"; stream form: "POST", "7.01 CSM"
  std::string ids;      // "MID 4097 tok 5eed0001"; stream form: "tok 01"
  std::string path;     // Uri-Path options joined: "/rd/5a3f" ("" when none)
  std::string query;    // Uri-Query options joined with '&' ("" when none)
  std::string other;    // every other option: "Content-Format=40; Location-Path=rd,5a3f"
  std::string payload;  // "none" or "42 B: </1/0>,</3/0>..."
};
Summary summarize(const Message& m);
// The same for the stream form (encode_stream): no type, no MID.
Summary summarize_stream(const Message& m);

// "40 02 10 01 ..." - the first max_bytes bytes in hex.
std::string hex(const Bytes& value, std::size_t max_bytes = 32);

// Printable form of raw bytes, cut after max_chars (with the full length appended).
std::string printable(const Bytes& value, std::size_t max_chars = 72);

// The name of a method or response code: "POST", "2.01 Created", "4.09 Conflict", "0.00 Empty",
// "7.01 CSM".
std::string code_name(std::uint8_t code);

}  // namespace capgen::coap
