#include "lwm2m/response_code.h"

namespace lwm2m::coap {

std::string_view response_code_name(uint8_t c) {
  return is_response(c) ? code_name(c) : std::string_view();
}

std::string response_code_text(uint8_t c) {
  std::string_view name = response_code_name(c);
  if (name.empty()) return code_text(c);
  // A response's code_text is its dotted code: written with the name into one string, sized once.
  const std::string code = dotted_code(c);
  std::string text;
  text.reserve(code.size() + 1 + name.size());
  text.append(code).append(1, ' ').append(name);
  return text;
}

}  // namespace lwm2m::coap
