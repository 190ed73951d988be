#include "lwm2m/operation.h"

#include "lwm2m/coap_code.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"
#include "lwm2m/object_path.h"

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
    case Operation::kRead:
      return "Read";
    case Operation::kReadComposite:
      return "Read-Composite";
    case Operation::kDiscover:
      return "Discover";
    case Operation::kWriteReplace:
    case Operation::kWritePartialUpdate:
      return "Write";
    case Operation::kWriteComposite:
      return "Write-Composite";
    case Operation::kWriteAttributes:
      return "Write-Attributes";
    case Operation::kExecute:
      return "Execute";
    case Operation::kCreate:
      return "Create";
    case Operation::kDelete:
      return "Delete";
    case Operation::kObserve:
      return "Observe";
    case Operation::kObserveComposite:
      return "Observe-Composite";
    case Operation::kCancelObservation:
      return "Cancel Observation";
    case Operation::kCancelObservationComposite:
      return "Cancel Observation-Composite";
    case Operation::kNotify:
      return "Notify";
    case Operation::kSend:
      return "Send";
    case Operation::kBootstrapRead:
      return "Bootstrap-Read";
    case Operation::kBootstrapDiscover:
      return "Bootstrap-Discover";
    case Operation::kBootstrapWrite:
      return "Bootstrap-Write";
    case Operation::kBootstrapDelete:
      return "Bootstrap-Delete";
    case Operation::kBootstrapPackRequest:
      return "Bootstrap-Pack-Request";
  }
  return "";
}

std::string_view operation_title(Operation op) {
  if (op == Operation::kWriteReplace) return "Write (Replace)";
  if (op == Operation::kWritePartialUpdate) return "Write (Partial Update)";
  return operation_name(op);
}

Interface interface_of(Operation op) {
  switch (op) {
    case Operation::kNone:
      return Interface::kNone;
    case Operation::kRegister:
    case Operation::kUpdate:
    case Operation::kDeregister:
      return Interface::kRegistration;
    case Operation::kBootstrapRequest:
    case Operation::kBootstrapFinish:
    case Operation::kBootstrapRead:
    case Operation::kBootstrapDiscover:
    case Operation::kBootstrapWrite:
    case Operation::kBootstrapDelete:
    case Operation::kBootstrapPackRequest:
      return Interface::kBootstrap;
    case Operation::kRead:
    case Operation::kReadComposite:
    case Operation::kDiscover:
    case Operation::kWriteReplace:
    case Operation::kWritePartialUpdate:
    case Operation::kWriteComposite:
    case Operation::kWriteAttributes:
    case Operation::kExecute:
    case Operation::kCreate:
    case Operation::kDelete:
      return Interface::kDeviceManagement;
    case Operation::kObserve:
    case Operation::kObserveComposite:
    case Operation::kCancelObservation:
    case Operation::kCancelObservationComposite:
    case Operation::kNotify:
    case Operation::kSend:
      return Interface::kInformationReporting;
  }
  return Interface::kNone;
}

std::string_view interface_name(Interface interface) {
  switch (interface) {
    case Interface::kNone:
      return "";
    case Interface::kBootstrap:
      return "Bootstrap";
    case Interface::kRegistration:
      return "Client Registration";
    case Interface::kDeviceManagement:
      return "Device Management";
    case Interface::kInformationReporting:
      return "Information Reporting";
  }
  return "";
}

bool is_registration_or_bootstrap_request(Operation op) {
  return op == Operation::kRegister || op == Operation::kUpdate || op == Operation::kDeregister ||
         op == Operation::kBootstrapRequest || op == Operation::kBootstrapFinish;
}

bool starts_observation(Operation op) {
  return op == Operation::kObserve || op == Operation::kObserveComposite;
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

bool may_address_registration(uint8_t method_code) {
  return method_code == coap::kPost || method_code == coap::kPut || method_code == coap::kDelete;
}

bool location_decides(uint8_t method_code, const std::vector<std::string_view>& segments) {
  return may_address_registration(method_code) && !looks_like_registration_location(segments);
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

namespace {

bool is_single(const std::vector<std::string_view>& segments, std::string_view name) {
  return segments.size() == 1 && segments.front() == name;
}

// The bootstrap server's requests to a bootstrapping client (TS 1.1 Table 6.4.2-1 and 1.2's).
Operation bootstrap_operation(uint8_t method, const ObjectPath& path, bool link_format) {
  switch (method) {
    case coap::kGet:
      if (link_format) return path.depth <= 1 ? Operation::kBootstrapDiscover : Operation::kNone;
      return path.depth == 1 || path.depth == 2 ? Operation::kBootstrapRead : Operation::kNone;
    case coap::kPut:
      return path.depth >= 1 && path.depth <= 3 ? Operation::kBootstrapWrite : Operation::kNone;
    case coap::kDelete:
      return path.depth <= 2 ? Operation::kBootstrapDelete : Operation::kNone;
    default:
      return Operation::kNone;
  }
}

// A server's requests to a client (TS 1.1 Table 6.4.3-1, Device Management and Service
// Enablement; Table 6.4.4-1, Information Reporting).
Operation device_management_operation(uint8_t method, const ObjectPath& path,
                                      const RequestShape& shape) {
  const bool link_format = shape.accept && *shape.accept == coap::kLinkFormat;
  switch (method) {
    case coap::kGet:
      if (shape.observe) {
        if (path.depth == 0) return Operation::kNone;
        if (*shape.observe == 0) return Operation::kObserve;
        if (*shape.observe == 1) return Operation::kCancelObservation;
        return Operation::kNone;
      }
      if (link_format) {
        if (path.depth >= 1 && path.depth <= 3) return Operation::kDiscover;
        // Discover on the root is the bootstrap server's alone.
        return shape.client == ClientPhase::kUnknown && path.depth == 0
                   ? Operation::kBootstrapDiscover
                   : Operation::kNone;
      }
      return path.depth >= 1 ? Operation::kRead : Operation::kNone;
    case coap::kFetch:
      if (!shape.observe) return Operation::kReadComposite;
      if (*shape.observe == 0) return Operation::kObserveComposite;
      if (*shape.observe == 1) return Operation::kCancelObservationComposite;
      return Operation::kNone;
    case coap::kIpatch:
      return Operation::kWriteComposite;
    case coap::kPut:
      if (shape.query_count > 0 && !shape.has_payload && path.depth >= 1)
        return Operation::kWriteAttributes;
      return path.depth >= 2 ? Operation::kWriteReplace : Operation::kNone;
    case coap::kPost:
      switch (path.depth) {
        case 1:
          return Operation::kCreate;
        case 2:
          return Operation::kWritePartialUpdate;
        case 3:
          return Operation::kExecute;
        default:
          return Operation::kNone;
      }
    case coap::kDelete:
      if (path.depth >= 2) return Operation::kDelete;
      // Deleting the root or a whole Object is the bootstrap server's alone.
      return shape.client == ClientPhase::kUnknown ? Operation::kBootstrapDelete : Operation::kNone;
    default:
      return Operation::kNone;
  }
}

}  // namespace

Classification classify_operation(uint8_t method_code,
                                  const std::vector<std::string_view>& segments,
                                  const RequestShape& shape) {
  Classification result = classify_request(method_code, segments, shape.query_count,
                                           shape.known_location, shape.sender);
  if (result.operation != Operation::kNone) return result;
  if (shape.sender != Sender::kServer) {
    if (method_code == coap::kPost && is_single(segments, "dp")) {
      result.operation = Operation::kSend;
      return result;
    }
    if (method_code == coap::kGet && is_single(segments, "bspack")) {
      result.operation = Operation::kBootstrapPackRequest;
      return result;
    }
  }
  if (shape.sender == Sender::kClient) return result;
  const std::optional<ObjectPath> path = parse_object_path(segments);
  if (!path) return result;
  if (shape.client == ClientPhase::kBootstrapping) {
    const bool link_format = shape.accept && *shape.accept == coap::kLinkFormat;
    result.operation = bootstrap_operation(method_code, *path, link_format);
  } else {
    result.operation = device_management_operation(method_code, *path, shape);
  }
  return result;
}

Operation classify_answer(Operation request, bool later_response, bool has_observe,
                          uint8_t response_code) {
  if (!later_response) return request;
  if (!starts_observation(request)) return Operation::kNone;
  if (has_observe || coap::code_class(response_code) != 2) return Operation::kNotify;
  return Operation::kNone;
}

Operation classify_reset(Operation answered) {
  return answered == Operation::kNotify ? Operation::kCancelObservation : Operation::kNone;
}

}  // namespace lwm2m
