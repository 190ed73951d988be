// Building the LwM2M tree for one CoAP message. The postdissector (lwm2m_dissector.cpp) calls
// these for each CoAP message of a frame.
#pragma once

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
  ConversationId conversation;
  CaptureState& state;
};

// Each returns the Info column text for the message, or "" when it is not an LwM2M
// registration or bootstrap message (then nothing was added to the tree).
std::string dissect_request(const MessageContext& context);
std::string dissect_response(const MessageContext& context);

// Adds the "Objects and Object Instances" subtree for a link-format payload at `offset` in `tvb`.
// Returns the number of object links found.
unsigned add_object_links(proto_tree* tree, packet_info* pinfo, tvbuff_t* tvb, int offset,
                          std::string_view payload);

// The token of a message as a lookup key: the token bytes, or the message ID when the token is
// empty (a piggybacked response repeats it); empty when neither can pair the message.
std::string token_key(const CoapMessageView& view);

}  // namespace lwm2m::plugin
