// bench-register, bench-coap, bench-nocoap, bench-replay and bench-client: large captures for the
// benchmarks
// (not committed).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "scenarios.h"

namespace capgen {
namespace {

// A 15-digit IMEI from a counter: 14 digits then the Luhn check digit.
std::string imei_from(std::uint64_t n) {
  char body[16];
  std::snprintf(body, sizeof body, "35%012llu",
                static_cast<unsigned long long>(n % 1000000000000ull));
  int sum = 0;
  for (int i = 13; i >= 0; --i) {
    int d = body[i] - '0';
    if ((13 - i) % 2 == 0) {  // doubled: every second digit from the right of the full number
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  std::string s(body, 14);
  s += static_cast<char>('0' + (10 - sum % 10) % 10);
  return s;
}

std::string uuid_from(std::uint64_t n) {
  char buf[40];
  std::uint64_t mix = ((n + 1) * 0x9E3779B97F4A7C15ull) & 0xFFFFFFFFFFFFull;
  std::snprintf(buf, sizeof buf, "%08llx-7dec-41d0-a765-%012llx",
                static_cast<unsigned long long>(n & 0xFFFFFFFFull),
                static_cast<unsigned long long>(mix));
  return buf;
}

// The query of Register number i: 70 % UUID, 10 % IMEI, 10 % OUI (type 1), 10 % invalid.
std::vector<std::string> bench_query(std::uint64_t i) {
  std::string ept = "ept=2", ep;
  switch (i % 10) {
    case 3:
      ep = "urn:imei:" + imei_from(i);
      break;
    case 6:
      ept = "ept=1";
      ep = "00A0C9-Thermo-SN" + std::to_string(i);
      break;
    case 9:
      switch ((i / 10) % 4) {  // the invalid ones
        case 0:
          ep = "urn:imei:" + imei_from(i).substr(0, 14);
          break;  // 14 digits
        case 1:
          ep = "thermostat-" + std::to_string(i);
          break;  // not a URN
        case 2:
          ept = "ept=1";
          ep = "00a0c9-SN" + std::to_string(i);
          break;  // lower-case OUI
        default:
          ep = "urn:uuid:" + uuid_from(i).substr(0, 35);
          break;  // short UUID
      }
      break;
    default:
      ep = "urn:uuid:" + uuid_from(i);
      break;
  }
  return {ept, "ep=" + ep, "lt=300", "lwm2m=1.1", "b=U"};
}

// bench-replay's clients per 127.0.B.0/24 block: one port each, 40000-64999.
constexpr std::uint64_t kBenchClientsPerBlock = 25000;

// Where bench-replay's client k sends from: 127.0.B.(2 + k mod 250), port 40000 + k mod 25000,
// with B = k / 25000. Ports stop below 65536, so each block of 25 000 clients takes the next
// 127.0.B.0/24; the first 25 000 clients keep the 127.0.0.x addresses and ports they always had.
Endpoint bench_replay_client(std::uint64_t k) {
  const std::uint64_t block = k / kBenchClientsPerBlock;
  const std::uint64_t in_block = k % kBenchClientsPerBlock;
  return Endpoint{Address::v4(0x7F000002u + static_cast<std::uint32_t>(block << 8) +
                              static_cast<std::uint32_t>(in_block % 250)),
                  static_cast<std::uint16_t>(40000 + in_block)};
}

}  // namespace

void scenario_bench_register(Capture& cap, const ScenarioArgs& args) {
  const std::uint64_t count = args.count;
  const Endpoint server = endpoint("10.0.0.1", 5683);
  for (std::uint64_t i = 0; i < count; i += 2) {
    // Client i/2: 10.64.0.0 + i/2, port 49152 + (i/2 mod 16000): every Register from its own
    // address and port.
    std::uint64_t n = i / 2;
    Endpoint client{Address::v4(0x0A400001u + static_cast<std::uint32_t>(n % 0x3FFFFF)),
                    static_cast<std::uint16_t>(49152 + n % 16000)};
    coap::MessageData req = cap.request(coap::kPost);
    req.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
    for (const auto& q : bench_query(n)) req.add(coap::kUriQuery, q);
    req.body(kObjectLinks);
    char loc[32];
    std::snprintf(loc, sizeof loc, "rd/%llx", static_cast<unsigned long long>(n + 0x1000));
    if (i + 1 < count) {
      cap.exchange(client, server, req, Capture::response(coap::kCreated).location(loc), "Register",
                   "2.01", 0.0002);
    } else {
      cap.send(client, server, req, "Register");
    }
    cap.wait(0.0008);
  }
}

void scenario_bench_coap(Capture& cap, const ScenarioArgs& args) {
  const std::uint64_t count = args.count;
  const Endpoint server = endpoint("10.0.0.1", 5683);
  // 500 sensors, each from its own address and port, read their temperature in turn: CoAP on
  // LwM2M's port that is neither registration nor bootstrap traffic.
  constexpr std::uint64_t kSensors = 500;
  for (std::uint64_t i = 0; i < count; i += 2) {
    const std::uint64_t n = (i / 2) % kSensors;
    const Endpoint sensor{Address::v4(0x0A410001u + static_cast<std::uint32_t>(n)),
                          static_cast<std::uint16_t>(40000 + n)};
    coap::MessageData req = cap.request(coap::kGet);
    req.path("/sensors/temp");
    if (i + 1 < count) {
      coap::MessageData resp = Capture::response(coap::kContent);
      resp.add_uint(coap::kContentFormat, 0).body("21.5");
      cap.exchange(sensor, server, req, resp, "GET", "2.05", 0.0002);
    } else {
      cap.send(sensor, server, req, "GET");
    }
    cap.wait(0.0008);
  }
}

void scenario_bench_nocoap(Capture& cap, const ScenarioArgs& args) {
  const std::uint64_t count = args.count;
  // Every tenth packet is TCP on one of 8 connections (handshake first), the rest UDP to 9999.
  const Endpoint udp_server = endpoint("10.0.0.1", 9999);
  const Endpoint tcp_server = endpoint("10.0.0.1", 9998);
  constexpr int kTcpFlows = 8;
  std::uint32_t seq[kTcpFlows];
  std::uint64_t written = 0;
  int flows = 0;  // connections opened (fewer than kTcpFlows when count is tiny)
  auto tcp_client = [](int f) {
    return Endpoint{Address::v4(0x0A000101u + static_cast<std::uint32_t>(f)),
                    static_cast<std::uint16_t>(40000 + f)};
  };
  using namespace tcp_flags;
  for (int f = 0; f < kTcpFlows && written + 3 <= count; ++f) {
    Endpoint c = tcp_client(f);
    std::uint32_t isn = 1000u * static_cast<std::uint32_t>(f + 1), server_isn = 5000000;
    cap.write_frame(tcp_frame(c, tcp_server, isn, 0, kSyn, {}, cap.next_ip_id()), 0, c, tcp_server,
                    "TCP SYN", "");
    cap.write_frame(
        tcp_frame(tcp_server, c, server_isn, isn + 1, kSyn | kAck, {}, cap.next_ip_id()), 0,
        tcp_server, c, "TCP SYN/ACK", "");
    cap.write_frame(tcp_frame(c, tcp_server, isn + 1, server_isn + 1, kAck, {}, cap.next_ip_id()),
                    0, c, tcp_server, "TCP ACK", "");
    seq[f] = isn + 1;
    written += 3;
    ++flows;
    cap.wait(0.0001);
  }
  for (std::uint64_t i = 0; written < count; ++i, ++written) {
    char text[64];
    int len = std::snprintf(text, sizeof text, "sensor %llu value %llu\n",
                            static_cast<unsigned long long>(i % 5000),
                            static_cast<unsigned long long>((i * 7919) % 100000));
    Bytes payload(text, text + len);
    if (i % 10 == 9 && flows > 0) {
      int f = static_cast<int>((i / 10) % static_cast<std::uint64_t>(flows));
      Endpoint c = tcp_client(f);
      cap.write_frame(
          tcp_frame(c, tcp_server, seq[f], 5000001, kPsh | kAck, payload, cap.next_ip_id()), 0, c,
          tcp_server, "TCP data", "");
      seq[f] += static_cast<std::uint32_t>(payload.size());
    } else {
      Endpoint c{Address::v4(0x0A400001u + static_cast<std::uint32_t>(i % 4096)),
                 static_cast<std::uint16_t>(49152 + i % 1000)};
      cap.send_raw(c, udp_server, payload, "UDP", "");
    }
    cap.wait(0.0005);
  }
}

// bench-replay: `clients` LwM2M clients, each with its own address and port, registering with
// 127.0.0.1:5683, then updating, then de-registering; the clients take turns, one exchange each
// per round, as many clients of one server do. count / 2 exchanges in all (an odd count is
// rounded down: a lone request would make a replay wait for an answer the capture lacks), spread
// evenly; fewer clients when there are not two exchanges for each.
void scenario_bench_replay(Capture& cap, const ScenarioArgs& args) {
  const Endpoint server = endpoint("127.0.0.1", 5683);
  const std::uint64_t exchanges = args.count / 2;
  const std::uint64_t clients = std::max<std::uint64_t>(1, std::min(args.clients, exchanges / 2));
  // One exchange every 10 ms of capture time (a server with some 30 000 clients updating every
  // five minutes): a replay keeps one EXCHANGE_LIFETIME (247 s) of the capture's message IDs and
  // tokens, 24 700 exchanges, so a long capture shows whether its memory stays flat. Each client
  // counts its own message IDs; they come back after 65536 * 10 ms = 655 s at the soonest,
  // later than EXCHANGE_LIFETIME, so a replay cannot take a new request for a repeat.
  constexpr double kStep = 0.010, kRtt = 0.001;
  std::vector<std::uint16_t> mids(clients);
  for (std::uint64_t k = 0; k < clients; ++k)
    mids[k] = static_cast<std::uint16_t>(0x1001 + k * 40503);  // spread over the MID space
  const std::uint64_t rounds = (exchanges + clients - 1) / clients;
  for (std::uint64_t r = 0; r < rounds; ++r) {
    for (std::uint64_t k = 0; k < clients; ++k) {
      // Client k has exchanges / clients exchanges, one more for the first exchanges % clients.
      const std::uint64_t own = exchanges / clients + (k < exchanges % clients ? 1 : 0);
      if (r >= own) continue;
      const Endpoint client = bench_replay_client(k);
      char location[32];
      std::snprintf(location, sizeof location, "rd/%llx",
                    static_cast<unsigned long long>(0x1000 + k));
      coap::MessageData req;
      coap::MessageData resp;
      std::string intent;
      if (r == 0) {
        req = cap.request(coap::kPost);
        req.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
        req.query({"ep=urn:imei:" + imei_from(k), "lt=300", "lwm2m=1.1", "b=U"});
        req.body("</1/0>,</3/0>");
        resp = Capture::response(coap::kCreated).location(location);
        intent = "Register";
      } else if (r + 1 < own) {
        req = cap.request(coap::kPost);
        req.path(location);
        resp = Capture::response(coap::kChanged);
        intent = "Update";
      } else {
        req = cap.request(coap::kDelete);
        req.path(location);
        resp = Capture::response(coap::kDeleted);
        intent = "De-register";
      }
      req.message_id = mids[k]++;
      cap.exchange(client, server, req, std::move(resp), intent, "answer", kRtt);
      cap.wait(kStep - kRtt);
    }
  }
}

// bench-client: the same for one client.
void scenario_bench_client(Capture& cap, const ScenarioArgs& args) {
  scenario_bench_replay(cap, ScenarioArgs{args.count, 1});
}

}  // namespace capgen
