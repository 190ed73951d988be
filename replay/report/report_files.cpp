#include "report/report_files.h"

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "capture/captured_message.h"
#include "live/verification.h"
#include "lwm2m/coap_path.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"
#include "report/report_table.h"

namespace lwm2m::replay {

namespace {

// An outcome as a JSON value: "no_answer", "not_replayable" (identifiers, for scripts).
std::string outcome_id(Outcome outcome) {
  std::string id = outcome_name(outcome);
  for (char& c : id)
    if (c == ' ') c = '_';
  return id;
}

using json = nlohmann::ordered_json;

// More server requests than this are counted, not listed: a load test can cause millions.
constexpr uint64_t kMaxListedServerRequests = 10000;

json response_json(const std::optional<coap::MessageData>& response) {
  if (!response) return nullptr;
  json out;
  out["type"] = std::string(coap::type_text(response->type));
  // A Reset's code field means nothing: its code is its type.
  out["code"] = response->type == coap::Type::kReset ? std::string(coap::type_text(response->type))
                                                     : coap::code_text(response->code);
  out["text"] = describe_response(*response);
  const std::string location = location_path(*response);
  out["location"] = location.empty() ? json(nullptr) : json(printable(location));
  uint32_t format = 0;
  const coap::OptionData* option = response->find(coap::kContentFormat);
  out["content_format"] =
      option && coap::decode_uint(option->value.data(), option->value.size(), format)
          ? json(format)
          : json(nullptr);
  out["payload_bytes"] = response->payload.size();
  return out;
}

void write(std::FILE* out, const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size())
    throw std::runtime_error(std::string("cannot write a report: ") + std::strerror(errno));
}

void close_unless_stdout(std::FILE* out) {
  if (out && out != stdout) std::fclose(out);
}

json run_json(const RunInfo& info) {
  return {{"tool", "lwm2m-replay"}, {"version", info.version}, {"capture", info.capture},
          {"target", info.target},  {"server", info.server},   {"started", info.started}};
}

}  // namespace

std::FILE* open_report(const std::string& path) {
  if (path == "-") return stdout;
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (!out) throw std::runtime_error(path + ": cannot create: " + std::strerror(errno));
  return out;
}

std::string xml_escape(const std::string& raw) {
  const std::string text = printable(raw);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// ---- JSON ----

JsonReport::JsonReport(std::FILE* out, const RunInfo& info) : out_(out) {
  std::string head = run_json(info).dump(2);
  head.pop_back();  // the closing brace: exchanges and the summary follow
  while (!head.empty() && head.back() == '\n') head.pop_back();
  write(out_, head + ",\n  \"exchanges\": [");
}

JsonReport::~JsonReport() {
  close_unless_stdout(out_);
}

void JsonReport::on_exchange(const ExchangeResult& r) {
  json item;
  item["client"] = printable(r.client->label);
  item["client_number"] = r.client->number;
  item["copy"] = r.client->copy;
  item["captured_address"] = r.client->captured_address.to_string();
  item["live_address"] =
      r.client->live_address ? json(r.client->live_address->to_string()) : json(nullptr);
  item["index"] = r.index + 1;
  item["operation"] = std::string(operation_name(r.operation));
  item["request"] = r.request;
  item["request_frame"] = r.request_frame;
  item["response_frame"] = r.response_frame ? json(*r.response_frame) : json(nullptr);
  item["captured"] = response_json(r.captured_response);
  item["live"] = response_json(r.live_response);
  item["outcome"] = outcome_id(r.outcome);
  item["differences"] = r.comparison.differences;
  item["failure"] = r.failure.empty() ? json(nullptr) : json(r.failure);
  item["changes"] = r.changes;
  item["round_trip_ms"] = static_cast<double>(r.round_trip.count()) / 1000.0;
  item["retransmissions"] = r.retransmissions;
  if (clients_seen_.insert(r.client).second) clients_.push_back(r.client);
  write(out_, std::string(first_exchange_ ? "\n    " : ",\n    ") + item.dump());
  first_exchange_ = false;
}

void JsonReport::on_server_request(const ServerRequestResult& r) {
  if (server_requests_kept_ >= kMaxListedServerRequests) {
    ++server_requests_omitted_;
    return;
  }
  json item;
  item["client"] = printable(r.client->label);
  item["request"] = r.request;
  item["answer"] = response_json(r.answer);
  item["captured_frame"] = r.captured_frame ? json(*r.captured_frame) : json(nullptr);
  item["expected_frame"] = r.expected_frame ? json(*r.expected_frame) : json(nullptr);
  item["unexpected"] = r.unexpected;
  server_requests_ += (server_requests_kept_ == 0 ? "\n    " : ",\n    ") + item.dump();
  ++server_requests_kept_;
}

void JsonReport::on_missing_server_request(const MissingServerRequest& m) {
  json item;
  item["client"] = printable(m.client->label);
  item["copy"] = m.client->copy;
  item["request"] = m.request;
  item["frame"] = m.frame;
  item["server"] = m.bootstrap_server ? "bootstrap" : "lwm2m";
  item["text"] = missing_text(m);
  missing_ += (missing_.empty() ? "\n    " : ",\n    ") + item.dump();
}

void JsonReport::on_handshake(const HandshakeResult& r) {
  const DtlsHandshake& handshake = r.handshake;
  json item;
  item["client"] = printable(r.client->label);
  item["copy"] = r.client->copy;
  item["live_address"] =
      r.client->live_address ? json(r.client->live_address->to_string()) : json(nullptr);
  item["outcome"] = handshake.completed ? "completed" : "failed";
  json alert = nullptr;
  if (handshake.alert) {
    const std::string_view name = tls_alert_name(handshake.alert->description);
    alert = {{"number", handshake.alert->description},
             {"name", name.empty() ? json(nullptr) : json(std::string(name))},
             {"sent_by", handshake.alert->from_server ? "server" : "replay"}};
  }
  item["alert"] = alert;
  item["text"] = handshake_text(handshake);
  item["cn"] = handshake.cn ? json(printable(*handshake.cn)) : json(nullptr);
  handshakes_ += (handshakes_.empty() ? "\n    " : ",\n    ") + item.dump();
}

void JsonReport::on_finish(const ReplaySummary& s) {
  json summary = {{"exchanges", s.exchanges},
                  {"done", s.done()},
                  {"matched", s.matched},
                  {"differ", s.differ},
                  {"no_answer", s.no_answer},
                  {"skipped", s.skipped},
                  {"not_replayable", s.not_replayable},
                  {"interrupted", s.interrupted},
                  {"server_requests", s.server_requests},
                  {"server_requests_not_listed", server_requests_omitted_},
                  {"answered_from_capture", s.answered_from_capture},
                  {"answered_not_found", s.answered_not_found},
                  {"late_responses", s.late_responses},
                  {"retransmissions", s.retransmissions},
                  {"retransmitted_exchanges", s.retransmitted_exchanges},
                  {"reflected", s.reflected},
                  {"port_refused", s.port_refused},
                  {"duplicate_server_requests", s.duplicate_server_requests},
                  {"server_requests_missing", s.server_requests_missing},
                  {"server_requests_unexpected", s.server_requests_unexpected},
                  {"clients", s.clients},
                  {"handshakes_completed", s.handshakes_completed},
                  {"handshakes_failed", s.handshakes_failed},
                  {"target_answered", s.target_answered},
                  {"was_interrupted", s.was_interrupted},
                  {"stopped_by", s.stopped_by},
                  {"loops", s.loops},
                  {"elapsed_ms", s.elapsed.count()},
                  {"exit_code", exit_code(s)},
                  {"text", summary_text(s)}};
  // Per replayed client, in the order of their first exchange.
  std::string clients;
  for (const ReplayedClient* client : clients_) {
    const json item = {
        {"client", printable(client->label)},
        {"client_number", client->number},
        {"copy", client->copy},
        {"captured_address", client->captured_address.to_string()},
        {"live_address",
         client->live_address ? json(client->live_address->to_string()) : json(nullptr)},
        {"retransmissions", client->retransmissions}};
    clients += (clients.empty() ? "\n    " : ",\n    ") + item.dump();
  }
  write(out_, std::string(first_exchange_ ? "]" : "\n  ]") + ",\n  \"clients\": [" + clients +
                  (clients.empty() ? "]" : "\n  ]") + ",\n  \"server_requests\": [" +
                  server_requests_ + (server_requests_kept_ ? "\n  ]" : "]") +
                  ",\n  \"missing_server_requests\": [" + missing_ +
                  (missing_.empty() ? "]" : "\n  ]") + ",\n  \"handshakes\": [" + handshakes_ +
                  (handshakes_.empty() ? "]" : "\n  ]") + ",\n  \"summary\": " + summary.dump() +
                  "\n}\n");
  std::fflush(out_);
}

// ---- JUnit ----

JunitReport::JunitReport(std::FILE* out, const RunInfo& info)
    : out_(out), cases_(std::tmpfile()), info_(info) {
  if (!cases_)
    throw std::runtime_error(std::string("cannot create a temporary file: ") +
                             std::strerror(errno));
}

JunitReport::~JunitReport() {
  if (cases_) std::fclose(cases_);
  close_unless_stdout(out_);
}

void JunitReport::on_exchange(const ExchangeResult& r) {
  ++tests_;
  const std::string name = std::to_string(r.index + 1) + " " + exchange_text(r) + " (frame " +
                           std::to_string(r.request_frame) + ")";
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.6f", static_cast<double>(r.round_trip.count()) / 1e6);
  std::string text = "    <testcase classname=\"" + xml_escape(r.client->shown) + "\" name=\"" +
                     xml_escape(name) + "\" time=\"" + seconds + "\">";
  // JUnit has no field for it: a property, which CI tools show with the test case.
  if (r.retransmissions > 0)
    text += "\n      <properties><property name=\"retransmissions\" value=\"" +
            std::to_string(r.retransmissions) + "\"/></properties>";
  std::string detail;
  for (const std::string& d : r.comparison.differences) detail += (detail.empty() ? "" : "; ") + d;
  if (!r.failure.empty()) detail += (detail.empty() ? "" : "; ") + r.failure;
  switch (r.outcome) {
    case Outcome::kMatched:
      if (r.retransmissions > 0) text += "\n    ";
      break;
    case Outcome::kDiffers:
    case Outcome::kNoAnswer:
      ++failures_;
      text += "\n      <failure type=\"" + std::string(outcome_name(r.outcome)) + "\" message=\"" +
              xml_escape(detail) + "\"/>\n    ";
      break;
    case Outcome::kSkipped:
    case Outcome::kNotReplayable:
      ++skipped_;
      text += "\n      <skipped message=\"" + xml_escape(detail) + "\"/>\n    ";
      break;
    case Outcome::kInterrupted:
      ++errors_;
      text += "\n      <error type=\"interrupted\" message=\"" + xml_escape(detail) + "\"/>\n    ";
      break;
  }
  text += "</testcase>\n";
  write(cases_, text);
}

void JunitReport::on_server_request(const ServerRequestResult& r) {
  if (!r.unexpected) return;
  ++tests_;
  ++failures_;
  write(cases_, "    <testcase classname=\"" + xml_escape(r.client->label) +
                    "\" name=\"server request " + xml_escape(r.request) +
                    "\" time=\"0\">\n      <failure type=\"unexpected server request\" "
                    "message=\"the capture shows no such server request to it\"/>\n    "
                    "</testcase>\n");
}

void JunitReport::on_missing_server_request(const MissingServerRequest& m) {
  ++tests_;
  ++failures_;
  write(cases_, "    <testcase classname=\"" + xml_escape(m.client->label) +
                    "\" name=\"server request " + xml_escape(m.request) + " (frame " +
                    std::to_string(m.frame) +
                    ")\" time=\"0\">\n      <failure type=\"never came\" "
                    "message=\"" +
                    xml_escape(missing_text(m)) + "\"/>\n    </testcase>\n");
}

void JunitReport::on_handshake(const HandshakeResult& r) {
  ++tests_;
  const DtlsHandshake& handshake = r.handshake;
  std::string name = "DTLS handshake";
  if (handshake.cn) name += " (certificate CN '" + *handshake.cn + "')";
  std::string text = "    <testcase classname=\"" + xml_escape(r.client->label) + "\" name=\"" +
                     xml_escape(name) + "\" time=\"0\">";
  if (!handshake.completed) {
    ++failures_;
    text += "\n      <failure type=\"handshake failed\" message=\"" +
            xml_escape(handshake_text(handshake)) + "\"/>\n    ";
  }
  text += "</testcase>\n";
  write(cases_, text);
}

void JunitReport::on_finish(const ReplaySummary& s) {
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.3f", static_cast<double>(s.elapsed.count()) / 1000);
  const std::string counts = "tests=\"" + std::to_string(tests_) + "\" failures=\"" +
                             std::to_string(failures_) + "\" errors=\"" + std::to_string(errors_) +
                             "\" skipped=\"" + std::to_string(skipped_) + "\" time=\"" + seconds +
                             "\"";
  write(out_, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"lwm2m-replay\" " +
                  counts + ">\n  <testsuite name=\"" +
                  xml_escape(info_.capture + " -> " + info_.target) + "\" " + counts +
                  " timestamp=\"" + xml_escape(info_.started) + "\">\n");
  std::rewind(cases_);
  char buffer[65536];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, cases_)) > 0)
    write(out_, std::string(buffer, n));
  write(out_, "  </testsuite>\n</testsuites>\n");
  std::fflush(out_);
}

}  // namespace lwm2m::replay
