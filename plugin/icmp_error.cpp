#include "icmp_error.h"

#include <algorithm>

namespace lwm2m::plugin {
namespace {

int g_proto_icmp = -1;
int g_proto_icmpv6 = -1;

constexpr guint8 kIpProtocolIcmp = 1;
constexpr guint8 kIpProtocolIcmpv6 = 58;
constexpr int kIpv6HeaderSize = 40;
// How far before an ICMPv6 error its IPv6 header is looked for: the header and extension headers
// of up to 1 KiB, far more than a real error carries.
constexpr int kMostIpv6HeaderBytes = kIpv6HeaderSize + 1024;

struct Named {
  unsigned type;
  int code;  // -1: any code of the type
  const char* text;
};

// RFC 792 and RFC 1812 (ICMP), RFC 4443 (ICMPv6): the errors that quote a datagram.
constexpr Named kIcmp[] = {
    {3, 0, "network unreachable"},
    {3, 1, "host unreachable"},
    {3, 2, "protocol unreachable"},
    {3, 3, "port unreachable"},
    {3, 4, "fragmentation needed"},
    {3, 9, "network administratively prohibited"},
    {3, 10, "host administratively prohibited"},
    {3, 13, "communication administratively prohibited"},
    {3, -1, "destination unreachable"},
    {4, -1, "source quench"},
    {5, -1, "redirect"},
    {11, -1, "time exceeded"},
    {12, -1, "parameter problem"},
};
constexpr Named kIcmpv6[] = {
    {1, 0, "no route to destination"},
    {1, 1, "administratively prohibited"},
    {1, 3, "address unreachable"},
    {1, 4, "port unreachable"},
    {1, 5, "source address failed policy"},
    {1, 6, "reject route"},
    {1, -1, "destination unreachable"},
    {2, -1, "packet too big"},
    {3, -1, "time exceeded"},
    {4, -1, "parameter problem"},
};

template <std::size_t N>
const char* find_name(const Named (&table)[N], unsigned type, unsigned code) {
  for (const Named& named : table) {
    if (named.type == type && (named.code < 0 || static_cast<unsigned>(named.code) == code)) {
      return named.text;
    }
  }
  return nullptr;
}

// The first item of protocol `proto` in the tree (primed on the first pass), or null.
const field_info* first_item(proto_tree* tree, int proto) {
  if (proto < 0) return nullptr;
  GPtrArray* items = proto_get_finfo_ptr_array(tree, proto);
  if (!items || items->len == 0) return nullptr;
  return static_cast<const field_info*>(g_ptr_array_index(items, 0));
}

// IPv6 extension headers that may lie between the header and its payload (RFC 8200 §4,
// RFC 4302, RFC 6275, RFC 7401, RFC 5533): their size, or 0 for any other next header.
int extension_header_size(guint8 next_header, const guint8* header) {
  switch (next_header) {
    case 0:    // Hop-by-Hop Options
    case 43:   // Routing
    case 60:   // Destination Options
    case 135:  // Mobility
    case 139:  // Host Identity Protocol
    case 140:  // Shim6
      return (header[1] + 1) * 8;
    case 44:  // Fragment
      return 8;
    case 51:  // Authentication Header: its length counts 4-byte words, less 2
      return (header[1] + 2) * 4;
    default:
      return 0;
  }
}

// The source address of the IPv6 header whose chain of extension headers ends with ICMPv6 at
// `end`, found among the `before` bytes before `end`; null when there is none. Extension headers
// are whole multiples of 8 bytes, so the header starts 40 + 8k bytes before the error.
const guint8* outer_ipv6_source(const guint8* end, int before) {
  for (int start = kIpv6HeaderSize; start <= before; start += 8) {
    const guint8* header = end - start;
    if (header[0] >> 4 != 6) continue;
    guint8 next_header = header[6];
    const guint8* at = header + kIpv6HeaderSize;
    while (at < end) {
      const int size = end - at >= 2 ? extension_header_size(next_header, at) : 0;
      if (size == 0 || size > end - at) break;
      next_header = at[0];
      at += size;
    }
    if (at == end && next_header == kIpProtocolIcmpv6) return header + 8;
  }
  return nullptr;
}

}  // namespace

std::vector<int> init_icmp_lookup() {
  g_proto_icmp = proto_get_id_by_filter_name("icmp");
  g_proto_icmpv6 = proto_get_id_by_filter_name("icmpv6");
  // Not IP's and IPv6's items: a primed protocol item is built with its whole subtree in every
  // packet (bench/README.md measured it); the error's sender is read from the bytes instead.
  std::vector<int> wanted;
  for (int proto : {g_proto_icmp, g_proto_icmpv6}) {
    if (proto >= 0) wanted.push_back(proto);
  }
  return wanted;
}

std::string icmp_error_text(bool v6, unsigned type, unsigned code) {
  const char* name = v6 ? find_name(kIcmpv6, type, code) : find_name(kIcmp, type, code);
  std::string text = v6 ? "ICMPv6 " : "ICMP ";
  if (name) return text + name;
  return text + "type " + std::to_string(type) + " code " + std::to_string(code);
}

std::optional<QuotedDatagram> quoted_datagram(proto_tree* tree, const CoapMessageView& message) {
  if (!tree || !message.tvb || message.offset < 8) return std::nullopt;
  const field_info* v4 = first_item(tree, g_proto_icmp);
  const field_info* v6 = first_item(tree, g_proto_icmpv6);
  const field_info* icmp = v6 && (!v4 || v6->start < v4->start) ? v6 : v4;
  if (!icmp || !icmp->ds_tvb || icmp->start < 0) return std::nullopt;
  // The quoted IP header follows the error's type, code, checksum and 4 more bytes.
  const int header = icmp->start + 8;
  if (tvb_captured_length_remaining(icmp->ds_tvb, header) < 1) return std::nullopt;
  const unsigned version = *tvb_get_ptr(icmp->ds_tvb, header, 1) >> 4;
  const int header_size = version == 4 ? 20 : version == 6 ? 40 : 0;
  if (!header_size || tvb_captured_length_remaining(icmp->ds_tvb, header) < header_size) {
    return std::nullopt;
  }
  const guint8* ip = tvb_get_ptr(icmp->ds_tvb, header, header_size);
  QuotedDatagram quoted;
  if (version == 4) {
    set_address(&quoted.sender, AT_IPv4, 4, ip + 12);
  } else {
    set_address(&quoted.sender, AT_IPv6, 16, ip + 8);
  }
  if (tvb_captured_length_remaining(message.tvb, message.offset - 8) < 4) return std::nullopt;
  const guint8* udp = tvb_get_ptr(message.tvb, message.offset - 8, 4);
  quoted.source_port = static_cast<uint16_t>(udp[0] << 8 | udp[1]);
  quoted.destination_port = static_cast<uint16_t>(udp[2] << 8 | udp[3]);
  return quoted;
}

std::string icmp_sender_text(proto_tree* tree) {
  if (!tree) return "";
  const field_info* v4 = first_item(tree, g_proto_icmp);
  const field_info* v6 = first_item(tree, g_proto_icmpv6);
  const bool use_v6 = v6 && (!v4 || v6->start < v4->start);
  const field_info* icmp = use_v6 ? v6 : v4;
  if (!icmp || !icmp->ds_tvb || icmp->start <= 0) return "";
  // The outer header ends where the error starts: an IPv4 header of 5 to 15 words whose
  // protocol is ICMP, or an IPv6 header whose next header, after any extension headers, is
  // ICMPv6. The bytes before the ICMP item are captured, as the item is.
  const int before = std::min(icmp->start, use_v6 ? kMostIpv6HeaderBytes : 15 * 4);
  const guint8* end = tvb_get_ptr(icmp->ds_tvb, icmp->start - before, before) + before;
  const guint8* source = nullptr;
  if (use_v6) {
    source = outer_ipv6_source(end, before);
  } else {
    for (int words = 5; words <= 15 && 4 * words <= before && !source; ++words) {
      const guint8* header = end - 4 * words;
      if (header[0] >> 4 == 4 && (header[0] & 0x0f) == words && header[9] == kIpProtocolIcmp) {
        source = header + 12;
      }
    }
  }
  if (!source) return "";
  const int size = use_v6 ? 16 : 4;
  address sender;
  set_address(&sender, use_v6 ? AT_IPv6 : AT_IPv4, size, source);
  gchar* text = address_to_str(nullptr, &sender);
  std::string out(text);
  wmem_free(nullptr, text);
  return out;
}

std::string icmp_error_text(proto_tree* tree) {
  if (!tree) return "";
  for (const bool v6 : {false, true}) {
    const field_info* item = first_item(tree, v6 ? g_proto_icmpv6 : g_proto_icmp);
    if (!item || !item->ds_tvb || item->start < 0) continue;
    if (tvb_captured_length_remaining(item->ds_tvb, item->start) < 2) continue;
    const guint8* bytes = tvb_get_ptr(item->ds_tvb, item->start, 2);
    return icmp_error_text(v6, bytes[0], bytes[1]);
  }
  return "";
}

}  // namespace lwm2m::plugin
