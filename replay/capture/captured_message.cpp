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
  copied_ = have_segments_ = have_path_ = false;
  if (!parsed_.ok) return PayloadKind::kOther;
  payload_ = payload;
  ids_ = coap::MessageIds::of(payload, parsed_.message, coap::Framing::kDatagram);
  return PayloadKind::kCoap;
}

const coap::MessageData& PayloadReader::message() {
  if (!copied_) {
    coap::copy_message(payload_, parsed_.message, message_);
    copied_ = true;
  }
  return message_;
}

void PayloadReader::copy_to(coap::MessageData& out) const {
  coap::copy_message(payload_, parsed_.message, out);
}

std::size_t PayloadReader::count(uint16_t number) const {
  std::size_t n = 0;
  for (const coap::Option& option : parsed_.message.options) n += option.number == number;
  return n;
}

const std::vector<std::string_view>& PayloadReader::values(uint16_t number) {
  values_.clear();
  for (const coap::Option& option : parsed_.message.options)
    if (option.number == number)
      values_.emplace_back(reinterpret_cast<const char*>(payload_ + option.offset), option.length);
  return values_;
}

const std::vector<std::string_view>& PayloadReader::path_segments() {
  if (!have_segments_) {
    uri_path_values_.clear();
    for (const coap::Option& option : parsed_.message.options)
      if (option.number == coap::kUriPath)
        uri_path_values_.emplace_back(reinterpret_cast<const char*>(payload_ + option.offset),
                                      option.length);
    lwm2m::path_segments(uri_path_values_, segments_);
    have_segments_ = true;
  }
  return segments_;
}

const std::string& PayloadReader::path() {
  if (!have_path_) {
    join_path(path_segments(), path_);
    have_path_ = true;
  }
  return path_;
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
