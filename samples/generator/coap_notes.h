// The generator's view of CoAP. Messages are core's MessageData and are encoded by core
// (lwm2m/coap_encode.h), the encoder lwm2m-replay uses, so the samples and the replayed
// messages come from one implementation. This header adds the names the scenarios use for codes,
// options and content formats core does not name, and the one-line summary of a message that
// `--describe` prints in the README frame tables.
#pragma once

#include <cstdint>
#include <string>

#include "lwm2m/coap_encode.h"

namespace capgen::coap {

using lwm2m::coap::block_value;
using lwm2m::coap::Bytes;
using lwm2m::coap::encode_datagram;
using lwm2m::coap::encode_stream;
using lwm2m::coap::encode_uint;
using lwm2m::coap::MessageData;
using lwm2m::coap::Type;

namespace codes {
using lwm2m::coap::code;
constexpr std::uint8_t kEmpty = 0, kGet = lwm2m::coap::kGet, kPost = lwm2m::coap::kPost,
                       kPut = lwm2m::coap::kPut, kDelete = lwm2m::coap::kDelete;
constexpr std::uint8_t kCreated = code(2, 1), kDeleted = code(2, 2), kChanged = code(2, 4),
                       kContent = code(2, 5), kBadRequest = code(4, 0), kBadOption = code(4, 2),
                       kNotFound = code(4, 4), kConflict = code(4, 9),
                       kRequestEntityIncomplete = code(4, 8), kContinue = code(2, 31);
// RFC 8323 signalling: Capabilities and Settings Message.
constexpr std::uint8_t kCsm = code(7, 1);
}  // namespace codes

// Core names the options it reads; Accept and Size1 only the generator writes.
namespace options {
constexpr std::uint16_t kUriHost = lwm2m::coap::kUriHost,
                        kLocationPath = lwm2m::coap::kLocationPath,
                        kUriPath = lwm2m::coap::kUriPath,
                        kContentFormat = lwm2m::coap::kContentFormat,
                        kUriQuery = lwm2m::coap::kUriQuery, kAccept = 17,
                        kBlock2 = lwm2m::coap::kBlock2, kBlock1 = lwm2m::coap::kBlock1, kSize1 = 60;
}  // namespace options

namespace formats {
constexpr std::uint16_t kLinkFormat = 40, kLwm2mTlv = 11542, kLwm2mJson = 11543;
}

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
Summary summarize(const MessageData& m);
// The same for the stream form (encode_stream): no type, no MID.
Summary summarize_stream(const MessageData& m);

// "40 02 10 01 ..." - the first max_bytes bytes in hex.
std::string hex(const Bytes& value, std::size_t max_bytes = 32);

// Printable form of raw bytes, cut after max_chars (with the full length appended).
std::string printable(const Bytes& value, std::size_t max_chars = 72);

// The name of a method or response code: "POST", "2.01 Created", "4.09 Conflict", "0.00 Empty",
// "7.01 CSM". (The generator's own names: the README tables were written with them.)
std::string code_name(std::uint8_t code);

}  // namespace capgen::coap
