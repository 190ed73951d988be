// Reruns the captured clients against the live server.
//
// Each replayed client has its own session (socket) and sends its captured requests one at a
// time, in captured order; clients run side by side in one event loop. A request goes at its
// captured time offset from the first one (divided by --speed), or at once with --fast, but never
// before its client's previous exchange ended. Every wait is bounded: retransmissions by the
// transport's MAX_RETRANSMIT, every exchange by a deadline, and the run by the interrupt flag.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <queue>
#include <utility>
#include <vector>

#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "live/replay_result.h"
#include "live/timer_heap.h"
#include "live/transport.h"
#include "live/verification.h"
#include "rewrite/request_rewrite.h"

namespace lwm2m::replay {

struct ReplaySettings {
  bool fast = false;       // --fast: no waiting between exchanges
  double speed = 1.0;      // --speed: captured gaps divided by this
  QueryRules rules;        // --set, --drop, --ep-suffix
  std::size_t copies = 0;  // --clients N: each captured client replayed N times; 0: once, as is
  bool answer_server_requests = true;  // false: --respond none
  CompareSettings compare;
  std::optional<double> max_rate;  // --max-rate: requests per second, over all clients
  // The longest wait for one exchange's response (--timeout).
  std::chrono::milliseconds exchange_timeout{94000};
  // The wait for a response the capture does not have either (a NON request no one answered).
  std::chrono::milliseconds unanswered_wait{2000};
  // With --fast each client goes at its own pace, and the stream holds every captured exchange
  // between the slowest client and the fastest. Past this many (or four per replayed client,
  // when that is more), a client that would make the stream read on waits until the slower ones
  // have caught up to three quarters of it, so memory stays bounded however long the capture
  // (bench/README.md has the bytes per exchange).
  std::size_t max_buffered_exchanges = 4096;
  // Whether matched exchanges need their request described (ExchangeResult::request). False when
  // nothing shows or records them (--quiet without reports): a load test then does not build that
  // text for every exchange.
  bool describe_matched = true;
  // Whether ExchangeResult::changes is described: only a report or --verbose shows it.
  bool describe_changes = true;
  // --loop N: the selected clients replay the capture N times, one loop after the other. Each
  // loop is the device's life again: the same sockets and endpoint names, a fresh stream of the
  // capture (set_next_loop), and registrations learnt afresh from that loop's Registers.
  std::size_t loops = 1;
  // --limit N: at most N exchanges are started (sent, skipped or not replayable); the run ends
  // when those have ended.
  std::optional<uint64_t> limit;
  // --duration: the run ends this long after it started; exchanges in flight then are reported
  // as stopped, like an interrupt's.
  std::optional<std::chrono::milliseconds> duration;
  // --target CAPTURED=LIVE: the live server of each captured one. Empty: every client goes to the
  // transport's target.
  std::vector<std::pair<net::TransportAddress, net::TransportAddress>> targets;
  // Whose server requests are held against the capture's (--server-requests): a bootstrap
  // server's follow from the client's Bootstrap-Request; an LwM2M server's Reads and Writes come
  // at its application's or operator's will, so they are judged only when asked for.
  bool judge_bootstrap_server_requests = true;
  bool judge_lwm2m_server_requests = false;
  // After its last exchange, a client stays reachable while the capture shows server requests
  // still to come: until the next one's captured time (under --fast: at once) plus this, counted
  // again after each server request that comes (--server-wait).
  std::chrono::milliseconds server_request_wait{2000};
  // --start-at: the capture time (seconds from its first frame) the replay's clock starts at;
  // exchanges captured before it go without waiting. Unset: at the first replayed exchange.
  std::optional<double> start_at;
};

class Replayer : private TransportEvents {
 public:
  Replayer(const Survey& survey, ExchangeStream& stream, Transport& transport,
           const ReplaySettings& settings, std::vector<ReplayObserver*> observers,
           MessageRecorder* recorder);
  ~Replayer() override;

  // Replays `clients` (indexes in the survey) until every exchange is done or `interrupted` is
  // set. Throws TransportError when a session cannot be opened.
  ReplaySummary run(const std::vector<std::size_t>& clients, const std::atomic<bool>& interrupted);

  // The capture read afresh for each loop after the first (--loop); the Replayer is done with the
  // previous stream when it calls this.
  void set_next_loop(std::function<ExchangeStream&()> next_stream) {
    next_stream_ = std::move(next_stream);
  }
  // `tick` is called with the summary so far every `every` while the run goes (--stats).
  void set_ticker(std::chrono::milliseconds every, std::function<void(const ReplaySummary&)> tick) {
    tick_every_ = every;
    tick_ = std::move(tick);
  }

  // The replayed clients, once run() has started them.
  const std::vector<ReplayedClient>& clients() const { return replayed_; }

 private:
  struct ClientState;
  using Clock = std::chrono::steady_clock;
  // A client whose next request is due at `when`, or an exchange to give up on at `when`.
  struct Timed {
    Clock::time_point when;
    std::size_t state;
    uint64_t index;
  };
  struct Later {
    bool operator()(const Timed& a, const Timed& b) const { return a.when > b.when; }
  };
  using TimedQueue = std::priority_queue<Timed, std::vector<Timed>, Later>;

  void start(const std::vector<std::size_t>& clients);
  void schedule(std::size_t state_index, Clock::time_point now);
  // Starts the next --loop with a fresh stream of the capture.
  void next_loop(Clock::time_point now);
  // Ends the exchanges in flight as interrupted (SIGINT, --duration).
  void stop_in_flight(const char* why);
  void send_due(Clock::time_point now);
  void send(std::size_t state_index, const Exchange& exchange, Clock::time_point now);
  void expire(Clock::time_point now);
  // The client has no exchange left: it waits for the server requests still to come, or ends.
  void await_server_requests(std::size_t state_index, Clock::time_point now);
  // Ends the client's replay: the captured server requests that did not come are reported.
  void end_client(std::size_t state_index);
  // Lets the clients waiting for this one's end (the rest of its device's life) go on.
  void end_followers(const ClientState& state);
  // When a captured time is due in the replay (its offset from the start, divided by --speed).
  Clock::time_point due_at(int64_t time_ns, Clock::time_point now) const;
  // Ends the exchange in flight (or the one not sent) with `result` and reports it.
  // Takes `result` by reference (an rvalue: it is used up); a move of an ExchangeResult copies
  // its two messages' bookkeeping, and every exchange ends here.
  void finish(ClientState& state, ExchangeResult&& result);
  void release_exchanges(std::size_t client);
  std::chrono::milliseconds wait_budget(Clock::time_point now) const;
  ClientState* state_of(SessionId session);
  // Runs a transport callback's body: an exception must not unwind through libcoap (DtlsTransport)
  // or leave a datagram half handled, so it is kept and rethrown by run().
  template <typename Body>
  void guarded(Body&& body) noexcept;

  // TransportEvents
  void on_response(SessionId session, const coap::MessageData& response) override;
  void on_failure(SessionId session, const coap::Bytes& token, const std::string& why) override;
  std::optional<coap::MessageData> on_request(SessionId session,
                                              const coap::MessageData& request) override;
  void on_unreachable(SessionId session, int error) override;
  void on_wire(SessionId session, WireKind kind, const uint8_t* bytes, std::size_t size) override;
  // --write: the datagram with a comment saying what it is.
  void record(ClientState& state, WireKind kind, const uint8_t* bytes, std::size_t size);
  // Ends the client's exchange in flight and sends none of its others: its port is closed.
  void stop_refused(ClientState& state, Clock::time_point now);
  void notify(const std::string& text);
  void on_handshake(SessionId session, const DtlsHandshake& handshake) override;

  const Survey& survey_;
  ExchangeStream* stream_;
  Transport& transport_;
  ReplaySettings settings_;
  std::vector<ReplayObserver*> observers_;
  MessageRecorder* recorder_;

  std::vector<ReplayedClient> replayed_;
  std::vector<ClientState> states_;                  // parallel to replayed_
  std::vector<std::size_t> by_session_;              // SessionId -> index in states_
  std::vector<std::vector<std::size_t>> copies_of_;  // survey client -> its states
  TimedQueue due_;
  TimerHeap<Timed> deadlines_;
  TimedQueue server_waits_;    // clients awaiting server requests; index: their wait's generation
  std::size_t active_ = 0;     // states not done
  std::size_t in_flight_ = 0;  // states with an exchange in flight
  std::vector<std::size_t> to_schedule_;  // states whose next exchange is to be scheduled
  std::vector<std::size_t> to_end_;       // states whose last awaited server request came
  std::vector<std::size_t> waiting_;      // states held back by max_buffered_
  std::size_t max_buffered_ = 0;          // the stream's bound under --fast (see ReplaySettings)
  ReplaySummary summary_;
  Clock::time_point started_;
  int64_t capture_start_ns_ = 0;
  Clock::time_point next_send_allowed_;
  std::exception_ptr callback_error_;
  // The live request being made, its storage reused from request to request.
  RewrittenRequest rewritten_;
  // Messages of finished results, whose storage the next results' copies reuse: at most two per
  // exchange in flight.
  std::vector<coap::MessageData> spare_messages_;
  void copy_into(std::optional<coap::MessageData>& to, const coap::MessageData& from);
  // The request being sent (its result, for --write's comment on it), during Transport::send().
  const ExchangeResult* sending_ = nullptr;
  // What the next answer or empty ACK the transport sends is, told by on_request or a separate
  // response (--write's comment).
  std::string reply_comment_;
  bool refusal_told_ = false;  // the closed port was said once
  std::function<ExchangeStream&()> next_stream_;
  uint64_t started_exchanges_ = 0;  // --limit: exchanges started so far
  bool limit_reached_ = false;      // no more are started
  std::chrono::milliseconds tick_every_{0};
  std::function<void(const ReplaySummary&)> tick_;
  Clock::time_point next_tick_;
};

}  // namespace lwm2m::replay
