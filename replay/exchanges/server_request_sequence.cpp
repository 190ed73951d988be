#include "exchanges/server_request_sequence.h"

#include "exchanges/answer_table.h"
#include "lwm2m/coap_code.h"
#include "lwm2m/content_format.h"

namespace lwm2m::replay {

ServerRequestKey ServerRequestKey::of(const coap::MessageData& request) {
  // Method, path and Observe as the answer table keys a server request.
  const AnswerKey answer = AnswerKey::of(request);
  ServerRequestKey key;
  key.method = answer.method;
  key.path = answer.path;
  key.observe = answer.observe;
  if (const coap::OptionData* accept = request.find(coap::kAccept)) {
    uint32_t value = 0;
    key.discover = request.code == coap::kGet && key.observe < 0 &&
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
    case coap::kGet:
      name = discover       ? "Discover"
             : observe == 0 ? "Observe"
             : observe == 1 ? "Cancel Observation"
                            : "Read";
      break;
    case coap::kPost:
      if (path == "/bs") return "Bootstrap-Finish";
      name = "POST";  // Execute, Create or a partial Write: the path alone does not say which
      break;
    case coap::kPut:
      name = "Write";
      break;
    case coap::kDelete:
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
