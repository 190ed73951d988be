#include "coap_messages.h"

namespace lwm2m::plugin {
namespace {

int g_proto_coap = -1;
int g_proto_tcp = -1;
int g_proto_tls = -1;
int g_proto_websocket = -1;

// The framing follows from the layer that carried the CoAP layer: the `nth` CoAP layer of the
// frame is preceded in pinfo->layers by UDP, DTLS, TCP, TLS or WebSocket.
coap::Framing framing_of(const packet_info* pinfo, int nth_coap_layer) {
  int previous = -1;
  int seen = 0;
  for (wmem_list_frame_t* it = wmem_list_head(pinfo->layers); it; it = wmem_list_frame_next(it)) {
    int proto = GPOINTER_TO_INT(wmem_list_frame_data(it));
    if (proto == g_proto_coap && ++seen == nth_coap_layer) break;
    previous = proto;
  }
  if (previous == g_proto_websocket) return coap::Framing::kWebSocket;
  if (previous == g_proto_tcp || previous == g_proto_tls) return coap::Framing::kStream;
  return coap::Framing::kDatagram;
}

// Two CoAP items may cover the same stream bytes: each message is taken once.
bool already_found(const std::vector<CoapMessageView>& found, const tvbuff_t* tvb, int offset) {
  for (const auto& view : found) {
    if (view.tvb == tvb && view.offset == offset) return true;
  }
  return false;
}

// CoAP's protocol items. Wireshark indexes them when the tree was primed with CoAP (the
// postdissector asks for that); a later pass that was not primed (tshark -2's second pass) still
// has them as top-level items, which are never faked.
std::vector<const field_info*> coap_items(proto_tree* tree) {
  std::vector<const field_info*> items;
  if (GPtrArray* primed = proto_get_finfo_ptr_array(tree, g_proto_coap)) {
    for (guint i = 0; i < primed->len; ++i) {
      items.push_back(static_cast<const field_info*>(g_ptr_array_index(primed, i)));
    }
    return items;
  }
  for (proto_node* node = tree->first_child; node; node = node->next) {
    if (node->finfo && node->finfo->hfinfo && node->finfo->hfinfo->id == g_proto_coap) {
      items.push_back(node->finfo);
    }
  }
  return items;
}

}  // namespace

void init_coap_lookup() {
  g_proto_coap = proto_get_id_by_filter_name("coap");
  g_proto_tcp = proto_get_id_by_filter_name("tcp");
  g_proto_tls = proto_get_id_by_filter_name("tls");
  g_proto_websocket = proto_get_id_by_filter_name("websocket");
}

int coap_protocol_id() {
  return g_proto_coap;
}

std::vector<CoapMessageView> find_coap_messages(packet_info* pinfo, proto_tree* tree) {
  std::vector<CoapMessageView> found;
  if (!tree || g_proto_coap < 0) return found;

  for (const field_info* fi : coap_items(tree)) {
    if (!fi->ds_tvb || fi->start < 0) continue;
    gint available = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    if (available <= 0) continue;
    gint length = fi->length > 0 && fi->length < available ? fi->length : available;
    const auto* bytes = tvb_get_ptr(fi->ds_tvb, fi->start, length);
    coap::Framing framing = framing_of(pinfo, fi->proto_layer_num);

    // A stream segment may carry several messages back to back; a datagram carries one.
    std::size_t consumed = 0;
    while (consumed < static_cast<std::size_t>(length)) {
      coap::ParseResult parsed = coap::parse_message(
          bytes + consumed, static_cast<std::size_t>(length) - consumed, framing);
      if (!parsed.ok || parsed.message.length == 0) break;
      int offset = fi->start + static_cast<int>(consumed);
      consumed += parsed.message.length;
      if (already_found(found, fi->ds_tvb, offset)) continue;
      CoapMessageView view;
      view.tvb = fi->ds_tvb;
      view.offset = offset;
      view.bytes = bytes + (offset - fi->start);
      view.message = std::move(parsed.message);
      view.framing = framing;
      view.index = static_cast<unsigned>(found.size());
      found.push_back(std::move(view));
      if (framing != coap::Framing::kStream) break;
    }
  }
  return found;
}

}  // namespace lwm2m::plugin
