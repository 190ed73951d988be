// The human report: one line per exchange as it ends, the differences under it, the server's
// requests and how they were answered, and a summary line.
#pragma once

#include <cstdio>
#include <string>

#include "live/replay_result.h"
#include "report/progress_bar.h"

namespace lwm2m::replay {

class TableReport : public ReplayObserver {
 public:
  // quiet: only exchanges that did not match, and the summary. verbose: also how each request
  // was rewritten. `progress` (may be null) is cleared before each line. rows false: the summary
  // line only (a report has standard output, and the table would mix into it).
  TableReport(std::FILE* out, bool quiet, bool verbose, ProgressBar* progress, bool rows = true);

  // The column titles: printed before the first row, so never without one (-q, all matched).
  void print_header();
  void on_exchange(const ExchangeResult& result) override;
  void on_server_request(const ServerRequestResult& result) override;
  void on_missing_server_request(const MissingServerRequest& missing) override;
  void on_handshake(const HandshakeResult& result) override;
  // On standard error, whatever the table's stream: it is not part of the table.
  void on_notice(const std::string& text) override;
  void on_finish(const ReplaySummary& summary) override;

 private:
  void line(const std::string& text);
  // A row or a line under one: the header first if it is owed.
  void row(const std::string& text);

  std::FILE* out_;
  bool quiet_, verbose_, rows_;
  bool header_owed_ = false;
  ProgressBar* progress_;
};

// "1 exchange", "2 exchanges": a count with its noun in the number it needs.
std::string counted(uint64_t n, const char* one, const char* many);

// `text` cut (marked with ~) or padded with spaces to `width` bytes, for table columns.
std::string fit_column(std::string text, std::size_t width);

// "Register POST /rd?ep=...": the operation's name, when it has one, and the request.
std::string exchange_text(const ExchangeResult& result);

// "DTLS handshake completed, certificate CN '2:urn:imei:...'", "DTLS handshake failed: the
// server sent alert 48 unknown_ca, certificate CN '...'"; no CN with a pre-shared key.
std::string handshake_line(const DtlsHandshake& handshake);

// "375 needed a retransmission (12.5 %)": of the exchanges sent.
std::string retransmitted_text(const ReplaySummary& summary);

// The summary line: "6 exchanges: 5 matched, 1 differs, ...; 1 server request ...; 0.84 s".
std::string summary_text(const ReplaySummary& summary);

}  // namespace lwm2m::replay
