#include "vendor_type_table.h"

#include <string>

namespace lwm2m::plugin {
namespace {

// One row of the UAT, as Wireshark stores it (C strings owned by GLib).
struct VendorTypeRecord {
  guint type;
  char* name;
  char* pattern;
};

VendorTypeRecord* g_records = nullptr;
guint g_record_count = 0;
VendorTypeTable g_table;

UAT_DEC_CB_DEF(vendor_type, type, VendorTypeRecord)
UAT_CSTRING_CB_DEF(vendor_type, name, VendorTypeRecord)
UAT_CSTRING_CB_DEF(vendor_type, pattern, VendorTypeRecord)

void* copy_record(void* dest, const void* source, size_t) {
  auto* to = static_cast<VendorTypeRecord*>(dest);
  const auto* from = static_cast<const VendorTypeRecord*>(source);
  to->type = from->type;
  to->name = g_strdup(from->name);
  to->pattern = g_strdup(from->pattern);
  return to;
}

void free_record(void* record) {
  auto* row = static_cast<VendorTypeRecord*>(record);
  g_free(row->name);
  g_free(row->pattern);
}

// Refuses a row the core table would refuse, with the core's reason.
ws::UatCheckResult check_record(void* record, char** error) {
  const auto* row = static_cast<const VendorTypeRecord*>(record);
  VendorTypeTable probe;
  auto refused = probe.add(row->type, row->name ? row->name : "", row->pattern ? row->pattern : "");
  if (refused) {
    *error = g_strdup(refused->c_str());
    return false;
  }
  return true;
}

void rebuild_table() {
  g_table.clear();
  for (guint i = 0; i < g_record_count; ++i) {
    const VendorTypeRecord& row = g_records[i];
    // Rows were checked on entry; a row that still fails is skipped rather than half-applied.
    (void)g_table.add(row.type, row.name ? row.name : "", row.pattern ? row.pattern : "");
  }
}

void reset_table() {
  g_table.clear();
}

}  // namespace

const VendorTypeTable& vendor_types() {
  return g_table;
}

void register_vendor_type_table(module_t* module) {
  static uat_field_t fields[] = {
      UAT_FLD_DEC(vendor_type, type, "Type", "Endpoint Client Name Type number, 65-255"),
      UAT_FLD_CSTRING(vendor_type, name, "Name", "Name shown for this type, e.g. Acme serial"),
      UAT_FLD_CSTRING(vendor_type, pattern, "Name pattern",
                      "Optional ECMAScript regular expression the whole Endpoint Client Name "
                      "must match, e.g. ACME-[0-9]{4}"),
      UAT_END_FIELDS};
  // The table dialog's Help button opens this page of Wireshark's User's Guide (".html" is
  // appended; the local copy when one is installed, else www.wireshark.org): how the table
  // editor works. Wireshark 4.0-4.6 resolve the help text only within the User's Guide, so it
  // cannot lead to our README; each column's tooltip says what goes in it.
  uat_t* table =
      uat_new("Vendor Endpoint Client Name Types", sizeof(VendorTypeRecord), "lwm2m_vendor_types",
              true, &g_records, &g_record_count, UAT_AFFECTS_DISSECTION, "ChUserTable", copy_record,
              check_record, free_record, rebuild_table, reset_table, fields);
  prefs_register_uat_preference(
      module, "vendor_types", "Vendor Endpoint Client Name Types",
      "Names, and optional name patterns, for vendor-specific Endpoint Client Name Types 65-255",
      table);
}

std::string_view ept_type_name(uint8_t type) {
  return g_table.type_name(type);
}

void format_ept(gchar* label, guint32 value) {
  if (value == 0 || value > 255) {
    snprintf(label, ITEM_LABEL_LENGTH, "Invalid (%u)", value);
    return;
  }
  std::string name(ept_type_name(static_cast<uint8_t>(value)));
  snprintf(label, ITEM_LABEL_LENGTH, "%s (%u)", name.c_str(), value);
}

}  // namespace lwm2m::plugin
