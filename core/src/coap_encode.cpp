#include "lwm2m/coap_encode.h"

#include <algorithm>
#include <stdexcept>

namespace lwm2m::coap {

namespace {

constexpr uint8_t kPayloadMarker = 0xff;
constexpr std::size_t kMaxTokenLength = 8;
// Delta and length extensions end at 14 (two bytes + 269); 15 is reserved for the marker.
constexpr uint32_t kMaxExtendedValue = 0xffff + 269;

Bytes to_bytes(std::string_view text) {
  return Bytes(text.begin(), text.end());
}

// The 4-bit delta or length nibble for `value`; its extension bytes (0-2) go to `extension`.
uint8_t nibble(uint32_t value, uint8_t* extension, std::size_t& extension_length) {
  if (value < 13) return static_cast<uint8_t>(value);
  if (value < 269) {
    extension[extension_length++] = static_cast<uint8_t>(value - 13);
    return 13;
  }
  if (value > kMaxExtendedValue)
    throw std::invalid_argument("CoAP option delta or length " + std::to_string(value) +
                                " is over the limit of " + std::to_string(kMaxExtendedValue));
  extension[extension_length++] = static_cast<uint8_t>((value - 269) >> 8);
  extension[extension_length++] = static_cast<uint8_t>(value - 269);
  return 14;
}

void split_into(MessageData& message, uint16_t number, std::string_view path) {
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (!path.empty()) {
    const auto slash = path.find('/');
    message.add(number, path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
}

void check_token(const MessageData& message) {
  if (message.token.size() > kMaxTokenLength)
    throw std::invalid_argument("CoAP token of " + std::to_string(message.token.size()) +
                                " bytes; the limit is 8");
}

void append_option(const OptionData& option, uint16_t& previous, Bytes& out) {
  uint8_t extension[4];
  std::size_t extension_length = 0;
  const uint8_t delta = nibble(option.number - previous, extension, extension_length);
  const uint8_t length =
      nibble(static_cast<uint32_t>(option.value.size()), extension, extension_length);
  out.push_back(static_cast<uint8_t>(delta << 4 | length));
  out.insert(out.end(), extension, extension + extension_length);
  out.insert(out.end(), option.value.begin(), option.value.end());
  previous = option.number;
}

// Appends the options (sorted by number, repeats kept in order) and the payload to `out`: what
// both framings share. Options are usually in order already (parsed, or built in order); sorting
// is only paid for when they are not.
void append_options_and_payload(const MessageData& message, Bytes& out) {
  const auto by_number = [](const OptionData& a, const OptionData& b) {
    return a.number < b.number;
  };
  uint16_t previous = 0;
  if (std::is_sorted(message.options.begin(), message.options.end(), by_number)) {
    for (const OptionData& option : message.options) append_option(option, previous, out);
  } else {
    std::vector<const OptionData*> sorted;
    sorted.reserve(message.options.size());
    for (const auto& option : message.options) sorted.push_back(&option);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](const OptionData* a, const OptionData* b) { return by_number(*a, *b); });
    for (const OptionData* option : sorted) append_option(*option, previous, out);
  }
  if (!message.payload.empty()) {
    out.push_back(kPayloadMarker);
    out.insert(out.end(), message.payload.begin(), message.payload.end());
  }
}

}  // namespace

MessageData& MessageData::add(uint16_t number, std::string_view value) {
  return add(number, to_bytes(value));
}

MessageData& MessageData::add(uint16_t number, Bytes value) {
  options.push_back({number, std::move(value)});
  return *this;
}

MessageData& MessageData::add_uint(uint16_t number, uint32_t value) {
  return add(number, encode_uint(value));
}

MessageData& MessageData::path(std::string_view path) {
  split_into(*this, kUriPath, path);
  return *this;
}

MessageData& MessageData::location(std::string_view path) {
  split_into(*this, kLocationPath, path);
  return *this;
}

MessageData& MessageData::query(std::initializer_list<std::string_view> items) {
  for (auto item : items) add(kUriQuery, item);
  return *this;
}

MessageData& MessageData::body(std::string_view text) {
  return body(to_bytes(text));
}

MessageData& MessageData::body(Bytes bytes) {
  payload = std::move(bytes);
  return *this;
}

std::size_t MessageData::count(uint16_t number) const {
  return static_cast<std::size_t>(
      std::count_if(options.begin(), options.end(),
                    [number](const OptionData& o) { return o.number == number; }));
}

std::vector<std::string_view> MessageData::values(uint16_t number) const {
  std::vector<std::string_view> out;
  out.reserve(count(number));  // one allocation, not one per doubling: called for every message
  for (const auto& option : options) {
    if (option.number != number) continue;
    out.emplace_back(reinterpret_cast<const char*>(option.value.data()), option.value.size());
  }
  return out;
}

const OptionData* MessageData::find(uint16_t number) const {
  for (const auto& option : options)
    if (option.number == number) return &option;
  return nullptr;
}

std::size_t MessageData::remove(uint16_t number) {
  const auto before = options.size();
  options.erase(std::remove_if(options.begin(), options.end(),
                               [number](const OptionData& o) { return o.number == number; }),
                options.end());
  return before - options.size();
}

MessageData copy_message(const uint8_t* data, const Message& parsed) {
  MessageData out;
  copy_message(data, parsed, out);
  return out;
}

void copy_message(const uint8_t* data, const Message& parsed, MessageData& out) {
  out.type = parsed.type;
  out.code = parsed.code;
  out.message_id = parsed.message_id;
  out.token.assign(data + parsed.token_offset, data + parsed.token_offset + parsed.token_length);
  // assign() keeps each vector's storage: copying into the same MessageData again allocates only
  // for values longer than before.
  out.options.resize(parsed.options.size());
  for (std::size_t i = 0; i < parsed.options.size(); ++i) {
    const Option& option = parsed.options[i];
    out.options[i].number = option.number;
    out.options[i].value.assign(data + option.offset, data + option.offset + option.length);
  }
  out.payload.assign(data + parsed.payload_offset,
                     data + parsed.payload_offset + parsed.payload_length);
}

Bytes encode_uint(uint32_t value) {
  Bytes out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    const auto byte = static_cast<uint8_t>(value >> shift);
    if (!out.empty() || byte != 0) out.push_back(byte);
  }
  return out;
}

Bytes block_value(uint32_t num, bool more, unsigned szx) {
  if (num > 0xfffff || szx > 7)
    throw std::invalid_argument("block number over 20 bits or SZX over 7");
  return encode_uint(num << 4 | (more ? 8u : 0u) | szx);
}

Bytes encode_datagram(const MessageData& message) {
  check_token(message);
  Bytes out;
  std::size_t most = 4 + message.token.size() + 1 + message.payload.size();
  for (const OptionData& option : message.options) most += 5 + option.value.size();
  out.reserve(most);
  out.push_back(
      static_cast<uint8_t>(0x40 | static_cast<unsigned>(message.type) << 4 | message.token.size()));
  out.push_back(message.code);
  out.push_back(static_cast<uint8_t>(message.message_id >> 8));
  out.push_back(static_cast<uint8_t>(message.message_id));
  out.insert(out.end(), message.token.begin(), message.token.end());
  append_options_and_payload(message, out);
  return out;
}

Bytes encode_stream(const MessageData& message) {
  check_token(message);
  Bytes rest;
  append_options_and_payload(message, rest);
  const auto length = static_cast<uint32_t>(rest.size());
  Bytes out;
  const auto tkl = static_cast<uint8_t>(message.token.size());
  if (length < 13) {
    out.push_back(static_cast<uint8_t>(length << 4 | tkl));
  } else if (length < 269) {
    out.push_back(static_cast<uint8_t>(13 << 4 | tkl));
    out.push_back(static_cast<uint8_t>(length - 13));
  } else if (length < 65805) {
    out.push_back(static_cast<uint8_t>(14 << 4 | tkl));
    out.push_back(static_cast<uint8_t>((length - 269) >> 8));
    out.push_back(static_cast<uint8_t>(length - 269));
  } else {
    const uint32_t extended = length - 65805;
    out.push_back(static_cast<uint8_t>(15 << 4 | tkl));
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<uint8_t>(extended >> shift));
  }
  out.push_back(message.code);
  out.insert(out.end(), message.token.begin(), message.token.end());
  out.insert(out.end(), rest.begin(), rest.end());
  return out;
}

}  // namespace lwm2m::coap
