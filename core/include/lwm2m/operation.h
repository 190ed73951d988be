// LwM2M operations recognised from a CoAP request: the TS's Table 16/17 and the seed's changes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

enum class Operation {
  kNone,  // not a registration or bootstrap operation
  kRegister,
  kUpdate,
  kDeregister,
  kBootstrapRequest,
  kBootstrapFinish,
};

// "Register", "Update", "De-register", "Bootstrap-Request", "Bootstrap-Finish"; "" for kNone.
std::string_view operation_name(Operation op);

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

}  // namespace lwm2m
