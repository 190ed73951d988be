// What the plugin remembers about one capture: request/response pairs, registration locations and
// Block1 transfers. Built on the first pass over the capture and read back on later passes (the
// GUI re-dissects any frame at any time), so a frame always shows what its first pass found.
//
// Each message's record lives in Wireshark's per-frame storage (file scope): it costs no global
// table and goes away with the capture. The tables here only hold what is still open: requests
// waiting for their response, and Block1 transfers under way.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lwm2m/coap_message.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/operation.h"
#include "lwm2m/registrations.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// Identifies the transport conversation of a message: the same for both directions.
using ConversationId = uint64_t;
// Identifies one end (address and port) of a conversation.
using EndpointId = uint64_t;

// The conversation of the frame being dissected (its addresses and ports, in either order).
ConversationId conversation_of(const packet_info* pinfo);
// The sending and the receiving end of the frame being dissected.
EndpointId source_of(const packet_info* pinfo);
EndpointId destination_of(const packet_info* pinfo);

// Pairs a response with its request: the conversation, the end that sent the request (a response
// travels the other way), and the token, or the message ID when the token is empty (a
// piggybacked response repeats it).
struct ExchangeKey {
  ConversationId conversation = 0;
  EndpointId requester = 0;
  bool by_message_id = false;
  uint8_t length = 0;
  std::array<uint8_t, 8> bytes{};

  bool operator==(const ExchangeKey& other) const {
    return conversation == other.conversation && requester == other.requester &&
           by_message_id == other.by_message_id && length == other.length && bytes == other.bytes;
  }
};

// Kept in file-scope wmem memory: trivially destructible, text points into the same memory or
// into the capture's RegistrationBook (both live until the capture is closed).
struct MessageRecord {
  Operation operation = Operation::kNone;
  bool is_response = false;
  uint32_t frame = 0;
  uint32_t peer_frame = 0;  // request: frame of its response (0: none seen); response: its request
  const MessageRecord* request = nullptr;  // response: the request it answers
  nstime_t time{};                         // request: when it was sent
  uint8_t code = 0;                        // response: its code

  // Request: the name and type it carries, and the verdict on the name (Register,
  // Bootstrap-Request, an Update with ep). For an Update or De-register without them: those of
  // its registration.
  std::optional<std::string_view> ep;
  std::optional<uint8_t> ept;
  bool has_ept = false;   // an ept parameter was sent (valid or not)
  bool own_name = false;  // the request itself carries ep (not taken from its registration)
  bool name_valid = true;
  NameForm form = NameForm::kUnknown;
  std::optional<std::string_view> first_problem;
  std::optional<uint32_t> lifetime;  // the lt asked for

  // Registration tracking (section 5.2.1).
  const Registration* duplicate_of = nullptr;   // Register: the live registration it duplicates
  const Registration* other_type_of = nullptr;  // Register: same name, another type
  const Registration* registration = nullptr;   // Update, De-register, a Register's 2.01
  bool registration_unknown = false;            // Update, De-register: no Register in capture
  std::optional<double> expired_for;            // Update, De-register: seconds past lifetime
  bool registration_ended = false;              // Update, De-register: it had ended before
  const Registration* replaced = nullptr;       // a Register's 2.01: the registration it ends
  std::optional<std::string_view> location;     // a Register's 2.01, Update, De-register

  // Block1: frame of block 0, for later blocks (0 when this is not a later block).
  uint32_t block_first_frame = 0;
  // Final Block1 block: the whole payload, or nothing when blocks were missing.
  std::optional<std::string_view> reassembled_payload;
  bool reassembly_incomplete = false;
};

// What the first pass found in a frame: the Info text and the LwM2M messages, for later passes
// that have no protocol tree (tshark -2, the GUI's packet list) and for the statistics.
struct FrameSummary {
  const char* info = "";
  const MessageRecord* const* messages = nullptr;
  unsigned count = 0;
};

class CaptureState {
 public:
  // The record of the `index`th CoAP message of the frame, or null.
  static const MessageRecord* find(packet_info* pinfo, unsigned index);
  // A new, empty record for the `index`th CoAP message of the frame (first pass only).
  static MessageRecord* add(packet_info* pinfo, unsigned index);
  // A copy of `text` that lives as long as the capture's records.
  static std::string_view keep(std::string_view text);

  // The frame's summary as the first pass made it; null when the frame has no LwM2M message.
  static void set_summary(packet_info* pinfo, std::string_view info,
                          const std::vector<const MessageRecord*>& messages);
  static const FrameSummary* summary(packet_info* pinfo);

  // The registrations of the capture.
  RegistrationBook& registrations() { return registrations_; }

  // A request waiting for its response. A new request under a pending key replaces it, unless it
  // is a retransmission (same message ID), which keeps the first transmission. Stream transports
  // have no message ID.
  void expect_response(const ExchangeKey& key, std::optional<uint16_t> message_id,
                       MessageRecord* request);
  // A request that is not LwM2M: it takes over its key, so its response is not paired with an
  // earlier LwM2M request that used the same token or message ID.
  void supersede(const ExchangeKey& key, std::optional<uint16_t> message_id);
  // Records the `index`th message of the frame as the response to the request waiting under
  // `key`, and the request as answered by it. Once answered, an exchange only pairs a duplicate
  // of its response (same message ID). Returns the response's record, or null.
  MessageRecord* match_response(const ExchangeKey& key, std::optional<uint16_t> message_id,
                                packet_info* pinfo, unsigned index);

  // Registration locations handed out by a server in a Register response, by path segments.
  void add_location(ConversationId conversation, const std::vector<std::string_view>& segments);
  bool is_location(ConversationId conversation,
                   const std::vector<std::string_view>& segments) const;

  // Block1 transfers (RFC 7959), keyed by the request's path and query (repeated in every block).
  // Blocks are placed by byte offset, so a server that shrinks the block size is followed.
  struct BlockResult {
    uint32_t first_frame = 0;                  // frame of block 0, 0 when unknown
    std::optional<std::string> whole_payload;  // set on the last block when all blocks were seen
    bool incomplete = false;                   // last block, but earlier blocks are missing
  };
  BlockResult add_block(ConversationId conversation, std::string_view transfer_key,
                        const coap::Block& block, std::string_view payload, uint32_t frame,
                        const nstime_t& time);

  void clear();

 private:
  struct ExchangeKeyHash {
    std::size_t operator()(const ExchangeKey& key) const;
  };
  struct Exchange {
    MessageRecord* request = nullptr;
    std::optional<uint16_t> message_id;  // of the request
    bool answered = false;
    std::optional<uint16_t> response_message_id;
  };
  struct Transfer {
    uint32_t first_frame = 0;
    std::string payload;
    bool broken = false;
    bool finished = false;  // the last block was seen: later copies are retransmissions
    nstime_t last_seen{};
  };

  // Drops answered exchanges, and anything older than CoAP's EXCHANGE_LIFETIME, once a table has
  // grown: the tables then hold what a later message can still refer to, not the whole capture.
  void prune_exchanges(const nstime_t& now);
  void prune_transfers(const nstime_t& now);

  std::unordered_map<ExchangeKey, Exchange, ExchangeKeyHash> exchanges_;
  std::size_t prune_exchanges_at_ = 0;
  // Hashes of (conversation, location): a path is compared, never shown, so a hash is enough.
  std::unordered_set<uint64_t> locations_;
  std::unordered_map<std::string, Transfer> transfers_;
  std::size_t prune_transfers_at_ = 0;
  RegistrationBook registrations_;
};

// The one state of the capture being dissected; cleared when the capture is closed.
CaptureState& capture_state();

}  // namespace lwm2m::plugin
