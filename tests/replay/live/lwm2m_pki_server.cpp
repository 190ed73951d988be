// lwm2m-pki-server: a small LwM2M server for the replay's live tests, over DTLS with X.509
// certificates (libcoap with OpenSSL), that requires a client certificate signed by --ca. It
// serves the registration interface: Register (POST /rd: 2.01 Created, Location-Path rd/<n>),
// Update (POST /rd/<n>: 2.04 Changed) and De-register (DELETE /rd/<n>: 2.02 Deleted); any other
// request gets 4.04.
//
// With --check-cn it applies the change request's Change 7 (section 7.1.3): the CN of the
// session's client certificate must be "<ept>:<ep>" of the Register, by core's rule (cn_mismatch),
// and a Register it does not name gets 4.03 Forbidden with the reason as its payload. (The seed
// says to reject the handshake; but the handshake ends before the Register arrives, so a server
// can only refuse the Register.)
//
// It prints one JSON object per line on standard output, for the tests and for whoever makes
// sample captures with it: {"event":"listening","port":N}, "handshake" (with the CN),
// "handshake_failed", "registered", "rejected", "updated", "deregistered". Usage:
//   lwm2m-pki-server --cert server.pem --key server.key --ca ca.pem [--host H] [--port P]
//                    [--check-cn]
// Not installed: a test peer only.
#include <arpa/inet.h>
#include <coap3/coap.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "lwm2m/certificate_cn.h"
#include "lwm2m/query.h"

namespace {

using nlohmann::json;

volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int) {
  g_stop = 1;
}

void print(const json& event) {
  std::printf("%s\n", event.dump().c_str());
  std::fflush(stdout);
}

struct Server {
  bool check_cn = false;
  std::map<const coap_session_t*, std::string> cn_of;  // the client certificate's, per session
  std::set<std::string> registrations;                 // live locations, "rd/1"
  unsigned next = 1;
};

Server g_server;

std::string cn_of(const coap_session_t* session) {
  const auto found = g_server.cn_of.find(session);
  return found == g_server.cn_of.end() ? std::string() : found->second;
}

// libcoap calls this for each certificate of the client's chain once OpenSSL has verified it;
// depth 0 is the client's own. Returning 1 accepts it: the CN is judged at Register time.
int on_certificate(const char* cn, const uint8_t* /*der*/, size_t /*length*/,
                   coap_session_t* session, unsigned depth, int /*validated*/, void* /*arg*/) {
  if (depth == 0) g_server.cn_of[session] = cn ? cn : "";
  return 1;
}

int on_event(coap_session_t* session, const coap_event_t event) {
  if (event == COAP_EVENT_DTLS_CONNECTED) print({{"event", "handshake"}, {"cn", cn_of(session)}});
  if (event == COAP_EVENT_DTLS_ERROR) print({{"event", "handshake_failed"}});
  if (event == COAP_EVENT_SERVER_SESSION_DEL) g_server.cn_of.erase(session);
  return 0;
}

// The values of every option `number` of `pdu`.
std::vector<std::string> option_values(const coap_pdu_t* pdu, coap_option_num_t number) {
  std::vector<std::string> values;
  coap_opt_filter_t filter;
  coap_option_filter_clear(&filter);
  coap_option_filter_set(&filter, number);
  coap_opt_iterator_t iterator;
  coap_option_iterator_init(pdu, &iterator, &filter);
  while (coap_opt_t* option = coap_option_next(&iterator)) {
    const auto* value = reinterpret_cast<const char*>(coap_opt_value(option));
    values.emplace_back(value, coap_opt_length(option));
  }
  return values;
}

void answer(coap_pdu_t* response, coap_pdu_code_t code, const std::string& payload = "") {
  coap_pdu_set_code(response, code);
  if (!payload.empty())
    coap_add_data(response, payload.size(), reinterpret_cast<const uint8_t*>(payload.data()));
}

void on_register(coap_session_t* session, const coap_pdu_t* request, coap_pdu_t* response) {
  const std::vector<std::string> queries = option_values(request, COAP_OPTION_URI_QUERY);
  const std::vector<std::string_view> views(queries.begin(), queries.end());
  const lwm2m::Query query = lwm2m::parse_query(views, lwm2m::Operation::kRegister);
  const lwm2m::QueryParam* ep = query.find(lwm2m::ParamKey::kEndpointName);
  const lwm2m::QueryParam* ept = query.find(lwm2m::ParamKey::kEndpointNameType);
  if (!ep) return answer(response, COAP_RESPONSE_CODE_BAD_REQUEST, "no ep");
  const std::string cn = cn_of(session);
  json event = {{"ep", std::string(ep->value)},
                {"ept", ept ? json(std::string(ept->value)) : json(nullptr)},
                {"cn", cn}};
  if (g_server.check_cn) {
    const std::optional<std::string_view> ept_value =
        ept ? std::optional<std::string_view>(ept->value) : std::nullopt;
    const lwm2m::CertificateCn parsed = lwm2m::parse_certificate_cn(cn);
    if (const auto mismatch = lwm2m::cn_mismatch(parsed, ept_value, ep->value)) {
      event["event"] = "rejected";
      event["reason"] = *mismatch;
      print(event);
      return answer(response, COAP_RESPONSE_CODE_FORBIDDEN, *mismatch);
    }
  }
  const std::string location = "rd/" + std::to_string(g_server.next++);
  g_server.registrations.insert(location);
  coap_add_option(response, COAP_OPTION_LOCATION_PATH, 2, reinterpret_cast<const uint8_t*>("rd"));
  const std::string id = location.substr(3);
  coap_add_option(response, COAP_OPTION_LOCATION_PATH, id.size(),
                  reinterpret_cast<const uint8_t*>(id.data()));
  answer(response, COAP_RESPONSE_CODE_CREATED);
  event["event"] = "registered";
  event["location"] = location;
  print(event);
}

// Every request comes here: the paths are few and registrations come and go.
void on_request(coap_resource_t* /*resource*/, coap_session_t* session, const coap_pdu_t* request,
                const coap_string_t* /*query*/, coap_pdu_t* response) {
  std::string path;
  for (const std::string& segment : option_values(request, COAP_OPTION_URI_PATH))
    path += (path.empty() ? "" : "/") + segment;
  const coap_pdu_code_t method = coap_pdu_get_code(request);
  if (path == "rd" && method == COAP_REQUEST_CODE_POST)
    return on_register(session, request, response);
  if (g_server.registrations.count(path) == 0)
    return answer(response, COAP_RESPONSE_CODE_NOT_FOUND);
  if (method == COAP_REQUEST_CODE_POST) {
    print({{"event", "updated"}, {"location", path}});
    return answer(response, COAP_RESPONSE_CODE_CHANGED);
  }
  if (method == COAP_REQUEST_CODE_DELETE) {
    g_server.registrations.erase(path);
    print({{"event", "deregistered"}, {"location", path}});
    return answer(response, COAP_RESPONSE_CODE_DELETED);
  }
  answer(response, COAP_RESPONSE_CODE_NOT_ALLOWED);
}

// A free UDP port of `host`, for --port 0 (libcoap 4.3.1 does not tell the port it bound).
int free_port(const sockaddr_storage& address, socklen_t length) {
  const int fd = socket(address.ss_family, SOCK_DGRAM, 0);
  if (fd < 0) return -1;
  sockaddr_storage bound = address;
  socklen_t size = length;
  int port = -1;
  if (bind(fd, reinterpret_cast<const sockaddr*>(&address), length) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &size) == 0)
    port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                             : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
  close(fd);
  return port;
}

}  // namespace

int main(int argc, char** argv) {
  std::string cert, key, ca, host = "127.0.0.1";
  int port = 0;
  CLI::App app{"A small LwM2M server over DTLS with X.509 client certificates (a test peer)",
               "lwm2m-pki-server"};
  app.add_option("--cert", cert, "the server's certificate (PEM)")->required();
  app.add_option("--key", key, "its private key (PEM)")->required();
  app.add_option("--ca", ca, "the CA client certificates must be signed by (PEM)")->required();
  app.add_option("--host", host, "the address to listen on (default 127.0.0.1)");
  app.add_option("--port", port, "the UDP port (default 0: a free one, printed)");
  app.add_flag("--check-cn", g_server.check_cn,
               "answer 4.03 to a Register the certificate's CN does not name");
  CLI11_PARSE(app, argc, argv);

  sockaddr_storage address{};
  socklen_t length = 0;
  if (host.find(':') != std::string::npos) {
    auto* in6 = reinterpret_cast<sockaddr_in6*>(&address);
    in6->sin6_family = AF_INET6;
    length = sizeof *in6;
    if (inet_pton(AF_INET6, host.c_str(), &in6->sin6_addr) != 1) return 2;
  } else {
    auto* in4 = reinterpret_cast<sockaddr_in*>(&address);
    in4->sin_family = AF_INET;
    length = sizeof *in4;
    if (inet_pton(AF_INET, host.c_str(), &in4->sin_addr) != 1) return 2;
  }
  if (port == 0) port = free_port(address, length);
  if (port <= 0) return 2;
  if (address.ss_family == AF_INET6)
    reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = htons(static_cast<uint16_t>(port));
  else
    reinterpret_cast<sockaddr_in*>(&address)->sin_port = htons(static_cast<uint16_t>(port));

  coap_startup();
  coap_set_log_level(LOG_WARNING);
  coap_context_t* context = coap_new_context(nullptr);
  coap_dtls_pki_t pki{};
  pki.version = COAP_DTLS_PKI_SETUP_VERSION;
  pki.verify_peer_cert = 1;  // a client certificate is required, and verified
  pki.check_common_ca = 1;   // against --ca (libcoap loads the CA file only then)
  pki.cert_chain_validation = 1;
  pki.cert_chain_verify_depth = 3;
  pki.validate_cn_call_back = on_certificate;
  pki.pki_key.key_type = COAP_PKI_KEY_PEM;
  pki.pki_key.key.pem.public_cert = cert.c_str();
  pki.pki_key.key.pem.private_key = key.c_str();
  pki.pki_key.key.pem.ca_file = ca.c_str();
  if (!context || !coap_context_set_pki(context, &pki)) {
    std::fprintf(stderr, "lwm2m-pki-server: cannot use --cert, --key and --ca\n");
    return 2;
  }
  coap_address_t listen;
  coap_address_init(&listen);
  listen.size = length;
  std::memcpy(&listen.addr, &address, length);
  if (!coap_new_endpoint(context, &listen, COAP_PROTO_DTLS)) {
    std::fprintf(stderr, "lwm2m-pki-server: cannot listen on %s port %d\n", host.c_str(), port);
    return 2;
  }
  coap_register_event_handler(context, on_event);
  coap_resource_t* any = coap_resource_unknown_init2(on_request, 0);
  for (coap_request_t method :
       {COAP_REQUEST_GET, COAP_REQUEST_POST, COAP_REQUEST_PUT, COAP_REQUEST_DELETE})
    coap_register_request_handler(any, method, on_request);
  coap_add_resource(context, any);

  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);
  print({{"event", "listening"}, {"port", port}});
  while (!g_stop) coap_io_process(context, 100);
  coap_free_context(context);
  coap_cleanup();
  return 0;
}
