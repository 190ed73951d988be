#include "lwm2m/operation.h"

#include "lwm2m/coap_message.h"
#include "lwm2m/coap_path.h"

namespace lwm2m {

std::string_view operation_name(Operation op) {
  switch (op) {
    case Operation::kNone:
      return "";
    case Operation::kRegister:
      return "Register";
    case Operation::kUpdate:
      return "Update";
    case Operation::kDeregister:
      return "De-register";
    case Operation::kBootstrapRequest:
      return "Bootstrap-Request";
    case Operation::kBootstrapFinish:
      return "Bootstrap-Finish";
  }
  return "";
}

bool is_client_operation(Operation op) {
  return op == Operation::kRegister || op == Operation::kUpdate || op == Operation::kDeregister ||
         op == Operation::kBootstrapRequest;
}

bool has_parameters(Operation op) {
  return op == Operation::kRegister || op == Operation::kUpdate ||
         op == Operation::kBootstrapRequest;
}

bool requires_endpoint_name(Operation op) {
  return op == Operation::kRegister || op == Operation::kBootstrapRequest;
}

bool is_registration_interface(Operation op) {
  return op == Operation::kRegister || op == Operation::kUpdate || op == Operation::kDeregister;
}

bool creates_registration(Operation op, uint8_t response_code) {
  return op == Operation::kRegister && response_code == coap::kCreated;
}

bool addresses_registration(Operation op) {
  return op == Operation::kUpdate || op == Operation::kDeregister;
}

bool carries_object_links(Operation op) {
  return op == Operation::kRegister || op == Operation::kUpdate;
}

bool looks_like_registration_location(const std::vector<std::string_view>& segments) {
  return segments.size() >= 2 && segments[segments.size() - 2] == "rd";
}

bool is_lwm2m_server_port(uint16_t port) {
  return port == 5683 || port == 5684 || port == 5783 || port == 5784;
}

Sender sender_by_ports(uint16_t source_port, uint16_t destination_port) {
  const bool from_server = is_lwm2m_server_port(source_port);
  const bool to_server = is_lwm2m_server_port(destination_port);
  if (to_server && !from_server) return Sender::kClient;
  if (from_server && !to_server) return Sender::kServer;
  return Sender::kUnknown;
}

Classification classify_request(uint8_t method_code, const std::vector<std::string_view>& segments,
                                std::size_t query_count, bool known_location, Sender sender) {
  Classification result;
  const std::string_view last = segments.empty() ? std::string_view() : segments.back();
  const bool at_location = known_location || looks_like_registration_location(segments);

  if (method_code == coap::kPost && last == "rd") {
    result.operation = Operation::kRegister;
  } else if (method_code == coap::kPost && last == "bs" && query_count > 0) {
    result.operation = Operation::kBootstrapRequest;
  } else if (method_code == coap::kPost && segments.size() == 1 && last == "bs") {
    // No query: the bootstrap server ends bootstrap, unless a client sent it.
    result.operation =
        sender == Sender::kClient ? Operation::kBootstrapRequest : Operation::kBootstrapFinish;
  } else if ((method_code == coap::kPost || method_code == coap::kPut) && at_location) {
    result.operation = Operation::kUpdate;
  } else if (method_code == coap::kDelete && at_location) {
    result.operation = Operation::kDeregister;
  }
  if (addresses_registration(result.operation)) {
    result.location = join_path(segments);
  }
  return result;
}

}  // namespace lwm2m
