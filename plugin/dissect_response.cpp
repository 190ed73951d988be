// Responses to LwM2M requests: which operation they answer, the registration location a
// Register's 2.01 hands out, and the 4.09 Conflict the change request adds for duplicate names.
#include <string>
#include <vector>

#include "dissect.h"
#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

constexpr uint8_t kConflict = coap::code(4, 9);
constexpr uint8_t kCreated = coap::code(2, 1);

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

}  // namespace

std::string dissect_response(const MessageContext& context) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  const MessageRecord* record = nullptr;

  if (!PINFO_FD_VISITED(pinfo)) {
    std::string token = token_key(view);
    if (token.empty()) return {};
    uint32_t request_frame = 0;
    const MessageRecord* request =
        context.state.match_response(context.conversation, token, pinfo->num, &request_frame);
    if (!request) return {};
    MessageRecord copy;
    copy.operation = request->operation;
    copy.is_response = true;
    copy.peer_frame = request_frame;
    copy.request_time = request->request_time;
    copy.ep = request->ep;
    copy.ept = request->ept;
    MessageRecord& fresh = context.state.record(pinfo->num, view.index);
    fresh = std::move(copy);
    record = &fresh;
  } else {
    record = context.state.find(pinfo->num, view.index);
    if (!record || !record->is_response) return {};
  }

  const Operation operation = record->operation;
  std::string name(operation_name(operation));
  std::string code = coap::response_code_text(view.message.code);

  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  proto_item_append_text(root, ", %s response, %s", name.c_str(), code.c_str());
  proto_item* item =
      proto_tree_add_string(tree, hf.operation, view.tvb, view.offset, 0, name.c_str());
  proto_item_set_generated(item);
  item = proto_tree_add_uint(tree, hf.response_to, view.tvb, 0, 0, record->peer_frame);
  proto_item_set_generated(item);
  nstime_t elapsed;
  nstime_delta(&elapsed, &pinfo->abs_ts, &record->request_time);
  item = proto_tree_add_time(tree, hf.response_time, view.tvb, 0, 0, &elapsed);
  proto_item_set_generated(item);

  std::string info = "LwM2M " + name + " response " + code;

  if (operation == Operation::kRegister && view.message.code == kCreated) {
    LocationOptions location = collect_location(view);
    if (!location.path.empty()) {
      std::string path = join_path(path_segments(location.path));
      proto_tree_add_string(tree, hf.location, view.tvb, location.start, location.length,
                            path.c_str());
      info += " location=" + path;
      if (!PINFO_FD_VISITED(pinfo)) context.state.add_location(context.conversation, path);
    }
  }

  if (view.message.code == kConflict &&
      (operation == Operation::kRegister || operation == Operation::kBootstrapRequest)) {
    std::string refused = record->ep ? *record->ep : std::string("(no ep)");
    std::string shown = printable(refused);
    std::string type = record->ept ? std::to_string(*record->ept) : std::string("missing");
    expert_add_info_format(pinfo, root, &ei.conflict,
                           "4.09 Conflict: the server refused ep=%s (ept %s) as a duplicate "
                           "Endpoint Client Name",
                           shown.c_str(), type.c_str());
    info += " [duplicate name refused: " + shown + "]";
  }
  return info;
}

}  // namespace lwm2m::plugin
