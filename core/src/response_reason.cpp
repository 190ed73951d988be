#include "lwm2m/response_reason.h"

#include "lwm2m/coap_message.h"

namespace lwm2m {

using coap::code;

std::string_view response_outcome(uint8_t c) {
  if (c == code(2, 31)) return "continue";
  return coap::code_class(c) == 2 ? "success" : "failure";
}

std::string_view response_reason(Operation operation, uint8_t c) {
  switch (operation) {
    case Operation::kRegister:  // the seed's Table 20; 4.03 from the TS
      if (c == code(2, 1)) return "Register operation is completed successfully";
      if (c == code(4, 0)) {
        return "The mandatory parameter is not specified or unknown parameter is specified, or "
               "Unknown Endpoint Client Name and Endpoint Client Type";
      }
      if (c == code(4, 3)) {
        return "The Endpoint Client Name registration in the LWM2M Server is not allowed";
      }
      if (c == code(4, 9)) {
        return "The Endpoint Client Type and Endpoint Client Name result in a duplicate entry on "
               "the LWM2M Server";
      }
      return "";
    case Operation::kBootstrapRequest:  // the seed's Table 20
      if (c == code(2, 4)) return "Request Bootstrap is completed successfully";
      if (c == code(4, 0)) return "Unknown Endpoint Client Name and Endpoint Client Type";
      return "";
    case Operation::kUpdate:  // the TS's Table 20
      if (c == code(2, 4)) return "Update operation is completed successfully";
      if (c == code(4, 0)) {
        return "The mandatory parameter is not specified or unknown parameter is specified";
      }
      if (c == code(4, 4)) return "URI of \"Update\" operation is not found";
      return "";
    case Operation::kDeregister:  // the TS's Table 20
      if (c == code(2, 2)) return "De-register operation is completed successfully";
      if (c == code(4, 4)) return "URI of \"De-register\" operation is not found";
      return "";
    case Operation::kBootstrapFinish:
    case Operation::kNone:
      return "";
  }
  return "";
}

}  // namespace lwm2m
