// The built-in name table of lwm2m/object_registry.h, generated into object_registry_table.cpp by
// scripts/make-object-table. Both arrays are sorted by their ids, for binary search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace lwm2m::detail {

struct BuiltinObjectName {
  uint16_t object;
  std::string_view name;
};

struct BuiltinResourceName {
  uint16_t object;
  uint16_t resource;
  std::string_view name;
};

extern const BuiltinObjectName kBuiltinObjects[];
extern const std::size_t kBuiltinObjectCount;
extern const BuiltinResourceName kBuiltinResources[];
extern const std::size_t kBuiltinResourceCount;

}  // namespace lwm2m::detail
