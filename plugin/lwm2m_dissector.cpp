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
  // Cheap for frames without CoAP: no CoAP item in the tree, nothing parsed.
  std::vector<CoapMessageView> messages = find_coap_messages(pinfo, tree);
  if (messages.empty()) return 0;

  const ConversationId conversation = conversation_of(pinfo);
  // The Info column is built only when there is a column to show it.
  std::string info;
  std::string* out = nullptr;
  if (pinfo->cinfo) {
    info.reserve(128);
    out = &info;
  }
  bool any = false;
  for (const CoapMessageView& message : messages) {
    MessageContext context{message, pinfo, tree, conversation, capture_state()};
    const std::size_t mark = info.size();
    if (any && out) info.append(" | ");
    bool lwm2m = false;
    if (coap::is_request(message.message.code)) {
      lwm2m = dissect_request(context, out);
    } else if (coap::is_response(message.message.code)) {
      lwm2m = dissect_response(context, out);
    }
    if (!lwm2m) {
      info.resize(mark);
      continue;
    }
    any = true;
  }
  if (!any) return 0;
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "LwM2M");
  if (out) {
    col_clear(pinfo->cinfo, COL_INFO);
    col_add_str(pinfo->cinfo, COL_INFO, info.c_str());
  }
  return static_cast<int>(tvb_captured_length(messages.front().tvb));
}

void forget_capture() {
  capture_state().clear();
}

}  // namespace lwm2m::plugin
