// Fuzz target: lwm2m-replay's whole reading of a capture, everything but the sending. The input
// is a capture file (pcap or pcapng); its embedded TLS secrets are read (read_pcapng_secrets) and
// every pass reads through a DecryptingFeed, as the tool does, so DTLS sessions are followed and
// decrypted; it goes through pass 1 (CaptureReader + survey_capture),
// the --list output (capture_summary, print_clients, print_exchanges) and pass 2 as the replay
// reads it (ExchangeStream::get/release, each request rewritten as a replay would send it).
//
// CaptureReader opens a path, as the tool does: the input is written to a memfd and opened as
// /proc/self/fd/N, so libpcap's own file handling and the reader's error messages run as they
// do for a real file, and nothing touches the disk.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "capture/capture_reader.h"
#include "capture/decrypting_feed.h"
#include "capture/pcapng_secrets.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "fuzz_check.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/printable.h"
#include "report/capture_listing.h"
#include "rewrite/request_rewrite.h"

namespace replay = lwm2m::replay;
namespace coap = lwm2m::coap;
using lwm2m::fuzz::is_printable_utf8;

namespace {

// One memfd for the whole run, refilled for each input.
const std::string& memory_file(const uint8_t* data, std::size_t size) {
  static const int fd = memfd_create("capture", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  FUZZ_CHECK(fd >= 0);
  FUZZ_CHECK(ftruncate(fd, 0) == 0);
  std::size_t written = 0;
  while (written < size) {
    const ssize_t n = pwrite(fd, data + written, size - written, static_cast<off_t>(written));
    FUZZ_CHECK(n > 0);
    written += static_cast<std::size_t>(n);
  }
  return path;
}

std::FILE* null_output() {
  static std::FILE* const out = std::fopen("/dev/null", "w");
  FUZZ_CHECK(out != nullptr);
  return out;
}

void check_stats(const replay::CaptureStats& stats) {
  FUZZ_CHECK(stats.frames == stats.delivered_frames + stats.skipped());
  FUZZ_CHECK(stats.udp_datagrams <= stats.delivered_frames);
}

// A feed over `reader` that checks every datagram it delivers and the reader's accounting.
replay::DatagramFeed checked_feed(replay::CaptureReader& reader) {
  return [&reader, last = uint64_t{0}](replay::Datagram& d) mutable {
    const bool more = reader.next(d);
    check_stats(reader.stats());
    if (!more) {
      FUZZ_CHECK(reader.stats().fragments_pending == 0);
      return false;
    }
    FUZZ_CHECK(d.frame_number > last && d.frame_number <= reader.stats().frames);
    last = d.frame_number;
    FUZZ_CHECK(d.payload != nullptr || d.payload_length == 0);
    return true;
  };
}

// One pass over the capture at `path`, through the checked feed and the decryption.
struct Pass {
  Pass(const std::string& path, const replay::TlsKeyLog& keys)
      : reader(path, ""), decrypting(checked_feed(reader), keys) {}
  replay::DatagramFeed feed() {
    return [this](replay::Datagram& d) {
      if (!decrypting.next(d)) return false;
      FUZZ_CHECK(d.payload != nullptr || d.payload_length == 0);
      FUZZ_CHECK(!d.decrypted || d.dtls_session < decrypting.dtls().sessions().size());
      return true;
    };
  }
  replay::CaptureReader reader;
  replay::DecryptingFeed decrypting;
};

void check_dtls(const replay::DtlsSessions& dtls) {
  FUZZ_CHECK(dtls.sessions().size() <= replay::DtlsSessions::kMaxSessions);
  for (const replay::DtlsSessionInfo& s : dtls.sessions()) {
    FUZZ_CHECK(s.decrypted_records + s.failed_records <= s.encrypted_records);
    FUZZ_CHECK(s.application_records <= s.encrypted_records);
    FUZZ_CHECK(is_printable_utf8(lwm2m::printable(s.certificate.cn)));
    FUZZ_CHECK(s.decryption != replay::DtlsDecryption::kDecrypted || s.handshake_seen);
  }
}

void check_survey(const replay::Survey& survey, const replay::CaptureStats& stats) {
  FUZZ_CHECK(survey.datagrams == stats.udp_datagrams);
  // A datagram of several decrypted records is handed on as several.
  FUZZ_CHECK(survey.coap_messages + survey.not_coap + survey.dtls_records ==
             survey.datagrams + survey.continued_parts);
  FUZZ_CHECK(survey.decrypted_coap <= survey.coap_messages);
  FUZZ_CHECK(survey.unrelated_coap <= survey.coap_messages);
  std::size_t clients_of_servers = 0;
  for (const replay::SurveyServer& server : survey.servers) clients_of_servers += server.clients;
  FUZZ_CHECK(clients_of_servers == survey.clients.size());
  for (std::size_t i = 0; i < survey.clients.size(); ++i) {
    const replay::SurveyClient& client = survey.clients[i];
    FUZZ_CHECK(!client.addresses.empty() && client.addresses.front() == client.address);
    FUZZ_CHECK(survey.find_client(client.address, client.server) == i);
    FUZZ_CHECK(client.oscore_requests <= client.requests);
    // A client is made by its first request; only the DTLS ones have none that can be read.
    FUZZ_CHECK(client.requests >= 1 || !client.not_replayable.empty());
    FUZZ_CHECK(client.answers.answers() <=
               replay::AnswerTable::kMaxAnswersPerKey * replay::AnswerTable::kMaxKeys);
  }
}

void check_exchange(const replay::Exchange& e, const replay::Survey& survey) {
  FUZZ_CHECK(e.client < survey.clients.size());
  FUZZ_CHECK(survey.clients[e.client].not_replayable.empty());
  FUZZ_CHECK(e.complete);
  FUZZ_CHECK(coap::is_request(e.request.message.code));
  if (e.response) FUZZ_CHECK(e.response->frame > e.request.frame);
  FUZZ_CHECK(is_printable_utf8(replay::describe_request(e.request.message)));
}

// What a replay does with a captured request before it sends it.
void rewrite(const replay::Exchange& e, const replay::RegistrationMapping& registration) {
  replay::QueryRules rules;
  rules.set = {{"lt", "60"}, {"ept", "2"}};
  rules.drop = {"sms"};
  rules.ep_suffix = "-fuzz-1";
  const replay::RewrittenRequest live =
      replay::rewrite_request(e.request.message, e.operation, rules, &registration);
  if (const auto refusal = registration.refusal(e.request.message))
    FUZZ_CHECK(is_printable_utf8(*refusal));
  for (const std::string& change : live.changes) FUZZ_CHECK(is_printable_utf8(change));
  const coap::Bytes wire = coap::encode_datagram(live.request);
  FUZZ_CHECK(coap::parse_message(wire.data(), wire.size(), coap::Framing::kDatagram).ok);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string& path = memory_file(data, size);

  // Pass 1. A broken file is refused with a CaptureError (the tool's exit code 2), before
  // anything would be sent; nothing else may escape.
  replay::TlsKeyLog keys;
  replay::read_pcapng_secrets(path, keys);
  replay::Survey survey;
  replay::CaptureStats stats;
  try {
    Pass pass(path, keys);
    survey = replay::survey_capture(pass.feed(), &pass.decrypting.dtls());
    stats = pass.reader.stats();
    check_dtls(pass.decrypting.dtls());
  } catch (const replay::CaptureError& error) {
    FUZZ_CHECK(error.what()[0] != '\0');
    return 0;
  }
  check_stats(stats);
  check_survey(survey, stats);
  const std::vector<bool> all(survey.clients.size(), true);

  // --list. The file read once without error reads again without error.
  std::map<std::size_t, uint64_t> listed;
  {
    FUZZ_CHECK(!replay::capture_summary(stats, survey).empty());
    replay::print_clients(null_output(), survey, all);
    Pass pass(path, keys);
    replay::ExchangeStream stream(pass.feed(), survey, all);
    uint64_t previous_frame = 0;
    while (const replay::Exchange* e = stream.next_in_capture_order()) {
      check_exchange(*e, survey);
      FUZZ_CHECK(e->request.frame > previous_frame);  // in captured order
      previous_frame = e->request.frame;
      FUZZ_CHECK(e->index == listed[e->client]++);
    }
    Pass again(path, keys);
    replay::ExchangeStream printed(again.feed(), survey, all);
    replay::print_exchanges(null_output(), printed, survey, previous_frame);
  }

  // Pass 2 as the replay reads it: each client's exchanges in order, released once used.
  Pass pass(path, keys);
  replay::ExchangeStream stream(pass.feed(), survey, all);
  for (std::size_t client = 0; client < survey.clients.size(); ++client) {
    uint64_t index = 0;
    replay::RegistrationMapping registration;
    while (const replay::Exchange* e = stream.get(client, index)) {
      check_exchange(*e, survey);
      FUZZ_CHECK(e->client == client && e->index == index);
      rewrite(*e, registration);
      if (e->operation == lwm2m::Operation::kRegister && e->response) {
        coap::MessageData live;
        live.code = coap::code(2, 1);
        live.location("rd/live");
        registration.learn(e->response->message, live);
      }
      stream.release(client, ++index);
    }
    // Both ways of reading give the same exchanges, as many as the survey counted.
    FUZZ_CHECK(index == listed[client]);
    if (survey.clients[client].not_replayable.empty())
      FUZZ_CHECK(index == survey.clients[client].requests);
  }
  FUZZ_CHECK(stream.buffered() == 0);
  return 0;
}
