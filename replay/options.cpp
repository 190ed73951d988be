#include "options.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>

#include "lwm2m/coap_transmission.h"
#include "option_checks.h"

namespace lwm2m::replay {

void define_options(CLI::App& app, Options& o) {
  app.add_option("CAPTURE", o.capture,
                 "pcap or pcapng file holding the LwM2M exchanges, gzip-compressed or not; - "
                 "reads standard input")
      ->required()
      ->option_text("FILE");

  app.add_option("-t,--target", o.targets,
                 "the live LwM2M server to replay against; nothing is sent anywhere else. "
                 "CAPTURED=HOST:PORT maps a captured server to a live one, repeatable: every "
                 "server of the capture in one run (a bootstrap server, then an LwM2M server)")
      ->option_text("[CAPTURED=]HOST:PORT")
      ->allow_extra_args(false)
      ->group("Target");
  app.add_option("--server", o.server,
                 "replay the clients of this captured server (needed when the capture has "
                 "several)")
      ->option_text("ADDR:PORT")
      ->group("Target");
  app.add_option("--client", o.only_clients,
                 "replay only this captured client (its address or endpoint name); repeatable")
      ->option_text("ADDR:PORT|EP")
      ->group("Target");
  app.add_flag("--allow-multicast", o.allow_multicast, "allow a multicast or broadcast target")
      ->group("Target");
  app.add_option("--bind", o.bind,
                 "send from this local address (a port only with one replayed client)")
      ->option_text("ADDRESS[:PORT]")
      ->group("Target");
  app.add_option("--psk-identity", o.psk_identity, "use DTLS with this PSK identity")
      ->option_text("ID")
      ->group("Target");
  app.add_option("--psk-key", o.psk_key, "the DTLS pre-shared key: text, or hex:0011...")
      ->option_text("KEY")
      ->group("Target");
  app.add_option("--cert", o.cert,
                 "use DTLS with this X.509 client certificate (PEM); its CN must be "
                 "<ept>:<ep> of every replayed Register")
      ->option_text("FILE")
      ->group("Target");
  app.add_option("--key", o.key, "the private key of --cert (PEM)")
      ->option_text("FILE")
      ->group("Target");
  app.add_option("--ca", o.ca,
                 "verify the server's certificate against this CA (PEM); without it any server "
                 "certificate is accepted")
      ->option_text("FILE")
      ->group("Target");
  app.add_flag("--allow-cn-mismatch", o.allow_cn_mismatch,
               "send even when the CN of --cert does not name what a Register sends (to test "
               "that the server rejects it)")
      ->group("Target");

  app.add_option("-f,--filter", o.filter,
                 "read only the packets this libpcap filter accepts, e.g. 'udp port 5683'")
      ->option_text("BPF")
      ->group("Capture");
  app.add_flag("-l,--list", o.list, "show the clients and exchanges of the capture; send nothing")
      ->group("Capture");
  app.add_option("--keylog", o.keylog,
                 "decrypt the capture's DTLS with the session secrets of this TLS key log "
                 "(SSLKEYLOGFILE); those the capture embeds are used without it")
      ->option_text("FILE")
      ->group("Capture");

  auto* fast = app.add_flag("--fast", o.fast, "do not wait between exchanges")->group("Timing");
  auto* speed =
      app.add_option("--speed", o.speed, "replay the captured gaps N times faster (default 1)")
          ->option_text("N")
          ->check(positive_number())
          ->group("Timing");
  fast->excludes(speed);
  app.add_option("--max-rate", o.max_rate, "send at most N requests per second in all")
      ->option_text("N")
      ->check(positive_number())
      ->group("Timing");
  app.add_option("--ack-timeout", o.ack_timeout,
                 "CoAP ACK_TIMEOUT before the first retransmission (default 2; with DTLS at "
                 "least 1)")
      ->option_text("SECONDS")
      ->check(number_from(0.1, 60))
      ->group("Timing");
  app.add_option("--max-retransmit", o.max_retransmit,
                 "CoAP MAX_RETRANSMIT: retransmissions of a confirmable request (default 4; "
                 "with DTLS at least 1)")
      ->option_text("N")
      ->check(whole_number_from(0, 10))
      ->group("Timing");
  app.add_option("--timeout", o.timeout,
                 "give up on an exchange after this long (default: CoAP's MAX_TRANSMIT_WAIT "
                 "for the ACK timeout and retransmissions, 93 s with the defaults)")
      ->option_text("SECONDS")
      ->check(number_from(0.1, 3600))
      ->group("Timing");
  app.add_option("--loop", o.loops,
                 "replay the capture N times, one loop after the other, each registering afresh")
      ->option_text("N")
      ->check(whole_number_from(1, 1000000))
      ->group("Timing");
  app.add_option("--limit", o.limit, "stop after N exchanges (with the report so far)")
      ->option_text("N")
      ->check(whole_number_from(1, 1000000000))
      ->group("Timing");
  app.add_option("--duration", o.duration,
                 "stop after this long (with the report so far; exchanges in flight are "
                 "reported as interrupted)")
      ->option_text("SECONDS")
      ->check(number_from(0.1, 604800))
      ->group("Timing");
  app.add_option("--server-wait", o.server_wait,
                 "after its last exchange a client stays reachable for the server requests the "
                 "capture still shows (a bootstrap server's Writes and Bootstrap-Finish): until "
                 "the next one's captured time plus this, again after each (default 2; 0: no "
                 "wait)")
      ->option_text("SECONDS")
      ->check(number_from(0, 3600))
      ->group("Timing");
  app.add_option("--server-requests", o.server_requests,
                 "whose requests to a client are held against the capture's, by operation and "
                 "path in order (one that never came, or one the capture does not show, "
                 "differs): bootstrap (the default: the bootstrap server's, which the client's "
                 "Bootstrap-Request starts), all (also an LwM2M server's Reads, Writes...) or none")
      ->option_text("bootstrap|all|none")
      ->check(one_of({"bootstrap", "all", "none"}))
      ->group("Report");
  app.add_option("--start-at", o.start_at,
                 "start the replay's clock this far into the capture (from its first frame): "
                 "exchanges captured earlier go without waiting (default: at the first "
                 "replayed exchange)")
      ->option_text("SECONDS")
      ->check(number_from(0, 1e9))
      ->group("Timing");

  app.add_option("--set", o.set,
                 "set a query parameter of Register, Bootstrap-Request and Update (added to "
                 "Register and Bootstrap-Request when missing); repeatable")
      ->option_text("NAME=VALUE")
      ->group("Rewriting");
  app.add_option("--drop", o.drop, "remove a query parameter, e.g. ept; repeatable")
      ->option_text("NAME")
      ->group("Rewriting");
  app.add_option("--ep-suffix", o.ep_suffix,
                 "append S to every endpoint name, to avoid a device still registered")
      ->option_text("S")
      ->group("Rewriting");
  app.add_option("--clients", o.clients,
                 "replay every captured client N times, named ep-1 ... ep-N")
      ->option_text("N")
      ->check(whole_number_from(1, 100000))
      ->group("Rewriting");
  app.add_option("--respond", o.respond,
                 "answer the server's requests with the captured answers (captured, the "
                 "default) or leave them unanswered (none)")
      ->check(one_of({"captured", "none"}))
      ->option_text("captured|none")
      ->group("Rewriting");

  app.add_flag("--compare-payload", o.compare_payload, "also compare response payloads")
      ->group("Report");
  app.add_option("--report", o.reports,
                 "also write a json or junit report to FILE (- or no FILE: standard output, "
                 "instead of the table, whose summary line goes to standard error); repeatable")
      ->option_text("FORMAT[=FILE]")
      ->group("Report");
  app.add_option("-w,--write", o.write,
                 "record every datagram sent and received to this pcapng file, retransmissions "
                 "and empty ACKs included")
      ->option_text("OUT.pcapng")
      ->group("Report");
  app.add_flag("-q,--quiet", o.quiet, "show only the exchanges that differ, and the summary")
      ->group("Report");
  app.add_flag("-v,--verbose", o.verbose,
               "show how each request was rewritten, and the transport's warnings")
      ->group("Report");
  app.add_flag("--no-progress", o.no_progress, "no progress bar on a terminal")->group("Report");
  app.add_option("--stats", o.stats,
                 "print a line of counts on standard error this often (instead of the progress "
                 "bar)")
      ->option_text("SECONDS")
      ->check(number_from(0.1, 86400))
      ->group("Report");
}

std::optional<std::pair<std::string, std::string>> split_assignment(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos || equals == 0) return std::nullopt;
  return std::make_pair(text.substr(0, equals), text.substr(equals + 1));
}

std::optional<ReportRequest> parse_report(const std::string& text) {
  ReportRequest request;
  const auto equals = text.find('=');
  request.format = text.substr(0, equals);
  request.path = equals == std::string::npos ? "-" : text.substr(equals + 1);
  if (request.path.empty()) request.path = "-";
  if (request.format != "json" && request.format != "junit") return std::nullopt;
  return request;
}

std::optional<std::vector<uint8_t>> parse_psk_key(const std::string& text) {
  const std::string prefix = "hex:";
  if (text.compare(0, prefix.size(), prefix) != 0)
    return std::vector<uint8_t>(text.begin(), text.end());
  const std::string hex = text.substr(prefix.size());
  if (hex.empty() || hex.size() % 2 != 0) return std::nullopt;
  std::vector<uint8_t> key;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    const std::string pair = hex.substr(i, 2);
    if (pair.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return std::nullopt;
    key.push_back(static_cast<uint8_t>(std::stoul(pair, nullptr, 16)));
  }
  return key;
}

std::string check_options(const Options& o) {
  if (!o.list && o.targets.empty()) return "--target HOST:PORT is required (or --list)";
  const bool maps = std::any_of(o.targets.begin(), o.targets.end(), [](const std::string& t) {
    return t.find('=') != std::string::npos;
  });
  if (!maps && o.targets.size() > 1)
    return "--target is given " + std::to_string(o.targets.size()) +
           " times: to replay several captured servers, map each one with --target "
           "CAPTURED=HOST:PORT";
  if (o.fast && o.start_at)
    return "--start-at sets the clock of a real-time replay: not with --fast";
  for (const std::string& item : o.set)
    if (!split_assignment(item)) return "--set '" + item + "': expected NAME=VALUE";
  for (const std::string& name : o.drop)
    if (name.empty() || name.find('=') != std::string::npos)
      return "--drop '" + name + "': expected a parameter name such as ept";
  bool report_to_stdout = false;
  for (const std::string& item : o.reports) {
    const auto report = parse_report(item);
    if (!report) return "--report '" + item + "': expected json or junit, optionally =FILE";
    if (report->path == "-") {
      if (report_to_stdout) return "--report: only one report can go to standard output";
      report_to_stdout = true;
    }
  }
  if (o.psk_identity.empty() != o.psk_key.empty())
    return "--psk-identity and --psk-key go together";
  if (!o.psk_key.empty() && !parse_psk_key(o.psk_key))
    return "--psk-key: 'hex:' must be followed by an even number of hex digits";
  if (o.cert.empty() != o.key.empty()) return "--cert and --key go together";
  if (!o.cert.empty() && !o.psk_identity.empty())
    return "--cert and --psk-identity exclude each other: DTLS uses a certificate or a "
           "pre-shared key";
  if (!o.ca.empty() && o.cert.empty())
    return "--ca verifies the server's certificate: it needs --cert and --key";
  if (o.allow_cn_mismatch && o.cert.empty()) return "--allow-cn-mismatch needs --cert";
  // libcoap, which does DTLS, ignores smaller values.
  if (o.dtls() && o.ack_timeout < 1.0)
    return "--ack-timeout: at least 1 second with DTLS (libcoap's minimum)";
  if (o.dtls() && o.max_retransmit < 1)
    return "--max-retransmit: at least 1 with DTLS (libcoap's minimum)";
  if (o.list && !o.write.empty()) return "--write records a replay; --list sends nothing";
  return "";
}

namespace {

std::chrono::milliseconds ack_timeout_of(const Options& options) {
  return std::chrono::milliseconds(static_cast<int64_t>(options.ack_timeout * 1000));
}

}  // namespace

ReplaySettings replay_settings(const Options& options) {
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
  const std::chrono::milliseconds ack_timeout = ack_timeout_of(options);
  const auto transmit_wait =
      coap::max_transmit_wait(coap::Seconds(options.ack_timeout), options.max_retransmit);
  // The transport gives up after MAX_TRANSMIT_WAIT; the deadline is a little later, as a bound.
  settings.exchange_timeout = std::chrono::milliseconds(static_cast<int64_t>(
      options.timeout ? *options.timeout * 1000 : transmit_wait.count() * 1000 + 1000));
  settings.unanswered_wait = std::min(ack_timeout, settings.exchange_timeout);
  settings.loops = options.loops;
  settings.limit = options.limit;
  if (options.duration)
    settings.duration =
        std::chrono::milliseconds(static_cast<int64_t>(std::llround(*options.duration * 1000)));
  settings.server_request_wait =
      std::chrono::milliseconds(static_cast<int64_t>(options.server_wait * 1000));
  settings.start_at = options.start_at;
  settings.judge_bootstrap_server_requests = options.server_requests != "none";
  settings.judge_lwm2m_server_requests = options.server_requests == "all";
  return settings;
}

TransportSettings transport_settings(const Options& options, const net::TransportAddress& target) {
  TransportSettings settings;
  settings.target = target;
  settings.ack_timeout = ack_timeout_of(options);
  settings.max_retransmit = options.max_retransmit;
  if (!options.psk_identity.empty()) {
    settings.psk_identity = options.psk_identity;
    settings.psk_key = *parse_psk_key(options.psk_key);
  }
  if (!options.cert.empty())
    settings.certificate =
        TransportSettings::Certificate{options.cert, options.key, options.ca, ""};
  return settings;
}

}  // namespace lwm2m::replay
