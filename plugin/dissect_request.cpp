// LwM2M requests: Register, Update, De-register, Bootstrap-Request, Bootstrap-Finish.
#include <charconv>
#include <optional>
#include <string>
#include <vector>

#include "dissect.h"
#include "expert_items.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/query.h"
#include "lwm2m/registrations.h"
#include "lwm2m_protocol.h"
#include "name_text.h"
#include "output_demand.h"
#include "peer_name.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {
namespace {

constexpr std::size_t kMaxListedParameters = 64;

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

// Fills `out`, whose vectors keep their capacity from the last request (see Scratch).
void collect_options(const CoapMessageView& view, RequestOptions& out) {
  out.path.clear();
  out.first_path = nullptr;
  out.last_path = nullptr;
  out.query.clear();
  out.query_text.clear();
  out.block1.reset();
  out.block1_option = nullptr;
  out.content_format.reset();
  const std::size_t count = view.message.options.size();
  out.path.reserve(count);
  out.query.reserve(count);
  out.query_text.reserve(count);
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
}

// What a request is read into, kept from one request to the next so that reading one allocates
// nothing once the buffers have grown: dissection runs on one thread, one message at a time, and
// nothing keeps these past dissect_request.
struct Scratch {
  RequestOptions options;
  std::vector<std::string_view> segments;
  Query query;
};

Scratch& scratch() {
  static Scratch buffers;
  return buffers;
}

// Path and query identify a Block1 transfer: every block repeats them.
std::string transfer_key(const RequestOptions& options) {
  std::string key;
  for (std::string_view segment : options.path) key.append(segment).push_back('/');
  for (std::string_view query : options.query_text) key.append(query).push_back('&');
  return key;
}

// The name and type a request carries, and what the rules say of the name: worked out once per
// message, for the tree, the Info column and the first pass's record.
struct NameVerdict {
  const QueryParam* ep = nullptr;
  const QueryParam* ept = nullptr;
  EptParse type;
  std::optional<NameCheck> check;  // when the request carries an ep and takes one
  NameLayout layout;               // how `check` read the name
};

NameVerdict judge_name(const Query& query, Operation operation) {
  NameVerdict verdict;
  // De-register and Bootstrap-Finish take no name: any ep there is an unknown parameter.
  if (!takes_parameter(operation, ParamKey::kEndpointName)) return verdict;
  verdict.ep = query.find(ParamKey::kEndpointName);
  verdict.ept = query.find(ParamKey::kEndpointNameType);
  if (verdict.ept) verdict.type = parse_ept(verdict.ept->value);
  if (verdict.ep) {
    std::optional<std::string_view> ept_text;
    if (verdict.ept) ept_text = verdict.ept->value;
    // Only the operations that must name their type are judged without one (an Update's ep may
    // come alone: its type is the registration's).
    const bool ept_required = prefs.ept_required && requires_endpoint_name(operation);
    verdict.check = check_endpoint_pair(ept_text, verdict.ep->value, ept_required, &vendor_types(),
                                        &verdict.layout);
  }
  return verdict;
}

// The ept a registration's naming record sent (none when there is no such record).
std::optional<std::string_view> named_ept_text(const MessageRecord* named) {
  return named ? named->ept_text : std::nullopt;
}

// How a registration ended, for "<Update> of a registration that ... in frame N".
const char* end_words(Registration::End end) {
  switch (end) {
    case Registration::End::kDeregistered:
      return "was de-registered";
    case Registration::End::kReplaced:
      return "a new Register replaced";
    case Registration::End::kNotFound:
      return "the server said it no longer had (4.04 Not Found)";
    case Registration::End::kNone:
      break;
  }
  return "ended";
}

// The same, for the Info column.
const char* end_note(Registration::End end) {
  switch (end) {
    case Registration::End::kDeregistered:
      return "after its De-register";
    case Registration::End::kReplaced:
      return "after a new Register";
    case Registration::End::kNotFound:
      return "after the server lost it";
    case Registration::End::kNone:
      break;
  }
  return "after it ended";
}

std::string_view payload_of(const CoapMessageView& view) {
  return {reinterpret_cast<const char*>(view.bytes + view.message.payload_offset),
          view.message.payload_length};
}

// Builds the subtree of one request. Labels and printable copies are only made when someone will
// see them (a visible tree, a referenced field, a column), so tshark's plain passes stay cheap.
class RequestDissector {
 public:
  // `pair_check`: for an Update that sends ept without ep, the verdict on that type with its
  // registration's name.
  RequestDissector(const MessageContext& context, Operation operation,
                   const RequestOptions& options, const Query& query, const NameVerdict& verdict,
                   const NameCheck* pair_check, std::string* info)
      : view_(context.message),
        pinfo_(context.pinfo),
        operation_(operation),
        options_(options),
        query_(query),
        verdict_(verdict),
        pair_check_(pair_check),
        info_(info) {
    root_ = proto_tree_add_item(context.tree, proto_lwm2m, view_.tvb, view_.offset,
                                static_cast<gint>(view_.message.length), ENC_NA);
    tree_ = proto_item_add_subtree(root_, ett.lwm2m);
    labels_shown_ = labels_shown(context.tree);
    // The first pass keeps its expert items for passes without a tree: it always checks.
    value_checks_wanted_ =
        !PINFO_FD_VISITED(context.pinfo) || expert_wanted(context.tree, ei.param_invalid);
  }

  ~RequestDissector() {
    // One label write per message: formatting labels is a large part of a dissector's cost.
    if (labels_shown_ && !label_.empty()) proto_item_append_text(root_, "%s", label_.c_str());
  }

  void dissect(const MessageRecord& record, std::string_view location) {
    record_ = &record;
    std::string_view name = operation_name(operation_);
    append_label(", ");
    append_label(name);
    append_info("LwM2M ");
    append_info(name);
    add_operation(tree_, view_.tvb, operation_);
    add_undelivered(pinfo_, tree_, root_, view_.tvb, record);
    // A retransmission is in its first transmission's exchange: that one's response answers it.
    const MessageRecord& exchange =
        record.extra().retransmission_of ? *record.extra().retransmission_of : record;
    if (record.extra().retransmission_of) {
      proto_item_set_generated(proto_tree_add_uint(tree_, hf.retransmission_of, view_.tvb, 0, 0,
                                                   record.extra().retransmission_of->frame));
    }
    if (exchange.peer_frame) {
      proto_item_set_generated(
          proto_tree_add_uint(tree_, hf.response_in, view_.tvb, 0, 0, exchange.peer_frame));
    }
    if (!location.empty()) add_location(location);
    if (options_.block1) add_block_number();
    if (options_.block1 && options_.block1->number > 0) {
      add_continuation(record);
      if (record.extra().retransmission_of) append_info(" [Retransmission]");
      return;
    }
    add_parameters();
    add_request_certificate(pinfo_, tree_, view_.tvb, record, info_);
    add_registration(record);
    if (record.extra().bootstrap) add_bootstrap(*record.extra().bootstrap);
    if (!options_.block1 || !options_.block1->more) add_object_links_of(payload_of(view_));
    if (operation_ == Operation::kRegister && !options_.block1 &&
        view_.message.payload_length == 0) {
      add_expert(pinfo_, root_, &ei.objects_missing,
                 "Register without Objects and Object Instances: the payload is "
                 "empty, but Table 3 makes them required");
      append_info(" [no objects]");
    }
    // CoAP's own mark, which the LwM2M Info text replaces.
    if (record.extra().retransmission_of) append_info(" [Retransmission]");
  }

 private:
  void append_info(std::string_view text) {
    if (info_) info_->append(text);
  }

  void append_label(std::string_view text) {
    if (labels_shown_) label_.append(text);
  }

  proto_item* add_generated_string(int field, std::string_view value) {
    std::string text(value);
    proto_item* item = proto_tree_add_string(tree_, field, view_.tvb, 0, 0, text.c_str());
    proto_item_set_generated(item);
    return item;
  }

  // A string field over its own bytes, valued with their printable form: a NUL or a byte that is
  // not UTF-8 in a name shows as \xNN instead of cutting the string short.
  proto_item* add_text(int field, int start, int length) {
    if (!proto_field_is_referenced(tree_, field)) {
      return proto_tree_add_string(tree_, field, view_.tvb, start, length, "");
    }
    const char* bytes = reinterpret_cast<const char*>(view_.bytes) + (start - view_.offset);
    std::string value = printable({bytes, static_cast<std::size_t>(length)});
    return proto_tree_add_string(tree_, field, view_.tvb, start, length, value.c_str());
  }

  void add_location(std::string_view location) {
    int start = 0;
    int length = 0;
    if (options_.first_path) {
      start = view_.tvb_offset(options_.first_path->offset);
      length = view_.tvb_offset(options_.last_path->offset + options_.last_path->length) - start;
    }
    std::string text(location);
    proto_tree_add_string(tree_, hf.location, view_.tvb, start, length, text.c_str());
    if (info_) {
      info_->push_back(' ');
      info_->append(column_text(location));
    }
  }

  void add_block_number() {
    const coap::Option& option = *options_.block1_option;
    proto_tree_add_uint(tree_, hf.block_number, view_.tvb, view_.tvb_offset(option.offset),
                        static_cast<gint>(option.length), options_.block1->number);
  }

  // A Block1 block after the first: the parameters were decoded on block 0; the name and type
  // are the transfer's, as generated fields.
  void add_continuation(const MessageRecord& record) {
    add_generated_name(tree_, view_.tvb, record);
    append_info(" (Block1 #" + std::to_string(options_.block1->number));
    if (record.extra().block_first_frame) {
      proto_item_set_generated(proto_tree_add_uint(tree_, hf.block_first, view_.tvb, 0, 0,
                                                   record.extra().block_first_frame));
      append_info(", continues frame " + std::to_string(record.extra().block_first_frame));
    }
    append_info(options_.block1->more ? ")" : ", last)");
    if (record.reassembly_incomplete) {
      add_expert(pinfo_, root_, &ei.block_incomplete,
                 "Block1 transfer incomplete: earlier blocks are not in the capture, "
                 "the payload is not decoded");
    }
    if (record.extra().reassembled_payload && !record.extra().reassembled_payload->empty() &&
        carries_object_links()) {
      std::string_view payload = *record.extra().reassembled_payload;
      // The record outlives the tvb: it is kept until the capture is closed.
      tvbuff_t* whole = tvb_new_child_real_data(
          view_.tvb, reinterpret_cast<const guint8*>(payload.data()),
          static_cast<guint>(payload.size()), static_cast<gint>(payload.size()));
      add_new_data_source(pinfo_, whole, "Reassembled Block1 payload");
      add_object_links(tree_, pinfo_, whole, 0, payload);
    }
  }

  // Each Uri-Query option becomes its own item over its own bytes.
  void add_parameters() {
    proto_item* ep_item = nullptr;
    proto_item* ept_item = nullptr;
    std::size_t listed = 0;
    for (const QueryParam& param : query_.params) {
      // A hostile request can carry thousands of options: the first ones say enough.
      if (listed == kMaxListedParameters) {
        add_expert(pinfo_, root_, &ei.undecoded, "%zu more query parameters are not shown",
                   query_.params.size() - listed);
        break;
      }
      proto_item* item = add_parameter(param);
      ++listed;
      if (!param.repeated && param.key == ParamKey::kEndpointName) ep_item = item;
      if (!param.repeated && param.key == ParamKey::kEndpointNameType) ept_item = item;
    }
    if (takes_parameter(operation_, ParamKey::kEndpointName)) check_name(ep_item, ept_item);
  }

  // What the capture's registrations say of this request (section 5.2.1): a Register's clash
  // with a live registration and the lifetime it asks for; an Update's or De-register's
  // registration, found at its location.
  void add_registration(const MessageRecord& record) {
    if (operation_ == Operation::kRegister) {
      add_lifetime(record.lifetime);
      add_name_clash(record);
    } else if (addresses_registration(operation_)) {
      add_registration_of_location(record);
    }
  }

  // A Bootstrap-Finish: the client it ends the bootstrap of, by its Bootstrap-Request.
  void add_bootstrap(const MessageRecord& bootstrap) {
    proto_item_set_generated(
        proto_tree_add_uint(tree_, hf.bootstrap_in, view_.tvb, 0, 0, bootstrap.frame));
    if (!bootstrap.ep) return;
    add_generated_name(tree_, view_.tvb, bootstrap);
    if (labels_shown_ || info_) {
      const std::string shown =
          column_text(*bootstrap.ep) + " " + type_label(bootstrap.ept_text, bootstrap.ept);
      append_label(", ep=" + shown);
      append_info(" ep=" + shown);
    }
  }

  // The lifetime the Register asks for: its lt, or Table 3's default.
  void add_lifetime(std::optional<uint32_t> asked) {
    proto_item* item =
        proto_tree_add_uint(tree_, hf.lifetime, view_.tvb, 0, 0, asked.value_or(kDefaultLifetime));
    proto_item_set_generated(item);
    if (!asked) proto_item_append_text(item, " (default)");
  }

  void add_name_clash(const MessageRecord& record) {
    if (!record.extra().duplicate_of && !record.extra().other_type_of) return;
    const std::string name = record.ep ? printable(*record.ep) : std::string();
    if (const Registration* live = record.extra().duplicate_of) {
      proto_item* item = proto_tree_add_uint(tree_, hf.ep_duplicate_of, view_.tvb, 0, 0,
                                             static_cast<guint32>(live->register_frame));
      proto_item_set_generated(item);
      if (record.ept) {
        add_expert(
            pinfo_, item, &ei.ep_duplicate,
            "Duplicate Endpoint Client Name: ep=%s with ept %u is already registered with this "
            "server by %s (frame %u, %s)",
            name.c_str(), *record.ept, std::string(live->client_name).c_str(),
            static_cast<unsigned>(live->register_frame), printable(live->location).c_str());
      } else {
        add_expert(
            pinfo_, item, &ei.ep_duplicate,
            "Duplicate Endpoint Client Name: ep=%s is already registered with this server by %s "
            "(frame %u, %s); both lack a usable ept (%s, %s): only the names compare",
            name.c_str(), std::string(live->client_name).c_str(),
            static_cast<unsigned>(live->register_frame), printable(live->location).c_str(),
            ept_sent_text(record.ept_text).c_str(),
            ept_sent_text(named_ept_text(record.extra().duplicate_named_by)).c_str());
      }
      append_info(" [DUPLICATE of frame " + std::to_string(live->register_frame) + "]");
    }
    if (const Registration* other = record.extra().other_type_of) {
      proto_item* item = proto_tree_add_uint(tree_, hf.ep_other_type_in, view_.tvb, 0, 0,
                                             static_cast<guint32>(other->register_frame));
      proto_item_set_generated(item);
      // The type it had then: a registration can be renamed later.
      const MessageRecord* named = record.extra().other_type_named_by;
      const std::optional<uint8_t> other_ept = named ? named->ept : other->ept;
      const std::string type =
          other_ept ? "under ept " + std::to_string(*other_ept)
                    : "without a usable ept (" + ept_sent_text(named_ept_text(named)) + ")";
      add_expert(pinfo_, item, &ei.ep_other_type,
                 "ep=%s is also registered with this server %s by %s (frame %u): "
                 "names are unique within their type, so this is not a duplicate",
                 name.c_str(), type.c_str(), std::string(other->client_name).c_str(),
                 static_cast<unsigned>(other->register_frame));
    }
  }

  // An Update or De-register of a registration the capture has no 2.01 for: what is missing.
  void add_unknown_registration(const MessageRecord& record) {
    const MessageRecord* sent = record.extra().register_without_registration;
    if (!sent) {
      add_expert(pinfo_, root_, &ei.registration_unknown,
                 "The Register of this registration is not in the capture: its "
                 "Endpoint Client Name is unknown");
      append_info(" [no Register in capture]");
      return;
    }
    const unsigned frame = static_cast<unsigned>(sent->frame);
    if (sent->registered) {
      const std::string location = record.location ? printable(*record.location) : "";
      add_expert(pinfo_, root_, &ei.registration_unknown,
                 "No 2.01 in the capture hands out %s: the Register of frame %u from this host "
                 "was given another location",
                 location.c_str(), frame);
      append_info(" [no 2.01 for " + column_text(location) + " in capture]");
    } else if (!sent->peer_frame) {
      add_expert(pinfo_, root_, &ei.registration_unknown,
                 "No 2.01 made this registration: the Register of frame %u from this host got "
                 "no answer in the capture",
                 frame);
      append_info(" [Register of frame " + std::to_string(frame) + " got no answer]");
    } else {
      add_expert(pinfo_, root_, &ei.registration_unknown,
                 "No 2.01 made this registration: the server refused the Register of frame %u "
                 "from this host (frame %u)",
                 frame, static_cast<unsigned>(sent->peer_frame));
      append_info(" [Register of frame " + std::to_string(frame) + " refused]");
    }
  }

  void add_registration_of_location(const MessageRecord& record) {
    std::string operation(operation_name(operation_));
    if (record.registration_unknown) {
      add_unknown_registration(record);
      return;
    }
    const Registration* registration = record.registration;
    const MessageRecord* named = record.registration_name;
    if (!registration || !named) return;
    proto_item_set_generated(
        proto_tree_add_uint(tree_, hf.registration_in, view_.tvb, 0, 0,
                            static_cast<guint32>(registration->register_frame)));
    const std::string name = named->ep ? printable(*named->ep) : std::string();
    proto_item_set_generated(
        proto_tree_add_string(tree_, hf.registration_ep, view_.tvb, 0, 0, name.c_str()));
    if (named->ept) {
      proto_item_set_generated(
          proto_tree_add_uint(tree_, hf.registration_ept, view_.tvb, 0, 0, *named->ept));
    }
    if (!verdict_.ep) {
      // The name and type the request is about: its registration's, as generated fields.
      proto_item_set_generated(proto_tree_add_string(tree_, hf.ep, view_.tvb, 0, 0, name.c_str()));
      if (record.ept && !verdict_.ept) {
        proto_item_set_generated(proto_tree_add_uint(tree_, hf.ept, view_.tvb, 0, 0, *record.ept));
      }
      proto_item_set_generated(
          proto_tree_add_boolean(tree_, hf.ep_valid, view_.tvb, 0, 0, record.name_valid));
      // An Update's ept alone is judged with the registration's name.
      if (pair_check_) {
        for (const std::string& problem : pair_check_->problems) {
          proto_item* item =
              proto_tree_add_string(tree_, hf.ep_problem, view_.tvb, 0, 0, problem.c_str());
          proto_item_set_generated(item);
          add_expert(pinfo_, item, &ei.ep_invalid, "Invalid Endpoint Client Name: %s",
                     problem.c_str());
        }
      }
      if (labels_shown_ || info_) {
        const std::string shown = named->ep ? column_text(*named->ep) : std::string();
        const std::string label = type_label(record.ept_text, record.ept);
        append_label(", ep=" + shown + " " + label);
        append_info(" ep=" + shown + " " + label);
        if (pair_check_) append_invalid(*pair_check_);
      }
    }
    if (record.renames) {
      add_expert(pinfo_, root_, &ei.update_renamed,
                 "Update names ep=%s (%s) but the registration of frame %u is ep=%s "
                 "(%s)",
                 record.ep ? printable(*record.ep).c_str() : "",
                 type_words(record.ept, record.ept_text).c_str(),
                 static_cast<unsigned>(registration->register_frame), name.c_str(),
                 type_words(named->ept, named->ept_text).c_str());
      append_info(" [RENAMES frame " + std::to_string(registration->register_frame) + "]");
    }
    if (record.other_client) {
      add_expert(pinfo_, root_, &ei.registration_other_client,
                 "%s from %s, but the registration of frame %u belongs to %s", operation.c_str(),
                 peer_name(pinfo_->src, pinfo_->srcport).c_str(),
                 static_cast<unsigned>(registration->register_frame),
                 std::string(registration->client_name).c_str());
    }
    if (record.extra().expired_for) {
      add_expert(pinfo_, root_, &ei.registration_expired,
                 "%s %s after the registration expired (lifetime %u s, Register in "
                 "frame %u)",
                 operation.c_str(), seconds_text(*record.extra().expired_for).c_str(),
                 record.registration_lifetime, static_cast<unsigned>(registration->register_frame));
      append_info(" [registration expired " + seconds_text(*record.extra().expired_for) +
                  " earlier]");
    } else if (record.registration_ended) {
      add_expert(pinfo_, root_, &ei.registration_ended, "%s of a registration that %s in frame %u",
                 operation.c_str(), end_words(record.registration_end),
                 static_cast<unsigned>(record.registration_end_frame));
      append_info(std::string(" [") + end_note(record.registration_end) + "]");
    }
  }

  proto_item* add_parameter(const QueryParam& param) {
    const coap::Option& option = *options_.query[param.option_index];
    int option_start = view_.tvb_offset(option.offset);
    int option_length = static_cast<int>(option.length);
    int value_start = option_start + static_cast<int>(param.value_offset);
    int value_length = static_cast<int>(param.value.size());
    proto_item* item = nullptr;

    if (param.repeated) {
      // Only the first occurrence is the parameter: a repeat is not its value.
      item = add_text(hf.param, option_start, option_length);
      add_expert(pinfo_, item, &ei.param_duplicate,
                 "Parameter '%s' is repeated; only its first occurrence is used",
                 column_text(param.name).c_str());
      return item;
    }
    if (param.key == ParamKey::kUnknown || !param.known_for_operation) {
      item = add_text(hf.param, option_start, option_length);
      add_expert(pinfo_, item, &ei.param_unknown,
                 "Unknown parameter '%s': %s does not take it (the server may answer "
                 "4.00 Bad Request)",
                 column_text(param.name).c_str(), std::string(operation_name(operation_)).c_str());
    } else {
      item = add_known_parameter(param, option_start, option_length, value_start, value_length);
      std::optional<std::string> problem;
      if (value_checks_wanted_) problem = check_param_value(param);
      if (problem) {
        add_expert(pinfo_, item, &ei.param_invalid, "Invalid parameter value: %s",
                   problem->c_str());
      }
    }
    return item;
  }

  proto_item* add_known_parameter(const QueryParam& param, int option_start, int option_length,
                                  int value_start, int value_length) {
    switch (param.key) {
      case ParamKey::kEndpointName:
        return add_text(hf.ep, value_start, value_length);
      case ParamKey::kEndpointNameType:
        if (auto type = parse_ept(param.value).type) {
          return proto_tree_add_uint(tree_, hf.ept, view_.tvb, value_start, value_length, *type);
        }
        return add_text(hf.ept_text, value_start, value_length);
      case ParamKey::kLifetime:
        if (auto lifetime = parse_lifetime(param.value)) {
          return proto_tree_add_uint(tree_, hf.lt, view_.tvb, value_start, value_length, *lifetime);
        }
        break;
      case ParamKey::kSmsNumber:
        return add_text(hf.sms, value_start, value_length);
      case ParamKey::kVersion:
        return add_text(hf.version, value_start, value_length);
      case ParamKey::kBinding:
        return add_text(hf.binding, value_start, value_length);
      case ParamKey::kQueueMode:
        return proto_tree_add_boolean(tree_, hf.queue, view_.tvb, option_start, option_length,
                                      true);
      case ParamKey::kPreferredContentType: {
        guint32 format = 0;
        const char* end = param.value.data() + param.value.size();
        if (!check_param_value(param) &&
            std::from_chars(param.value.data(), end, format).ptr == end) {
          return proto_tree_add_uint(tree_, hf.pct, view_.tvb, value_start, value_length, format);
        }
        break;
      }
      case ParamKey::kUnknown:
        break;
    }
    return add_text(hf.param, option_start, option_length);  // a value it cannot be typed as
  }

  // The Endpoint Client Name rules: the heart of the plugin.
  void check_name(proto_item* ep_item, proto_item* ept_item) {
    const bool name_required = requires_endpoint_name(operation_);
    const QueryParam* ep = verdict_.ep;
    const QueryParam* ept = verdict_.ept;
    std::string operation(operation_name(operation_));

    if (ept) {
      add_type_details(verdict_.type, ept_item);
    } else if (name_required && prefs.ept_required) {
      add_expert(pinfo_, root_, &ei.ept_missing,
                 "Endpoint Client Name Type (ept) is missing: %s requires it", operation.c_str());
    }

    if (!ep) {
      if (name_required) {
        add_expert(pinfo_, root_, &ei.ep_missing,
                   "Endpoint Client Name (ep) is missing: %s requires it", operation.c_str());
        append_info(" [ep missing]");
      }
      return;
    }

    const NameCheck& check = *verdict_.check;
    add_name_details(check, ep_item);
    // An Update's ep without ept is under its registration's type.
    const bool type_of_registration = !ept && record_ && record_->ept_text;
    if (type_of_registration && record_->ept) {
      proto_item_set_generated(proto_tree_add_uint(tree_, hf.ept, view_.tvb, 0, 0, *record_->ept));
    }
    if (!labels_shown_ && !info_) return;
    const std::string shown = column_text(ep->value);
    append_label(", ep=");
    append_label(shown);
    append_info(" ep=");
    append_info(shown);
    if (ept || name_required || type_of_registration) {
      std::optional<std::string_view> ept_text;
      std::optional<uint8_t> type = verdict_.type.type;
      if (ept) {
        ept_text = ept->value;
      } else if (type_of_registration) {
        ept_text = record_->ept_text;
        type = record_->ept;
      }
      const std::string label = type_label(ept_text, type);
      append_label(" ");
      append_label(label);
      append_info(" ");
      append_info(label);
    }
    append_invalid(check);
  }

  // The Info column's and label's mark of an invalid name, with its first problem.
  void append_invalid(const NameCheck& check) {
    if (check.valid()) return;
    append_label(" [INVALID NAME]");
    append_info(" [INVALID: ");
    append_info(check.problems.front());
    if (check.problems.size() > 1) {
      append_info(" (+" + std::to_string(check.problems.size() - 1) + " more)");
    }
    append_info("]");
  }

  void add_type_details(const EptParse& type, proto_item* ept_item) {
    if (!type.type) {
      add_expert(pinfo_, ept_item, &ei.ept_invalid, "Invalid Endpoint Client Name Type: %s",
                 type.problem.c_str());
      return;
    }
    proto_tree* subtree = proto_item_add_subtree(ept_item, ett.ept);
    std::string name(ept_type_name(*type.type));
    proto_item_set_generated(
        proto_tree_add_string(subtree, hf.ept_name, view_.tvb, 0, 0, name.c_str()));
    if (ept_kind(*type.type) == EptKind::kReservedOma) {
      add_expert(pinfo_, ept_item, &ei.ept_reserved,
                 "Endpoint Client Name Type %u is reserved for future OMA use", *type.type);
    }
  }

  void add_name_details(const NameCheck& check, proto_item* ep_item) {
    proto_tree* subtree = proto_item_add_subtree(ep_item, ett.ep);
    std::string form(name_form_label(check.form));
    proto_item_set_generated(
        proto_tree_add_string(subtree, hf.ep_format, view_.tvb, 0, 0, form.c_str()));
    proto_item_set_generated(
        proto_tree_add_boolean(subtree, hf.ep_valid, view_.tvb, 0, 0, check.valid()));
    for (const std::string& problem : check.problems) {
      proto_item_set_generated(
          proto_tree_add_string(subtree, hf.ep_problem, view_.tvb, 0, 0, problem.c_str()));
      add_expert(pinfo_, ep_item, &ei.ep_invalid, "Invalid Endpoint Client Name: %s",
                 problem.c_str());
    }
  }

  bool carries_object_links() const {
    return lwm2m::carries_object_links(operation_) &&
           (!options_.content_format || *options_.content_format == coap::kLinkFormat);
  }

  void add_object_links_of(std::string_view payload) {
    if (payload.empty() || !carries_object_links()) return;
    if (view_.truncated) {
      add_expert(pinfo_, root_, &ei.undecoded,
                 "The capture cut the payload short: the objects are not decoded");
      return;
    }
    add_object_links(tree_, pinfo_, view_.tvb, view_.tvb_offset(view_.message.payload_offset),
                     payload);
  }

  const CoapMessageView& view_;
  packet_info* pinfo_;
  Operation operation_;
  const RequestOptions& options_;
  const Query& query_;
  const NameVerdict& verdict_;
  const NameCheck* pair_check_;
  const MessageRecord* record_ = nullptr;  // set by dissect()
  std::string* info_;
  std::string label_;  // appended to the protocol item's label when the dissector is done
  proto_item* root_ = nullptr;
  proto_tree* tree_ = nullptr;
  bool labels_shown_ = false;
  bool value_checks_wanted_ = false;  // someone will see lwm2m.param.invalid
};

// A later Block1 block or a retransmission: what the first one found of the name holds for it.
void take_clashes_of(const MessageRecord& first, MessageRecord& record) {
  const MessageRecordExtra& found = first.extra();
  if (!found.duplicate_of && !found.other_type_of) return;  // most Registers: nothing to set
  MessageRecordExtra& extra = record.set_extra();
  extra.duplicate_of = found.duplicate_of;
  extra.other_type_of = found.other_type_of;
  extra.duplicate_named_by = found.duplicate_named_by;
  extra.other_type_named_by = found.other_type_named_by;
}

// An Update or De-register of an unknown registration: the newest Register from its host to its
// server, if any.
void note_register_without_registration(const MessageContext& context, MessageRecord& record) {
  if (const MessageRecord* newest = context.state.register_from(context.pinfo)) {
    record.set_extra().register_without_registration = newest;
  }
}

// An Update's or De-register's registration, found at its location, as it stood when the
// request was sent (the registration itself changes later).
void apply(const Lookup& lookup, const MessageContext& context, MessageRecord& record) {
  record.registration = lookup.registration;
  record.registration_unknown = lookup.registration == nullptr;
  if (lookup.expired_for) record.set_extra().expired_for = lookup.expired_for;
  record.registration_ended = lookup.ended;
  if (!lookup.registration) return;
  const Registration& registration = *lookup.registration;
  record.registration_end = registration.end;
  record.registration_end_frame = static_cast<uint32_t>(registration.end_frame);
  record.registration_lifetime = registration.lifetime;
  // Another port of the same host is the same client: many open a socket per request, and NATs
  // rebind ports.
  record.other_client = registration.client_host != source_host_of(context.pinfo);
  const MessageRecord* named = context.state.registration_name(registration);
  record.registration_name = named;
  if (!named) return;
  if (record.own_name || record.ept_text) {
    // The seed's Update may name the registration (Table 16): does it name it otherwise?
    const bool other_ep =
        record.own_name && named->ep && !same_endpoint_name(*record.ep, *named->ep);
    const bool other_ept = record.ept_text && record.ept != named->ept;
    record.renames = other_ep || other_ept;
  }
  // What the Update does not say is the registration's.
  if (!record.ept_text) {
    record.ept = named->ept;
    record.ept_text = named->ept_text;
  }
  if (!record.own_name) {
    record.ep = named->ep;
    record.name_valid = named->name_valid;
    record.form = named->form;
  }
}

// An Update that sends only one half of the name's pair (ep without ept, or ept without ep) is
// judged with the other half its registration has. Null when there is nothing to judge again.
std::optional<NameCheck> judge_with_registration(const NameVerdict& verdict,
                                                 const MessageRecord& record) {
  if (record.operation != Operation::kUpdate || !record.registration_name || !record.ep) {
    return std::nullopt;
  }
  if ((verdict.ep != nullptr) == (verdict.ept != nullptr)) return std::nullopt;
  return check_endpoint_pair(record.ept_text, *record.ep, prefs.ept_required, &vendor_types());
}

// First pass only: remembers what later frames and passes need, and keeps the capture's
// registrations up to date.
MessageRecord* remember(const MessageContext& context, const RequestOptions& options,
                        const Query& query, const NameVerdict& verdict, Operation operation,
                        std::string_view location) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  MessageRecord& record = *CaptureState::add(pinfo, view.index);
  record.operation = operation;
  record.time = pinfo->abs_ts;
  record.sent_at = context.state.now_seconds();
  const MessageRecord* original = context.state.add_request(pinfo, view.ids, &record);
  const bool later_block = options.block1 && options.block1->number > 0;
  if (options.block1 && !view.truncated) {
    CaptureState::BlockResult block =
        context.state.add_block(context.conversation.id(), transfer_key(options), *options.block1,
                                payload_of(view), &record);
    if (later_block) {
      record.set_extra().block_first_frame = block.first_frame;
      // What block 0 found of the name holds for the transfer, whose last block is answered.
      if (block.first) take_clashes_of(*block.first, record);
    }
    if (block.whole_payload)
      record.set_extra().reassembled_payload = CaptureState::keep_text(*block.whole_payload);
    record.reassembly_incomplete = block.incomplete;
  }
  if (verdict.ept) {
    record.ept_text = CaptureState::keep_text(verdict.ept->value);
    record.ept = verdict.type.type;
  }
  if (verdict.ep) {
    record.own_name = true;
    record.ep = CaptureState::keep_text(verdict.ep->value);
    record.name_valid = verdict.check->valid();
    record.form = verdict.check->form;
  }
  if (const QueryParam* lt = query.find(ParamKey::kLifetime)) {
    record.lifetime = parse_lifetime(lt->value);
  }
  if (!location.empty()) record.location = CaptureState::keep_text(location);
  check_request_certificate(view, context.conversation, context.state, record);
  if (original) {
    // The same request again: it changes no registration, and it shows what the first
    // transmission found.
    MessageRecordExtra& extra = record.set_extra();
    const MessageRecordExtra& first = original->extra();
    extra.retransmission_of = original;
    take_clashes_of(*original, record);
    record.registration = original->registration;
    record.registration_name = original->registration_name;
    record.registration_unknown = original->registration_unknown;
    extra.expired_for = first.expired_for;
    record.registration_ended = original->registration_ended;
    record.registration_end = original->registration_end;
    record.registration_end_frame = original->registration_end_frame;
    record.registration_lifetime = original->registration_lifetime;
    record.renames = original->renames;
    record.other_client = original->other_client;
    extra.register_without_registration = first.register_without_registration;
    if (!record.own_name) record.take_name_of(*original);
    return &record;
  }

  RegistrationBook& book = context.state.registrations();
  const double time = record.sent_at;
  const PeerId server = destination_of(pinfo);
  switch (operation) {
    case Operation::kRegister:
      if (!later_block) context.state.add_register(pinfo, &record);
      if (verdict.ep && !later_block) {
        NameClash clash =
            book.check_register(server, source_of(pinfo), record.ept, verdict.ep->value, time,
                                is_canonical_endpoint_name(verdict.ep->value, verdict.layout));
        if (clash.duplicate) {
          record.set_extra().duplicate_of = clash.duplicate;
          record.set_extra().duplicate_named_by = context.state.registration_name(*clash.duplicate);
        }
        if (clash.other_type) {
          record.set_extra().other_type_of = clash.other_type;
          record.set_extra().other_type_named_by =
              context.state.registration_name(*clash.other_type);
        }
      }
      break;
    case Operation::kUpdate:
      // The server's answer decides what the Update changes (dissect_response.cpp).
      apply(book.find(server, location, time), context, record);
      if (record.registration_unknown) note_register_without_registration(context, record);
      break;
    case Operation::kDeregister: {
      const Lookup lookup = book.find(server, location, time);
      apply(lookup, context, record);
      if (record.registration_unknown) note_register_without_registration(context, record);
      // It ends here, unless the server's answer says otherwise: a capture may hold no answer.
      if (lookup.registration && !lookup.ended) {
        book.end(*lookup.registration, Registration::End::kDeregistered, pinfo->num);
      }
      break;
    }
    case Operation::kBootstrapRequest:
      context.state.add_bootstrap(source_of(pinfo), server, &record);
      break;
    case Operation::kBootstrapFinish:
      // The bootstrap server ends the bootstrap of the client it sends this to.
      if (const MessageRecord* bootstrap = context.state.bootstrap_of(server, source_of(pinfo))) {
        record.set_extra().bootstrap = bootstrap;
        record.take_name_of(*bootstrap);
      }
      break;
    default:
      break;
  }
  return &record;
}

// Who sent a request: a client when a bootstrap server of the capture receives it, a server
// when one sends it, else as the well-known ports say.
Sender sender_of(const MessageContext& context) {
  const CaptureState& state = context.state;
  if (state.is_bootstrap_server(destination_of(context.pinfo))) return Sender::kClient;
  if (state.is_bootstrap_server(source_of(context.pinfo))) return Sender::kServer;
  return sender_by_ports(static_cast<uint16_t>(context.pinfo->srcport),
                         static_cast<uint16_t>(context.pinfo->destport));
}

}  // namespace

const MessageRecord* dissect_request(const MessageContext& context, std::string* info) {
  const CoapMessageView& view = context.message;
  const bool first_pass = !PINFO_FD_VISITED(context.pinfo);
  // Any other request is dissect_conversation's, which opens its exchange.
  uint8_t method = view.message.code;
  // Registration and bootstrap operations are POST, PUT or DELETE; skip the rest early.
  if (method != coap::kPost && method != coap::kPut && method != coap::kDelete) return nullptr;

  Scratch& buffers = scratch();
  RequestOptions& options = buffers.options;
  collect_options(view, options);
  std::vector<std::string_view>& segments = buffers.segments;
  path_segments(options.path, segments);
  const MessageRecord* record = nullptr;
  Operation operation = Operation::kNone;

  if (first_pass) {
    operation = classify_request(method, segments, options.query.size()).operation;
    if (operation == Operation::kBootstrapFinish) {
      // A query-less POST /bs: who sent it decides what it is.
      operation = classify_request(method, segments, 0, false, sender_of(context)).operation;
    }
    // A location the capture handed out that does not look like one: only then look it up.
    if (operation == Operation::kNone &&
        context.state.is_location(context.conversation, segments)) {
      operation = classify_request(method, segments, options.query.size(), true).operation;
    }
    if (operation == Operation::kNone) return nullptr;
  } else {
    record = CaptureState::find(context.pinfo, view.index);
    if (!record || record->is_response || !is_registration_or_bootstrap_request(record->operation))
      return nullptr;
    operation = record->operation;
  }

  Query& query = buffers.query;
  parse_query(options.query_text, operation, query);
  NameVerdict verdict = judge_name(query, operation);
  std::string location;
  if (addresses_registration(operation)) location = join_path(segments);
  if (!record) {
    MessageRecord* fresh = remember(context, options, query, verdict, operation, location);
    if (std::optional<NameCheck> check = judge_with_registration(verdict, *fresh)) {
      fresh->name_valid = check->valid();
      fresh->form = check->form;
    }
    record = fresh;
  }
  std::optional<NameCheck> pair_check = judge_with_registration(verdict, *record);
  if (pair_check && verdict.ep) {
    verdict.check = std::move(pair_check);
    pair_check.reset();
  }
  RequestDissector(context, operation, options, query, verdict, pair_check ? &*pair_check : nullptr,
                   info)
      .dissect(*record, location);
  return record;
}

}  // namespace lwm2m::plugin
