#include "lwm2m/host_port.h"

namespace lwm2m {

std::string host_port(std::string_view host, uint16_t port) {
  const bool bracketed = host.find(':') != std::string_view::npos;
  std::string text;
  text.reserve(host.size() + 8);
  if (bracketed) text += '[';
  text += host;
  if (bracketed) text += ']';
  text += ':';
  text += std::to_string(port);
  return text;
}

}  // namespace lwm2m
