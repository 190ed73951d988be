// The "Vendor Endpoint Client Name Types" user table (UAT): the user's names and optional name
// patterns for `ept` 65-255, kept in a core VendorTypeTable that the dissector reads.
#pragma once

#include <cstdint>
#include <string_view>

#include "lwm2m/vendor_types.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// The table as the user last saved it.
const VendorTypeTable& vendor_types();

// Registers the table as a preference of `module`.
void register_vendor_type_table(module_t* module);

// The name of a type: the user's name for a configured vendor type, else the type's kind.
std::string_view ept_type_name(uint8_t type);

// BASE_CUSTOM formatter of lwm2m.ept: "URN (2)", "Acme serial (101)", "Invalid (0)".
void format_ept(gchar* label, guint32 value);

}  // namespace lwm2m::plugin
