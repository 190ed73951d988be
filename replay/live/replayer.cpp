#include "live/replayer.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <map>
#include <queue>
#include <set>
#include <unordered_map>
#include <utility>

#include "capture/captured_message.h"
#include "exchanges/server_answers.h"
#include "lwm2m/coap_message.h"

namespace lwm2m::replay {

namespace {

// The loop wakes at least this often to notice an interrupt.
constexpr std::chrono::milliseconds kLongestPoll{100};
// A client whose requests the target's port still refuses (ICMP port unreachable) this long after
// the first refusal, with nothing from the target in between, stops: nothing listens there, and
// waiting out every retransmission (93 s with the defaults) would tell nothing more. Long enough
// for a server restarting on the same port to come back (README, "Exit status").
constexpr std::chrono::milliseconds kRefusedGrace{1000};

coap::MessageData reset_message() {
  coap::MessageData reset;
  reset.type = coap::Type::kReset;
  return reset;
}

std::string ordinal_comment(const ExchangeResult& r, const std::string& what) {
  return what + ": exchange " + std::to_string(r.index + 1) + " of " + r.client->label +
         " (captured frame " + std::to_string(r.request_frame) + ")";
}

}  // namespace

const char* outcome_name(Outcome outcome) {
  switch (outcome) {
    case Outcome::kMatched:
      return "matched";
    case Outcome::kDiffers:
      return "differs";
    case Outcome::kNoAnswer:
      return "no answer";
    case Outcome::kSkipped:
      return "skipped";
    case Outcome::kNotReplayable:
      return "not replayable";
    case Outcome::kInterrupted:
      return "interrupted";
  }
  return "?";
}

std::string missing_text(const MissingServerRequest& missing) {
  return std::string(missing.bootstrap_server ? "the bootstrap server" : "the server") +
         " never sent " + missing.request + " (captured frame " + std::to_string(missing.frame) +
         ")";
}

int exit_code(const ReplaySummary& summary) {
  if (summary.was_interrupted) return kExitInterrupted;
  if (!summary.target_answered && summary.done() > summary.skipped + summary.not_replayable)
    return kExitNoAnswer;
  if (summary.differ + summary.no_answer + summary.skipped + summary.not_replayable +
          summary.server_requests_missing + summary.server_requests_unexpected >
      0)
    return kExitDiffer;
  return kExitMatched;
}

struct Replayer::ClientState {
  struct InFlight {
    uint64_t index = 0;
    coap::Bytes token;
    Clock::time_point sent_at;
    ExchangeResult result;
  };

  std::size_t client = 0;    // in the survey
  std::size_t replayed = 0;  // in replayed_
  SessionId session = 0;
  QueryRules rules;
  uint64_t next_index = 0;
  bool done = false;
  std::optional<InFlight> in_flight;
  // The registration in the capture and on the live server, once a Register was replayed.
  RegistrationMapping registration;
  ServerAnswers answers{nullptr};  // its answers to the live server's requests
  bool unreachable = false;        // an ICMP error came back
  // The first of the port refusals since the target last sent anything; stopped: the port stayed
  // closed for kRefusedGrace, nothing more is sent.
  std::optional<Clock::time_point> refused_since;
  bool stopped = false;
  // The live server's requests against the captured ones.
  ServerRequestSequence server_requests;
  // No exchange left, waiting for server requests still to come; the wait's generation, so that
  // a deadline pushed before the latest server request came is stale.
  bool awaiting = false;
  uint64_t wait_generation = 0;
  uint64_t last_request_frame = 0;  // the captured frame of its latest request sent
  // Whether its server's requests are judged: missing and unexpected ones make the run differ.
  // Either way it stays reachable for those the capture still shows.
  bool judged = false;
  // One device life: the state of the same captured client (and copy) with an earlier server
  // (its bootstrap), which must end before this one starts; SIZE_MAX when none.
  std::size_t after = SIZE_MAX;
  std::vector<std::size_t> followers;  // states waiting for this one to end
};

Replayer::Replayer(const Survey& survey, ExchangeStream& stream, Transport& transport,
                   const ReplaySettings& settings, std::vector<ReplayObserver*> observers,
                   MessageRecorder* recorder)
    : survey_(survey),
      stream_(&stream),
      transport_(transport),
      settings_(settings),
      observers_(std::move(observers)),
      recorder_(recorder) {
  transport_.set_receiver(this);
}

Replayer::~Replayer() {
  transport_.set_receiver(nullptr);
}

template <typename Body>
void Replayer::guarded(Body&& body) noexcept {
  if (callback_error_) return;
  try {
    body();
  } catch (...) {
    callback_error_ = std::current_exception();
  }
}

void Replayer::start(const std::vector<std::size_t>& clients) {
  copies_of_.assign(survey_.clients.size(), {});
  capture_start_ns_ = 0;
  // The states made so far for each captured address and copy, in order.
  struct AddressCopyHash {
    std::size_t operator()(const std::pair<net::TransportAddress, std::size_t>& key) const {
      return net::TransportAddressHash{}(key.first) ^ std::hash<std::size_t>{}(key.second);
    }
  };
  std::unordered_map<std::pair<net::TransportAddress, std::size_t>, std::vector<std::size_t>,
                     AddressCopyHash>
      states_of_address;
  bool first = true;
  for (std::size_t client : clients) {
    const SurveyClient& captured = survey_.clients.at(client);
    if (first || captured.first_request_ns < capture_start_ns_)
      capture_start_ns_ = captured.first_request_ns;
    first = false;
    // Without --clients the client is replayed once, as captured (copy 0).
    const std::size_t first_copy = settings_.copies == 0 ? 0 : 1;
    // The live target of the client's captured server, when the run maps several.
    std::optional<net::TransportAddress> live_target;
    for (const auto& [captured_server, live] : settings_.targets)
      if (captured_server == captured.server) live_target = live;
    for (std::size_t copy = first_copy; copy <= settings_.copies; ++copy) {
      ReplayedClient replayed;
      replayed.client = client;
      replayed.copy = copy;
      replayed.number = client + 1;
      replayed.captured_address = captured.address;
      ClientState state;
      state.client = client;
      state.replayed = replayed_.size();
      state.rules = settings_.rules;
      state.answers = ServerAnswers(settings_.answer_server_requests ? &captured.answers : nullptr);
      if (copy > 0) state.rules.ep_suffix += "-" + std::to_string(copy);
      replayed.label = captured.endpoint_name.empty()
                           ? captured.address.to_string() +
                                 (copy > 0 ? "#" + std::to_string(copy) : std::string())
                           : captured.endpoint_name + state.rules.ep_suffix;
      state.server_requests = ServerRequestSequence(&captured.captured_server_requests);
      state.judged = captured.named_by == Operation::kBootstrapRequest
                         ? settings_.judge_bootstrap_server_requests
                         : settings_.judge_lwm2m_server_requests;
      // The same device talking to an earlier server (a bootstrap server, then an LwM2M one):
      // it goes on from where that one ends. Survey clients come in the order of their first
      // request, so the latest earlier one is the one just before.
      // Only the states of the same captured address and copy are looked at, latest first.
      std::vector<std::size_t>& same_address = states_of_address[{captured.address, copy}];
      for (auto earlier = same_address.rbegin(); earlier != same_address.rend(); ++earlier) {
        const ClientState& other = states_[*earlier];
        if (other.client != client && !(survey_.clients[other.client].server == captured.server)) {
          state.after = *earlier;
          states_[*earlier].followers.push_back(states_.size());
          break;
        }
      }
      same_address.push_back(states_.size());
      state.session = live_target ? transport_.open_to(*live_target) : transport_.open();
      replayed.live_address = transport_.local_address(state.session);
      if (by_session_.size() <= state.session) by_session_.resize(state.session + 1);
      by_session_[state.session] = states_.size();
      copies_of_[client].push_back(states_.size());
      summary_.exchanges += captured.requests;
      replayed_.push_back(std::move(replayed));
      states_.push_back(std::move(state));
    }
  }
  // Repeated labels (two captured clients with one name) get the client's number in front. One
  // device's lives (its bootstrap, then its registration: one captured address) are one client.
  std::map<std::string, std::set<std::string>> addresses_of;
  for (const ReplayedClient& r : replayed_)
    addresses_of[r.label].insert(r.captured_address.to_string());
  for (ReplayedClient& r : replayed_) {
    r.shown = addresses_of[r.label].size() > 1 ? "(" + std::to_string(r.number) + ") " + r.label
                                               : r.label;
  }
  if (settings_.start_at) {
    capture_start_ns_ = survey_.first_time_ns + static_cast<int64_t>(*settings_.start_at * 1e9);
  }
  summary_.clients = states_.size();
  active_ = states_.size();
  max_buffered_ = std::max(settings_.max_buffered_exchanges, 4 * states_.size());
  for (std::size_t i = 0; i < states_.size(); ++i) to_schedule_.push_back(i);
}

void Replayer::next_loop(Clock::time_point now) {
  ++summary_.loops;
  stream_ = &next_stream_();
  // Every deadline left belongs to an exchange of the last loop, all ended.
  while (!deadlines_.empty()) deadlines_.pop();
  for (std::size_t i = 0; i < states_.size(); ++i) {
    ClientState& state = states_[i];
    const SurveyClient& captured = survey_.clients[state.client];
    state.next_index = 0;
    state.done = false;
    state.registration = RegistrationMapping();
    state.answers = ServerAnswers(settings_.answer_server_requests ? &captured.answers : nullptr);
    state.unreachable = false;
    // The server requests this loop's life will bring, judged afresh.
    state.server_requests = ServerRequestSequence(&captured.captured_server_requests);
    state.awaiting = false;
    ++state.wait_generation;  // a wait of the last loop is stale
    state.last_request_frame = 0;
    summary_.exchanges += captured.requests;
    to_schedule_.push_back(i);
  }
  active_ = states_.size();
  // Each loop keeps the capture's timing from its own start.
  started_ = now;
}

void Replayer::stop_in_flight(const char* why) {
  for (ClientState& state : states_) {
    if (!state.in_flight) continue;
    ExchangeResult result = std::move(state.in_flight->result);
    result.outcome = Outcome::kInterrupted;
    result.failure = why;
    finish(state, std::move(result));
  }
}

Replayer::Clock::time_point Replayer::due_at(int64_t time_ns, Clock::time_point now) const {
  if (settings_.fast) return now;
  const double offset_ns = static_cast<double>(time_ns - capture_start_ns_) / settings_.speed;
  // Timestamps centuries apart (a bad clock in the capture), stretched by a --speed below 1,
  // can lie past what the clock counts: such a request is due never, not at an overflow.
  const double room_ns = static_cast<double>((Clock::time_point::max() - started_).count());
  if (offset_ns >= room_ns / 2) return Clock::time_point::max();
  if (offset_ns <= 0) return now;
  const auto at = started_ + std::chrono::duration_cast<Clock::duration>(
                                 std::chrono::duration<double, std::nano>(offset_ns));
  return std::max(now, at);
}

void Replayer::schedule(std::size_t state_index, Clock::time_point now) {
  ClientState& state = states_[state_index];
  if (state.done || state.awaiting) return;
  // Its device's earlier life (the bootstrap) is not over: it ends by scheduling this one.
  if (state.after != SIZE_MAX && !states_[state.after].done) return;
  // Only while something is in flight: its end wakes the waiting clients (finish()).
  if (settings_.fast && in_flight_ > 0 && stream_->buffered() >= max_buffered_ &&
      stream_->needs_reading(state.client, state.next_index)) {
    waiting_.push_back(state_index);
    return;
  }
  const Exchange* exchange = stream_->get(state.client, state.next_index);
  if (!exchange) {
    await_server_requests(state_index, now);
    return;
  }
  // A client stopped on a closed port sends nothing more: its exchanges end at once.
  due_.push({state.stopped ? now : due_at(exchange->request.time_ns, now), state_index,
             state.next_index});
}

void Replayer::await_server_requests(std::size_t state_index, Clock::time_point now) {
  ClientState& state = states_[state_index];
  const CapturedServerRequest* next = state.server_requests.next();
  // Only server requests the capture shows after the client's last request are still to come:
  // the earlier ones had their chance while its exchanges ran (after a De-register, a server has
  // no one left to ask).
  if (!next || next->frame < state.last_request_frame ||
      settings_.server_request_wait.count() <= 0) {
    end_client(state_index);
    return;
  }
  state.awaiting = true;
  server_waits_.push({due_at(next->time_ns, now) + settings_.server_request_wait, state_index,
                      ++state.wait_generation});
}

void Replayer::end_client(std::size_t state_index) {
  ClientState& state = states_[state_index];
  if (state.done) return;
  state.done = true;
  state.awaiting = false;
  --active_;
  release_exchanges(state.client);
  state.server_requests.finish();
  if (!state.judged) return end_followers(state);
  const bool bootstrap = survey_.clients[state.client].named_by == Operation::kBootstrapRequest;
  for (const CapturedServerRequest* request : state.server_requests.missing()) {
    ++summary_.server_requests_missing;
    const MissingServerRequest missing{&replayed_[state.replayed], request->key.text(),
                                       request->frame, bootstrap};
    for (ReplayObserver* observer : observers_) observer->on_missing_server_request(missing);
  }
  end_followers(state);
}

void Replayer::end_followers(const ClientState& state) {
  for (std::size_t follower : state.followers) to_schedule_.push_back(follower);
}

void Replayer::release_exchanges(std::size_t client) {
  uint64_t lowest = UINT64_MAX;
  for (std::size_t index : copies_of_[client]) {
    const ClientState& state = states_[index];
    lowest = std::min(lowest, state.done ? UINT64_MAX : state.next_index);
  }
  if (lowest == UINT64_MAX) lowest = states_[copies_of_[client].front()].next_index;
  stream_->release(client, lowest);
}

void Replayer::send_due(Clock::time_point now) {
  while (!due_.empty() && due_.top().when <= now) {
    if (settings_.max_rate && now < next_send_allowed_) return;
    if (limit_reached_) return;
    const Timed next = due_.top();
    due_.pop();
    const Exchange* exchange = stream_->get(states_[next.state].client, next.index);
    if (!exchange) continue;  // cannot happen: schedule() found it
    send(next.state, *exchange, now);
    if (settings_.max_rate)
      next_send_allowed_ = std::max(now, next_send_allowed_) +
                           std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(1.0 / *settings_.max_rate));
  }
}

void Replayer::send(std::size_t state_index, const Exchange& exchange, Clock::time_point now) {
  ClientState& state = states_[state_index];
  // --limit: the run ends once this one and those in flight have.
  if (settings_.limit && ++started_exchanges_ >= *settings_.limit) limit_reached_ = true;
  ExchangeResult result;
  result.client = &replayed_[state.replayed];
  result.index = exchange.index;
  result.operation = exchange.operation;
  result.request_frame = exchange.request.frame;
  if (exchange.response) result.response_frame = exchange.response->frame;
  if (exchange.response) copy_into(result.captured_response, exchange.response->message);

  const coap::MessageData& captured = exchange.request.message;
  state.last_request_frame = exchange.request.frame;
  if (is_oscore(captured)) {
    result.outcome = Outcome::kNotReplayable;
    result.failure = "OSCORE-protected: the capture holds no security context to replay it with";
    finish(state, std::move(result));
    return;
  }
  if (std::optional<std::string> refusal = state.registration.refusal(captured)) {
    result.outcome = Outcome::kSkipped;
    result.failure = std::move(*refusal);
    finish(state, std::move(result));
    return;
  }
  if (state.stopped) {
    result.outcome = Outcome::kNoAnswer;
    result.failure = "not sent: the target's port is closed (ICMP port unreachable)";
    finish(state, std::move(result));
    return;
  }
  // Rewritten into storage kept from request to request: the transport hands the request back.
  RewrittenRequest& rewritten = rewritten_;
  rewrite_request(captured, exchange.operation, state.rules, &state.registration,
                  settings_.describe_changes, rewritten);
  result.changes = std::move(rewritten.changes);
  coap::MessageData& sent = rewritten.request;
  sending_ = &result;
  try {
    sent = transport_.send(state.session, std::move(rewritten.request));
  } catch (const TransportError& error) {
    sending_ = nullptr;
    result.outcome = Outcome::kNoAnswer;
    result.failure = error.what();
    finish(state, std::move(result));
    return;
  }
  sending_ = nullptr;
  const bool captured_answered = exchange.response.has_value();
  state.in_flight.emplace(ClientState::InFlight{exchange.index, sent.token, now, {}});
  state.in_flight->result = std::move(result);
  ++in_flight_;
  const auto wait = captured_answered ? settings_.exchange_timeout : settings_.unanswered_wait;
  deadlines_.push({now + wait, state_index, exchange.index}, in_flight_, [this](const Timed& t) {
    const ClientState& owner = states_[t.state];
    return owner.in_flight && owner.in_flight->index == t.index;
  });
}

void Replayer::finish(ClientState& state, ExchangeResult&& result) {
  if (result.outcome != Outcome::kSkipped && result.outcome != Outcome::kNotReplayable &&
      result.outcome != Outcome::kInterrupted) {
    result.comparison = compare_responses(result.captured_response, result.live_response,
                                          result.operation, settings_.compare);
    if (result.comparison.matched) {
      result.outcome = Outcome::kMatched;
    } else if (!result.live_response && result.captured_response) {
      result.outcome = Outcome::kNoAnswer;
    } else {
      result.outcome = Outcome::kDiffers;
    }
  }
  // Described now that the outcome is known; the stream holds the exchange until it is released
  // below.
  if (settings_.describe_matched || result.outcome != Outcome::kMatched)
    if (const Exchange* exchange = stream_->get(state.client, result.index))
      result.request = describe_request(exchange->request.message);
  if (result.operation == Operation::kRegister && result.outcome != Outcome::kInterrupted)
    state.registration.learn(result.captured_response, result.live_response);
  if (result.retransmissions > 0) ++summary_.retransmitted_exchanges;
  switch (result.outcome) {
    case Outcome::kMatched:
      ++summary_.matched;
      break;
    case Outcome::kDiffers:
      ++summary_.differ;
      break;
    case Outcome::kNoAnswer:
      ++summary_.no_answer;
      break;
    case Outcome::kSkipped:
      ++summary_.skipped;
      break;
    case Outcome::kNotReplayable:
      ++summary_.not_replayable;
      break;
    case Outcome::kInterrupted:
      ++summary_.interrupted;
      break;
  }
  for (ReplayObserver* observer : observers_) observer->on_exchange(result);
  // The observers are done with the result: its messages' storage serves the next exchanges.
  for (std::optional<coap::MessageData>* message :
       {&result.captured_response, &result.live_response})
    if (*message) {
      spare_messages_.push_back(std::move(**message));
      message->reset();
    }
  if (state.in_flight) --in_flight_;
  state.in_flight.reset();
  ++state.next_index;
  // The stream keeps a client's exchanges until every copy is past them: free them as soon as
  // they are done with, or memory grows with the capture's length.
  release_exchanges(state.client);
  to_schedule_.push_back(by_session_[state.session]);
  // Waiting clients go on once the stream has shrunk by a quarter, not at the first exchange
  // released, so that each wake-up lets them read a stretch of the capture; or when nothing is in
  // flight, since then nothing else would wake them.
  if (!waiting_.empty() && (in_flight_ == 0 || stream_->buffered() < max_buffered_ / 4 * 3)) {
    to_schedule_.insert(to_schedule_.end(), waiting_.begin(), waiting_.end());
    waiting_.clear();
  }
}

void Replayer::expire(Clock::time_point now) {
  while (!server_waits_.empty() && server_waits_.top().when <= now) {
    const Timed timed = server_waits_.top();
    server_waits_.pop();
    const ClientState& state = states_[timed.state];
    if (state.awaiting && state.wait_generation == timed.index) end_client(timed.state);
  }
  while (!deadlines_.empty() && deadlines_.top().when <= now) {
    const Timed timed = deadlines_.top();
    deadlines_.pop();
    ClientState& state = states_[timed.state];
    if (!state.in_flight || state.in_flight->index != timed.index) continue;  // already ended
    ExchangeResult result = std::move(state.in_flight->result);
    if (result.captured_response) {
      const auto waited =
          std::chrono::duration_cast<std::chrono::milliseconds>(now - state.in_flight->sent_at);
      result.failure = "no response within " + std::to_string(waited.count()) + " ms" +
                       (state.unreachable ? " (ICMP errors: is the server running?)" : "");
    }
    result.round_trip =
        std::chrono::duration_cast<std::chrono::microseconds>(now - state.in_flight->sent_at);
    finish(state, std::move(result));
  }
}

Replayer::ClientState* Replayer::state_of(SessionId session) {
  return session < by_session_.size() ? &states_[by_session_[session]] : nullptr;
}

void Replayer::on_response(SessionId session, const coap::MessageData& response) {
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state) return;
    summary_.target_answered = true;
    const bool current = state->in_flight && state->in_flight->token == response.token;
    if (!current) {
      ++summary_.late_responses;
      return;
    }
    ExchangeResult result = std::move(state->in_flight->result);
    copy_into(result.live_response, response);
    result.round_trip = std::chrono::duration_cast<std::chrono::microseconds>(
        Clock::now() - state->in_flight->sent_at);
    finish(*state, std::move(result));
  });
}

void Replayer::on_failure(SessionId session, const coap::Bytes& token, const std::string& why) {
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state || !state->in_flight || state->in_flight->token != token) return;
    ExchangeResult result = std::move(state->in_flight->result);
    result.round_trip = std::chrono::duration_cast<std::chrono::microseconds>(
        Clock::now() - state->in_flight->sent_at);
    if (why == kAnsweredWithReset) {
      summary_.target_answered = true;
      result.live_response = reset_message();
    } else if (why == kReflected) {
      ++summary_.reflected;
      result.failure = why;
    } else {
      result.failure = why + (state->unreachable ? " (ICMP errors: is the server running?)" : "");
    }
    finish(*state, std::move(result));
  });
}

void Replayer::on_unreachable(SessionId session, int error) {
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state) return;
    state->unreachable = true;
    if (error != ECONNREFUSED || state->stopped) return;
    summary_.port_refused = true;
    const Clock::time_point now = Clock::now();
    if (!refusal_told_) {
      refusal_told_ = true;
      notify(transport_.target().to_string() + " refused a request of " +
             replayed_[state->replayed].shown +
             " (ICMP port unreachable): is the server running on that port? A client whose "
             "requests are still refused " +
             std::to_string(kRefusedGrace.count()) + " ms later stops");
    }
    if (!state->refused_since) {
      state->refused_since = now;
    } else if (now - *state->refused_since >= kRefusedGrace) {
      stop_refused(*state, now);
    }
  });
}

void Replayer::stop_refused(ClientState& first, Clock::time_point now) {
  // Every client sends to the same port: when the target never answered anything, it is closed
  // for all of them, and the run stops; else (a server gone mid-run) only this client.
  const bool whole_run = !summary_.target_answered;
  for (ClientState& state : states_) {
    if (&state != &first && (!whole_run || state.stopped)) continue;
    state.stopped = true;
    if (!state.in_flight) continue;
    ExchangeResult result = std::move(state.in_flight->result);
    const auto refused_for = std::chrono::duration_cast<std::chrono::milliseconds>(
        now - state.refused_since.value_or(now));
    result.failure = "the target's port refused it (ICMP port unreachable)";
    if (refused_for.count() > 0)
      result.failure += " for " + std::to_string(refused_for.count()) + " ms";
    result.failure += ": nothing listens there; the client stopped";
    result.round_trip =
        std::chrono::duration_cast<std::chrono::microseconds>(now - state.in_flight->sent_at);
    finish(state, std::move(result));
  }
}

void Replayer::notify(const std::string& text) {
  for (ReplayObserver* observer : observers_) observer->on_notice(text);
}

void Replayer::on_wire(SessionId session, WireKind kind, const uint8_t* bytes, std::size_t size) {
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state) return;
    if (kind == WireKind::kReceived) state->refused_since.reset();
    if (kind == WireKind::kRetransmission) {
      ++summary_.retransmissions;
      ++replayed_[state->replayed].retransmissions;
      if (state->in_flight) ++state->in_flight->result.retransmissions;
    }
    if (recorder_) record(*state, kind, bytes, size);
  });
}

void Replayer::record(ClientState& state, WireKind kind, const uint8_t* bytes, std::size_t size) {
  const ReplayedClient& client = replayed_[state.replayed];
  const net::TransportAddress& us = *client.live_address;
  const net::TransportAddress& target = transport_.target_of(state.session);
  const ExchangeResult* in_flight = state.in_flight ? &state.in_flight->result : nullptr;
  std::string comment;
  switch (kind) {
    case WireKind::kRequest:
      comment = sending_ ? ordinal_comment(*sending_, "request") : "request of " + client.label;
      break;
    case WireKind::kRetransmission:
      comment = in_flight
                    ? ordinal_comment(*in_flight, "retransmission " +
                                                      std::to_string(in_flight->retransmissions) +
                                                      " of the request")
                    : "retransmission of a request of " + client.label;
      break;
    case WireKind::kAnswer:
    case WireKind::kEmptyAck:
      comment = reply_comment_.empty() ? "empty acknowledgement" : reply_comment_;
      reply_comment_.clear();
      break;
    case WireKind::kReset:
      comment = "Reset: a CoAP ping, or a message that is not CoAP";
      break;
    case WireKind::kReceived: {
      const coap::ParseResult parsed = coap::parse_message(bytes, size, coap::Framing::kDatagram);
      const coap::Message& m = parsed.message;
      if (!parsed.ok) {
        comment = "not CoAP: " + parsed.error;
      } else if (coap::is_request(m.code)) {
        comment = "server request to " + client.label;
      } else if (m.type == coap::Type::kReset) {
        comment = "Reset from the target";
      } else if (m.code == 0) {
        comment = "empty acknowledgement from the target";
      } else {
        const coap::Bytes token(bytes + m.token_offset, bytes + m.token_offset + m.token_length);
        const bool current = in_flight && state.in_flight->token == token;
        comment = current ? ordinal_comment(*in_flight, "response")
                          : "late or duplicate response for " + client.label;
        if (m.type == coap::Type::kConfirmable)
          reply_comment_ = "acknowledgement of the separate response";
      }
      recorder_->record(target, us, bytes, size, comment);
      return;
    }
  }
  recorder_->record(us, target, bytes, size, comment);
}

void Replayer::on_handshake(SessionId session, const DtlsHandshake& handshake) {
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state) return;
    // A handshake that completed or ended with an alert (the server's, or the replay's about what
    // the server sent) heard from the target: exit 3 stays for silence.
    if (handshake.completed || handshake.alert) summary_.target_answered = true;
    ++(handshake.completed ? summary_.handshakes_completed : summary_.handshakes_failed);
    const HandshakeResult result{&replayed_[state->replayed], handshake};
    for (ReplayObserver* observer : observers_) observer->on_handshake(result);
  });
}

std::optional<coap::MessageData> Replayer::on_request(SessionId session,
                                                      const coap::MessageData& request) {
  std::optional<coap::MessageData> answer;
  guarded([&] {
    ClientState* state = state_of(session);
    if (!state) return;
    summary_.target_answered = true;
    const ReplayedClient& client = replayed_[state->replayed];
    const int64_t now_ns =
        std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
            .count();
    const ServerAnswers::Reply reply = state->answers.reply(
        request, now_ns, [&] { return transport_.new_message_id(state->session); });
    answer = reply.response;
    if (reply.duplicate) {
      ++summary_.duplicate_server_requests;
      reply_comment_ = "the same answer again, to a duplicate server request";
      return;
    }
    ++summary_.server_requests;
    if (reply.captured_frame) {
      ++summary_.answered_from_capture;
    } else if (answer) {
      ++summary_.answered_not_found;
    }
    ServerRequestResult result;
    result.client = &client;
    // Named as the capture's server requests are (core's classify_operation): a client replayed
    // from its Bootstrap-Request is bootstrapping, any other registered.
    const ClientPhase phase =
        survey_.clients[state->client].named_by == Operation::kBootstrapRequest
            ? ClientPhase::kBootstrapping
            : ClientPhase::kRegistered;
    result.request = ServerRequestKey::of(request, phase).text();
    result.answer = answer;
    result.captured_frame = reply.captured_frame;
    if (const CapturedServerRequest* expected = state->server_requests.on_live(request)) {
      result.expected_frame = expected->frame;
    } else if (state->judged) {
      result.unexpected = true;
      ++summary_.server_requests_unexpected;
    }
    if (recorder_) {
      reply_comment_ = "acknowledged, not answered (--respond none)";
      if (result.captured_frame) {
        reply_comment_ = "answer from captured frame " + std::to_string(*result.captured_frame);
      } else if (answer) {
        reply_comment_ =
            coap::code_text(coap::kNotFound) + ": the capture has no answer to " + result.request;
      }
    }
    for (ReplayObserver* observer : observers_) observer->on_server_request(result);
    // A client awaiting server requests waits again from this one, or ends with the last.
    if (state->awaiting) {
      const std::size_t index = by_session_[state->session];
      if (state->server_requests.remaining() == 0) {
        to_end_.push_back(index);
      } else {
        await_server_requests(index, Clock::now());
      }
    }
  });
  return answer;
}

void Replayer::copy_into(std::optional<coap::MessageData>& to, const coap::MessageData& from) {
  if (!to && !spare_messages_.empty()) {
    to = std::move(spare_messages_.back());
    spare_messages_.pop_back();
  }
  if (to) {
    *to = from;  // copy-assignment keeps the storage that fits
  } else {
    to = from;
  }
}

std::chrono::milliseconds Replayer::wait_budget(Clock::time_point now) const {
  Clock::time_point wake = now + kLongestPoll;
  if (!due_.empty()) wake = std::min(wake, std::max(due_.top().when, next_send_allowed_));
  if (!deadlines_.empty()) wake = std::min(wake, deadlines_.top().when);
  if (tick_) wake = std::min(wake, next_tick_);
  if (!server_waits_.empty()) wake = std::min(wake, server_waits_.top().when);
  const auto budget = std::chrono::duration_cast<std::chrono::milliseconds>(wake - now);
  return std::max(budget, std::chrono::milliseconds(1));
}

ReplaySummary Replayer::run(const std::vector<std::size_t>& clients,
                            const std::atomic<bool>& interrupted) {
  started_ = Clock::now();
  const Clock::time_point run_started = started_;
  next_send_allowed_ = started_;
  next_tick_ = started_ + tick_every_;
  start(clients);
  for (ReplayObserver* observer : observers_) observer->on_start();
  bool out_of_time = false;
  while (!interrupted.load()) {
    const Clock::time_point now = Clock::now();
    if (settings_.duration && now - run_started >= *settings_.duration) {
      out_of_time = true;
      break;
    }
    if (tick_ && now >= next_tick_) {
      summary_.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - run_started);
      tick_(summary_);
      next_tick_ = std::max(next_tick_ + tick_every_, now);
    }
    expire(now);
    std::vector<std::size_t> ending;
    ending.swap(to_end_);
    for (std::size_t index : ending) end_client(index);
    std::vector<std::size_t> ready;
    ready.swap(to_schedule_);
    for (std::size_t index : ready) schedule(index, now);
    send_due(now);
    if (callback_error_) std::rethrow_exception(callback_error_);
    if (limit_reached_ && in_flight_ == 0) break;
    if (active_ == 0 && in_flight_ == 0) {
      if (summary_.loops >= settings_.loops) break;
      next_loop(now);
      continue;
    }
    Clock::duration budget = wait_budget(Clock::now());
    if (settings_.duration)
      budget = std::clamp<Clock::duration>(run_started + *settings_.duration - Clock::now(),
                                           std::chrono::milliseconds(1), budget);
    transport_.poll(std::chrono::duration_cast<std::chrono::milliseconds>(budget));
    if (callback_error_) std::rethrow_exception(callback_error_);
  }
  if (interrupted.load()) {
    summary_.was_interrupted = true;
    stop_in_flight("interrupted before the response came");
  } else if (out_of_time) {
    const auto seconds = std::chrono::duration<double>(*settings_.duration).count();
    char text[48];
    std::snprintf(text, sizeof text, "--duration %g s", seconds);
    summary_.stopped_by = text;
    stop_in_flight("stopped by --duration before the response came");
  } else if (limit_reached_) {
    summary_.stopped_by = "--limit " + std::to_string(*settings_.limit);
  }
  summary_.elapsed =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - run_started);
  for (ReplayObserver* observer : observers_) observer->on_finish(summary_);
  return summary_;
}

}  // namespace lwm2m::replay
