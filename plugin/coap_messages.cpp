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

template <class Visit>
void visit_coap_items(proto_node* node, bool recurse, Visit& visit) {
  for (proto_node* child = node->first_child; child; child = child->next) {
    const field_info* fi = child->finfo;
    if (fi && fi->hfinfo && fi->hfinfo->id == g_proto_coap) {
      visit(fi);
    } else if (recurse && child->first_child) {
      visit_coap_items(child, recurse, visit);
    }
  }
}

// Calls `visit` with each of CoAP's protocol items, in the tree's order; no list of them is made
// (this runs for every frame). Wireshark indexes them when the tree was primed with CoAP, as the
// first pass is by the postdissector's wanted fields. An unprimed tree may still have them as
// items: 4.0 and 4.4 never fake a protocol item at the top level of the tree (4.6 does).
template <class Visit>
void for_each_coap_item(proto_tree* tree, bool search_whole_tree, Visit visit) {
  if (GPtrArray* primed = proto_get_finfo_ptr_array(tree, g_proto_coap)) {
    for (guint i = 0; i < primed->len; ++i) {
      visit(static_cast<const field_info*>(g_ptr_array_index(primed, i)));
    }
    return;
  }
  visit_coap_items(tree, search_whole_tree, visit);
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

}  // namespace

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
  for_each_coap_item(tree, search_whole_tree, [&](const field_info* fi) {
    if (!fi->ds_tvb || fi->start < 0 || fi->length <= 0) return;
    // The item spans the bytes CoAP had (what was captured of them).
    const gint captured = tvb_captured_length_remaining(fi->ds_tvb, fi->start);
    const gint length = fi->length < captured ? fi->length : captured;
    if (length <= 0) return;
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
  });
  return found;
}

}  // namespace lwm2m::plugin

namespace lwm2m::plugin {
namespace {

// The position of `tvb` among the frame's data sources, or -1.
int data_source_index(const packet_info* pinfo, const tvbuff_t* tvb) {
  int index = 0;
  for (const GSList* it = pinfo->data_src; it; it = it->next, ++index) {
    if (get_data_source_tvb(static_cast<const data_source*>(it->data)) == tvb) return index;
  }
  return -1;
}

tvbuff_t* data_source_at(const packet_info* pinfo, int index) {
  const GSList* it = g_slist_nth(pinfo->data_src, static_cast<guint>(index));
  return it ? get_data_source_tvb(static_cast<const data_source*>(it->data)) : nullptr;
}

}  // namespace

void place_messages(const packet_info* pinfo, const std::vector<CoapMessageView>& messages,
                    std::vector<CoapPlace>& places) {
  places.clear();
  for (const CoapMessageView& message : messages) {
    const int source = data_source_index(pinfo, message.tvb);
    if (source < 0 || source > UINT8_MAX) {
      places.clear();
      return;
    }
    CoapPlace place;
    place.offset = message.offset;
    place.length = static_cast<int>(message.message.length);
    place.data_source = static_cast<uint8_t>(source);
    place.framing = static_cast<uint8_t>(message.framing);
    place.secured = message.secured;
    place.quoted = message.quoted;
    place.truncated = message.truncated;
    places.push_back(place);
  }
}

std::optional<std::vector<CoapMessageView>> coap_messages_at(const packet_info* pinfo,
                                                             const CoapPlace* places,
                                                             unsigned count) {
  std::vector<CoapMessageView> found;
  found.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    const CoapPlace& place = places[i];
    const auto framing = static_cast<coap::Framing>(place.framing);
    tvbuff_t* tvb = data_source_at(pinfo, place.data_source);
    if (!tvb || place.offset < 0 || place.length <= 0 ||
        tvb_captured_length_remaining(tvb, place.offset) < place.length) {
      return std::nullopt;
    }
    const auto* bytes = tvb_get_ptr(tvb, place.offset, place.length);
    coap::ParseResult parsed =
        coap::parse_message(bytes, static_cast<std::size_t>(place.length), framing);
    if (!parsed.ok || parsed.message.length != static_cast<std::size_t>(place.length)) {
      return std::nullopt;
    }
    CoapMessageView view;
    view.tvb = tvb;
    view.offset = place.offset;
    view.bytes = bytes;
    view.message = std::move(parsed.message);
    view.framing = framing;
    view.secured = place.secured;
    view.quoted = place.quoted;
    view.truncated = place.truncated;
    view.ids = coap::MessageIds::of(view.bytes, view.message, view.framing);
    view.index = i;
    found.push_back(std::move(view));
  }
  return found;
}

}  // namespace lwm2m::plugin
