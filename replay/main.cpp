// lwm2m-replay: reruns the LwM2M exchanges of a capture against a live server and reports where
// the live server answers differently. See README.md ("lwm2m-replay") and lwm2m-replay(1).
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "live/dtls_transport.h"
#include "live/replayer.h"
#include "live/target.h"
#include "live/udp_transport.h"
#include "lwm2m/coap_transmission.h"
#include "options.h"
#include "report/capture_listing.h"
#include "report/progress_bar.h"
#include "report/replay_recorder.h"
#include "report/report_files.h"
#include "report/report_table.h"
#include "rewrite/query_limits.h"

namespace lwm2m::replay {
namespace {

const char* const kVersion = LWM2M_VERSION;

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  g_interrupted.store(true);
  // A second Ctrl-C ends the program at once.
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGTERM, SIG_DFL);
}

// A one-line error and the exit code for it.
class Failure {
 public:
  Failure(int code, std::string message) : code_(code), message_(std::move(message)) {}
  int report() const {
    std::fprintf(stderr, "lwm2m-replay: %s\n", message_.c_str());
    return code_;
  }

 private:
  int code_;
  std::string message_;
};

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

// The captured server to replay: --server, or the only one. --list without --server lists the
// clients of every server (nullopt).
std::optional<net::TransportAddress> choose_server(const Options& options, const Survey& survey) {
  if (!options.server.empty()) {
    const auto wanted = net::TransportAddress::parse(options.server);
    if (!wanted) throw Failure(kExitUsage, "--server '" + options.server + "': expected ADDR:PORT");
    for (const SurveyServer& server : survey.servers)
      if (server.address == *wanted) return server.address;
    throw Failure(kExitUsage,
                  "--server " + wanted->to_string() + " has no LwM2M client in " + options.capture);
  }
  if (survey.servers.size() == 1) return survey.servers.front().address;
  if (options.list) return std::nullopt;
  std::string list;
  for (const SurveyServer& server : survey.servers)
    list += (list.empty() ? "" : ", ") + server.address.to_string() + " (" +
            std::to_string(server.clients) + (server.clients == 1 ? " client)" : " clients)");
  throw Failure(kExitUsage, options.capture + " has " + std::to_string(survey.servers.size()) +
                                " LwM2M servers: " + list + "; choose one with --server");
}

std::vector<bool> select_clients(const Options& options, const Survey& survey,
                                 const std::optional<net::TransportAddress>& server) {
  std::vector<bool> selected(survey.clients.size(), false);
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    const SurveyClient& client = survey.clients[i];
    if (server && client.server != *server) continue;
    bool wanted = options.only_clients.empty();
    for (const std::string& name : options.only_clients)
      wanted = wanted || name == client.endpoint_name || name == client.address.to_string();
    selected[i] = wanted;
  }
  for (const std::string& name : options.only_clients) {
    bool found = false;
    for (std::size_t i = 0; i < survey.clients.size(); ++i)
      found = found || (selected[i] && (name == survey.clients[i].endpoint_name ||
                                        name == survey.clients[i].address.to_string()));
    if (!found)
      throw Failure(kExitUsage, "--client '" + name + "': no such client" +
                                    (server ? " of " + server->to_string() : std::string()) +
                                    " in " + options.capture);
  }
  return selected;
}

int run(const Options& options) {
  if (const std::string problem = check_options(options); !problem.empty())
    throw Failure(kExitUsage, problem);

  // Pass 1: the whole capture is read before anything is sent.
  Survey survey;
  CaptureStats stats;
  {
    CaptureReader reader(options.capture, options.filter);
    survey = survey_capture(feed_of(reader));
    stats = reader.stats();
  }
  if (survey.clients.empty())
    throw Failure(kExitUsage, "no LwM2M client in " + options.capture + " (" +
                                  capture_summary(stats, survey) +
                                  "): no Register, Update, De-register or Bootstrap-Request "
                                  "over CoAP/UDP");
  const std::optional<net::TransportAddress> chosen_server = choose_server(options, survey);
  const std::vector<bool> selected = select_clients(options, survey, chosen_server);

  if (options.list) {
    std::printf("capture %s: %s\n", options.capture.c_str(),
                capture_summary(stats, survey).c_str());
    print_clients(stdout, survey, selected);
    CaptureReader reader(options.capture, options.filter);
    ExchangeStream stream(feed_of(reader), survey, selected);
    print_exchanges(stdout, stream, survey, stats.frames);
    return kExitMatched;
  }
  const net::TransportAddress server = *chosen_server;

  std::vector<std::size_t> clients;
  std::vector<std::string> unreplayable;
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    if (!selected[i]) continue;
    if (survey.clients[i].not_replayable.empty()) {
      clients.push_back(i);
    } else {
      unreplayable.push_back(client_name(survey.clients[i]) + ": " +
                             survey.clients[i].not_replayable);
    }
  }
  for (const std::string& line : unreplayable)
    std::fprintf(stderr, "lwm2m-replay: not replayable: %s\n", line.c_str());
  if (clients.empty())
    throw Failure(kExitUsage, "nothing to replay in " + options.capture +
                                  ": no selected client can be replayed");

  const net::TransportAddress target = resolve_target(options.target, options.allow_multicast);

  ReplaySettings settings;
  settings.fast = options.fast;
  settings.speed = options.speed;
  for (const std::string& item : options.set) settings.rules.set.push_back(*split_assignment(item));
  settings.rules.drop = options.drop;
  settings.rules.ep_suffix = options.ep_suffix;
  settings.copies = options.clients;
  settings.answer_server_requests = options.respond != "none";
  settings.compare.payload = options.compare_payload;
  settings.max_rate = options.max_rate;
  settings.describe_matched = !options.quiet || !options.reports.empty();
  settings.describe_changes = options.verbose || !options.reports.empty();
  const auto ack_timeout =
      std::chrono::milliseconds(static_cast<int64_t>(options.ack_timeout * 1000));
  const auto transmit_wait =
      coap::max_transmit_wait(coap::Seconds(options.ack_timeout), options.max_retransmit);
  // The transport gives up after MAX_TRANSMIT_WAIT; the deadline is a little later, as a bound.
  settings.exchange_timeout = std::chrono::milliseconds(static_cast<int64_t>(
      options.timeout ? *options.timeout * 1000 : transmit_wait.count() * 1000 + 1000));
  settings.unanswered_wait = std::min(ack_timeout, settings.exchange_timeout);
  // What the rewriting makes of the queries: refused or warned about before anything is sent.
  const QueryLimits limits = check_query_limits(survey, clients, settings.rules, settings.copies);
  if (!limits.refusal.empty()) throw Failure(kExitUsage, limits.refusal);
  for (const std::string& warning : limits.warnings)
    std::fprintf(stderr, "lwm2m-replay: warning: %s\n", warning.c_str());

  TransportSettings transport_settings;
  transport_settings.target = target;
  transport_settings.ack_timeout = ack_timeout;
  transport_settings.max_retransmit = options.max_retransmit;
  if (!options.psk_identity.empty()) {
    transport_settings.psk_identity = options.psk_identity;
    transport_settings.psk_key = *parse_psk_key(options.psk_key);
  }

  RunInfo info{kVersion, options.capture, target.to_string(), server.to_string(), now_iso8601()};
  std::vector<std::unique_ptr<ReplayObserver>> owned;
  std::vector<ReplayObserver*> observers;
  bool table_on_stdout = true;
  for (const std::string& item : options.reports) {
    const ReportRequest report = *parse_report(item);
    std::FILE* out = open_report(report.path);
    if (report.path == "-") table_on_stdout = false;
    if (report.format == "json") {
      owned.push_back(std::make_unique<JsonReport>(out, info));
    } else {
      owned.push_back(std::make_unique<JunitReport>(out, info));
    }
    observers.push_back(owned.back().get());
  }

  uint64_t planned = 0;
  for (std::size_t client : clients) planned += survey.clients[client].requests;
  if (options.clients > 0) planned *= options.clients;
  std::unique_ptr<ProgressBar> progress;
  if (!options.no_progress) {
    progress = std::make_unique<ProgressBar>(stderr, planned);
    observers.push_back(progress.get());
  }
  std::unique_ptr<TableReport> table;
  std::FILE* table_out = table_on_stdout ? stdout : stderr;
  table = std::make_unique<TableReport>(table_out, options.quiet, options.verbose, progress.get());
  observers.push_back(table.get());

  std::unique_ptr<ReplayRecorder> recorder;
  if (!options.write.empty())
    recorder =
        std::make_unique<ReplayRecorder>(options.write, std::string("lwm2m-replay ") + kVersion);

  raise_descriptor_limit();
  CaptureReader reader(options.capture, options.filter);
  ExchangeStream stream(feed_of(reader), survey, selected);

  std::unique_ptr<Transport> transport;
  if (transport_settings.psk_identity) {
    transport = std::make_unique<DtlsTransport>(transport_settings);
  } else {
    transport = std::make_unique<UdpTransport>(transport_settings);
  }

  std::fprintf(table_out, "lwm2m-replay %s: %s (%s) -> %s\n", kVersion, options.capture.c_str(),
               capture_summary(stats, survey).c_str(), target.to_string().c_str());
  if (table_on_stdout) std::fflush(stdout);
  table->print_header();

  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  auto replayer =
      std::make_unique<Replayer>(survey, stream, *transport, settings, observers, recorder.get());
  ReplaySummary summary;
  try {
    summary = replayer->run(clients, g_interrupted);
  } catch (...) {
    if (recorder) recorder->close();
    throw;
  }
  if (recorder) {
    recorder->close();
    std::fprintf(stderr, "lwm2m-replay: wrote %llu packets to %s\n",
                 static_cast<unsigned long long>(recorder->packets()), recorder->path().c_str());
    // Wireshark takes UDP 5683/5684 for CoAP/DTLS; another port needs Decode As.
    const unsigned port = target.port;
    const bool dtls = !options.psk_identity.empty();
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
  const std::vector<std::string>& warnings = transport->warnings();
  if (options.verbose) {
    for (const std::string& line : warnings)
      std::fprintf(stderr, "lwm2m-replay: %s\n", line.c_str());
  } else if (!warnings.empty()) {
    std::fprintf(stderr, "lwm2m-replay: the transport reported %zu warning%s; --verbose shows %s\n",
                 warnings.size(), warnings.size() == 1 ? "" : "s",
                 warnings.size() == 1 ? "it" : "them");
  }
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
      "Exit status: 0 every exchange matched; 1 some differ, got no answer or were skipped; 2 bad "
      "usage, an unreadable capture, nothing to replay or a rewritten query option over 255 "
      "bytes; 3 the target never answered; 130 interrupted.");
  define_options(app, options);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "lwm2m-replay: %s\nRun with --help for the options.\n", e.what());
    return kExitUsage;
  }
  try {
    return run(options);
  } catch (const Failure& failure) {
    return failure.report();
  } catch (const CaptureError& error) {
    return Failure(kExitUsage, error.what()).report();
  } catch (const TargetError& error) {
    return Failure(kExitUsage, error.what()).report();
  } catch (const std::exception& error) {
    return Failure(kExitUsage, error.what()).report();
  }
}
