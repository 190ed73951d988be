// What the plugin remembers about one capture: request/response pairs, registration locations and
// Block1 transfers. Built on the first pass over the capture and read back on later passes (the
// GUI re-dissects any frame at any time), so a frame always shows what its first pass found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "lwm2m/operation.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// Identifies the transport conversation of a message (both directions share it).
using ConversationId = uint32_t;

struct MessageRecord {
  Operation operation = Operation::kNone;
  bool is_response = false;
  uint32_t peer_frame = 0;  // request: frame of its response (0: none seen); response: its request
  nstime_t request_time{};  // when the request was sent (request and response alike)
  // Request: the registration it names, for the responses that refer back to it.
  std::optional<std::string> ep;
  std::optional<uint8_t> ept;
  // Block1: frame of block 0, for later blocks (0 when this is not a later block).
  uint32_t block_first_frame = 0;
  // Final Block1 block: the whole payload, or nothing when blocks were missing.
  std::optional<std::string> reassembled_payload;
  bool reassembly_incomplete = false;
};

class CaptureState {
 public:
  // Record of the `index`th CoAP message of `frame`, or null.
  const MessageRecord* find(uint32_t frame, unsigned index) const;
  MessageRecord& record(uint32_t frame, unsigned index);

  // Request/response matching by token (by message ID when the token is empty).
  // A request that reuses a pending token replaces it, unless it is a retransmission (same
  // message ID), which keeps the first transmission. Stream transports have no message ID.
  void expect_response(ConversationId conversation, std::string_view token_key,
                       std::optional<uint16_t> message_id, uint32_t frame, unsigned index);
  // The request record a response answers, or null; marks the request as answered by `frame`.
  const MessageRecord* match_response(ConversationId conversation, std::string_view token_key,
                                      uint32_t frame, uint32_t* request_frame);

  // Registration locations handed out by a server in a Register response.
  void add_location(ConversationId conversation, std::string_view location);
  bool is_location(ConversationId conversation, std::string_view location) const;

  // Block1 transfers, keyed by the request's path and query (repeated in every block).
  struct BlockResult {
    uint32_t first_frame = 0;                  // frame of block 0, 0 when unknown
    std::optional<std::string> whole_payload;  // set on the last block when all blocks were seen
    bool incomplete = false;                   // last block, but earlier blocks are missing
  };
  BlockResult add_block(ConversationId conversation, std::string_view transfer_key,
                        uint32_t block_number, bool more, std::string_view payload, uint32_t frame);

  void clear();

 private:
  struct Transfer {
    uint32_t first_frame = 0;
    uint32_t next_number = 0;
    std::string payload;
    bool broken = false;
  };
  static std::string key(ConversationId conversation, std::string_view text);

  std::unordered_map<uint64_t, MessageRecord> records_;
  struct PendingRequest {
    uint64_t record_key = 0;
    std::optional<uint16_t> message_id;
  };
  std::unordered_map<std::string, PendingRequest> pending_requests_;
  std::unordered_set<std::string> locations_;
  std::unordered_map<std::string, Transfer> transfers_;
};

// The one state of the capture being dissected; cleared when the capture is closed.
CaptureState& capture_state();

}  // namespace lwm2m::plugin
