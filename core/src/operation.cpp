#include "lwm2m/operation.h"

#include "lwm2m/coap_message.h"

namespace lwm2m {

std::string_view operation_name(Operation op) {
  switch (op) {
    case Operation::kNone:
      return "";
    case Operation::kRegister:
      return "Register";
    case Operation::kUpdate:
      return "Update";
    case Operation::kDeregister:
      return "De-register";
    case Operation::kBootstrapRequest:
      return "Bootstrap-Request";
    case Operation::kBootstrapFinish:
      return "Bootstrap-Finish";
  }
  return "";
}

std::vector<std::string_view> path_segments(const std::vector<std::string_view>& options) {
  std::vector<std::string_view> segments;
  segments.reserve(options.size());
  for (const std::string_view option : options) {
    std::size_t start = 0;
    while (start <= option.size()) {
      std::size_t slash = option.find('/', start);
      if (slash == std::string_view::npos) slash = option.size();
      if (slash > start) segments.push_back(option.substr(start, slash - start));
      start = slash + 1;
    }
  }
  return segments;
}

std::string join_path(const std::vector<std::string_view>& segments) {
  if (segments.empty()) return "/";
  std::size_t length = 0;
  for (const std::string_view segment : segments) length += 1 + segment.size();
  std::string path;
  path.reserve(length);
  for (const std::string_view segment : segments) {
    path += '/';
    path += segment;
  }
  return path;
}

namespace {

// …/rd/{id}: the shape of a registration location the server handed out.
bool looks_like_location(const std::vector<std::string_view>& segments) {
  return segments.size() >= 2 && segments[segments.size() - 2] == "rd";
}

}  // namespace

Classification classify_request(uint8_t method_code, const std::vector<std::string_view>& segments,
                                std::size_t query_count, bool known_location) {
  Classification result;
  const std::string_view last = segments.empty() ? std::string_view() : segments.back();
  const bool at_location = known_location || looks_like_location(segments);

  if (method_code == coap::kPost && last == "rd") {
    result.operation = Operation::kRegister;
  } else if (method_code == coap::kPost && last == "bs" && query_count > 0) {
    result.operation = Operation::kBootstrapRequest;
  } else if (method_code == coap::kPost && segments.size() == 1 && last == "bs") {
    result.operation = Operation::kBootstrapFinish;  // no query: the server ends bootstrap
  } else if ((method_code == coap::kPost || method_code == coap::kPut) && at_location) {
    result.operation = Operation::kUpdate;
  } else if (method_code == coap::kDelete && at_location) {
    result.operation = Operation::kDeregister;
  }
  if (result.operation == Operation::kUpdate || result.operation == Operation::kDeregister) {
    result.location = join_path(segments);
  }
  return result;
}

}  // namespace lwm2m
