#include "lwm2m/name_equality.h"

#include "lwm2m/endpoint_name.h"
#include "text.h"

namespace lwm2m {

namespace {

using detail::is_hex;
using detail::is_upper_hex_letter;
using detail::to_lower;
using detail::to_upper;

// RFC 3986 §2.1: "%2a" and "%2A" are one octet; producers should use upper case.
void upper_case_escapes(std::string& text, std::size_t begin, std::size_t end) {
  for (std::size_t i = begin; i + 2 < end; ++i) {
    if (text[i] == '%' && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
      text[i + 1] = to_upper(text[i + 1]);
      text[i + 2] = to_upper(text[i + 2]);
      i += 2;
    }
  }
}

}  // namespace

std::string canonical_endpoint_name(std::string_view ep) {
  const NameLayout layout = endpoint_name_layout(ep);
  std::string canonical(ep);
  if (layout.urn) {
    canonical.resize(layout.components);
    for (std::size_t i = 0; i < layout.nid_end; ++i) canonical[i] = to_lower(canonical[i]);
  } else if (layout.seed_prefix) {
    for (std::size_t i = 0; i < layout.identifier; ++i) canonical[i] = to_upper(canonical[i]);
  }
  if (layout.hex_identifier) {
    for (std::size_t i = layout.identifier; i < canonical.size(); ++i) {
      if (is_upper_hex_letter(canonical[i])) canonical[i] = to_lower(canonical[i]);
    }
  }
  if (layout.urn) upper_case_escapes(canonical, layout.nid_end, canonical.size());
  return canonical;
}

bool same_endpoint_name(std::string_view a, std::string_view b) {
  return canonical_endpoint_name(a) == canonical_endpoint_name(b);
}

}  // namespace lwm2m
