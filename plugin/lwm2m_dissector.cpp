// The postdissector: runs after every other dissector, picks up the CoAP messages of the frame
// and adds LwM2M's view of those that are registration or bootstrap messages.
#include "lwm2m_dissector.h"

#include <string>

#include "capture_state.h"
#include "coap_messages.h"
#include "dissect.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {

int dissect_lwm2m(tvbuff_t*, packet_info* pinfo, proto_tree* tree, void*) {
  // Cheap for frames without CoAP: one lookup in the tree's table of wanted fields.
  std::vector<CoapMessageView> messages = find_coap_messages(pinfo, tree);
  if (messages.empty()) return 0;

  conversation_t* conversation = find_or_create_conversation(pinfo);
  std::string info;
  for (const CoapMessageView& message : messages) {
    MessageContext context{message, pinfo, tree, conversation->conv_index, capture_state()};
    std::string text;
    if (coap::is_request(message.message.code)) {
      text = dissect_request(context);
    } else if (coap::is_response(message.message.code)) {
      text = dissect_response(context);
    }
    if (text.empty()) continue;
    if (!info.empty()) info += " | ";
    info += text;
  }
  if (info.empty()) return 0;
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "LwM2M");
  col_clear(pinfo->cinfo, COL_INFO);
  col_add_str(pinfo->cinfo, COL_INFO, info.c_str());
  return static_cast<int>(tvb_captured_length(messages.front().tvb));
}

void forget_capture() {
  capture_state().clear();
}

}  // namespace lwm2m::plugin
