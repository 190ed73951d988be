#include "operation_text.h"

#include "lwm2m/object_path.h"
#include "object_names.h"

namespace lwm2m::plugin {

std::string operation_target_text(const MessageRecord& record) {
  if (!record.has_object_path) return std::string();
  const ObjectPath& path = record.object_path;
  std::string text = object_path_text(path);
  const std::string names = object_names().path_name(path.ids.data(), path.depth);
  if (!names.empty()) text += " (" + names + ")";
  return text;
}

std::string_view path_level_name(const ObjectPath& path, uint8_t level) {
  if (level >= path.depth) return {};
  if (level == 0) return object_names().object_name(path.ids[0]);
  if (level == 2) return object_names().resource_name(path.ids[0], path.ids[2]);
  return {};
}

}  // namespace lwm2m::plugin
