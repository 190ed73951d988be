#include "lwm2m/exchange_matcher.h"

#include <algorithm>

namespace lwm2m::coap {

MessageIds MessageIds::of(const MessageData& message) {
  MessageIds ids;
  ids.type = message.type;
  ids.has_message_id = true;
  ids.message_id = message.message_id;
  ids.code = message.code;
  ids.token_length = static_cast<uint8_t>(std::min<std::size_t>(message.token.size(), 8));
  std::copy_n(message.token.begin(), ids.token_length, ids.token.begin());
  return ids;
}

MessageIds MessageIds::of(const uint8_t* bytes, const Message& message, Framing framing) {
  MessageIds ids;
  ids.type = message.type;
  ids.has_message_id = framing == Framing::kDatagram;
  ids.message_id = message.message_id;
  ids.code = message.code;
  ids.token_length = static_cast<uint8_t>(std::min<std::size_t>(message.token_length, 8));
  std::copy_n(bytes + message.token_offset, ids.token_length, ids.token.begin());
  return ids;
}

}  // namespace lwm2m::coap
