#include "live_peers.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "lwm2m/host_port.h"

namespace lwm2m::test {
namespace {

// A UDP socket bound to host:port (port 0: any free one); -1 when the address is taken.
int bind_udp(const std::string& host, int port) {
  const bool v6 = host.find(':') != std::string::npos;
  const int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_storage address{};
  socklen_t length = 0;
  if (v6) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr);
    length = sizeof *in6;
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&address);
    in4->sin_family = AF_INET;
    in4->sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &in4->sin_addr);
    length = sizeof *in4;
  }
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int port_of(int fd) {
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  if (address.ss_family == AF_INET6)
    return ntohs(reinterpret_cast<sockaddr_in6*>(&address)->sin6_port);
  return ntohs(reinterpret_cast<sockaddr_in*>(&address)->sin_port);
}

// Waits up to `timeout` for the next JSON line of `process` whose "event" is `name`.
nlohmann::json wait_for_json_event(BackgroundProcess& process, const std::string& name,
                                   std::chrono::milliseconds timeout) {
  const std::string line = process.wait_for_line(
      [&](const std::string& text) {
        const auto event = nlohmann::json::parse(text, nullptr, false);
        return !event.is_discarded() && event.value("event", "") == name;
      },
      timeout);
  return line.empty() ? nlohmann::json() : nlohmann::json::parse(line);
}

// Every JSON line `process` has printed so far.
std::vector<nlohmann::json> json_events(BackgroundProcess& process) {
  std::vector<nlohmann::json> events;
  for (const std::string& line : process.lines()) {
    auto event = nlohmann::json::parse(line, nullptr, false);
    if (!event.is_discarded()) events.push_back(std::move(event));
  }
  return events;
}

std::vector<nlohmann::json> named(const std::vector<nlohmann::json>& events,
                                  const std::string& name) {
  std::vector<nlohmann::json> found;
  for (const nlohmann::json& event : events)
    if (event.value("event", "") == name) found.push_back(event);
  return found;
}

// The port a test peer printed in its "listening" event; throws, naming `peer`, when it did not
// start within 10 s.
int listening_port(BackgroundProcess& process, const std::string& peer) {
  const nlohmann::json listening =
      wait_for_json_event(process, "listening", std::chrono::seconds(10));
  if (listening.is_null()) throw std::runtime_error(peer + " did not start: " + process.err());
  return listening.at("port").get<int>();
}

// Every JSON event `process` has printed so far but "listening".
std::vector<nlohmann::json> json_events_after_listening(BackgroundProcess& process) {
  std::vector<nlohmann::json> events = json_events(process);
  events.erase(std::remove_if(events.begin(), events.end(),
                              [](const nlohmann::json& event) {
                                return event.value("event", "") == "listening";
                              }),
               events.end());
  return events;
}

}  // namespace

std::vector<std::string> replay_argv(const std::vector<std::string>& args) {
  std::vector<std::string> argv{LWM2M_REPLAY_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

CommandResult run_replay(const std::vector<std::string>& args, int timeout_seconds) {
  return run_command(replay_argv(args), timeout_seconds);
}

std::string sample_capture(const std::string& file_name) {
  return std::string(LWM2M_SOURCE_DIR) + "/samples/" + file_name;
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lwm2m-replay-test-XXXXXX");
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  chmod(dir_.c_str(), 0755);  // tshark runs as nobody when the tests run as root
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

NodeServer::NodeServer(const std::vector<std::string>& options, const std::string& host, int port)
    : host_(host) {
  std::vector<std::string> argv{
      "node",   std::string(LWM2M_SOURCE_DIR) + "/tests/replay/peers/lwm2m-server.js",
      "--port", std::to_string(port),
      "--host", host};
  argv.insert(argv.end(), options.begin(), options.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  const nlohmann::json listening = wait_for_event("listening", std::chrono::seconds(20));
  if (listening.is_null())
    throw std::runtime_error("lwm2m-server.js did not start: " + process_->err() +
                             " (scripts/install-deps installs node and its npm packages)");
  port_ = listening.at("port").get<int>();
}

std::string NodeServer::target() const {
  return host_port(host_, static_cast<uint16_t>(port_));
}

nlohmann::json NodeServer::wait_for_event(const std::string& name,
                                          std::chrono::milliseconds timeout) {
  return wait_for_json_event(*process_, name, timeout);
}

std::vector<nlohmann::json> NodeServer::events() {
  return json_events(*process_);
}

int NodeServer::stop() {
  return process_->stop(SIGTERM);
}

PkiServer::PkiServer(const std::string& cert, const std::string& key, const std::string& ca,
                     bool check_cn) {
  std::vector<std::string> argv{LWM2M_PKI_SERVER_BINARY, "--cert", cert, "--key", key, "--ca", ca};
  if (check_cn) argv.push_back("--check-cn");
  process_ = std::make_unique<BackgroundProcess>(argv);
  port_ = listening_port(*process_, "lwm2m-pki-server");
}

std::vector<nlohmann::json> PkiServer::events() {
  return json_events(*process_);
}

std::vector<nlohmann::json> PkiServer::events_after_listening() {
  return json_events_after_listening(*process_);
}

BootstrapServer::BootstrapServer(const std::vector<std::string>& options) {
  std::vector<std::string> argv{LWM2M_BOOTSTRAP_SERVER_BINARY};
  argv.insert(argv.end(), options.begin(), options.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  port_ = listening_port(*process_, "lwm2m-bootstrap-server");
}

std::vector<nlohmann::json> BootstrapServer::events() {
  return json_events_after_listening(*process_);
}

std::vector<nlohmann::json> BootstrapServer::events_through(const std::string& name,
                                                            std::chrono::milliseconds timeout) {
  wait_for_json_event(*process_, name, timeout);
  return events();
}

CoapRdServer::CoapRdServer(const std::string& psk_key) {
  if (psk_key.empty()) {
    start("coap-rd-notls", {}, false);
  } else {
    start("coap-rd-openssl", {"-k", psk_key}, true);
  }
}

CoapRdServer::CoapRdServer(const CoapRdPki& pki) {
  start("coap-rd-gnutls", {"-c", pki.cert_and_key, "-R", pki.trusted_ca}, true);
}

void CoapRdServer::start(const std::string& command, const std::vector<std::string>& options,
                         bool dtls) {
  // Two free ports in a row when DTLS needs the second.
  for (int attempt = 0; attempt < 20; ++attempt) {
    port_ = free_udp_port();
    if (!dtls || port_ == 65535) break;
    const int next = bind_udp("127.0.0.1", port_ + 1);
    if (next >= 0) {
      close(next);
      break;
    }
  }
  target_port_ = dtls ? port_ + 1 : port_;
  std::vector<std::string> argv{command, "-A", "127.0.0.1", "-p", std::to_string(port_)};
  argv.insert(argv.end(), options.begin(), options.end());
  process_ = std::make_unique<BackgroundProcess>(argv);
  // Ready once its port is taken.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    const int probe = bind_udp("127.0.0.1", target_port_);
    if (probe < 0 && errno == EADDRINUSE) return;
    if (probe >= 0) close(probe);
    if (!process_->running() || std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error(argv[0] + " did not start: " + process_->err());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

nlohmann::json read_json(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

std::vector<nlohmann::json> events_named(NodeServer& server, const std::string& name) {
  return named(server.events(), name);
}

std::vector<nlohmann::json> events_named(PkiServer& server, const std::string& name) {
  return named(server.events(), name);
}

std::map<int, std::string> outcomes_by_frame(const nlohmann::json& report) {
  std::map<int, std::string> outcomes;
  for (const nlohmann::json& exchange : report.at("exchanges"))
    outcomes[exchange.at("request_frame").get<int>()] = exchange.at("outcome");
  return outcomes;
}

int free_udp_port(const std::string& host) {
  const int fd = bind_udp(host, 0);
  if (fd < 0) throw std::runtime_error("no free UDP port on " + host);
  const int port = port_of(fd);
  close(fd);
  return port;
}

UdpListener::UdpListener(const std::string& host, int port) : fd_(bind_udp(host, port)) {}

UdpListener::~UdpListener() {
  if (fd_ >= 0) close(fd_);
}

int UdpListener::received() {
  if (fd_ < 0) return 0;
  char buffer[2048];
  while (recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT) >= 0) ++count_;
  return count_;
}

}  // namespace lwm2m::test
