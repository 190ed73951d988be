#include "exchanges/exchange_stream.h"

#include <utility>

#include "lwm2m/coap_path.h"

namespace lwm2m::replay {

ExchangeStream::ExchangeStream(DatagramFeed next, const Survey& survey,
                               const std::vector<bool>& wanted)
    : next_(std::move(next)), queues_(survey.clients.size()) {
  coap::FlowNumber flows = 0;
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    if (i >= wanted.size() || !wanted[i] || !survey.clients[i].not_replayable.empty()) continue;
    for (const net::TransportAddress& address : survey.clients[i].addresses)
      if (client_of_flow_
              .emplace(Flow{address, survey.clients[i].server}, ClientFlow{i, flows, true})
              .second)
        ++flows;
  }
  // The way back, one lookup finding either direction; a flow that is some client's way to its
  // server stays that.
  std::vector<std::pair<Flow, ClientFlow>> back;
  back.reserve(client_of_flow_.size());
  for (const auto& [flow, client_flow] : client_of_flow_)
    back.emplace_back(flow.reversed(), ClientFlow{client_flow.client, client_flow.number, false});
  for (auto& [flow, client_flow] : back) client_of_flow_.emplace(flow, client_flow);
}

const Exchange* ExchangeStream::get(std::size_t client, uint64_t index) {
  ClientQueue& queue = queues_.at(client);
  if (index < queue.first_index) return nullptr;  // released
  for (;;) {
    const uint64_t offset = index - queue.first_index;
    if (offset < queue.exchanges.size() && queue.exchanges[offset]->complete)
      return queue.exchanges[offset].get();
    if (at_end_) return nullptr;
    if (!read_one()) finish_all();
  }
}

bool ExchangeStream::needs_reading(std::size_t client, uint64_t index) const {
  const ClientQueue& queue = queues_.at(client);
  if (at_end_ || index < queue.first_index) return false;
  const uint64_t offset = index - queue.first_index;
  return offset >= queue.exchanges.size() || !queue.exchanges[offset]->complete;
}

void ExchangeStream::release(std::size_t client, uint64_t index) {
  ClientQueue& queue = queues_.at(client);
  while (queue.first_index < index && !queue.exchanges.empty()) {
    recycle(std::move(queue.exchanges.front()));
    queue.exchanges.pop_front();
    ++queue.first_index;
    --buffered_;
  }
}

const Exchange* ExchangeStream::next_in_capture_order() {
  track_capture_order_ = true;
  if (listed_) {
    release(listed_->client, listed_->index + 1);
    listed_.reset();
  }
  for (;;) {
    if (!capture_order_.empty()) {
      const ExchangeRef ref = capture_order_.front();
      if (const Exchange* exchange = find(ref); exchange && exchange->complete) {
        capture_order_.pop_front();
        listed_ = ref;
        return exchange;
      }
    }
    if (at_end_) return nullptr;
    if (!read_one()) finish_all();
  }
}

Exchange* ExchangeStream::find(const ExchangeRef& ref) {
  ClientQueue& queue = queues_[ref.client];
  if (ref.index < queue.first_index) return nullptr;
  const uint64_t offset = ref.index - queue.first_index;
  return offset < queue.exchanges.size() ? queue.exchanges[offset].get() : nullptr;
}

bool ExchangeStream::read_one() {
  Datagram d;
  if (!next_(d)) return false;
  const int64_t now_ns = clock_.advance(d.time_ns);
  // A request the capture has not answered within EXCHANGE_LIFETIME never will be.
  while (!open_.empty() && open_.front().first < now_ns - kExchangeLifetimeNs) {
    if (Exchange* exchange = find(open_.front().second)) complete(*exchange);
    open_.pop_front();
  }
  const auto found = client_of_flow_.find(Flow{d.source, d.destination});
  if (found == client_of_flow_.end()) return true;
  if (payload_.read(d.payload, d.payload_length) != PayloadKind::kCoap) return true;
  if (found->second.to_server) {
    // From a client to its server: its requests are the exchanges; its answers to the server's
    // requests were collected by the survey.
    if (coap::role_of(payload_.ids()) == coap::MessageRole::kRequest) on_request(found->second, d);
  } else {
    on_server_message(found->second, d);
  }
  return true;
}

void ExchangeStream::on_request(const ClientFlow& flow, const Datagram& d) {
  const std::size_t client = flow.client;
  ClientQueue& queue = queues_[client];
  const ExchangeRef ref{client, queue.next_index};
  if (const ExchangeRef* earlier =
          exchanges_.add_request(flow.number, payload_.ids(), ref, clock_.now_ns())) {
    if (Exchange* exchange = find(*earlier)) ++exchange->retransmissions;
    return;
  }
  ++queue.next_index;
  const std::vector<std::string_view>& segments = payload_.path_segments();
  // The path as text only where being the client's location decides the operation.
  const uint8_t code = payload_.code();
  const bool known_location = !queue.location.empty() && location_decides(code, segments) &&
                              payload_.path() == queue.location;
  // The message copied once, straight from the payload, into a released exchange's storage.
  Exchange& exchange = *queue.exchanges.emplace_back(take_spare());
  exchange.client = client;
  exchange.index = ref.index;
  exchange.operation =
      classify_request(code, segments, payload_.count(coap::kUriQuery), known_location).operation;
  exchange.request.frame = d.frame_number;
  exchange.request.time_ns = d.time_ns;
  exchange.request.source = d.source;
  exchange.request.destination = d.destination;
  payload_.copy_to(exchange.request.message);
  ++buffered_;
  open_.emplace_back(clock_.now_ns(), ref);
  if (track_capture_order_) capture_order_.push_back(ref);
}

void ExchangeStream::on_server_message(const ClientFlow& request_flow, const Datagram& d) {
  const coap::MessageIds& ids = payload_.ids();
  // Requests from the server are answered live from the survey's answer table.
  if (coap::role_of(ids) != coap::MessageRole::kAnswer) return;
  const auto answer = exchanges_.add_answer(request_flow.number, ids, clock_.now_ns());
  Exchange* exchange = answer.request ? find(*answer.request) : nullptr;
  if (!exchange) {
    // A ping (an empty CON or NON) is no response that went astray.
    const bool ping = payload_.code() == 0 && (payload_.type() == coap::Type::kConfirmable ||
                                               payload_.type() == coap::Type::kNonConfirmable);
    if (!ping) ++unmatched_responses_;
    return;
  }
  switch (answer.kind) {
    case coap::AnswerKind::kEmptyAck:
      exchange->separate_response = true;  // the response comes later, in a CON or NON
      return;
    case coap::AnswerKind::kDuplicate:
    case coap::AnswerKind::kLater:
      ++exchange->duplicate_responses;
      return;
    case coap::AnswerKind::kResponse:
    case coap::AnswerKind::kReset:
    case coap::AnswerKind::kUnmatched:
      break;
  }
  // A Reset creates nothing, whatever code it carries.
  if (answer.kind == coap::AnswerKind::kResponse &&
      creates_registration(exchange->operation, payload_.code()))
    queues_[request_flow.client].location = location_path(payload_.message());
  CapturedMessage& response = exchange->response.emplace();
  if (!spare_messages_.empty()) {
    response.message = std::move(spare_messages_.back());
    spare_messages_.pop_back();
  }
  response.frame = d.frame_number;
  response.time_ns = d.time_ns;
  response.source = d.source;
  response.destination = d.destination;
  payload_.copy_to(response.message);
  complete(*exchange);
}

std::unique_ptr<Exchange> ExchangeStream::take_spare() {
  if (spare_.empty()) return std::make_unique<Exchange>();
  std::unique_ptr<Exchange> exchange = std::move(spare_.back());
  spare_.pop_back();
  return exchange;
}

void ExchangeStream::recycle(std::unique_ptr<Exchange> exchange) {
  // Its messages keep their storage for the next exchanges, and the fields on_request() does not
  // set start afresh.
  if (exchange->response) {
    spare_messages_.push_back(std::move(exchange->response->message));
    exchange->response.reset();
  }
  exchange->separate_response = false;
  exchange->retransmissions = 0;
  exchange->duplicate_responses = 0;
  exchange->complete = false;
  spare_.push_back(std::move(exchange));
}

void ExchangeStream::complete(Exchange& exchange) {
  exchange.complete = true;
}

void ExchangeStream::finish_all() {
  at_end_ = true;
  for (ClientQueue& queue : queues_)
    for (const std::unique_ptr<Exchange>& exchange : queue.exchanges) complete(*exchange);
  open_.clear();
}

}  // namespace lwm2m::replay
