// What the plugin remembers about one capture: request/response pairs (by core's ExchangeMatcher),
// registration locations and Block1 transfers. Built on the first pass over the capture and read
// back on later passes (the GUI re-dissects any frame at any time), so a frame always shows what
// its first pass found.
//
// Each message's record lives in the capture's memory (CaptureMemory), found through its frame's
// summary, and goes away with the capture. The tables here hold what a later message can still
// refer to: the requests of the last EXCHANGE_LIFETIME (247 s of capture time) with what answered
// them, so that retransmissions and copies of answers are recognised, and Block1 transfers under
// way.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "capture_memory.h"
#include "coap_messages.h"
#include "expert_items.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/endpoint_name.h"
#include "lwm2m/exchange_matcher.h"
#include "lwm2m/expiring_map.h"
#include "lwm2m/object_path.h"
#include "lwm2m/operation.h"
#include "lwm2m/registrations.h"
#include "lwm2m/response_code.h"
#include "ws_compat.h"

namespace lwm2m::plugin {

// Identifies the transport conversation of a message: the same for both directions.
using ConversationId = uint64_t;
// Identifies one end (address and port) of a conversation.
using EndpointId = uint64_t;

// The conversation of the frame being dissected (its addresses and ports, in either order).
ConversationId conversation_of(const packet_info* pinfo);

// The same, worked out when first asked for: most messages never need it (only certificates,
// Block1 transfers and locations of no registration's shape do).
class FrameConversation {
 public:
  explicit FrameConversation(const packet_info* pinfo) : pinfo_(pinfo) {}
  ConversationId id() const {
    if (!known_) {
      id_ = conversation_of(pinfo_);
      known_ = true;
    }
    return id_;
  }

 private:
  const packet_info* pinfo_;
  mutable ConversationId id_ = 0;
  mutable bool known_ = false;
};

// The sending and the receiving end of the frame being dissected.
EndpointId source_of(const packet_info* pinfo);
// The sending host of the frame being dissected: its address without the port.
PeerId source_host_of(const packet_info* pinfo);
PeerId destination_host_of(const packet_info* pinfo);
EndpointId destination_of(const packet_info* pinfo);

// A host by its address, as source_host_of() numbers the frame's sender.
PeerId host_of(const address& addr);

// What an ICMP or ICMPv6 error shows of the datagram it quotes, read from the quoted IP and UDP
// headers themselves: which of them Wireshark leaves in pinfo differs between its versions.
struct QuotedDatagram {
  address sender{};  // points into the frame's bytes: valid while the frame is dissected
  uint16_t source_port = 0;
  uint16_t destination_port = 0;
};

// The flow of the frame being dissected (its sender to its receiver) and the reverse one, as the
// exchange matcher numbers flows.
coap::FlowNumber flow_of(const packet_info* pinfo);
coap::FlowNumber reverse_flow_of(const packet_info* pinfo);

// A client certificate a DTLS or TLS handshake carried (seed Change 7: its Subject CN is
// "<ept>:<ep>"). Kept in the capture's memory (CaptureMemory), like MessageRecord.
struct ClientCertificate {
  uint32_t frame = 0;
  std::string_view cn;          // the Subject's first Common Name (UTF-8); empty: none
  unsigned cn_count = 0;        // how many Common Names the Subject has
  std::string_view read_error;  // not empty: the certificate could not be read
  // The server's fatal alert that ended the handshake after this certificate (0: none).
  uint32_t refused_in = 0;
  uint8_t alert = 0;
  std::string_view alert_name;
  bool coap_seen = false;  // a CoAP message went through the session since the certificate
};

// A text kept in the capture's memory (CaptureState::keep_text), or none. One pointer
// to the text's length and bytes, where std::optional<std::string_view> takes three words: a
// record and its extra block hold five of them, and the capture a record per LwM2M message.
class KeptText {
 public:
  KeptText() = default;
  KeptText(std::nullopt_t) {}  // NOLINT: converts like std::optional
  bool has_value() const { return stored_ != nullptr; }
  explicit operator bool() const { return has_value(); }
  std::string_view operator*() const {
    uint32_t size = 0;
    std::memcpy(&size, stored_, sizeof size);
    return {stored_ + sizeof size, size};
  }
  struct Arrow {
    std::string_view text;
    const std::string_view* operator->() const { return &text; }
  };
  Arrow operator->() const { return {**this}; }
  std::string_view value_or(std::string_view fallback) const {
    return has_value() ? **this : fallback;
  }
  operator std::optional<std::string_view>() const {  // NOLINT: reads like std::optional
    if (!has_value()) return std::nullopt;
    return **this;
  }
  void reset() { stored_ = nullptr; }

 private:
  friend class CaptureState;
  explicit KeptText(const char* stored) : stored_(stored) {}
  const char* stored_ = nullptr;  // a 32-bit length, then the bytes
};

// An enumeration's value in one byte, for enumerations whose values fit one but whose type is
// an int: it reads and is assigned as the enumeration.
template <typename Enum>
class ByteEnum {
 public:
  ByteEnum(Enum value) : value_(static_cast<uint8_t>(value)) {}  // NOLINT: stands for Enum
  operator Enum() const { return static_cast<Enum>(value_); }    // NOLINT: stands for Enum

 private:
  uint8_t value_;
};

// A time as nstime_t holds it, in 12 bytes aligned to four: nstime_t takes 16, aligned to eight.
#pragma pack(push, 4)
struct PackedTime {
  int64_t secs = 0;
  int32_t nsecs = 0;

  PackedTime() = default;
  PackedTime(const nstime_t& time)  // NOLINT: stands for nstime_t
      : secs(time.secs), nsecs(time.nsecs) {}
  operator nstime_t() const {  // NOLINT: stands for nstime_t
    nstime_t time{};
    time.secs = static_cast<time_t>(secs);
    time.nsecs = nsecs;
    return time;
  }
};
#pragma pack(pop)

struct MessageRecord;

// What few messages' records have (retransmissions, name clashes, Block1 transfers, quoted
// copies, Observes...): kept apart, and allocated with its record when something is first set
// (MessageRecord::set_extra), so that the bulk of a capture's records stays small.
struct MessageRecordExtra {
  // Request: the request it retransmits (the same message ID and token), whose exchange it is in.
  const MessageRecord* retransmission_of = nullptr;
  // Registration tracking (section 5.2.1).
  const Registration* duplicate_of = nullptr;   // Register: the live registration it duplicates
  const Registration* other_type_of = nullptr;  // Register: same name, another type
  // ... and the records that named those registrations then (a registration can be renamed).
  const MessageRecord* duplicate_named_by = nullptr;
  const MessageRecord* other_type_named_by = nullptr;
  // An Update or De-register of a registration the capture does not have, though the capture
  // has a Register from the same host to the same server, which got no answer or a refusal: the
  // newest such Register.
  const MessageRecord* register_without_registration = nullptr;
  std::optional<double> expired_for;              // Update, De-register: seconds past lifetime
  const Registration* replaced = nullptr;         // a Register's 2.01: the registration it ends
  const Registration* location_in_use = nullptr;  // a Register's 2.01: live holder of its location
  std::optional<double> accepted_late;  // an Update's 2.xx: seconds after the lifetime ran out
  // A message of a bootstrapping client's conversation: its Bootstrap-Request.
  const MessageRecord* bootstrap = nullptr;
  // A Register or Bootstrap-Request in a (D)TLS session whose client sent a certificate, and
  // whether the certificate's CN names what the request names (seed Change 7).
  const ClientCertificate* certificate = nullptr;
  // A message an ICMP or ICMPv6 error quotes: the copy's record has its original's fields, and
  // `quote_of` points to the original, which did not reach its receiver.
  const MessageRecord* quote_of = nullptr;
  // The original: what the ICMP error that quotes it says ("ICMP port unreachable from
  // 127.0.0.1"), and its frame (undelivered_in). Set when that later frame is first dissected.
  KeptText undelivered_reason;
  // Final Block1 block: the whole payload, or nothing when blocks were missing.
  KeptText reassembled_payload;
  uint32_t undelivered_in = 0;
  // Observe and Observe-Composite: the first Notify and how many came (set by later frames on
  // the first pass). A Notify: `request` is its Observe, `peer_frame` the Observe's frame.
  uint32_t first_notify = 0;
  uint32_t notify_count = 0;
  // Block1: frame of block 0, for later blocks (0 when this is not a later block).
  uint32_t block_first_frame = 0;
};

// What a record without a MessageRecordExtra reads.
inline const MessageRecordExtra kNoRecordExtra{};

// Kept in the capture's memory: trivially destructible, text points into the same memory or
// into the capture's RegistrationBook (both live until the capture is closed). Members are
// ordered by alignment, so that 100 000 registrations' records waste no padding.
struct MessageRecord {
  const MessageRecord* request = nullptr;  // response: the request it answers
  double sent_at = 0;  // request: `time`, in seconds on the capture's clock (never back)

  // The name and type the message is about. A Register, Bootstrap-Request or an Update with ep:
  // those it carries, and the verdict on them. Any other message of a registered client: those
  // of its registration; of a bootstrapping client: those of its Bootstrap-Request.
  KeptText ep;
  KeptText ept_text;  // the ept value as sent; empty: no ept parameter

  // Update, De-register, a Register's 2.01, a message of a registered client's conversation.
  const Registration* registration = nullptr;
  // The record that named `registration` when this message was seen (its Register, or an
  // Update that renamed it): the registration's name as it stood then.
  const MessageRecord* registration_name = nullptr;
  KeptText location;  // a Register's 2.01, Update, De-register

  // A request: when it was sent. An answer with lifetime_in_force: when that lifetime runs out
  // (an answer has no use for its own time, which is its frame's).
  PackedTime time;
  uint32_t frame = 0;
  uint32_t peer_frame = 0;  // request: frame of its response (0: none seen); response: its request
  std::optional<uint32_t> lifetime;  // the lt asked for
  // Update, De-register: how the registration stood when the request was sent.
  uint32_t registration_end_frame = 0;
  uint32_t registration_lifetime = 0;
  // A 2.01 to a Register or a 2.xx to an Update: the lifetime in force (and `time`).
  std::optional<uint32_t> lifetime_in_force;

  // kNone: a message of a registered or bootstrapping client's conversation that is no operation
  // (an empty ACK, an answer to a request the capture does not have). The registration and
  // bootstrap requests (is_registration_or_bootstrap_request) and their answers are
  // dissect_request's and dissect_response's; every other operation of a known client's
  // conversation is dissect_conversation's request, and its answers dissect_response's.
  ByteEnum<Operation> operation = Operation::kNone;
  ByteEnum<NameForm> form = NameForm::kUnknown;
  Registration::End registration_end = Registration::End::kNone;
  // The LwM2M path a request names (object_path.h); a response's and a Notify's are their
  // request's. `has_object_path` false: none (Register..., or not an LwM2M path).
  ObjectPath object_path;
  std::optional<uint8_t> ept;  // the usable type, if any
  uint8_t code = 0;            // response: its code
  uint8_t index = 0;           // the message's position among the frame's CoAP messages
  // The flags are bits, the operation and the name's form bytes and the time 4-byte aligned
  // (C++17 gives bit-fields no default values: the constructor sets them): a record per message.
  bool is_response : 1;
  bool reset : 1;     // response: a Reset that rejected the request
  bool copy : 1;      // response: a copy of an answer already seen
  bool own_name : 1;  // the request itself carries ep (not taken from its registration)
  bool name_valid : 1;
  bool registration_unknown : 1;  // Update, De-register: no Register in capture
  bool registered : 1;            // a Register: its 2.01 made a registration
  bool registration_ended : 1;    // Update, De-register: it had ended before
  bool renames : 1;               // Update: names the registration otherwise (seed Table 16)
  bool other_client : 1;          // Update, De-register: from another host than its client's
  bool ended_by_answer : 1;       // an Update's or De-register's 4.04: the server lost it
  bool deregister_refused : 1;    // a De-register's other error: the registration lives
  bool certificate_matches : 1;
  bool has_object_path : 1;
  bool reassembly_incomplete : 1;

  MessageRecord()
      : is_response(false),
        reset(false),
        copy(false),
        own_name(false),
        name_valid(true),
        registration_unknown(false),
        registered(false),
        registration_ended(false),
        renames(false),
        other_client(false),
        ended_by_answer(false),
        deregister_refused(false),
        certificate_matches(false),
        has_object_path(false),
        reassembly_incomplete(false) {}

  // What few records have (MessageRecordExtra), as set so far.
  const MessageRecordExtra& extra() const { return extra_ ? *extra_ : kNoRecordExtra; }
  // The same, to set: made (in the capture's memory) when first asked for.
  MessageRecordExtra& set_extra();
  // A copy of `from`, with a copy of its extra fields of its own (a copy assignment would share
  // them).
  void copy_from(const MessageRecord& from);

  // Takes the name, type and verdict `from` is about (its request, registration or
  // Bootstrap-Request).
  void take_name_of(const MessageRecord& from) {
    ep = from.ep;
    ept = from.ept;
    ept_text = from.ept_text;
    name_valid = from.name_valid;
    form = from.form;
  }

  // A response's code as the plugin shows it: "2.01 Created", or "Reset" for a Reset.
  std::string response_text() const {
    return reset ? std::string("Reset") : coap::response_code_text(code);
  }

 private:
  MessageRecordExtra* extra_ = nullptr;
};

// What the first pass found in a frame: the Info text and the LwM2M messages, for later passes
// that have no protocol tree (tshark -2, the GUI's packet list) and for the statistics. One
// allocation per frame: the record list, the expert items, the CoAP places and the text follow
// the summary in the same memory, in that order, found by their counts (a pointer to each part
// would take more memory than the counts).
// The text is kept without the endpoint name of the frame's first message where it shows it
// (a Register's "ep=..."): that message's record keeps the name, set in this frame and never
// changed, and info() puts it back.
struct alignas(8) FrameSummary {
  static constexpr uint32_t kNoName = (1u << 13) - 1;

  FrameSummary() : count(0), place_count(0), info_appends(0), name_at(kNoName) {}

  uint32_t expert_count = 0;
  // The rest in one word: a summary per frame, and a header of two words instead of three.
  uint32_t count : 9;         // LwM2M messages: at most kMaxMessagesPerFrame
  uint32_t place_count : 9;   // CoAP messages: at most kMaxMessagesPerFrame
  uint32_t info_appends : 1;  // the text follows the Info column of another protocol (TLS)
  // Where the first message's name was cut out of the text; kNoName: the text is whole.
  uint32_t name_at : 13;

  const MessageRecord* const* messages() const {
    return reinterpret_cast<const MessageRecord* const*>(reinterpret_cast<const char*>(this) +
                                                         sizeof(FrameSummary));
  }
  // The expert items the first pass added.
  const StoredExpert* experts() const {
    return reinterpret_cast<const StoredExpert*>(messages() + count);
  }
  // Where the frame's CoAP messages lie; null: search the tree.
  const CoapPlace* places() const {
    if (place_count == 0) return nullptr;
    return reinterpret_cast<const CoapPlace*>(experts() + expert_count);
  }
  // The Info text the first pass made; empty: none.
  std::string info() const;

 private:
  const char* stored_info() const {
    return reinterpret_cast<const char*>(
        reinterpret_cast<const CoapPlace*>(experts() + expert_count) + place_count);
  }
};

class CaptureState {
 public:
  // The record of the `index`th CoAP message of the frame, or null.
  static const MessageRecord* find(packet_info* pinfo, unsigned index);
  // A new, empty record for the `index`th CoAP message of the frame (first pass only).
  static MessageRecord* add(packet_info* pinfo, unsigned index);
  // Memory that lives as long as the capture's records (CaptureMemory), aligned for any of them.
  static void* allocate(std::size_t size);
  // A copy of `text` that lives as long as the capture's records.
  static std::string_view keep(std::string_view text);
  static KeptText keep_text(std::string_view text);

  // The frame's summary as the first pass made it; null when the frame has no LwM2M message.
  static void set_summary(packet_info* pinfo, std::string_view info, bool info_appends,
                          const std::vector<const MessageRecord*>& messages,
                          const std::vector<ExpertCollector::Item>& experts,
                          const std::vector<CoapPlace>& places);
  static const FrameSummary* summary(packet_info* pinfo);

  // Client certificates (seed Change 7). A DTLS or TLS session is known by its conversation;
  // a new ClientHello starts a new session, without a certificate until one is sent.
  void start_tls_session(ConversationId conversation, EndpointId client);
  // The session's client: the sender of its ClientHello, or else the end its server asked for a
  // certificate (note_certificate_request); nullopt when the capture shows neither.
  std::optional<EndpointId> tls_client(ConversationId conversation) const;
  void note_certificate_request(ConversationId conversation, EndpointId client);
  // The certificate of the frame's client (first pass), now the session's.
  ClientCertificate* add_client_certificate(packet_info* pinfo, ConversationId conversation);
  // The certificate of the session, or null.
  ClientCertificate* client_certificate(ConversationId conversation) const;
  // What the first pass found: the certificate a frame carried, the one its alert refused.
  static const ClientCertificate* certificate_in(packet_info* pinfo);
  static void set_refusal(packet_info* pinfo, const ClientCertificate* certificate);
  static const ClientCertificate* refusal_in(packet_info* pinfo);

  // The registrations of the capture.
  RegistrationBook& registrations() { return registrations_; }
  // The record whose name a registration has now: its Register, or the Update that renamed it.
  void set_registration_name(const Registration& registration, const MessageRecord* named_by);
  const MessageRecord* registration_name(const Registration& registration) const;

  // The newest Register from the frame's sending host to its receiver (first pass): the record
  // an Update or De-register of an unknown registration points to.
  void add_register(packet_info* pinfo, const MessageRecord* record);
  const MessageRecord* register_from(packet_info* pinfo) const;

  // Bootstrapping clients: the newest Bootstrap-Request from `client` to `server`, and the
  // servers that answered one (which tells a client's query-less POST /bs from the server's
  // Bootstrap-Finish).
  void add_bootstrap(EndpointId client, EndpointId server, const MessageRecord* request);
  void add_bootstrap_server(EndpointId server);
  const MessageRecord* bootstrap_of(EndpointId client, EndpointId server) const;
  bool is_bootstrap_server(EndpointId endpoint) const;
  bool has_bootstraps() const { return !bootstraps_.empty(); }

  // First pass, in frame order: the frame's capture time moves the clock the pairing and the
  // registrations age by (every frame, as lwm2m-replay's passes read every datagram).
  void advance_clock(const packet_info* pinfo);
  // That clock in seconds: it never goes back, even in a capture merged from several sources.
  double now_seconds() const { return static_cast<double>(clock_.now_ns()) / 1e9; }
  // First pass: a request of the frame, with `record` its LwM2M record or null for any other
  // request (it still takes its token over: see lwm2m/exchange_matcher.h). Returns the record of
  // the LwM2M request it retransmits, or null; a retransmission stays in that request's exchange.
  // Until the capture's first LwM2M request, other requests are not paired at all: only an answer
  // to an LwM2M request is LwM2M's, and a later request reusing their token or message ID
  // supersedes them anyway.
  const MessageRecord* add_request(packet_info* pinfo, const coap::MessageIds& ids,
                                   MessageRecord* record);
  // First pass: a message of the frame that is not a request. When it answers an LwM2M request
  // (its response, a copy of it, or a Reset), records it as the `index`th message of the frame
  // and the request as answered by it, and returns the new record; otherwise null.
  // An answer with an Observe option (`has_observe`) that comes after the first response to an
  // Observe is a Notify (core's classify_answer): its record's request is the Observe, whose
  // first_notify and notify_count it updates. A Reset to a Notify cancels the observation
  // (classify_reset): its record's request is the Notify.
  MessageRecord* add_answer(packet_info* pinfo, const coap::MessageIds& ids, unsigned index,
                            bool has_observe = false);

  // Messages by what an ICMP error shows of the datagram it quotes: its sender's address (the
  // error goes back to it), its UDP ports, message ID, token and code. First pass: each LwM2M
  // message is added; a quoted copy finds its original (null: none in the last
  // EXCHANGE_LIFETIME), which is then marked undelivered.
  void add_sent(packet_info* pinfo, const coap::MessageIds& ids, const MessageRecord* record);
  const MessageRecord* quoted_original(const QuotedDatagram& quoted, const coap::MessageIds& ids);
  void set_undelivered(const MessageRecord& original, uint32_t frame, std::string_view reason);

  // Registration locations handed out by a server in a Register response, by path segments.
  void add_location(ConversationId conversation, const std::vector<std::string_view>& segments);
  bool is_location(const FrameConversation& conversation,
                   const std::vector<std::string_view>& segments) const;

  // Block1 transfers (RFC 7959), keyed by the request's path and query (repeated in every block).
  // Blocks are placed by byte offset, so a server that shrinks the block size is followed.
  struct BlockResult {
    uint32_t first_frame = 0;                  // frame of block 0, 0 when unknown
    const MessageRecord* first = nullptr;      // the record of block 0, when known
    std::optional<std::string> whole_payload;  // set on the last block when all blocks were seen
    bool incomplete = false;                   // last block, but earlier blocks are missing
  };
  BlockResult add_block(ConversationId conversation, std::string_view transfer_key,
                        const coap::Block& block, std::string_view payload,
                        const MessageRecord* record);

  void clear();

 private:
  struct Transfer {
    uint32_t first_frame = 0;
    const MessageRecord* first = nullptr;
    std::string payload;
    bool broken = false;
    bool finished = false;     // the last block was seen: later copies are retransmissions
    int64_t last_seen_ns = 0;  // on the capture's clock
  };

  // Drops finished Block1 transfers, and those older than CoAP's EXCHANGE_LIFETIME, once the
  // table has grown: it then holds what a later block can still belong to.
  void prune_transfers();
  // Requests of the last EXCHANGE_LIFETIME (null: not LwM2M) and what answered them.
  coap::ExchangeMatcher<MessageRecord*> exchanges_;
  bool lwm2m_paired_ = false;  // an LwM2M request has been added to exchanges_
  CaptureClock clock_;
  // Hashes of (conversation, location): a path is compared, never shown, so a hash is enough.
  std::unordered_set<uint64_t> locations_;
  std::unordered_map<std::string, Transfer> transfers_;
  std::size_t prune_transfers_at_ = 0;
  RegistrationBook registrations_;
  std::vector<const MessageRecord*> registration_names_;  // by the registration's index
  // Each frame's summary by frame number, in pages allocated when one of their frames has one:
  // a pointer per frame near LwM2M traffic, where Wireshark's per-frame storage (p_add_proto_data)
  // took a list node and an entry per frame, several times that.
  static constexpr uint32_t kFramesPerPage = 4096;
  std::vector<std::unique_ptr<const FrameSummary*[]>> summaries_;
  void put_summary(uint32_t frame, const FrameSummary* summary);
  std::unordered_map<uint64_t, const MessageRecord*> bootstraps_;  // by (client, server)
  std::unordered_map<uint64_t, const MessageRecord*> registers_;   // by (client host, server)
  std::unordered_set<EndpointId> bootstrap_servers_;
  struct TlsSession {
    std::optional<EndpointId> client;
    ClientCertificate* certificate = nullptr;
  };
  std::unordered_map<ConversationId, TlsSession> tls_sessions_;
  ExpiringMap<uint64_t, const MessageRecord*> sent_;
  // Notifies of the last EXCHANGE_LIFETIME by flow and message ID: a Reset to one cancels.
  ExpiringMap<uint64_t, MessageRecord*> notifies_;
  // Records, summaries, kept texts and certificates: cleared last.
  CaptureMemory memory_;
};

// The one state of the capture being dissected; cleared when the capture is closed.
CaptureState& capture_state();

}  // namespace lwm2m::plugin
