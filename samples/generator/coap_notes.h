// The generator's view of CoAP. Messages are core's MessageData and are encoded by core
// (lwm2m/coap_encode.h), the encoder lwm2m-replay uses, so the samples and the replayed
// messages come from one implementation; the codes, options and content formats the scenarios
// name are core's too (lwm2m/coap_code.h, coap_option.h, content_format.h). This header adds the
// one-line summary of a message that `--describe` prints in the README frame tables.
#pragma once

#include <cstdint>
#include <string>

#include "lwm2m/coap_encode.h"
#include "lwm2m/content_format.h"

namespace capgen {

namespace coap = lwm2m::coap;

// A readable description of a message, one field per column of the README frame tables. Bytes
// that are not printable UTF-8 show as \xHH; long values are cut with their length noted.
struct Summary {
  std::string kind;     // "CON POST", "ACK 2.01 Created"; stream form: "POST", "7.01 CSM"
  std::string ids;      // "MID 4097 tok 5eed0001"; stream form: "tok 01"
  std::string path;     // the Uri-Path, as lwm2m::uri_path spells it: "/rd/5a3f" ("" when none)
  std::string query;    // Uri-Query options joined with '&' ("" when none)
  std::string other;    // every other option: "Content-Format=40; Location-Path=rd,5a3f"
  std::string payload;  // "none" or "42 B: </1/0>,</3/0>..."
};
Summary summarize(const coap::MessageData& m);
// The same for the stream form (encode_stream): no type, no MID.
Summary summarize_stream(const coap::MessageData& m);

// "40 02 10 01 ..." - the first max_bytes bytes in hex.
std::string hex(const coap::Bytes& value, std::size_t max_bytes = 32);

// Raw bytes as lwm2m::printable shows them, cut (lwm2m::shorten) after max_chars bytes of what
// shows, with the full length appended: "</1/0>,</3/0>...(69 bytes)".
std::string printable(const coap::Bytes& value, std::size_t max_chars = 72);

// A code as the README tables show it: a method by its name ("POST"), every other code by its
// number and name ("2.01 Created", "0.00 Empty", "7.01 CSM"), or its number alone ("4.30").
std::string code_name(std::uint8_t code);

}  // namespace capgen
