#include "lwm2m/name_equality.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "lwm2m/endpoint_name.h"
#include "text.h"

namespace lwm2m {

namespace {

using detail::is_hex;

// Upper-case hex letters to lower case, anything else as it is.
constexpr std::array<char, 256> make_lower_hex() {
  std::array<char, 256> table{};
  for (std::size_t c = 0; c < table.size(); ++c) {
    const auto ch = static_cast<char>(c);
    table[c] = detail::is_upper_hex_letter(ch) ? detail::to_lower(ch) : ch;
  }
  return table;
}
constexpr std::array<char, 256> kLowerHex = make_lower_hex();

// The canonical form's changes, made in place in `text`: the name cut to canonical_size bytes.
void canonicalize(char* const text, const std::size_t size, const NameLayout& layout) {
  if (layout.urn) {
    // The NID can run past a '?' ("urn:a?b:c"), which the cut leaves out.
    const std::size_t nid_end = std::min(layout.nid_end, size);
    for (std::size_t i = 0; i < nid_end; ++i) text[i] = detail::to_lower(text[i]);
  } else if (layout.seed_prefix) {
    for (std::size_t i = 0; i < layout.identifier; ++i) text[i] = detail::to_upper(text[i]);
  }
  if (layout.hex_identifier) {
    // Eight bytes at a time: 'A'-'F' gain 0x20 (the top bit of a matching byte, shifted by two).
    std::size_t i = layout.identifier;
    for (; i + 8 <= size; i += 8) {
      uint64_t word = detail::load_word(text + i);
      word |= detail::bytes_in_range(word, 'A', 'F') >> 2;
      std::memcpy(text + i, &word, sizeof word);
    }
    for (; i < size; ++i) text[i] = kLowerHex[static_cast<unsigned char>(text[i])];
  }
  // RFC 3986 §2.1: "%2a" and "%2A" are one octet; producers should use upper case. Last, so that
  // an escape inside a hex identifier ends in upper case too.
  if (layout.urn && std::memchr(text, '%', size) != nullptr) {
    for (std::size_t i = layout.nid_end; i + 2 < size; ++i) {
      if (text[i] == '%' && is_hex(text[i + 1]) && is_hex(text[i + 2])) {
        text[i + 1] = detail::to_upper(text[i + 1]);
        text[i + 2] = detail::to_upper(text[i + 2]);
        i += 2;
      }
    }
  }
}

// A URN's canonical form ends where its components start.
std::size_t canonical_size(std::string_view ep, const NameLayout& layout) {
  return layout.urn ? layout.components : ep.size();
}

}  // namespace

std::string canonical_endpoint_name(std::string_view ep) {
  const NameLayout layout = endpoint_name_layout(ep);
  // One copy of the final size, changed in place.
  std::string canonical(ep.substr(0, canonical_size(ep, layout)));
  canonicalize(canonical.data(), canonical.size(), layout);
  return canonical;
}

bool is_canonical_endpoint_name(std::string_view ep, const NameLayout& layout) {
  if (canonical_size(ep, layout) != ep.size()) return false;
  // A valid name fits the buffer; a longer one is rare enough to be copied.
  char copy[kMaxEndpointNameBytes];
  if (ep.size() > sizeof copy) return canonical_endpoint_name(ep) == ep;
  if (ep.empty()) return true;
  std::memcpy(copy, ep.data(), ep.size());
  canonicalize(copy, ep.size(), layout);
  return std::memcmp(copy, ep.data(), ep.size()) == 0;
}

bool same_endpoint_name(std::string_view a, std::string_view b) {
  return canonical_endpoint_name(a) == canonical_endpoint_name(b);
}

}  // namespace lwm2m
