#include "report/capture_listing.h"

#include <algorithm>
#include <cinttypes>

#include "live/verification.h"
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

}  // namespace

std::string capture_summary(const CaptureStats& stats, const Survey& survey) {
  std::string text = std::to_string(stats.frames) + " frames, " + std::to_string(survey.datagrams) +
                     " UDP datagrams (" + std::to_string(survey.coap_messages) + " CoAP, " +
                     std::to_string(survey.dtls_records) + " DTLS, " +
                     std::to_string(survey.not_coap) + " other)";
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
    print(out, "  " + pad(server.address.to_string(), 24) + std::to_string(server.clients) +
                   (server.clients == 1 ? " client, " : " clients, ") +
                   std::to_string(server.requests) + " exchanges");
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
