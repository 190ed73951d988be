// The machine-readable reports: JSON (--report json) for scripts and JUnit XML (--report junit)
// for CI systems. Both are written as the run goes, so memory does not grow with the number of
// exchanges, and both are complete files even after an interrupted run.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "live/replay_result.h"

namespace lwm2m::replay {

// What the run was: the top of every report.
struct RunInfo {
  std::string version;  // of lwm2m-replay
  std::string capture;
  std::string target;
  std::string server;   // the captured server replayed
  std::string started;  // ISO 8601, UTC
};

// Opens `path` ("-": standard output) for a report; throws std::runtime_error naming it.
std::FILE* open_report(const std::string& path);

class JsonReport : public ReplayObserver {
 public:
  // Takes ownership of `out` unless it is stdout.
  JsonReport(std::FILE* out, const RunInfo& info);
  ~JsonReport() override;
  void on_exchange(const ExchangeResult& result) override;
  void on_server_request(const ServerRequestResult& result) override;
  void on_missing_server_request(const MissingServerRequest& missing) override;
  void on_handshake(const HandshakeResult& result) override;
  void on_finish(const ReplaySummary& summary) override;

 private:
  std::FILE* out_;
  bool first_exchange_ = true;
  // The replayed clients, in the order of their first exchange, for their retransmission counts.
  std::vector<const ReplayedClient*> clients_;
  std::unordered_set<const ReplayedClient*> clients_seen_;
  std::string server_requests_;  // JSON array elements, written at the end
  std::string missing_;          // the same, one per captured server request that never came
  std::string handshakes_;       // the same, one per DTLS handshake
  uint64_t server_requests_kept_ = 0, server_requests_omitted_ = 0;
};

class JunitReport : public ReplayObserver {
 public:
  // The test cases go to a temporary file until the totals for the header are known.
  JunitReport(std::FILE* out, const RunInfo& info);
  ~JunitReport() override;
  void on_exchange(const ExchangeResult& result) override;
  // A failing test case per server request the capture does not show, and per captured one that
  // never came.
  void on_server_request(const ServerRequestResult& result) override;
  void on_missing_server_request(const MissingServerRequest& missing) override;
  // A test case per DTLS handshake: it fails when the handshake did.
  void on_handshake(const HandshakeResult& result) override;
  void on_finish(const ReplaySummary& summary) override;

 private:
  std::FILE* out_;
  std::FILE* cases_;
  RunInfo info_;
  uint64_t failures_ = 0, errors_ = 0, skipped_ = 0, tests_ = 0;
};

// "&lt;" and friends, and control characters dropped: text fit for an XML attribute.
std::string xml_escape(const std::string& text);

}  // namespace lwm2m::replay
