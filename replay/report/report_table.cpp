#include "report/report_table.h"

#include <cinttypes>

#include "capture/captured_message.h"
#include "live/verification.h"
#include "lwm2m/coap_code.h"
#include "lwm2m/printable.h"

namespace lwm2m::replay {

namespace {

// Column widths of the table, in bytes.
constexpr std::size_t kClientWidth = 26;
constexpr std::size_t kExchangeWidth = 46;
constexpr std::size_t kResponseWidth = 24;

std::string fit(std::string text, std::size_t width) {
  return fit_column(std::move(text), width);
}

}  // namespace

std::string counted(uint64_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string fit_column(std::string text, std::size_t width) {
  if (text.size() > width) text = shorten(text, width, "~");
  text.append(width - std::min(width, text.size()), ' ');
  return text;
}

std::string exchange_text(const ExchangeResult& result) {
  const std::string_view name = operation_name(result.operation);
  return name.empty() ? result.request : std::string(name) + " " + result.request;
}

std::string handshake_line(const DtlsHandshake& handshake) {
  std::string text = "DTLS handshake " + handshake_text(handshake);
  if (handshake.cn) text += ", certificate CN '" + printable(*handshake.cn) + "'";
  return text;
}

std::string retransmitted_text(const ReplaySummary& s) {
  const double share = s.sent() > 0 ? 100.0 * static_cast<double>(s.retransmitted_exchanges) /
                                          static_cast<double>(s.sent())
                                    : 0.0;
  char percent[32];
  std::snprintf(percent, sizeof percent, " (%.1f %%)", share);
  return std::to_string(s.retransmitted_exchanges) + " needed a retransmission" + percent;
}

std::string summary_text(const ReplaySummary& s) {
  std::string text = counted(s.done(), "exchange", "exchanges");
  if (s.done() != s.exchanges) text += " of " + std::to_string(s.exchanges);
  text += ": " + std::to_string(s.matched) + " matched, " + std::to_string(s.differ) +
          (s.differ == 1 ? " differs, " : " differ, ") + std::to_string(s.no_answer) + " no answer";
  if (s.skipped) text += ", " + std::to_string(s.skipped) + " skipped";
  if (s.not_replayable) text += ", " + std::to_string(s.not_replayable) + " not replayable";
  if (s.interrupted) text += ", " + std::to_string(s.interrupted) + " interrupted";
  if (s.retransmitted_exchanges > 0) text += ", " + retransmitted_text(s);
  if (s.reflected)
    text += "; " + counted(s.reflected, "request", "requests") +
            " reflected back (the target echoes datagrams)";
  text += "; " + counted(s.server_requests, "server request", "server requests");
  if (s.server_requests)
    text += " (" + std::to_string(s.answered_from_capture) + " answered from the capture, " +
            std::to_string(s.answered_not_found) + " with " + coap::code_text(coap::kNotFound) +
            ")";
  if (s.server_requests_missing)
    text +=
        "; " +
        counted(s.server_requests_missing, "captured server request", "captured server requests") +
        " never came";
  if (s.server_requests_unexpected)
    text += "; " + counted(s.server_requests_unexpected, "unexpected server request",
                           "unexpected server requests");
  if (s.late_responses) text += "; " + counted(s.late_responses, "late response", "late responses");
  if (s.duplicate_server_requests)
    text += "; " + counted(s.duplicate_server_requests, "duplicate server request",
                           "duplicate server requests");
  if (s.handshakes_failed)
    text += "; " + counted(s.handshakes_failed, "DTLS handshake", "DTLS handshakes") + " failed";
  text += "; " + counted(s.clients, "client", "clients");
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "; %.2f s", static_cast<double>(s.elapsed.count()) / 1000);
  text += seconds;
  if (s.loops > 1) text += "; " + std::to_string(s.loops) + " loops";
  if (!s.stopped_by.empty()) text += "; stopped by " + s.stopped_by;
  if (s.was_interrupted) text += "; interrupted";
  if (!s.target_answered && s.done() > s.skipped + s.not_replayable)
    text += s.port_refused ? "; the target never answered (its port is closed: ICMP port "
                             "unreachable)"
                           : "; the target never answered";
  return text;
}

TableReport::TableReport(std::FILE* out, bool quiet, bool verbose, ProgressBar* progress, bool rows)
    : out_(out), quiet_(quiet), verbose_(verbose), rows_(rows), progress_(progress) {}

void TableReport::line(const std::string& text) {
  if (progress_) progress_->clear();
  std::fputs(text.c_str(), out_);
  std::fputc('\n', out_);
  std::fflush(out_);
}

void TableReport::row(const std::string& text) {
  if (!rows_) return;
  if (header_owed_) {
    header_owed_ = false;
    line("   #  " + fit("client", kClientWidth) + " " + "frame  " +
         fit("exchange", kExchangeWidth) + " " + fit("captured", kResponseWidth) + " " +
         fit("live", kResponseWidth) + " result");
  }
  line(text);
}

void TableReport::print_header() {
  header_owed_ = true;
}

void TableReport::on_exchange(const ExchangeResult& r) {
  if (quiet_ && r.outcome == Outcome::kMatched) return;
  char prefix[32];
  std::snprintf(prefix, sizeof prefix, "%4" PRIu64 "  ", r.index + 1);
  char frame[32];
  std::snprintf(frame, sizeof frame, "%5" PRIu64 "  ", r.request_frame);
  const std::string captured =
      r.captured_response ? describe_response(*r.captured_response) : "none";
  const std::string live = r.live_response ? describe_response(*r.live_response)
                           : r.outcome == Outcome::kSkipped || r.outcome == Outcome::kNotReplayable
                               ? "not sent"
                               : "none";
  row(prefix + fit(r.client->shown, kClientWidth) + " " + frame +
      fit(exchange_text(r), kExchangeWidth) + " " + fit(captured, kResponseWidth) + " " +
      fit(live, kResponseWidth) + " " + outcome_name(r.outcome));
  // Without a live response, the reason says more than the comparison.
  if (r.failure.empty())
    for (const std::string& difference : r.comparison.differences) row("        " + difference);
  if (!r.failure.empty()) row("        " + r.failure);
  if (r.retransmissions > 0)
    row("        " +
        counted(static_cast<uint64_t>(r.retransmissions), "retransmission", "retransmissions") +
        " of the request");
  if (verbose_)
    for (const std::string& change : r.changes) row("        sent with " + change);
}

void TableReport::on_server_request(const ServerRequestResult& r) {
  if (quiet_ && !r.unexpected) return;
  std::string text = "        server " + r.request + " to " + r.client->shown + ": ";
  if (!r.answer) {
    text += "left unanswered (--respond none)";
  } else if (r.captured_frame) {
    text += "answered " + describe_response(*r.answer) + " from captured frame " +
            std::to_string(*r.captured_frame);
  } else {
    text += "answered " + describe_response(*r.answer) + " (the capture has no answer to it)";
  }
  if (r.unexpected) text += "; unexpected: the capture shows no such server request to it";
  row(text);
}

void TableReport::on_missing_server_request(const MissingServerRequest& missing) {
  line("        " + missing.client->label + ": " + missing_text(missing));
}

void TableReport::on_handshake(const HandshakeResult& r) {
  if (quiet_ && r.handshake.completed) return;
  row("        " + r.client->shown + ": " + handshake_line(r.handshake));
}

void TableReport::on_notice(const std::string& text) {
  // Said at once, whatever -q: it explains the silence that follows.
  if (progress_) progress_->clear();
  std::fprintf(stderr, "lwm2m-replay: %s\n", text.c_str());
  std::fflush(stderr);
}

void TableReport::on_finish(const ReplaySummary& summary) {
  line("summary: " + summary_text(summary));
}

}  // namespace lwm2m::replay
