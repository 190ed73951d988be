#include "coap_messages.h"

#include <array>
#include <utility>

namespace lwm2m::plugin {
namespace {

int g_proto_coap = -1;
int g_proto_tcp = -1;
int g_proto_tls = -1;
int g_proto_websocket = -1;
int g_proto_dtls = -1;
int g_proto_icmp = -1;
int g_proto_icmpv6 = -1;

struct Carrier {
  coap::Framing framing = coap::Framing::kDatagram;
  bool secured = false;  // a DTLS or TLS layer lies below
  bool quoted = false;   // an ICMP or ICMPv6 layer lies below: the datagram an error quotes
};

// The framing follows from the layer that carried the CoAP layer: the `nth` CoAP layer of the
// frame is preceded in pinfo->layers by UDP, DTLS, TCP, TLS or WebSocket. When one segment
// carries several messages the layers read tcp:coap:coap, so CoAP layers are skipped.
Carrier carrier_of(const packet_info* pinfo, int nth_coap_layer) {
  int carrier = -1;
  int seen = 0;
  bool secured = false;
  bool quoted = false;
  for (wmem_list_frame_t* it = wmem_list_head(pinfo->layers); it; it = wmem_list_frame_next(it)) {
    int proto = GPOINTER_TO_INT(wmem_list_frame_data(it));
    if (proto == g_proto_coap) {
      if (++seen == nth_coap_layer) break;
      continue;
    }
    carrier = proto;
    if (proto == g_proto_tls || proto == g_proto_dtls) secured = true;
    if (proto == g_proto_icmp || proto == g_proto_icmpv6) quoted = true;
  }
  if (carrier == g_proto_websocket) return {coap::Framing::kWebSocket, secured, quoted};
  if (carrier == g_proto_tcp || carrier == g_proto_tls) {
    return {coap::Framing::kStream, secured, quoted};
  }
  return {coap::Framing::kDatagram, secured, quoted};
}

void collect_coap_items(proto_node* node, bool recurse, std::vector<const field_info*>& items) {
  for (proto_node* child = node->first_child; child; child = child->next) {
    const field_info* fi = child->finfo;
    if (fi && fi->hfinfo && fi->hfinfo->id == g_proto_coap) {
      items.push_back(fi);
    } else if (recurse && child->first_child) {
      collect_coap_items(child, recurse, items);
    }
  }
}

// CoAP's protocol items. Wireshark indexes them when the tree was primed with CoAP: on the first
// pass the postdissector's wanted fields do that, on the passes run with taps (tshark's single
// pass and -2's second pass, filtering in the GUI) the listener of keep_coap_items(). A pass
// primed by neither (the GUI's packet list) may still have them as items: 4.0 and 4.4 never fake
// a protocol item at the top level of the tree.
std::vector<const field_info*> coap_items(proto_tree* tree, bool search_whole_tree) {
  std::vector<const field_info*> items;
  if (GPtrArray* primed = proto_get_finfo_ptr_array(tree, g_proto_coap)) {
    for (guint i = 0; i < primed->len; ++i) {
      items.push_back(static_cast<const field_info*>(g_ptr_array_index(primed, i)));
    }
    return items;
  }
  collect_coap_items(tree, search_whole_tree, items);
  return items;
}

// How far each data source has been read: one segment can hold several messages, and two CoAP
// items can cover the same bytes. A frame has few data sources (the frame, a decrypted or
// reassembled buffer or two): a small fixed table, no allocation.
class ReadPositions {
 public:
  int& of(const tvbuff_t* tvb) {
    for (std::size_t i = 0; i < used_; ++i) {
      if (entries_[i].tvb == tvb) return entries_[i].end;
    }
    if (used_ == entries_.size()) return overflow_ = 0;  // unusual: no memory of earlier reads
    entries_[used_] = {tvb, 0};
    return entries_[used_++].end;
  }

 private:
  struct Entry {
    const tvbuff_t* tvb = nullptr;
    int end = 0;
  };
  std::array<Entry, 8> entries_{};
  std::size_t used_ = 0;
  int overflow_ = 0;
};

tap_packet_status keep_nothing(void*, packet_info*, epan_dissect_t*, const void*, tap_flags_t) {
  return TAP_PACKET_DONT_REDRAW;
}

}  // namespace

void keep_coap_items() {
  // A listener's filter is primed into every pass run with taps (tap_build_interesting()), so
  // CoAP's protocol item is kept there. Without it, 4.6 fakes the item on tshark -2's second
  // pass (proto.c, TRY_TO_FAKE_THIS_ITEM: an unreferenced FT_PROTOCOL below a hidden item), and
  // the postdissector finds no CoAP. It listens to LwM2M's own tap, which is queued only for
  // LwM2M messages, so the filter is rarely run; as a dissector helper it asks for no dissection
  // tshark would not do anyway.
  static int listener;
  GString* error = register_tap_listener("lwm2m", &listener, "coap", TL_IS_DISSECTOR_HELPER,
                                         nullptr, keep_nothing, nullptr, nullptr);
  if (error) {
    ws_warning("lwm2m: CoAP may be missed on later passes: %s", error->str);
    g_string_free(error, TRUE);
  }
}

void init_coap_lookup() {
  g_proto_coap = proto_get_id_by_filter_name("coap");
  g_proto_tcp = proto_get_id_by_filter_name("tcp");
  g_proto_tls = proto_get_id_by_filter_name("tls");
  g_proto_websocket = proto_get_id_by_filter_name("websocket");
  g_proto_dtls = proto_get_id_by_filter_name("dtls");
  g_proto_icmp = proto_get_id_by_filter_name("icmp");
  g_proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
}

int coap_protocol_id() {
  return g_proto_coap;
}

std::vector<CoapMessageView> find_coap_messages(packet_info* pinfo, proto_tree* tree,
                                                bool search_whole_tree) {
  std::vector<CoapMessageView> found;
  if (!tree || g_proto_coap < 0) return found;

  ReadPositions reads;
  for (const field_info* fi : coap_items(tree, search_whole_tree)) {
    if (!fi->ds_tvb || fi->start < 0 || fi->length <= 0) continue;
    // The item spans the bytes CoAP had (what was captured of them).
    const gint captured = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    const gint length = fi->length < captured ? fi->length : captured;
    if (length <= 0) continue;
    const bool cut_by_capture =
        fi->start + length == static_cast<gint>(tvb_captured_length(fi->ds_tvb)) &&
        tvb_captured_length(fi->ds_tvb) < tvb_reported_length(fi->ds_tvb);
    const auto* item_bytes = tvb_get_ptr(fi->ds_tvb, fi->start, length);
    const Carrier carrier = carrier_of(pinfo, fi->proto_layer_num);
    const coap::Framing framing = carrier.framing;
    int& read_end = reads.of(fi->ds_tvb);

    // A stream segment may carry several messages back to back; a datagram carries one.
    int offset = fi->start;
    while (offset < fi->start + length && found.size() < kMaxMessagesPerFrame) {
      const std::size_t left = static_cast<std::size_t>(fi->start + length - offset);
      coap::ParseResult parsed =
          coap::parse_message(item_bytes + (offset - fi->start), left, framing);
      if (!parsed.ok || parsed.message.length == 0) break;
      const int message_offset = offset;
      offset += static_cast<int>(parsed.message.length);
      if (message_offset < read_end) continue;  // already taken from an earlier item
      read_end = offset;
      CoapMessageView view;
      view.tvb = fi->ds_tvb;
      view.offset = message_offset;
      view.bytes = item_bytes + (message_offset - fi->start);
      view.message = std::move(parsed.message);
      view.framing = framing;
      view.secured = carrier.secured;
      view.quoted = carrier.quoted;
      view.ids = coap::MessageIds::of(view.bytes, view.message, framing);
      view.truncated = cut_by_capture && offset == fi->start + length;
      view.index = static_cast<unsigned>(found.size());
      found.push_back(std::move(view));
      if (framing != coap::Framing::kStream) break;
    }
  }
  return found;
}

}  // namespace lwm2m::plugin
