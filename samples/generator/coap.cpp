#include "coap.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

namespace capgen::coap {
namespace {

Bytes to_bytes(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

// Appends an option delta or length nibble's extension bytes and returns the nibble.
std::uint8_t nibble(std::uint32_t v, Bytes& ext) {
  if (v < 13) return static_cast<std::uint8_t>(v);
  if (v < 269) {
    ext.push_back(static_cast<std::uint8_t>(v - 13));
    return 13;
  }
  if (v - 269 > 0xFFFF) throw std::invalid_argument("CoAP option delta/length too large");
  ext.push_back(static_cast<std::uint8_t>((v - 269) >> 8));
  ext.push_back(static_cast<std::uint8_t>(v - 269));
  return 14;
}

std::string option_name(std::uint16_t n) {
  switch (n) {
    case 1:
      return "If-Match";
    case options::kUriHost:
      return "Uri-Host";
    case 4:
      return "ETag";
    case 5:
      return "If-None-Match";
    case 6:
      return "Observe";
    case 7:
      return "Uri-Port";
    case options::kLocationPath:
      return "Location-Path";
    case options::kUriPath:
      return "Uri-Path";
    case options::kContentFormat:
      return "Content-Format";
    case 14:
      return "Max-Age";
    case options::kUriQuery:
      return "Uri-Query";
    case options::kAccept:
      return "Accept";
    case 20:
      return "Location-Query";
    case options::kBlock2:
      return "Block2";
    case options::kBlock1:
      return "Block1";
    case 28:
      return "Size2";
    case 35:
      return "Proxy-Uri";
    case options::kSize1:
      return "Size1";
    default:
      return "Option" + std::to_string(n);
  }
}

bool is_uint_option(std::uint16_t n) {
  return n == options::kContentFormat || n == options::kAccept || n == options::kSize1 || n == 28 ||
         n == 7 || n == 14;
}

std::uint64_t decode_uint(const Bytes& v) {
  std::uint64_t x = 0;
  for (auto b : v) x = (x << 8) | b;
  return x;
}

std::string block_text(const Bytes& v) {
  if (v.size() > 3)
    return "invalid " + std::to_string(v.size()) + "-byte value 0x" + [&] {
      std::string h;
      char buf[3];
      for (auto b : v) {
        std::snprintf(buf, sizeof buf, "%02x", b);
        h += buf;
      }
      return h;
    }();
  auto x = decode_uint(v);
  return "NUM=" + std::to_string(x >> 4) + ",M=" + std::to_string((x >> 3) & 1) +
         ",SZX=" + std::to_string(x & 7) + " (" + std::to_string(16u << (x & 7)) + " B)";
}

}  // namespace

Message& Message::add(std::uint16_t number, std::string_view value) {
  return add(number, to_bytes(value));
}

Message& Message::add(std::uint16_t number, Bytes value) {
  options.push_back({number, std::move(value)});
  return *this;
}

Message& Message::add_uint(std::uint16_t number, std::uint32_t value) {
  return add(number, encode_uint(value));
}

static void split_into(Message& m, std::uint16_t number, std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    auto slash = path.find('/');
    m.add(number, path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

Message& Message::path(std::string_view p) {
  split_into(*this, options::kUriPath, p);
  return *this;
}

Message& Message::location(std::string_view p) {
  split_into(*this, options::kLocationPath, p);
  return *this;
}

Message& Message::query(std::initializer_list<std::string_view> items) {
  for (auto q : items) add(options::kUriQuery, q);
  return *this;
}

Message& Message::body(std::string_view text) {
  return body(to_bytes(text));
}

Message& Message::body(Bytes bytes) {
  payload = std::move(bytes);
  return *this;
}

Bytes encode_uint(std::uint32_t value) {
  Bytes b;
  for (int shift = 24; shift >= 0; shift -= 8) {
    auto byte = static_cast<std::uint8_t>(value >> shift);
    if (!b.empty() || byte != 0) b.push_back(byte);
  }
  return b;
}

Bytes block_value(std::uint32_t num, bool more, unsigned szx) {
  if (num > 0xFFFFF || szx > 7) throw std::invalid_argument("bad block number or size");
  return encode_uint((num << 4) | (more ? 8u : 0u) | szx);
}

namespace {

// Options (sorted by number, repeats kept in order) and payload: the part of a message that the
// datagram and the stream forms share.
Bytes encode_body(const Message& m) {
  Bytes out;
  std::vector<Option> sorted = m.options;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Option& a, const Option& b) { return a.number < b.number; });
  std::uint16_t previous = 0;
  for (const auto& opt : sorted) {
    Bytes ext;
    std::uint8_t d = nibble(opt.number - previous, ext);
    std::uint8_t l = nibble(static_cast<std::uint32_t>(opt.value.size()), ext);
    out.push_back(static_cast<std::uint8_t>((d << 4) | l));
    out.insert(out.end(), ext.begin(), ext.end());
    out.insert(out.end(), opt.value.begin(), opt.value.end());
    previous = opt.number;
  }
  if (!m.payload.empty()) {
    out.push_back(0xFF);
    out.insert(out.end(), m.payload.begin(), m.payload.end());
  }
  return out;
}

}  // namespace

Bytes encode(const Message& m) {
  if (m.token.size() > 8) throw std::invalid_argument("CoAP token longer than 8 bytes");
  Bytes out;
  out.push_back(static_cast<std::uint8_t>(0x40 | (static_cast<int>(m.type) << 4) |
                                          static_cast<int>(m.token.size())));
  out.push_back(m.code);
  out.push_back(static_cast<std::uint8_t>(m.mid >> 8));
  out.push_back(static_cast<std::uint8_t>(m.mid));
  out.insert(out.end(), m.token.begin(), m.token.end());
  Bytes body = encode_body(m);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes encode_stream(const Message& m) {
  if (m.token.size() > 8) throw std::invalid_argument("CoAP token longer than 8 bytes");
  Bytes body = encode_body(m);
  const std::uint64_t len = body.size();
  const auto tkl = static_cast<std::uint8_t>(m.token.size());
  Bytes out;
  // RFC 8323 section 3.2: Len 0-12 is the length; 13, 14, 15 announce an extended length of 1, 2
  // or 4 bytes holding the length minus 13, 269 or 65805.
  if (len < 13) {
    out.push_back(static_cast<std::uint8_t>((len << 4) | tkl));
  } else if (len < 269) {
    out.push_back(static_cast<std::uint8_t>(0xD0 | tkl));
    out.push_back(static_cast<std::uint8_t>(len - 13));
  } else if (len < 65805) {
    out.push_back(static_cast<std::uint8_t>(0xE0 | tkl));
    out.push_back(static_cast<std::uint8_t>((len - 269) >> 8));
    out.push_back(static_cast<std::uint8_t>(len - 269));
  } else {
    out.push_back(static_cast<std::uint8_t>(0xF0 | tkl));
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<std::uint8_t>((len - 65805) >> shift));
    }
  }
  out.push_back(m.code);
  out.insert(out.end(), m.token.begin(), m.token.end());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

std::string code_name(std::uint8_t c) {
  switch (c) {
    case codes::kEmpty:
      return "0.00 Empty";
    case codes::kGet:
      return "GET";
    case codes::kPost:
      return "POST";
    case codes::kPut:
      return "PUT";
    case codes::kDelete:
      return "DELETE";
    default:
      break;
  }
  char buf[8];
  std::snprintf(buf, sizeof buf, "%d.%02d", c >> 5, c & 31);
  std::string s = buf;
  switch (c) {
    case codes::kCreated:
      return s + " Created";
    case codes::kDeleted:
      return s + " Deleted";
    case codes::kChanged:
      return s + " Changed";
    case codes::kContent:
      return s + " Content";
    case codes::kBadRequest:
      return s + " Bad Request";
    case codes::kBadOption:
      return s + " Bad Option";
    case codes::kNotFound:
      return s + " Not Found";
    case codes::kRequestEntityIncomplete:
      return s + " Request Entity Incomplete";
    case codes::kConflict:
      return s + " Conflict";
    case codes::kContinue:
      return s + " Continue";
    case codes::kCsm:
      return s + " CSM";
    default:
      return s;
  }
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
  std::string s;
  std::size_t i = 0;
  for (; i < value.size() && s.size() < max_chars; ++i) {
    auto b = value[i];
    if (b >= 0x20 && b < 0x7F && b != '\\') {
      s += static_cast<char>(b);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02X", b);
      s += buf;
    }
  }
  if (i < value.size()) s += "...(" + std::to_string(value.size()) + " bytes)";
  return s;
}

namespace {

Summary summarize(const Message& m, bool stream) {
  static const char* kTypes[] = {"CON", "NON", "ACK", "RST"};
  Summary s;
  s.kind = stream ? code_name(m.code)
                  : std::string(kTypes[static_cast<int>(m.type)]) + " " + code_name(m.code);
  char buf[16];
  s.ids = stream ? "tok " : "MID " + std::to_string(m.mid) + " tok ";
  for (auto b : m.token) {
    std::snprintf(buf, sizeof buf, "%02x", b);
    s.ids += buf;
  }
  if (m.token.empty()) s.ids += "none";

  std::vector<Option> sorted = m.options;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Option& a, const Option& b) { return a.number < b.number; });
  std::string last_other;
  for (std::size_t i = 0; i < sorted.size(); ++i) {
    const Option& opt = sorted[i];
    if (opt.number == options::kUriPath) {
      s.path += "/" + printable(opt.value);
    } else if (opt.number == options::kUriQuery) {
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
      if (is_uint_option(opt.number) && opt.value.size() <= 4) {
        value = std::to_string(decode_uint(opt.value));
      } else if (opt.number == options::kBlock1 || opt.number == options::kBlock2) {
        value = block_text(opt.value);
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

Summary summarize(const Message& m) {
  return summarize(m, false);
}

Summary summarize_stream(const Message& m) {
  return summarize(m, true);
}

}  // namespace capgen::coap
