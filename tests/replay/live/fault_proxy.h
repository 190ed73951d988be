// A UDP proxy on loopback that stands between lwm2m-replay and a real server and misbehaves on
// purpose: it drops, duplicates, delays (and so reorders) datagrams, drawn from a seeded random
// generator, and can be paused to look like a server restart. Each client address gets its own
// socket towards the server, so the server sees distinct clients as it would without the proxy.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

namespace lwm2m::test {

struct Faults {
  double loss = 0.0;                       // probability that a datagram is dropped, each direction
  double duplicate = 0.0;                  // probability that a datagram is sent twice
  std::chrono::milliseconds max_delay{0};  // each datagram waits 0..max_delay: reordering
  bool to_server = true;                   // apply to client -> server datagrams
  bool to_client = true;                   // apply to server -> client datagrams
  uint32_t seed = 1;
  // Each client (in the order its first datagram came) draws from its own generator, seeded
  // seed + its number from 0: the losses of each client no longer depend on how the clients'
  // datagrams interleave, so a run's total is known in advance (expected_drops).
  bool seed_per_client = false;
};

struct FaultCounts {
  uint64_t forwarded = 0;  // datagrams that reached the other side (duplicates included)
  uint64_t dropped = 0;    // dropped by `loss` or while paused
  uint64_t duplicated = 0;
  uint64_t delayed = 0;
};

class FaultProxy {
 public:
  // With seed_per_client, to_client off and no duplicates or delays: the datagrams the proxy
  // drops for `clients` clients that each send `requests` confirmable requests, each until one
  // gets through (each drop is then one retransmission).
  static uint64_t expected_drops(const Faults& faults, int clients, int requests);

  // Listens on a free port of 127.0.0.1 and forwards to 127.0.0.1:`server_port`.
  FaultProxy(int server_port, const Faults& faults);
  ~FaultProxy();
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  // While paused every datagram, either way, is dropped.
  void pause();
  void resume();
  FaultCounts counts();

 private:
  void run();

  int port_ = 0;
  int server_port_ = 0;
  int listen_fd_ = -1;
  int wake_fd_[2] = {-1, -1};
  Faults faults_;
  std::atomic<bool> paused_{false};
  std::atomic<bool> stopping_{false};
  std::mutex counts_mutex_;
  FaultCounts counts_;
  std::thread thread_;
};

}  // namespace lwm2m::test
