// What the end-to-end tests of lwm2m-replay run against: real LwM2M servers on loopback
// (lwm2m-node-lib's server from tests/replay/peers, libcoap's coap-rd-notls), sockets that must
// receive nothing, and lwm2m-replay itself.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "process.h"

namespace lwm2m::test {

// Runs this build's lwm2m-replay with `args`.
CommandResult run_replay(const std::vector<std::string>& args, int timeout_seconds = 120);
// The argv that run_replay uses, for a replay run in the background.
std::vector<std::string> replay_argv(const std::vector<std::string>& args);

// Path of a bundled sample capture.
std::string sample_capture(const std::string& file_name);

// A folder for one test's files, readable by tshark's unprivileged user; removed at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& file_name) const { return dir_ + "/" + file_name; }

 private:
  std::string dir_;
};

// tests/replay/peers/lwm2m-server.js on `port` of `host` (127.0.0.1 or ::1; port 0: a free one),
// with its extra options (--read PATH, --conflict-on-duplicate, ...). Its JSON events are read
// from stdout.
class NodeServer {
 public:
  explicit NodeServer(const std::vector<std::string>& options = {},
                      const std::string& host = "127.0.0.1", int port = 0);
  int port() const { return port_; }
  // "127.0.0.1:PORT" or "[::1]:PORT", for --target.
  std::string target() const;
  // Waits up to `timeout` for the next event named `name` (null when none came).
  nlohmann::json wait_for_event(const std::string& name,
                                std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Every event printed so far.
  std::vector<nlohmann::json> events();
  // SIGTERM; returns the exit code.
  int stop();

 private:
  std::string host_;
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// tests/replay/live/lwm2m_bootstrap_server.cpp (lwm2m-bootstrap-server, built with the tests) on
// a free port of 127.0.0.1: a bootstrap server following Wakaama's sequence (Discover, Delete /0,
// Delete /1, Write /0/2, /0/1, /1/1, Bootstrap-Finish), or the --request sequence in `options`;
// --stop-after N stops it halfway. Its JSON events ("bootstrap_request", "sent", "answered",
// "finished", "stopped", "failed") are read from stdout.
class BootstrapServer {
 public:
  explicit BootstrapServer(const std::vector<std::string>& options = {});
  int port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  // Every event printed so far but "listening".
  std::vector<nlohmann::json> events();
  // Waits up to `timeout` for the event `name` (the server prints its last events after the
  // replay has already ended) and returns every event but "listening".
  std::vector<nlohmann::json> events_through(const std::string& name,
                                             std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// tests/replay/live/lwm2m_pki_server.cpp (lwm2m-pki-server, built with the tests) on a free port
// of 127.0.0.1: DTLS with a server certificate, requiring client certificates signed by `ca`;
// with `check_cn`, a Register the client certificate's CN does not name gets 4.03. Its JSON
// events ("handshake", "registered", "rejected"...) are read from stdout.
class PkiServer {
 public:
  PkiServer(const std::string& cert, const std::string& key, const std::string& ca, bool check_cn);
  int port() const { return port_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(port_); }
  // Every event printed so far.
  std::vector<nlohmann::json> events();
  // Every event printed so far but "listening".
  std::vector<nlohmann::json> events_after_listening();

 private:
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
};

// The certificate and trust of coap-rd over DTLS with certificates.
struct CoapRdPki {
  std::string cert_and_key;  // one PEM file holding the server's certificate and key (-c)
  std::string trusted_ca;    // client certificates must be signed by this CA (-R)
};

// libcoap's coap-rd on free UDP ports of 127.0.0.1; ready once constructed. With a PSK key it is
// coap-rd-openssl and takes DTLS (any identity, that key) on the port after its CoAP port. With a
// CoapRdPki it is coap-rd-gnutls and takes DTLS with client certificates its CA signed, any CN.
class CoapRdServer {
 public:
  explicit CoapRdServer(const std::string& psk_key = "");
  explicit CoapRdServer(const CoapRdPki& pki);
  int port() const { return port_; }
  // 127.0.0.1:PORT, or the DTLS port with a PSK key.
  std::string target() const { return "127.0.0.1:" + std::to_string(target_port_); }

 private:
  // Starts `command` with `options` on a free port (and the next one, for DTLS).
  void start(const std::string& command, const std::vector<std::string>& options, bool dtls);

  int port_ = 0;
  int target_port_ = 0;
  std::unique_ptr<BackgroundProcess> process_;
};

// A JSON report (--report json=FILE) or any JSON file.
nlohmann::json read_json(const std::string& path);
// The events named `name` among what `server` has printed so far.
std::vector<nlohmann::json> events_named(NodeServer& server, const std::string& name);
std::vector<nlohmann::json> events_named(PkiServer& server, const std::string& name);
// Frame of each exchange's captured request -> its outcome, from a JSON report.
std::map<int, std::string> outcomes_by_frame(const nlohmann::json& report);

// A UDP port on loopback that no server uses now (bound, read and released).
int free_udp_port(const std::string& host = "127.0.0.1");

// A UDP socket bound to `host`:`port` that counts what arrives: stands where a captured peer was,
// to prove the replay never sends there.
class UdpListener {
 public:
  UdpListener(const std::string& host, int port);
  ~UdpListener();
  UdpListener(const UdpListener&) = delete;
  UdpListener& operator=(const UdpListener&) = delete;
  bool bound() const { return fd_ >= 0; }
  // Datagrams received so far (reads whatever is waiting).
  int received();

 private:
  int fd_ = -1;
  int count_ = 0;
};

}  // namespace lwm2m::test
