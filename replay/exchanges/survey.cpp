#include "exchanges/survey.h"

#include <algorithm>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "exchanges/flow_key.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/exchange_matcher.h"
#include "lwm2m/printable.h"
#include "lwm2m/query.h"

namespace lwm2m::replay {

namespace {

constexpr std::size_t kNoClient = SIZE_MAX;

// What the pass counts on one direction of traffic, added to the client the flow turns out to
// belong to. Kept small: a capture of 100 000 clients has 200 000 flows.
struct FlowCounts {
  uint64_t requests = 0;
  uint64_t retransmissions = 0;
  uint64_t server_requests = 0;  // requests that came the other way, from the server
  uint64_t oscore_requests = 0;
  AnswerTable answers;  // the flow's answers to its server's requests
};

struct FlowState {
  coap::FlowNumber number = 0;     // its order among the flows met: its exchanges' flow
  std::size_t client = kNoClient;  // set once the flow carries a client operation
  FlowCounts counts;
  uint64_t messages = 0;  // CoAP messages sent on this flow
  // A client's flow: whether it registered or sent a Bootstrap-Request to its server (what its
  // server's requests are then called).
  ClientPhase phase = ClientPhase::kUnknown;
  // The state of the flow the other way, once it has one: a response finds its request's flow
  // here instead of by another hash lookup (the map's values stay where they are).
  FlowState* reverse = nullptr;
};

// A request waiting for its response, one per request of the last EXCHANGE_LIFETIME: small, since
// only a server's request (not a client operation) needs its key.
struct PendingRequest {
  Operation operation = Operation::kNone;
  std::unique_ptr<AnswerKey> key;  // for requests that are not client operations
};

struct LocationKey {
  net::TransportAddress server;
  std::string path;
  friend bool operator==(const LocationKey& a, const LocationKey& b) {
    return a.server == b.server && a.path == b.path;
  }
};
struct LocationKeyHash {
  std::size_t operator()(const LocationKey& key) const noexcept {
    return net::TransportAddressHash{}(key.server) ^ (std::hash<std::string>{}(key.path) << 1);
  }
};

class Surveyor {
 public:
  void read(const Datagram& datagram);
  Survey finish(const DtlsSessions* dtls);

 private:
  // Both read the message in payload_; `st` is the state of `flow`.
  void on_request(const Flow& flow, FlowState& st, const Datagram& d);
  void on_response(const Flow& flow, FlowState& st, const Datagram& d);
  std::size_t new_client(const Flow& flow, const Datagram& d);
  // Clients for the DTLS sessions of flows that are no plain client, and their sessions for
  // every client.
  void add_dtls_sessions(const DtlsSessions& dtls,
                         const std::unordered_set<Flow, FlowHash>& plain_clients);
  void add_client_hello_clients(const std::unordered_set<Flow, FlowHash>& plain_clients);
  // The state of `flow`, numbered when it is new.
  FlowState& flow_state(const Flow& flow);
  // The state of the reverse of `flow` (whose state is `st`): created when `create`, else null
  // while no message went that way.
  FlowState* reverse_state(const Flow& flow, FlowState& st, bool create);

  Survey survey_;
  std::unordered_map<Flow, FlowState, FlowHash> flows_;
  std::vector<std::vector<Flow>> client_flows_;  // per client, in the order they joined
  // Which client a server handed a location to: an Update from a new address to it is that
  // client's.
  std::unordered_map<LocationKey, std::size_t, LocationKeyHash> location_owner_;
  LocationKey location_key_;  // the key looked up for each request, its storage reused
  // Requests of the last EXCHANGE_LIFETIME, paired with their answers.
  coap::ExchangeMatcher<PendingRequest> exchanges_;
  PayloadReader payload_;
  CaptureClock clock_;  // what the tables above age by
  std::unordered_map<Flow, uint64_t, FlowHash> dtls_records_;
  std::vector<Flow> dtls_client_hellos_;  // flows whose sender opened a DTLS handshake
  // The server requests on each flow towards a client (kept under the client's flow), only for
  // flows that have some: most of a large capture's flows have none.
  std::unordered_map<Flow, std::vector<CapturedServerRequest>, FlowHash> server_requests_;
  // The Registers and Bootstrap-Requests of decrypted sessions, by session index.
  std::unordered_map<std::size_t, std::vector<DtlsRequest>> dtls_requests_;
};

void Surveyor::read(const Datagram& d) {
  ++(d.continued ? survey_.continued_parts : survey_.datagrams);
  if (survey_.datagrams == 1) survey_.first_time_ns = d.time_ns;
  survey_.last_time_ns = std::max(survey_.last_time_ns, d.time_ns);
  clock_.advance(d.time_ns);
  const Flow flow{d.source, d.destination};
  switch (payload_.read(d.payload, d.payload_length)) {
    case PayloadKind::kDtlsClientHello:
      if (dtls_records_.find(flow) == dtls_records_.end()) dtls_client_hellos_.push_back(flow);
      [[fallthrough]];
    case PayloadKind::kDtls:
      ++survey_.dtls_records;
      ++dtls_records_[flow];
      return;
    case PayloadKind::kOther:
      ++survey_.not_coap;
      return;
    case PayloadKind::kCoap:
      break;
  }
  ++survey_.coap_messages;
  if (d.decrypted) ++survey_.decrypted_coap;
  FlowState& st = flow_state(flow);
  ++st.messages;
  switch (coap::role_of(payload_.ids())) {
    case coap::MessageRole::kRequest:
      on_request(flow, st, d);
      break;
    case coap::MessageRole::kAnswer:
      on_response(flow, st, d);
      break;
    case coap::MessageRole::kOther:
      break;
  }
}

FlowState& Surveyor::flow_state(const Flow& flow) {
  const auto [found, added] = flows_.try_emplace(flow);
  if (added) found->second.number = flows_.size() - 1;
  return found->second;
}

FlowState* Surveyor::reverse_state(const Flow& flow, FlowState& st, bool create) {
  if (st.reverse) return st.reverse;
  const Flow reversed = flow.reversed();
  FlowState* reverse = nullptr;
  if (create) {
    reverse = &flow_state(reversed);
  } else {
    const auto found = flows_.find(reversed);
    if (found == flows_.end()) return nullptr;
    reverse = &found->second;
  }
  st.reverse = reverse;
  reverse->reverse = &st;
  return reverse;
}

std::size_t Surveyor::new_client(const Flow& flow, const Datagram& d) {
  const std::size_t id = client_flows_.size();
  client_flows_.push_back({flow});
  SurveyClient client;
  client.address = flow.from;
  client.server = flow.to;
  client.first_frame = d.frame_number;
  client.first_request_ns = d.time_ns;
  survey_.clients.push_back(std::move(client));
  return id;
}

void Surveyor::on_request(const Flow& flow, FlowState& st, const Datagram& d) {
  // The message is read where the parser left it; only the rare requests kept below (a server's
  // request, a name) are copied.
  const std::vector<std::string_view>& segments = payload_.path_segments();
  // Whether the path is a location the server handed out, and to which client. Only where that
  // decides the operation (location_decides), or on a flow with no client yet (a client on a new
  // port, whose owner it names), is the key (the path as text) built and looked up.
  const uint8_t code = payload_.code();
  std::size_t owner = kNoClient;
  if (st.client == kNoClient ? may_address_registration(code) : location_decides(code, segments)) {
    location_key_.server = flow.to;
    location_key_.path = payload_.path();
    const auto found = location_owner_.find(location_key_);
    if (found != location_owner_.end()) owner = found->second;
  }
  const bool known_location = owner != kNoClient;
  PendingRequest pending;
  pending.operation =
      classify_request(code, segments, payload_.count(coap::kUriQuery), known_location).operation;
  const Operation operation = pending.operation;
  if (!is_client_operation(operation))
    pending.key = std::make_unique<AnswerKey>(AnswerKey::of(payload_.message()));
  if (exchanges_.add_request(st.number, payload_.ids(), std::move(pending), clock_.now_ns())) {
    ++st.counts.retransmissions;
    return;
  }

  if (st.client == kNoClient && is_client_operation(operation)) {
    if (addresses_registration(operation) && known_location) {
      st.client = owner;
      client_flows_[st.client].push_back(flow);
    } else {
      st.client = new_client(flow, d);
    }
  }
  if (operation == Operation::kRegister) st.phase = ClientPhase::kRegistered;
  if (operation == Operation::kBootstrapRequest) st.phase = ClientPhase::kBootstrapping;
  FlowCounts& counts = st.counts;
  ++counts.requests;
  if (payload_.count(coap::kOscore) > 0) ++counts.oscore_requests;
  if (d.dtls_session != SIZE_MAX && requires_endpoint_name(operation)) {
    std::vector<DtlsRequest>& requests = dtls_requests_[d.dtls_session];
    if (requests.size() < SurveyDtlsSession::kMaxRequests) {
      const Query query = parse_query(payload_.values(coap::kUriQuery), operation);
      DtlsRequest request;
      request.frame = d.frame_number;
      request.operation = operation;
      if (const QueryParam* ep = query.find(ParamKey::kEndpointName))
        request.endpoint_name = ep->value;
      if (const QueryParam* ept = query.find(ParamKey::kEndpointNameType))
        request.endpoint_type = ept->value;
      requests.push_back(std::move(request));
    }
  }
  if (st.client != kNoClient && requires_endpoint_name(operation)) {
    SurveyClient& client = survey_.clients[st.client];
    if (client.endpoint_name.empty()) {
      const Query query = parse_query(payload_.values(coap::kUriQuery), operation);
      if (const QueryParam* ep = query.find(ParamKey::kEndpointName)) {
        client.endpoint_name = ep->value;
        client.named_by = operation;
      }
      if (const QueryParam* ept = query.find(ParamKey::kEndpointNameType)) {
        client.endpoint_type = ept->value;
        client.has_endpoint_type = true;
      }
    }
  }
  // A request that is not a client operation may be the server's, to its client: the client
  // answers on the reverse flow, where it counts.
  if (!is_client_operation(operation)) {
    const Flow client_flow = flow.reversed();
    FlowState& client_state = *reverse_state(flow, st, true);
    ++client_state.counts.server_requests;
    std::vector<CapturedServerRequest>& list = server_requests_[client_flow];
    if (list.size() < ServerRequestSequence::kMaxCaptured)
      list.push_back({ServerRequestKey::of(payload_.message(), client_state.phase), d.frame_number,
                      d.time_ns});
  }
}

void Surveyor::on_response(const Flow& flow, FlowState& st, const Datagram& d) {
  // The request this answers went the other way; without a message there, there is none.
  const Flow request_flow = flow.reversed();
  const FlowState* requester = reverse_state(flow, st, false);
  if (!requester) return;
  const auto answer = exchanges_.add_answer(requester->number, payload_.ids(), clock_.now_ns());
  if (answer.kind != coap::AnswerKind::kResponse) return;
  const PendingRequest& request = *answer.request;
  if (creates_registration(request.operation, payload_.code())) {
    const std::string location = location_path(payload_.message());
    if (requester->client != kNoClient && !location.empty())
      location_owner_[LocationKey{request_flow.to, location}] = requester->client;
  }
  if (!is_client_operation(request.operation)) {
    // `flow` runs from the answering client to its server: keep the answer there.
    CapturedMessage captured{d.frame_number, d.time_ns, d.source, d.destination,
                             payload_.message()};
    st.counts.answers.add(*request.key, std::move(captured));
  }
}

void Surveyor::add_client_hello_clients(const std::unordered_set<Flow, FlowHash>& plain_clients) {
  for (const Flow& flow : dtls_client_hellos_) {
    if (plain_clients.count(flow)) continue;
    SurveyClient client;
    client.address = flow.from;
    client.server = flow.to;
    client.addresses = {flow.from};
    client.encrypted_records = dtls_records_[flow] + dtls_records_[flow.reversed()];
    client.not_replayable =
        "DTLS-encrypted: its requests cannot be read, so they cannot be replayed";
    survey_.clients.push_back(std::move(client));
  }
}

// Why a DTLS client none of whose requests could be read is not replayable.
std::string dtls_not_replayable(const DtlsSessionInfo& session) {
  const std::string reason = undecrypted_reason(session);
  if (session.application_records == 0) return "DTLS, no request in the capture: " + reason;
  if (!reason.empty()) return "DTLS-encrypted, not decrypted: " + reason;
  return "DTLS, decrypted: no Register, Update, De-register or Bootstrap-Request in it";
}

void Surveyor::add_dtls_sessions(const DtlsSessions& dtls,
                                 const std::unordered_set<Flow, FlowHash>& plain_clients) {
  // Clients by their flow to the server: the plain ones, then one per flow of sessions that
  // gave none.
  std::unordered_map<Flow, std::size_t, FlowHash> client_of;
  for (std::size_t id = 0; id < client_flows_.size(); ++id)
    for (const Flow& flow : client_flows_[id]) client_of.emplace(flow, id);
  const std::vector<DtlsSessionInfo>& sessions = dtls.sessions();
  for (std::size_t index = 0; index < sessions.size(); ++index) {
    const DtlsSessionInfo& info = sessions[index];
    const Flow flow{info.client, info.server};
    auto found = client_of.find(flow);
    // Records in clear that begin no handshake are no client: DTLS-looking bytes by chance.
    if (found == client_of.end() && !info.handshake_seen && info.encrypted_records == 0) continue;
    if (found == client_of.end()) {
      SurveyClient client;
      client.address = info.client;
      client.server = info.server;
      client.addresses = {info.client};
      client.first_frame = info.first_frame;
      client.encrypted_records = dtls_records_[flow] + dtls_records_[flow.reversed()];
      client.not_replayable = dtls_not_replayable(info);
      found = client_of.emplace(flow, survey_.clients.size()).first;
      survey_.clients.push_back(std::move(client));
    } else if (!plain_clients.count(flow) &&
               survey_.clients[found->second].not_replayable.empty()) {
      survey_.clients[found->second].not_replayable = dtls_not_replayable(info);
    }
    SurveyDtlsSession session{info, {}};
    const auto requests = dtls_requests_.find(index);
    if (requests != dtls_requests_.end()) session.requests = std::move(requests->second);
    survey_.clients[found->second].dtls_sessions.push_back(std::move(session));
  }
}

void merge_counts(SurveyClient& into, FlowCounts& from) {
  into.requests += from.requests;
  into.retransmissions += from.retransmissions;
  into.server_requests += from.server_requests;
  into.oscore_requests += from.oscore_requests;
  into.answers.merge(std::move(from.answers));
}

Survey Surveyor::finish(const DtlsSessions* dtls) {
  std::unordered_set<Flow, FlowHash> plain_clients;
  uint64_t related = 0;
  for (std::size_t id = 0; id < client_flows_.size(); ++id) {
    SurveyClient& client = survey_.clients[id];
    for (const Flow& flow : client_flows_[id]) {
      merge_counts(client, flows_[flow].counts);
      const auto requests = server_requests_.find(flow);
      if (requests != server_requests_.end())
        for (CapturedServerRequest& request : requests->second)
          client.captured_server_requests.push_back(std::move(request));
      client.addresses.push_back(flow.from);
      const auto records = dtls_records_.find(flow);
      if (records != dtls_records_.end()) client.encrypted_records += records->second;
      related += flows_[flow].messages + flows_[flow.reversed()].messages;
      plain_clients.insert(flow);
    }
    // A client on several ports: its server's requests in captured order, within the bound.
    std::vector<CapturedServerRequest>& requests = client.captured_server_requests;
    std::stable_sort(requests.begin(), requests.end(),
                     [](const CapturedServerRequest& a, const CapturedServerRequest& b) {
                       return a.frame < b.frame;
                     });
    if (requests.size() > ServerRequestSequence::kMaxCaptured)
      requests.resize(ServerRequestSequence::kMaxCaptured);
    if (client.oscore_requests == client.requests)
      client.not_replayable =
          "every request is OSCORE-protected; the capture holds no security "
          "context to replay them with";
  }
  survey_.unrelated_coap = survey_.coap_messages - std::min(related, survey_.coap_messages);
  if (dtls)
    add_dtls_sessions(*dtls, plain_clients);
  else
    add_client_hello_clients(plain_clients);
  for (const SurveyClient& client : survey_.clients) {
    auto server = std::find_if(survey_.servers.begin(), survey_.servers.end(),
                               [&](const SurveyServer& s) { return s.address == client.server; });
    if (server == survey_.servers.end()) {
      survey_.servers.push_back({client.server, 0, 0});
      server = std::prev(survey_.servers.end());
    }
    ++server->clients;
    server->requests += client.requests;
  }
  return std::move(survey_);
}

}  // namespace

std::string client_name(const SurveyClient& client) {
  return client.endpoint_name.empty() ? client.address.to_string()
                                      : printable(client.endpoint_name);
}

std::optional<std::size_t> Survey::find_client(const net::TransportAddress& client,
                                               const net::TransportAddress& server) const {
  for (std::size_t i = 0; i < clients.size(); ++i) {
    if (clients[i].server != server) continue;
    for (const net::TransportAddress& address : clients[i].addresses)
      if (address == client) return i;
  }
  return std::nullopt;
}

uint64_t Survey::replayable_requests(const net::TransportAddress& server) const {
  uint64_t total = 0;
  for (const SurveyClient& client : clients)
    if (client.server == server && client.not_replayable.empty())
      total += client.requests - client.oscore_requests;
  return total;
}

Survey survey_capture(const DatagramFeed& next, const DtlsSessions* dtls) {
  Surveyor surveyor;
  Datagram datagram;
  while (next(datagram)) surveyor.read(datagram);
  return surveyor.finish(dtls);
}

}  // namespace lwm2m::replay
