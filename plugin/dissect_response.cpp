// Responses to LwM2M requests: which operation they answer, the registration location a
// Register's 2.01 hands out, and the 4.09 Conflict the change request adds for duplicate names.
#include <algorithm>
#include <string>
#include <vector>

#include "dissect.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/registrations.h"
#include "lwm2m/response_code.h"
#include "lwm2m/response_reason.h"
#include "lwm2m_protocol.h"
#include "output_demand.h"
#include "peer_name.h"

namespace lwm2m::plugin {
namespace {

struct LocationOptions {
  std::vector<std::string_view> path;
  int start = 0;
  int length = 0;
};

LocationOptions collect_location(const CoapMessageView& view) {
  LocationOptions out;
  const coap::Option* first = nullptr;
  const coap::Option* last = nullptr;
  for (const coap::Option& option : view.message.options) {
    if (option.number != coap::kLocationPath) continue;
    out.path.push_back(view.text(option));
    if (!first) first = &option;
    last = &option;
  }
  if (first) {
    out.start = view.tvb_offset(first->offset);
    out.length = view.tvb_offset(last->offset + last->length) - out.start;
  }
  return out;
}

// First pass only: a Register's 2.01 makes the registration its Location-Path names.
void remember(const MessageContext& context, MessageRecord& record) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  // A Reset's code field means nothing (RFC 7252 §4.2: a Reset is empty): it hands out nothing.
  record.code = record.reset ? 0 : view.message.code;
  const MessageRecord& request = *record.request;
  if (!creates_registration(record.operation, record.code)) return;
  const LocationOptions location = collect_location(view);
  if (location.path.empty()) return;
  const std::vector<std::string_view> segments = path_segments(location.path);
  const std::string path = join_path(segments);
  record.location = CaptureState::keep(path);
  // Locations shaped like …/rd/{id} are recognised by their shape; only others are kept.
  if (!looks_like_registration_location(segments))
    context.state.add_location(context.conversation, segments);

  Registration registration;
  registration.server = source_of(pinfo);
  registration.client = destination_of(pinfo);
  registration.client_name = peer_name(pinfo->dst, pinfo->destport);
  registration.ept = request.ept;
  registration.ep = request.ep ? std::string(*request.ep) : std::string();
  registration.name_valid = request.name_valid;
  registration.location = path;
  // A Block1 Register is the transfer's block 0.
  registration.register_frame =
      request.block_first_frame ? request.block_first_frame : request.frame;
  registration.lifetime = request.lifetime.value_or(kDefaultLifetime);
  registration.refreshed_at = nstime_to_sec(&pinfo->abs_ts);
  const Registration* replaced = nullptr;
  record.registration = &context.state.registrations().add(std::move(registration), &replaced);
  record.replaced = replaced;
}

}  // namespace

const MessageRecord* dissect_response(const MessageContext& context, std::string* info) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  const MessageRecord* record = nullptr;
  if (!PINFO_FD_VISITED(pinfo)) {
    MessageRecord* fresh = context.state.add_answer(pinfo, view.ids, view.index);
    if (fresh) remember(context, *fresh);
    record = fresh;
  } else {
    record = CaptureState::find(pinfo, view.index);
    if (record && !record->is_response) record = nullptr;
  }
  if (!record || !record->request) return nullptr;
  const MessageRecord* request = record->request;

  const Operation operation = record->operation;
  const std::string name(operation_name(operation));
  const bool labels = labels_shown(context.tree);
  const std::string code = labels || info ? record->response_text() : std::string();

  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  if (labels) proto_item_append_text(root, ", %s response, %s", name.c_str(), code.c_str());
  proto_item_set_generated(
      proto_tree_add_string(tree, hf.operation, view.tvb, view.offset, 0, name.c_str()));
  proto_item_set_generated(
      proto_tree_add_uint(tree, hf.response_to, view.tvb, 0, 0, record->peer_frame));
  nstime_t elapsed;
  nstime_delta(&elapsed, &pinfo->abs_ts, &request->time);
  proto_item_set_generated(proto_tree_add_time(tree, hf.response_time, view.tvb, 0, 0, &elapsed));
  if (info) {
    info->append("LwM2M ").append(name).append(" response ").append(code);
  }

  const std::string_view outcome = response_outcome(record->code);
  proto_item_set_generated(
      proto_tree_add_string(tree, hf.outcome, view.tvb, 0, 0, std::string(outcome).c_str()));
  const std::string_view reason = response_reason(operation, record->code);
  if (!reason.empty()) {
    proto_item_set_generated(
        proto_tree_add_string(tree, hf.reason, view.tvb, 0, 0, std::string(reason).c_str()));
  }

  if (record->location) {
    const LocationOptions location = collect_location(view);
    const std::string path(*record->location);
    proto_tree_add_string(tree, hf.location, view.tvb, location.start, location.length,
                          path.c_str());
    if (info) info->append(" location=").append(printable(path));
  }
  if (record->replaced) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.registration_replaces, view.tvb, 0, 0,
                            static_cast<guint32>(record->replaced->register_frame)));
  }

  if (record->code == coap::kConflict && requires_endpoint_name(operation)) {
    std::string refused = request->ep ? printable(*request->ep) : std::string("(no ep)");
    std::string type = request->ept ? std::to_string(*request->ept) : std::string("missing");
    expert_add_info_format(pinfo, root, &ei.conflict,
                           "4.09 Conflict: the server refused ep=%s (ept %s) as a duplicate "
                           "Endpoint Client Name",
                           refused.c_str(), type.c_str());
    if (info) info->append(" [duplicate name refused: ").append(refused).append("]");
  }
  return record;
}

}  // namespace lwm2m::plugin
