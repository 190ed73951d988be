// Responses to LwM2M requests: which operation they answer, the registration location a
// Register's 2.01 hands out, and the 4.09 Conflict the change request adds for duplicate names.
#include <algorithm>
#include <string>
#include <vector>

#include "dissect.h"
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

bool looks_like_location(const std::vector<std::string_view>& segments) {
  return classify_request(coap::kDelete, segments, 0).operation == Operation::kDeregister;
}

// First pass only: a Register's 2.01 makes the registration its Location-Path names.
void remember(const MessageContext& context, MessageRecord& record) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  record.code = view.message.code;
  const MessageRecord& request = *record.request;
  if (record.operation != Operation::kRegister || record.code != coap::kCreated) return;
  const LocationOptions location = collect_location(view);
  if (location.path.empty()) return;
  const std::vector<std::string_view> segments = path_segments(location.path);
  const std::string path = join_path(segments);
  record.location = CaptureState::keep(path);
  // Locations shaped like …/rd/{id} are recognised by their shape; only others are kept.
  if (!looks_like_location(segments)) context.state.add_location(context.conversation, segments);

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

std::optional<uint16_t> message_id_of(const CoapMessageView& view) {
  if (view.framing != coap::Framing::kDatagram) return std::nullopt;
  return view.message.message_id;
}

std::optional<ExchangeKey> exchange_key(const CoapMessageView& view, ConversationId conversation,
                                        EndpointId requester) {
  const coap::Message& message = view.message;
  ExchangeKey key;
  key.conversation = conversation;
  key.requester = requester;
  if (message.token_length > 0) {
    key.length = static_cast<uint8_t>(std::min<std::size_t>(message.token_length, 8));
    std::copy_n(view.bytes + message.token_offset, key.length, key.bytes.begin());
    return key;
  }
  if (view.framing != coap::Framing::kDatagram) return std::nullopt;
  key.by_message_id = true;
  key.length = 2;
  key.bytes[0] = static_cast<uint8_t>(message.message_id >> 8);
  key.bytes[1] = static_cast<uint8_t>(message.message_id & 0xff);
  return key;
}

const MessageRecord* dissect_response(const MessageContext& context, std::string* info) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  const MessageRecord* record = nullptr;
  if (!PINFO_FD_VISITED(pinfo)) {
    // A response travels from the request's destination back to its sender.
    auto key = exchange_key(view, context.conversation, destination_of(pinfo));
    MessageRecord* fresh =
        key ? context.state.match_response(*key, message_id_of(view), pinfo, view.index) : nullptr;
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
  const std::string code =
      labels || info ? coap::response_code_text(view.message.code) : std::string();

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

  const std::string_view outcome = response_outcome(view.message.code);
  proto_item_set_generated(
      proto_tree_add_string(tree, hf.outcome, view.tvb, 0, 0, std::string(outcome).c_str()));
  const std::string_view reason = response_reason(operation, view.message.code);
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

  if (view.message.code == coap::kConflict &&
      (operation == Operation::kRegister || operation == Operation::kBootstrapRequest)) {
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
