#include "live/dtls_transport.h"

#include <arpa/inet.h>
#include <coap3/coap.h>
#include <sys/epoll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <optional>
#include <random>
#include <stdexcept>
#include <string_view>

namespace lwm2m::replay {

namespace {

// libcoap logs through one global handler; the transport that is alive collects the lines, and
// the fatal alerts among them (the only place libcoap 4.3.1 names one: live/dtls_handshake.h).
std::vector<std::string>* g_log_sink = nullptr;
std::optional<LoggedAlert>* g_alert_sink = nullptr;
// libcoap retransmits by itself and says so only in a debug line ("** <session>: mid=0x1a2b:
// retransmission #1"): the transport alive hears of them through this.
std::function<void(std::string_view session, uint16_t mid)> g_retransmission_sink;
constexpr std::size_t kMaxLogLines = 1000;

void collect_log(coap_log_t level, const char* message) {
  if (std::getenv("LWM2M_REPLAY_COAP_DEBUG")) std::fprintf(stderr, "libcoap: %s", message);
  if (level == LOG_DEBUG && g_retransmission_sink) {
    const std::string_view line(message);
    const std::size_t mid_at = line.find(": mid=0x");
    if (line.rfind("** ", 0) == 0 && mid_at != std::string_view::npos &&
        line.find(": retransmission #", mid_at) != std::string_view::npos)
      g_retransmission_sink(line.substr(3, mid_at - 3),
                            static_cast<uint16_t>(std::strtoul(message + mid_at + 8, nullptr, 16)));
    return;
  }
  if (g_alert_sink)
    if (std::optional<LoggedAlert> alert = parse_libcoap_alert(message)) *g_alert_sink = alert;
  if (!g_log_sink || level > LOG_WARNING || g_log_sink->size() >= kMaxLogLines) return;
  std::string line = std::string("libcoap: ") + message;
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  g_log_sink->push_back(std::move(line));
}

// libcoap draws a random byte for every confirmable message it sends (the ACK timeout's random
// factor, RFC 7252 §4.8) and by default asks the kernel each time: a getrandom() system call per
// request. Its tokens start from a random value too. Neither needs cryptographic strength here, so
// it draws from a generator seeded once. (The DTLS handshakes use OpenSSL's own generator.)
int fast_random_bytes(void* out, size_t length) {
  static std::mt19937_64 generator{std::random_device{}()};
  auto* bytes = static_cast<uint8_t*>(out);
  while (length > 0) {
    const uint64_t word = generator();
    const std::size_t n = std::min<std::size_t>(length, sizeof word);
    std::memcpy(bytes, &word, n);
    bytes += n;
    length -= n;
  }
  return 1;
}

coap_address_t to_coap_address(const net::TransportAddress& address) {
  coap_address_t out;
  coap_address_init(&out);
  sockaddr_storage socket_address{};
  out.size = static_cast<socklen_t>(address.to_sockaddr(socket_address));
  std::memcpy(&out.addr, &socket_address, out.size);
  return out;
}

coap::MessageData to_message(const coap_pdu_t* pdu) {
  coap::MessageData out;
  out.type = static_cast<coap::Type>(coap_pdu_get_type(pdu));
  out.code = static_cast<uint8_t>(coap_pdu_get_code(pdu));
  out.message_id = static_cast<uint16_t>(coap_pdu_get_mid(pdu));
  const coap_bin_const_t token = coap_pdu_get_token(pdu);
  out.token.assign(token.s, token.s + token.length);
  coap_opt_iterator_t iterator;
  coap_option_iterator_init(pdu, &iterator, COAP_OPT_ALL);
  while (coap_opt_t* option = coap_option_next(&iterator)) {
    const uint8_t* value = coap_opt_value(option);
    out.options.push_back({static_cast<uint16_t>(iterator.number),
                           coap::Bytes(value, value + coap_opt_length(option))});
  }
  size_t length = 0;
  const uint8_t* data = nullptr;
  if (coap_get_data(pdu, &length, &data) && length > 0) out.payload.assign(data, data + length);
  return out;
}

// Options must go into a PDU in ascending order.
bool add_options_and_payload(coap_pdu_t* pdu, const coap::MessageData& message) {
  std::vector<const coap::OptionData*> sorted;
  for (const auto& option : message.options) sorted.push_back(&option);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->number < b->number; });
  for (const coap::OptionData* option : sorted) {
    if (coap_add_option(pdu, option->number, option->value.size(), option->value.data()) == 0)
      return false;
  }
  return message.payload.empty() ||
         coap_add_data(pdu, message.payload.size(), message.payload.data()) == 1;
}

std::string nack_text(coap_nack_reason_t reason, int max_retransmit) {
  switch (reason) {
    case COAP_NACK_TOO_MANY_RETRIES:
      return no_acknowledgement(max_retransmit);
    case COAP_NACK_NOT_DELIVERABLE:
      return "the request could not be sent";
    case COAP_NACK_RST:
      return std::string(kAnsweredWithReset);
    case COAP_NACK_TLS_FAILED:
      return "the DTLS handshake failed";  // DtlsTransport adds how
    case COAP_NACK_ICMP_ISSUE:
      return "ICMP error (nothing listening at the target?)";
    default:  // libcoap 4.3.4 and later have more reasons (bad response, TLS layer, WebSocket...)
      break;
  }
  return "unknown failure";
}

}  // namespace

// libcoap keeps a context's confirmable messages awaiting an ACK in one list, sorted by time,
// and walks it on every send and every ACK; it also visits every session of the context each
// time it polls. With a thousand clients that is most of the replay's time, so sessions are
// spread over contexts of at most this many, polled together through one epoll set.
constexpr std::size_t kSessionsPerContext = 32;

struct DtlsTransport::Impl {
  TransportSettings settings;
  TransportEvents* events = nullptr;
  std::vector<coap_context_t*> contexts;  // the last one takes new sessions
  std::size_t in_last_context = 0;        // sessions opened in contexts.back()
  int epoll_fd = -1;  // the contexts' libcoap descriptors, once there are two; -1 before
  coap_address_t target{};
  std::optional<coap_address_t> source;   // --bind
  std::vector<coap_session_t*> sessions;  // by SessionId; null once closed
  // A session's handshake: libcoap starts one when the session is made, and again when a request
  // is sent on a session that a failure closed.
  struct SessionHandshake {
    bool awaiting = true;  // one is under way and not reported yet
    DtlsHandshake last;    // how the last one ended
  };
  std::vector<SessionHandshake> handshakes;  // by SessionId
  std::vector<std::string> log;
  std::optional<LoggedAlert> last_alert;  // the last fatal alert libcoap logged

  // The last request sent on each session, as encoded, for its retransmissions.
  struct LastSent {
    uint16_t message_id = 0;
    coap::Bytes datagram;
  };
  std::vector<LastSent> last_sent;  // by SessionId

  explicit Impl(const TransportSettings& s) : settings(s) {}

  static coap::MessageData empty_ack(uint16_t message_id) {
    coap::MessageData ack;
    ack.type = coap::Type::kAcknowledgement;
    ack.message_id = message_id;
    return ack;
  }

  // Reports a message of `id` as it went or came (re-encoded from libcoap's PDU).
  void wire(SessionId id, WireKind kind, const coap::MessageData& message) {
    if (!events) return;
    try {
      const coap::Bytes bytes = coap::encode_datagram(message);
      events->on_wire(id, kind, bytes.data(), bytes.size());
    } catch (const std::invalid_argument&) {
      // Not encodable as it was parsed: nothing to show.
    }
  }

  void on_retransmission(std::string_view session_text, uint16_t message_id) {
    if (!events) return;
    for (SessionId id = 0; id < sessions.size(); ++id) {
      if (!sessions[id] || last_sent[id].message_id != message_id ||
          session_text != coap_session_str(sessions[id]))
        continue;
      const coap::Bytes& datagram = last_sent[id].datagram;
      events->on_wire(id, WireKind::kRetransmission, datagram.data(), datagram.size());
      return;
    }
  }

  static Impl& of(const coap_session_t* session) {
    return *static_cast<Impl*>(coap_get_app_data(coap_session_get_context(session)));
  }
  static SessionId id_of(const coap_session_t* session) {
    return reinterpret_cast<std::uintptr_t>(coap_session_get_app_data(session)) - 1;
  }

  static coap_response_t on_response(coap_session_t* session, const coap_pdu_t* /*sent*/,
                                     const coap_pdu_t* received, const coap_mid_t /*mid*/) {
    Impl& impl = of(session);
    if (!impl.events) return COAP_RESPONSE_OK;
    const coap::MessageData response = to_message(received);
    impl.wire(id_of(session), WireKind::kReceived, response);
    // libcoap acknowledges a confirmable separate response by itself.
    if (response.type == coap::Type::kConfirmable)
      impl.wire(id_of(session), WireKind::kEmptyAck, empty_ack(response.message_id));
    impl.events->on_response(id_of(session), response);
    return COAP_RESPONSE_OK;
  }

  static void on_nack(coap_session_t* session, const coap_pdu_t* sent,
                      const coap_nack_reason_t reason, const coap_mid_t /*mid*/) {
    Impl& impl = of(session);
    if (!impl.events) return;
    if (reason == COAP_NACK_ICMP_ISSUE) {
      impl.events->on_unreachable(id_of(session), 0);  // libcoap does not say which error
      return;
    }
    coap::Bytes token;
    if (sent) {
      const coap_bin_const_t t = coap_pdu_get_token(sent);
      token.assign(t.s, t.s + t.length);
    }
    std::string why = nack_text(reason, impl.settings.max_retransmit);
    if (reason == COAP_NACK_TLS_FAILED) {
      // A handshake that timed out has had no event: this is where it ends.
      const DtlsHandshake& handshake = impl.handshake_ended(session, false);
      why = handshake.completed ? "the DTLS session failed after its handshake completed"
                                : "the DTLS handshake " + handshake_text(handshake);
    }
    impl.events->on_failure(id_of(session), token, why);
  }

  // A handshake of `session` ended: reported when one was awaited, else (a late event of a
  // session already reported) only remembered. Returns the session's last outcome.
  const DtlsHandshake& handshake_ended(coap_session_t* session, bool completed) {
    SessionHandshake& state = handshakes.at(id_of(session));
    // The alert libcoap logged just before, for this session.
    std::optional<DtlsAlert> alert;
    if (last_alert && last_alert->session == coap_session_str(session)) alert = last_alert->alert;
    last_alert.reset();
    if (!state.awaiting) return state.last;
    state.awaiting = false;
    state.last = DtlsHandshake{};
    state.last.completed = completed;
    if (!completed) state.last.alert = alert;
    if (settings.certificate) state.last.cn = settings.certificate->cn;
    if (events) events->on_handshake(id_of(session), state.last);
    return state.last;
  }

  static int on_event(coap_session_t* session, const coap_event_t event) {
    if (event != COAP_EVENT_DTLS_CONNECTED && event != COAP_EVENT_DTLS_ERROR) return 0;
    Impl& impl = of(session);
    if (coap_session_get_app_data(session))
      impl.handshake_ended(session, event == COAP_EVENT_DTLS_CONNECTED);
    return 0;
  }

  static void on_request(coap_resource_t* /*resource*/, coap_session_t* session,
                         const coap_pdu_t* request, const coap_string_t* /*query*/,
                         coap_pdu_t* response) {
    Impl& impl = of(session);
    if (!impl.events) return;
    const coap::MessageData received = to_message(request);
    impl.wire(id_of(session), WireKind::kReceived, received);
    const std::optional<coap::MessageData> answer =
        impl.events->on_request(id_of(session), received);
    if (!answer) {
      // code 0: libcoap sends an empty ACK for a CON, nothing for a NON
      if (received.type == coap::Type::kConfirmable)
        impl.wire(id_of(session), WireKind::kEmptyAck, empty_ack(received.message_id));
      return;
    }
    impl.wire(id_of(session), WireKind::kAnswer, *answer);
    coap_pdu_set_mid(response, answer->message_id);  // the one the receiver recorded
    coap_pdu_set_code(response, static_cast<coap_pdu_code_t>(answer->code));
    if (!add_options_and_payload(response, *answer))
      coap_pdu_set_code(response, COAP_RESPONSE_CODE_INTERNAL_ERROR);
  }

  // The session's id, kept in its app data for the callbacks. coap_new_client_session_*() sends
  // the ClientHello at once, but the answer is read (and events come) only in coap_io_process().
  static void* app_data_of(SessionId id) {
    return reinterpret_cast<void*>(static_cast<std::uintptr_t>(id + 1));
  }

  coap_session_t* new_psk_session(coap_context_t* context, SessionId id) {
    coap_dtls_cpsk_t setup{};
    setup.version = COAP_DTLS_CPSK_SETUP_VERSION;
    setup.psk_info.identity.s = reinterpret_cast<const uint8_t*>(settings.psk_identity->data());
    setup.psk_info.identity.length = settings.psk_identity->size();
    setup.psk_info.key.s = settings.psk_key.data();
    setup.psk_info.key.length = settings.psk_key.size();
    coap_session_t* session = coap_new_client_session_psk2(context, source ? &*source : nullptr,
                                                           &target, COAP_PROTO_DTLS, &setup);
    if (session) coap_session_set_app_data(session, app_data_of(id));
    return session;
  }

  // With --ca, the server's certificate must chain to that CA (libcoap loads the CA file only
  // with check_common_ca). Without it, libcoap verifies nothing of the server's certificate.
  // Which server name the certificate is for is never checked: libcoap leaves that to a CN
  // callback, and a replay targets an address, not a name.
  coap_session_t* new_pki_session(coap_context_t* context, SessionId id) {
    const TransportSettings::Certificate& certificate = *settings.certificate;
    coap_dtls_pki_t setup{};
    setup.version = COAP_DTLS_PKI_SETUP_VERSION;
    const bool verify = !certificate.ca_file.empty();
    setup.verify_peer_cert = verify;
    setup.check_common_ca = verify;
    setup.allow_self_signed = !verify;
    setup.allow_expired_certs = !verify;
    setup.cert_chain_validation = verify;
    setup.cert_chain_verify_depth = 3;
    setup.pki_key.key_type = COAP_PKI_KEY_PEM;
    setup.pki_key.key.pem.public_cert = certificate.cert_file.c_str();
    setup.pki_key.key.pem.private_key = certificate.key_file.c_str();
    setup.pki_key.key.pem.ca_file = verify ? certificate.ca_file.c_str() : nullptr;
    coap_session_t* session = coap_new_client_session_pki(context, source ? &*source : nullptr,
                                                          &target, COAP_PROTO_DTLS, &setup);
    if (session) coap_session_set_app_data(session, app_data_of(id));
    return session;
  }

  // A new context for the next kSessionsPerContext sessions.
  coap_context_t* add_context() {
    coap_context_t* context = coap_new_context(nullptr);
    if (!context) throw TransportError("cannot create a CoAP context");
    contexts.push_back(context);
    in_last_context = 0;
    coap_set_app_data(context, this);
    coap_register_response_handler(context, on_response);
    coap_register_nack_handler(context, on_nack);
    coap_register_event_handler(context, on_event);
    // Every request from the server reaches one handler, whatever its path and method.
    coap_resource_t* any = coap_resource_unknown_init2(on_request, 0);
    for (coap_request_t method : {COAP_REQUEST_GET, COAP_REQUEST_POST, COAP_REQUEST_DELETE,
                                  COAP_REQUEST_FETCH, COAP_REQUEST_PATCH, COAP_REQUEST_IPATCH})
      coap_register_request_handler(any, method, on_request);
    coap_add_resource(context, any);
    if (epoll_fd >= 0) watch(context);
    return context;
  }

  // Adds a context's libcoap descriptor to the epoll set: it is readable when one of the
  // context's sockets is, or its retransmission timer has expired.
  void watch(coap_context_t* context) {
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = context;
    if (epoll_ctl(epoll_fd, EPOLL_CTL_ADD, coap_context_get_coap_fd(context), &event) != 0)
      throw TransportError(std::string("cannot poll a CoAP context: ") + std::strerror(errno));
  }

  // The context for a new session: the last one, or a new one when that one is full and libcoap
  // polls through epoll (without epoll, every session stays in the one context).
  coap_context_t* context_for_new_session() {
    if (in_last_context < kSessionsPerContext) return contexts.back();
    if (epoll_fd < 0) {
      if (coap_context_get_coap_fd(contexts.front()) < 0) return contexts.back();
      epoll_fd = epoll_create1(EPOLL_CLOEXEC);
      if (epoll_fd < 0)
        throw TransportError(std::string("cannot create an epoll set: ") + std::strerror(errno));
      watch(contexts.front());
    }
    return add_context();
  }
};

DtlsTransport::DtlsTransport(const TransportSettings& settings)
    : impl_(std::make_unique<Impl>(settings)) {
  coap_startup();
  coap_set_prng(fast_random_bytes);
  g_log_sink = &impl_->log;
  g_alert_sink = &impl_->last_alert;
  Impl* impl = impl_.get();
  g_retransmission_sink = [impl](std::string_view session, uint16_t mid) {
    impl->on_retransmission(session, mid);
  };
  coap_set_log_handler(collect_log);
  // libcoap prints each PDU it shows to stdout unless told to log it: at debug level that would
  // mix every message into the table or the JSON report on standard output.
  coap_set_show_pdu_output(0);
  const coap_log_t level = std::getenv("LWM2M_REPLAY_COAP_DEBUG") ? LOG_DEBUG : LOG_WARNING;
  // Debug lines for the retransmissions (collect_log keeps only those of them).
  coap_set_log_level(LOG_DEBUG);
  // OpenSSL's part of libcoap logs nothing below its own level, 0 by default: the fatal alerts
  // are at LOG_WARNING.
  coap_dtls_set_log_level(level);
  if (!settings.dtls()) throw TransportError("DTLS needs a PSK identity or a certificate");
  if (!coap_dtls_is_supported())
    throw TransportError("DTLS is not available in this libcoap build");
  impl_->add_context();
  impl_->target = to_coap_address(settings.target);
  if (settings.source) impl_->source = to_coap_address(*settings.source);
}

DtlsTransport::~DtlsTransport() {
  for (coap_session_t* session : impl_->sessions)
    if (session) coap_session_release(session);
  for (coap_context_t* context : impl_->contexts) coap_free_context(context);
  if (impl_->epoll_fd >= 0) ::close(impl_->epoll_fd);
  g_log_sink = nullptr;
  g_alert_sink = nullptr;
  g_retransmission_sink = nullptr;
  coap_set_log_handler(nullptr);
  coap_cleanup();
}

void DtlsTransport::set_receiver(TransportEvents* events) {
  impl_->events = events;
}

SessionId DtlsTransport::open() {
  const SessionId id = impl_->sessions.size();
  const std::size_t log_before = impl_->log.size();
  errno = 0;
  coap_context_t* context = impl_->context_for_new_session();
  // The session's id indexes these before libcoap can call back about the session.
  impl_->handshakes.emplace_back();
  impl_->last_sent.emplace_back();
  impl_->sessions.push_back(nullptr);
  coap_session_t* session = impl_->settings.certificate ? impl_->new_pki_session(context, id)
                                                        : impl_->new_psk_session(context, id);
  if (!session) {
    impl_->handshakes.pop_back();
    impl_->last_sent.pop_back();
    impl_->sessions.pop_back();
    const int error = errno;
    std::string why = impl_->log.size() > log_before ? impl_->log.back()
                      : error != 0                   ? std::strerror(error)
                                                     : "libcoap gave no reason";
    throw TransportError("cannot open a client socket to " + impl_->settings.target.to_string() +
                         ": " + why);
  }
  impl_->sessions.back() = session;
  const auto ms = impl_->settings.ack_timeout.count();
  coap_session_set_ack_timeout(session, coap_fixed_point_t{static_cast<uint16_t>(ms / 1000),
                                                           static_cast<uint16_t>(ms % 1000)});
  coap_session_set_max_retransmit(session,
                                  static_cast<unsigned int>(impl_->settings.max_retransmit));
  ++impl_->in_last_context;
  return id;
}

uint16_t DtlsTransport::new_message_id(SessionId session) {
  return static_cast<uint16_t>(coap_new_message_id(impl_->sessions.at(session)));
}

net::TransportAddress DtlsTransport::local_address(SessionId session) const {
  return *net::TransportAddress::from_sockaddr(
      coap_session_get_addr_local(impl_->sessions.at(session))->addr.sa);
}

coap::MessageData DtlsTransport::send(SessionId id, coap::MessageData request) {
  coap_session_t* session = impl_->sessions.at(id);
  if (!session) throw TransportError("send on a closed session");
  // A session a failed handshake closed: libcoap starts another for this request.
  if (coap_session_get_state(session) == COAP_SESSION_STATE_NONE)
    impl_->handshakes.at(id).awaiting = true;
  request.message_id = coap_new_message_id(session);
  uint8_t token[8];
  size_t token_length = 0;
  coap_session_new_token(session, &token_length, token);
  request.token.assign(token, token + token_length);
  coap_pdu_t* pdu = coap_pdu_init(static_cast<coap_pdu_type_t>(request.type),
                                  static_cast<coap_pdu_code_t>(request.code), request.message_id,
                                  coap_session_max_pdu_size(session));
  if (!pdu) throw TransportError("out of memory for a CoAP message");
  if (!coap_add_token(pdu, token_length, token) || !add_options_and_payload(pdu, request)) {
    coap_delete_pdu(pdu);
    throw TransportError("the request does not fit in one CoAP message of at most " +
                         std::to_string(coap_session_max_pdu_size(session)) + " bytes");
  }
  // Reported before libcoap sends it: a response can come within coap_send().
  Impl::LastSent& last = impl_->last_sent[id];
  last.message_id = request.message_id;
  try {
    last.datagram = coap::encode_datagram(request);
  } catch (const std::invalid_argument&) {
    last.datagram.clear();  // libcoap took it; nothing to show of it
  }
  if (impl_->events && !last.datagram.empty())
    impl_->events->on_wire(id, WireKind::kRequest, last.datagram.data(), last.datagram.size());
  if (coap_send(session, pdu) == COAP_INVALID_MID)
    throw TransportError("libcoap could not send the request" +
                         (impl_->log.empty() ? std::string() : ": " + impl_->log.back()));
  return request;
}

void DtlsTransport::poll(std::chrono::milliseconds timeout) {
  // 0 would mean "wait until something happens" to libcoap.
  const auto ms = std::max<int64_t>(1, timeout.count());
  if (impl_->epoll_fd < 0) {
    coap_io_process(impl_->contexts.front(), static_cast<uint32_t>(ms));
    return;
  }
  // Several contexts: wait on all of them, then let libcoap handle the ready ones without waiting
  // (a context with more events than libcoap takes at once stays ready for the next poll).
  epoll_event ready[64];
  const int count = epoll_wait(impl_->epoll_fd, ready, 64, static_cast<int>(ms));
  for (int i = 0; i < count; ++i)
    coap_io_process(static_cast<coap_context_t*>(ready[i].data.ptr), COAP_IO_NO_WAIT);
}

void DtlsTransport::close(SessionId id) {
  coap_session_t*& session = impl_->sessions.at(id);
  if (!session) return;
  coap_session_release(session);
  session = nullptr;
}

const net::TransportAddress& DtlsTransport::target() const {
  return impl_->settings.target;
}

const std::vector<std::string>& DtlsTransport::warnings() const {
  return impl_->log;
}

}  // namespace lwm2m::replay
