// A CoAP message quoted inside an ICMP or ICMPv6 error is not a message: the error carries a
// copy of a datagram that did not reach its receiver. The copy creates, refreshes, pairs, counts
// and flags nothing; it says what it was, and its original says it was not delivered.
#include <string>

#include "dissect.h"
#include "expert_items.h"
#include "icmp_error.h"
#include "lwm2m/operation.h"
#include "lwm2m_protocol.h"
#include "name_text.h"

namespace lwm2m::plugin {
namespace {

// "De-register response 2.02 Deleted", "Register", "message" (of a client's conversation).
std::string what_it_is(const MessageRecord& record) {
  if (record.operation == Operation::kNone) return record.is_response ? "response" : "message";
  std::string text(operation_name(record.operation));
  if (record.is_response) text += " response " + record.response_text();
  return text;
}

// First pass: the copy's record, with its original's fields.
const MessageRecord* remember(const MessageContext& context) {
  const std::optional<QuotedDatagram> quoted = quoted_datagram(context.tree, context.message);
  if (!quoted) return nullptr;
  const MessageRecord* original = context.state.quoted_original(*quoted, context.message.ids);
  if (!original) return nullptr;
  MessageRecord& record = *CaptureState::add(context.pinfo, context.message.index);
  record.copy_from(*original);
  record.frame = context.pinfo->num;
  MessageRecordExtra& extra = record.set_extra();
  extra.quote_of = original;
  extra.undelivered_in = 0;
  extra.undelivered_reason = {};
  // The first pass's tree is the frame's whole tree (lwm2m_dissector.cpp).
  const std::string error = icmp_error_text(context.tree);
  std::string reason = error.empty() ? std::string("an ICMP error") : error;
  const std::string sender = icmp_sender_text(context.tree);
  if (!sender.empty()) reason.append(" from ").append(sender);
  context.state.set_undelivered(*original, record.frame, reason);
  return &record;
}

}  // namespace

const MessageRecord* dissect_quoted(const MessageContext& context, std::string* info) {
  const MessageRecord* record = nullptr;
  if (!PINFO_FD_VISITED(context.pinfo)) {
    record = remember(context);
  } else {
    record = CaptureState::find(context.pinfo, context.message.index);
    if (record && !record->extra().quote_of) record = nullptr;
  }
  if (!record) return nullptr;
  const MessageRecord& original = *record->extra().quote_of;
  const CoapMessageView& view = context.message;
  const std::string what = what_it_is(original);
  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_item_append_text(root, ", quoted in an ICMP error: the %s of frame %u", what.c_str(),
                         static_cast<unsigned>(original.frame));
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  add_operation(tree, view.tvb, original.operation);
  proto_item_set_generated(proto_tree_add_uint(tree, hf.quote_of, view.tvb, 0, 0, original.frame));
  add_generated_name(tree, view.tvb, original);
  const std::string reason(original.extra().undelivered_reason.value_or(std::string_view()));
  add_expert(context.pinfo, root, &ei.undelivered,
             "The %s of frame %u was not delivered: %s (this frame quotes it)", what.c_str(),
             static_cast<unsigned>(original.frame), reason.c_str());
  if (info) {
    info->append(" [LwM2M: the ")
        .append(what)
        .append(" of frame ")
        .append(std::to_string(original.frame))
        .append(" was not delivered]");
  }
  return record;
}

void add_undelivered(packet_info* pinfo, proto_tree* tree, proto_item* root, tvbuff_t* tvb,
                     const MessageRecord& record) {
  if (!record.extra().undelivered_in) return;
  proto_item* item =
      proto_tree_add_uint(tree, hf.undelivered_in, tvb, 0, 0, record.extra().undelivered_in);
  proto_item_set_generated(item);
  add_expert(pinfo, root, &ei.undelivered, "Not delivered: %s (frame %u)",
             std::string(record.extra().undelivered_reason.value_or(std::string_view())).c_str(),
             static_cast<unsigned>(record.extra().undelivered_in));
}

}  // namespace lwm2m::plugin
