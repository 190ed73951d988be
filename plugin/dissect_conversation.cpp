// Every other message of a registered or bootstrapping client's conversation (the server's Read,
// Write, Execute, Observe, their answers, Notifies; the bootstrap server's Discover, Write,
// Delete): the name and type of the client it is to or from, so that `lwm2m.ep == "…"` shows one
// device's whole conversation.
#include <string>

#include "dissect.h"
#include "lwm2m/printable.h"
#include "lwm2m/registrations.h"
#include "lwm2m_protocol.h"
#include "name_text.h"
#include "output_demand.h"

namespace lwm2m::plugin {
namespace {

// First pass only: the client the message is to or from, if the capture knows it by now.
const MessageRecord* remember(const MessageContext& context, bool is_response) {
  packet_info* pinfo = context.pinfo;
  CaptureState& state = context.state;
  const EndpointId source = source_of(pinfo);
  const EndpointId destination = destination_of(pinfo);
  const double time = state.now_seconds();
  const RegistrationBook& book = state.registrations();
  const Registration* registration = book.of_client(source, destination, time);
  if (!registration) registration = book.of_client(destination, source, time);
  const MessageRecord* named = registration ? state.registration_name(*registration) : nullptr;
  const MessageRecord* bootstrap = nullptr;
  if (!named) {
    bootstrap = state.bootstrap_of(destination, source);
    if (!bootstrap) bootstrap = state.bootstrap_of(source, destination);
    named = bootstrap;
  }
  if (!named || !named->ep) return nullptr;

  MessageRecord& record = *CaptureState::add(pinfo, context.message.index);
  record.is_response = is_response;
  record.take_name_of(*named);
  record.registration = bootstrap ? nullptr : registration;
  record.registration_name = bootstrap ? nullptr : named;
  record.bootstrap = bootstrap;
  return &record;
}

}  // namespace

const MessageRecord* dissect_conversation(const MessageContext& context, bool is_response) {
  const MessageRecord* record = nullptr;
  if (!PINFO_FD_VISITED(context.pinfo)) {
    record = remember(context, is_response);
  } else {
    record = CaptureState::find(context.pinfo, context.message.index);
    if (record && record->operation != Operation::kNone) record = nullptr;
  }
  if (!record) return nullptr;

  const CoapMessageView& view = context.message;
  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  if (labels_shown(context.tree)) {
    proto_item_append_text(root, ", ep=%s", column_text(*record->ep).c_str());
  }
  add_generated_name(tree, view.tvb, *record);
  if (record->registration) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.registration_in, view.tvb, 0, 0,
                            static_cast<guint32>(record->registration->register_frame)));
  }
  if (record->bootstrap) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.bootstrap_in, view.tvb, 0, 0, record->bootstrap->frame));
  }
  add_undelivered(context.pinfo, tree, root, view.tvb, *record);
  return record;
}

}  // namespace lwm2m::plugin
