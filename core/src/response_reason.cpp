#include "lwm2m/response_reason.h"

#include "lwm2m/coap_code.h"

namespace lwm2m {

std::string_view response_outcome(uint8_t c) {
  if (c == coap::kContinue) return "continue";
  return coap::code_class(c) == 2 ? "success" : "failure";
}

std::string_view response_reason(Operation operation, uint8_t c) {
  switch (operation) {
    case Operation::kRegister:  // the seed's Table 20; 4.03 from the TS
      if (c == coap::kCreated) return "Register operation is completed successfully";
      if (c == coap::kBadRequest) {
        return "The mandatory parameter is not specified or unknown parameter is specified, or "
               "Unknown Endpoint Client Name and Endpoint Client Type";
      }
      if (c == coap::kForbidden) {
        return "The Endpoint Client Name registration in the LWM2M Server is not allowed";
      }
      if (c == coap::kConflict) {
        return "The Endpoint Client Type and Endpoint Client Name result in a duplicate entry on "
               "the LWM2M Server";
      }
      return "";
    case Operation::kBootstrapRequest:  // the seed's Table 20
      if (c == coap::kChanged) return "Request Bootstrap is completed successfully";
      if (c == coap::kBadRequest) return "Unknown Endpoint Client Name and Endpoint Client Type";
      return "";
    case Operation::kUpdate:  // the TS's Table 20
      if (c == coap::kChanged) return "Update operation is completed successfully";
      if (c == coap::kBadRequest) {
        return "The mandatory parameter is not specified or unknown parameter is specified";
      }
      if (c == coap::kNotFound) return "URI of \"Update\" operation is not found";
      return "";
    case Operation::kDeregister:  // the TS's Table 20
      if (c == coap::kDeleted) return "De-register operation is completed successfully";
      if (c == coap::kNotFound) return "URI of \"De-register\" operation is not found";
      return "";
    default:  // Bootstrap-Finish and the operations of a client's conversation
      return "";
  }
  return "";
}

}  // namespace lwm2m
