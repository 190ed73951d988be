#include "peer_name.h"

#include "lwm2m/host_port.h"

namespace lwm2m::plugin {

std::string peer_name(const address& addr, uint32_t port) {
  char* host = address_to_str(nullptr, &addr);
  std::string name = host_port(host, static_cast<uint16_t>(port));
  wmem_free(nullptr, host);
  return name;
}

}  // namespace lwm2m::plugin
