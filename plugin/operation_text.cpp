#include "operation_text.h"

#include "lwm2m/object_path.h"

namespace lwm2m::plugin {

std::string operation_target_text(const MessageRecord& record) {
  if (!record.has_object_path) return std::string();
  // Object and resource names, " (Device / Manufacturer)", go after the path here.
  return object_path_text(record.object_path);
}

}  // namespace lwm2m::plugin
