#include "capture_state.h"

#include <algorithm>
#include <iterator>
#include <new>

#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

// The exchange table is pruned when it reaches this size, then at twice what pruning left.
constexpr std::size_t kFirstPrune = 4096;
// RFC 7252 §4.8.2: after EXCHANGE_LIFETIME (247 s) a token and message ID may be reused.
constexpr time_t kExchangeLifetimeSeconds = 247;

// A Block1 transfer larger than this is not reassembled (a Register payload is a few KiB).
constexpr std::size_t kMaxReassembledPayload = 256 * 1024;

// FNV-1a, 64 bits: small keys, good spread, no allocation.
constexpr uint64_t kFnvOffset = 14695981039346656037ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t fnv(uint64_t hash, const void* data, std::size_t size) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  for (std::size_t i = 0; i < size; ++i) hash = (hash ^ bytes[i]) * kFnvPrime;
  return hash;
}

uint64_t endpoint_hash(const address& addr, uint32_t port) {
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

}  // namespace

ConversationId conversation_of(const packet_info* pinfo) {
  uint64_t source = endpoint_hash(pinfo->src, pinfo->srcport);
  uint64_t destination = endpoint_hash(pinfo->dst, pinfo->destport);
  uint64_t low = std::min(source, destination);
  uint64_t high = std::max(source, destination);
  return fnv(fnv(kFnvOffset, &low, sizeof low), &high, sizeof high);
}

std::size_t CaptureState::ExchangeKeyHash::operator()(const ExchangeKey& key) const {
  uint64_t hash = fnv(kFnvOffset, &key.conversation, sizeof key.conversation);
  hash = fnv(hash, &key.by_message_id, sizeof key.by_message_id);
  return static_cast<std::size_t>(fnv(hash, key.bytes.data(), key.length));
}

const MessageRecord* CaptureState::find(packet_info* pinfo, unsigned index) {
  return static_cast<const MessageRecord*>(
      p_get_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, index));
}

MessageRecord* CaptureState::add(packet_info* pinfo, unsigned index) {
  static_assert(std::is_trivially_destructible_v<MessageRecord>,
                "wmem frees records without running destructors");
  void* memory = wmem_alloc(wmem_file_scope(), sizeof(MessageRecord));
  auto* record = new (memory) MessageRecord();
  record->frame = pinfo->num;
  p_add_proto_data(wmem_file_scope(), pinfo, proto_lwm2m, index, record);
  return record;
}

std::string_view CaptureState::keep(std::string_view text) {
  if (text.empty()) return {};
  void* copy = wmem_memdup(wmem_file_scope(), text.data(), text.size());
  return {static_cast<const char*>(copy), text.size()};
}

void CaptureState::expect_response(const ExchangeKey& key, std::optional<uint16_t> message_id,
                                   MessageRecord* request) {
  if (exchanges_.size() >= prune_at_) prune(request->time);
  Exchange exchange{request, message_id, false};
  auto [it, inserted] = exchanges_.try_emplace(key, exchange);
  bool retransmission = message_id && it->second.message_id == message_id;
  if (!inserted && !retransmission) it->second = exchange;
}

const MessageRecord* CaptureState::match_response(const ExchangeKey& key, packet_info* pinfo,
                                                  unsigned index) {
  auto it = exchanges_.find(key);
  if (it == exchanges_.end()) return nullptr;
  it->second.answered = true;
  MessageRecord* request = it->second.request;
  if (request->peer_frame == 0) request->peer_frame = pinfo->num;
  MessageRecord* response = add(pinfo, index);
  response->operation = request->operation;
  response->is_response = true;
  response->peer_frame = request->frame;
  response->request = request;
  return response;
}

void CaptureState::prune(const nstime_t& now) {
  for (auto it = exchanges_.begin(); it != exchanges_.end();) {
    const MessageRecord& request = *it->second.request;
    bool expired = now.secs - request.time.secs > kExchangeLifetimeSeconds;
    it = it->second.answered || expired ? exchanges_.erase(it) : std::next(it);
  }
  prune_at_ = std::max(kFirstPrune, 2 * exchanges_.size());
}

void CaptureState::add_location(ConversationId conversation,
                                const std::vector<std::string_view>& segments) {
  locations_.insert(location_hash(conversation, segments));
}

bool CaptureState::is_location(ConversationId conversation,
                               const std::vector<std::string_view>& segments) const {
  return !locations_.empty() && locations_.count(location_hash(conversation, segments)) != 0;
}

CaptureState::BlockResult CaptureState::add_block(ConversationId conversation,
                                                  std::string_view transfer_key,
                                                  uint32_t block_number, bool more,
                                                  std::string_view payload, uint32_t frame) {
  BlockResult result;
  std::string key(reinterpret_cast<const char*>(&conversation), sizeof conversation);
  key.append(transfer_key);
  if (block_number == 0) {
    transfers_[key] = Transfer{frame, 1, std::string(payload), false};
    result.first_frame = frame;
  } else {
    auto it = transfers_.find(key);
    if (it == transfers_.end()) {
      result.incomplete = !more;
      return result;
    }
    Transfer& transfer = it->second;
    result.first_frame = transfer.first_frame;
    if (block_number + 1 == transfer.next_number) return result;  // a retransmitted block
    if (block_number != transfer.next_number ||
        transfer.payload.size() + payload.size() > kMaxReassembledPayload) {
      transfer.broken = true;
    } else {
      transfer.payload.append(payload);
      ++transfer.next_number;
    }
  }
  if (!more) {
    auto it = transfers_.find(key);
    if (block_number != 0) {
      if (it->second.broken) {
        result.incomplete = true;
      } else {
        result.whole_payload = std::move(it->second.payload);
      }
    }
    transfers_.erase(it);
  }
  return result;
}

void CaptureState::clear() {
  // Assigning empty containers also gives back their bucket arrays, which clear() keeps.
  exchanges_ = {};
  prune_at_ = 0;
  locations_ = {};
  transfers_ = {};
}

CaptureState& capture_state() {
  static CaptureState state;
  return state;
}

}  // namespace lwm2m::plugin
