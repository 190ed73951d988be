// Building the LwM2M tree for one CoAP message. The postdissector (lwm2m_dissector.cpp) calls
// these for each CoAP message of a frame.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "capture_state.h"
#include "coap_messages.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

struct MessageContext {
  const CoapMessageView& message;
  packet_info* pinfo;
  proto_tree* tree;
  const FrameConversation& conversation;
  CaptureState& state;
};

// Each adds the LwM2M subtree of a registration or bootstrap message and returns its record;
// returns null, adding nothing, for any other message. `info`, when not null, receives the Info
// column text. dissect_response takes every message that is not a request: a response, an empty
// ACK, a Reset (which answers a request it rejects).
const MessageRecord* dissect_request(const MessageContext& context, std::string* info);
const MessageRecord* dissect_response(const MessageContext& context, std::string* info);

// Any other CoAP message to or from a client the capture shows registered or bootstrapping: the
// operation of a request (core's classify_operation) with its path and, for Write-Attributes,
// its attributes; its name and type, and the registration or Bootstrap-Request they come from.
// Returns null, adding nothing, for a message of no known client. On the first pass it opens the
// exchange of every request dissect_request did not take. `info` receives the Info text of a
// request it names; the Info column of the rest stays CoAP's.
const MessageRecord* dissect_conversation(const MessageContext& context, coap::MessageRole role,
                                          std::string* info);

// The LwM2M path of `record` (a response's, a Notify's: their request's) as generated
// lwm2m.path.object, .instance, .resource and .resource_instance.
void add_object_path(proto_tree* tree, const CoapMessageView& view, const MessageRecord& record);

// A CoAP message an ICMP or ICMPv6 error quotes (dissect_quoted.cpp): what it was, and that its
// original was not delivered. Returns null, adding nothing, when the capture does not have the
// original (an LwM2M message of the last EXCHANGE_LIFETIME). `info` receives text to append to
// the ICMP error's Info column.
const MessageRecord* dissect_quoted(const MessageContext& context, std::string* info);
// On a message an ICMP error quotes later in the capture (a pass after the first): where, and
// what the error says.
void add_undelivered(packet_info* pinfo, proto_tree* tree, proto_item* root, tvbuff_t* tvb,
                     const MessageRecord& record);

// The operation as lwm2m.operation (text) and lwm2m.operation.code (its number), generated.
void add_operation(proto_tree* tree, tvbuff_t* tvb, Operation operation);

// The name and type `record` is about, as generated lwm2m.ep and lwm2m.ept (when it has them).
void add_generated_name(proto_tree* tree, tvbuff_t* tvb, const MessageRecord& record);

// Seed Change 7, the client certificate (dissect_certificate.cpp).
// The LwM2M view of a frame's DTLS/TLS handshake: its client certificate, or the server's alert
// that refused one. On the first pass it also follows the session (who is the client, its
// certificate). Returns whether it added anything; `info`, when not null, receives text to
// append to the Info column.
// `tree` is the frame's tree, read; `into` the tree the items go to (null: none, no room left).
bool dissect_handshake(packet_info* pinfo, proto_tree* tree, proto_tree* into, tvbuff_t* tvb,
                       const FrameConversation& conversation, CaptureState& state,
                       std::string* info);
// First pass: a CoAP message went through the conversation's (D)TLS session.
void note_secured_message(ConversationId conversation, CaptureState& state);
// First pass: a Register's or Bootstrap-Request's certificate check, in `record`.
void check_request_certificate(const CoapMessageView& view, const FrameConversation& conversation,
                               CaptureState& state, MessageRecord& record);
// The certificate check of a request, and what the server's answer to it says of the server.
void add_request_certificate(packet_info* pinfo, proto_tree* tree, tvbuff_t* tvb,
                             const MessageRecord& record, std::string* info);
void add_answer_certificate(packet_info* pinfo, proto_tree* tree, proto_item* root, tvbuff_t* tvb,
                            const MessageRecord& record, std::string* info);

// Adds the "Objects and Object Instances" subtree for a link-format payload at `offset` in `tvb`.
void add_object_links(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, int offset,
                      std::string_view payload);

}  // namespace lwm2m::plugin
