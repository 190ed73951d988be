#include "object_names.h"

namespace lwm2m::plugin {
namespace {

// One row of the UAT, as Wireshark stores it (C strings owned by GLib). The Resource ID is text:
// empty (or -1) names the Object itself.
struct ObjectNameRecord {
  guint object;
  char* resource;
  char* name;
};

ObjectNameRecord* g_records = nullptr;
guint g_record_count = 0;
ObjectRegistry g_names;

UAT_DEC_CB_DEF(object_name, object, ObjectNameRecord)
UAT_CSTRING_CB_DEF(object_name, resource, ObjectNameRecord)
UAT_CSTRING_CB_DEF(object_name, name, ObjectNameRecord)

void* copy_record(void* dest, const void* source, size_t) {
  auto* to = static_cast<ObjectNameRecord*>(dest);
  const auto* from = static_cast<const ObjectNameRecord*>(source);
  to->object = from->object;
  to->resource = g_strdup(from->resource);
  to->name = g_strdup(from->name);
  return to;
}

void free_record(void* record) {
  auto* row = static_cast<ObjectNameRecord*>(record);
  g_free(row->resource);
  g_free(row->name);
}

// Refuses a row the core registry would refuse, with the core's reason.
ws::UatCheckResult check_record(void* record, char** error) {
  const auto* row = static_cast<const ObjectNameRecord*>(record);
  auto refused = ObjectRegistry::check_row(row->object, row->resource ? row->resource : "",
                                           row->name ? row->name : "");
  if (refused) {
    *error = g_strdup(refused->c_str());
    return false;
  }
  return true;
}

void rebuild_names() {
  g_names.clear();
  for (guint i = 0; i < g_record_count; ++i) {
    const ObjectNameRecord& row = g_records[i];
    // Rows were checked on entry; a row that still fails is skipped rather than half-applied.
    // A later row for the same Object or Resource replaces an earlier one.
    (void)g_names.add_row(row.object, row.resource ? row.resource : "", row.name ? row.name : "");
  }
}

void reset_names() {
  g_names.clear();
}

}  // namespace

const ObjectRegistry& object_names() {
  return g_names;
}

void register_object_names_table(module_t* module) {
  static uat_field_t fields[] = {
      UAT_FLD_DEC(object_name, object, "Object ID", "LwM2M Object ID, 0-65535, e.g. 3 or 33000"),
      UAT_FLD_CSTRING(object_name, resource, "Resource ID",
                      "LwM2M Resource ID, 0-65535; empty (or -1) to name the Object itself"),
      UAT_FLD_CSTRING(object_name, name, "Name",
                      "Name shown for the Object or Resource, e.g. Acme Pump or Flow Rate; "
                      "replaces the built-in OMA registry name"),
      UAT_END_FIELDS};
  // Not "lwm2m_object_names": Wireshark's own LwM2M TLV dissector keeps its "User Object Names"
  // table in a file of that name, with other columns.
  uat_t* table =
      uat_new("LwM2M object names", sizeof(ObjectNameRecord), "lwm2m_ept_object_names", true,
              &g_records, &g_record_count, UAT_AFFECTS_DISSECTION, "ChUserTable", copy_record,
              check_record, free_record, rebuild_names, reset_names, fields);
  prefs_register_uat_preference(
      module, "object_names", "LwM2M object names",
      "Names for your own LwM2M Objects and Resources, or to replace the built-in OMA LwM2M "
      "registry names",
      table);
}

}  // namespace lwm2m::plugin
