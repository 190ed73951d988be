// The postdissector: runs after every other dissector, picks up the CoAP messages of the frame
// and adds LwM2M's view of those that are registration or bootstrap messages, and of the client
// certificate a (D)TLS handshake carries.
#include "lwm2m_dissector.h"

#include <exception>
#include <optional>
#include <string>

#include "capture_state.h"
#include "coap_messages.h"
#include "column_fields.h"
#include "dissect.h"
#include "expert_items.h"
#include "lwm2m_protocol.h"
#include "lwm2m_stats.h"
#include "output_demand.h"

namespace lwm2m::plugin {
namespace {

// The most tree items one frame's LwM2M view can add (parameters and links are capped). Wireshark
// throws when a tree grows past gui.max_tree_items, and an exception must never unwind through
// this C++ code: with less room than this left, the items are not added.
constexpr guint kMostItemsPerFrame = 4 * 4096;

bool room_for_items(proto_tree* tree) {
  const guint used = PTREE_DATA(tree)->count;
  const auto limit = static_cast<guint>(::prefs.gui_max_tree_items);
  return used < limit && limit - used > kMostItemsPerFrame;
}

// Replaces CoAP's columns with LwM2M's, or (`appends`: a TLS handshake frame) adds to the Info
// column of the protocol that owns the frame.
void set_columns(packet_info* pinfo, const char* info, bool appends) {
  if (appends) {
    col_append_str(pinfo->cinfo, COL_INFO, info);
    return;
  }
  col_set_str(pinfo->cinfo, COL_PROTOCOL, "LwM2M");
  // TCP fences the Info column between the PDUs of a segment; LwM2M's text replaces it all.
  col_clear_fence(pinfo->cinfo, COL_INFO);
  col_clear(pinfo->cinfo, COL_INFO);
  col_add_str(pinfo->cinfo, COL_INFO, info);
}

struct FrameView {
  std::vector<const MessageRecord*> records;  // the frame's LwM2M messages, quoted copies too
  std::size_t quoted = 0;                     // of them, copies an ICMP error quotes
  bool handshake = false;  // the frame shows a client certificate or the server's refusal
  bool any() const { return handshake || !records.empty(); }
  // LwM2M messages' text replaces CoAP's Info; a handshake's or an ICMP error's follows the Info
  // of the protocol that owns the frame.
  bool info_appends() const { return records.size() == quoted; }
};

// The frame's CoAP messages: on later passes where the first pass found them (`stored`), unless
// the frame's data no longer fits; then, and on the first pass, through CoAP's tree items.
std::vector<CoapMessageView> frame_messages(packet_info* pinfo, proto_tree* tree,
                                            const FrameSummary* stored) {
  if (stored && stored->places()) {
    if (auto messages = coap_messages_at(pinfo, stored->places(), stored->place_count)) {
      return std::move(*messages);
    }
  }
  return find_coap_messages(pinfo, tree, stored != nullptr);
}

// Adds the LwM2M view of the frame's messages and handshake. On the first pass `info` receives
// the Info text; later passes pass what the first stored (`stored`).
FrameView dissect_frame(packet_info* pinfo, tvbuff_t* tvb, proto_tree* tree,
                        const FrameSummary* stored, std::string& info) {
  const bool first_pass = stored == nullptr;
  FrameView frame;
  std::vector<CoapMessageView> messages = frame_messages(pinfo, tree, stored);
  const FrameConversation conversation(pinfo);
  CaptureState& state = capture_state();
  // LwM2M's items go only where someone will see them; nobody would on tshark's plain passes,
  // where Wireshark fakes each item, but preparing them is most of the plugin's work there.
  const bool items_wanted = lwm2m_items_wanted(tree);
  proto_tree* lwm2m_tree = items_wanted && room_for_items(tree) ? tree : nullptr;
  // The Info text is made on the first pass only, and kept: later passes show the same. It is
  // needed when there is a column, or when a later pass may come without a tree: tshark -2's
  // first pass has neither columns nor a visible tree. A visible tree without columns is
  // tshark's single pass with -T fields/-V, which no later pass follows.
  const bool info_wanted = pinfo->cinfo != nullptr || !PTREE_DATA(tree)->visible;
  std::string* out = first_pass && info_wanted ? &info : nullptr;
  // The first pass keeps the frame's expert items for later passes without a tree. Any pass
  // without LwM2M items reports them at the frame's end, as replay_experts does.
  std::optional<ExpertCollector> experts;
  if (first_pass || !items_wanted) experts.emplace(!items_wanted);
  // The handshake first: CoAP later in the frame is in the session it makes. Its text, and that
  // of quoted copies, follows the frame's own Info.
  std::string appended_info;
  frame.handshake = dissect_handshake(pinfo, tree, lwm2m_tree, tvb, conversation, state,
                                      out ? &appended_info : nullptr);
  bool info_started = false;
  for (const CoapMessageView& message : messages) {
    if (message.quoted) {
      // dissect_quoted reads the ICMP error from the frame's whole tree.
      MessageContext context{message, pinfo, first_pass ? tree : lwm2m_tree, conversation, state};
      if (const MessageRecord* record = dissect_quoted(context, out ? &appended_info : nullptr)) {
        frame.records.push_back(record);
        ++frame.quoted;
      }
      continue;
    }
    if (first_pass && message.secured) note_secured_message(conversation.id(), state);
    MessageContext context{message, pinfo, lwm2m_tree, conversation, state};
    const std::size_t mark = info.size();
    if (info_started && out) info.append(" | ");
    const std::size_t start = info.size();
    const MessageRecord* record = nullptr;
    const coap::MessageRole role = coap::role_of(message.ids);
    switch (role) {
      case coap::MessageRole::kRequest:
        record = dissect_request(context, out);
        break;
      case coap::MessageRole::kAnswer:  // a response, an empty ACK, a Reset
        record = dissect_response(context, out);
        break;
      case coap::MessageRole::kOther:
        break;
    }
    if (!record) {
      info.resize(start);
      // Any other message of a known client; it names a request's operation in `out`.
      record = dissect_conversation(context, role, out);
    }
    if (info.size() == start) {
      info.resize(mark);
    } else {
      info_started = true;
    }
    if (!record) continue;
    if (first_pass) state.add_sent(pinfo, message.ids, record);
    frame.records.push_back(record);
  }
  info.append(appended_info);
  if (experts) experts->report_held(pinfo);
  if (frame.any() && first_pass) {
    std::vector<CoapPlace> places;
    place_messages(pinfo, messages, places);
    CaptureState::set_summary(pinfo, info, frame.info_appends(), frame.records, experts->items(),
                              places);
  }
  return frame;
}

void tap_messages(packet_info* pinfo, const FrameSummary& summary) {
  for (unsigned i = 0; i < summary.count; ++i) tap_message(pinfo, summary.messages()[i]);
}

}  // namespace

int dissect_lwm2m(tvbuff_t* tvb, packet_info* pinfo, proto_tree* tree, void*) {
  forget_expert_collector();
  const bool first_pass = !PINFO_FD_VISITED(pinfo);
  if (first_pass) capture_state().advance_clock(pinfo);
  const FrameSummary* stored = nullptr;
  if (!first_pass) {
    // Later passes only revisit frames the first pass found LwM2M in; without a tree (tshark -2,
    // the GUI's packet list, a statistics pass) what the first pass stored is all there is.
    stored = CaptureState::summary(pinfo);
    if (!stored) return 0;
    if (!tree) {
      const std::string info = stored->info();
      if (!info.empty()) set_columns(pinfo, info.c_str(), stored->info_appends);
      replay_experts(pinfo, *stored);
      tap_messages(pinfo, *stored);
      return 0;
    }
  }
  if (!tree) return 0;
  try {
    std::string info;
    const FrameView frame = dissect_frame(pinfo, tvb, tree, stored, info);
    if (!frame.any()) return 0;
    if (!first_pass) info = stored->info();
    const bool appends = first_pass ? frame.info_appends() : stored->info_appends;
    if (!info.empty()) {
      set_columns(pinfo, info.c_str(), appends);
      refresh_column_fields(pinfo, tree);  // 4.2+: _ws.col.* were taken before this ran
    }
    for (const MessageRecord* record : frame.records) tap_message(pinfo, record);
  } catch (const std::exception&) {
    // Only allocation can fail here; the frame is left as the CoAP dissector made it.
    return 0;
  }
  return 0;
}

void forget_capture() {
  capture_state().clear();
}

}  // namespace lwm2m::plugin
