// The "LwM2M server ports" preference (lwm2m.server_ports): CoAP on the UDP ports of servers off
// CoAP's port, without Decode As. Default 5685, Wakaama's bootstrap server. The captures on 5685
// are bundled ones with their bootstrap server's port rewritten (libpcap reads, PcapWriter
// writes), so nothing but the port differs from a capture decoded with Decode As.
#include <gtest/gtest.h>
#include <pcap/pcap.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "frame_builder.h"
#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

// Copies an Ethernet/IPv4 capture, with UDP port `from` made `to` in every datagram (UDP
// checksums zeroed: none), into `path` as pcap.
void move_udp_port(const std::string& capture, uint16_t from, uint16_t to,
                   const std::string& path) {
  char error[PCAP_ERRBUF_SIZE];
  pcap_t* in =
      pcap_open_offline_with_tstamp_precision(capture.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (in == nullptr) throw std::runtime_error(error);
  if (pcap_datalink(in) != DLT_EN10MB) throw std::runtime_error(capture + ": not Ethernet");
  PcapWriter out(path, DLT_EN10MB);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  while (pcap_next_ex(in, &header, &data) == 1) {
    Bytes frame(data, data + header->caplen);
    const std::size_t ip = 14;
    if (frame.size() > ip + 20 && frame[12] == 0x08 && frame[13] == 0x00 && frame[ip + 9] == 17) {
      const std::size_t udp = ip + 4 * (frame[ip] & 0x0f);
      for (std::size_t port : {udp, udp + 2}) {
        if ((frame.at(port) << 8 | frame.at(port + 1)) == from) {
          frame[port] = static_cast<uint8_t>(to >> 8);
          frame[port + 1] = static_cast<uint8_t>(to);
        }
      }
      frame.at(udp + 6) = frame.at(udp + 7) = 0;
    }
    out.add(frame, int64_t{header->ts.tv_sec} * 1'000'000'000 + header->ts.tv_usec, header->len);
  }
  pcap_close(in);
}

// What each frame decodes as: protocol column, Info, and the LwM2M view of the bootstrap.
Rows decoded(const std::string& capture, const std::vector<std::string>& options) {
  return tshark_fields(capture, "",
                       {"frame.number", "_ws.col.Protocol", "_ws.col.Info", "lwm2m.operation",
                        "lwm2m.ep", "lwm2m.bootstrap_in"},
                       options);
}

TEST(ServerPorts, DefaultIsWakaamasBootstrapPort) {
  CommandResult prefs = run_tshark({"-G", "currentprefs"});
  ASSERT_EQ(prefs.exit_code, 0) << prefs.err;
  EXPECT_NE(prefs.out.find("#lwm2m.server_ports: 5685\n"), std::string::npos);
  CommandResult decodes = run_tshark({"-G", "decodes"});
  ASSERT_EQ(decodes.exit_code, 0) << decodes.err;
  EXPECT_NE(decodes.out.find("udp.port\t5685\tcoap\n"), std::string::npos);
  // CoAP keeps its own port.
  EXPECT_NE(decodes.out.find("udp.port\t5683\tcoap\n"), std::string::npos);
}

// samples/conversation.pcapng: a bootstrap server on 5783 (frames 1-16 of the bootstrap), the
// LwM2M server on 5683. Moved to 5685, the bootstrap decodes without any option exactly as the
// original does with Decode As.
class ServerPortsOn5685 : public ::testing::Test {
 protected:
  void SetUp() override {
    moved_ = dir_.file("conversation-5685.pcap");
    move_udp_port(sample("conversation.pcapng"), 5783, 5685, moved_);
  }
  // The frames of the bootstrap: the Bootstrap-Request and what links to it.
  static Rows bootstrap(const std::string& capture, const std::vector<std::string>& options) {
    Rows rows;
    for (const auto& row : decoded(capture, options)) {
      if (!row.at(5).empty() || row.at(3) == "Bootstrap-Request") rows.push_back(row);
    }
    return rows;
  }
  TempDir dir_;
  std::string moved_;
};

TEST_F(ServerPortsOn5685, DecodesAsCoapAndLwm2mWithoutDecodeAs) {
  Rows with_decode_as = decoded(sample("conversation.pcapng"), {"-d", "udp.port==5783,coap"});
  Rows on_5685 = decoded(moved_, {});
  EXPECT_EQ(on_5685, with_decode_as);
  // Frames 1-12: the Bootstrap-Request, the bootstrap server's Discover, Delete and Writes, the
  // Bootstrap-Finish, with their answers; every one of them carries the client's name.
  Rows bootstrap_rows = bootstrap(moved_, {});
  ASSERT_EQ(bootstrap_rows.size(), 12u);
  EXPECT_EQ(bootstrap_rows.at(0).at(3), "Bootstrap-Request");
  EXPECT_EQ(bootstrap_rows.at(10).at(3), "Bootstrap-Finish");
  for (const auto& row : bootstrap_rows) {
    EXPECT_NE(row.at(1), "UDP") << "frame " << row.at(0);
    EXPECT_EQ(row.at(4), "urn:imei:490154203237518") << "frame " << row.at(0);
  }
  // Without the preference (the original port, no Decode As) they are plain UDP.
  Rows plain = decoded(sample("conversation.pcapng"), {});
  EXPECT_EQ(plain.at(0).at(1), "UDP");
}

TEST_F(ServerPortsOn5685, EmptyOrOtherPortsTakeCoapAway) {
  for (const std::string ports : {"", "5783"}) {
    Rows rows = decoded(moved_, {"-o", "lwm2m.server_ports:" + ports});
    EXPECT_EQ(rows.at(0).at(1), "UDP") << "server_ports:" << ports;
    EXPECT_EQ(rows.at(0).at(3), "") << "server_ports:" << ports;
  }
  // CoAP's own port is CoAP's whatever this preference says: frame 13 is a Register on 5683.
  Rows rows = decoded(moved_, {"-o", "lwm2m.server_ports:"});
  EXPECT_EQ(rows.at(12).at(3), "Register") << rows.at(12).at(2);
}

TEST_F(ServerPortsOn5685, DecodeAsStillDecidesThePort) {
  // The user's Decode As on the default port wins.
  Rows dns = decoded(moved_, {"-d", "udp.port==5685,dns"});
  EXPECT_EQ(dns.at(0).at(1), "DNS");
  EXPECT_EQ(dns.at(0).at(3), "");
  // So it does on a port the preference adds, whichever option comes first (tshark applies the
  // preferences after every Decode As).
  const std::string on_5686 = dir_.file("conversation-5686.pcap");
  move_udp_port(sample("conversation.pcapng"), 5783, 5686, on_5686);
  EXPECT_EQ(decoded(on_5686, {"-o", "lwm2m.server_ports:5686"}).at(0).at(3), "Bootstrap-Request");
  for (const auto& options : std::vector<std::vector<std::string>>{
           {"-d", "udp.port==5686,dns", "-o", "lwm2m.server_ports:5686"},
           {"-o", "lwm2m.server_ports:5686", "-d", "udp.port==5686,dns"}}) {
    Rows rows = decoded(on_5686, options);
    EXPECT_EQ(rows.at(0).at(1), "DNS") << options.at(0);
    EXPECT_EQ(rows.at(0).at(3), "") << options.at(0);
  }
  // And Decode As to CoAP on another port still works beside it.
  Rows rows = decoded(sample("conversation.pcapng"),
                      {"-d", "udp.port==5783,coap", "-o", "lwm2m.server_ports:5685"});
  EXPECT_EQ(rows.at(0).at(3), "Bootstrap-Request");
}

TEST(ServerPorts, OtherProtocolsKeepTheirPorts) {
  // 5684 is DTLS's (CoAP over DTLS): a range over it leaves it so.
  const std::string capture = sample("real-dtls.pcapng");
  Rows rows = decoded(capture, {"-o", "lwm2m.server_ports:5683-5685"});
  EXPECT_EQ(rows, decoded(capture, {}));
  EXPECT_EQ(rows.at(0).at(1).rfind("DTLS", 0), 0u) << rows.at(0).at(1);
}

// The Wakaama capture (PEERS.md): LwM2M server on 5783, bootstrap server on 5785. With Decode As
// for the LwM2M server only, the preference decodes the bootstrap.
TEST(ServerPorts, WakaamaBootstrapServerPort) {
  const std::string capture = shared_capture("wakaama-bootstrap-then-register.pcapng");
  if (capture.empty()) GTEST_SKIP() << "../shared/captures/wakaama-bootstrap-then-register.pcapng";
  const std::vector<std::string> server = {"-d", "udp.port==5783,coap"};
  Rows without = decoded(capture, server);
  EXPECT_EQ(without.at(0).at(1), "UDP");  // 5785 is no port of anyone's by default

  std::vector<std::string> with_preference = server;
  with_preference.insert(with_preference.end(), {"-o", "lwm2m.server_ports:5785"});
  Rows rows = decoded(capture, with_preference);
  Rows both = decoded(capture, {"-d", "udp.port==5783,coap", "-d", "udp.port==5785,coap"});
  EXPECT_EQ(rows, both);
  ASSERT_EQ(rows.size(), 25u);
  // The bootstrap, frames 1-16: the Bootstrap-Request, the bootstrap server's Discover, Deletes
  // and Writes with their answers, the Bootstrap-Finish; all CoAP, all of the one client.
  EXPECT_EQ(rows.at(0).at(3), "Bootstrap-Request");
  EXPECT_EQ(rows.at(14).at(3), "Bootstrap-Finish");
  for (int i = 0; i < 16; ++i) {
    EXPECT_NE(rows.at(i).at(1), "UDP") << "frame " << i + 1;
    EXPECT_EQ(rows.at(i).at(4), "urn:imei:356938035643809") << "frame " << i + 1;
  }
  EXPECT_EQ(rows.at(16).at(3), "Register");
}

}  // namespace
}  // namespace lwm2m::test
