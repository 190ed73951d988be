// lwm2m_responder: the smallest LwM2M server that answers a replay, for bench/replay-throughput.
//
//   lwm2m_responder PORT
//
// Binds 127.0.0.1:PORT (0: any free port) and prints "listening on 127.0.0.1:PORT" on stdout.
// Answers every request at once, piggybacked in an ACK for a CON (same MID and token), in a NON
// for a NON: Register (POST /rd) 2.01 with Location-Path "rd", "<n>" (n counts registrations),
// Update (POST /rd/x) 2.04, De-register (DELETE /rd/x) 2.02, anything else 4.04. Keeps no state
// but the counter: it must cost far less than what is measured, so it takes datagrams in batches
// (recvmmsg/sendmmsg) and parses and encodes with lwm2m_core. SIGINT or SIGTERM end it, with the
// number of answers on stderr.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_message.h"

namespace {

namespace coap = lwm2m::coap;

constexpr unsigned kBatch = 64;             // datagrams per recvmmsg/sendmmsg
constexpr std::size_t kMaxDatagram = 1500;  // a replayed LwM2M request fits one Ethernet frame
// 1000 clients with one request each in flight must not overflow the socket (a lost datagram
// costs the replay a retransmission after ACK_TIMEOUT), and the kernel charges each queued
// datagram much more than its bytes.
constexpr int kSocketBuffer = 8 << 20;

volatile std::sig_atomic_t g_stop = 0;

void on_signal(int) {
  g_stop = 1;
}

std::string_view view(const std::uint8_t* data, const coap::Option& option) {
  return {reinterpret_cast<const char*>(data + option.offset), option.length};
}

// The answer to one request, or false for anything that is not a request (ACK, RST, garbage).
bool answer(const std::uint8_t* data, std::size_t size, std::uint64_t& registrations,
            std::uint16_t& next_mid, coap::Bytes& out) {
  const coap::ParseResult parsed = coap::parse_message(data, size, coap::Framing::kDatagram);
  if (!parsed.ok || !coap::is_request(parsed.message.code)) return false;
  const coap::Message& request = parsed.message;
  if (request.type != coap::Type::kConfirmable && request.type != coap::Type::kNonConfirmable)
    return false;

  std::string_view path[3];
  std::size_t segments = 0;
  for (const coap::Option& option : request.options) {
    if (option.number != coap::kUriPath) continue;
    if (segments < 3) path[segments] = view(data, option);
    ++segments;
  }
  const bool rd = segments >= 1 && path[0] == "rd";
  coap::MessageData response;
  if (request.code == coap::kPost && rd && segments == 1) {
    response.code = coap::kCreated;
    response.add(coap::kLocationPath, "rd");
    response.add(coap::kLocationPath, std::to_string(++registrations));
  } else if (request.code == coap::kPost && rd && segments == 2) {
    response.code = coap::kChanged;
  } else if (request.code == coap::kDelete && rd && segments == 2) {
    response.code = coap::kDeleted;
  } else {
    response.code = coap::kNotFound;
  }
  if (request.type == coap::Type::kConfirmable) {
    response.type = coap::Type::kAcknowledgement;
    response.message_id = request.message_id;
  } else {
    response.type = coap::Type::kNonConfirmable;
    response.message_id = next_mid++;
  }
  response.token.assign(data + request.token_offset,
                        data + request.token_offset + request.token_length);
  out = coap::encode_datagram(response);
  return true;
}

int serve(int fd) {
  std::vector<std::uint8_t> in(kBatch * kMaxDatagram);
  sockaddr_in from[kBatch];
  iovec in_iov[kBatch];
  mmsghdr in_msg[kBatch];
  std::vector<coap::Bytes> replies(kBatch);
  iovec out_iov[kBatch];
  mmsghdr out_msg[kBatch];
  std::uint64_t registrations = 0, answered = 0;
  std::uint16_t next_mid = 1;
  while (!g_stop) {
    for (unsigned i = 0; i < kBatch; ++i) {
      in_iov[i] = {in.data() + i * kMaxDatagram, kMaxDatagram};
      in_msg[i] = {};
      in_msg[i].msg_hdr.msg_name = &from[i];
      in_msg[i].msg_hdr.msg_namelen = sizeof from[i];
      in_msg[i].msg_hdr.msg_iov = &in_iov[i];
      in_msg[i].msg_hdr.msg_iovlen = 1;
    }
    // Blocks for the first datagram only, then takes whatever else is queued.
    const int got = recvmmsg(fd, in_msg, kBatch, MSG_WAITFORONE, nullptr);
    if (got < 0) {
      if (errno == EINTR) continue;
      std::perror("lwm2m_responder: recvmmsg");
      return 1;
    }
    unsigned count = 0;
    for (int i = 0; i < got; ++i) {
      if (!answer(in.data() + i * kMaxDatagram, in_msg[i].msg_len, registrations, next_mid,
                  replies[count]))
        continue;
      out_iov[count] = {replies[count].data(), replies[count].size()};
      out_msg[count] = {};
      out_msg[count].msg_hdr.msg_name = &from[i];
      out_msg[count].msg_hdr.msg_namelen = in_msg[i].msg_hdr.msg_namelen;
      out_msg[count].msg_hdr.msg_iov = &out_iov[count];
      out_msg[count].msg_hdr.msg_iovlen = 1;
      ++count;
    }
    for (unsigned sent = 0; sent < count;) {
      const int n = sendmmsg(fd, out_msg + sent, count - sent, 0);
      if (n < 0) {
        if (errno == EINTR) continue;
        // The first answer cannot go (a client gone away...): drop it, answer the others.
        std::perror("lwm2m_responder: sendmmsg");
        ++sent;
        continue;
      }
      sent += static_cast<unsigned>(n);
    }
    answered += count;
  }
  std::fprintf(stderr, "lwm2m_responder: answered %llu requests, %llu registrations\n",
               static_cast<unsigned long long>(answered),
               static_cast<unsigned long long>(registrations));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  char* end = nullptr;
  const long port = argc == 2 ? std::strtol(argv[1], &end, 10) : -1;
  if (argc != 2 || *argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
    std::fprintf(stderr, "usage: lwm2m_responder PORT   (0: any free port)\n");
    return 2;
  }
  const int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("lwm2m_responder: socket");
    return 1;
  }
  // SO_RCVBUFFORCE passes rmem_max for root; others get at most rmem_max.
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kSocketBuffer, sizeof kSocketBuffer) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &kSocketBuffer, sizeof kSocketBuffer);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::fprintf(stderr, "lwm2m_responder: cannot bind 127.0.0.1:%ld: %s\n", port,
                 std::strerror(errno));
    return 1;
  }
  // No SA_RESTART: a signal must interrupt the blocking recvmmsg.
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
  std::printf("listening on 127.0.0.1:%u\n", ntohs(address.sin_port));
  std::fflush(stdout);
  const int status = serve(fd);
  close(fd);
  return status;
}
