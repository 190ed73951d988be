// The command line of lwm2m-replay: every option, its help text and its checks, in one place so
// that --help, the man page and the README say the same thing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "live/replayer.h"
#include "live/transport.h"
#include "net/transport_address.h"

namespace CLI {
class App;
}

namespace lwm2m::replay {

struct ReportRequest {
  std::string format;  // "json" or "junit"
  std::string path;    // "-" for standard output
};

struct Options {
  std::string capture;
  // --target: one HOST:PORT, or CAPTURED=LIVE per captured server (target_map.h).
  std::vector<std::string> targets;
  std::string server;                     // captured server to replay, when the capture has several
  std::vector<std::string> only_clients;  // --client: captured address or endpoint name
  std::string filter;                     // BPF
  std::string keylog;                     // TLS key log (SSLKEYLOGFILE) for DTLS captures
  bool list = false;

  bool fast = false;
  double speed = 1.0;
  std::optional<double> max_rate;
  double ack_timeout = 2.0;
  int max_retransmit = 4;
  std::optional<double> timeout;
  std::size_t loops = 1;                      // --loop N
  std::optional<uint64_t> limit;              // --limit N: exchanges
  std::optional<double> duration;             // --duration SECONDS
  std::string bind;                           // --bind ADDRESS[:PORT]: the clients' source address
  double server_wait = 2.0;                   // --server-wait
  std::string server_requests = "bootstrap";  // --server-requests: bootstrap, all or none
  std::optional<double> start_at;             // --start-at

  std::vector<std::string> set;  // NAME=VALUE
  std::vector<std::string> drop;
  std::string ep_suffix;
  std::size_t clients = 0;  // --clients N; 0 = not given
  std::string respond = "captured";

  bool compare_payload = false;
  std::vector<std::string> reports;  // FORMAT[=FILE]
  std::string write;
  bool quiet = false;
  bool verbose = false;
  bool no_progress = false;
  std::optional<double> stats;  // --stats SECONDS: a line on stderr this often
  bool allow_multicast = false;
  std::string psk_identity;
  std::string psk_key;
  std::string cert;  // --cert: the client certificate (PEM) for DTLS with X.509
  std::string key;   // --key: its private key (PEM)
  std::string ca;    // --ca: the CA the server's certificate must be signed by
  bool allow_cn_mismatch = false;

  // DTLS, with a pre-shared key or a certificate.
  bool dtls() const { return !psk_identity.empty() || !cert.empty(); }
};

// Declares every option on `app`, bound to `options`.
void define_options(CLI::App& app, Options& options);

// The checks CLI11 cannot express; returns the first problem as a sentence, "" when none.
std::string check_options(const Options& options);

// --set NAME=VALUE split; nullopt when there is no '=' or the name is empty.
std::optional<std::pair<std::string, std::string>> split_assignment(const std::string& text);

// --report FORMAT[=FILE]; nullopt for an unknown format.
std::optional<ReportRequest> parse_report(const std::string& text);

// --psk-key: text, or hex after "hex:"; nullopt for bad hex.
std::optional<std::vector<uint8_t>> parse_psk_key(const std::string& text);

// The Replayer's settings the options ask for (valid options: check_options passed).
ReplaySettings replay_settings(const Options& options);

// The transport's: the target, CoAP's ACK_TIMEOUT and MAX_RETRANSMIT, DTLS's identity and key or
// certificate files (the certificate's CN is left for the caller, who read the file).
TransportSettings transport_settings(const Options& options, const net::TransportAddress& target);

}  // namespace lwm2m::replay
