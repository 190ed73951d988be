// Every Wireshark header the plugin uses, and the one place for differences between the Wireshark
// versions the plugin builds against (4.0 is tested; 4.2 and 4.4 are written for).
#pragma once

#define WS_BUILD_DLL
#include <wireshark.h>

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
