// Registration of the LwM2M protocol: its fields, subtrees, expert items and preferences.
// Field and expert names are the display filter contract of docs/DESIGN.md: scripts depend on them.
#pragma once

#include "ws_compat.h"

namespace lwm2m::plugin {

struct HeaderFields {
  int operation = -1;
  int response_in = -1;
  int retransmission_of = -1;
  int response_to = -1;
  int response_time = -1;
  int ep = -1;
  int ep_format = -1;
  int ep_valid = -1;
  int ep_problem = -1;
  int ept = -1;
  int ept_name = -1;
  int ept_text = -1;
  int lt = -1;
  int sms = -1;
  int version = -1;
  int binding = -1;
  int queue = -1;
  int pct = -1;
  int param = -1;
  int location = -1;
  int block_number = -1;
  int block_first = -1;
  int objects = -1;
  int root_path = -1;
  int object = -1;
  int object_instance = -1;
  int object_version = -1;
  int ep_duplicate_of = -1;
  int ep_other_type_in = -1;
  int registration_in = -1;
  int registration_replaces = -1;
  int registration_ep = -1;
  int registration_ept = -1;
  int bootstrap_in = -1;
  int lifetime = -1;
  int expires = -1;
  int outcome = -1;
  int reason = -1;
  int cert_cn = -1;
  int cert_ept = -1;
  int cert_ep = -1;
  int cert_valid = -1;
  int cert_problem = -1;
  int cert_match = -1;
  int cert_in = -1;
  int cert_refused_in = -1;
  int cert_alert = -1;
  int cert_enforced = -1;
  int operation_code = -1;
  int quote_of = -1;
  int undelivered_in = -1;
  int path_object = -1;
  int path_instance = -1;
  int path_resource = -1;
  int path_resource_instance = -1;
  int attr = -1;
  int attr_pmin = -1;
  int attr_pmax = -1;
  int attr_gt = -1;
  int attr_lt = -1;
  int attr_st = -1;
  int attr_epmin = -1;
  int attr_epmax = -1;
  int notify_of = -1;
  int notify_in = -1;
  int notify_count = -1;
};

struct Subtrees {
  int lwm2m = -1;
  int ep = -1;
  int ept = -1;
  int objects = -1;
  int object = -1;
  int cert = -1;
};

struct ExpertFields {
  expert_field ep_invalid = EI_INIT;
  expert_field ep_missing = EI_INIT;
  expert_field ept_missing = EI_INIT;
  expert_field ept_invalid = EI_INIT;
  expert_field ept_reserved = EI_INIT;
  expert_field param_unknown = EI_INIT;
  expert_field param_duplicate = EI_INIT;
  expert_field param_invalid = EI_INIT;
  expert_field conflict = EI_INIT;
  expert_field objects_invalid = EI_INIT;
  expert_field block_incomplete = EI_INIT;
  expert_field undecoded = EI_INIT;
  expert_field ep_duplicate = EI_INIT;
  expert_field ep_other_type = EI_INIT;
  expert_field registration_unknown = EI_INIT;
  expert_field registration_expired = EI_INIT;
  expert_field registration_ended = EI_INIT;
  expert_field objects_missing = EI_INIT;
  expert_field update_renamed = EI_INIT;
  expert_field registration_other_client = EI_INIT;
  expert_field conflict_expected = EI_INIT;
  expert_field location_in_use = EI_INIT;
  expert_field registration_not_found = EI_INIT;
  expert_field registration_late_update = EI_INIT;
  expert_field deregister_refused = EI_INIT;
  expert_field cert_cn_format = EI_INIT;
  expert_field cert_ep_invalid = EI_INIT;
  expert_field cert_mismatch = EI_INIT;
  expert_field cert_mismatch_accepted = EI_INIT;
  expert_field cert_mismatch_rejected = EI_INIT;
  expert_field cert_refused = EI_INIT;
  expert_field undelivered = EI_INIT;
  expert_field attr_invalid = EI_INIT;
};

struct Preferences {
  ws::PrefBool ept_required = true;
};

extern int proto_lwm2m;
extern HeaderFields hf;
extern Subtrees ett;
extern ExpertFields ei;
extern Preferences prefs;

// The severity (PI_NOTE, PI_WARN...) `field` was registered with; 0 for a field of another
// protocol.
int expert_severity(const expert_field* field);

// Called by the plugin loader (plugin.cpp).
void register_protocol();
void register_handoff();

}  // namespace lwm2m::plugin
