// lwm2m-replay over every kind of capture: link types (loopback, Linux cooked v2), IPv6, the
// generated samples, libcoap's coap-rd with its two-option locations, captures with nothing to
// replay, broken files and bad usage, each with its exact message and exit code.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "live_peers.h"
#include "loopback_socket.h"

namespace lwm2m::test {
namespace {

using nlohmann::json;

void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(ReplayInputs, LinuxCookedV2CaptureReplaysLikeTheLoopbackOne) {
  NodeServer server({"--read", "/3/0/0"});
  const CommandResult run = run_replay(
      {sample_capture("real-node-sll2.pcapng"), "--target", server.target(), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer; 1 server "
                         "request (1 answered from the capture, 0 with 4.04); 1 client;"),
            std::string::npos)
      << run.out;
}

TEST(ReplayInputs, IPv6CaptureReplaysAgainstAnIPv6Server) {
  NodeServer server({"--read", "/3/0/0"}, "::1");
  ASSERT_EQ(server.target(), "[::1]:" + std::to_string(server.port()));
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-node-ipv6.pcapng"), "--target", server.target(), "--report",
                  "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 4 exchanges: 4 matched, 0 differ, 0 no answer; 1 server "
                         "request (1 answered from the capture, 0 with 4.04); 1 client;"),
            std::string::npos)
      << run.out;
  const json report = read_json(dir.path("report.json"));
  EXPECT_EQ(report.at("server"), "[::1]:5683");
  EXPECT_EQ(report.at("exchanges")[0].at("captured_address"), "[::1]:58697");
  EXPECT_EQ(report.at("exchanges")[0].at("live_address").get<std::string>().rfind("[::1]:", 0), 0u);
}

// coap-rd answers a Register with two Location-Path options, rd and <MID>-<n>: the live location
// differs from the captured rd/dd24-19c, and the Update and De-register go to the live one.
TEST(ReplayInputs, CoapRdTwoOptionLocationsAreMappedToTheLiveOnes) {
  CoapRdServer server;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("real-coap-rd.pcapng"), "--target", server.target(), "--fast",
                  "--ack-timeout", "1", "--max-retransmit", "1", "--report",
                  "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  const json report = read_json(dir.path("report.json"));
  const json& exchanges = report.at("exchanges");
  ASSERT_EQ(exchanges.size(), 3u);
  const std::string live = exchanges[0].at("live").at("location");
  EXPECT_EQ(exchanges[0].at("captured").at("location"), "/rd/dd24-19c");
  EXPECT_EQ(live.rfind("/rd/", 0), 0u) << live;
  EXPECT_NE(live, "/rd/dd24-19c");
  EXPECT_EQ(exchanges[0].at("outcome"), "matched");  // same code, location under the same /rd
  // The Update (coap-rd refuses POST with 4.05, as captured) and the De-register (coap-rd 4.3.1
  // aborts on it, as captured: no answer either time).
  EXPECT_EQ(exchanges[1].at("changes"), json({"/rd/dd24-19c -> " + live}));
  EXPECT_EQ(exchanges[1].at("live").at("code"), "4.05");
  EXPECT_EQ(exchanges[1].at("outcome"), "matched");
  EXPECT_EQ(exchanges[2].at("changes"), json({"/rd/dd24-19c -> " + live}));
  EXPECT_EQ(exchanges[2].at("request"), "DELETE /rd/dd24-19c");
  EXPECT_EQ(exchanges[2].at("live"), nullptr);
  EXPECT_EQ(exchanges[2].at("outcome"), "matched");
}

// A "server" on loopback that answers every datagram with five bytes that are not CoAP.
class GarbageServer {
 public:
  GarbageServer() {
    thread_ = std::thread([this] {
      while (!stop_) {
        uint16_t from = 0;
        if (socket_.receive(std::chrono::milliseconds(50), &from))
          socket_.send_to(from, {'h', 'e', 'l', 'l', 'o'});
      }
    });
  }
  ~GarbageServer() {
    stop_ = true;
    thread_.join();
  }
  GarbageServer(const GarbageServer&) = delete;
  GarbageServer& operator=(const GarbageServer&) = delete;
  std::string target() const { return "127.0.0.1:" + std::to_string(socket_.port()); }

 private:
  LoopbackSocket socket_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

// What comes back that is not CoAP is ignored, counted on stderr, and shown with --verbose.
TEST(ReplayInputs, DatagramsThatAreNotCoapAreIgnoredWithAWarning) {
  GarbageServer server;
  const std::vector<std::string> args{sample_capture("real-node-lifecycle.pcapng"),
                                      "--target",
                                      server.target(),
                                      "--fast",
                                      "--ack-timeout",
                                      "0.2",
                                      "--max-retransmit",
                                      "0",
                                      "--no-progress"};
  const CommandResult quiet = run_replay(args);
  EXPECT_EQ(quiet.exit_code, 3) << quiet.out << quiet.err;
  EXPECT_NE(quiet.err.find("lwm2m-replay: the transport reported 1 warning; --verbose shows it\n"),
            std::string::npos)
      << quiet.err;
  std::vector<std::string> verbose_args = args;
  verbose_args.push_back("--verbose");
  const CommandResult verbose = run_replay(verbose_args);
  EXPECT_EQ(verbose.exit_code, 3);
  EXPECT_NE(verbose.err.find("lwm2m-replay: ignored a datagram from the target that is not CoAP "
                             "(5 bytes): "),
            std::string::npos)
      << verbose.err;
}

// The same over DTLS with a pre-shared key (libcoap with OpenSSL on both sides); the written
// capture holds the plaintext CoAP, as the replay saw it.
TEST(ReplayInputs, DtlsWithAPreSharedKey) {
  CoapRdServer server("replay-test-key");
  TempDir dir;
  const CommandResult run = run_replay(
      {sample_capture("real-coap-rd.pcapng"), "--target", server.target(), "--psk-identity",
       "device-1", "--psk-key", "replay-test-key", "--fast", "--ack-timeout", "1",
       "--max-retransmit", "1", "--write", dir.path("live.pcapng"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("summary: 3 exchanges: 3 matched, 0 differ, 0 no answer;"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.err.find("wrote 5 packets to " + dir.path("live.pcapng")), std::string::npos)
      << run.err;
}

// A wrong key: the server drops the handshake, and libcoap 4.3 reports nothing but silence. The
// run says what that silence may mean.
TEST(ReplayInputs, DtlsWithAWrongKeyEndsWithExitThreeAndAHint) {
  CoapRdServer server("replay-test-key");
  const CommandResult run = run_replay(
      {sample_capture("real-coap-rd.pcapng"), "--target", server.target(), "--psk-identity",
       "device-1", "--psk-key", "not-the-key", "--fast", "--ack-timeout", "1", "--max-retransmit",
       "1", "--timeout", "3", "--no-progress"});
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.out.find("; the target never answered"), std::string::npos) << run.out;
  EXPECT_NE(run.err.find("lwm2m-replay: nothing came back over DTLS: a wrong --psk-identity or "
                         "--psk-key looks just like a server that is not there\n"),
            std::string::npos)
      << run.err;
}

// The generated lifecycle sample against lwm2m-node-lib: where that server answers differently
// from the one in the capture (it replaces a duplicate name instead of 4.09, and does not know the
// seed's PUT Update).
TEST(ReplayInputs, GeneratedLifecycleShowsWhereTheLiveServerDiffers) {
  NodeServer server;
  TempDir dir;
  const CommandResult run =
      run_replay({sample_capture("lifecycle.pcapng"), "--target", server.target(), "--server",
                  "10.0.0.1:5683", "--speed", "20", "--timeout", "2", "--report",
                  "json=" + dir.path("report.json"), "--no-progress"});
  EXPECT_EQ(run.exit_code, 1) << run.out << run.err;
  const json report = read_json(dir.path("report.json"));
  const std::map<int, std::string> expected = {
      {7, "matched"},     // Register: 2.01, location under /rd
      {9, "matched"},     // Update (POST) of the live location
      {13, "no_answer"},  // the seed's PUT Update: lwm2m-node-lib never answers it
      {15, "differs"},    // a second client registers the same name: 4.09 captured, 2.01 live
      {17, "differs"},    // De-register: the live registration was replaced, 4.04
  };
  EXPECT_EQ(outcomes_by_frame(report), expected);
  EXPECT_NE(run.out.find("code: captured 4.09 Conflict, live 2.01 Created"), std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("summary: 5 exchanges: 2 matched, 2 differ, 1 no answer; 0 server "
                         "requests; 2 clients;"),
            std::string::npos)
      << run.out;
}

TEST(ReplayInputs, ListShowsEveryServerOfASampleAndSendsNothing) {
  const CommandResult run = run_replay({"--list", sample_capture("lifecycle.pcapng")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("  10.0.0.2:5683           1 client, 1 exchange\n"
                         "  10.0.0.1:5683           2 clients, 5 exchanges\n"),
            std::string::npos)
      << run.out;
  EXPECT_NE(
      run.out.find("       3     1     15  Register POST /rd?ept=2&ep=urn:imei:490154203237518"
                   "&lt=~ 4.09 Conflict             response in frame 16\n"),
      std::string::npos)
      << run.out;
}

TEST(ReplayInputs, ACaptureWithoutLwm2mExitsTwo) {
  const std::string capture = sample_capture("real-tcp.pcapng");
  const CommandResult run = run_replay({capture, "--target", "127.0.0.1:9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  EXPECT_EQ(run.err, "lwm2m-replay: no LwM2M client in " + capture +
                         " (13 frames, 0 UDP datagrams (0 CoAP, 0 DTLS, 0 other); 13 skipped: 13 "
                         "not UDP): no Register, Update, De-register or Bootstrap-Request over "
                         "CoAP/UDP\n");
}

TEST(ReplayInputs, ACaptureWithoutPacketsExitsTwo) {
  TempDir dir;
  // A pcap file header (24 bytes, link type Ethernet) and no packet.
  const std::string header(
      "\xd4\xc3\xb2\xa1\x02\x00\x04\x00\x00\x00\x00\x00\x00\x00\x00\x00"
      "\x00\x00\x04\x00\x01\x00\x00\x00",
      24);
  write_file(dir.path("no-packets.pcap"), header);
  const CommandResult run = run_replay({dir.path("no-packets.pcap"), "--target", "127.0.0.1:9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "lwm2m-replay: no LwM2M client in " + dir.path("no-packets.pcap") +
                         " (0 frames, 0 UDP datagrams (0 CoAP, 0 DTLS, 0 other)): no Register, "
                         "Update, De-register or Bootstrap-Request over CoAP/UDP\n");
}

TEST(ReplayInputs, AFilterThatKeepsNothingExitsTwo) {
  const std::string capture = sample_capture("real-node-lifecycle.pcapng");
  const CommandResult run =
      run_replay({capture, "--target", "127.0.0.1:9", "--filter", "udp port 9"});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.err, "lwm2m-replay: no LwM2M client in " + capture +
                         " (12 frames, 0 UDP datagrams (0 CoAP, 0 DTLS, 0 other); 12 skipped: 12 "
                         "filtered out): no Register, Update, De-register or Bootstrap-Request "
                         "over CoAP/UDP\n");
}

struct BrokenFile {
  const char* name;
  // Makes the file in `dir` and returns its path.
  std::string (*make)(const TempDir& dir);
  const char* message;  // after "lwm2m-replay: PATH: "
};

std::string truncated_pcapng(const TempDir& dir) {
  const std::string bytes = read_file(sample_capture("real-node-lifecycle.pcapng"));
  write_file(dir.path("truncated.pcapng"), bytes.substr(0, 1000));
  return dir.path("truncated.pcapng");
}

std::string garbage(const TempDir& dir) {
  std::string bytes;
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>((i * 7919 + 13) % 251));
  write_file(dir.path("garbage.pcap"), bytes);
  return dir.path("garbage.pcap");
}

std::string zero_length(const TempDir& dir) {
  write_file(dir.path("empty.pcap"), "");
  return dir.path("empty.pcap");
}

std::string header_only(const TempDir& dir) {
  const std::string bytes = read_file(sample_capture("real-node-lifecycle.pcapng"));
  write_file(dir.path("header-only.pcapng"), bytes.substr(0, 20));
  return dir.path("header-only.pcapng");
}

std::string missing(const TempDir& dir) {
  return dir.path("no-such-file.pcap");
}

std::string directory(const TempDir& dir) {
  return dir.path("");
}

void PrintTo(const BrokenFile& file, std::ostream* out) {
  *out << file.name;
}

class ReplayBrokenCapture : public testing::TestWithParam<BrokenFile> {};

TEST_P(ReplayBrokenCapture, OneLineErrorAndExitTwo) {
  TempDir dir;
  const std::string path = GetParam().make(dir);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{path, "--target", "127.0.0.1:9"},
        std::vector<std::string>{"--list", path}}) {
    const CommandResult run = run_replay(args);
    EXPECT_EQ(run.exit_code, 2) << args[0];
    EXPECT_EQ(run.out, "") << args[0];
    EXPECT_EQ(run.err, "lwm2m-replay: " + path + ": " + GetParam().message + "\n") << args[0];
  }
}

INSTANTIATE_TEST_SUITE_P(
    Files, ReplayBrokenCapture,
    testing::Values(
        BrokenFile{"truncated", truncated_pcapng,
                   "the file is cut short after frame 5 (truncated in the middle of a record)"},
        BrokenFile{"garbage", garbage, "not a pcap or pcapng file"},
        BrokenFile{"zero_length", zero_length, "the file is empty"},
        BrokenFile{"header_only", header_only, "the file is cut short inside its file header"},
        BrokenFile{"missing", missing, "cannot open: No such file or directory"},
        BrokenFile{"directory", directory, "cannot read: Is a directory"}),
    [](const testing::TestParamInfo<BrokenFile>& info) { return std::string(info.param.name); });

struct BadUsage {
  const char* name;
  std::vector<std::string> args;
  std::string message;  // the whole of standard error
};

void PrintTo(const BadUsage& usage, std::ostream* out) {
  *out << usage.name;
}

class ReplayBadUsage : public testing::TestWithParam<BadUsage> {};

TEST_P(ReplayBadUsage, ClearErrorAndExitTwo) {
  const CommandResult run = run_replay(GetParam().args);
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "");
  // getaddrinfo's words for a name that does not resolve depend on the machine: a resolver's "no
  // such name", or, with no network at all (the chroot suites' network namespace), a temporary
  // failure. Both are the resolver's; the rest of the line is the replay's.
  std::string err = run.err;
  const std::string offline = "Temporary failure in name resolution";
  if (const std::size_t at = err.find(offline); at != std::string::npos)
    err.replace(at, offline.size(), "Name or service not known");
  EXPECT_EQ(err, GetParam().message);
}

const std::string kLifecycle =
    std::string(LWM2M_SOURCE_DIR) + "/samples/real-node-lifecycle.pcapng";

INSTANTIATE_TEST_SUITE_P(
    Cases, ReplayBadUsage,
    testing::Values(
        BadUsage{"no_target",
                 {kLifecycle},
                 "lwm2m-replay: --target HOST:PORT is required (or --list)\n"},
        BadUsage{"multicast_target",
                 {kLifecycle, "--target", "224.0.1.187:5683"},
                 "lwm2m-replay: --target 224.0.1.187:5683 is a multicast address: the replay "
                 "would reach devices nobody named (--allow-multicast permits it)\n"},
        BadUsage{"ipv6_multicast_target",
                 {kLifecycle, "--target", "[ff02::fd]:5683"},
                 "lwm2m-replay: --target [ff02::fd]:5683 is a multicast address: the replay "
                 "would reach devices nobody named (--allow-multicast permits it)\n"},
        BadUsage{"broadcast_target",
                 {kLifecycle, "--target", "255.255.255.255:5683"},
                 "lwm2m-replay: --target 255.255.255.255:5683 is the broadcast address: the replay "
                 "would reach devices nobody named (--allow-multicast permits it)\n"},
        BadUsage{"loopback_directed_broadcast_target",
                 {kLifecycle, "--target", "127.255.255.255:5683"},
                 "lwm2m-replay: --target 127.255.255.255:5683 is the broadcast address of "
                 "127.0.0.0/8: the replay would reach devices nobody named (--allow-multicast "
                 "permits it)\n"},
        BadUsage{"private_directed_broadcast_target",
                 {kLifecycle, "--target", "192.168.255.255:5683"},
                 "lwm2m-replay: --target 192.168.255.255:5683 is the broadcast address of "
                 "192.168.0.0/16: the replay would reach devices nobody named (--allow-multicast "
                 "permits it)\n"},
        BadUsage{"ipv6_without_brackets",
                 {kLifecycle, "--target", "::1:5683"},
                 "lwm2m-replay: --target '::1:5683': an IPv6 address goes in brackets, e.g. "
                 "[::1]:5683\n"},
        BadUsage{"ipv6_without_brackets_or_port",
                 {kLifecycle, "--target", "fe80::1"},
                 "lwm2m-replay: --target 'fe80::1': an IPv6 address goes in brackets, e.g. "
                 "[fe80::1]:5683\n"},
        BadUsage{"unresolvable_target",
                 {kLifecycle, "--target", "nosuchhost.invalid:5683"},
                 "lwm2m-replay: --target 'nosuchhost.invalid:5683': cannot resolve "
                 "'nosuchhost.invalid': Name or service not known\n"},
        BadUsage{"several_servers",
                 {std::string(LWM2M_SOURCE_DIR) + "/samples/lifecycle.pcapng", "--target",
                  "127.0.0.1:9"},
                 "lwm2m-replay: " + std::string(LWM2M_SOURCE_DIR) +
                     "/samples/lifecycle.pcapng has 2 LwM2M servers: 10.0.0.2:5683 (1 client), "
                     "10.0.0.1:5683 (2 clients); choose one with --server, or map each to a "
                     "live one with --target CAPTURED=HOST:PORT\n"},
        BadUsage{"bad_filter",
                 {kLifecycle, "--target", "127.0.0.1:9", "--filter", "udp prot 5683"},
                 "lwm2m-replay: --filter 'udp prot 5683': syntax error\n"},
        BadUsage{"unknown_client",
                 {kLifecycle, "--target", "127.0.0.1:9", "--client", "urn:imei:1"},
                 "lwm2m-replay: --client 'urn:imei:1': no such client of 127.0.0.1:5683 in " +
                     kLifecycle + "\n"},
        BadUsage{"dtls_ack_timeout_below_one_second",
                 {kLifecycle, "--target", "127.0.0.1:9", "--psk-identity", "device-1", "--psk-key",
                  "k", "--ack-timeout", "0.5"},
                 "lwm2m-replay: --ack-timeout: at least 1 second with DTLS (libcoap's minimum)\n"},
        BadUsage{"dtls_no_retransmission",
                 {kLifecycle, "--target", "127.0.0.1:9", "--psk-identity", "device-1", "--psk-key",
                  "k", "--max-retransmit", "0"},
                 "lwm2m-replay: --max-retransmit: at least 1 with DTLS (libcoap's minimum)\n"},
        // Values out of range: one line with the range in words (CLI11 printed 309 digits).
        BadUsage{"speed_zero",
                 {kLifecycle, "--target", "127.0.0.1:9", "--speed", "0"},
                 "lwm2m-replay: --speed: '0' is not a number greater than 0\n"},
        BadUsage{"speed_not_a_number",
                 {kLifecycle, "--target", "127.0.0.1:9", "--speed", "nan"},
                 "lwm2m-replay: --speed: 'nan' is not a number greater than 0\n"},
        BadUsage{"max_rate_negative",
                 {kLifecycle, "--target", "127.0.0.1:9", "--max-rate", "-1"},
                 "lwm2m-replay: --max-rate: '-1' is not a number greater than 0\n"},
        BadUsage{"clients_not_a_number",
                 {kLifecycle, "--target", "127.0.0.1:9", "--clients", "abc"},
                 "lwm2m-replay: --clients: 'abc' is not a whole number from 1 to 100000\n"},
        BadUsage{"clients_fraction",
                 {kLifecycle, "--target", "127.0.0.1:9", "--clients", "2.5"},
                 "lwm2m-replay: --clients: '2.5' is not a whole number from 1 to 100000\n"},
        BadUsage{"ack_timeout_too_long",
                 {kLifecycle, "--target", "127.0.0.1:9", "--ack-timeout", "100"},
                 "lwm2m-replay: --ack-timeout: '100' is not a number from 0.1 to 60\n"},
        BadUsage{"max_retransmit_too_many",
                 {kLifecycle, "--target", "127.0.0.1:9", "--max-retransmit", "11"},
                 "lwm2m-replay: --max-retransmit: '11' is not a whole number from 0 to 10\n"},
        BadUsage{"timeout_not_a_number",
                 {kLifecycle, "--target", "127.0.0.1:9", "--timeout", "x"},
                 "lwm2m-replay: --timeout: 'x' is not a number from 0.1 to 3600\n"},
        BadUsage{"respond_unknown",
                 {kLifecycle, "--target", "127.0.0.1:9", "--respond", "all"},
                 "lwm2m-replay: --respond: 'all' is not captured or none\n"}),
    [](const testing::TestParamInfo<BadUsage>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace lwm2m::test
