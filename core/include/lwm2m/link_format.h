// The Register/Update payload: CoRE Link Format (RFC 6690) list of LwM2M objects and instances,
// e.g. `</>;rt="oma.lwm2m";ct=11543,</1/0>,</3/0>;ver=1.1,</3303>`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {

struct ObjectLink {
  std::size_t offset = 0;   // of the whole link (from '<') within the payload
  std::size_t length = 0;   // up to, not including, the separating ','
  std::string_view target;  // the URI between '<' and '>'
  uint16_t object = 0;
  std::optional<uint16_t> instance;
  std::optional<std::string_view> version;  // the `ver` attribute, unquoted
};

struct LinkFormat {
  // The alternate root path from a `</path>;rt="oma.lwm2m"` link ("/" by default).
  std::string root_path = "/";
  std::vector<ObjectLink> objects;
  // Human sentences for links that are not object links, e.g. "link 3: object id 70000 is out of
  // range 0-65535". Parsing goes on after a bad link.
  std::vector<std::string> problems;
};

LinkFormat parse_object_links(std::string_view payload);
// The same into `out`, replacing what it held: a caller that keeps `out` from one payload to the
// next parses a payload of no more links than before without allocating.
void parse_object_links(std::string_view payload, LinkFormat& out);

}  // namespace lwm2m
