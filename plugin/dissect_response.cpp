// Responses to LwM2M requests: which operation they answer, the registration location a
// Register's 2.01 hands out, and the 4.09 Conflict the change request adds for duplicate names.
#include <algorithm>
#include <string>
#include <vector>

#include "dissect.h"
#include "expert_items.h"
#include "lwm2m/coap_code.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/operation.h"
#include "lwm2m/printable.h"
#include "lwm2m/registrations.h"
#include "lwm2m/response_code.h"
#include "lwm2m/response_reason.h"
#include "lwm2m_protocol.h"
#include "name_text.h"
#include "operation_text.h"
#include "output_demand.h"
#include "peer_name.h"

namespace lwm2m::plugin {
namespace {

struct LocationOptions {
  std::vector<std::string_view> path;
  int start = 0;
  int length = 0;
};

// Fills `out`, whose vector keeps its capacity from the last answer (see LazyLocation).
void collect_location(const CoapMessageView& view, LocationOptions& out) {
  out.path.clear();
  out.start = 0;
  out.length = 0;
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
}

// The buffers an answer's location is read into, kept from one answer to the next so that reading
// one allocates nothing once they have grown: dissection runs on one thread, one message at a
// time, and nothing keeps them past dissect_response.
struct LocationBuffers {
  LocationOptions options;
  std::vector<std::string_view> segments;
};

LocationBuffers& location_buffers() {
  static LocationBuffers buffers;
  return buffers;
}

// The answer's Location-Path, read once per message when first asked for.
class LazyLocation {
 public:
  explicit LazyLocation(const CoapMessageView& view) : view_(view) {}
  const LocationOptions& get() {
    if (!read_) {
      collect_location(view_, options_);
      read_ = true;
    }
    return options_;
  }

 private:
  const CoapMessageView& view_;
  LocationOptions& options_ = location_buffers().options;
  bool read_ = false;
};

// A Register's 2.01 makes the registration its Location-Path names.
void remember_registration(const MessageContext& context, MessageRecord& record,
                           LazyLocation& lazy_location) {
  packet_info* pinfo = context.pinfo;
  const MessageRecord& request = *record.request;
  const LocationOptions& location = lazy_location.get();
  if (location.path.empty()) return;
  std::vector<std::string_view>& segments = location_buffers().segments;
  path_segments(location.path, segments);
  const std::string path = join_path(segments);
  record.location = CaptureState::keep_text(path);
  // Locations shaped like …/rd/{id} are recognised by their shape; only others are kept.
  if (!looks_like_registration_location(segments))
    context.state.add_location(context.conversation.id(), segments);

  Registration registration;
  registration.server = source_of(pinfo);
  registration.client = destination_of(pinfo);
  registration.client_host = destination_host_of(pinfo);
  // The book keeps views: of the capture's memory, as the records' texts are.
  registration.client_name = CaptureState::keep(peer_name(pinfo->dst, pinfo->destport));
  registration.ept = request.ept;
  registration.ept_text = request.ept_text;
  registration.ep = request.ep.value_or(std::string_view());
  registration.name_valid = request.name_valid;
  registration.location = *record.location;
  // A Block1 Register is the transfer's block 0.
  registration.register_frame =
      request.extra().block_first_frame ? request.extra().block_first_frame : request.frame;
  registration.lifetime = request.lifetime.value_or(kDefaultLifetime);
  registration.refreshed_at = context.state.now_seconds();
  const Added added = context.state.registrations().add(std::move(registration));
  record.registration = added.registration;
  if (added.replaced) record.set_extra().replaced = added.replaced;
  if (added.location_in_use) record.set_extra().location_in_use = added.location_in_use;
  record.lifetime_in_force = added.registration->lifetime;
  record.time = pinfo->abs_ts;  // expiry: the registration's clock starts with its 2.01
  record.time.secs += static_cast<time_t>(*record.lifetime_in_force);
  context.state.set_registration_name(*added.registration, &request);
  // Records are the capture state's own memory: the Register learns it was accepted.
  const_cast<MessageRecord&>(request).registered = true;
}

// The server's answer to an Update or a De-register decides what happens to the registration:
// only a success refreshes (or renames) it, a 4.04 says the server no longer has it.
void remember_answer_to_registration(const MessageContext& context, MessageRecord& record) {
  const MessageRecord& request = *record.request;
  // Only an answer about a registration the request found still there changes it, and only a
  // final answer (a Block1 transfer's 2.31 Continue is not).
  if (!request.registration || request.registration_ended) return;
  if (record.code == coap::kContinue) return;
  const Registration& registration = *request.registration;
  RegistrationBook& book = context.state.registrations();
  const bool success = !record.reset && coap::code_class(record.code) == 2;
  if (record.code == coap::kNotFound) {
    // A De-register ended it already: the 4.04 says why it found nothing.
    book.end(registration, Registration::End::kNotFound, context.pinfo->num, request.frame);
    record.ended_by_answer = true;
    return;
  }
  if (request.operation == Operation::kDeregister) {
    if (!success) {
      book.reopen(registration, request.frame);
      record.deregister_refused = registration.end == Registration::End::kNone;
    }
    return;
  }
  if (!success) return;
  if (const std::optional<double> late =
          book.accept_update(registration, request.sent_at, request.lifetime)) {
    record.set_extra().accepted_late = late;
  }
  if (registration.end != Registration::End::kNone) return;
  if (request.renames) {
    book.rename(registration, request.ept, request.ept_text,
                request.ep.value_or(std::string_view()), request.name_valid);
    context.state.set_registration_name(registration, &request);
  }
  record.lifetime_in_force = registration.lifetime;
  record.time = request.time;  // expiry: an accepted Update refreshes from when it was sent
  record.time.secs += static_cast<time_t>(registration.lifetime);
}

// First pass only: what the answer does to the capture's registrations and bootstraps.
void remember(const MessageContext& context, MessageRecord& record, LazyLocation& lazy_location) {
  const CoapMessageView& view = context.message;
  // A Reset's code field means nothing (RFC 7252 §4.2: a Reset is empty): it hands out nothing.
  record.code = record.reset ? 0 : view.message.code;
  const MessageRecord& request = *record.request;
  // The response's name and type are its request's.
  record.take_name_of(request);
  record.registration_name = request.registration_name;
  // A copy of an answer already seen changes nothing (its first copy did), but shows what it
  // carries.
  if (record.copy) {
    if (creates_registration(record.operation, record.code)) {
      const LocationOptions& location = lazy_location.get();
      if (!location.path.empty()) {
        record.location = CaptureState::keep_text(join_path(path_segments(location.path)));
      }
    }
    return;
  }
  if (request.operation == Operation::kBootstrapRequest && !record.reset) {
    context.state.add_bootstrap_server(source_of(context.pinfo));
  }
  if (creates_registration(record.operation, record.code)) {
    remember_registration(context, record, lazy_location);
  } else if (addresses_registration(record.operation)) {
    remember_answer_to_registration(context, record);
  }
}

// What the answer says of the server: a 4.09, and what the seed expects of a server.
void add_server_notes(const MessageContext& context, proto_item* root, const MessageRecord& record,
                      std::string* info) {
  packet_info* pinfo = context.pinfo;
  const MessageRecord& request = *record.request;
  // The name is written only into the expert items below, which few answers have.
  std::string name;
  auto request_name = [&request, &name]() -> const char* {
    if (name.empty()) name = request.ep ? printable(*request.ep) : std::string("(no ep)");
    return name.c_str();
  };
  if (record.code == coap::kConflict && requires_endpoint_name(record.operation)) {
    if (record.operation == Operation::kRegister) {
      add_expert(pinfo, root, &ei.conflict,
                 "4.09 Conflict: the server refused ep=%s (%s) as a duplicate "
                 "Endpoint Client Name",
                 request_name(), type_words(request.ept, request.ept_text).c_str());
      if (info) info->append(" [duplicate name refused: ").append(request_name()).append("]");
    } else {
      add_expert(pinfo, root, &ei.conflict,
                 "4.09 Conflict is not a response the seed defines for %s (Table 20 "
                 "gives 2.04 Changed and 4.00 Bad Request)",
                 std::string(operation_name(record.operation)).c_str());
      if (info) info->append(" [4.09 not defined for this operation]");
    }
  }
  if (record.copy) return;
  // A duplicate without a usable type is a Bad Request before it is a Conflict (Table 20).
  if (record.registration && request.extra().duplicate_of && request.ept) {
    add_expert(pinfo, root, &ei.conflict_expected,
               "The server accepted a Register the capture shows as a duplicate of "
               "the registration of frame %u (ep=%s, %s): the seed expects 4.09 "
               "Conflict",
               static_cast<unsigned>(request.extra().duplicate_of->register_frame), request_name(),
               type_words(request.ept, request.ept_text).c_str());
    if (info) info->append(" [4.09 expected]");
  }
  if (const Registration* holder = record.extra().location_in_use) {
    add_expert(pinfo, root, &ei.location_in_use,
               "The server handed out %s, which the live registration of frame %u "
               "(%s) still holds",
               printable(holder->location).c_str(), static_cast<unsigned>(holder->register_frame),
               std::string(holder->client_name).c_str());
  }
  const Registration* registration = request.registration;
  if (record.ended_by_answer && registration) {
    add_expert(pinfo, root, &ei.registration_not_found,
               "The server no longer has the registration of frame %u: it ends here",
               static_cast<unsigned>(registration->register_frame));
    if (info) info->append(" [registration gone]");
  }
  if (record.extra().accepted_late) {
    add_expert(pinfo, root, &ei.registration_late_update,
               "The server accepted an Update %s after the lifetime ran out: the "
               "registration of frame %u lives on",
               seconds_text(*record.extra().accepted_late).c_str(),
               static_cast<unsigned>(registration->register_frame));
  }
  if (record.deregister_refused) {
    add_expert(pinfo, root, &ei.deregister_refused,
               "The server refused the De-register (%s): the registration of frame "
               "%u lives on",
               record.response_text().c_str(), static_cast<unsigned>(registration->register_frame));
  }
}

}  // namespace

void add_operation(proto_tree* tree, tvbuff_t* tvb, Operation operation) {
  if (!tree) return;
  const std::string name(operation_name(operation));
  proto_item_set_generated(proto_tree_add_string(tree, hf.operation, tvb, 0, 0, name.c_str()));
  proto_item_set_generated(
      proto_tree_add_uint(tree, hf.operation_code, tvb, 0, 0, static_cast<guint32>(operation)));
}

void add_generated_name(proto_tree* tree, tvbuff_t* tvb, const MessageRecord& record) {
  if (!tree) return;
  if (record.ep) {
    // Nobody reads the value of an item Wireshark fakes (no visible tree, no filter on it).
    const std::string name =
        proto_field_is_referenced(tree, hf.ep) ? printable(*record.ep) : std::string();
    proto_item_set_generated(proto_tree_add_string(tree, hf.ep, tvb, 0, 0, name.c_str()));
  }
  if (record.ept) {
    proto_item_set_generated(proto_tree_add_uint(tree, hf.ept, tvb, 0, 0, *record.ept));
  }
}

const MessageRecord* dissect_response(const MessageContext& context, std::string* info) {
  const CoapMessageView& view = context.message;
  packet_info* pinfo = context.pinfo;
  const MessageRecord* record = nullptr;
  LazyLocation lazy_location(view);
  if (!PINFO_FD_VISITED(pinfo)) {
    const bool has_observe =
        std::any_of(view.message.options.begin(), view.message.options.end(),
                    [](const coap::Option& option) { return option.number == coap::kObserve; });
    MessageRecord* fresh = context.state.add_answer(pinfo, view.ids, view.index, has_observe);
    if (fresh) remember(context, *fresh, lazy_location);
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

  // A Notify is the client's report on its Observe; a Reset to a Notify cancels the observation.
  const bool notify = operation == Operation::kNotify;
  const bool cancel = record->reset && operation == Operation::kCancelObservation;
  const std::string target = operation_target_text(*record);
  std::string what = name;
  if (!target.empty()) what.append(" ").append(target);
  if (!notify && !cancel) what.append(" response");

  proto_item* root = proto_tree_add_item(context.tree, proto_lwm2m, view.tvb, view.offset,
                                         static_cast<gint>(view.message.length), ENC_NA);
  proto_tree* tree = proto_item_add_subtree(root, ett.lwm2m);
  if (labels) proto_item_append_text(root, ", %s, %s", what.c_str(), code.c_str());
  add_operation(tree, view.tvb, operation);
  add_object_path(tree, view, *record);
  proto_item_set_generated(proto_tree_add_uint(tree, notify ? hf.notify_of : hf.response_to,
                                               view.tvb, 0, 0, record->peer_frame));
  if (!notify && !cancel) {
    nstime_t elapsed;
    const nstime_t sent = request->time;
    nstime_delta(&elapsed, &pinfo->abs_ts, &sent);
    proto_item_set_generated(proto_tree_add_time(tree, hf.response_time, view.tvb, 0, 0, &elapsed));
  }
  if (info) {
    info->append("LwM2M ").append(what).append(" ").append(code);
    if (cancel) info->append(" to the Notify in frame ").append(std::to_string(record->peer_frame));
  }

  const std::string_view outcome = response_outcome(record->code);
  proto_item_set_generated(
      proto_tree_add_string(tree, hf.outcome, view.tvb, 0, 0, std::string(outcome).c_str()));
  const std::string_view reason = response_reason(operation, record->code);
  if (!reason.empty()) {
    proto_item_set_generated(
        proto_tree_add_string(tree, hf.reason, view.tvb, 0, 0, std::string(reason).c_str()));
  }

  add_generated_name(tree, view.tvb, *record);
  const Registration* registration =
      record->registration ? record->registration : request->registration;
  // A Reset to a Notify: the Notify's Observe's.
  if (!registration && cancel && request->request) registration = request->request->registration;
  if (registration) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.registration_in, view.tvb, 0, 0,
                            static_cast<guint32>(registration->register_frame)));
  }
  if (const MessageRecord* bootstrap = request->extra().bootstrap ? request->extra().bootstrap
                                       : cancel && request->request
                                           ? request->request->extra().bootstrap
                                           : nullptr) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.bootstrap_in, view.tvb, 0, 0, bootstrap->frame));
  }
  if (record->location) {
    const LocationOptions& location = lazy_location.get();
    const std::string path(*record->location);
    proto_tree_add_string(tree, hf.location, view.tvb, location.start, location.length,
                          path.c_str());
    if (info) info->append(" location=").append(printable(path));
  }
  if (record->copy && info) {
    info->append(" [copy of frame ").append(std::to_string(request->peer_frame)).append("]");
  }
  if (record->extra().replaced) {
    proto_item_set_generated(
        proto_tree_add_uint(tree, hf.registration_replaces, view.tvb, 0, 0,
                            static_cast<guint32>(record->extra().replaced->register_frame)));
  }
  if (record->lifetime_in_force) {
    proto_item* item =
        proto_tree_add_uint(tree, hf.lifetime, view.tvb, 0, 0, *record->lifetime_in_force);
    proto_item_set_generated(item);
    if (operation == Operation::kRegister && !request->lifetime) {
      proto_item_append_text(item, " (default)");
    }
    const nstime_t expires = record->time;
    proto_item_set_generated(proto_tree_add_time(tree, hf.expires, view.tvb, 0, 0, &expires));
  }
  add_server_notes(context, root, *record, info);
  add_answer_certificate(pinfo, tree, root, view.tvb, *record, info);
  add_undelivered(pinfo, tree, root, view.tvb, *record);
  return record;
}

}  // namespace lwm2m::plugin
