#include "lwm2m/response_code.h"

#include "lwm2m/coap_message.h"

namespace lwm2m::coap {

std::string_view response_code_name(uint8_t c) {
  switch (c) {
    case code(2, 1):
      return "Created";
    case code(2, 2):
      return "Deleted";
    case code(2, 3):
      return "Valid";
    case code(2, 4):
      return "Changed";
    case code(2, 5):
      return "Content";
    case code(2, 31):
      return "Continue";
    case code(4, 0):
      return "Bad Request";
    case code(4, 1):
      return "Unauthorized";
    case code(4, 2):
      return "Bad Option";
    case code(4, 3):
      return "Forbidden";
    case code(4, 4):
      return "Not Found";
    case code(4, 5):
      return "Method Not Allowed";
    case code(4, 6):
      return "Not Acceptable";
    case code(4, 8):
      return "Request Entity Incomplete";
    case code(4, 9):
      return "Conflict";
    case code(4, 12):
      return "Precondition Failed";
    case code(4, 13):
      return "Request Entity Too Large";
    case code(4, 15):
      return "Unsupported Content-Format";
    case code(4, 22):
      return "Unprocessable Entity";
    case code(4, 29):
      return "Too Many Requests";
    case code(5, 0):
      return "Internal Server Error";
    case code(5, 1):
      return "Not Implemented";
    case code(5, 2):
      return "Bad Gateway";
    case code(5, 3):
      return "Service Unavailable";
    case code(5, 4):
      return "Gateway Timeout";
    case code(5, 5):
      return "Proxying Not Supported";
    case code(5, 8):
      return "Hop Limit Reached";
    default:
      return "";
  }
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
