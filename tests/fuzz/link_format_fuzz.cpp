// Fuzz target: the Register/Update payload, CoRE Link Format (parse_object_links). Input: the
// payload.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "lwm2m/link_format.h"

using lwm2m::fuzz::is_printable_utf8;
using lwm2m::fuzz::within;

namespace {

// The number after the last '/' of `path`, which is cut before that '/'; -1 when it is not one.
long take_last_number(std::string_view& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string_view::npos || slash + 1 == path.size()) return -1;
  long value = 0;
  for (const char c : path.substr(slash + 1)) {
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
    if (value > 65535) return -1;
  }
  path = path.substr(0, slash);
  return value;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view payload(reinterpret_cast<const char*>(data), size);
  const lwm2m::LinkFormat links = lwm2m::parse_object_links(payload);

  // The root path is "/" or the target of a link in the payload.
  FUZZ_CHECK(links.root_path == "/" ||
             payload.find("<" + links.root_path + ">") != std::string_view::npos);
  std::size_t previous_end = 0;
  for (const lwm2m::ObjectLink& link : links.objects) {
    FUZZ_CHECK(link.offset < payload.size());
    FUZZ_CHECK(link.length <= payload.size() - link.offset);
    FUZZ_CHECK(link.offset >= previous_end);  // in payload order, not overlapping
    previous_end = link.offset + link.length;
    const std::string_view whole = payload.substr(link.offset, link.length);
    FUZZ_CHECK(!whole.empty() && whole.front() == '<');
    FUZZ_CHECK(within(link.target, whole));
    FUZZ_CHECK(link.target.data() == whole.data() + 1);
    FUZZ_CHECK(whole.size() > link.target.size() + 1 && whole[link.target.size() + 1] == '>');
    if (link.version) FUZZ_CHECK(within(*link.version, whole));
    // The target ends in "/object" or "/object/instance", decimal (leading zeros allowed).
    std::string_view target = link.target;
    if (link.instance) FUZZ_CHECK(take_last_number(target) == *link.instance);
    FUZZ_CHECK(take_last_number(target) == link.object);
  }
  // Problems: at most 8 listed, plus one sentence counting the rest.
  FUZZ_CHECK(links.problems.size() <= 9);
  for (const std::string& problem : links.problems)
    FUZZ_CHECK(!problem.empty() && is_printable_utf8(problem));
  return 0;
}
