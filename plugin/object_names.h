// The "LwM2M object names" user table (UAT): the user's names for Objects and Resources, on top of
// the built-in OMA registry names, kept in a core ObjectRegistry that the dissectors read.
#pragma once

#include "lwm2m/object_registry.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// The built-in names with the table's rows as the user last saved them.
const ObjectRegistry& object_names();

// Registers the table as a preference of `module`.
void register_object_names_table(module_t* module);

}  // namespace lwm2m::plugin
