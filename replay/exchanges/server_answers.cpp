#include "exchanges/server_answers.h"

namespace lwm2m::replay {

ServerAnswers::Reply ServerAnswers::reply(const coap::MessageData& request, int64_t now_ns,
                                          const std::function<uint16_t()>& new_message_id) {
  if (const Reply* earlier = recent_.find(request.message_id, now_ns)) {
    Reply again = *earlier;
    again.duplicate = true;
    return again;
  }
  Reply reply;
  if (captured_) {
    const AnswerKey key = AnswerKey::of(request);
    const CapturedMessage* answer = captured_->find(key, given_[key]++);
    coap::MessageData response;
    if (answer) {
      response = answer->message;
      reply.captured_frame = answer->frame;
    } else {
      response.code = coap::kNotFound;
    }
    const bool confirmable = request.type == coap::Type::kConfirmable;
    response.type = confirmable ? coap::Type::kAcknowledgement : coap::Type::kNonConfirmable;
    response.message_id = confirmable ? request.message_id : new_message_id();
    response.token = request.token;
    reply.response = std::move(response);
  }
  recent_.put(request.message_id, reply, now_ns);
  return reply;
}

}  // namespace lwm2m::replay
