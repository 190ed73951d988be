#include "server_ports.h"

#include <exception>
#include <set>
#include <vector>

#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

constexpr const char* kTable = "udp.port";
constexpr guint32 kMaxPort = 65535;

range_t* g_preference = nullptr;  // the preference's value; Wireshark's preferences own it
dissector_handle_t g_coap = nullptr;
std::set<guint32> g_added;  // the ports this preference registered CoAP on

template <typename F>
void for_each_port(const range_t* range, F&& f) {
  if (range == nullptr) return;
  for (guint i = 0; i < range->nranges; ++i) {
    for (guint32 port = range->ranges[i].low; port <= range->ranges[i].high && port <= kMaxPort;
         ++port) {
      f(port);
    }
  }
}

// Decode As changes the port's current dissector and keeps its default: where they differ, the
// user chose what the port is, and this preference leaves it so.
bool changed_by_decode_as(guint32 port) {
  dissector_table_t table = find_dissector_table(kTable);
  return dissector_get_uint_handle(table, port) != dissector_get_default_uint_handle(kTable, port);
}

// CoAP goes only where no dissector is registered: CoAP's own ports stay CoAP's (its "UDP
// port(s)" preference), a port of another protocol (DTLS on 5684) keeps it, as does a port where
// the user chose a dissector with Decode As.
void add_port(guint32 port) {
  if (g_added.count(port) != 0 || changed_by_decode_as(port)) return;
  if (dissector_get_default_uint_handle(kTable, port) != nullptr) return;
  dissector_add_uint(kTable, port, g_coap);
  g_added.insert(port);
}

// Only what add_port() registered goes, unless the user has since changed it with Decode As.
void remove_port(guint32 port) {
  g_added.erase(port);
  if (changed_by_decode_as(port)) return;
  if (dissector_get_default_uint_handle(kTable, port) != g_coap) return;
  dissector_delete_uint(kTable, port, g_coap);
}

// What apply_server_ports does, which may throw.
void apply_server_ports_now() {
  if (g_coap == nullptr) return;
  std::vector<guint32> taken_out;
  for (guint32 port : g_added) {
    if (g_preference == nullptr || !value_is_in_range(g_preference, port))
      taken_out.push_back(port);
  }
  for (guint32 port : taken_out) remove_port(port);
  for_each_port(g_preference, add_port);
}

}  // namespace

void register_server_ports_preference(module_t* module) {
  range_convert_str(wmem_epan_scope(), &g_preference, kDefaultServerPorts, kMaxPort);
  prefs_register_range_preference(
      module, "server_ports", "LwM2M server ports",
      "UDP ports of LwM2M servers and bootstrap servers that do not listen on CoAP's port 5683, "
      "e.g. 5685 (the default: Eclipse Wakaama's bootstrap server) or 5783,5785. Wireshark's "
      "CoAP dissector is registered on them, as Decode As would, so their messages decode as "
      "CoAP and LwM2M. A port that a Decode As entry changes keeps that entry, a port another "
      "protocol is registered on (DTLS on 5684) keeps it, and CoAP's own ports (Protocols > "
      "CoAP) are not affected. Plain CoAP only: leave DTLS ports out. Leave empty to register "
      "none.",
      &g_preference, kMaxPort);
}

void register_server_ports() {
  g_coap = find_dissector_add_dependency("coap", proto_lwm2m);
  apply_server_ports();
}

// Wireshark calls this from C: no exception may unwind into it. Only allocation can throw; the
// ports are then left as they were.
void apply_server_ports() {
  try {
    apply_server_ports_now();
  } catch (const std::exception&) {
  }
}

}  // namespace lwm2m::plugin
