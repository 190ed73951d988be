#include "lwm2m/object_registry.h"

#include <algorithm>
#include <utility>

#include "object_registry_table.h"
#include "text.h"

namespace lwm2m {

namespace {

constexpr unsigned long kMaxId = 65535;

uint32_t key_of(uint16_t object, uint16_t resource) {
  return static_cast<uint32_t>(object) << 16 | resource;
}

// The user's name under `key`, or null.
template <typename Names>
const std::string* find_user(const Names& names, uint32_t key) {
  if (names.empty()) return nullptr;
  auto it = std::lower_bound(names.begin(), names.end(), key,
                             [](const auto& entry, uint32_t wanted) { return entry.key < wanted; });
  return it != names.end() && it->key == key ? &it->name : nullptr;
}

std::string_view builtin_object(uint16_t object) {
  const detail::BuiltinObjectName* begin = detail::kBuiltinObjects;
  const detail::BuiltinObjectName* end = begin + detail::kBuiltinObjectCount;
  auto it = std::lower_bound(
      begin, end, object, [](const auto& entry, uint16_t wanted) { return entry.object < wanted; });
  return it != end && it->object == object ? it->name : std::string_view();
}

std::string_view builtin_resource(uint16_t object, uint16_t resource) {
  const detail::BuiltinResourceName* begin = detail::kBuiltinResources;
  const detail::BuiltinResourceName* end = begin + detail::kBuiltinResourceCount;
  const uint32_t key = key_of(object, resource);
  auto it = std::lower_bound(begin, end, key, [](const auto& entry, uint32_t wanted) {
    return key_of(entry.object, entry.resource) < wanted;
  });
  return it != end && it->object == object && it->resource == resource ? it->name
                                                                       : std::string_view();
}

std::string id_problem_text(std::string_view what, std::string_view id) {
  return std::string(what) + " " + std::string(id) + " is not an LwM2M id: ids are 0-65535";
}

std::optional<std::string> id_problem(std::string_view what, unsigned long id) {
  if (id <= kMaxId) return std::nullopt;
  return id_problem_text(what, std::to_string(id));
}

struct ResourceField {
  std::optional<unsigned long> resource;  // nullopt: the Object itself
  std::optional<std::string> problem;
};

ResourceField parse_resource_field(std::string_view text) {
  if (text.empty() || text == "-1") return {};
  const detail::Decimal number = detail::parse_decimal(text);
  if (!number.is_decimal) {
    return {std::nullopt, "resource " + detail::quote(text) +
                              " is not a number: leave it empty (or -1) for the object itself"};
  }
  if (number.overflow || number.value > kMaxId) {
    return {std::nullopt, id_problem_text("resource", text)};
  }
  return {static_cast<unsigned long>(number.value), std::nullopt};
}

}  // namespace

std::string_view ObjectRegistry::object_name(uint16_t object) const {
  if (const std::string* user = find_user(user_objects_, object)) return *user;
  return builtin_object(object);
}

std::string_view ObjectRegistry::resource_name(uint16_t object, uint16_t resource) const {
  if (const std::string* user = find_user(user_resources_, key_of(object, resource))) return *user;
  return builtin_resource(object, resource);
}

std::string ObjectRegistry::path_name(const uint16_t* ids, std::size_t count) const {
  if (count == 0) return {};
  const std::string_view object = object_name(ids[0]);
  const std::string_view resource = count >= 3 ? resource_name(ids[0], ids[2]) : std::string_view();
  if (resource.empty()) return std::string(object);
  std::string text = object.empty() ? std::to_string(ids[0]) : std::string(object);
  text += " / ";
  text += resource;
  return text;
}

std::optional<std::string> ObjectRegistry::check(unsigned long object,
                                                 std::optional<unsigned long> resource,
                                                 std::string_view name) {
  if (auto problem = id_problem("object", object)) return problem;
  if (resource) {
    if (auto problem = id_problem("resource", *resource)) return problem;
  }
  if (name.empty()) return std::string("the name is empty");
  if (auto problem = detail::size_problem(name.size(), kMaxNameBytes)) {
    return "the name is too long: " + *problem;
  }
  for (std::size_t pos = 0; pos < name.size();) {
    char32_t code_point = 0;
    const std::size_t length = detail::utf8_sequence_length(name, pos, code_point);
    if (length == 0) return "the name is not UTF-8: " + detail::quote_char_at(name, pos);
    if (detail::is_control(code_point)) {
      return "the name has a control character (" + detail::hex_code(code_point) + ")";
    }
    pos += length;
  }
  return std::nullopt;
}

std::optional<std::string> ObjectRegistry::add(unsigned long object,
                                               std::optional<unsigned long> resource,
                                               std::string_view name) {
  if (auto problem = check(object, resource, name)) return problem;
  const auto object_id = static_cast<uint16_t>(object);
  std::vector<UserName>& names = resource ? user_resources_ : user_objects_;
  const uint32_t key =
      resource ? key_of(object_id, static_cast<uint16_t>(*resource)) : uint32_t{object_id};
  auto it =
      std::lower_bound(names.begin(), names.end(), key,
                       [](const UserName& entry, uint32_t wanted) { return entry.key < wanted; });
  if (it != names.end() && it->key == key) {
    it->name.assign(name);
  } else {
    names.insert(it, UserName{key, std::string(name)});
  }
  return std::nullopt;
}

std::optional<std::string> ObjectRegistry::check_row(unsigned long object,
                                                     std::string_view resource,
                                                     std::string_view name) {
  const ResourceField field = parse_resource_field(resource);
  if (field.problem) return field.problem;
  return check(object, field.resource, name);
}

std::optional<std::string> ObjectRegistry::add_row(unsigned long object, std::string_view resource,
                                                   std::string_view name) {
  const ResourceField field = parse_resource_field(resource);
  if (field.problem) return field.problem;
  return add(object, field.resource, name);
}

void ObjectRegistry::clear() {
  user_objects_.clear();
  user_resources_.clear();
}

const ObjectRegistry& builtin_object_registry() {
  static const ObjectRegistry registry;
  return registry;
}

std::size_t builtin_object_count() {
  return detail::kBuiltinObjectCount;
}

std::size_t builtin_resource_count() {
  return detail::kBuiltinResourceCount;
}

}  // namespace lwm2m
