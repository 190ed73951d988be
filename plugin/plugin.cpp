// The plugin's ABI: what Wireshark's plugin loader looks up by name in the shared object.
#include "lwm2m_protocol.h"

// Each symbol is declared on its own: a braced extern "C" { const int x = ...; } block would give
// the constants internal linkage and the loader would not find them.
extern "C" WS_DLL_PUBLIC_DEF const gchar plugin_version[] = LWM2M_PLUGIN_VERSION;
extern "C" WS_DLL_PUBLIC_DEF const int plugin_want_major = WIRESHARK_VERSION_MAJOR;
extern "C" WS_DLL_PUBLIC_DEF const int plugin_want_minor = WIRESHARK_VERSION_MINOR;
extern "C" WS_DLL_PUBLIC_DEF void plugin_register(void);
// Wireshark 4.4 and later also ask what the plugin is (nothing before 4.4: see ws_compat.h).
LWM2M_WS_DESCRIBE_AS_DISSECTOR()

void plugin_register(void) {
  static proto_plugin plugin;
  plugin.register_protoinfo = lwm2m::plugin::register_protocol;
  plugin.register_handoff = lwm2m::plugin::register_handoff;
  proto_register_plugin(&plugin);
}
