#include "lwm2m_endpoint_table.h"

#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <unordered_map>

#include "capture_state.h"
#include "lwm2m/printable.h"
#include "lwm2m_protocol.h"
#include "ws_compat.h"

#include <epan/address.h>
#include <epan/address_types.h>
#include <epan/conversation_table.h>

namespace lwm2m::plugin {
namespace {

// A row's address, of an address type of its own: the usable type (0: none), then the name as
// lwm2m.ep shows it (printable()). The row's port is that type too, for the Port column.
int g_address_type = -1;

std::string_view name_of(const address* addr) {
  if (!addr || !addr->data || addr->len < 1) return {};
  return {static_cast<const char*>(addr->data) + 1, static_cast<std::size_t>(addr->len - 1)};
}

guint8 type_of(const address* addr) {
  return addr && addr->data && addr->len >= 1 ? *static_cast<const guint8*>(addr->data) : 0;
}

// Whether get_endpoint_filter() quotes our addresses itself (it quotes AT_STRINGZ and USB ones
// in 4.0 and writes any other address as its type prints it): found out once, at registration.
bool g_wireshark_quotes = false;
bool g_probing = false;

// What get_endpoint_filter() puts after "==": the name as a display filter string, `\` and `"`
// escaped, in quotes unless Wireshark adds them. Also what the Address column of Wireshark's
// Endpoints dialog shows (its name resolution is off for LwM2M).
std::string address_text(const address* addr) {
  const std::string_view name = name_of(addr);
  if (g_probing) return std::string(name);
  std::string text;
  text.reserve(name.size() + 2);
  if (!g_wireshark_quotes) text.push_back('"');
  for (char c : name) {
    if (c == '\\' || c == '"') text.push_back('\\');
    text.push_back(c);
  }
  if (!g_wireshark_quotes) text.push_back('"');
  return text;
}

int address_to_text(const address* addr, gchar* buf, int buf_len) {
  if (!buf || buf_len <= 0) return 0;
  try {
    const std::string text = address_text(addr);
    g_strlcpy(buf, text.c_str(), static_cast<gsize>(buf_len));
  } catch (const std::exception&) {
    buf[0] = '\0';
  }
  return static_cast<int>(std::strlen(buf) + 1);
}

int address_text_size(const address* addr) {
  try {
    return static_cast<int>(address_text(addr).size() + 1);
  } catch (const std::exception&) {
    return 1;
  }
}

// The row as people read it, where Wireshark resolves addresses to names (tshark -z endpoints,
// sharkd): "urn:imei:490154203237518 (ept 2)", "(empty) (ept 2)" for an empty name. Kept for the
// life of the process, as Wireshark expects of a resolved name.
const gchar* address_display(const address* addr) {
  static std::unordered_map<std::string, std::string> shown;
  try {
    const std::string key(static_cast<const char*>(addr->data),
                          static_cast<std::size_t>(addr->len));
    auto [entry, added] = shown.try_emplace(key);
    if (added) {
      const guint8 type = type_of(addr);
      const std::string_view name = name_of(addr);
      entry->second = std::string(name.empty() ? "(empty)" : name) +
                      (type ? " (ept " + std::to_string(type) + ")" : " (no usable ept)");
    }
    return entry->second.c_str();
  } catch (const std::exception&) {
    return nullptr;  // Wireshark then shows address_to_text()
  }
}

int address_display_size() {
  return 4096;  // a bound for address_with_resolution_to_str(), which this table never uses
}

// The row's type: lwm2m.ept, or 0 where the message has none (no ept, or one that is no number
// 1-255: `abc`, `0`, `256`, empty; lwm2m.ept.text then, on the message that carries it only).
guint8 port_of(const MessageRecord& record) {
  return record.ept ? *record.ept : 0;
}

// What get_endpoint_filter() puts before "==": the row's type, then the field the address is
// compared with. One text per type, kept for the life of the process (256 at most).
const char* filter_name(endpoint_item_t* item, conv_filter_type_e filter_type) {
  static std::unordered_map<guint32, std::string> names;
  if (g_probing) return "probe";
  switch (filter_type) {
    case CONV_FT_SRC_ADDRESS:
    case CONV_FT_DST_ADDRESS:
    case CONV_FT_ANY_ADDRESS:
      break;
    default:
      return "lwm2m.ept";  // asked only for ports of TCP, UDP, SCTP, NCP endpoints: never here
  }
  if (!item) return CONV_FILTER_INVALID;
  try {
    const guint32 type = type_of(&item->myaddress);
    auto [entry, added] = names.try_emplace(type);
    if (added) {
      entry->second = type == 0 ? std::string("!lwm2m.ept && lwm2m.ep")
                                : "lwm2m.ept == " + std::to_string(type) + " && lwm2m.ep";
    }
    return entry->second.c_str();
  } catch (const std::exception&) {
    return CONV_FILTER_INVALID;
  }
}

et_dissector_info_t g_endpoint_info = {&filter_name};

// Asks the running Wireshark how it writes an endpoint filter for an address of this type: 4.0
// writes `name==<address text>`, leaving the quotes to the address; should a later version
// quote other address types as it quotes AT_STRINGZ, the address text must not.
void probe_quoting() {
  const char probe[] = {0, 'x'};
  endpoint_item_t item{};
  item.dissector_info = &g_endpoint_info;
  set_address(&item.myaddress, g_address_type, sizeof probe, probe);
  item.etype = ENDPOINT_NONE;
  g_probing = true;
  char* filter = get_endpoint_filter(&item);
  g_probing = false;
  g_wireshark_quotes = filter && std::strcmp(filter, "probe==\"x\"") == 0;
  wmem_free(nullptr, filter);
}

// Who sent the message: the client (the row's endpoint: Tx) or its server (Rx).
bool sent_by_client(const MessageRecord& record, const packet_info* pinfo) {
  switch (record.operation) {
    case Operation::kRegister:
    case Operation::kUpdate:
    case Operation::kDeregister:
    case Operation::kBootstrapRequest:
    case Operation::kSend:
    case Operation::kBootstrapPackRequest:
      return !record.is_response;
    case Operation::kBootstrapFinish:  // the bootstrap server's request
      return record.is_response;
    default:
      break;
  }
  // A message of a registered client's conversation: the registration knows the client. A
  // bootstrapping client's: its bootstrap server sends the requests (Discover, Write, Delete).
  if (record.registration) return source_of(pinfo) == record.registration->client;
  return record.is_response;
}

bool same_row(const MessageRecord& a, const MessageRecord& b) {
  return a.ep && b.ep && *a.ep == *b.ep && port_of(a) == port_of(b);
}

// A frame counts once per row, however many of its messages (CoAP over TCP) are the same
// endpoint's: the row's packets are then the frames its filter shows.
bool counted_earlier_in_frame(const MessageRecord& record, packet_info* pinfo) {
  const FrameSummary* summary = CaptureState::summary(pinfo);
  if (!summary) return false;
  for (unsigned i = 0; i < summary->count; ++i) {
    const MessageRecord* other = summary->messages()[i];
    if (other == &record) return false;
    if (other && same_row(*other, record)) return true;
  }
  return false;
}

tap_packet_status endpoint_packet(void* tapdata, packet_info* pinfo, epan_dissect_t*,
                                  const void* data, tap_flags_t flags) {
  const auto& record = *static_cast<const MessageRecord*>(data);
  // A copy an ICMP error quotes is no packet of the device: its addresses are the error's.
  if (!record.ep || record.extra().quote_of) return TAP_PACKET_DONT_REDRAW;
  if (counted_earlier_in_frame(record, pinfo)) return TAP_PACKET_DONT_REDRAW;
  auto* hash = static_cast<conv_hash_t*>(tapdata);
  hash->flags = flags;
  try {
    std::string bytes(1, static_cast<char>(port_of(record)));
    bytes += printable(*record.ep);
    address row;
    set_address(&row, g_address_type, static_cast<int>(bytes.size()), bytes.data());
    add_endpoint_table_data(hash, &row, port_of(record), sent_by_client(record, pinfo), 1,
                            static_cast<int>(pinfo->fd->pkt_len), &g_endpoint_info, ENDPOINT_NONE);
  } catch (const std::exception&) {
    return TAP_PACKET_DONT_REDRAW;  // only allocation can throw: the message is left uncounted
  }
  return TAP_PACKET_REDRAW;
}

// Wireshark registers a conversation table with every endpoint table. An LwM2M message has one
// named end, the client; its server is an address and port, which the UDP, TCP and IP
// conversations show already. So this table stays empty.
tap_packet_status conversation_packet(void*, packet_info*, epan_dissect_t*, const void*,
                                      tap_flags_t) {
  return TAP_PACKET_DONT_REDRAW;
}

}  // namespace

void register_endpoint_table() {
  g_address_type = address_type_dissector_register(
      "AT_LWM2M_ENDPOINT", "LwM2M Endpoint Client Name and type", address_to_text,
      address_text_size, nullptr, nullptr, nullptr, address_display, address_display_size);
  probe_quoting();
  // Ports not hidden: the Port column is lwm2m.ept, and sorts as a number.
  register_conversation_table(proto_lwm2m, false, conversation_packet, endpoint_packet);
}

}  // namespace lwm2m::plugin
