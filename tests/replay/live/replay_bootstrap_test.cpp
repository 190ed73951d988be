// A device's whole life in one run: its bootstrap with the project's bootstrap server
// (lwm2m-bootstrap-server, Wakaama's sequence), then its registration with lwm2m-node-lib's
// server, each captured server mapped to its live one (--target CAPTURED=LIVE). The capture is
// written here, frame by frame, as Wakaama's client and servers made it
// (/work/shared/captures/PEERS.md, capture 1), on documentation-free private addresses.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"
#include "lwm2m/coap_encode.h"
#include "lwm2m/coap_option.h"
#include "pcap_writer.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

constexpr const char* kClient = "10.0.0.41";
constexpr const char* kBootstrapServer = "10.0.0.2";
constexpr const char* kServer = "10.0.0.1";
constexpr uint16_t kClientPort = 56930, kBootstrapPort = 5785, kServerPort = 5783;
constexpr const char* kName = "urn:imei:356938035643809";

// A raw IPv4 frame (DLT_RAW) holding a UDP datagram; checksums are not checked by the reader.
std::vector<uint8_t> ipv4_udp(const char* from, uint16_t from_port, const char* to,
                              uint16_t to_port, const std::vector<uint8_t>& payload) {
  const std::size_t udp_length = 8 + payload.size(), total = 20 + udp_length;
  std::vector<uint8_t> frame{
      0x45, 0, static_cast<uint8_t>(total >> 8), static_cast<uint8_t>(total), 0, 0, 0, 0, 64, 17,
      0,    0};
  frame.resize(20);
  inet_pton(AF_INET, from, &frame[12]);
  inet_pton(AF_INET, to, &frame[16]);
  for (const uint16_t value :
       {from_port, to_port, static_cast<uint16_t>(udp_length), uint16_t{0}}) {
    frame.push_back(static_cast<uint8_t>(value >> 8));
    frame.push_back(static_cast<uint8_t>(value));
  }
  frame.insert(frame.end(), payload.begin(), payload.end());
  return frame;
}

coap::MessageData message(coap::Type type, uint8_t code, uint16_t mid) {
  coap::MessageData m;
  m.type = type;
  m.code = code;
  m.message_id = mid;
  m.token = {static_cast<uint8_t>(mid), static_cast<uint8_t>(mid >> 8), 0x79, 0xc2};
  return m;
}

coap::MessageData answer(const coap::MessageData& request, uint8_t code) {
  coap::MessageData m = message(coap::Type::kAcknowledgement, code, request.message_id);
  m.token = request.token;
  return m;
}

// Frames in order: the client's Bootstrap-Request, the bootstrap server's Discover, Deletes,
// Writes and Bootstrap-Finish, the Register, the server's Read /3/0/0, the De-register.
class DeviceLifeCapture {
 public:
  // `lead_seconds` > 0: the capture begins with a datagram that is no CoAP, that long before.
  // `loopback`: both captured servers on 127.0.0.1 at these ports (bootstrap, LwM2M), so that a
  // test can listen where a careless replay would send.
  explicit DeviceLifeCapture(const std::string& path, int lead_seconds = 0,
                             std::optional<std::pair<uint16_t, uint16_t>> loopback = {})
      : writer_(path, DLT_RAW) {
    if (loopback) {
      bootstrap_ = server_ = "127.0.0.1";
      bootstrap_port_ = loopback->first;
      server_port_ = loopback->second;
    }
    if (lead_seconds > 0) {
      writer_.add(ipv4_udp("10.0.0.99", 53, "10.0.0.98", 53, {0xff, 0xff, 0xff, 0xff}), time_ns_);
      time_ns_ += int64_t{lead_seconds} * 1'000'000'000;
    }
    coap::MessageData bs = message(coap::Type::kConfirmable, 0x02, 41082);
    bs.path("/bs").query({std::string("ep=") + kName, "pct=110"});
    to_bootstrap(bs);                  // 1
    from_bootstrap(answer(bs, 0x44));  // 2
    coap::MessageData discover = message(coap::Type::kConfirmable, 0x01, 44962);
    discover.add_uint(coap::kAccept, 40);
    from_bootstrap(discover);  // 3
    coap::MessageData links = answer(discover, 0x45);
    links.add_uint(coap::kContentFormat, 40)
        .body("</>;lwm2m=1.1,</0/0>,</1>;ver=1.1,</1/0>,</3/0>");
    to_bootstrap(links);  // 4
    uint16_t mid = 44963;
    for (const char* path : {"/0", "/1"}) {  // 5-8
      coap::MessageData del = message(coap::Type::kConfirmable, 0x04, mid++);
      del.path(path);
      from_bootstrap(del);
      to_bootstrap(answer(del, 0x42));
    }
    for (const char* path : {"/0/2", "/0/1", "/1/1"}) {  // 9-14
      coap::MessageData write = message(coap::Type::kConfirmable, 0x03, mid++);
      write.path(path).add_uint(coap::kContentFormat, 110).body("[]");
      from_bootstrap(write);
      to_bootstrap(answer(write, 0x44));
    }
    coap::MessageData finish = message(coap::Type::kConfirmable, 0x02, mid++);
    finish.path("/bs");
    from_bootstrap(finish);              // 15
    to_bootstrap(answer(finish, 0x44));  // 16
    coap::MessageData reg = message(coap::Type::kConfirmable, 0x02, 41083);
    reg.path("/rd")
        .query({"lwm2m=1.1", std::string("ep=") + kName, "b=U", "lt=20"})
        .add_uint(coap::kContentFormat, 40)
        .body("</1/1>,</3/0>");
    time_ns_ += 20'000'000;
    to_server(reg);  // 17
    coap::MessageData created = answer(reg, 0x41);
    created.location("rd/0");
    from_server(created);  // 18
    coap::MessageData read = message(coap::Type::kConfirmable, 0x01, 7072);
    read.path("/3/0/0");
    from_server(read);  // 19
    coap::MessageData value = answer(read, 0x45);
    value.add_uint(coap::kContentFormat, 0).body("Open Mobile Alliance");
    to_server(value);           // 20
    time_ns_ += 1'000'000'000;  // the De-register a second later: the server reads first
    coap::MessageData dereg = message(coap::Type::kConfirmable, 0x04, 41084);
    dereg.path("/rd/0");
    to_server(dereg);                  // 21
    from_server(answer(dereg, 0x42));  // 22
    writer_.close();
  }

 private:
  void add(const char* from, uint16_t from_port, const char* to, uint16_t to_port,
           const coap::MessageData& m) {
    writer_.add(ipv4_udp(from, from_port, to, to_port, coap::encode_datagram(m)), time_ns_);
    time_ns_ += 1'000'000;  // 1 ms apart, but for the pauses above
  }
  void to_bootstrap(const coap::MessageData& m) {
    add(kClient, kClientPort, bootstrap_, bootstrap_port_, m);
  }
  void from_bootstrap(const coap::MessageData& m) {
    add(bootstrap_, bootstrap_port_, kClient, kClientPort, m);
  }
  void to_server(const coap::MessageData& m) {
    add(kClient, kClientPort, server_, server_port_, m);
  }
  void from_server(const coap::MessageData& m) {
    add(server_, server_port_, kClient, kClientPort, m);
  }

  const char* bootstrap_ = kBootstrapServer;
  const char* server_ = kServer;
  uint16_t bootstrap_port_ = kBootstrapPort, server_port_ = kServerPort;
  PcapWriter writer_;
  int64_t time_ns_ = 1'700'000'000'000'000'000;
};

std::string bootstrap_mapping(const BootstrapServer& server) {
  return std::string(kBootstrapServer) + ":" + std::to_string(kBootstrapPort) + "=" +
         server.target();
}

std::string server_mapping(const NodeServer& server) {
  return std::string(kServer) + ":" + std::to_string(kServerPort) + "=" + server.target();
}

std::vector<std::string> event_names(const std::vector<json>& events) {
  std::vector<std::string> names;
  for (const json& event : events) {
    std::string name = event.at("event");
    if (event.contains("request")) name += " " + event.at("request").get<std::string>();
    names.push_back(name);
  }
  return names;
}

std::string summary_line(const std::string& out) {
  const auto at = out.find("summary: ");
  if (at == std::string::npos) return "";
  std::string line = out.substr(at, out.find('\n', at) - at);
  return line.substr(0, line.rfind("; "));  // without the elapsed time
}

// Until the fix, the replay closed the client's socket right after the Bootstrap-Request's 2.04:
// the bootstrap server's requests met ICMP errors and the report said "1 matched, 0 server
// requests", exit 0.
TEST(ReplayBootstrap, TheClientAnswersTheBootstrapServerUntilBootstrapFinish) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"));
  BootstrapServer bootstrap;
  const CommandResult run = run_replay({dir.path("life.pcap"), "--server", "10.0.0.2:5785",
                                        "--target", bootstrap.target(), "--fast", "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(
      run.out.find("        server Bootstrap-Discover / to urn:imei:356938035643809: answered 2.05 "
                   "Content from captured frame 4\n"),
      std::string::npos)
      << run.out;
  EXPECT_NE(
      run.out.find("        server Bootstrap-Finish to urn:imei:356938035643809: answered 2.04 "
                   "Changed from captured frame 16\n"),
      std::string::npos)
      << run.out;
  EXPECT_EQ(summary_line(run.out),
            "summary: 1 exchange: 1 matched, 0 differ, 0 no answer; 7 server requests (7 "
            "answered from the capture, 0 with 4.04); 1 client")
      << run.out;
  EXPECT_EQ(event_names(bootstrap.events_through("finished", std::chrono::seconds(5))),
            (std::vector<std::string>{
                "bootstrap_request", "sent Discover /", "answered Discover /", "sent Delete /0",
                "answered Delete /0", "sent Delete /1", "answered Delete /1", "sent Write /0/2",
                "answered Write /0/2", "sent Write /0/1", "answered Write /0/1", "sent Write /1/1",
                "answered Write /1/1", "sent Bootstrap-Finish", "answered Bootstrap-Finish",
                "finished"}));
}

// Until the fix, a bootstrap server that stopped after the 2.04 left the report at "1 matched",
// exit 0: the captured requests that never came were not compared.
TEST(ReplayBootstrap, ABootstrapServerGoneHalfwayIsADifferenceNamingWhatNeverCame) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"));
  BootstrapServer bootstrap({"--stop-after", "3"});
  const CommandResult run = run_replay(
      {dir.path("life.pcap"), "--server", "10.0.0.2:5785", "--target", bootstrap.target(), "--fast",
       "--server-wait", "0.5", "--report", "json=" + dir.path("report.json"), "--report",
       "junit=" + dir.path("report.xml"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const std::string name = kName;
  for (const char* line :
       {"the bootstrap server never sent Bootstrap-Write /0/2 (captured frame 9)",
        "the bootstrap server never sent Bootstrap-Write /0/1 (captured frame 11)",
        "the bootstrap server never sent Bootstrap-Write /1/1 (captured frame 13)",
        "the bootstrap server never sent Bootstrap-Finish (captured frame 15)"})
    EXPECT_NE(run.out.find("        " + name + ": " + line + "\n"), std::string::npos)
        << line << "\n"
        << run.out;
  EXPECT_EQ(summary_line(run.out),
            "summary: 1 exchange: 1 matched, 0 differ, 0 no answer; 3 server requests (3 "
            "answered from the capture, 0 with 4.04); 4 captured server requests never came; 1 "
            "client")
      << run.out;
  std::ifstream in(dir.path("report.json"));
  const json report = json::parse(in);
  EXPECT_EQ(report.at("summary").at("server_requests_missing"), 4);
  EXPECT_EQ(report.at("summary").at("server_requests_unexpected"), 0);
  EXPECT_EQ(report.at("summary").at("exit_code"), 1);
  ASSERT_EQ(report.at("missing_server_requests").size(), 4u);
  EXPECT_EQ(
      report.at("missing_server_requests")[3],
      (json{{"client", name},
            {"copy", 0},
            {"request", "Bootstrap-Finish"},
            {"frame", 15},
            {"server", "bootstrap"},
            {"text", "the bootstrap server never sent Bootstrap-Finish (captured frame 15)"}}));
  EXPECT_EQ(report.at("server_requests")[2].at("expected_frame"), 7);
  EXPECT_EQ(report.at("server_requests")[2].at("unexpected"), false);
  std::ifstream xml_in(dir.path("report.xml"));
  const std::string xml((std::istreambuf_iterator<char>(xml_in)), std::istreambuf_iterator<char>());
  EXPECT_NE(xml.find("tests=\"5\" failures=\"4\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("name=\"server request Bootstrap-Finish (frame 15)\" time=\"0\">\n      "
                     "<failure type=\"never came\" message=\"the bootstrap server never sent "
                     "Bootstrap-Finish (captured frame 15)\"/>"),
            std::string::npos)
      << xml;
}

TEST(ReplayBootstrap, BootstrapThenRegisterReplayAsOneDeviceLifeInOneRun) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"));
  BootstrapServer bootstrap;
  NodeServer server({"--read", "/3/0/0"});
  const CommandResult run =
      run_replay({dir.path("life.pcap"), "--target", bootstrap_mapping(bootstrap), "--target",
                  server_mapping(server), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find(" -> 10.0.0.2:5785=" + bootstrap.target() +
                         ", 10.0.0.1:5783=" + server.target() + "\n"),
            std::string::npos)
      << run.out;
  // The Register went to the LwM2M server once Bootstrap-Finish was answered.
  const auto finish =
      run.out.find("server Bootstrap-Finish to urn:imei:356938035643809: answered 2.04");
  const auto reg = run.out.find("Register POST /rd?lwm2m=1.1&ep=urn:imei:");
  ASSERT_NE(finish, std::string::npos) << run.out;
  ASSERT_NE(reg, std::string::npos) << run.out;
  EXPECT_LT(finish, reg) << run.out;
  EXPECT_NE(run.out.find("        server Read /3/0/0 to urn:imei:356938035643809: answered 2.05 "
                         "Content from captured frame 20\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(summary_line(run.out),
            "summary: 3 exchanges: 3 matched, 0 differ, 0 no answer; 8 server requests (8 "
            "answered from the capture, 0 with 4.04); 2 clients")
      << run.out;
  EXPECT_EQ(bootstrap.events_through("finished", std::chrono::seconds(5)).back().at("event"),
            "finished");
  server.wait_for_event("read", std::chrono::seconds(5));
  const std::vector<json> reads = [&] {
    std::vector<json> out;
    for (const json& event : server.events())
      if (event.value("event", "") == "read") out.push_back(event);
    return out;
  }();
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].at("path"), "/3/0/0");
}

TEST(ReplayBootstrap, EveryCapturedServerNeedsOneLiveServer) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"));
  const std::string life = dir.path("life.pcap");
  struct Case {
    std::vector<std::string> targets;
    std::string message;
  };
  const std::vector<Case> cases = {
      {{"10.0.0.2:5785=127.0.0.1:9"},
       "lwm2m-replay: the captured server 10.0.0.1:5783 has no live server: add --target "
       "10.0.0.1:5783=HOST:PORT, or replay only the mapped servers' clients with --server\n"},
      {{"10.0.0.2:5785=127.0.0.1:9", "10.0.0.9:5683=127.0.0.1:10"},
       "lwm2m-replay: --target 10.0.0.9:5683=127.0.0.1:10: 10.0.0.9:5683 is no LwM2M server of " +
           life + " (its servers: 10.0.0.2:5785, 10.0.0.1:5783)\n"},
      {{"10.0.0.2:5785=127.0.0.1:9", "10.0.0.2:5785=127.0.0.1:10"},
       "lwm2m-replay: --target maps 10.0.0.2:5785 twice: one live server per captured server\n"},
      {{"10.0.0.2:5785=127.0.0.1:9", "127.0.0.1:10"},
       "lwm2m-replay: --target 127.0.0.1:10: a lone HOST:PORT and CAPTURED=HOST:PORT mappings "
       "do not mix; map every captured server\n"},
      {{"127.0.0.1:9", "127.0.0.1:10"},
       "lwm2m-replay: --target is given 2 times: to replay several captured servers, map each "
       "one with --target CAPTURED=HOST:PORT\n"},
      {{"10.0.0.2:5785=224.0.1.187:5683", "10.0.0.1:5783=127.0.0.1:10"},
       "lwm2m-replay: --target 224.0.1.187:5683 is a multicast address: the replay would reach "
       "devices nobody named (--allow-multicast permits it)\n"},
      {{"10.0.0.2=127.0.0.1:9"},
       "lwm2m-replay: --target 10.0.0.2=127.0.0.1:9: the captured server '10.0.0.2' is no "
       "ADDR:PORT, e.g. 10.0.0.1:5683 or [2001:db8::1]:5683\n"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args{life, "--fast", "--no-progress"};
    for (const std::string& target : c.targets) {
      args.push_back("--target");
      args.push_back(target);
    }
    const CommandResult run = run_replay(args);
    EXPECT_EQ(run.exit_code, 2) << c.targets.front() << "\n" << run.out << run.err;
    EXPECT_EQ(run.err, c.message);
    EXPECT_EQ(run.out, "");
  }
  // Without a mapping, a capture of two servers asks for one of them, or for mappings.
  const CommandResult lone = run_replay({life, "--target", "127.0.0.1:9", "--no-progress"});
  EXPECT_EQ(lone.exit_code, 2);
  EXPECT_EQ(lone.err, "lwm2m-replay: " + life +
                          " has 2 LwM2M servers: 10.0.0.2:5785 (1 client), 10.0.0.1:5783 (1 "
                          "client); choose one with --server, or map each to a live one with "
                          "--target CAPTURED=HOST:PORT\n");
}

// Safety with several targets: the captured servers (here on loopback, listening) get nothing;
// each client's datagrams go to the live server its captured server is mapped to.
TEST(ReplayBootstrap, NothingReachesTheCapturedServersOfAMappedRun) {
  const int captured_bootstrap = free_udp_port(), captured_server = free_udp_port();
  UdpListener bootstrap_listener("127.0.0.1", captured_bootstrap);
  UdpListener server_listener("127.0.0.1", captured_server);
  ASSERT_TRUE(bootstrap_listener.bound());
  ASSERT_TRUE(server_listener.bound());
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"), 0,
                            std::make_pair(static_cast<uint16_t>(captured_bootstrap),
                                           static_cast<uint16_t>(captured_server)));
  BootstrapServer bootstrap;
  NodeServer server({"--read", "/3/0/0"});
  const CommandResult run = run_replay(
      {dir.path("life.pcap"), "--target",
       "127.0.0.1:" + std::to_string(captured_bootstrap) + "=" + bootstrap.target(), "--target",
       "127.0.0.1:" + std::to_string(captured_server) + "=" + server.target(), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(bootstrap.events_through("finished", std::chrono::seconds(5)).back().at("event"),
            "finished");
  EXPECT_EQ(bootstrap_listener.received(), 0);
  EXPECT_EQ(server_listener.received(), 0);
}

// By default an LwM2M server's requests are answered, not judged; --server-requests all judges
// them too: a Read the capture does not show is unexpected, one it shows that never came missing.
TEST(ReplayBootstrap, ServerRequestsAllJudgesTheLwm2mServersRequestsToo) {
  NodeServer server({"--read", "/3/0/1"});
  TempDir dir;
  const CommandResult run = run_replay({sample_capture("real-node-lifecycle.pcapng"), "--target",
                                        server.target(), "--server-requests", "all", "--report",
                                        "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  EXPECT_NE(
      run.out.find("        server Read /3/0/1 to urn:imei:490154203237518: answered 4.04 Not "
                   "Found (the capture has no answer to it); unexpected: the capture shows "
                   "no such server request to it\n"),
      std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("        urn:imei:490154203237518: the server never sent Read /3/0/0 "
                         "(captured frame 4)\n"),
            std::string::npos)
      << run.out;
  EXPECT_EQ(summary_line(run.out),
            "summary: 4 exchanges: 4 matched, 0 differ, 0 no answer; 1 server request (0 answered "
            "from the capture, 1 with 4.04); 1 captured server request never came; 1 unexpected "
            "server request; 1 client")
      << run.out;
  std::ifstream in(dir.path("report.json"));
  const json report = json::parse(in);
  EXPECT_EQ(report.at("server_requests")[0].at("unexpected"), true);
  EXPECT_EQ(report.at("missing_server_requests")[0].at("server"), "lwm2m");
}

// --start-at moves the replay's clock: the De-register, captured a second after the Register,
// goes at once when the clock starts there; a first exchange far from it is said at start.
TEST(ReplayBootstrap, StartAtStartsTheClockElsewhereInTheCapture) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("life.pcap"));
  BootstrapServer bootstrap;
  NodeServer server({"--read", "/3/0/0"});
  const auto started = std::chrono::steady_clock::now();
  const CommandResult run =
      run_replay({dir.path("life.pcap"), "--target", bootstrap_mapping(bootstrap), "--target",
                  server_mapping(server), "--start-at", "1.03", "--no-progress"});
  // The De-register did not wait the second it waited in the capture.
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(900));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("De-register DELETE /rd/0"), std::string::npos) << run.out;
  EXPECT_EQ(run.err, "");
}

TEST(ReplayBootstrap, AFirstExchangeFarIntoTheCaptureIsSaidAtStart) {
  TempDir dir;
  DeviceLifeCapture capture(dir.path("late.pcap"), 30);
  BootstrapServer bootstrap;
  const auto started = std::chrono::steady_clock::now();
  const CommandResult run = run_replay({dir.path("late.pcap"), "--server", "10.0.0.2:5785",
                                        "--target", bootstrap.target(), "--no-progress"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(run.err,
            "lwm2m-replay: the first replayed exchange is 30.0 s into the capture (frame 2): the "
            "replay starts with it, the idle start is skipped (--start-at SECONDS starts the "
            "clock elsewhere)\n");
}

}  // namespace
}  // namespace lwm2m::test
