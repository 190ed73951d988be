// lwm2m-bootstrap-server: a small LwM2M bootstrap server for the replay's live tests, on plain
// CoAP over UDP (loopback). It follows the sequence of Eclipse Wakaama's bootstrap_server
// (/work/shared/captures/PEERS.md): a Bootstrap-Request (POST /bs?ep=...) gets a piggybacked
// 2.04, then it sends its requests to the client one at a time, each once the previous one is
// answered: by default Discover / (GET, Accept link-format), Delete /0, Delete /1, Write /0/2,
// Write /0/1, Write /1/1 (PUT, SenML JSON), then Bootstrap-Finish (POST /bs). A Delete answered
// other than 2.02 or a Write other than 2.04 ends the sequence without Bootstrap-Finish, as in
// Wakaama. A repeated Bootstrap-Request (the same message ID) gets the same 2.04 again and does
// not restart the sequence.
//
// --request METHOD:PATH (repeatable: discover:/, delete:/0, write:/0/1) replaces the sequence;
// --stop-after N stops the server (socket closed, exit 0) once N requests of the sequence were
// answered, before it sends the next: a bootstrap server gone halfway.
//
// It prints one JSON object per line on standard output: {"event":"listening","port":N},
// "bootstrap_request" (ep), "sent" (request), "answered" (request, code), "finished", "failed",
// "stopped". Usage:
//   lwm2m-bootstrap-server [--host H] [--port P] [--request M:PATH]... [--stop-after N]
// Not installed: a test peer only.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "lwm2m/coap_code.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_message.h"
#include "lwm2m/coap_option.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/content_format.h"
#include "lwm2m/response_code.h"
#include "net/transport_address.h"

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr uint8_t kGet = 1, kPost = 2, kPut = 3, kDelete = 4;
constexpr uint8_t kChanged = 0x44, kDeleted = 0x42;
constexpr int kMaxTransmissions = 4;
constexpr std::chrono::milliseconds kRetransmitAfter{1000};

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int) {
  g_stop = 1;
}

void print(const json& event) {
  std::printf("%s\n", event.dump().c_str());
  std::fflush(stdout);
}

struct Step {
  uint8_t method = 0;
  std::string path;
  std::string text() const {
    switch (method) {
      case kGet:
        return "Discover " + path;
      case kDelete:
        return "Delete " + path;
      case kPut:
        return "Write " + path;
      default:
        return "Bootstrap-Finish";
    }
  }
};

std::optional<Step> parse_step(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos) return std::nullopt;
  const std::string kind = text.substr(0, colon);
  const std::string path = text.substr(colon + 1);
  if (path.empty() || path.front() != '/') return std::nullopt;
  if (kind == "discover") return Step{kGet, path};
  if (kind == "delete") return Step{kDelete, path};
  if (kind == "write") return Step{kPut, path};
  return std::nullopt;
}

// A Write's body as Wakaama sends it (SenML JSON of the instance); its content does not matter to
// the client being replayed, which answers from its capture.
std::string write_body(const std::string& path) {
  return R"([{"bn":")" + path + R"(/","n":"0","vs":"coap://127.0.0.1:5683"}])";
}

class BootstrapServer {
 public:
  BootstrapServer(int fd, std::vector<Step> steps, std::optional<std::size_t> stop_after)
      : fd_(fd), steps_(std::move(steps)), stop_after_(stop_after) {
    steps_.push_back(Step{kPost, "/bs"});  // Bootstrap-Finish
  }

  // Runs until SIGTERM, the end of a sequence with --stop-after, or a failure to receive.
  void run() {
    std::vector<uint8_t> buffer(2048);
    while (!g_stop && !stopped_) {
      pollfd ready{fd_, POLLIN, 0};
      if (::poll(&ready, 1, 50) > 0) {
        sockaddr_storage from{};
        socklen_t length = sizeof from;
        const ssize_t size = ::recvfrom(fd_, buffer.data(), buffer.size(), 0,
                                        reinterpret_cast<sockaddr*>(&from), &length);
        if (size > 0)
          on_datagram(buffer.data(), static_cast<std::size_t>(size),
                      *lwm2m::net::TransportAddress::from_sockaddr(
                          reinterpret_cast<const sockaddr&>(from)));
      }
      retransmit();
    }
  }

 private:
  struct Outstanding {
    lwm2m::coap::MessageData request;
    Clock::time_point sent_at;
    int transmissions = 1;
  };

  void send(const lwm2m::coap::MessageData& message) {
    const lwm2m::coap::Bytes bytes = lwm2m::coap::encode_datagram(message);
    sockaddr_storage to{};
    const auto length = static_cast<socklen_t>(client_->to_sockaddr(to));
    ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<const sockaddr*>(&to), length);
  }

  void on_datagram(const uint8_t* data, std::size_t size,
                   const lwm2m::net::TransportAddress& from) {
    const lwm2m::coap::ParseResult parsed =
        lwm2m::coap::parse_message(data, size, lwm2m::coap::Framing::kDatagram);
    if (!parsed.ok) return;
    const lwm2m::coap::MessageData message = lwm2m::coap::copy_message(data, parsed.message);
    if (message.code == kPost && message.type == lwm2m::coap::Type::kConfirmable &&
        lwm2m::uri_path(message) == "/bs" && message.count(lwm2m::coap::kUriQuery) > 0) {
      on_bootstrap_request(message, from);
    } else if (message.type == lwm2m::coap::Type::kAcknowledgement && outstanding_ && client_ &&
               from == *client_ && message.message_id == outstanding_->request.message_id) {
      on_answer(message);
    }
  }

  void on_bootstrap_request(const lwm2m::coap::MessageData& request,
                            const lwm2m::net::TransportAddress& from) {
    lwm2m::coap::MessageData ack;
    ack.type = lwm2m::coap::Type::kAcknowledgement;
    ack.code = kChanged;
    ack.message_id = request.message_id;
    ack.token = request.token;
    const bool repeat = client_ && *client_ == from && request.message_id == request_id_;
    client_ = from;
    send(ack);
    if (repeat) return;
    request_id_ = request.message_id;
    std::string ep;
    for (std::string_view query : request.values(lwm2m::coap::kUriQuery))
      if (query.substr(0, 3) == "ep=") ep = std::string(query.substr(3));
    print({{"event", "bootstrap_request"}, {"ep", ep}, {"client", from.to_string()}});
    next_ = 0;
    send_next();
  }

  void send_next() {
    if (stop_after_ && next_ == *stop_after_) {
      print({{"event", "stopped"}, {"after", next_}});
      stopped_ = true;
      return;
    }
    const Step& step = steps_[next_];
    lwm2m::coap::MessageData request;
    request.type = lwm2m::coap::Type::kConfirmable;
    request.code = step.method;
    request.message_id = next_message_id_++;
    request.token = {static_cast<uint8_t>(request.message_id >> 8),
                     static_cast<uint8_t>(request.message_id), 0x5e, 0xed};
    if (step.path != "/") request.path(step.path);
    if (step.method == kGet) request.add_uint(lwm2m::coap::kAccept, lwm2m::coap::kLinkFormat);
    if (step.method == kPut) {
      request.add_uint(lwm2m::coap::kContentFormat, lwm2m::coap::kSenmlJson);
      request.body(write_body(step.path));
    }
    outstanding_ = Outstanding{request, Clock::now()};
    send(request);
    print({{"event", "sent"}, {"request", step.text()}});
  }

  void on_answer(const lwm2m::coap::MessageData& answer) {
    const Step step = steps_[next_];
    outstanding_.reset();
    print({{"event", "answered"},
           {"request", step.text()},
           {"code", lwm2m::coap::response_code_text(answer.code)}});
    const bool refused = (step.method == kDelete && answer.code != kDeleted) ||
                         ((step.method == kPut || step.method == kPost) && answer.code != kChanged);
    if (refused) {
      print({{"event", "failed"}, {"request", step.text()}});
      return;
    }
    if (++next_ == steps_.size()) {
      print({{"event", "finished"}});
      return;
    }
    send_next();
  }

  void retransmit() {
    if (!outstanding_ || Clock::now() - outstanding_->sent_at < kRetransmitAfter) return;
    if (outstanding_->transmissions == kMaxTransmissions) {
      print({{"event", "failed"}, {"request", steps_[next_].text()}, {"why", "no answer"}});
      outstanding_.reset();
      return;
    }
    ++outstanding_->transmissions;
    outstanding_->sent_at = Clock::now();
    send(outstanding_->request);
  }

  int fd_;
  std::vector<Step> steps_;
  std::optional<std::size_t> stop_after_;
  std::optional<lwm2m::net::TransportAddress> client_;
  uint16_t request_id_ = 0;
  std::size_t next_ = 0;
  uint16_t next_message_id_ = static_cast<uint16_t>(std::random_device{}());
  std::optional<Outstanding> outstanding_;
  bool stopped_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  std::string host = "127.0.0.1";
  int port = 0;
  std::vector<std::string> requests;
  std::optional<std::size_t> stop_after;
  CLI::App app{"A small LwM2M bootstrap server following Wakaama's sequence (test peer)"};
  app.add_option("--host", host, "loopback address to listen on (127.0.0.1 or ::1)");
  app.add_option("--port", port, "UDP port; 0 picks a free one");
  app.add_option("--request", requests,
                 "the sequence instead of Wakaama's: discover:/PATH, delete:/PATH, write:/PATH")
      ->allow_extra_args(false);
  app.add_option("--stop-after", stop_after,
                 "stop once this many requests of the sequence were answered");
  CLI11_PARSE(app, argc, argv);

  std::vector<Step> steps;
  for (const std::string& text : requests) {
    const std::optional<Step> step = parse_step(text);
    if (!step) {
      std::fprintf(stderr, "lwm2m-bootstrap-server: --request '%s': expected KIND:/PATH\n",
                   text.c_str());
      return 2;
    }
    steps.push_back(*step);
  }
  if (requests.empty())
    steps = {{kGet, "/"},    {kDelete, "/0"}, {kDelete, "/1"},
             {kPut, "/0/2"}, {kPut, "/0/1"},  {kPut, "/1/1"}};

  // Loopback only: a test peer answers nobody else.
  sockaddr_storage local{};
  socklen_t length = 0;
  if (host == "127.0.0.1") {
    auto& in = reinterpret_cast<sockaddr_in&>(local);
    in.sin_family = AF_INET;
    in.sin_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET, host.c_str(), &in.sin_addr);
    length = sizeof in;
  } else if (host == "::1") {
    auto& in6 = reinterpret_cast<sockaddr_in6&>(local);
    in6.sin6_family = AF_INET6;
    in6.sin6_port = htons(static_cast<uint16_t>(port));
    inet_pton(AF_INET6, host.c_str(), &in6.sin6_addr);
    length = sizeof in6;
  } else {
    std::fprintf(stderr, "lwm2m-bootstrap-server: --host must be 127.0.0.1 or ::1\n");
    return 2;
  }
  const int fd = ::socket(local.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0 || ::bind(fd, reinterpret_cast<const sockaddr*>(&local), length) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length) != 0) {
    std::perror("lwm2m-bootstrap-server: socket");
    return 1;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  print({{"event", "listening"},
         {"port",
          lwm2m::net::TransportAddress::from_sockaddr(reinterpret_cast<const sockaddr&>(local))
              ->port}});
  BootstrapServer(fd, std::move(steps), stop_after).run();
  ::close(fd);
  return 0;
}
