#include "exchanges/server_request_sequence.h"

#include "lwm2m/coap_code.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"

namespace lwm2m::replay {

namespace {

constexpr uint8_t kGet = 1, kPost = 2, kPut = 3, kDelete = 4;

}  // namespace

ServerRequestKey ServerRequestKey::of(const coap::MessageData& request) {
  ServerRequestKey key;
  key.method = request.code;
  key.path = uri_path(request);
  if (const coap::OptionData* observe = request.find(coap::kObserve)) {
    uint32_t value = 0;
    key.observe = coap::decode_uint(observe->value.data(), observe->value.size(), value)
                      ? static_cast<int>(value & 0xffffff)
                      : 0;
  }
  if (const coap::OptionData* accept = request.find(coap::kAccept)) {
    uint32_t value = 0;
    key.discover = request.code == kGet && key.observe < 0 &&
                   coap::decode_uint(accept->value.data(), accept->value.size(), value) &&
                   value == coap::kLinkFormat;
  }
  return key;
}

std::string ServerRequestKey::text() const {
  // Named as the TS's Device Management and Bootstrap interfaces name them; the bootstrap
  // server's POST /bs is its Bootstrap-Finish.
  std::string name;
  switch (method) {
    case kGet:
      name = discover       ? "Discover"
             : observe == 0 ? "Observe"
             : observe == 1 ? "Cancel Observation"
                            : "Read";
      break;
    case kPost:
      if (path == "/bs") return "Bootstrap-Finish";
      name = "POST";  // Execute, Create or a partial Write: the path alone does not say which
      break;
    case kPut:
      name = "Write";
      break;
    case kDelete:
      name = "Delete";
      break;
    default:
      name = coap::code_text(method);
  }
  return name + " " + path;
}

const CapturedServerRequest* ServerRequestSequence::on_live(const coap::MessageData& request) {
  if (!captured_) return nullptr;
  const ServerRequestKey key = ServerRequestKey::of(request);
  for (std::size_t i = cursor_; i < captured_->size(); ++i) {
    if (!((*captured_)[i].key == key)) continue;
    for (std::size_t passed = cursor_; passed < i; ++passed)
      missing_.push_back(&(*captured_)[passed]);
    cursor_ = i + 1;
    return &(*captured_)[i];
  }
  return nullptr;
}

const CapturedServerRequest* ServerRequestSequence::next() const {
  return captured_ && cursor_ < captured_->size() ? &(*captured_)[cursor_] : nullptr;
}

std::size_t ServerRequestSequence::remaining() const {
  return captured_ ? captured_->size() - cursor_ : 0;
}

void ServerRequestSequence::finish() {
  if (!captured_) return;
  for (; cursor_ < captured_->size(); ++cursor_) missing_.push_back(&(*captured_)[cursor_]);
}

}  // namespace lwm2m::replay
