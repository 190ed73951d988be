#include "exchanges/server_request_sequence.h"

#include "exchanges/answer_table.h"
#include "lwm2m/coap_code.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"

namespace lwm2m::replay {

ServerRequestKey ServerRequestKey::of(const coap::MessageData& request, ClientPhase client) {
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
  // The operation by core's one rule, as the plugin names it.
  RequestShape shape;
  shape.query_count = request.count(coap::kUriQuery);
  shape.has_payload = !request.payload.empty();
  shape.sender = Sender::kServer;
  shape.client = client;
  uint32_t value = 0;
  if (const coap::OptionData* accept = request.find(coap::kAccept);
      accept && coap::decode_uint(accept->value.data(), accept->value.size(), value))
    shape.accept = value;
  if (key.observe >= 0) shape.observe = static_cast<uint32_t>(key.observe);
  key.operation =
      classify_operation(request.code, path_segments(request.values(coap::kUriPath)), shape)
          .operation;
  return key;
}

std::string ServerRequestKey::text() const {
  // Named as core names the operation; Bootstrap-Finish's path is always /bs.
  if (operation == Operation::kBootstrapFinish) return "Bootstrap-Finish";
  if (operation != Operation::kNone) return std::string(operation_name(operation)) + " " + path;
  return coap::code_text(method) + " " + path;
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
