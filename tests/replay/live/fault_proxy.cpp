#include "fault_proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <queue>
#include <random>
#include <stdexcept>
#include <vector>

namespace lwm2m::test {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

int udp_socket() {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) throw std::runtime_error("fault proxy: socket() failed");
  return fd;
}

// A datagram waiting for its delay to pass.
struct Pending {
  Clock::time_point due;
  uint64_t order;  // ties keep arrival order
  int fd;          // the socket to send from
  sockaddr_in to;
  std::vector<char> bytes;
  bool operator>(const Pending& other) const {
    return due != other.due ? due > other.due : order > other.order;
  }
};

// The fate of one datagram: dropped, or sent `copies` times after `delays`. The draws, in this
// order, are what a seed fixes.
struct Dice {
  explicit Dice(const Faults& faults, uint32_t seed)
      : random(seed), delay(0, faults.max_delay.count()) {}
  bool drop(const Faults& faults) { return chance(random) < faults.loss; }
  int copies(const Faults& faults) { return chance(random) < faults.duplicate ? 2 : 1; }
  int64_t wait() { return delay(random); }

  std::mt19937 random;
  std::uniform_real_distribution<double> chance{0.0, 1.0};
  std::uniform_int_distribution<int64_t> delay;
};

}  // namespace

uint64_t FaultProxy::expected_drops(const Faults& faults, int clients, int requests) {
  uint64_t drops = 0;
  for (int client = 0; client < clients; ++client) {
    Dice dice(faults, faults.seed + static_cast<uint32_t>(client));
    for (int request = 0; request < requests; ++request) {
      while (dice.drop(faults)) ++drops;
      dice.copies(faults);
      dice.wait();
    }
  }
  return drops;
}

FaultProxy::FaultProxy(int server_port, const Faults& faults)
    : server_port_(server_port), faults_(faults) {
  listen_fd_ = udp_socket();
  sockaddr_in address = loopback(0);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("fault proxy: bind failed");
  socklen_t length = sizeof address;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  if (pipe(wake_fd_) != 0) throw std::runtime_error("fault proxy: pipe failed");
  thread_ = std::thread([this] { run(); });
}

FaultProxy::~FaultProxy() {
  stopping_ = true;
  const char byte = 0;
  (void)!write(wake_fd_[1], &byte, 1);
  thread_.join();
  close(listen_fd_);
  close(wake_fd_[0]);
  close(wake_fd_[1]);
}

void FaultProxy::pause() {
  paused_ = true;
}
void FaultProxy::resume() {
  paused_ = false;
}

FaultCounts FaultProxy::counts() {
  std::lock_guard<std::mutex> lock(counts_mutex_);
  return counts_;
}

void FaultProxy::run() {
  Dice shared(faults_, faults_.seed);
  std::map<int, Dice> dice_of;  // upstream socket -> its client's dice (seed_per_client)
  std::map<std::pair<uint32_t, uint16_t>, int> upstream_of;  // client address -> socket
  std::map<int, sockaddr_in> client_of;                      // socket -> client address
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>> pending;
  uint64_t order = 0;
  const sockaddr_in server = loopback(server_port_);

  // Decides the fate of one datagram going from `fd` to `to`.
  // `upstream` is the client's socket towards the server, whichever way the datagram goes.
  auto handle = [&](int fd, int upstream, const sockaddr_in& to, std::vector<char> bytes,
                    bool faulty) {
    std::lock_guard<std::mutex> lock(counts_mutex_);
    Dice& dice = faults_.seed_per_client ? dice_of.at(upstream) : shared;
    if (paused_ || (faulty && dice.drop(faults_))) {
      ++counts_.dropped;
      return;
    }
    const int copies = faulty ? dice.copies(faults_) : 1;
    if (copies == 2) ++counts_.duplicated;
    for (int i = 0; i < copies; ++i) {
      const int64_t wait = faulty ? dice.wait() : 0;
      if (wait > 0) ++counts_.delayed;
      pending.push({Clock::now() + std::chrono::milliseconds(wait), order++, fd, to, bytes});
    }
  };

  std::vector<char> buffer(65536);
  while (!stopping_) {
    // Send what is due.
    while (!pending.empty() && pending.top().due <= Clock::now()) {
      const Pending& next = pending.top();
      sendto(next.fd, next.bytes.data(), next.bytes.size(), 0,
             reinterpret_cast<const sockaddr*>(&next.to), sizeof next.to);
      {
        std::lock_guard<std::mutex> lock(counts_mutex_);
        ++counts_.forwarded;
      }
      pending.pop();
    }
    std::vector<pollfd> fds{{listen_fd_, POLLIN, 0}, {wake_fd_[0], POLLIN, 0}};
    for (const auto& [fd, client] : client_of) fds.push_back({fd, POLLIN, 0});
    int timeout_ms = 100;
    if (!pending.empty()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(pending.top().due - Clock::now());
      timeout_ms = static_cast<int>(std::max<int64_t>(0, std::min<int64_t>(left.count(), 100)));
    }
    if (poll(fds.data(), fds.size(), timeout_ms) <= 0) continue;
    for (const pollfd& ready : fds) {
      if (!(ready.revents & POLLIN) || ready.fd == wake_fd_[0]) continue;
      sockaddr_in from{};
      socklen_t length = sizeof from;
      const ssize_t n = recvfrom(ready.fd, buffer.data(), buffer.size(), 0,
                                 reinterpret_cast<sockaddr*>(&from), &length);
      if (n < 0) continue;
      std::vector<char> bytes(buffer.begin(), buffer.begin() + n);
      if (ready.fd == listen_fd_) {
        const auto key = std::make_pair(from.sin_addr.s_addr, from.sin_port);
        auto found = upstream_of.find(key);
        if (found == upstream_of.end()) {
          const int fd = udp_socket();
          sockaddr_in any = loopback(0);
          bind(fd, reinterpret_cast<sockaddr*>(&any), sizeof any);
          found = upstream_of.emplace(key, fd).first;
          client_of[fd] = from;
          dice_of.emplace(fd, Dice(faults_, faults_.seed + static_cast<uint32_t>(dice_of.size())));
        }
        handle(found->second, found->second, server, std::move(bytes), faults_.to_server);
      } else {
        handle(listen_fd_, ready.fd, client_of.at(ready.fd), std::move(bytes), faults_.to_client);
      }
    }
  }
  for (const auto& [fd, client] : client_of) close(fd);
}

}  // namespace lwm2m::test
