#include "lwm2m/response_code.h"

namespace lwm2m::coap {

std::string_view response_code_name(uint8_t c) {
  return is_response(c) ? code_name(c) : std::string_view();
}

std::string response_code_text(uint8_t c) {
  std::string text = code_text(c);
  std::string_view name = response_code_name(c);
  if (!name.empty()) {
    text += ' ';
    text += name;
  }
  return text;
}

}  // namespace lwm2m::coap
