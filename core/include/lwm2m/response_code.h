// CoAP response codes by name (RFC 7252 §12.1.2 and later registrations).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace lwm2m::coap {

// "Created" for 2.01, "Conflict" for 4.09; "" for a code without a registered name.
std::string_view response_code_name(uint8_t code);

// "2.01 Created"; "2.31" alone when the code has no name.
std::string response_code_text(uint8_t code);

}  // namespace lwm2m::coap
