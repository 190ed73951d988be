// How the plugin writes what an operation is about, in the Info column and labels: one place, so
// that what follows the path (object and resource names) is added here once.
#pragma once

#include <string>

#include "capture_state.h"

namespace lwm2m::plugin {

// The target of `record`'s operation as the Info column shows it after the operation's name:
// its LwM2M path ("/3/0/0", "/" for the root); "" when it has none (Register, Send...).
std::string operation_target_text(const MessageRecord& record);

}  // namespace lwm2m::plugin
