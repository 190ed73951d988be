#include "capture_state.h"

namespace lwm2m::plugin {
namespace {

uint64_t message_key(uint32_t frame, unsigned index) {
  return static_cast<uint64_t>(frame) << 16 | (index & 0xffffu);
}

// A Block1 transfer larger than this is not reassembled (a Register payload is a few KiB).
constexpr std::size_t kMaxReassembledPayload = 256 * 1024;

}  // namespace

std::string CaptureState::key(ConversationId conversation, std::string_view text) {
  std::string k(reinterpret_cast<const char*>(&conversation), sizeof conversation);
  k.append(text);
  return k;
}

const MessageRecord* CaptureState::find(uint32_t frame, unsigned index) const {
  auto it = records_.find(message_key(frame, index));
  return it == records_.end() ? nullptr : &it->second;
}

MessageRecord& CaptureState::record(uint32_t frame, unsigned index) {
  return records_[message_key(frame, index)];
}

void CaptureState::expect_response(ConversationId conversation, std::string_view token_key,
                                   std::optional<uint16_t> message_id, uint32_t frame,
                                   unsigned index) {
  PendingRequest request{message_key(frame, index), message_id};
  auto [it, inserted] = pending_requests_.try_emplace(key(conversation, token_key), request);
  bool retransmission = message_id && it->second.message_id == message_id;
  if (!inserted && !retransmission) it->second = request;
}

const MessageRecord* CaptureState::match_response(ConversationId conversation,
                                                  std::string_view token_key, uint32_t frame,
                                                  uint32_t* request_frame) {
  auto pending = pending_requests_.find(key(conversation, token_key));
  if (pending == pending_requests_.end()) return nullptr;
  auto request = records_.find(pending->second.record_key);
  if (request == records_.end()) return nullptr;
  if (request->second.peer_frame == 0) request->second.peer_frame = frame;
  *request_frame = static_cast<uint32_t>(pending->second.record_key >> 16);
  return &request->second;
}

void CaptureState::add_location(ConversationId conversation, std::string_view location) {
  locations_.insert(key(conversation, location));
}

bool CaptureState::is_location(ConversationId conversation, std::string_view location) const {
  return !locations_.empty() && locations_.count(key(conversation, location)) != 0;
}

CaptureState::BlockResult CaptureState::add_block(ConversationId conversation,
                                                  std::string_view transfer_key,
                                                  uint32_t block_number, bool more,
                                                  std::string_view payload, uint32_t frame) {
  BlockResult result;
  std::string k = key(conversation, transfer_key);
  if (block_number == 0) {
    Transfer& transfer = transfers_[k];
    transfer = Transfer{frame, 1, std::string(payload), false};
    result.first_frame = frame;
  } else {
    auto it = transfers_.find(k);
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
    auto it = transfers_.find(k);
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
  records_.clear();
  pending_requests_.clear();
  locations_.clear();
  transfers_.clear();
}

CaptureState& capture_state() {
  static CaptureState state;
  return state;
}

}  // namespace lwm2m::plugin
