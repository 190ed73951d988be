#include "capture_state.h"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>

#include "lwm2m/hash.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

// A table is pruned when it reaches this size, then at twice what pruning left.
constexpr std::size_t kFirstPrune = 4096;
// A Block1 transfer larger than this is not reassembled (a Register payload is a few KiB).
constexpr std::size_t kMaxReassembledPayload = 256 * 1024;
// The per-frame storage keys of the client certificate a frame carries, and of the one a frame's
// alert refused.
constexpr guint32 kCertificateKey = 0x10001;
constexpr guint32 kRefusalKey = 0x10002;

// FNV-1a, 64 bits: small keys, good spread, no allocation.
uint64_t fnv(uint64_t hash, const void* data, std::size_t size) {
  return fnv1a(hash, data, size);
}

EndpointId endpoint_hash(const address& addr, uint32_t port) {
  uint64_t hash = fnv(kFnvOffset, &addr.type, sizeof addr.type);
  if (addr.len > 0 && addr.data) hash = fnv(hash, addr.data, static_cast<std::size_t>(addr.len));
  return fnv(hash, &port, sizeof port);
}

uint64_t location_hash(ConversationId conversation, const std::vector<std::string_view>& segments) {
  uint64_t hash = fnv(kFnvOffset, &conversation, sizeof conversation);
  for (std::string_view segment : segments) {
    hash = fnv(hash, "/", 1);
    hash = fnv(hash, segment.data(), segment.size());
  }
  return hash;
}

// The direction from `from` to `to`, as the exchange matcher numbers flows.
coap::FlowNumber flow_between(EndpointId from, EndpointId to) {
  return fnv(fnv(kFnvOffset, &from, sizeof from), &to, sizeof to);
}

}  // namespace

coap::FlowNumber flow_of(const packet_info* pinfo) {
  return flow_between(source_of(pinfo), destination_of(pinfo));
}

coap::FlowNumber reverse_flow_of(const packet_info* pinfo) {
  return flow_between(destination_of(pinfo), source_of(pinfo));
}

ConversationId conversation_of(const packet_info* pinfo) {
  const EndpointId source = source_of(pinfo);
  const EndpointId destination = destination_of(pinfo);
  const uint64_t low = std::min(source, destination);
  const uint64_t high = std::max(source, destination);
  return fnv(fnv(kFnvOffset, &low, sizeof low), &high, sizeof high);
}

PeerId host_of(const address& addr) {
  return endpoint_hash(addr, 0);
}

PeerId source_host_of(const packet_info* pinfo) {
  return endpoint_hash(pinfo->src, 0);
}

PeerId destination_host_of(const packet_info* pinfo) {
  return endpoint_hash(pinfo->dst, 0);
}

EndpointId source_of(const packet_info* pinfo) {
  return endpoint_hash(pinfo->src, pinfo->srcport);
}

EndpointId destination_of(const packet_info* pinfo) {
  return endpoint_hash(pinfo->dst, pinfo->destport);
}

const MessageRecord* CaptureState::find(packet_info* pinfo, unsigned index) {
  // Records are reached through their frame's summary: one per-frame entry for all of them.
  const FrameSummary* stored = summary(pinfo);
  if (!stored) return nullptr;
  for (unsigned i = 0; i < stored->count; ++i) {
    if (stored->messages()[i]->index == index) return stored->messages()[i];
  }
  return nullptr;
}

MessageRecord* CaptureState::add(packet_info* pinfo, unsigned index) {
  static_assert(std::is_trivially_destructible_v<MessageRecord> &&
                    alignof(MessageRecord) <= CaptureMemory::kAlignment,
                "records are kept in CaptureMemory");
  void* memory = allocate(sizeof(MessageRecord));
  auto* record = new (memory) MessageRecord();
  record->frame = pinfo->num;
  record->index = static_cast<uint8_t>(index);  // below kMaxMessagesPerFrame (256)
  return record;
}

MessageRecordExtra& MessageRecord::set_extra() {
  static_assert(std::is_trivially_destructible_v<MessageRecordExtra> &&
                    alignof(MessageRecordExtra) <= CaptureMemory::kAlignment,
                "records are kept in CaptureMemory");
  if (!extra_) {
    extra_ = new (CaptureState::allocate(sizeof(MessageRecordExtra))) MessageRecordExtra();
  }
  return *extra_;
}

void MessageRecord::copy_from(const MessageRecord& from) {
  *this = from;
  if (from.extra_) {
    extra_ = nullptr;
    set_extra() = *from.extra_;
  }
}

void* CaptureState::allocate(std::size_t size) {
  return capture_state().memory_.allocate(size);
}

std::string_view CaptureState::keep(std::string_view text) {
  if (text.empty()) return {};
  auto* copy = static_cast<char*>(allocate(text.size()));
  std::memcpy(copy, text.data(), text.size());
  return {copy, text.size()};
}

KeptText CaptureState::keep_text(std::string_view text) {
  static constexpr char kEmpty[sizeof(uint32_t)] = {};
  if (text.empty()) return KeptText(kEmpty);
  const auto size = static_cast<uint32_t>(text.size());
  auto* copy = static_cast<char*>(allocate(sizeof size + text.size()));
  std::memcpy(copy, &size, sizeof size);
  std::memcpy(copy + sizeof size, text.data(), text.size());
  return KeptText(copy);
}

void CaptureState::set_summary(packet_info* pinfo, std::string_view info, bool info_appends,
                               const std::vector<const MessageRecord*>& messages,
                               const std::vector<ExpertCollector::Item>& experts,
                               const std::vector<CoapPlace>& places) {
  // One allocation: the summary, the record list, the expert items, the places, the text.
  static_assert(sizeof(FrameSummary) % alignof(const MessageRecord*) == 0 &&
                    sizeof(const MessageRecord*) % alignof(StoredExpert) == 0 &&
                    sizeof(StoredExpert) % alignof(CoapPlace) == 0,
                "each part of a summary's memory is aligned for the next");
  // The text without the first message's name, when it shows it (FrameSummary).
  const std::string_view name =
      !messages.empty() && messages[0]->ep ? *messages[0]->ep : std::string_view();
  std::size_t name_at = name.empty() ? std::string_view::npos : info.find(name);
  if (name_at >= FrameSummary::kNoName) name_at = std::string_view::npos;
  const std::string_view head = info.substr(0, name_at);
  const std::string_view tail =
      name_at == std::string_view::npos ? std::string_view() : info.substr(name_at + name.size());
  const std::size_t size = sizeof(FrameSummary) + messages.size() * sizeof(const MessageRecord*) +
                           experts.size() * sizeof(StoredExpert) +
                           places.size() * sizeof(CoapPlace) + head.size() + tail.size() + 1;
  static_assert(alignof(FrameSummary) <= CaptureMemory::kAlignment,
                "summaries are kept in CaptureMemory");
  auto* memory = static_cast<char*>(allocate(size));
  auto* summary = new (memory) FrameSummary();
  char* next = memory + sizeof(FrameSummary);
  summary->info_appends = info_appends;
  // Both at most kMaxMessagesPerFrame (coap_messages.h), which their 9 bits hold.
  static_assert(kMaxMessagesPerFrame < (1u << 9), "FrameSummary's counts hold every frame's");
  summary->count = static_cast<uint32_t>(messages.size());
  summary->place_count = static_cast<uint32_t>(places.size());
  summary->expert_count = static_cast<uint32_t>(experts.size());
  auto** list = reinterpret_cast<const MessageRecord**>(next);
  std::copy(messages.begin(), messages.end(), list);
  next += messages.size() * sizeof(const MessageRecord*);
  auto* stored = reinterpret_cast<StoredExpert*>(next);
  for (std::size_t i = 0; i < experts.size(); ++i) {
    new (&stored[i]) StoredExpert();
    stored[i].field = experts[i].field;
    const std::string& message = experts[i].message;
    auto* copy = static_cast<char*>(allocate(message.size() + 1));
    std::memcpy(copy, message.c_str(), message.size() + 1);
    stored[i].message = copy;
  }
  next += experts.size() * sizeof(StoredExpert);
  std::copy(places.begin(), places.end(), reinterpret_cast<CoapPlace*>(next));
  next += places.size() * sizeof(CoapPlace);
  if (name_at != std::string_view::npos) summary->name_at = static_cast<uint32_t>(name_at);
  std::memcpy(next, head.data(), head.size());
  std::memcpy(next + head.size(), tail.data(), tail.size());
  next[head.size() + tail.size()] = '\0';
  capture_state().put_summary(pinfo->num, summary);
}

std::string FrameSummary::info() const {
  std::string text(stored_info());
  if (name_at != kNoName) text.insert(name_at, *messages()[0]->ep);
  return text;
}

const FrameSummary* CaptureState::summary(packet_info* pinfo) {
  const std::vector<std::unique_ptr<const FrameSummary*[]>>& pages = capture_state().summaries_;
  const std::size_t page = pinfo->num / kFramesPerPage;
  if (page >= pages.size() || !pages[page]) return nullptr;
  return pages[page][pinfo->num % kFramesPerPage];
}

void CaptureState::put_summary(uint32_t frame, const FrameSummary* summary) {
  const std::size_t page = frame / kFramesPerPage;
  if (page >= summaries_.size()) summaries_.resize(page + 1);
  if (!summaries_[page]) summaries_[page] = std::make_unique<const FrameSummary*[]>(kFramesPerPage);
  summaries_[page][frame % kFramesPerPage] = summary;
}

void CaptureState::start_tls_session(ConversationId conversation, EndpointId client) {
  tls_sessions_[conversation] = TlsSession{client, nullptr};
}

std::optional<EndpointId> CaptureState::tls_client(ConversationId conversation) const {
  auto it = tls_sessions_.find(conversation);
  if (it == tls_sessions_.end()) return std::nullopt;
  return it->second.client;
}

void CaptureState::note_certificate_request(ConversationId conversation, EndpointId client) {
  TlsSession& session = tls_sessions_[conversation];
  if (!session.client) session.client = client;
}

ClientCertificate* CaptureState::add_client_certificate(packet_info* pinfo,
                                                        ConversationId conversation) {
  static_assert(std::is_trivially_destructible_v<ClientCertificate> &&
                    alignof(ClientCertificate) <= CaptureMemory::kAlignment,
                "certificates are kept in CaptureMemory");
  void* memory = allocate(sizeof(ClientCertificate));
  auto* certificate = new (memory) ClientCertificate();
  certificate->frame = pinfo->num;
  p_add_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, kCertificateKey, certificate);
  tls_sessions_[conversation].certificate = certificate;
  return certificate;
}

ClientCertificate* CaptureState::client_certificate(ConversationId conversation) const {
  auto it = tls_sessions_.find(conversation);
  return it == tls_sessions_.end() ? nullptr : it->second.certificate;
}

const ClientCertificate* CaptureState::certificate_in(packet_info* pinfo) {
  return static_cast<const ClientCertificate*>(
      p_get_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, kCertificateKey));
}

void CaptureState::set_refusal(packet_info* pinfo, const ClientCertificate* certificate) {
  p_add_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, kRefusalKey,
                   const_cast<ClientCertificate*>(certificate));
}

const ClientCertificate* CaptureState::refusal_in(packet_info* pinfo) {
  return static_cast<const ClientCertificate*>(
      p_get_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, kRefusalKey));
}

namespace {

// The key of a datagram as its sender sent it and as an ICMP error quoting it shows it.
uint64_t sent_key(PeerId sender, uint16_t source_port, uint16_t destination_port,
                  const coap::MessageIds& ids) {
  uint64_t key = fnv(kFnvOffset, &sender, sizeof sender);
  const uint32_t ports = static_cast<uint32_t>(source_port) << 16 | destination_port;
  key = fnv(key, &ports, sizeof ports);
  key = fnv(key, &ids.message_id, sizeof ids.message_id);
  key = fnv(key, &ids.code, sizeof ids.code);
  return fnv(key, ids.token.data(), ids.token_length);
}

}  // namespace

void CaptureState::add_sent(packet_info* pinfo, const coap::MessageIds& ids,
                            const MessageRecord* record) {
  if (!ids.has_message_id) return;  // a stream: TCP never has its data quoted by ICMP errors
  const auto source_port = static_cast<uint16_t>(pinfo->srcport);
  const auto destination_port = static_cast<uint16_t>(pinfo->destport);
  sent_.put(sent_key(source_host_of(pinfo), source_port, destination_port, ids), record,
            clock_.now_ns());
}

const MessageRecord* CaptureState::quoted_original(const QuotedDatagram& quoted,
                                                   const coap::MessageIds& ids) {
  if (!ids.has_message_id) return nullptr;
  const MessageRecord* const* found =
      sent_.find(sent_key(host_of(quoted.sender), quoted.source_port, quoted.destination_port, ids),
                 clock_.now_ns());
  return found ? *found : nullptr;
}

void CaptureState::set_undelivered(const MessageRecord& original, uint32_t frame,
                                   std::string_view reason) {
  // Records are this state's own file-scope memory; only their first ICMP error is kept.
  auto& record = const_cast<MessageRecord&>(original);
  if (record.extra().undelivered_in) return;
  MessageRecordExtra& extra = record.set_extra();
  extra.undelivered_in = frame;
  extra.undelivered_reason = keep_text(reason);
}

void CaptureState::advance_clock(const packet_info* pinfo) {
  clock_.advance(CaptureClock::time_ns(pinfo->abs_ts.secs, pinfo->abs_ts.nsecs));
}

const MessageRecord* CaptureState::add_request(packet_info* pinfo, const coap::MessageIds& ids,
                                               MessageRecord* record) {
  if (record) {
    lwm2m_paired_ = true;
  } else if (!lwm2m_paired_) {
    return nullptr;  // no LwM2M exchange whose token it could take over
  }
  MessageRecord* const* original =
      exchanges_.add_request(flow_of(pinfo), ids, record, clock_.now_ns());
  return original ? *original : nullptr;
}

namespace {

uint64_t notify_key(coap::FlowNumber flow, uint16_t message_id) {
  return fnv(fnv(kFnvOffset, &flow, sizeof flow), &message_id, sizeof message_id);
}

}  // namespace

MessageRecord* CaptureState::add_answer(packet_info* pinfo, const coap::MessageIds& ids,
                                        unsigned index, bool has_observe) {
  if (!lwm2m_paired_) return nullptr;  // every request so far was plain CoAP
  const coap::ExchangeMatcher<MessageRecord*>::Answer answer =
      exchanges_.add_answer(reverse_flow_of(pinfo), ids, clock_.now_ns());
  const bool reset = ids.type == coap::Type::kReset && ids.has_message_id;
  if (answer.kind == coap::AnswerKind::kUnmatched && reset) {
    // A Reset to a Notify (sent the other way, by message ID) cancels its observation.
    MessageRecord* const* notify =
        notifies_.find(notify_key(reverse_flow_of(pinfo), ids.message_id), clock_.now_ns());
    if (!notify || classify_reset((*notify)->operation) == Operation::kNone) return nullptr;
    MessageRecord* cancel = add(pinfo, index);
    cancel->operation = classify_reset((*notify)->operation);
    cancel->is_response = true;
    cancel->reset = true;
    cancel->request = *notify;
    cancel->peer_frame = (*notify)->frame;
    cancel->has_object_path = (*notify)->has_object_path;
    cancel->object_path = (*notify)->object_path;
    return cancel;
  }
  if (!answer.request || !*answer.request) return nullptr;  // unmatched, or not LwM2M
  switch (answer.kind) {
    case coap::AnswerKind::kResponse:
    case coap::AnswerKind::kReset:
      break;
    case coap::AnswerKind::kDuplicate:
      // A copy of the response, or of the Reset, shows as one; a repeated empty ACK does not.
      if (reset || coap::is_response(ids.code)) break;
      return nullptr;
    case coap::AnswerKind::kLater: {
      MessageRecord* observe = *answer.request;
      if (classify_answer(observe->operation, true, has_observe, ids.code) != Operation::kNotify)
        return nullptr;
      MessageRecord* notify = add(pinfo, index);
      notify->operation = Operation::kNotify;
      notify->is_response = true;
      notify->code = ids.code;
      notify->request = observe;
      notify->peer_frame = observe->frame;
      notify->has_object_path = observe->has_object_path;
      notify->object_path = observe->object_path;
      if (observe->extra().first_notify == 0) observe->set_extra().first_notify = pinfo->num;
      ++observe->set_extra().notify_count;
      if (ids.has_message_id)
        notifies_.put(notify_key(flow_of(pinfo), ids.message_id), notify, clock_.now_ns());
      return notify;
    }
    case coap::AnswerKind::kUnmatched:
    case coap::AnswerKind::kEmptyAck:
      return nullptr;
  }
  MessageRecord* request = *answer.request;
  if (request->peer_frame == 0) request->peer_frame = pinfo->num;
  MessageRecord* response = add(pinfo, index);
  response->operation = request->operation;
  response->is_response = true;
  response->reset = reset;
  response->peer_frame = request->frame;
  response->request = request;
  response->copy = answer.kind == coap::AnswerKind::kDuplicate;
  response->has_object_path = request->has_object_path;
  response->object_path = request->object_path;
  return response;
}

void CaptureState::set_registration_name(const Registration& registration,
                                         const MessageRecord* named_by) {
  if (registration_names_.size() <= registration.index) {
    registration_names_.resize(registration.index + 1, nullptr);
  }
  registration_names_[registration.index] = named_by;
}

const MessageRecord* CaptureState::registration_name(const Registration& registration) const {
  return registration.index < registration_names_.size() ? registration_names_[registration.index]
                                                         : nullptr;
}

void CaptureState::add_register(packet_info* pinfo, const MessageRecord* record) {
  registers_[flow_between(source_host_of(pinfo), destination_of(pinfo))] = record;
}

const MessageRecord* CaptureState::register_from(packet_info* pinfo) const {
  auto found = registers_.find(flow_between(source_host_of(pinfo), destination_of(pinfo)));
  return found == registers_.end() ? nullptr : found->second;
}

void CaptureState::add_bootstrap(EndpointId client, EndpointId server,
                                 const MessageRecord* request) {
  bootstraps_[flow_between(client, server)] = request;
}

void CaptureState::add_bootstrap_server(EndpointId server) {
  bootstrap_servers_.insert(server);
}

const MessageRecord* CaptureState::bootstrap_of(EndpointId client, EndpointId server) const {
  if (bootstraps_.empty()) return nullptr;
  auto found = bootstraps_.find(flow_between(client, server));
  return found == bootstraps_.end() ? nullptr : found->second;
}

bool CaptureState::is_bootstrap_server(EndpointId endpoint) const {
  return !bootstrap_servers_.empty() && bootstrap_servers_.count(endpoint) != 0;
}

void CaptureState::add_location(ConversationId conversation,
                                const std::vector<std::string_view>& segments) {
  locations_.insert(location_hash(conversation, segments));
}

bool CaptureState::is_location(const FrameConversation& conversation,
                               const std::vector<std::string_view>& segments) const {
  return !locations_.empty() && locations_.count(location_hash(conversation.id(), segments)) != 0;
}

CaptureState::BlockResult CaptureState::add_block(ConversationId conversation,
                                                  std::string_view transfer_key,
                                                  const coap::Block& block,
                                                  std::string_view payload,
                                                  const MessageRecord* record) {
  BlockResult result;
  const uint32_t frame = record->frame;
  if (block.number == 0 && !block.more) {  // the whole payload in one block: nothing to keep
    result.first_frame = frame;
    result.first = record;
    return result;
  }
  if (transfers_.size() >= prune_transfers_at_) prune_transfers();
  std::string key(reinterpret_cast<const char*>(&conversation), sizeof conversation);
  key.append(transfer_key);
  // RFC 7959 §2.3: a block sits at number × size, whatever size earlier blocks had.
  const uint64_t offset = static_cast<uint64_t>(block.number) * block.size;

  if (block.number == 0) {
    Transfer& transfer = transfers_[key];
    transfer = Transfer{frame, record, std::string(payload.substr(0, kMaxReassembledPayload)),
                        false, false,  clock_.now_ns()};
    result.first_frame = frame;
    result.first = record;
    return result;
  }
  auto it = transfers_.find(key);
  if (it == transfers_.end()) {
    result.incomplete = !block.more;
    return result;
  }
  Transfer& transfer = it->second;
  transfer.last_seen_ns = clock_.now_ns();
  result.first_frame = transfer.first_frame;
  result.first = transfer.first;
  if (transfer.finished) return result;  // a copy of a block of a finished transfer

  if (offset == transfer.payload.size() &&
      transfer.payload.size() + payload.size() <= kMaxReassembledPayload) {
    transfer.payload.append(payload);
  } else if (offset + payload.size() > transfer.payload.size()) {
    transfer.broken = true;  // a gap, or too large to keep
  }                          // else: a retransmitted block, already in place
  if (!block.more) {
    transfer.finished = true;
    if (transfer.broken) {
      result.incomplete = true;
    } else {
      result.whole_payload = std::move(transfer.payload);
    }
    transfer.payload = std::string();
  }
  return result;
}

void CaptureState::prune_transfers() {
  // RFC 7252 §4.8.2: after EXCHANGE_LIFETIME a Block1 transfer's token may be reused.
  for (auto it = transfers_.begin(); it != transfers_.end();) {
    const bool done =
        it->second.finished || it->second.last_seen_ns < clock_.now_ns() - kExchangeLifetimeNs;
    it = done ? transfers_.erase(it) : std::next(it);
  }
  prune_transfers_at_ = std::max(kFirstPrune, 2 * transfers_.size());
}

void CaptureState::clear() {
  // Assigning empty containers also gives back their bucket arrays, which clear() keeps.
  exchanges_ = {};
  lwm2m_paired_ = false;
  clock_ = {};
  locations_ = {};
  transfers_ = {};
  prune_transfers_at_ = 0;
  registrations_.clear();
  registration_names_ = {};
  summaries_ = decltype(summaries_)();
  bootstraps_ = {};
  registers_ = {};
  bootstrap_servers_ = {};
  tls_sessions_ = {};
  sent_ = {};
  notifies_ = {};
  // Last: nothing above may still point into it.
  memory_.clear();
}

CaptureState& capture_state() {
  static CaptureState state;
  return state;
}

}  // namespace lwm2m::plugin
