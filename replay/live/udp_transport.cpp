#include "live/udp_transport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>

#include "live/timer_heap.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/coap_transmission.h"
#include "lwm2m/expiring_map.h"

namespace lwm2m::replay {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxUdpPayload = 65507;  // IPv4's; IPv6 allows a few bytes more
constexpr std::size_t kReceiveBuffer = 65536;  // more than any UDP payload
constexpr int kEventsPerWait = 256;
constexpr std::size_t kMaxWarnings = 1000;
constexpr std::size_t kTokenLength = 8;

std::string errno_text(int error) {
  return std::strerror(error);
}

// The errors a connected UDP socket reports for an ICMP message about an earlier datagram
// (port, host or network unreachable, administratively prohibited, parameter problem...).
bool is_icmp_error(int error) {
  switch (error) {
    case ECONNREFUSED:
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENONET:
    case EACCES:
    case EPROTO:
    case ENOPROTOOPT:
      return true;
    default:
      return false;
  }
}

// The four header bytes of a message with no token, options or payload: an empty ACK or Reset.
coap::Bytes empty_message(coap::Type type, uint16_t message_id) {
  return {static_cast<uint8_t>(0x40 | static_cast<uint8_t>(type) << 4), 0,
          static_cast<uint8_t>(message_id >> 8), static_cast<uint8_t>(message_id)};
}

}  // namespace

struct UdpTransport::Impl {
  // A request sent, remembered to recognise it should the target send it back.
  struct Sent {
    uint16_t message_id = 0;
    coap::Bytes token;
  };
  // A confirmable request sent and not yet acknowledged or reset.
  struct Pending {
    uint16_t message_id = 0;
    coap::Bytes token;
    coap::Bytes datagram;  // sent again as it is
    int retransmissions = 0;
    Clock::duration timeout{};  // until the next retransmission; doubles each time
    Clock::time_point due;
  };
  struct Session {
    int fd = -1;  // -1 once closed
    net::TransportAddress local;
    net::TransportAddress target;
    uint16_t next_message_id = 0;
    // Where the current round of 65 536 message IDs began, and when: a sender must not use an ID
    // again within EXCHANGE_LIFETIME (RFC 7252 §4.4), which a --fast replay of one busy client can.
    uint16_t round_first_id = 0;
    Clock::time_point round_started;
    bool reuse_reported = false;
    uint64_t next_token = 0;
    std::vector<Pending> pending;  // rarely more than one
    // Message IDs of the separate responses received (CON or NON), to pass each on once: a CON
    // is sent again until acknowledged, and its ACK can be lost.
    ExpiringMap<uint16_t, bool> separate_responses;
    // The last few requests sent (a client has one in flight), oldest overwritten first.
    std::array<Sent, 4> recent;
    std::size_t next_recent = 0;
  };
  // A retransmission due; stale once its request is acknowledged or was sent again since.
  struct Timer {
    Clock::time_point when;
    SessionId session;
    uint16_t message_id;
  };

  TransportSettings settings;
  TransportEvents* events = nullptr;
  int epoll_fd = -1;
  std::vector<Session> sessions;  // by SessionId
  TimerHeap<Timer> timers;
  std::size_t pending_count = 0;  // over all sessions
  std::mt19937_64 random{std::random_device{}()};
  std::vector<std::string> warnings;
  // Reused from datagram to datagram.
  std::vector<uint8_t> buffer = std::vector<uint8_t>(kReceiveBuffer);
  coap::ParseResult parsed;
  coap::MessageData received;

  explicit Impl(const TransportSettings& s) : settings(s) {}

  void warn(std::string text) {
    if (warnings.size() < kMaxWarnings) warnings.push_back(std::move(text));
  }

  Clock::duration first_timeout() {
    // RFC 7252 §4.2: ACK_TIMEOUT times a random factor between 1 and ACK_RANDOM_FACTOR.
    std::uniform_real_distribution<double> factor(1.0, coap::kAckRandomFactor);
    return std::chrono::duration_cast<Clock::duration>(settings.ack_timeout * factor(random));
  }

  // Sends one datagram. A pending ICMP error from an earlier datagram makes send() fail and drop
  // this one, like a loss; so do a full socket buffer and a local firewall's refusal
  // (retransmission covers them for a confirmable message). Other errors are returned.
  int transmit(SessionId id, const coap::Bytes& datagram, WireKind kind) {
    if (events) events->on_wire(id, kind, datagram.data(), datagram.size());
    const int fd = sessions[id].fd;
    while (::send(fd, datagram.data(), datagram.size(), 0) < 0) {
      const int error = errno;
      if (error == EINTR) continue;
      if (is_icmp_error(error)) {
        if (events) events->on_unreachable(id, error);
        return 0;
      }
      if (error == EPERM) warn("a local firewall dropped a datagram to the target");
      if (error == EAGAIN || error == EWOULDBLOCK || error == ENOBUFS || error == EPERM) return 0;
      return error;
    }
    return 0;
  }

  void reply(SessionId id, const coap::Bytes& datagram, WireKind kind) {
    if (const int error = transmit(id, datagram, kind))
      warn("cannot answer the target: " + errno_text(error));
  }

  // The next message ID of `id`; reports, once, IDs coming round again too soon.
  uint16_t take_message_id(SessionId id) {
    Session& session = sessions.at(id);
    const uint16_t message_id = session.next_message_id++;
    if (session.next_message_id == session.round_first_id) {
      const Clock::time_point now = Clock::now();
      if (!session.reuse_reported && now - session.round_started < coap::kExchangeLifetime) {
        warn("the replay of " + session.local.to_string() +
             " used all 65 536 message IDs within EXCHANGE_LIFETIME (247 s): they repeat now, "
             "and a server that detects duplicates (RFC 7252 §4.5) may answer from its cache; "
             "a lower --speed or --max-rate avoids it");
        session.reuse_reported = true;
      }
      session.round_started = now;
    }
    return message_id;
  }

  // Removes and returns the first pending request of `id` for which `is_it` holds, if any.
  template <typename Predicate>
  std::optional<Pending> take_pending(SessionId id, const Predicate& is_it) {
    std::vector<Pending>& pending = sessions[id].pending;
    const auto found = std::find_if(pending.begin(), pending.end(), is_it);
    if (found == pending.end()) return std::nullopt;
    Pending taken = std::move(*found);
    if (found != pending.end() - 1) *found = std::move(pending.back());
    pending.pop_back();
    --pending_count;
    return taken;
  }
  std::optional<Pending> take_pending(SessionId id, uint16_t message_id) {
    return take_pending(id, [&](const Pending& p) { return p.message_id == message_id; });
  }

  // The pending request a timer is for, or null when the timer is stale.
  Pending* pending_of(const Timer& timer) {
    Session& session = sessions[timer.session];
    for (Pending& pending : session.pending)
      if (pending.message_id == timer.message_id && pending.due == timer.when) return &pending;
    return nullptr;
  }

  void add_timer(const Timer& timer) {
    timers.push(timer, pending_count, [this](const Timer& t) { return pending_of(t) != nullptr; });
  }

  void handle_datagram(SessionId id, const uint8_t* data, std::size_t size) {
    coap::parse_message(data, size, coap::Framing::kDatagram, parsed);
    if (!parsed.ok) {
      warn("ignored a datagram from the target that is not CoAP (" + std::to_string(size) +
           " bytes): " + parsed.error);
      // RFC 7252 §4.2: a confirmable message that cannot be processed is rejected with a Reset.
      if (size >= 4 && data[0] >> 6 == 1 && (data[0] >> 4 & 3) == 0)
        reply(id, empty_message(coap::Type::kReset, static_cast<uint16_t>(data[2] << 8 | data[3])),
              WireKind::kReset);
      return;
    }
    coap::copy_message(data, parsed.message, received);
    const coap::MessageData& message = received;
    switch (message.type) {
      case coap::Type::kAcknowledgement: {
        take_pending(id, message.message_id);
        // An empty ACK says a separate response will follow. A piggybacked response is delivered
        // even without a pending request (a duplicate): the Replayer reports it as late.
        if (coap::is_response(message.code) && events) events->on_response(id, message);
        return;
      }
      case coap::Type::kReset:
        if (std::optional<Pending> reset = take_pending(id, message.message_id); reset && events)
          events->on_failure(id, reset->token, std::string(kAnsweredWithReset));
        return;
      case coap::Type::kConfirmable:
      case coap::Type::kNonConfirmable:
        break;
    }
    const bool confirmable = message.type == coap::Type::kConfirmable;
    if (coap::is_response(message.code)) {
      // A separate response: acknowledged first (RFC 7252 §5.2.2), every copy. It also ends its
      // request's retransmissions when the empty ACK before it was lost (§5.2.2 again: the
      // request is then acknowledged by the response), and is passed on once.
      if (confirmable)
        reply(id, empty_message(coap::Type::kAcknowledgement, message.message_id),
              WireKind::kEmptyAck);
      take_pending(id, [&](const Pending& p) { return p.token == message.token; });
      const int64_t now_ns =
          std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
              .count();
      ExpiringMap<uint16_t, bool>& seen = sessions[id].separate_responses;
      if (seen.find(message.message_id, now_ns)) return;
      seen.put(message.message_id, true, now_ns);
      if (events) events->on_response(id, message);
      return;
    }
    if (!coap::is_request(message.code)) {
      // An empty CON is a CoAP ping, answered with a Reset (§4.3); reserved codes are rejected.
      if (confirmable)
        reply(id, empty_message(coap::Type::kReset, message.message_id), WireKind::kReset);
      return;
    }
    if (reflects_own_request(id, message)) return;
    std::optional<coap::MessageData> answer;
    if (events) answer = events->on_request(id, message);
    if (answer) {
      try {
        reply(id, coap::encode_datagram(*answer), WireKind::kAnswer);
        return;
      } catch (const std::invalid_argument& error) {
        warn(std::string("cannot encode the answer to a server request: ") + error.what());
      }
    }
    if (confirmable)
      reply(id, empty_message(coap::Type::kAcknowledgement, message.message_id),
            WireKind::kEmptyAck);
  }

  // A request with the message ID and token of one the replay sent on `id` is that request come
  // back (a target that echoes datagrams): answering it would answer ourselves, and the echo of
  // that answer would pass for the server's. It ends the request, without an answer.
  bool reflects_own_request(SessionId id, const coap::MessageData& message) {
    const Session& session = sessions[id];
    const bool ours = std::any_of(session.recent.begin(), session.recent.end(), [&](const Sent& s) {
      return s.message_id == message.message_id && s.token == message.token && !s.token.empty();
    });
    if (!ours) return false;
    if (std::optional<Pending> pending = take_pending(id, message.message_id); pending && events)
      events->on_failure(id, pending->token, std::string(kReflected));
    return true;
  }

  // Reads one datagram: a client has one request in flight, so reading until the socket is empty
  // would mostly cost a recv() that finds nothing, a system call per exchange. epoll reports a
  // socket with more to read again, which also keeps one busy client from starving the others.
  void read(SessionId id) {
    ssize_t size = 0;
    do {
      // MSG_TRUNC: the datagram's whole length, so that one larger than the buffer is not taken
      // for a shorter message (CoAP has no length field).
      size = ::recv(sessions[id].fd, buffer.data(), buffer.size(), MSG_TRUNC);
    } while (size < 0 && errno == EINTR);
    if (size > static_cast<ssize_t>(buffer.size())) {
      warn("ignored a datagram of " + std::to_string(size) + " bytes from the target: over " +
           std::to_string(buffer.size()));
      return;
    }
    if (size >= 0) {
      if (events)
        events->on_wire(id, WireKind::kReceived, buffer.data(), static_cast<std::size_t>(size));
      handle_datagram(id, buffer.data(), static_cast<std::size_t>(size));
      return;
    }
    const int error = errno;
    if (error == EAGAIN || error == EWOULDBLOCK) return;
    if (is_icmp_error(error)) {
      // An ICMP error for an earlier datagram; retransmissions go on.
      if (events) events->on_unreachable(id, error);
      return;
    }
    warn("cannot receive from the target: " + errno_text(error));
  }

  // Sends again, or gives up on, the confirmable requests whose time has come.
  void retransmit_due(Clock::time_point now) {
    while (!timers.empty() && timers.top().when <= now) {
      const Timer timer = timers.top();
      timers.pop();
      Pending* pending = pending_of(timer);
      if (!pending) continue;  // acknowledged meanwhile
      if (pending->retransmissions >= settings.max_retransmit) {
        const std::optional<Pending> given_up = take_pending(timer.session, timer.message_id);
        if (events)
          events->on_failure(timer.session, given_up->token,
                             no_acknowledgement(settings.max_retransmit));
        continue;
      }
      ++pending->retransmissions;
      pending->timeout *= 2;
      pending->due = now + pending->timeout;
      add_timer({pending->due, timer.session, pending->message_id});
      if (const int error = transmit(timer.session, pending->datagram, WireKind::kRetransmission))
        warn("cannot retransmit to the target: " + errno_text(error));
    }
  }
};

UdpTransport::UdpTransport(const TransportSettings& settings)
    : impl_(std::make_unique<Impl>(settings)) {
  impl_->epoll_fd = epoll_create1(EPOLL_CLOEXEC);
  if (impl_->epoll_fd < 0) throw TransportError("cannot create an epoll set: " + errno_text(errno));
}

UdpTransport::~UdpTransport() {
  for (const Impl::Session& session : impl_->sessions)
    if (session.fd >= 0) ::close(session.fd);
  ::close(impl_->epoll_fd);
}

void UdpTransport::set_receiver(TransportEvents* events) {
  impl_->events = events;
}

SessionId UdpTransport::open() {
  return open_to(impl_->settings.target);
}

SessionId UdpTransport::open_to(const net::TransportAddress& target) {
  const SessionId id = impl_->sessions.size();
  const std::string failed = "cannot open a client socket to " + target.to_string();
  sockaddr_storage to{};
  const auto to_length = static_cast<socklen_t>(target.to_sockaddr(to));
  const int fd = ::socket(to.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) throw TransportError(failed + ": " + errno_text(errno));
  // Connecting binds an ephemeral port (of --bind's address, when given) and makes the kernel
  // drop datagrams from anyone else.
  sockaddr_storage local{};
  socklen_t local_length = sizeof local;
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.u64 = id;
  sockaddr_storage source{};
  const socklen_t source_length =
      impl_->settings.source ? static_cast<socklen_t>(impl_->settings.source->to_sockaddr(source))
                             : 0;
  if ((source_length > 0 &&
       ::bind(fd, reinterpret_cast<const sockaddr*>(&source), source_length) != 0) ||
      ::connect(fd, reinterpret_cast<const sockaddr*>(&to), to_length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_length) != 0 ||
      epoll_ctl(impl_->epoll_fd, EPOLL_CTL_ADD, fd, &event) != 0) {
    const int error = errno;
    ::close(fd);
    throw TransportError(failed + ": " + errno_text(error));
  }
  Impl::Session session;
  session.fd = fd;
  session.local = *net::TransportAddress::from_sockaddr(reinterpret_cast<const sockaddr&>(local));
  session.target = target;
  // Random starting points (RFC 7252 §4.4, §5.3.1), then counting up.
  session.next_message_id = static_cast<uint16_t>(impl_->random());
  session.round_first_id = session.next_message_id;
  session.round_started = Clock::now();
  session.next_token = impl_->random();
  impl_->sessions.push_back(std::move(session));
  return id;
}

uint16_t UdpTransport::new_message_id(SessionId session) {
  return impl_->take_message_id(session);
}

net::TransportAddress UdpTransport::local_address(SessionId session) const {
  return impl_->sessions.at(session).local;
}

coap::MessageData UdpTransport::send(SessionId id, coap::MessageData request) {
  Impl::Session& session = impl_->sessions.at(id);
  if (session.fd < 0) throw TransportError("send on a closed session");
  request.message_id = impl_->take_message_id(id);
  const uint64_t token = session.next_token++;
  request.token.resize(kTokenLength);
  for (std::size_t i = 0; i < kTokenLength; ++i)
    request.token[i] = static_cast<uint8_t>(token >> (8 * (kTokenLength - 1 - i)));
  coap::Bytes datagram;
  try {
    datagram = coap::encode_datagram(request);
  } catch (const std::invalid_argument& error) {
    throw TransportError(std::string("cannot encode the request: ") + error.what());
  }
  if (datagram.size() > kMaxUdpPayload)
    throw TransportError("the request is " + std::to_string(datagram.size()) +
                         " bytes, more than one UDP datagram holds (" +
                         std::to_string(kMaxUdpPayload) + ")");
  Impl::Sent& sent = session.recent[session.next_recent++ % session.recent.size()];
  sent.message_id = request.message_id;
  sent.token = request.token;
  if (const int error = impl_->transmit(id, datagram, WireKind::kRequest))
    throw TransportError("cannot send to " + session.target.to_string() + ": " + errno_text(error));
  if (request.type == coap::Type::kConfirmable) {
    Impl::Pending pending;
    pending.message_id = request.message_id;
    pending.token = request.token;
    pending.datagram = std::move(datagram);
    pending.timeout = impl_->first_timeout();
    pending.due = Clock::now() + pending.timeout;
    const Impl::Timer timer{pending.due, id, pending.message_id};
    impl_->sessions[id].pending.push_back(std::move(pending));
    ++impl_->pending_count;
    impl_->add_timer(timer);
  }
  return request;
}

void UdpTransport::poll(std::chrono::milliseconds timeout) {
  auto wait = std::max<std::chrono::milliseconds>(timeout, std::chrono::milliseconds(1));
  // Timers of acknowledged requests would only wake the loop early.
  while (!impl_->timers.empty() && !impl_->pending_of(impl_->timers.top())) impl_->timers.pop();
  if (!impl_->timers.empty()) {
    // Rounded up: waking a little late for a retransmission is harmless, early is a busy loop.
    const auto until_due =
        std::chrono::ceil<std::chrono::milliseconds>(impl_->timers.top().when - Clock::now());
    wait = std::clamp(until_due, std::chrono::milliseconds(0), wait);
  }
  epoll_event ready[kEventsPerWait];
  const int count =
      epoll_wait(impl_->epoll_fd, ready, kEventsPerWait, static_cast<int>(wait.count()));
  if (count < 0 && errno != EINTR) throw TransportError("epoll_wait failed: " + errno_text(errno));
  for (int i = 0; i < count; ++i) impl_->read(static_cast<SessionId>(ready[i].data.u64));
  impl_->retransmit_due(Clock::now());
}

void UdpTransport::close(SessionId id) {
  Impl::Session& session = impl_->sessions.at(id);
  if (session.fd < 0) return;
  ::close(session.fd);  // also leaves the epoll set
  session.fd = -1;
  impl_->pending_count -= session.pending.size();
  session.pending.clear();
}

const net::TransportAddress& UdpTransport::target() const {
  return impl_->settings.target;
}

const net::TransportAddress& UdpTransport::target_of(SessionId session) const {
  return impl_->sessions.at(session).target;
}

const std::vector<std::string>& UdpTransport::warnings() const {
  return impl_->warnings;
}

}  // namespace lwm2m::replay
