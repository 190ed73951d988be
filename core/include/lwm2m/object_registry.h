// The names of LwM2M Objects and Resources ("Device", "Device / Manufacturer"): the OMA LwM2M
// object registry's names for the objects 0-7, the IPSO objects and the rest of the registry
// (built in, generated from data: docs/DESIGN.md, "Object and resource names"), with the user's
// own additions and overrides on top.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

class ObjectRegistry {
 public:
  // The built-in names only.
  ObjectRegistry() = default;

  // The name of an Object: the user's, else the registry's; "" when unknown.
  std::string_view object_name(uint16_t object) const;

  // The name of a Resource of an Object: the user's, else the registry's; "" when unknown.
  std::string_view resource_name(uint16_t object, uint16_t resource) const;

  // What a path is called, from its ids (Object, Object Instance, Resource, Resource Instance;
  // `count` of them, 0-4): "Device / Manufacturer" for /3/0/0 and /3/0/0/1, "Device" for /3,
  // /3/0 and a Resource without a name (/3/0/9999). A Resource with a name in an Object without
  // one is "<object id> / <resource name>" (/40000/0/1 → "40000 / Power", a user's Resource);
  // "" when nothing has a name (/9999/0/1, the root).
  std::string path_name(const uint16_t* ids, std::size_t count) const;
  std::string path_name(std::initializer_list<uint16_t> ids) const {
    return path_name(ids.begin(), ids.size());
  }

  // One of the user's names, as a row of the plugin's table: an Object's name when `resource`
  // is nullopt, else a Resource's. It replaces the built-in name and any earlier user name of
  // the same thing. Returns a human sentence when refused: an id above 65535, an empty name,
  // one with control characters, or one longer than kMaxNameBytes.
  std::optional<std::string> add(unsigned long object, std::optional<unsigned long> resource,
                                 std::string_view name);

  // Checks a row as add() would, without adding it.
  static std::optional<std::string> check(unsigned long object,
                                          std::optional<unsigned long> resource,
                                          std::string_view name);

  // A row of the plugin's table as the user wrote it: the Resource ID as text, "" or "-1" for
  // the Object itself. Refuses a Resource ID that is not a decimal number, then as add() does.
  std::optional<std::string> add_row(unsigned long object, std::string_view resource,
                                     std::string_view name);
  static std::optional<std::string> check_row(unsigned long object, std::string_view resource,
                                              std::string_view name);

  // Forgets the user's names: back to the built-in table.
  void clear();

  // How many names the user gave (Objects and Resources).
  std::size_t user_count() const { return user_objects_.size() + user_resources_.size(); }

  static constexpr std::size_t kMaxNameBytes = 128;

 private:
  struct UserName {
    uint32_t key;  // object << 16 | resource (the object alone for an Object's name)
    std::string name;
  };
  // Sorted by key; few, so an insert moves little.
  std::vector<UserName> user_objects_;
  std::vector<UserName> user_resources_;
};

// The built-in names alone, shared (replay reports, tests).
const ObjectRegistry& builtin_object_registry();

// How many built-in Objects and Resources have a name.
std::size_t builtin_object_count();
std::size_t builtin_resource_count();

}  // namespace lwm2m
