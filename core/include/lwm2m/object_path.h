// An LwM2M path (the TS's "Object Model"): /{Object ID}/{Object Instance ID}/{Resource ID}/
// {Resource Instance ID}, each a decimal number 0-65535; "/" is the root.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

struct ObjectPath {
  uint8_t depth = 0;  // 0 the root, 1 an Object, 2 an Object Instance, 3 a Resource, 4 a
                      // Resource Instance
  std::array<uint16_t, 4> ids{};

  std::optional<uint16_t> object() const { return part(0); }
  std::optional<uint16_t> instance() const { return part(1); }
  std::optional<uint16_t> resource() const { return part(2); }
  std::optional<uint16_t> resource_instance() const { return part(3); }

  friend bool operator==(const ObjectPath& a, const ObjectPath& b) {
    return a.depth == b.depth && a.ids == b.ids;
  }

 private:
  std::optional<uint16_t> part(uint8_t index) const {
    if (index >= depth) return std::nullopt;
    return ids[index];
  }
};

// The path of Uri-Path segments (coap_path.h's path_segments), or nullopt when they are not an
// LwM2M path: more than four segments, or a segment that is not a decimal number 0-65535.
std::optional<ObjectPath> parse_object_path(const std::vector<std::string_view>& segments);

// "/3/0/0"; "/" for the root.
std::string object_path_text(const ObjectPath& path);

}  // namespace lwm2m
