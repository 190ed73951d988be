#include "report/capture_listing.h"

#include <algorithm>
#include <cinttypes>

#include "capture/dtls_cipher.h"
#include "live/verification.h"
#include "lwm2m/certificate_cn.h"
#include "lwm2m/coap_option.h"
#include "lwm2m/printable.h"
#include "report/report_table.h"

namespace lwm2m::replay {

namespace {

void print(std::FILE* out, const std::string& text) {
  std::fputs(text.c_str(), out);
  std::fputc('\n', out);
}

std::string pad(std::string text, std::size_t width) {
  return fit_column(std::move(text), width);
}

std::string pad_left(const std::string& text, int width) {
  const auto w = static_cast<std::size_t>(width);
  return text.size() >= w ? text : std::string(w - text.size(), ' ') + text;
}

int decimal_digits(uint64_t n) {
  int digits = 1;
  while (n >= 10) {
    n /= 10;
    ++digits;
  }
  return digits;
}

void add_count(std::string& text, uint64_t n, const char* what) {
  if (n == 0) return;
  text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + what;
}

// The suite's IANA name, or its number when this does not know it.
std::string suite_text(uint16_t id) {
  const CipherSuite* suite = find_cipher_suite(id);
  return suite ? suite->name : "cipher suite " + cipher_suite_hex(id);
}

// "DTLS session of frame 1: TLS_..., decrypted with the capture's session secret".
std::string session_line(const DtlsSessionInfo& s) {
  std::string text = "DTLS session of frame " + std::to_string(s.first_frame) + ": ";
  if (!s.handshake_seen)
    return text + "its handshake is not in the capture, so it cannot be decrypted";
  text += s.server_hello_seen ? suite_text(s.cipher_suite) : "no ServerHello in the capture";
  const std::string reason = undecrypted_reason(s);
  if (s.application_records == 0) return text + "; " + reason;
  if (reason.empty())
    return text + ", decrypted with " +
           (s.secret_source == SecretSource::kCapture ? "the capture's session secret"
                                                      : "the session secret from --keylog");
  return text + ", not decrypted: " + reason;
}

// The client certificate's lines: its CN, the CN's format problems, and whether it names the
// endpoint of the session's Registers (seed Change 7; core's rule, lwm2m/certificate_cn.h).
void certificate_lines(const SurveyDtlsSession& session, std::vector<std::string>& lines) {
  const DtlsSessionInfo& s = session.info;
  const std::string where =
      "client certificate (frame " + std::to_string(s.certificate_frame) + ")";
  if (s.empty_certificate) {
    lines.push_back(where + ": none, the Certificate message is empty");
    return;
  }
  if (!s.certificate.ok) {
    lines.push_back(where + ": cannot be read: " + s.certificate.error);
    return;
  }
  if (s.certificate.cn_count == 0) {
    lines.push_back(where + ": no CN in its Subject '" + printable(s.certificate.dn) + "'");
    return;
  }
  std::string cn_line = where + ": CN '" + printable(s.certificate.cn) + "'";
  if (s.certificate.cn_count > 1)
    cn_line += " (the first of " + std::to_string(s.certificate.cn_count) + " CNs)";
  lines.push_back(cn_line);
  const CertificateCn cn = parse_certificate_cn(s.certificate.cn);
  for (const std::string& problem : cn.format_problems) lines.push_back("CN format: " + problem);
  for (const std::string& problem : cn.name_check.problems) lines.push_back("CN name: " + problem);
  if (session.requests.empty()) {
    const std::string reason = undecrypted_reason(s);
    if (s.application_records == 0 || reason.empty())
      lines.push_back("CN not checked: no Register in this session");
    else
      lines.push_back("CN not checked: the Register is encrypted, " + reason);
    return;
  }
  for (const DtlsRequest& request : session.requests) {
    const std::string name(operation_name(request.operation));
    const std::optional<std::string_view> ept =
        request.endpoint_type ? std::optional<std::string_view>(*request.endpoint_type)
                              : std::nullopt;
    const std::optional<std::string> mismatch = cn_mismatch(cn, ept, request.endpoint_name, name);
    const std::string of = " the " + name + " of frame " + std::to_string(request.frame);
    lines.push_back(mismatch ? "CN does not match" + of + ": " + printable(*mismatch)
                             : "CN matches" + of);
  }
}

// What a client's DTLS sessions show, a line each, in the order of the sessions.
std::vector<std::string> dtls_lines(const SurveyClient& client) {
  constexpr std::size_t kMaxSessionsShown = 3;
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < client.dtls_sessions.size() && i < kMaxSessionsShown; ++i) {
    const SurveyDtlsSession& session = client.dtls_sessions[i];
    const DtlsSessionInfo& s = session.info;
    lines.push_back(session_line(s));
    if (s.certificate_frame != 0) {
      certificate_lines(session, lines);
    } else if (s.psk_identity_frame != 0) {
      lines.push_back("PSK identity '" + printable(s.psk_identity) + "' (frame " +
                      std::to_string(s.psk_identity_frame) + ")");
    } else if (s.server_hello_seen) {
      const CipherSuite* suite = find_cipher_suite(s.cipher_suite);
      if (!suite || !suite->psk) lines.push_back("client certificate: not in the capture");
    }
    if (!s.handshake_problem.empty()) lines.push_back("handshake: " + s.handshake_problem);
  }
  if (client.dtls_sessions.size() > kMaxSessionsShown)
    lines.push_back("and " + std::to_string(client.dtls_sessions.size() - kMaxSessionsShown) +
                    " more DTLS sessions");
  return lines;
}

}  // namespace

std::string capture_summary(const CaptureStats& stats, const Survey& survey) {
  std::string text = std::to_string(stats.frames) + " frames, " + std::to_string(survey.datagrams) +
                     " UDP datagrams (" + std::to_string(survey.coap_messages) + " CoAP, " +
                     std::to_string(survey.dtls_records) + " DTLS, " +
                     std::to_string(survey.not_coap) + " other";
  if (survey.decrypted_coap)
    text += "; " + std::to_string(survey.decrypted_coap) + " CoAP decrypted from DTLS";
  text += ")";
  std::string skipped;
  add_count(skipped, stats.filtered_out, "filtered out");
  add_count(skipped, stats.not_ip, "not IP");
  add_count(skipped, stats.not_udp, "not UDP");
  add_count(skipped, stats.cut_short, "cut short by the snapshot length");
  add_count(skipped, stats.malformed, "malformed");
  add_count(skipped, stats.fragments_dropped, "fragments never reassembled");
  if (!skipped.empty()) text += "; " + std::to_string(stats.skipped()) + " skipped: " + skipped;
  if (stats.reassembled) text += "; " + std::to_string(stats.reassembled) + " reassembled";
  return text;
}

void print_clients(std::FILE* out, const Survey& survey, const std::vector<bool>& selected) {
  print(out, "servers:");
  for (const SurveyServer& server : survey.servers)
    print(out, "  " + pad(server.address.to_string(), 24) +
                   counted(server.clients, "client", "clients") + ", " +
                   counted(server.requests, "exchange", "exchanges"));
  print(out, "clients:");
  print(out, "     #  " + pad("address", 24) + pad("server", 24) + pad("endpoint", 34) +
                 pad("ept", 5) + "exchanges  retransmitted  server requests  first frame");
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    const SurveyClient& c = survey.clients[i];
    char numbers[96];
    std::snprintf(numbers, sizeof numbers, "%9" PRIu64 "  %13" PRIu64 "  %15" PRIu64 "  %11" PRIu64,
                  c.requests, c.retransmissions, c.server_requests, c.first_frame);
    char index[32];
    std::snprintf(index, sizeof index, "%6zu  ", i + 1);
    std::string line =
        index + pad(c.address.to_string(), 23) + " " + pad(c.server.to_string(), 23) + " " +
        pad(c.endpoint_name.empty() ? "-" : printable(c.endpoint_name), 33) + " " +
        pad(c.endpoint_type.empty() ? "-" : printable(c.endpoint_type), 4) + " " + numbers;
    if (!selected[i]) line += "  (not selected)";
    print(out, line);
    if (c.addresses.size() > 1) {
      std::string more = "        also sent from";
      for (std::size_t a = 1; a < c.addresses.size(); ++a)
        more += (a == 1 ? " " : ", ") + c.addresses[a].to_string();
      print(out, more);
    }
    for (const std::string& dtls : dtls_lines(c)) print(out, "        " + dtls);
    if (!c.not_replayable.empty()) print(out, "        not replayable: " + c.not_replayable);
    if (c.oscore_requests && c.not_replayable.empty())
      print(out, "        " + std::to_string(c.oscore_requests) +
                     " OSCORE-protected requests cannot be replayed");
  }
}

uint64_t print_exchanges(std::FILE* out, ExchangeStream& stream, const Survey& survey,
                         uint64_t frames) {
  // The number columns are as wide as their largest value can be, so they stay aligned on
  // captures of 100 000 frames and more.
  uint64_t most_requests = 0;
  for (const SurveyClient& client : survey.clients)
    most_requests = std::max(most_requests, client.requests);
  const int client_width = std::max(6, decimal_digits(survey.clients.size()));
  const int index_width = std::max(4, decimal_digits(most_requests));
  const int frame_width = std::max(5, decimal_digits(frames));
  print(out, "exchanges:");
  print(out, "  " + pad_left("client", client_width) + "  " + pad_left("#", index_width) + "  " +
                 pad_left("frame", frame_width) + "  " + pad("exchange", 56) +
                 pad("captured response", 26) + "notes");
  uint64_t count = 0;
  while (const Exchange* e = stream.next_in_capture_order()) {
    ++count;
    std::string notes;
    if (e->response) notes = "response in frame " + std::to_string(e->response->frame);
    if (e->separate_response) notes += notes.empty() ? "separate" : ", separate";
    if (e->retransmissions)
      notes += (notes.empty() ? "" : ", ") + std::to_string(e->retransmissions) + " retransmitted";
    if (e->duplicate_responses)
      notes += (notes.empty() ? "" : ", ") + std::to_string(e->duplicate_responses) +
               " duplicate responses";
    if (is_oscore(e->request.message))
      notes += (notes.empty() ? "" : ", ") + std::string(coap::option_name(coap::kOscore));
    ExchangeResult view;
    view.operation = e->operation;
    view.request = describe_request(e->request.message);
    print(out, "  " + pad_left(std::to_string(e->client + 1), client_width) + "  " +
                   pad_left(std::to_string(e->index + 1), index_width) + "  " +
                   pad_left(std::to_string(e->request.frame), frame_width) + "  " +
                   pad(exchange_text(view), 56) + " " +
                   pad(e->response ? describe_response(e->response->message) : "none", 26) + notes);
  }
  return count;
}

}  // namespace lwm2m::replay
