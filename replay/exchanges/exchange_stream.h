// The second pass over a capture: each client's exchanges (a request and the response that
// answered it), in the order the client sent them, read as the replay needs them.
//
// The capture is streamed, not loaded: an exchange is handed out once its response has been read
// (or the capture has gone EXCHANGE_LIFETIME past the request without one), and forgotten once
// every replayed copy of its client is done with it. Memory follows what is in flight, not the
// length of the capture. Captured retransmissions and duplicate responses are folded into the
// exchange they repeat.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "capture/captured_message.h"
#include "exchanges/flow_key.h"
#include "exchanges/survey.h"
#include "lwm2m/exchange_matcher.h"
#include "lwm2m/expiring_map.h"
#include "lwm2m/operation.h"

namespace lwm2m::replay {

struct Exchange {
  std::size_t client = 0;  // index in Survey::clients
  uint64_t index = 0;      // 0-based among the client's exchanges
  Operation operation = Operation::kNone;
  CapturedMessage request;
  // The response that ended the exchange: piggybacked in an ACK, separate, or a Reset (type RST,
  // code 0). Empty when the capture has none.
  std::optional<CapturedMessage> response;
  bool separate_response = false;  // the server acknowledged first and answered later
  uint32_t retransmissions = 0;    // captured retransmissions of the request
  uint32_t duplicate_responses = 0;
  bool complete = false;  // nothing more of it can come from the capture
};

class ExchangeStream {
 public:
  // Streams the exchanges of the clients whose `wanted` entry is true (indexes of `survey`).
  ExchangeStream(DatagramFeed next, const Survey& survey, const std::vector<bool>& wanted);

  // Exchange `index` of `client`, reading on in the capture as far as needed; null when the
  // client has no such exchange. Valid until release() of it.
  const Exchange* get(std::size_t client, uint64_t index);

  // Whether get(client, index) would read on in the capture: the exchange, or its end, is not
  // read yet.
  bool needs_reading(std::size_t client, uint64_t index) const;

  // `client`'s exchanges before `index` are no longer needed.
  void release(std::size_t client, uint64_t index);

  // The next exchange of any wanted client, in the order the requests were captured, released as
  // the next one is asked for; null at the end. For listing, not to be mixed with get().
  const Exchange* next_in_capture_order();

  // Exchanges read and not yet released: what the stream holds in memory.
  std::size_t buffered() const { return buffered_; }
  // Captured responses that matched no request of a wanted client.
  uint64_t unmatched_responses() const { return unmatched_responses_; }

 private:
  struct ClientQueue {
    uint64_t first_index = 0;  // index of exchanges.front()
    uint64_t next_index = 0;   // index the next captured request gets
    std::deque<std::unique_ptr<Exchange>> exchanges;
    std::string location;  // its current registration location in the capture
  };
  struct ExchangeRef {
    std::size_t client;
    uint64_t index;
  };
  // A client's flow to its server, numbered for the matcher.
  struct ClientFlow {
    std::size_t client;
    coap::FlowNumber number;
    bool to_server;  // keyed by the flow itself; false: by its reverse, the server's way back
  };

  bool read_one();  // false at the end of the capture
  // Both read the message in payload_.
  void on_request(const ClientFlow& flow, const Datagram& d);
  void on_server_message(const ClientFlow& flow, const Datagram& d);
  Exchange* find(const ExchangeRef& ref);
  // A released exchange to fill again (its messages' storage reused), or a new one.
  std::unique_ptr<Exchange> take_spare();
  void recycle(std::unique_ptr<Exchange> exchange);
  void complete(Exchange& exchange);
  void finish_all();

  DatagramFeed next_;
  std::vector<ClientQueue> queues_;
  // Client -> server flows, and the reverse of each.
  std::unordered_map<Flow, ClientFlow, FlowHash> client_of_flow_;
  coap::ExchangeMatcher<ExchangeRef> exchanges_;      // the clients' requests and their answers
  CaptureClock clock_;                                // what the matcher ages by
  std::deque<std::pair<int64_t, ExchangeRef>> open_;  // incomplete exchanges, request order
  std::deque<ExchangeRef> capture_order_;             // for next_in_capture_order()
  std::optional<ExchangeRef> listed_;
  PayloadReader payload_;
  bool at_end_ = false;
  bool track_capture_order_ = false;
  std::size_t buffered_ = 0;
  // Released exchanges and responses, kept to be filled again: as many as were ever buffered at
  // once, so bounded like the stream.
  std::vector<std::unique_ptr<Exchange>> spare_;
  std::vector<coap::MessageData> spare_messages_;
  uint64_t unmatched_responses_ = 0;
};

}  // namespace lwm2m::replay
