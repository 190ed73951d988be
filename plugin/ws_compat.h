// Every Wireshark header the plugin uses, and the one place for differences between the Wireshark
// versions the plugin builds against: 4.0 (built and tested), 4.2 and 4.4 (written for, from
// their headers; not built here). The rest of the plugin uses what this file provides and has no
// version conditionals of its own. README.md ("Building against another Wireshark version") says
// what differs per version.
#pragma once

#define WS_BUILD_DLL
#include <wireshark.h>
#include <ws_version.h>

#include <cstdint>
#include <tuple>
#include <type_traits>

#include <epan/addr_resolv.h>
#include <epan/column-utils.h>
#include <epan/conversation.h>
#include <epan/expert.h>
#include <epan/packet.h>
#include <epan/prefs.h>
#include <epan/proto.h>
#include <epan/proto_data.h>
#include <epan/stat_tap_ui.h>
#include <epan/tap.h>
#include <epan/to_str.h>
#include <epan/tvbuff.h>
#include <epan/uat.h>
#include <epan/unit_strings.h>

// True when building against Wireshark major.minor or later.
#define LWM2M_WS_AT_LEAST(major, minor) \
  (WIRESHARK_VERSION_MAJOR > (major) || \
   (WIRESHARK_VERSION_MAJOR == (major) && WIRESHARK_VERSION_MINOR >= (minor)))

#if !LWM2M_WS_AT_LEAST(4, 0)
#error "the lwm2m plugin needs Wireshark 4.0 or later"
#endif
// The plugin loader of 4.0 to 4.6 looks up plugin_version, plugin_want_major/minor and
// plugin_register (4.4 and later also plugin_describe): built and tested on 4.0, 4.4 and 4.6
// (scripts/test-wireshark). A Wireshark series after 4.6 is not known here: its Debian suite's
// test fails by name until it has been checked.

// 4.4 moved array_length() out of the epan headers into wsutil/array.h, and added the optional
// plugin_describe() entry point with its WS_PLUGIN_DESC_* flags (wsutil/plugins.h).
#if LWM2M_WS_AT_LEAST(4, 4)
#include <wsutil/array.h>
#include <wsutil/plugins.h>
#endif

// 4.2 made the columns fields too (_ws.col.info, _ws.col.protocol...), filled from the column
// text before the postdissectors run: column_fields.cpp brings LwM2M's text into them.
#define LWM2M_WS_COLUMNS_ARE_FIELDS LWM2M_WS_AT_LEAST(4, 2)

// plugin_describe(): from 4.4 the loader asks a plugin what it is; a plugin without it is listed
// with type "unknown" in tshark -G plugins and Help > About > Plugins. Before 4.4 the loader has
// no such entry point and the type follows from the plugin folder. Use once, in plugin.cpp.
#if LWM2M_WS_AT_LEAST(4, 4)
#define LWM2M_WS_DESCRIBE_AS_DISSECTOR()                       \
  extern "C" WS_DLL_PUBLIC_DEF uint32_t plugin_describe(void); \
  uint32_t plugin_describe(void) {                             \
    return static_cast<uint32_t>(WS_PLUGIN_DESC_DISSECTOR);    \
  }
#else
#define LWM2M_WS_DESCRIBE_AS_DISSECTOR()
#endif

namespace lwm2m::plugin::ws {

namespace detail {
template <typename F>
struct function_traits;
template <typename R, typename... Args>
struct function_traits<R (*)(Args...)> {
  using result = R;
  template <std::size_t N>
  using arg = std::tuple_element_t<N, std::tuple<Args...>>;
};
}  // namespace detail

// Wireshark's move from GLib's gboolean (an int) to C99 bool reached the preference and UAT
// callback types in the 4.x series: 4.0 has gboolean, later headers bool. A gboolean* does not
// convert to bool* (nor the callback types into each other), so the two types are taken from the
// declarations themselves, right for whichever release made the switch.

// The storage of a boolean preference: what prefs_register_bool_preference() points to.
using PrefBool = std::remove_pointer_t<
    typename detail::function_traits<decltype(&prefs_register_bool_preference)>::template arg<4>>;

// What a UAT's record check (uat_update_cb_t) returns.
using UatCheckResult = typename detail::function_traits<uat_update_cb_t>::result;

#if WIRESHARK_VERSION_MAJOR == 4 && WIRESHARK_VERSION_MINOR == 0
static_assert(std::is_same_v<PrefBool, gboolean> && std::is_same_v<UatCheckResult, gboolean>,
              "Wireshark 4.0 declares these with gboolean");
#endif

}  // namespace lwm2m::plugin::ws
