#include "coap_notes.h"

#include <algorithm>
#include <cstdio>

#include "lwm2m/coap_path.h"
#include "lwm2m/printable.h"

namespace capgen {
namespace {

using coap::Bytes;
using coap::MessageData;
using coap::OptionData;

// Options core does not name show by number: "Option2".
std::string option_name(std::uint16_t n) {
  const std::string_view name = coap::option_name(n);
  return name.empty() ? "Option" + std::to_string(n) : std::string(name);
}

// "5eed0001": bytes as hex digits, no spaces.
std::string hex_digits(const Bytes& bytes) {
  std::string text;
  char digits[3];
  for (const std::uint8_t b : bytes) {
    std::snprintf(digits, sizeof digits, "%02x", b);
    text += digits;
  }
  return text;
}

// A Block1/Block2 value as the tables show it: "NUM=2,M=1,SZX=1 (32 B)".
std::string block_text(const Bytes& v) {
  coap::Block block;
  if (!coap::decode_block(v.data(), v.size(), block))
    return "invalid " + std::to_string(v.size()) + "-byte value 0x" + hex_digits(v);
  unsigned szx = 0;
  while ((16u << szx) < block.size) ++szx;
  return "NUM=" + std::to_string(block.number) + ",M=" + std::to_string(block.more ? 1 : 0) +
         ",SZX=" + std::to_string(szx) + " (" + std::to_string(block.size) + " B)";
}

}  // namespace

std::string code_name(std::uint8_t c) {
  const std::string_view name = coap::code_name(c);
  if (coap::is_request(c) && !name.empty()) return std::string(name);
  std::string text = coap::dotted_code(c);
  if (!name.empty()) text += " " + std::string(name);
  return text;
}

std::string hex(const Bytes& value, std::size_t max_bytes) {
  std::string s;
  char buf[4];
  for (std::size_t i = 0; i < value.size() && i < max_bytes; ++i) {
    std::snprintf(buf, sizeof buf, i ? " %02x" : "%02x", value[i]);
    s += buf;
  }
  if (value.size() > max_bytes) s += " ...";
  return s;
}

std::string printable(const Bytes& value, std::size_t max_chars) {
  const std::string shown =
      lwm2m::printable(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  // What shows is limited, an escape being four characters; the length noted comes on top.
  if (shown.size() <= max_chars) return shown;
  return lwm2m::shorten(shown, max_chars, "") + "...(" + std::to_string(value.size()) + " bytes)";
}

namespace {

Summary summarize(const MessageData& m, bool stream) {
  Summary s;
  s.kind =
      stream ? code_name(m.code) : std::string(coap::type_text(m.type)) + " " + code_name(m.code);
  s.ids = stream ? "tok " : "MID " + std::to_string(m.message_id) + " tok ";
  s.ids += m.token.empty() ? std::string("none") : hex_digits(m.token);

  // The path as every part of the project spells it (lwm2m/coap_path.h).
  if (m.find(coap::kUriPath)) s.path = lwm2m::printable(lwm2m::uri_path(m));
  std::vector<OptionData> sorted = m.options;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const OptionData& a, const OptionData& b) { return a.number < b.number; });
  std::string last_other;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const OptionData& opt = sorted[i];
    if (opt.number == coap::kUriPath) {
      continue;  // the whole path at once, above
    } else if (opt.number == coap::kUriQuery) {
      // A run of identical options shows once with its count.
      std::size_t run = 1;
      while (i + run < sorted.size() && sorted[i + run].number == opt.number &&
             sorted[i + run].value == opt.value) {
        ++run;
      }
      if (!s.query.empty()) s.query += "&";
      s.query += printable(opt.value);
      if (run > 1) s.query += " (x" + std::to_string(run) + ")";
      i += run - 1;
    } else {
      std::string value;
      std::uint32_t number = 0;
      if (opt.number == coap::kBlock1 || opt.number == coap::kBlock2) {
        value = block_text(opt.value);
      } else if (coap::option_format(opt.number) == coap::OptionFormat::kUint &&
                 coap::decode_uint(opt.value.data(), opt.value.size(), number)) {
        value = std::to_string(number);
      } else {
        value = printable(opt.value);
      }
      std::string name = option_name(opt.number);
      if (name == last_other) {
        s.other += "," + value;
      } else {
        if (!s.other.empty()) s.other += "; ";
        s.other += name + "=" + value;
      }
      last_other = name;
    }
  }
  if (m.payload.empty()) {
    s.payload = "none";
  } else {
    s.payload = std::to_string(m.payload.size()) + " B: " + printable(m.payload, 60);
  }
  return s;
}

}  // namespace

Summary summarize(const MessageData& m) {
  return summarize(m, false);
}

Summary summarize_stream(const MessageData& m) {
  return summarize(m, true);
}

}  // namespace capgen
