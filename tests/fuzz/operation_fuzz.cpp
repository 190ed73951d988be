// Fuzz target: operation classification (path_segments, join_path, classify_request), as the
// plugin and the replay tool run it on every CoAP request. Input: the method code byte, a byte
// whose high bit says the path is a known location and whose low 7 bits are the number of
// Uri-Query options, then the Uri-Path options separated by '\n'.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_check.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/operation.h"

using lwm2m::Operation;
using lwm2m::fuzz::within;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const uint8_t method = data[0];
  const bool known_location = (data[1] & 0x80) != 0;
  const std::size_t query_count = data[1] & 0x7f;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 2, size - 2);
  std::vector<std::string_view> options;
  for (std::size_t start = 0; start <= rest.size();) {
    std::size_t end = rest.find('\n', start);
    if (end == std::string_view::npos) end = rest.size();
    options.push_back(rest.substr(start, end - start));
    start = end + 1;
  }

  const std::vector<std::string_view> segments = lwm2m::path_segments(options);
  // Segments: the non-empty pieces between slashes, in order, each inside its option.
  std::size_t option = 0;
  std::string expected, joined;
  for (const std::string_view o : options) {
    for (const char c : o) expected += c == '/' ? '\n' : c;
    expected += '\n';
  }
  for (const std::string_view segment : segments) {
    FUZZ_CHECK(!segment.empty());
    FUZZ_CHECK(segment.find('/') == std::string_view::npos);
    while (option < options.size() && !within(segment, options[option])) ++option;
    FUZZ_CHECK(option < options.size());
    joined += segment;
    joined += '\n';
  }
  std::string squeezed;  // `expected` without empty pieces
  for (std::size_t start = 0; start < expected.size();) {
    const std::size_t end = expected.find('\n', start);
    if (end > start) squeezed += expected.substr(start, end - start + 1);
    start = end + 1;
  }
  FUZZ_CHECK(joined == squeezed);

  const std::string path = lwm2m::join_path(segments);
  FUZZ_CHECK(!path.empty() && path.front() == '/');
  FUZZ_CHECK(segments.empty() ? path == "/" : path.size() == joined.size());

  const lwm2m::Classification c =
      lwm2m::classify_request(method, segments, query_count, known_location);
  FUZZ_CHECK(!lwm2m::operation_name(c.operation).empty() || c.operation == Operation::kNone);
  const std::string_view last = segments.empty() ? std::string_view() : segments.back();
  switch (c.operation) {
    case Operation::kNone:
      FUZZ_CHECK(c.location.empty());
      break;
    case Operation::kRegister:
      FUZZ_CHECK(method == lwm2m::coap::kPost && last == "rd" && c.location.empty());
      break;
    case Operation::kBootstrapRequest:
      FUZZ_CHECK(method == lwm2m::coap::kPost && last == "bs" && query_count > 0);
      break;
    case Operation::kBootstrapFinish:
      FUZZ_CHECK(method == lwm2m::coap::kPost && segments.size() == 1 && query_count == 0);
      break;
    case Operation::kUpdate:
      FUZZ_CHECK(method == lwm2m::coap::kPost || method == lwm2m::coap::kPut);
      FUZZ_CHECK(c.location == path);
      break;
    case Operation::kDeregister:
      FUZZ_CHECK(method == lwm2m::coap::kDelete && c.location == path);
      break;
    default:  // classify_operation's other operations are never classify_request's
      FUZZ_CHECK(false);
      break;
  }
  // classify_operation finds the same registration and bootstrap requests, and names whatever
  // else it finds.
  lwm2m::RequestShape shape;
  shape.query_count = query_count;
  shape.known_location = known_location;
  shape.has_payload = (query_count & 1) != 0;
  shape.observe =
      query_count % 3 == 0 ? std::nullopt : std::optional<uint32_t>(query_count % 3 - 1);
  const lwm2m::Classification all = lwm2m::classify_operation(method, segments, shape);
  if (c.operation != Operation::kNone) FUZZ_CHECK(all.operation == c.operation);
  FUZZ_CHECK(all.operation == Operation::kNone || !lwm2m::operation_name(all.operation).empty());
  // Only the methods LwM2M uses for these operations are ever classified by classify_request.
  if (method != lwm2m::coap::kPost && method != lwm2m::coap::kPut && method != lwm2m::coap::kDelete)
    FUZZ_CHECK(c.operation == Operation::kNone);
  return 0;
}
