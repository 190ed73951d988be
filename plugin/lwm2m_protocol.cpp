#include "lwm2m_protocol.h"

#include <string>

#include "coap_messages.h"
#include "handshake_facts.h"
#include "icmp_error.h"
#include "lwm2m/operation.h"
#include "lwm2m_dissector.h"
#include "lwm2m_stats.h"
#include "object_names.h"
#include "server_ports.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {

int proto_lwm2m = -1;
HeaderFields hf;
Subtrees ett;
ExpertFields ei;
Preferences prefs;

namespace {

dissector_handle_t g_handle = nullptr;

// lwm2m.operation.code's names: core's operation titles ("Write (Replace)"), by the Operation
// enum's values.
const value_string* operation_names() {
  constexpr auto kCount = static_cast<std::size_t>(kLastOperation);
  static value_string names[kCount + 1] = {};
  static std::string texts[kCount];
  for (std::size_t i = 0; i < kCount; ++i) {
    const auto operation = static_cast<Operation>(i + 1);
    texts[i] = std::string(operation_title(operation));
    names[i] = {static_cast<guint32>(operation), texts[i].c_str()};
  }
  names[kCount] = {0, nullptr};
  return names;
}

void register_fields() {
  static hf_register_info fields[] = {
      {&hf.operation,
       {"Operation", "lwm2m.operation", FT_STRING, BASE_NONE, nullptr, 0x0,
        "LwM2M operation of a request, or the operation a response answers", HFILL}},
      {&hf.operation_code,
       {"Operation code", "lwm2m.operation.code", FT_UINT8, BASE_DEC, VALS(operation_names()), 0x0,
        "The operation as a number, with its name: lwm2m.operation's value", HFILL}},
      {&hf.path_object,
       {"Object ID", "lwm2m.path.object", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "The Object of the LwM2M path a request names (a response's and a Notify's: their "
        "request's)",
        HFILL}},
      {&hf.path_instance,
       {"Object Instance ID", "lwm2m.path.instance", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "The Object Instance of the LwM2M path", HFILL}},
      {&hf.path_resource,
       {"Resource ID", "lwm2m.path.resource", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "The Resource of the LwM2M path", HFILL}},
      {&hf.path_resource_instance,
       {"Resource Instance ID", "lwm2m.path.resource_instance", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "The Resource Instance of the LwM2M path", HFILL}},
      {&hf.attr,
       {"Attribute", "lwm2m.attr", FT_STRING, BASE_NONE, nullptr, 0x0,
        "An attribute of a Write-Attributes request, as sent (name=value; a name alone removes "
        "it)",
        HFILL}},
      {&hf.attr_pmin,
       {"Minimum Period (pmin)", "lwm2m.attr.pmin", FT_UINT32, BASE_DEC | BASE_UNIT_STRING,
        &units_second_seconds, 0x0, "Write-Attributes: the minimum period between notifications",
        HFILL}},
      {&hf.attr_pmax,
       {"Maximum Period (pmax)", "lwm2m.attr.pmax", FT_UINT32, BASE_DEC | BASE_UNIT_STRING,
        &units_second_seconds, 0x0, "Write-Attributes: the maximum period between notifications",
        HFILL}},
      {&hf.attr_gt,
       {"Greater Than (gt)", "lwm2m.attr.gt", FT_DOUBLE, BASE_NONE, nullptr, 0x0,
        "Write-Attributes: notify when the value crosses above this", HFILL}},
      {&hf.attr_lt,
       {"Less Than (lt)", "lwm2m.attr.lt", FT_DOUBLE, BASE_NONE, nullptr, 0x0,
        "Write-Attributes: notify when the value crosses below this", HFILL}},
      {&hf.attr_st,
       {"Step (st)", "lwm2m.attr.st", FT_DOUBLE, BASE_NONE, nullptr, 0x0,
        "Write-Attributes: notify when the value changes by at least this", HFILL}},
      {&hf.attr_epmin,
       {"Minimum Evaluation Period (epmin)", "lwm2m.attr.epmin", FT_UINT32,
        BASE_DEC | BASE_UNIT_STRING, &units_second_seconds, 0x0,
        "Write-Attributes: the minimum period between evaluations of the notification "
        "conditions (LwM2M 1.1)",
        HFILL}},
      {&hf.attr_epmax,
       {"Maximum Evaluation Period (epmax)", "lwm2m.attr.epmax", FT_UINT32,
        BASE_DEC | BASE_UNIT_STRING, &units_second_seconds, 0x0,
        "Write-Attributes: the maximum period between evaluations of the notification "
        "conditions (LwM2M 1.1)",
        HFILL}},
      {&hf.notify_of,
       {"Notify of the Observe in", "lwm2m.notify_of", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0,
        "This Notify belongs to the observation the Observe in this frame started (same token)",
        HFILL}},
      {&hf.notify_in,
       {"First Notify in", "lwm2m.notify_in", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0,
        "The first Notify of this observation is in this frame", HFILL}},
      {&hf.notify_count,
       {"Notifies", "lwm2m.notify_count", FT_UINT32, BASE_DEC, nullptr, 0x0,
        "How many Notifies of this observation the capture has (after its first response)", HFILL}},
      {&hf.quote_of,
       {"Quotes the message in", "lwm2m.quote_of", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "This CoAP message is the copy an ICMP error quotes of the message in this frame", HFILL}},
      {&hf.undelivered_in,
       {"Not delivered: ICMP error in", "lwm2m.undelivered_in", FT_FRAMENUM, BASE_NONE, nullptr,
        0x0, "An ICMP or ICMPv6 error in this frame quotes this message: it did not arrive",
        HFILL}},
      {&hf.response_in,
       {"Response In", "lwm2m.response_in", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_RESPONSE), 0x0, "The response to this request is in this frame",
        HFILL}},
      {&hf.retransmission_of,
       {"Retransmission of", "lwm2m.retransmission_of", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_RETRANS_PREV), 0x0,
        "This request repeats the one in this frame (the same message ID and token): it belongs "
        "to that exchange",
        HFILL}},
      {&hf.response_to,
       {"Request In", "lwm2m.response_to", FT_FRAMENUM, BASE_NONE,
        FRAMENUM_TYPE(FT_FRAMENUM_REQUEST), 0x0, "This is a response to the request in this frame",
        HFILL}},
      {&hf.response_time,
       {"Response Time", "lwm2m.response_time", FT_RELATIVE_TIME, BASE_NONE, nullptr, 0x0,
        "Time between the request and this response", HFILL}},
      {&hf.ep,
       {"Endpoint Client Name", "lwm2m.ep", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Endpoint Client Name (ep)", HFILL}},
      {&hf.ep_format,
       {"Name format", "lwm2m.ep.format", FT_STRING, BASE_NONE, nullptr, 0x0,
        "What the name is: IMEI, ESN, MEID, UUID, OUI-PC-SN, OUI-SN, URN or unknown", HFILL}},
      {&hf.ep_valid,
       {"Name valid", "lwm2m.ep.valid", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
        "False when the name breaks a MUST rule for its type", HFILL}},
      {&hf.ep_problem,
       {"Problem", "lwm2m.ep.problem", FT_STRING, BASE_NONE, nullptr, 0x0, "A rule the name breaks",
        HFILL}},
      {&hf.ept,
       {"Endpoint Client Name Type", "lwm2m.ept", FT_UINT8, BASE_CUSTOM, CF_FUNC(format_ept), 0x0,
        "Endpoint Client Name Type (ept)", HFILL}},
      {&hf.ept_name,
       {"Type name", "lwm2m.ept.name", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Name of the Endpoint Client Name Type", HFILL}},
      {&hf.ept_text,
       {"Unusable Endpoint Client Name Type", "lwm2m.ept.text", FT_STRING, BASE_NONE, nullptr, 0x0,
        "An ept value as sent that is not a number 1-255", HFILL}},
      {&hf.lt,
       {"Lifetime", "lwm2m.lt", FT_UINT32, BASE_DEC | BASE_UNIT_STRING, &units_second_seconds, 0x0,
        "Registration lifetime (lt)", HFILL}},
      {&hf.sms,
       {"SMS number", "lwm2m.sms", FT_STRING, BASE_NONE, nullptr, 0x0,
        "MSISDN where the client can be reached (sms)", HFILL}},
      {&hf.version,
       {"LwM2M version", "lwm2m.version", FT_STRING, BASE_NONE, nullptr, 0x0,
        "LwM2M Enabler version the client supports (lwm2m)", HFILL}},
      {&hf.binding,
       {"Binding", "lwm2m.binding", FT_STRING, BASE_NONE, nullptr, 0x0, "Binding mode (b)", HFILL}},
      {&hf.queue,
       {"Queue mode", "lwm2m.queue", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
        "The client asks for Queue Mode (Q)", HFILL}},
      {&hf.pct,
       {"Preferred content format", "lwm2m.pct", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "Preferred content format for the bootstrap (pct)", HFILL}},
      {&hf.param,
       {"Parameter", "lwm2m.param", FT_STRING, BASE_NONE, nullptr, 0x0,
        "A query parameter that is unknown to the operation or has an unusable value", HFILL}},
      {&hf.location,
       {"Registration location", "lwm2m.location", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Location of the registration on the server, e.g. /rd/5a3f", HFILL}},
      {&hf.block_number,
       {"Block1 number", "lwm2m.block.number", FT_UINT32, BASE_DEC, nullptr, 0x0,
        "Number of this block of a Block1 transfer", HFILL}},
      {&hf.block_first,
       {"First block in", "lwm2m.block.first", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "Frame with block 0 of this Block1 transfer", HFILL}},
      {&hf.objects,
       {"Objects and Object Instances", "lwm2m.objects", FT_NONE, BASE_NONE, nullptr, 0x0,
        "The link-format list of objects and instances", HFILL}},
      {&hf.root_path,
       {"Alternate root path", "lwm2m.root_path", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Root path of the objects, from the link with rt=\"oma.lwm2m\"", HFILL}},
      {&hf.object,
       {"Object", "lwm2m.object", FT_UINT16, BASE_DEC, nullptr, 0x0, "Object ID", HFILL}},
      {&hf.object_instance,
       {"Object Instance", "lwm2m.object.instance", FT_UINT16, BASE_DEC, nullptr, 0x0,
        "Object Instance ID", HFILL}},
      {&hf.object_version,
       {"Object version", "lwm2m.object.version", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Object version (ver attribute)", HFILL}},
      {&hf.ep_duplicate_of,
       {"Duplicate of the registration in", "lwm2m.ep.duplicate_of", FT_FRAMENUM, BASE_NONE,
        nullptr, 0x0,
        "Register frame of the live registration with the same ept and ep from another client",
        HFILL}},
      {&hf.ep_other_type_in,
       {"Same name, other type, registered in", "lwm2m.ep.other_type_in", FT_FRAMENUM, BASE_NONE,
        nullptr, 0x0, "Register frame of a live registration of the same ep under another ept",
        HFILL}},
      {&hf.registration_in,
       {"Registration in", "lwm2m.registration_in", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "The Register of the registration this request refers to", HFILL}},
      {&hf.registration_replaces,
       {"Replaces the registration of", "lwm2m.registration.replaces", FT_FRAMENUM, BASE_NONE,
        nullptr, 0x0, "Register frame of the client's earlier registration this one ends", HFILL}},
      {&hf.registration_ep,
       {"Registration's Endpoint Client Name", "lwm2m.registration.ep", FT_STRING, BASE_NONE,
        nullptr, 0x0,
        "The name of the registration an Update or De-register belongs to, as it stood then",
        HFILL}},
      {&hf.registration_ept,
       {"Registration's Endpoint Client Name Type", "lwm2m.registration.ept", FT_UINT8, BASE_CUSTOM,
        CF_FUNC(format_ept), 0x0,
        "The type of the registration an Update or De-register belongs to, as it stood then",
        HFILL}},
      {&hf.bootstrap_in,
       {"Bootstrap-Request in", "lwm2m.bootstrap_in", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "The Bootstrap-Request of the bootstrapping client this message is to or from", HFILL}},
      {&hf.lifetime,
       {"Lifetime in force", "lwm2m.lifetime", FT_UINT32, BASE_DEC | BASE_UNIT_STRING,
        &units_second_seconds, 0x0,
        "The registration's lifetime: the lt asked for, or Table 3's 86400 s without one", HFILL}},
      {&hf.expires,
       {"Registration expires", "lwm2m.expires", FT_ABSOLUTE_TIME, ABSOLUTE_TIME_UTC, nullptr, 0x0,
        "When the registration's lifetime runs out unless an Update refreshes it", HFILL}},
      {&hf.outcome,
       {"Outcome", "lwm2m.outcome", FT_STRING, BASE_NONE, nullptr, 0x0,
        "success, continue (a Block1 block taken) or failure", HFILL}},
      {&hf.reason,
       {"Reason", "lwm2m.reason", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Reason phrase of the response code for this operation (Table 20)", HFILL}},
      {&hf.cert_cn,
       {"Client certificate CN", "lwm2m.cert.cn", FT_STRING, BASE_NONE, nullptr, 0x0,
        "Subject Common Name of the client's X.509 certificate: \"<ept>:<ep>\" (seed 7.1.3)",
        HFILL}},
      {&hf.cert_ept,
       {"CN's Endpoint Client Name Type", "lwm2m.cert.ept", FT_UINT8, BASE_CUSTOM,
        CF_FUNC(format_ept), 0x0,
        "The type the client certificate's CN gives, before its first ':'", HFILL}},
      {&hf.cert_ep,
       {"CN's Endpoint Client Name", "lwm2m.cert.ep", FT_STRING, BASE_NONE, nullptr, 0x0,
        "The name the client certificate's CN gives, after its first ':'", HFILL}},
      {&hf.cert_valid,
       {"CN valid", "lwm2m.cert.valid", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
        "The CN is one \"<ept>:<ep>\" whose name is valid for its type", HFILL}},
      {&hf.cert_problem,
       {"CN problem", "lwm2m.cert.problem", FT_STRING, BASE_NONE, nullptr, 0x0,
        "A way the client certificate's CN breaks the rule", HFILL}},
      {&hf.cert_match,
       {"CN matches", "lwm2m.cert.match", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
        "The client certificate's CN names the ept and ep this request sends", HFILL}},
      {&hf.cert_in,
       {"Client certificate in", "lwm2m.cert.in", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "The handshake frame with the client certificate of this (D)TLS session", HFILL}},
      {&hf.cert_refused_in,
       {"Refused by the server in", "lwm2m.cert.refused_in", FT_FRAMENUM, BASE_NONE, nullptr, 0x0,
        "The server's alert that ended the handshake after this certificate", HFILL}},
      {&hf.cert_alert,
       {"Server's alert", "lwm2m.cert.alert", FT_STRING, BASE_NONE, nullptr, 0x0,
        "The fatal alert the server ended the handshake with", HFILL}},
      {&hf.cert_enforced,
       {"Server enforces the CN rule", "lwm2m.cert.enforced", FT_BOOLEAN, BASE_NONE, nullptr, 0x0,
        "True: the server refused the certificate or the request whose CN does not match; "
        "False: it accepted a request whose CN does not match",
        HFILL}},
  };
  proto_register_field_array(proto_lwm2m, fields, array_length(fields));

  static gint* subtrees[] = {&ett.lwm2m, &ett.ep, &ett.ept, &ett.objects, &ett.object, &ett.cert};
  proto_register_subtree_array(subtrees, array_length(subtrees));
}

const ei_register_info* registered_experts = nullptr;
std::size_t registered_expert_count = 0;

void register_expert_items() {
  static ei_register_info items[] = {
      {&ei.ep_invalid,
       {"lwm2m.ep.invalid", PI_PROTOCOL, PI_WARN, "Invalid Endpoint Client Name", EXPFILL}},
      {&ei.ep_missing,
       {"lwm2m.ep.missing", PI_PROTOCOL, PI_WARN, "Endpoint Client Name (ep) is missing", EXPFILL}},
      {&ei.ept_missing,
       {"lwm2m.ept.missing", PI_PROTOCOL, PI_WARN, "Endpoint Client Name Type (ept) is missing",
        EXPFILL}},
      {&ei.ept_invalid,
       {"lwm2m.ept.invalid", PI_PROTOCOL, PI_WARN, "Invalid Endpoint Client Name Type", EXPFILL}},
      {&ei.ept_reserved,
       {"lwm2m.ept.reserved", PI_PROTOCOL, PI_NOTE,
        "Endpoint Client Name Type is reserved for future OMA use", EXPFILL}},
      {&ei.param_unknown,
       {"lwm2m.param.unknown", PI_PROTOCOL, PI_WARN, "Unknown parameter", EXPFILL}},
      {&ei.param_duplicate,
       {"lwm2m.param.duplicate", PI_PROTOCOL, PI_WARN, "Repeated parameter", EXPFILL}},
      {&ei.param_invalid,
       {"lwm2m.param.invalid", PI_PROTOCOL, PI_WARN, "Invalid parameter value", EXPFILL}},
      {&ei.conflict,
       {"lwm2m.conflict", PI_RESPONSE_CODE, PI_WARN,
        "4.09 Conflict: duplicate Endpoint Client Name", EXPFILL}},
      {&ei.objects_invalid,
       {"lwm2m.objects.invalid", PI_PROTOCOL, PI_WARN, "Bad object link", EXPFILL}},
      {&ei.block_incomplete,
       {"lwm2m.block.incomplete", PI_REASSEMBLE, PI_WARN, "Block1 transfer incomplete", EXPFILL}},
      {&ei.undecoded, {"lwm2m.undecoded", PI_UNDECODED, PI_NOTE, "Not decoded", EXPFILL}},
      {&ei.ep_duplicate,
       {"lwm2m.ep.duplicate", PI_PROTOCOL, PI_WARN, "Duplicate Endpoint Client Name", EXPFILL}},
      {&ei.ep_other_type,
       {"lwm2m.ep.other_type", PI_PROTOCOL, PI_NOTE,
        "Same Endpoint Client Name registered under another type", EXPFILL}},
      {&ei.registration_unknown,
       {"lwm2m.registration.unknown", PI_SEQUENCE, PI_NOTE,
        "The Register of this registration is not in the capture", EXPFILL}},
      {&ei.registration_expired,
       {"lwm2m.registration.expired", PI_SEQUENCE, PI_NOTE, "Registration expired", EXPFILL}},
      {&ei.registration_ended,
       {"lwm2m.registration.ended", PI_SEQUENCE, PI_NOTE, "Registration ended", EXPFILL}},
      {&ei.objects_missing,
       {"lwm2m.objects.missing", PI_PROTOCOL, PI_WARN,
        "Register without Objects and Object Instances", EXPFILL}},
      {&ei.update_renamed,
       {"lwm2m.update.renamed", PI_PROTOCOL, PI_WARN, "Update names the registration otherwise",
        EXPFILL}},
      {&ei.registration_other_client,
       {"lwm2m.registration.other_client", PI_SEQUENCE, PI_NOTE,
        "Update or De-register from another host than the registration's client", EXPFILL}},
      {&ei.conflict_expected,
       {"lwm2m.conflict.expected", PI_PROTOCOL, PI_NOTE,
        "The server accepted a duplicate name: the seed expects 4.09 Conflict", EXPFILL}},
      {&ei.location_in_use,
       {"lwm2m.location.in_use", PI_PROTOCOL, PI_NOTE,
        "The server handed out a location a live registration still holds", EXPFILL}},
      {&ei.registration_not_found,
       {"lwm2m.registration.not_found", PI_SEQUENCE, PI_NOTE,
        "The server no longer has the registration", EXPFILL}},
      {&ei.registration_late_update,
       {"lwm2m.registration.late_update", PI_SEQUENCE, PI_NOTE,
        "The server accepted an Update after the lifetime ran out", EXPFILL}},
      {&ei.deregister_refused,
       {"lwm2m.deregister.refused", PI_SEQUENCE, PI_NOTE,
        "The server refused a De-register: the registration lives on", EXPFILL}},
      {&ei.undelivered,
       {"lwm2m.undelivered", PI_SEQUENCE, PI_NOTE,
        "Not delivered: an ICMP error quotes the message", EXPFILL}},
      {&ei.attr_invalid,
       {"lwm2m.attr.invalid", PI_PROTOCOL, PI_WARN, "Invalid Write-Attributes value", EXPFILL}},
      {&ei.cert_cn_format,
       {"lwm2m.cert.cn.format", PI_SECURITY, PI_WARN, "Client certificate CN is not \"<ept>:<ep>\"",
        EXPFILL}},
      {&ei.cert_ep_invalid,
       {"lwm2m.cert.ep.invalid", PI_SECURITY, PI_WARN,
        "Invalid Endpoint Client Name in the client certificate's CN", EXPFILL}},
      {&ei.cert_mismatch,
       {"lwm2m.cert.mismatch", PI_SECURITY, PI_WARN,
        "Client certificate CN does not match the request", EXPFILL}},
      {&ei.cert_mismatch_accepted,
       {"lwm2m.cert.mismatch_accepted", PI_SECURITY, PI_WARN,
        "The server accepted a request whose client certificate CN does not match", EXPFILL}},
      {&ei.cert_mismatch_rejected,
       {"lwm2m.cert.mismatch_rejected", PI_SECURITY, PI_NOTE,
        "The server rejected a request whose client certificate CN does not match", EXPFILL}},
      {&ei.cert_refused,
       {"lwm2m.cert.refused", PI_SECURITY, PI_NOTE,
        "The server ended the handshake after the client certificate", EXPFILL}},
  };
  expert_module_t* module = expert_register_protocol(proto_lwm2m);
  expert_register_field_array(module, items, array_length(items));
  registered_experts = items;
  registered_expert_count = array_length(items);
}

// Called by Wireshark when a preference of the module changed.
void apply_preferences() {
  apply_server_ports();
}

void register_preferences() {
  module_t* module = prefs_register_protocol(proto_lwm2m, apply_preferences);
  prefs_register_bool_preference(
      module, "ept_required", "Endpoint Client Name Type (ept) is required",
      "Flag Register and Bootstrap-Request messages without ept. Turn this off for LwM2M 1.x "
      "traffic that predates the Endpoint Client Name Type.",
      &prefs.ept_required);
  register_server_ports_preference(module);
  register_vendor_type_table(module);
  register_object_names_table(module);
}

}  // namespace

int expert_severity(const expert_field* field) {
  for (std::size_t i = 0; i < registered_expert_count; ++i) {
    if (registered_experts[i].ids == field) return registered_experts[i].eiinfo.severity;
  }
  return 0;
}

void register_protocol() {
  proto_lwm2m = proto_register_protocol("OMA Lightweight M2M", "LwM2M", "lwm2m");
  register_fields();
  register_expert_items();
  register_preferences();
  g_handle = create_dissector_handle(dissect_lwm2m, proto_lwm2m);
  register_postdissector(g_handle);
  register_cleanup_routine(forget_capture);
  register_statistics();
}

void register_handoff() {
  init_coap_lookup();
  // Keep CoAP's tree item in every tree: the postdissector finds the CoAP bytes through it. The
  // CoAP options themselves are parsed by lwm2m_core, so no other CoAP field is primed.
  GArray* wanted = g_array_new(FALSE, FALSE, sizeof(int));
  int coap = coap_protocol_id();
  if (coap >= 0) g_array_append_val(wanted, coap);
  // ... and the few TLS/DTLS handshake fields the client certificate check reads.
  for (int field : init_handshake_lookup()) g_array_append_val(wanted, field);
  // ... and the ICMP and ICMPv6 protocol items, whose errors quote undelivered messages.
  for (int field : init_icmp_lookup()) g_array_append_val(wanted, field);
  set_postdissector_wanted_hfids(g_handle, wanted);
  register_server_ports();
}

}  // namespace lwm2m::plugin
