// A UDP socket bound to an ephemeral port of 127.0.0.1, standing in for a server in the replay's
// tests: what arrives, from which port, and datagrams sent back to a port of 127.0.0.1.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

namespace lwm2m::test {

class LoopbackSocket {
 public:
  LoopbackSocket() {
    fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0)
      throw std::runtime_error("cannot open a UDP socket on 127.0.0.1");
    port_ = ntohs(address.sin_port);
  }
  ~LoopbackSocket() { ::close(fd_); }
  LoopbackSocket(const LoopbackSocket&) = delete;
  LoopbackSocket& operator=(const LoopbackSocket&) = delete;

  uint16_t port() const { return port_; }

  // The next datagram within `wait`, and its sender's port; nullopt when none came.
  std::optional<std::vector<uint8_t>> receive(std::chrono::milliseconds wait,
                                              uint16_t* from_port = nullptr) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(wait.count())) != 1) return std::nullopt;
    std::vector<uint8_t> bytes(70000);
    sockaddr_in peer{};
    socklen_t length = sizeof peer;
    const ssize_t size =
        ::recvfrom(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&peer), &length);
    if (size < 0) return std::nullopt;
    bytes.resize(static_cast<std::size_t>(size));
    if (from_port) *from_port = ntohs(peer.sin_port);
    return bytes;
  }

  // Sends `bytes` to `port` of 127.0.0.1.
  void send_to(uint16_t port, const std::vector<uint8_t>& bytes) {
    sockaddr_in peer{};
    peer.sin_family = AF_INET;
    peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    peer.sin_port = htons(port);
    if (::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&peer),
                 sizeof peer) != static_cast<ssize_t>(bytes.size()))
      throw std::runtime_error("cannot send from the test's UDP socket");
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

}  // namespace lwm2m::test
