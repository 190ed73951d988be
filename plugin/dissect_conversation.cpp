// Every other message of a registered or bootstrapping client's conversation (the server's Read,
// Write, Execute, Observe, the client's Send; the bootstrap server's Discover, Write, Delete):
// the operation core names it (classify_operation), its LwM2M path and, for Write-Attributes,
// the attributes; and the name and type of the client it is to or from, so that
// `lwm2m.ep == "…"` shows one device's whole conversation. Answers to these requests, Notifies
// and Resets to Notifies are dissect_response's; this takes the messages of a known client that
// answer nothing the capture has (an empty ACK of a Notify...).
#include <string>
#include <vector>

#include "dissect.h"
#include "expert_items.h"
#include "lwm2m/attributes.h"
#include "lwm2m/coap_option.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/printable.h"
#include "lwm2m/registrations.h"
#include "lwm2m_protocol.h"
#include "name_text.h"
#include "operation_text.h"
#include "output_demand.h"

namespace lwm2m::plugin {
namespace {

// The options of a server's or client's request that tell its operation, in wire order.
struct OperationOptions {
  std::vector<const coap::Option*> path;
  std::vector<std::string_view> path_text;
  std::vector<const coap::Option*> query;
  std::vector<std::string_view> query_text;
  RequestShape shape;
};

OperationOptions collect(const CoapMessageView& view) {
  OperationOptions out;
  for (const coap::Option& option : view.message.options) {
    switch (option.number) {
      case coap::kUriPath:
        out.path.push_back(&option);
        out.path_text.push_back(view.text(option));
        break;
      case coap::kUriQuery:
        out.query.push_back(&option);
        out.query_text.push_back(view.text(option));
        break;
      case coap::kAccept:
      case coap::kObserve: {
        uint32_t value = 0;
        if (!coap::decode_uint(view.bytes + option.offset, option.length, value)) break;
        (option.number == coap::kAccept ? out.shape.accept : out.shape.observe) = value;
        break;
      }
      default:
        break;
    }
  }
  out.shape.query_count = out.query.size();
  out.shape.has_payload = view.message.payload_length > 0;
  return out;
}

// The client the message is to or from, if the capture knows it by now, and which way it goes.
struct KnownClient {
  const Registration* registration = nullptr;
  const MessageRecord* bootstrap = nullptr;
  const MessageRecord* named = nullptr;  // the record whose name the client has
  Sender sender = Sender::kUnknown;
};

KnownClient known_client(const MessageContext& context) {
  packet_info* pinfo = context.pinfo;
  CaptureState& state = context.state;
  // A capture without a registration or a Bootstrap-Request so far has no client to look up:
  // plain CoAP traffic stops here.
  if (state.registrations().size() == 0 && !state.has_bootstraps()) return {};
  const EndpointId source = source_of(pinfo);
  const EndpointId destination = destination_of(pinfo);
  const double time = state.now_seconds();
  const RegistrationBook& book = state.registrations();
  KnownClient client;
  // of_client(server, client): the source is the server, or else the client.
  client.registration = book.of_client(source, destination, time);
  client.sender = Sender::kServer;
  if (!client.registration) {
    client.registration = book.of_client(destination, source, time);
    client.sender = Sender::kClient;
  }
  client.named = client.registration ? state.registration_name(*client.registration) : nullptr;
  if (!client.named) {
    client.registration = nullptr;
    client.bootstrap = state.bootstrap_of(destination, source);
    client.sender = Sender::kServer;
    if (!client.bootstrap) {
      client.bootstrap = state.bootstrap_of(source, destination);
      client.sender = Sender::kClient;
    }
    client.named = client.bootstrap;
  }
  if (!client.named || !client.named->ep) return {};
  return client;
}

// First pass only: the record of a message of a known client's conversation. A request is
// classified and opens its exchange.
const MessageRecord* remember(const MessageContext& context, const KnownClient& client,
                              coap::MessageRole role, const OperationOptions* options) {
  packet_info* pinfo = context.pinfo;
  const bool request = role == coap::MessageRole::kRequest;
  MessageRecord& record = *CaptureState::add(pinfo, context.message.index);
  record.is_response = !request;
  record.take_name_of(*client.named);
  record.registration = client.registration;
  record.registration_name = client.registration ? client.named : nullptr;
  if (client.bootstrap) record.set_extra().bootstrap = client.bootstrap;
  if (!request) return &record;

  RequestShape shape = options->shape;
  shape.sender = client.sender;
  shape.client = client.registration ? ClientPhase::kRegistered : ClientPhase::kBootstrapping;
  const std::vector<std::string_view> segments = path_segments(options->path_text);
  record.operation = classify_operation(context.message.message.code, segments, shape).operation;
  if (record.operation != Operation::kNone) {
    if (const std::optional<ObjectPath> path = parse_object_path(segments)) {
      record.has_object_path = true;
      record.object_path = *path;
    }
  }
  record.time = pinfo->abs_ts;
  record.sent_at = context.state.now_seconds();
  if (record.operation == Operation::kNone) {
    context.state.add_request(pinfo, context.message.ids, nullptr);
    return &record;
  }
  if (const MessageRecord* original =
          context.state.add_request(pinfo, context.message.ids, &record)) {
    record.set_extra().retransmission_of = original;
  }
  return &record;
}

// The path's levels, each over its Uri-Path option when the options are the levels; generated
// otherwise (a response's, a Notify's: their request's).
void add_path(proto_tree* tree, const CoapMessageView& view, const MessageRecord& record,
              const OperationOptions* options) {
  if (!record.has_object_path) return;
  const ObjectPath& path = record.object_path;
  const int fields[] = {hf.path_object, hf.path_instance, hf.path_resource,
                        hf.path_resource_instance};
  const bool over_options = options && options->path.size() == path.depth;
  for (uint8_t i = 0; i < path.depth; ++i) {
    proto_item* item = nullptr;
    if (over_options) {
      const coap::Option& option = *options->path[i];
      item = proto_tree_add_uint(tree, fields[i], view.tvb, view.tvb_offset(option.offset),
                                 static_cast<gint>(option.length), path.ids[i]);
    } else {
      item = proto_tree_add_uint(tree, fields[i], view.tvb, 0, 0, path.ids[i]);
      proto_item_set_generated(item);
    }
    const std::string_view name = path_level_name(path, i);
    if (!name.empty()) {
      proto_item_append_text(item, " (%.*s)", static_cast<int>(name.size()), name.data());
    }
  }
}

// Write-Attributes: each attribute as sent, and the notification attributes by name.
void add_attributes(packet_info* pinfo, proto_tree* tree, const CoapMessageView& view,
                    const OperationOptions& options, std::string* info) {
  const std::vector<Attribute> attributes = parse_attributes(options.query_text);
  for (std::size_t i = 0; i < attributes.size(); ++i) {
    const Attribute& attribute = attributes[i];
    const coap::Option& option = *options.query[i];
    const int start = view.tvb_offset(option.offset);
    const auto length = static_cast<gint>(option.length);
    const std::string text = printable(options.query_text[i]);
    if (info) info->append(" ").append(column_text(options.query_text[i]));
    proto_item* item = proto_tree_add_string(tree, hf.attr, view.tvb, start, length, text.c_str());
    if (!attribute.problem.empty()) {
      add_expert(pinfo, item, &ei.attr_invalid, "Invalid Write-Attributes value: %s",
                 printable(attribute.problem).c_str());
      continue;
    }
    if (!attribute.number) continue;
    switch (attribute.key) {
      case AttributeKey::kPmin:
      case AttributeKey::kPmax:
      case AttributeKey::kEpmin:
      case AttributeKey::kEpmax: {
        const int field = attribute.key == AttributeKey::kPmin    ? hf.attr_pmin
                          : attribute.key == AttributeKey::kPmax  ? hf.attr_pmax
                          : attribute.key == AttributeKey::kEpmin ? hf.attr_epmin
                                                                  : hf.attr_epmax;
        proto_tree_add_uint(tree, field, view.tvb, start, length,
                            static_cast<guint32>(*attribute.number));
        break;
      }
      case AttributeKey::kGt:
      case AttributeKey::kLt:
      case AttributeKey::kSt: {
        const int field = attribute.key == AttributeKey::kGt   ? hf.attr_gt
                          : attribute.key == AttributeKey::kLt ? hf.attr_lt
                                                               : hf.attr_st;
        proto_tree_add_double(tree, field, view.tvb, start, length, *attribute.number);
        break;
      }
      case AttributeKey::kUnknown:
        break;
    }
  }
}

}  // namespace

void add_object_path(proto_tree* tree, const CoapMessageView& view, const MessageRecord& record) {
  add_path(tree, view, record, nullptr);
}

const MessageRecord* dissect_conversation(const MessageContext& context, coap::MessageRole role,
                                          std::string* info) {
  if (role == coap::MessageRole::kOther) return nullptr;
  const bool request = role == coap::MessageRole::kRequest;
  std::optional<OperationOptions> options;
  const MessageRecord* record = nullptr;
  if (!PINFO_FD_VISITED(context.pinfo)) {
    const KnownClient client = known_client(context);
    if (!client.named) {
      // Any request opens an exchange: it takes its token over, so that its response is not
      // paired with an earlier LwM2M request.
      if (request) context.state.add_request(context.pinfo, context.message.ids, nullptr);
      return nullptr;
    }
    // Options are read only for a request of a known client, after the cheap look-up.
    if (request) options = collect(context.message);
    record = remember(context, client, role, options ? &*options : nullptr);
  } else {
    record = CaptureState::find(context.pinfo, context.message.index);
    if (record && (record->is_response ? record->request != nullptr
                                       : is_registration_or_bootstrap_request(record->operation)))
      record = nullptr;
    if (record && request && record->operation != Operation::kNone)
      options = collect(context.message);
  }
  if (!record) return nullptr;

  const CoapMessageView& view = context.message;
  const Operation operation = record->operation;
  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  const std::string target = operation_target_text(*record);
  if (labels_shown(context.tree)) {
    if (operation != Operation::kNone) {
      proto_item_append_text(root, ", %s", std::string(operation_name(operation)).c_str());
      if (!target.empty()) proto_item_append_text(root, " %s", target.c_str());
    }
    proto_item_append_text(root, ", ep=%s", column_text(*record->ep).c_str());
  }
  if (operation != Operation::kNone) {
    add_operation(tree, view.tvb, operation);
    if (info) {
      info->append("LwM2M ").append(operation_name(operation));
      if (!target.empty()) info->append(" ").append(target);
    }
    add_path(tree, view, *record, options ? &*options : nullptr);
    if (operation == Operation::kWriteAttributes && options) {
      add_attributes(context.pinfo, tree, view, *options, info);
    }
    const MessageRecord& exchange =
        record->extra().retransmission_of ? *record->extra().retransmission_of : *record;
    if (record->extra().retransmission_of) {
      proto_item_set_generated(proto_tree_add_uint(tree, hf.retransmission_of, view.tvb, 0, 0,
                                                   record->extra().retransmission_of->frame));
      if (info) info->append(" [Retransmission]");
    }
    if (exchange.peer_frame) {
      proto_item_set_generated(
          proto_tree_add_uint(tree, hf.response_in, view.tvb, 0, 0, exchange.peer_frame));
    }
    if (exchange.extra().first_notify) {
      proto_item_set_generated(
          proto_tree_add_uint(tree, hf.notify_in, view.tvb, 0, 0, exchange.extra().first_notify));
      proto_item_set_generated(proto_tree_add_uint(tree, hf.notify_count, view.tvb, 0, 0,
                                                   exchange.extra().notify_count));
    }
  }
  add_generated_name(tree, view.tvb, *record);
  if (record->registration) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.registration_in, view.tvb, 0, 0,
                            static_cast<guint32>(record->registration->register_frame)));
  }
  if (record->extra().bootstrap) {
    proto_item_set_generated(proto_tree_add_uint(tree, hf.bootstrap_in, view.tvb, 0, 0,
                                                 record->extra().bootstrap->frame));
  }
  add_undelivered(context.pinfo, tree, root, view.tvb, *record);
  return record;
}

}  // namespace lwm2m::plugin
