// LwM2M requests: Register, Update, De-register, Bootstrap-Request, Bootstrap-Finish.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "dissect.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/query.h"
#include "lwm2m_protocol.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {
namespace {

constexpr uint32_t kLinkFormat = 40;  // CoAP Content-Format application/link-format

// The options of a request that LwM2M reads, in wire order.
struct RequestOptions {
  std::vector<std::string_view> path;
  const coap::Option* first_path = nullptr;
  const coap::Option* last_path = nullptr;
  std::vector<const coap::Option*> query;
  std::vector<std::string_view> query_text;
  std::optional<coap::Block> block1;
  const coap::Option* block1_option = nullptr;
  std::optional<uint32_t> content_format;
};

RequestOptions collect_options(const CoapMessageView& view) {
  RequestOptions out;
  for (const coap::Option& option : view.message.options) {
    switch (option.number) {
      case coap::kUriPath:
        out.path.push_back(view.text(option));
        if (!out.first_path) out.first_path = &option;
        out.last_path = &option;
        break;
      case coap::kUriQuery:
        out.query.push_back(&option);
        out.query_text.push_back(view.text(option));
        break;
      case coap::kBlock1: {
        coap::Block block;
        if (coap::decode_block(view.bytes + option.offset, option.length, block)) {
          out.block1 = block;
          out.block1_option = &option;
        }
        break;
      }
      case coap::kContentFormat: {
        uint32_t format = 0;
        if (coap::decode_uint(view.bytes + option.offset, option.length, format)) {
          out.content_format = format;
        }
        break;
      }
      default:
        break;
    }
  }
  return out;
}

// Path and query identify a Block1 transfer: every block repeats them.
std::string transfer_key(const RequestOptions& options) {
  std::string key;
  for (std::string_view segment : options.path) key.append(segment).push_back('/');
  for (std::string_view query : options.query_text) key.append(query).push_back('&');
  return key;
}

// A name as the Info column shows it: printable, and cut short when very long.
std::string column_text(std::string_view text) {
  constexpr std::size_t kMaxShown = 80;
  bool cut = text.size() > kMaxShown;
  if (cut) text = text.substr(0, kMaxShown);
  std::string shown = printable(text);
  if (cut) shown += "...";
  return shown;
}

// The bracketed type label of the Info column: "[URN]", "[Vendor specific 101]", "[no ept]".
std::string type_label(const QueryParam* ept, const EptParse& parsed) {
  if (!ept) return "[no ept]";
  if (!parsed.type) return "[ept invalid]";
  std::string label = "[" + std::string(ept_type_name(*parsed.type));
  if (ept_kind(*parsed.type) == EptKind::kReservedOma ||
      ept_kind(*parsed.type) == EptKind::kVendorSpecific) {
    label += " " + std::to_string(*parsed.type);
  }
  return label + "]";
}

class RequestDissector {
 public:
  RequestDissector(const MessageContext& context, Operation operation,
                   const RequestOptions& options)
      : context_(context),
        view_(context.message),
        pinfo_(context.pinfo),
        operation_(operation),
        options_(options) {}

  // Adds the LwM2M subtree and returns the Info column text.
  std::string dissect(const MessageRecord& record, std::string_view location) {
    proto_item* root = proto_tree_add_item(context_.tree, proto_lwm2m, view_.tvb, view_.offset,
                                           static_cast<gint>(view_.message.length), ENC_NA);
    tree_ = proto_item_add_subtree(root, ett.lwm2m);
    root_ = root;
    std::string name(operation_name(operation_));
    proto_item_append_text(root, ", %s", name.c_str());
    proto_item* op =
        proto_tree_add_string(tree_, hf.operation, view_.tvb, view_.offset, 0, name.c_str());
    proto_item_set_generated(op);
    if (record.peer_frame) {
      proto_item* in =
          proto_tree_add_uint(tree_, hf.response_in, view_.tvb, 0, 0, record.peer_frame);
      proto_item_set_generated(in);
    }

    std::string info = "LwM2M " + name;
    if (!location.empty()) {
      add_location(location);
      info += " " + column_text(location);
    }
    if (options_.block1) add_block_number();
    if (options_.block1 && options_.block1->number > 0) {
      return info + continuation(record);
    }
    info += add_parameters();
    add_payload();
    return info;
  }

 private:
  void add_location(std::string_view location) {
    int start = 0;
    int length = 0;
    if (options_.first_path) {
      start = view_.tvb_offset(options_.first_path->offset);
      length = view_.tvb_offset(options_.last_path->offset + options_.last_path->length) - start;
    }
    std::string text(location);
    proto_tree_add_string(tree_, hf.location, view_.tvb, start, length, text.c_str());
  }

  void add_block_number() {
    const coap::Option& option = *options_.block1_option;
    proto_tree_add_uint(tree_, hf.block_number, view_.tvb, view_.tvb_offset(option.offset),
                        static_cast<gint>(option.length), options_.block1->number);
  }

  // A Block1 block after the first: the parameters were decoded on block 0.
  std::string continuation(const MessageRecord& record) {
    std::string info = " (Block1 #" + std::to_string(options_.block1->number);
    if (record.block_first_frame) {
      proto_item* first =
          proto_tree_add_uint(tree_, hf.block_first, view_.tvb, 0, 0, record.block_first_frame);
      proto_item_set_generated(first);
      info += ", continues frame " + std::to_string(record.block_first_frame);
    }
    info += options_.block1->more ? ")" : ", last)";
    if (record.reassembly_incomplete) {
      expert_add_info_format(pinfo_, root_, &ei.block_incomplete,
                             "Block1 transfer incomplete: earlier blocks are not in the capture, "
                             "the payload is not decoded");
    }
    if (record.reassembled_payload) add_reassembled_links(*record.reassembled_payload);
    return info;
  }

  // Each Uri-Query option becomes its own item over its own bytes. Returns the Info text.
  std::string add_parameters() {
    Query query = parse_query(options_.query_text, operation_);
    proto_item* ep_item = nullptr;
    proto_item* ept_item = nullptr;
    for (const QueryParam& param : query.params) {
      proto_item* item = add_parameter(param);
      if (!param.repeated && param.key == ParamKey::kEndpointName) ep_item = item;
      if (!param.repeated && param.key == ParamKey::kEndpointNameType) ept_item = item;
    }
    return check_name(query, ep_item, ept_item);
  }

  proto_item* add_parameter(const QueryParam& param) {
    const coap::Option& option = *options_.query[param.option_index];
    int option_start = view_.tvb_offset(option.offset);
    int option_length = static_cast<int>(option.length);
    int value_start = option_start + static_cast<int>(param.value_offset);
    int value_length = static_cast<int>(param.value.size());
    std::string name(param.name);
    proto_item* item = nullptr;

    if (param.key == ParamKey::kUnknown || !param.known_for_operation) {
      item = add_raw_parameter(option_start, option_length);
      std::string shown = column_text(param.name);
      expert_add_info_format(pinfo_, item, &ei.param_unknown,
                             "Unknown parameter '%s': %s does not take it (the server may answer "
                             "4.00 Bad Request)",
                             shown.c_str(), std::string(operation_name(operation_)).c_str());
    } else {
      item = add_known_parameter(param, option_start, option_length, value_start, value_length);
      if (auto problem = check_param_value(param)) {
        expert_add_info_format(pinfo_, item, &ei.param_invalid, "Invalid parameter value: %s",
                               problem->c_str());
      }
    }
    if (param.repeated) {
      std::string shown = column_text(param.name);
      expert_add_info_format(pinfo_, item, &ei.param_duplicate,
                             "Parameter '%s' is repeated; only its first occurrence is used",
                             shown.c_str());
    }
    return item;
  }

  proto_item* add_raw_parameter(int start, int length) { return add_text(hf.param, start, length); }

  // A string field over its own bytes. The value is the printable form of the bytes (control
  // characters and bytes that are not UTF-8 escaped), so a NUL or a bad byte in a name shows as
  // itself instead of cutting the string short.
  proto_item* add_text(int field, int start, int length) {
    const char* bytes = reinterpret_cast<const char*>(view_.bytes) + (start - view_.offset);
    std::string value = printable({bytes, static_cast<std::size_t>(length)});
    return proto_tree_add_string(tree_, field, view_.tvb, start, length, value.c_str());
  }

  proto_item* add_known_parameter(const QueryParam& param, int option_start, int option_length,
                                  int value_start, int value_length) {
    switch (param.key) {
      case ParamKey::kEndpointName:
        return add_text(hf.ep, value_start, value_length);
      case ParamKey::kEndpointNameType: {
        EptParse parsed = parse_ept(param.value);
        if (parsed.type) {
          return proto_tree_add_uint(tree_, hf.ept, view_.tvb, value_start, value_length,
                                     *parsed.type);
        }
        return add_text(hf.ept_text, value_start, value_length);
      }
      case ParamKey::kLifetime:
        if (auto lifetime = parse_lifetime(param.value)) {
          return proto_tree_add_uint(tree_, hf.lt, view_.tvb, value_start, value_length, *lifetime);
        }
        return add_raw_parameter(option_start, option_length);
      case ParamKey::kSmsNumber:
        return add_text(hf.sms, value_start, value_length);
      case ParamKey::kVersion:
        return add_text(hf.version, value_start, value_length);
      case ParamKey::kBinding:
        return add_text(hf.binding, value_start, value_length);
      case ParamKey::kQueueMode:
        return proto_tree_add_boolean(tree_, hf.queue, view_.tvb, option_start, option_length,
                                      TRUE);
      case ParamKey::kPreferredContentType: {
        guint32 format = 0;
        const char* end = param.value.data() + param.value.size();
        if (!check_param_value(param) &&
            std::from_chars(param.value.data(), end, format).ptr == end) {
          return proto_tree_add_uint(tree_, hf.pct, view_.tvb, value_start, value_length, format);
        }
        return add_raw_parameter(option_start, option_length);
      }
      case ParamKey::kUnknown:
        break;
    }
    return add_raw_parameter(option_start, option_length);
  }

  // The Endpoint Client Name rules: the heart of the plugin. Returns the Info text.
  std::string check_name(const Query& query, proto_item* ep_item, proto_item* ept_item) {
    bool name_required =
        operation_ == Operation::kRegister || operation_ == Operation::kBootstrapRequest;
    const QueryParam* ep = query.find(ParamKey::kEndpointName);
    const QueryParam* ept = query.find(ParamKey::kEndpointNameType);

    EptParse type;
    if (ept) {
      type = parse_ept(ept->value);
      add_type_details(type, ept_item);
    } else if (name_required && prefs.ept_required) {
      expert_add_info_format(pinfo_, root_, &ei.ept_missing,
                             "Endpoint Client Name Type (ept) is missing: %s requires it",
                             std::string(operation_name(operation_)).c_str());
    }

    if (!ep) {
      if (name_required) {
        expert_add_info_format(pinfo_, root_, &ei.ep_missing,
                               "Endpoint Client Name (ep) is missing: %s requires it",
                               std::string(operation_name(operation_)).c_str());
        return " [ep missing]";
      }
      return "";
    }

    NameCheck check = check_endpoint_name(ep->value, type.type, &vendor_types());
    add_name_details(check, ep_item);
    std::string shown = column_text(ep->value);
    proto_item_append_text(root_, ", ep=%s", shown.c_str());
    std::string info = " ep=" + shown;
    if (ept || name_required) info += " " + type_label(ept, type);
    if (!check.valid()) {
      info += " [INVALID: " + check.problems.front();
      if (check.problems.size() > 1) {
        info += " (+" + std::to_string(check.problems.size() - 1) + " more)";
      }
      info += "]";
    }
    return info;
  }

  void add_type_details(const EptParse& type, proto_item* ept_item) {
    if (!type.type) {
      expert_add_info_format(pinfo_, ept_item, &ei.ept_invalid,
                             "Invalid Endpoint Client Name Type: %s", type.problem.c_str());
      return;
    }
    proto_tree* subtree = proto_item_add_subtree(ept_item, ett.ept);
    std::string name(ept_type_name(*type.type));
    proto_item* item = proto_tree_add_string(subtree, hf.ept_name, view_.tvb, 0, 0, name.c_str());
    proto_item_set_generated(item);
    if (ept_kind(*type.type) == EptKind::kReservedOma) {
      expert_add_info_format(pinfo_, ept_item, &ei.ept_reserved,
                             "Endpoint Client Name Type %u is reserved for future OMA use",
                             *type.type);
    }
  }

  void add_name_details(const NameCheck& check, proto_item* ep_item) {
    proto_tree* subtree = proto_item_add_subtree(ep_item, ett.ep);
    std::string form(name_form_label(check.form));
    proto_item* item = proto_tree_add_string(subtree, hf.ep_format, view_.tvb, 0, 0, form.c_str());
    proto_item_set_generated(item);
    item = proto_tree_add_boolean(subtree, hf.ep_valid, view_.tvb, 0, 0, check.valid());
    proto_item_set_generated(item);
    for (const std::string& problem : check.problems) {
      item = proto_tree_add_string(subtree, hf.ep_problem, view_.tvb, 0, 0, problem.c_str());
      proto_item_set_generated(item);
      expert_add_info_format(pinfo_, ep_item, &ei.ep_invalid, "Invalid Endpoint Client Name: %s",
                             problem.c_str());
    }
  }

  bool carries_object_links() const {
    bool registration = operation_ == Operation::kRegister || operation_ == Operation::kUpdate;
    return registration && (!options_.content_format || *options_.content_format == kLinkFormat);
  }

  void add_payload() {
    const coap::Message& message = view_.message;
    if (!carries_object_links() || message.payload_length == 0) return;
    if (options_.block1 && options_.block1->more) return;  // decoded on the last block
    std::string_view payload(reinterpret_cast<const char*>(view_.bytes + message.payload_offset),
                             message.payload_length);
    add_object_links(tree_, pinfo_, view_.tvb, view_.tvb_offset(message.payload_offset), payload);
  }

  void add_reassembled_links(const std::string& payload) {
    if (!carries_object_links() || payload.empty()) return;
    // The record outlives the tvb: it is kept until the capture is closed.
    tvbuff_t* whole = tvb_new_child_real_data(
        view_.tvb, reinterpret_cast<const guint8*>(payload.data()),
        static_cast<guint>(payload.size()), static_cast<gint>(payload.size()));
    add_new_data_source(pinfo_, whole, "Reassembled Block1 payload");
    add_object_links(tree_, pinfo_, whole, 0, payload);
  }

  const MessageContext& context_;
  const CoapMessageView& view_;
  packet_info* pinfo_;
  Operation operation_;
  const RequestOptions& options_;
  proto_tree* tree_ = nullptr;
  proto_item* root_ = nullptr;
};

// First pass only: remembers what later frames and passes need.
void remember(const MessageContext& context, const RequestOptions& options, Operation operation,
              MessageRecord& record) {
  const CoapMessageView& view = context.message;
  record.operation = operation;
  record.request_time = context.pinfo->abs_ts;
  std::string token = token_key(view);
  if (!token.empty()) {
    std::optional<uint16_t> message_id;
    if (view.framing == coap::Framing::kDatagram) message_id = view.message.message_id;
    context.state.expect_response(context.conversation, token, message_id, context.pinfo->num,
                                  view.index);
  }
  if (options.block1) {
    std::string_view payload(
        reinterpret_cast<const char*>(view.bytes + view.message.payload_offset),
        view.message.payload_length);
    CaptureState::BlockResult block =
        context.state.add_block(context.conversation, transfer_key(options), options.block1->number,
                                options.block1->more, payload, context.pinfo->num);
    if (options.block1->number > 0) record.block_first_frame = block.first_frame;
    record.reassembled_payload = std::move(block.whole_payload);
    record.reassembly_incomplete = block.incomplete;
  }
  Query query = parse_query(options.query_text, operation);
  if (const QueryParam* ep = query.find(ParamKey::kEndpointName))
    record.ep = std::string(ep->value);
  if (const QueryParam* ept = query.find(ParamKey::kEndpointNameType)) {
    record.ept = parse_ept(ept->value).type;
  }
}

}  // namespace

std::string dissect_request(const MessageContext& context) {
  const CoapMessageView& view = context.message;
  uint8_t method = view.message.code;
  // Registration and bootstrap operations are POST, PUT or DELETE; skip the rest early.
  if (method != coap::kPost && method != coap::kPut && method != coap::kDelete) return {};

  RequestOptions options = collect_options(view);
  std::vector<std::string_view> segments = path_segments(options.path);
  const MessageRecord* record = nullptr;
  Operation operation = Operation::kNone;

  if (!PINFO_FD_VISITED(context.pinfo)) {
    bool known_location = context.state.is_location(context.conversation, join_path(segments));
    operation = classify_request(method, segments, options.query.size(), known_location).operation;
    if (operation == Operation::kNone) return {};
    MessageRecord& fresh = context.state.record(context.pinfo->num, view.index);
    remember(context, options, operation, fresh);
    record = &fresh;
  } else {
    record = context.state.find(context.pinfo->num, view.index);
    if (!record || record->is_response) return {};
    operation = record->operation;
  }

  std::string location;
  if (operation == Operation::kUpdate || operation == Operation::kDeregister) {
    location = join_path(segments);
  }
  RequestDissector dissector(context, operation, options);
  return dissector.dissect(*record, location);
}

std::string token_key(const CoapMessageView& view) {
  const coap::Message& message = view.message;
  if (message.token_length > 0) {
    return std::string(1, 't') +
           std::string(reinterpret_cast<const char*>(view.bytes + message.token_offset),
                       message.token_length);
  }
  if (view.framing != coap::Framing::kDatagram) return {};
  return std::string(1, 'm') + std::to_string(message.message_id);
}

}  // namespace lwm2m::plugin
