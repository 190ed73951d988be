// LwM2M operations recognised from a CoAP message: every interface's operations by the TS 1.1/1.2
// method-to-operation tables (Transport Bindings, "Operation to CoAP mapping"), and the seed's
// changes to Register, Update and Bootstrap-Request.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

// The values are lwm2m.operation.code's: scripts may depend on them, so new operations go last.
enum class Operation {
  kNone,  // not an LwM2M operation
  // Registration and bootstrap requests of a client, and the bootstrap server's Finish.
  kRegister,
  kUpdate,
  kDeregister,
  kBootstrapRequest,
  kBootstrapFinish,
  // Device Management and Service Enablement (a server to a client).
  kRead,
  kReadComposite,
  kDiscover,
  kWriteReplace,        // "Write": PUT
  kWritePartialUpdate,  // "Write": POST on an Object Instance
  kWriteComposite,
  kWriteAttributes,
  kExecute,
  kCreate,
  kDelete,
  // Information Reporting.
  kObserve,
  kObserveComposite,
  kCancelObservation,
  kCancelObservationComposite,
  kNotify,  // a client's later response to an Observe or Observe-Composite
  kSend,    // a client's POST /dp
  // Bootstrap (the bootstrap server to a bootstrapping client, and the client's Pack-Request).
  kBootstrapRead,
  kBootstrapDiscover,
  kBootstrapWrite,
  kBootstrapDelete,
  kBootstrapPackRequest,
};
constexpr Operation kLastOperation = Operation::kBootstrapPackRequest;

// The TS's names: "Register", "Update", "De-register", "Bootstrap-Request", "Bootstrap-Finish",
// "Read", "Read-Composite", "Discover", "Write" (both kinds), "Write-Composite",
// "Write-Attributes", "Execute", "Create", "Delete", "Observe", "Observe-Composite",
// "Cancel Observation", "Cancel Observation-Composite", "Notify", "Send", "Bootstrap-Read",
// "Bootstrap-Discover", "Bootstrap-Write", "Bootstrap-Delete", "Bootstrap-Pack-Request";
// "" for kNone.
std::string_view operation_name(Operation op);
// The same, with the kind of a Write: "Write (Replace)", "Write (Partial Update)".
std::string_view operation_title(Operation op);

// The interface an operation belongs to.
enum class Interface {
  kNone,
  kBootstrap,
  kRegistration,
  kDeviceManagement,  // Device Management and Service Enablement
  kInformationReporting,
};
Interface interface_of(Operation op);
// "Bootstrap", "Client Registration", "Device Management", "Information Reporting"; "".
std::string_view interface_name(Interface interface);

// The operations classify_request() finds: a client's Register, Update, De-register and
// Bootstrap-Request, and the bootstrap server's Bootstrap-Finish. The tools follow these
// (registrations, bootstraps, names); the others name the rest of a client's conversation.
bool is_registration_or_bootstrap_request(Operation op);

// Observe or Observe-Composite: later responses with its token are its Notifies.
bool starts_observation(Operation op);

// What the TS and the seed say of each operation, as the tools ask it.

// Sent by a client to its server: Register, Update, De-register, Bootstrap-Request. They make an
// address a client.
bool is_client_operation(Operation op);

// Its query carries the client's parameters (Table 3; Table 16 with the seed's Update; Table 17):
// Register, Update, Bootstrap-Request. query.h says which parameters each takes.
bool has_parameters(Operation op);

// It must name the endpoint, ep and ept (the seed's Table 3 and Table 17): Register,
// Bootstrap-Request. They are the ones a 4.09 Conflict refuses as a duplicate name.
bool requires_endpoint_name(Operation op);

// An operation of the Registration Interface: Register, Update, De-register.
bool is_registration_interface(Operation op);

// Whether a response with `response_code` to `op` creates a registration at the Location-Path it
// carries: a Register's 2.01 Created (Table 20). Any other answer creates none.
bool creates_registration(Operation op, uint8_t response_code);

// It is sent to a registration's location: Update, De-register.
bool addresses_registration(Operation op);

// Its payload lists the client's Objects and Object Instances (link-format): Register, Update.
bool carries_object_links(Operation op);

// …/rd/{id}: the shape of a registration location a server hands out.
bool looks_like_registration_location(const std::vector<std::string_view>& segments);

// The methods of a request sent to a registration's location: POST and PUT (Update), DELETE
// (De-register).
bool may_address_registration(uint8_t method_code);

// Whether knowing that the path is a location a server handed out can change what
// classify_request says of this request: a POST, PUT or DELETE to a path that does not look like
// …/rd/{id} already. Elsewhere a caller need not build the path's text to look it up.
bool location_decides(uint8_t method_code, const std::vector<std::string_view>& segments);

// Who sent a request, as far as the capture tells.
enum class Sender { kUnknown, kClient, kServer };

// The ports LwM2M servers listen on by default: 5683 and 5684 (CoAP and CoAP over DTLS, IANA),
// 5783 and 5784 (LwM2M bootstrap servers, the TS's defaults).
bool is_lwm2m_server_port(uint16_t port);

// Who sends from `source_port` to `destination_port`, when the capture shows nothing better:
// a message to a well-known server port from another port comes from a client, and the reverse
// from a server; kUnknown otherwise.
Sender sender_by_ports(uint16_t source_port, uint16_t destination_port);

struct Classification {
  Operation operation = Operation::kNone;
  // "/rd/5a3f" for Update and De-register: the registration location the request is sent to.
  std::string location;
};

// Classifies a request from its method code, path segments and number of Uri-Query options:
//  - POST …/rd                        Register (the `rd` segment may follow a path prefix)
//  - POST …/bs with a query           Bootstrap-Request
//  - POST /bs without a query         Bootstrap-Finish, which a bootstrap server sends; from a
//                                     client (`sender`) it is a Bootstrap-Request without ep/ept
//  - POST or PUT …/rd/{id}            Update (POST per the TS, PUT per the seed's Table 16)
//  - DELETE …/rd/{id}                 De-register
// `known_location` says the path is a location a server handed out in this capture, which makes
// POST/PUT/DELETE to it an Update/De-register even when it does not look like …/rd/{id}.
Classification classify_request(uint8_t method_code, const std::vector<std::string_view>& segments,
                                std::size_t query_count, bool known_location = false,
                                Sender sender = Sender::kUnknown);

// What the capture has shown about the client a request is to or from.
enum class ClientPhase {
  kUnknown,        // nothing: the Device Management names apply, unless only bootstrap fits
  kRegistered,     // it registered with the request's server
  kBootstrapping,  // it sent a Bootstrap-Request to the request's server
};

// What, besides the method and path, tells a request's operation.
struct RequestShape {
  std::size_t query_count = 0;     // Uri-Query options
  std::optional<uint32_t> accept;  // the Accept option
  std::optional<uint32_t> observe;
  bool has_payload = false;
  bool known_location = false;  // as classify_request's
  Sender sender = Sender::kUnknown;
  ClientPhase client = ClientPhase::kUnknown;
};

// Classifies any LwM2M request: first classify_request()'s operations, then
//  - from a client (not kServer): POST /dp Send; GET /bspack Bootstrap-Pack-Request
//  - nothing else from a client (kClient); the rest need an LwM2M path (object_path.h)
//  - to a bootstrapping client: GET with Accept link-format on / or /O Bootstrap-Discover, other
//    GET on /O or /O/I Bootstrap-Read, PUT on /O... Bootstrap-Write, DELETE on /, /O or /O/I
//    Bootstrap-Delete
//  - otherwise (Device Management and Information Reporting):
//    GET with Observe=0 Observe, Observe=1 Cancel Observation, Accept link-format Discover,
//    else Read; FETCH with Observe=0 Observe-Composite, Observe=1 Cancel
//    Observation-Composite, else Read-Composite; iPATCH Write-Composite; PUT with a query and
//    no payload Write-Attributes, else on /O/I... Write (Replace); POST on /O Create, on /O/I
//    Write (Partial Update), on /O/I/R Execute; DELETE on /O/I... Delete.
//    To a client whose state is unknown, what only the bootstrap server sends (GET with Accept
//    link-format on /, DELETE on / or /O) is named as Bootstrap.
// `location` is set as classify_request's.
Classification classify_operation(uint8_t method_code,
                                  const std::vector<std::string_view>& segments,
                                  const RequestShape& shape);

// What an answer to a request of operation `request` is: kNotify for a response with an Observe
// option (or an error: the observation ends, RFC 7641 §3.2) that comes after the first response
// to an Observe or Observe-Composite, paired with it by token; `request` for its response
// (`later_response` false); kNone for a later response to any other request.
Operation classify_answer(Operation request, bool later_response, bool has_observe,
                          uint8_t response_code);

// A Reset in answer to a message of operation `answered`: a Reset to a Notify cancels the
// observation (RFC 7641 §3.6); any other Reset is not an operation of its own (kNone).
Operation classify_reset(Operation answered);

}  // namespace lwm2m
