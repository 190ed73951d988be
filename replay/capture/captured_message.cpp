#include "capture/captured_message.h"

#include "capture/dtls_session.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"

namespace lwm2m::replay {

namespace {

constexpr uint8_t kClientHello = 1;
constexpr std::size_t kDtlsRecordHeader = 13;

}  // namespace

PayloadKind PayloadReader::read(const uint8_t* payload, std::size_t length) {
  if (looks_like_dtls(payload, length)) {
    const bool client_hello = payload[0] == kDtlsHandshake && length > kDtlsRecordHeader &&
                              payload[kDtlsRecordHeader] == kClientHello;
    return client_hello ? PayloadKind::kDtlsClientHello : PayloadKind::kDtls;
  }
  coap::parse_message(payload, length, coap::Framing::kDatagram, parsed_);
  if (!parsed_.ok) return PayloadKind::kOther;
  coap::copy_message(payload, parsed_.message, message_);
  ids_ = coap::MessageIds::of(payload, parsed_.message, coap::Framing::kDatagram);
  return PayloadKind::kCoap;
}

bool is_oscore(const coap::MessageData& message) {
  return message.find(coap::kOscore) != nullptr;
}

std::string describe_request(const coap::MessageData& request, std::size_t max_chars) {
  std::string text = coap::code_text(request.code) + " " + uri_path(request);
  char separator = '?';
  for (const coap::OptionData& option : request.options) {
    if (option.number != coap::kUriQuery) continue;
    text += separator;
    text.append(option.value.begin(), option.value.end());
    separator = '&';
  }
  return shorten(printable(text), max_chars);
}

std::string response_code_of(const coap::MessageData& response) {
  return is_reset(response) ? std::string(coap::type_text(response.type))
                            : coap::response_code_text(response.code);
}

std::string describe_response(const coap::MessageData& response) {
  std::string text = response_code_of(response);
  const std::string location = location_path(response);
  if (!location.empty()) text += " " + printable(location);
  return text;
}

}  // namespace lwm2m::replay
