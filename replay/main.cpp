// lwm2m-replay: reruns the LwM2M exchanges of a capture against a live server and reports where
// the live server answers differently. See README.md ("lwm2m-replay") and lwm2m-replay(1).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_input.h"
#include "capture/capture_reader.h"
#include "capture/decrypting_feed.h"
#include "capture/pcapng_secrets.h"
#include "capture/tls_keylog.h"
#include "client_certificate.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "live/dtls_transport.h"
#include "live/replayer.h"
#include "live/source_address.h"
#include "live/target.h"
#include "live/udp_transport.h"
#include "options.h"
#include "outputs.h"
#include "report/capture_listing.h"
#include "report/stats_line.h"
#include "rewrite/certificate_cn_check.h"
#include "rewrite/query_limits.h"
#include "run_error.h"
#include "selection.h"
#include "target_map.h"

namespace lwm2m::replay {
namespace {

const char* const kVersion = LWM2M_VERSION;

// A load test (--clients, --fast) whose exchanges needed a retransmission more often than this
// measured the network's or the server's losses as much as the server (README, "Limits").
constexpr double kLossWarningShare = 0.05;

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
  // A second Ctrl-C ends the program at once.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

std::string now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// One socket per replayed client: ask for as many descriptors as the hard limit allows.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

DatagramFeed feed_of(CaptureReader& reader) {
  return [&reader](Datagram& d) { return reader.next(d); };
}

// The session secrets DTLS is decrypted with: --keylog's, then those the capture embeds.
TlsKeyLog session_secrets(const Options& options, const CaptureInput& input) {
  TlsKeyLog keys;
  if (!options.keylog.empty()) keys.add_file(options.keylog);
  read_pcapng_secrets(input.path(), keys);
  return keys;
}

// One pass over the capture: its datagrams, with the DTLS decrypted where a secret allows.
struct CapturePass {
  CapturePass(const CaptureInput& input, const Options& options, const TlsKeyLog& keys)
      : reader(input.path(), options.filter, input.name()), decrypting(feed_of(reader), keys) {}
  CapturePass(const CapturePass&) = delete;
  CapturePass& operator=(const CapturePass&) = delete;
  DatagramFeed feed() { return decrypting.feed(); }

  CaptureReader reader;
  DecryptingFeed decrypting;
};

Survey survey_of(const CaptureInput& input, const Options& options, const TlsKeyLog& keys,
                 CaptureStats& stats) {
  CapturePass pass(input, options, keys);
  Survey survey = survey_capture(pass.feed(), &pass.decrypting.dtls());
  stats = pass.reader.stats();
  if (survey.clients.empty())
    throw RunError(kExitUsage, "no LwM2M client in " + options.capture + " (" +
                                   capture_summary(stats, survey) +
                                   "): no Register, Update, De-register or Bootstrap-Request "
                                   "over CoAP/UDP");
  return survey;
}

int list(const CaptureInput& input, const Options& options, const TlsKeyLog& keys,
         const Survey& survey, const CaptureStats& stats, const Selection& selection) {
  std::printf("capture %s: %s\n", options.capture.c_str(), capture_summary(stats, survey).c_str());
  print_clients(stdout, survey, selection.selected);
  CapturePass pass(input, options, keys);
  ExchangeStream stream(pass.feed(), survey, selection.selected);
  print_exchanges(stdout, stream, survey, stats.frames);
  return kExitMatched;
}

std::unique_ptr<Transport> open_transport(const TransportSettings& settings) {
  if (settings.dtls()) return std::make_unique<DtlsTransport>(settings);
  return std::make_unique<UdpTransport>(settings);
}

// What the user needs to hear after the table: where the recording went and how to open it, why a
// DTLS run may have heard nothing, what the transport warned about.
void after_the_run(const Options& options, const TargetMap& targets, const ReplaySummary& summary,
                   const Outputs& outputs, const Transport& transport) {
  const bool dtls = options.dtls();
  const bool load_test = options.clients > 0 || options.fast;
  if (load_test && summary.sent() > 0 &&
      static_cast<double>(summary.retransmitted_exchanges) >
          kLossWarningShare * static_cast<double>(summary.sent()))
    std::fprintf(stderr,
                 "lwm2m-replay: warning: %s of %llu exchanges sent, over %.0f %%: the network or "
                 "the server lost requests, and the timing measured the losses too\n",
                 retransmitted_text(summary).c_str(),
                 static_cast<unsigned long long>(summary.sent()), kLossWarningShare * 100);
  if (outputs.recorder) {
    std::fprintf(stderr, "lwm2m-replay: wrote %llu packets to %s\n",
                 static_cast<unsigned long long>(outputs.recorder->packets()),
                 outputs.recorder->path().c_str());
    // Wireshark takes UDP 5683/5684 for CoAP/DTLS; another port needs Decode As.
    std::vector<unsigned> ports{targets.primary.port};
    for (const auto& mapping : targets.mappings)
      if (std::find(ports.begin(), ports.end(), mapping.second.port) == ports.end())
        ports.push_back(mapping.second.port);
    for (const unsigned port : ports)
      if (port != (dtls ? 5684 : 5683))
        std::fprintf(stderr,
                     "lwm2m-replay: the target's port %u is not %s's default: open it with "
                     "tshark -d udp.port==%u,%s (Wireshark: Decode As)\n",
                     port, dtls ? "DTLS" : "CoAP", port, dtls ? "dtls" : "coap");
  }
  // libcoap 4.3 reports a handshake the server drops (as it does for an unknown identity or a
  // wrong key) as nothing at all.
  if (exit_code(summary) == kExitNoAnswer && !options.psk_identity.empty())
    std::fprintf(stderr,
                 "lwm2m-replay: nothing came back over DTLS: a wrong --psk-identity or --psk-key "
                 "looks just like a server that is not there\n");
  const std::vector<std::string>& warnings = transport.warnings();
  if (options.verbose) {
    for (const std::string& line : warnings)
      std::fprintf(stderr, "lwm2m-replay: %s\n", line.c_str());
  } else if (!warnings.empty()) {
    std::fprintf(stderr, "lwm2m-replay: the transport reported %zu warning%s; --verbose shows %s\n",
                 warnings.size(), warnings.size() == 1 ? "" : "s",
                 warnings.size() == 1 ? "it" : "them");
  }
}

// In real time, a first exchange far into the capture, or far from --start-at, is said at once:
// the run is not stuck.
void say_when_it_starts(const Options& options, const Survey& survey, const Selection& selection) {
  constexpr double kFar = 10.0;  // seconds
  const SurveyClient* first = nullptr;
  for (std::size_t client : selection.clients)
    if (!first || survey.clients[client].first_request_ns < first->first_request_ns)
      first = &survey.clients[client];
  if (!first) return;
  const double into = static_cast<double>(first->first_request_ns - survey.first_time_ns) / 1e9;
  if (options.start_at && into - *options.start_at > kFar * options.speed)
    std::fprintf(stderr,
                 "lwm2m-replay: the first exchange (frame %llu, %.1f s into the capture) goes in "
                 "%.1f s, counted from --start-at %g\n",
                 static_cast<unsigned long long>(first->first_frame), into,
                 (into - *options.start_at) / options.speed, *options.start_at);
  else if (!options.start_at && into > kFar)
    std::fprintf(stderr,
                 "lwm2m-replay: the first replayed exchange is %.1f s into the capture (frame "
                 "%llu): the replay starts with it, the idle start is skipped (--start-at "
                 "SECONDS starts the clock elsewhere)\n",
                 into, static_cast<unsigned long long>(first->first_frame));
}

int run(const Options& given) {
  if (const std::string problem = check_options(given); !problem.empty())
    throw RunError(kExitUsage, problem);
  // A gzip file, a pipe or standard input is read once, into a file each pass reads; messages
  // and reports name it as the user did (options.capture).
  const CaptureInput input(given.capture);
  Options options = given;
  options.capture = input.name();
  if (options.stats) options.no_progress = true;  // the lines would tear the bar apart

  // Pass 1: the whole capture is read before anything is sent.
  const TlsKeyLog keys = session_secrets(options, input);
  CaptureStats stats;
  const Survey survey = survey_of(input, options, keys, stats);
  const Selection selection = select_clients(options, survey);
  if (options.list) return list(input, options, keys, survey, stats, selection);

  for (const std::string& line : selection.unreplayable)
    std::fprintf(stderr, "lwm2m-replay: not replayable: %s\n", line.c_str());
  if (selection.clients.empty())
    throw RunError(kExitUsage, "nothing to replay in " + options.capture +
                                   ": no selected client can be replayed");
  std::vector<net::TransportAddress> servers;
  for (std::size_t client : selection.clients)
    if (std::find(servers.begin(), servers.end(), survey.clients[client].server) == servers.end())
      servers.push_back(survey.clients[client].server);
  const TargetMap targets = map_targets(options, survey, servers);
  const net::TransportAddress& target = targets.primary;
  // libcoap's sessions (DTLS) go to the transport's one target.
  if (options.dtls() && targets.mappings.size() > 1)
    throw RunError(kExitUsage,
                   "--target: DTLS replays go to one live server; map several "
                   "captured servers with plain CoAP, or replay each with --server");
  ReplaySettings settings = replay_settings(options);
  settings.targets = targets.mappings;
  std::optional<net::TransportAddress> source;
  if (!options.bind.empty()) {
    source = parse_source(options.bind, target);
    const std::size_t replayed =
        selection.clients.size() * std::max<std::size_t>(settings.copies, 1);
    if (const std::string problem = source_port_problem(options.bind, *source, replayed);
        !problem.empty())
      throw RunError(kExitUsage, problem);
  }
  // What the rewriting makes of the queries: refused or warned about before anything is sent.
  const QueryLimits limits =
      check_query_limits(survey, selection.clients, settings.rules, settings.copies);
  if (!limits.refusal.empty()) throw RunError(kExitUsage, limits.refusal);
  for (const std::string& warning : limits.warnings)
    std::fprintf(stderr, "lwm2m-replay: warning: %s\n", warning.c_str());
  // The certificate's CN against what each client's Register will send: refused, or warned about
  // with --allow-cn-mismatch, before anything is sent.
  std::optional<CertificateName> certificate;
  if (!options.cert.empty()) {
    certificate = read_client_certificate(options);
    const CnCheck check = check_certificate_cn(survey, selection.clients, settings.rules,
                                               settings.copies, *certificate);
    std::vector<std::string> lines = cn_check_lines(check, options.allow_cn_mismatch);
    if (!check.ok() && !options.allow_cn_mismatch) {
      std::string message = lines.front();
      for (std::size_t i = 1; i < lines.size(); ++i) message += "\nlwm2m-replay: " + lines[i];
      throw RunError(kExitUsage, message);
    }
    for (const std::string& line : lines) std::fprintf(stderr, "lwm2m-replay: %s\n", line.c_str());
  }

  const RunInfo info{kVersion, options.capture, targets.to_string(),
                     selection.server ? selection.server->to_string() : "every mapped server",
                     now_iso8601()};
  uint64_t planned = 0;
  for (std::size_t client : selection.clients) planned += survey.clients[client].requests;
  if (options.clients > 0) planned *= options.clients;
  planned *= options.loops;
  if (options.limit) planned = std::min(planned, *options.limit);
  Outputs outputs = open_outputs(options, info, planned);

  raise_descriptor_limit();
  auto pass = std::make_unique<CapturePass>(input, options, keys);
  auto stream = std::make_unique<ExchangeStream>(pass->feed(), survey, selection.selected);
  TransportSettings transport_options = transport_settings(options, target);
  transport_options.source = source;
  if (certificate) transport_options.certificate->cn = certificate->cn;
  const std::unique_ptr<Transport> transport = open_transport(transport_options);

  std::fprintf(outputs.table_out, "lwm2m-replay %s: %s (%s) -> %s\n", kVersion,
               options.capture.c_str(), capture_summary(stats, survey).c_str(),
               targets.to_string().c_str());
  if (!options.fast) say_when_it_starts(options, survey, selection);
  if (outputs.table_on_stdout) std::fflush(stdout);
  outputs.table->print_header();

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  Replayer replayer(survey, *stream, *transport, settings, outputs.observers,
                    outputs.recorder.get());
  // --loop: each loop reads the capture afresh, as the first did.
  replayer.set_next_loop([&]() -> ExchangeStream& {
    stream.reset();
    pass = std::make_unique<CapturePass>(input, options, keys);
    stream = std::make_unique<ExchangeStream>(pass->feed(), survey, selection.selected);
    return *stream;
  });
  if (options.stats)
    replayer.set_ticker(std::chrono::milliseconds(static_cast<int64_t>(*options.stats * 1000)),
                        [&options](const ReplaySummary& so_far) {
                          std::fprintf(stderr, "lwm2m-replay: %s\n",
                                       stats_line(so_far, options.loops).c_str());
                        });
  ReplaySummary summary;
  try {
    summary = replayer.run(selection.clients, g_interrupted);
  } catch (...) {
    if (outputs.recorder) outputs.recorder->close();
    throw;
  }
  if (outputs.recorder) outputs.recorder->close();
  after_the_run(options, targets, summary, outputs, *transport);
  return exit_code(summary);
}

}  // namespace
}  // namespace lwm2m::replay

int main(int argc, char** argv) {
  using namespace lwm2m::replay;
  Options options;
  CLI::App app{
      "Reruns the LwM2M exchanges of a capture against a live server and reports, exchange by "
      "exchange, where the live server answers differently.",
      "lwm2m-replay"};
  app.set_version_flag("--version", std::string("lwm2m-replay ") + kVersion);
  app.footer(
      "Exit status: 0 every exchange matched; 1 some differ, got no answer or were skipped, or a "
      "captured server request never came; 2 bad "
      "usage, an unreadable capture (or one without LwM2M, --list too), nothing to replay, a "
      "rewritten query option over 255 bytes or a --cert CN that does not name a Register; 3 the "
      "target never answered (a closed port stops the run 1 s after its first refusal); 130 "
      "interrupted.");
  define_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ValidationError& e) {  // a bad value: the line says what is expected
    std::fprintf(stderr, "lwm2m-replay: %s\n", e.what());
    return kExitUsage;
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "lwm2m-replay: %s\nRun with --help for the options.\n", e.what());
    return kExitUsage;
  }
  try {
    return run(options);
  } catch (const RunError& error) {
    std::fprintf(stderr, "lwm2m-replay: %s\n", error.what());
    return error.exit_code();
  } catch (const std::exception& error) {  // CaptureError, TargetError, a file not written...
    std::fprintf(stderr, "lwm2m-replay: %s\n", error.what());
    return kExitUsage;
  }
}
