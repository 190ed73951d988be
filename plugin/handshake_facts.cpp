#include "handshake_facts.h"

namespace lwm2m::plugin {
namespace {

// TLS and DTLS name their fields apart; each pair below is (TLS, DTLS).
struct FieldPair {
  int tls = -1;
  int dtls = -1;
  bool is(int id) const { return id >= 0 && (id == tls || id == dtls); }
};

int g_proto_tls = -1;
int g_proto_dtls = -1;
FieldPair g_handshake_type;
FieldPair g_certificate;
FieldPair g_alert_level;
FieldPair g_alert_description;

constexpr uint8_t kClientHello = 1;
constexpr uint8_t kCertificateRequest = 13;
constexpr uint8_t kFatal = 2;

FieldPair pair_of(const char* tls_name, const char* dtls_name) {
  return {proto_registrar_get_id_byname(tls_name), proto_registrar_get_id_byname(dtls_name)};
}

// The one-byte value an item covers (handshake types, alert levels and descriptions).
bool byte_of(const field_info* fi, uint8_t& value) {
  if (!fi->ds_tvb || fi->start < 0 || fi->length != 1) return false;
  if (tvb_captured_length_remaining(fi->ds_tvb, fi->start) < 1) return false;
  // tvb_get_ptr: the same name on every Wireshark (4.4 renamed tvb_get_guint8).
  value = *tvb_get_ptr(fi->ds_tvb, fi->start, 1);
  return true;
}

class FactsBuilder {
 public:
  explicit FactsBuilder(HandshakeFacts& facts) : facts_(facts) {}

  void take(const field_info* fi) {
    const int id = fi->hfinfo ? fi->hfinfo->id : -1;
    uint8_t value = 0;
    if (g_handshake_type.is(id) && byte_of(fi, value)) {
      if (value == kClientHello) facts_.client_hello = true;
      if (value == kCertificateRequest) facts_.certificate_request = true;
    } else if (g_certificate.is(id)) {
      if (!facts_.certificate && fi->length > 0) facts_.certificate = fi;
    } else if (g_alert_level.is(id) && byte_of(fi, value)) {
      // A record holds one alert: its level comes just before its description.
      level_fatal_ = value == kFatal;
    } else if (g_alert_description.is(id) && byte_of(fi, value) && level_fatal_ &&
               !facts_.fatal_alert) {
      facts_.fatal_alert = true;
      facts_.alert = value;
      const auto* names = static_cast<const value_string*>(fi->hfinfo->strings);
      facts_.alert_name = names ? try_val_to_str(value, names) : nullptr;
    }
  }

 private:
  HandshakeFacts& facts_;
  bool level_fatal_ = false;
};

void walk(proto_node* node, FactsBuilder& builder) {
  for (proto_node* child = node->first_child; child; child = child->next) {
    if (child->finfo) builder.take(child->finfo);
    if (child->first_child) walk(child, builder);
  }
}

// The primed items of `ids` in tree order (each array is in the order the items were added).
void take_primed(proto_tree* tree, std::initializer_list<int> ids, FactsBuilder& builder) {
  for (int id : ids) {
    if (id < 0) continue;
    GPtrArray* items = proto_get_finfo_ptr_array(tree, id);
    if (!items) continue;
    for (guint i = 0; i < items->len; ++i) {
      builder.take(static_cast<const field_info*>(g_ptr_array_index(items, i)));
    }
  }
}

// The primed alerts: the nth level goes with the nth description.
void take_primed_alerts(proto_tree* tree, int level_id, int description_id, FactsBuilder& builder) {
  if (level_id < 0 || description_id < 0) return;
  GPtrArray* levels = proto_get_finfo_ptr_array(tree, level_id);
  GPtrArray* descriptions = proto_get_finfo_ptr_array(tree, description_id);
  if (!levels || !descriptions) return;
  for (guint i = 0; i < levels->len && i < descriptions->len; ++i) {
    builder.take(static_cast<const field_info*>(g_ptr_array_index(levels, i)));
    builder.take(static_cast<const field_info*>(g_ptr_array_index(descriptions, i)));
  }
}

}  // namespace

std::vector<int> init_handshake_lookup() {
  g_proto_tls = proto_get_id_by_filter_name("tls");
  g_proto_dtls = proto_get_id_by_filter_name("dtls");
  g_handshake_type = pair_of("tls.handshake.type", "dtls.handshake.type");
  g_certificate = pair_of("tls.handshake.certificate", "dtls.handshake.certificate");
  g_alert_level = pair_of("tls.alert_message.level", "dtls.alert_message.level");
  g_alert_description = pair_of("tls.alert_message.desc", "dtls.alert_message.desc");
  std::vector<int> wanted;
  for (const FieldPair& pair :
       {g_handshake_type, g_certificate, g_alert_level, g_alert_description}) {
    if (pair.tls >= 0) wanted.push_back(pair.tls);
    if (pair.dtls >= 0) wanted.push_back(pair.dtls);
  }
  return wanted;
}

bool carries_tls(const packet_info* pinfo) {
  for (wmem_list_frame_t* it = wmem_list_head(pinfo->layers); it; it = wmem_list_frame_next(it)) {
    const int proto = GPOINTER_TO_INT(wmem_list_frame_data(it));
    if (proto >= 0 && (proto == g_proto_tls || proto == g_proto_dtls)) return true;
  }
  return false;
}

HandshakeFacts read_handshake(proto_tree* tree, bool search_whole_tree) {
  HandshakeFacts facts;
  if (!tree) return facts;
  FactsBuilder builder(facts);
  if (search_whole_tree) {
    walk(tree, builder);
    return facts;
  }
  take_primed(tree,
              {g_handshake_type.tls, g_handshake_type.dtls, g_certificate.tls, g_certificate.dtls},
              builder);
  take_primed_alerts(tree, g_alert_level.tls, g_alert_description.tls, builder);
  take_primed_alerts(tree, g_alert_level.dtls, g_alert_description.dtls, builder);
  return facts;
}

}  // namespace lwm2m::plugin
