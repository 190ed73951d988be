// One message as the capture holds it, owned, with where and when it was seen; and what a UDP
// payload is when it is not plain CoAP.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/exchange_matcher.h"
#include "net/transport_address.h"

namespace lwm2m::replay {

struct CapturedMessage {
  uint64_t frame = 0;   // as Wireshark numbers frames
  int64_t time_ns = 0;  // capture time
  net::TransportAddress source, destination;
  coap::MessageData message;
};

enum class PayloadKind {
  kCoap,             // parses as a CoAP datagram
  kDtls,             // a DTLS record: encrypted, cannot be replayed
  kDtlsClientHello,  // a DTLS handshake record holding a ClientHello: its sender is a client
  kOther,            // anything else (not CoAP, or malformed CoAP)
};

// What a UDP payload is, and for CoAP the message it holds, read into storage kept from payload to
// payload: each pass over a capture reads every datagram through one, so that reading a message
// allocates little. The message is parsed, not copied: its options are read as views into the
// payload (valid until the next read, like the payload itself), and an owned copy is made only when
// asked for (message(), copy_to()). DTLS is recognised from the record header (RFC 6347 §4.1:
// content type 20-25, version 0xfeff or 0xfefd) before CoAP, since a DTLS record can parse as
// CoAP by chance.
class PayloadReader {
 public:
  PayloadKind read(const uint8_t* payload, std::size_t length);
  // The message of the last payload read as kCoap, copied once when first asked for.
  const coap::MessageData& message();
  // Copies that message into `out`, reusing its storage.
  void copy_to(coap::MessageData& out) const;
  // What pairs that message with its exchange (lwm2m/exchange_matcher.h).
  const coap::MessageIds& ids() const { return ids_; }
  uint8_t code() const { return parsed_.message.code; }
  coap::Type type() const { return parsed_.message.type; }
  // How many options `number` the message has.
  std::size_t count(uint16_t number) const;
  // The values of every option `number`, in order: views into the payload, until the next call.
  const std::vector<std::string_view>& values(uint16_t number);
  // Its Uri-Path as segments (path_segments) and spelled ("/rd/5a3f", join_path): views and text
  // kept until the next read.
  const std::vector<std::string_view>& path_segments();
  const std::string& path();

 private:
  const uint8_t* payload_ = nullptr;
  coap::ParseResult parsed_;
  coap::MessageData message_;
  bool copied_ = false;
  coap::MessageIds ids_;
  std::vector<std::string_view> values_;
  std::vector<std::string_view> uri_path_values_;
  std::vector<std::string_view> segments_;
  std::string path_;
  bool have_segments_ = false;
  bool have_path_ = false;
};

// True for requests carrying an OSCORE option (RFC 8613): their real method and path are
// encrypted, so they cannot be rewritten or replayed without the security context.
bool is_oscore(const coap::MessageData& message);

// "POST /rd?ep=urn:imei:4901…&lt=60": method, path and query, printable, at most max_chars bytes
// with the "..." of a cut (shorten).
std::string describe_request(const coap::MessageData& request, std::size_t max_chars = 72);

// A Reset: it rejects a message, and its code field means nothing.
inline bool is_reset(const coap::MessageData& message) {
  return message.type == coap::Type::kReset;
}

// A response's code as reports show it: "2.01 Created", "4.04 Not Found"; "RST" for a Reset,
// whose code field means nothing.
std::string response_code_of(const coap::MessageData& response);

// "2.01 Created /rd/5a3f", "RST", "4.04 Not Found": the code and the location, for reports.
std::string describe_response(const coap::MessageData& response);

}  // namespace lwm2m::replay
