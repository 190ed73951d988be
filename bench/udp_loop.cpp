// udp_loop: the fastest request/response loop this machine runs over loopback, the baseline of
// bench/replay-throughput.
//
//   udp_loop --target 127.0.0.1:PORT --clients C --exchanges N [--path rd/12345]
//
// C sockets, each connected to the target like a replayed client's, keep one CoAP request in
// flight each: a confirmable Update (POST /rd/12345, a 1-byte token, no payload: 14 bytes, the
// Updates lwm2m-replay sends to bench/lwm2m_responder) that goes again as soon as its answer
// comes, until N answers have come. One epoll loop, no CoAP library: what is left is the kernel's
// and the responder's share of the work, the floor under any replay. Prints one line:
//   "N exchanges in S s with C clients: X exchanges/s"
// A request whose answer has not come in a second is sent again (counted and printed); ten
// seconds without any answer end the run with status 1.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"

namespace {

namespace coap = lwm2m::coap;
using Clock = std::chrono::steady_clock;

constexpr int kResendMs = 1000;
constexpr int kGiveUpMs = 10000;

struct Client {
  int fd = -1;
  coap::Bytes request;  // the encoded request; bytes 2-3 are the MID, 4 the token
  std::uint16_t mid = 0;
  bool in_flight = false;
};

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr,
               "udp_loop: %s\n"
               "usage: udp_loop --target 127.0.0.1:PORT --clients C --exchanges N [--path P]\n",
               why);
  std::exit(2);
}

std::uint64_t number(const char* text, const char* what) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (*text == '\0' || *text == '-' || *end != '\0' || v == 0)
    usage((std::string("bad ") + what + " '" + text + "'").c_str());
  return v;
}

sockaddr_in parse_target(const std::string& text) {
  const auto colon = text.rfind(':');
  sockaddr_in address{};
  address.sin_family = AF_INET;
  if (colon == std::string::npos ||
      inet_pton(AF_INET, text.substr(0, colon).c_str(), &address.sin_addr) != 1)
    usage("--target wants IPv4:PORT");
  address.sin_port = htons(static_cast<std::uint16_t>(number(text.c_str() + colon + 1, "port")));
  return address;
}

void send_request(Client& client) {
  client.request[2] = static_cast<std::uint8_t>(client.mid >> 8);
  client.request[3] = static_cast<std::uint8_t>(client.mid);
  // A failed send is not fatal: the resend timer sends it again.
  (void)send(client.fd, client.request.data(), client.request.size(), 0);
  client.in_flight = true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string target, path = "rd/12345";
  std::uint64_t clients = 0, exchanges = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
    if (arg == "--target") {
      target = argv[++i];
    } else if (arg == "--clients") {
      clients = number(argv[++i], "--clients");
    } else if (arg == "--exchanges") {
      exchanges = number(argv[++i], "--exchanges");
    } else if (arg == "--path") {
      path = argv[++i];
    } else {
      usage(("unknown option " + arg).c_str());
    }
  }
  if (target.empty() || clients == 0 || exchanges == 0)
    usage("--target, --clients and --exchanges are required");
  const sockaddr_in address = parse_target(target);

  const int epoll = epoll_create1(0);
  if (epoll < 0) {
    std::perror("udp_loop: epoll_create1");
    return 1;
  }
  std::vector<Client> all(clients);
  for (std::uint64_t k = 0; k < clients; ++k) {
    Client& client = all[k];
    client.fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0);
    if (client.fd < 0 ||
        connect(client.fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
      std::perror("udp_loop: socket");
      return 1;
    }
    coap::MessageData update;
    update.code = coap::kPost;
    update.path(path);
    update.token.push_back(static_cast<std::uint8_t>(k));  // libcoap's first tokens are 1 byte
    client.request = coap::encode_datagram(update);
    client.mid = static_cast<std::uint16_t>(k * 7919);
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = k;
    epoll_ctl(epoll, EPOLL_CTL_ADD, client.fd, &event);
  }

  std::uint64_t sent = 0, answered = 0, resent = 0;
  const Clock::time_point start = Clock::now();
  for (Client& client : all) {
    if (sent == exchanges) break;
    send_request(client);
    ++sent;
  }
  std::vector<epoll_event> events(256);
  std::uint8_t buffer[1500];
  int idle_ms = 0;
  while (answered < exchanges) {
    const int ready = epoll_wait(epoll, events.data(), static_cast<int>(events.size()), kResendMs);
    if (ready < 0) continue;  // EINTR
    if (ready == 0) {
      idle_ms += kResendMs;
      if (idle_ms >= kGiveUpMs) {
        std::fprintf(stderr, "udp_loop: no answer for %d s after %llu exchanges\n",
                     kGiveUpMs / 1000, static_cast<unsigned long long>(answered));
        return 1;
      }
      for (Client& client : all) {
        if (!client.in_flight) continue;
        send_request(client);
        ++resent;
      }
      continue;
    }
    idle_ms = 0;
    for (int e = 0; e < ready; ++e) {
      Client& client = all[events[e].data.u64];
      // Up to the answer to the request in flight (same MID and token), and no further: asking
      // again would only cost a recv that finds nothing (epoll reports what is left).
      for (;;) {
        const ssize_t got = recv(client.fd, buffer, sizeof buffer, 0);
        if (got < 0) break;  // EAGAIN (or an ICMP error: the resend timer copes)
        if (!client.in_flight || got < 5 || buffer[2] != client.request[2] ||
            buffer[3] != client.request[3] || buffer[4] != client.request[4])
          continue;  // a late answer to a request sent again
        client.in_flight = false;
        ++answered;
        ++client.mid;
        if (sent < exchanges) {
          send_request(client);
          ++sent;
        }
        break;
      }
    }
  }
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%llu exchanges in %.3f s with %llu clients: %.0f exchanges/s\n",
              static_cast<unsigned long long>(answered), seconds,
              static_cast<unsigned long long>(clients), static_cast<double>(answered) / seconds);
  if (resent > 0)
    std::printf("%llu requests sent again after %d ms without an answer\n",
                static_cast<unsigned long long>(resent), kResendMs);
  for (Client& client : all) close(client.fd);
  close(epoll);
  return 0;
}
