#include "exchanges/exchange_stream.h"

#include <utility>

#include "lwm2m/coap_path.h"

namespace lwm2m::replay {

ExchangeStream::ExchangeStream(DatagramFeed next, const Survey& survey,
                               const std::vector<bool>& wanted)
    : next_(std::move(next)), queues_(survey.clients.size()) {
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    if (i >= wanted.size() || !wanted[i] || !survey.clients[i].not_replayable.empty()) continue;
    for (const net::TransportAddress& address : survey.clients[i].addresses)
      client_of_flow_.emplace(Flow{address, survey.clients[i].server},
                              ClientFlow{i, client_of_flow_.size()});
  }
}

const Exchange* ExchangeStream::get(std::size_t client, uint64_t index) {
  ClientQueue& queue = queues_.at(client);
  if (index < queue.first_index) return nullptr;  // released
  for (;;) {
    const uint64_t offset = index - queue.first_index;
    if (offset < queue.exchanges.size() && queue.exchanges[offset].complete)
      return &queue.exchanges[offset];
    if (at_end_) return nullptr;
    if (!read_one()) finish_all();
  }
}

bool ExchangeStream::needs_reading(std::size_t client, uint64_t index) const {
  const ClientQueue& queue = queues_.at(client);
  if (at_end_ || index < queue.first_index) return false;
  const uint64_t offset = index - queue.first_index;
  return offset >= queue.exchanges.size() || !queue.exchanges[offset].complete;
}

void ExchangeStream::release(std::size_t client, uint64_t index) {
  ClientQueue& queue = queues_.at(client);
  while (queue.first_index < index && !queue.exchanges.empty()) {
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
  return offset < queue.exchanges.size() ? &queue.exchanges[offset] : nullptr;
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
  const auto to_server = client_of_flow_.find(Flow{d.source, d.destination});
  const auto to_client = client_of_flow_.find(Flow{d.destination, d.source});
  if (to_server == client_of_flow_.end() && to_client == client_of_flow_.end()) return true;
  if (payload_.read(d.payload, d.payload_length) != PayloadKind::kCoap) return true;
  if (to_server != client_of_flow_.end()) {
    // From a client to its server: its requests are the exchanges; its answers to the server's
    // requests were collected by the survey.
    if (coap::role_of(payload_.ids()) == coap::MessageRole::kRequest)
      on_request(to_server->second, d);
  } else {
    on_server_message(to_client->second, d);
  }
  return true;
}

void ExchangeStream::on_request(const ClientFlow& flow, const Datagram& d) {
  const coap::MessageData& message = payload_.message();
  const std::size_t client = flow.client;
  ClientQueue& queue = queues_[client];
  const ExchangeRef ref{client, queue.next_index};
  if (const ExchangeRef* earlier =
          exchanges_.add_request(flow.number, payload_.ids(), ref, clock_.now_ns())) {
    if (Exchange* exchange = find(*earlier)) ++exchange->retransmissions;
    return;
  }
  ++queue.next_index;
  Exchange exchange;
  exchange.client = client;
  exchange.index = ref.index;
  const std::vector<std::string_view> segments = path_segments(message.values(coap::kUriPath));
  const bool known_location = !queue.location.empty() && join_path(segments) == queue.location;
  exchange.operation =
      classify_request(message.code, segments, message.count(coap::kUriQuery), known_location)
          .operation;
  exchange.request = {d.frame_number, d.time_ns, d.source, d.destination, message};
  queue.exchanges.push_back(std::move(exchange));
  ++buffered_;
  open_.emplace_back(clock_.now_ns(), ref);
  if (track_capture_order_) capture_order_.push_back(ref);
}

void ExchangeStream::on_server_message(const ClientFlow& request_flow, const Datagram& d) {
  const coap::MessageData& message = payload_.message();
  const coap::MessageIds& ids = payload_.ids();
  // Requests from the server are answered live from the survey's answer table.
  if (coap::role_of(ids) != coap::MessageRole::kAnswer) return;
  const auto answer = exchanges_.add_answer(request_flow.number, ids, clock_.now_ns());
  Exchange* exchange = answer.request ? find(*answer.request) : nullptr;
  if (!exchange) {
    // A ping (an empty CON or NON) is no response that went astray.
    const bool ping = message.code == 0 && (message.type == coap::Type::kConfirmable ||
                                            message.type == coap::Type::kNonConfirmable);
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
      creates_registration(exchange->operation, message.code))
    queues_[request_flow.client].location = location_path(message);
  exchange->response = CapturedMessage{d.frame_number, d.time_ns, d.source, d.destination, message};
  complete(*exchange);
}

void ExchangeStream::complete(Exchange& exchange) {
  exchange.complete = true;
}

void ExchangeStream::finish_all() {
  at_end_ = true;
  for (ClientQueue& queue : queues_)
    for (Exchange& exchange : queue.exchanges) complete(exchange);
  open_.clear();
}

}  // namespace lwm2m::replay
