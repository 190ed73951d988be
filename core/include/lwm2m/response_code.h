// CoAP response codes by name (the response codes of coap_code.h's table).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "lwm2m/coap_code.h"

namespace lwm2m::coap {

// "Created" for 2.01, "Conflict" for 4.09; "" for a code that is not a response or has no
// registered name.
std::string_view response_code_name(uint8_t code);

// "2.01 Created"; "2.31" alone when the code has no name.
std::string response_code_text(uint8_t code);

}  // namespace lwm2m::coap
