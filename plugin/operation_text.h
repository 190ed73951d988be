// How the plugin writes what an operation is about, in the Info column and labels: one place, so
// that what follows the path (object and resource names) is added here once.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture_state.h"

namespace lwm2m::plugin {

// The target of `record`'s operation as the Info column shows it after the operation's name:
// its LwM2M path and what the path is called ("/3/0/0 (Device / Manufacturer)", "/" for the
// root, "/40000/0" for an Object nobody named); "" when it has none (Register, Send...).
std::string operation_target_text(const MessageRecord& record);

// The name of the path's Object (`level` 0) or Resource (2), for its tree item; "" for other
// levels and for what has no name.
std::string_view path_level_name(const ObjectPath& path, uint8_t level);

}  // namespace lwm2m::plugin
