#include "capture/capture_reader.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "frame_builder.h"

namespace lwm2m::replay {
namespace {

using test::Bytes;
using test::operator+;
using test::ethernet;
using test::Ipv4;
using test::ipv4;
using test::Ipv6;
using test::ipv6;
using test::PcapWriter;
using test::TempDir;
using test::udp;

constexpr uint16_t kIpv4Type = 0x0800;
constexpr uint16_t kIpv6Type = 0x86dd;
constexpr uint16_t kArpType = 0x0806;
constexpr int64_t kSecond = 1'000'000'000;
constexpr int64_t kStart = 1'768'471'200 * kSecond;

std::string sample(const std::string& name) {
  return std::string(LWM2M_SAMPLES_DIR) + "/" + name;
}

Bytes from_hex(const std::string& hex) {
  Bytes out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  return out;
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

// A Datagram with its payload copied, to outlive the next call to next().
struct Got {
  uint64_t frame = 0;
  int64_t time_ns = 0;
  std::string source, destination;
  Bytes payload;
  bool reassembled = false;
};

void expect_every_frame_accounted_for(const CaptureStats& s) {
  EXPECT_EQ(s.frames, s.delivered_frames + s.skipped())
      << "delivered " << s.delivered_frames << " filtered " << s.filtered_out << " not IP "
      << s.not_ip << " not UDP " << s.not_udp << " cut " << s.cut_short << " malformed "
      << s.malformed << " dropped " << s.fragments_dropped << " pending " << s.fragments_pending;
}

struct Read {
  std::vector<Got> datagrams;
  CaptureStats stats;
};

Read read_all(const std::string& path, const std::string& filter = "") {
  CaptureReader reader(path, filter);
  Read read;
  Datagram d;
  while (reader.next(d)) {
    read.datagrams.push_back({d.frame_number, d.time_ns, d.source.to_string(),
                              d.destination.to_string(),
                              Bytes(d.payload, d.payload + d.payload_length), d.reassembled});
    expect_every_frame_accounted_for(reader.stats());
  }
  read.stats = reader.stats();
  expect_every_frame_accounted_for(read.stats);
  EXPECT_EQ(read.stats.fragments_pending, 0u);
  EXPECT_EQ(read.stats.udp_datagrams, read.datagrams.size());
  return read;
}

// The message of the CaptureError that opening or reading `path` throws; "" when none.
std::string error_of(const std::string& path, const std::string& filter = "") {
  try {
    CaptureReader reader(path, filter);
    Datagram d;
    while (reader.next(d)) {
    }
  } catch (const CaptureError& e) {
    return e.what();
  }
  return "";
}

TEST(CaptureReader, ReadsTheLifecycleSample) {
  CaptureReader reader(sample("lifecycle.pcapng"), "");
  EXPECT_EQ(reader.link_type(), DLT_EN10MB);
  EXPECT_EQ(reader.link_type_name(), "Ethernet");
  EXPECT_EQ(reader.path(), sample("lifecycle.pcapng"));
  Datagram d;
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 1u);
  EXPECT_EQ(d.time_ns, 1768471200000000000);
  EXPECT_EQ(d.source.to_string(), "10.0.0.11:49153");
  EXPECT_EQ(d.destination.to_string(), "10.0.0.2:5683");
  EXPECT_FALSE(d.reassembled);
  EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length),
            from_hex("440210015eed0001b26273456570743d320d0e65703d75726e3a696d65693a343930313534"
                     "323033323337353138"));
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 2u);
  EXPECT_EQ(d.time_ns, 1768471200001500000);
  EXPECT_EQ(d.source.to_string(), "10.0.0.2:5683");
  EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length), from_hex("644410015eed0001"));
  uint64_t count = 2;
  while (reader.next(d)) {
    ++count;
    EXPECT_EQ(d.frame_number, count);
    if (d.frame_number == 7) {
      EXPECT_EQ(d.destination.to_string(), "10.0.0.1:5683");
      EXPECT_EQ(d.payload_length, 138u);
      EXPECT_EQ(d.time_ns, 1768471202004500000);
    }
  }
  EXPECT_EQ(count, 18u);
  EXPECT_FALSE(reader.next(d));  // stays at the end
  const CaptureStats& s = reader.stats();
  EXPECT_EQ(s.frames, 18u);
  EXPECT_EQ(s.udp_datagrams, 18u);
  EXPECT_EQ(s.delivered_frames, 18u);
  EXPECT_EQ(s.skipped(), 0u);
}

TEST(CaptureReader, SnapshotLengthCutsAreNotDelivered) {
  const Read read = read_all(sample("truncated.pcapng"));
  ASSERT_EQ(read.datagrams.size(), 16u);
  std::vector<uint64_t> frames;
  for (const Got& g : read.datagrams) frames.push_back(g.frame);
  EXPECT_EQ(frames,
            (std::vector<uint64_t>{1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 16, 17, 18}));
  EXPECT_EQ(read.stats.frames, 18u);
  EXPECT_EQ(read.stats.cut_short, 2u);
  EXPECT_EQ(read.stats.skipped(), 2u);
}

TEST(CaptureReader, ReadsIpv4AndIpv6FromTheRealUdpSample) {
  const Read read = read_all(sample("real-udp.pcapng"));
  ASSERT_EQ(read.datagrams.size(), 16u);
  EXPECT_EQ(read.datagrams[0].source, "127.0.0.1:33698");
  EXPECT_EQ(read.datagrams[0].destination, "127.0.0.1:5683");
  EXPECT_EQ(read.datagrams[0].time_ns, 1795782960249996601);
  EXPECT_EQ(read.datagrams[0].payload.size(), 96u);
  const Got& v6 = read.datagrams[10];
  EXPECT_EQ(v6.frame, 11u);
  EXPECT_EQ(v6.time_ns, 1795782961768361129);
  EXPECT_EQ(v6.source, "[::1]:54476");
  EXPECT_EQ(v6.destination, "[::1]:5683");
  EXPECT_EQ(v6.payload,
            from_hex("4102cd3f01b272641128356570743d320d2365703d75726e3a757569643a66383164346661"
                     "652d376465632d313164302d613736352d303061306339316536626636066c743d333030096c"
                     "776d326d3d312e3103623d55ff3c2f312f303e2c3c2f332f303e3b7665723d312e312c3c2f33"
                     "3330333e"));
  EXPECT_EQ(read.datagrams[11].payload, from_hex("6141cd3f0182726408636433662d366538"));
  EXPECT_EQ(read.datagrams[11].source, "[::1]:5683");
}

TEST(CaptureReader, ReassemblesTheFragmentedRegisterOfBrokenCoap) {
  const Read read = read_all(sample("broken-coap.pcapng"));
  const CaptureStats& s = read.stats;
  EXPECT_EQ(s.frames, 62u);
  // Frame 47 is a first fragment whose rest never comes; frames 48 and 49 are one datagram;
  // frame 51 was cut to 60 of its 200 bytes.
  EXPECT_EQ(s.fragments, 3u);
  EXPECT_EQ(s.reassembled, 1u);
  EXPECT_EQ(s.fragments_dropped, 1u);
  EXPECT_EQ(s.cut_short, 1u);
  EXPECT_EQ(s.udp_datagrams, 59u);
  EXPECT_EQ(s.delivered_frames, 60u);
  const Got* frame49 = nullptr;
  for (const Got& g : read.datagrams) {
    EXPECT_NE(g.frame, 47u);
    EXPECT_NE(g.frame, 48u);
    EXPECT_NE(g.frame, 51u);
    if (g.frame == 49) frame49 = &g;
  }
  ASSERT_NE(frame49, nullptr);
  EXPECT_TRUE(frame49->reassembled);
  EXPECT_EQ(frame49->source, "10.0.0.126:49153");
  EXPECT_EQ(frame49->destination, "10.0.0.1:5683");
  EXPECT_EQ(frame49->time_ns, 1768471212529600000);
  const Bytes head = from_hex(
      "440210185eed0016b272641128356570743d320d0e65703d75726e3a6465763a6f70733a33323437332d4672"
      "61672d32066c743d333030ff");
  ASSERT_EQ(frame49->payload.size(), 1256u);
  EXPECT_EQ(Bytes(frame49->payload.begin(), frame49->payload.begin() + 56), head);
  EXPECT_EQ(Bytes(frame49->payload.begin() + 56, frame49->payload.end()), Bytes(1200, ','));
}

TEST(CaptureReader, AccountsForEveryFrameOfEverySample) {
  // UDP datagrams per sample, as tshark -Y udp counts them, less the cut and the unfinished ones.
  const std::vector<std::pair<std::string, uint64_t>> expected = {
      {"broken-coap.pcapng", 59}, {"ept-and-params.pcapng", 42}, {"exchanges.pcapng", 22},
      {"lifecycle.pcapng", 18},   {"names-oui.pcapng", 16},      {"names-urn.pcapng", 32},
      {"real-block1.pcapng", 24}, {"real-dtls.pcapng", 15},      {"real-tcp.pcapng", 0},
      {"real-udp.pcapng", 16},    {"registrations.pcapng", 26},  {"truncated.pcapng", 16}};
  for (const auto& [name, datagrams] : expected) {
    SCOPED_TRACE(name);
    const Read read = read_all(sample(name));
    EXPECT_EQ(read.stats.udp_datagrams, datagrams);
  }
  const Read exchanges = read_all(sample("exchanges.pcapng"));
  EXPECT_EQ(exchanges.stats.frames, 33u);
  EXPECT_EQ(exchanges.stats.not_udp, 11u);
  const Read tcp = read_all(sample("real-tcp.pcapng"));
  EXPECT_EQ(tcp.stats.frames, 13u);
  EXPECT_EQ(tcp.stats.not_udp, 13u);
}

TEST(CaptureReader, ReadsTheThirdPartyLeshanCapture) {
  const std::string path =
      std::string(LWM2M_SAMPLES_DIR) + "/../../shared/captures/leshan-thermostat-readings.pcapng";
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "not present: " << path;
  const Read read = read_all(path);
  ASSERT_EQ(read.datagrams.size(), 10000u);
  EXPECT_EQ(read.stats.frames, 10000u);
  EXPECT_EQ(read.datagrams[0].source, "[2001:db8:a::3]:37024");
  EXPECT_EQ(read.datagrams[0].destination, "[2001:db8:a::20]:5683");
  EXPECT_EQ(read.datagrams[0].time_ns, 1694161756502612000);
  EXPECT_EQ(read.datagrams[0].payload,
            from_hex("5245145ed1596119622d16ffe816440840478ccccccccccd"));
  EXPECT_EQ(read.datagrams.back().frame, 10000u);
  EXPECT_EQ(read.datagrams.back().time_ns, 1694167656494347000);
  EXPECT_EQ(read.datagrams.back().payload.size(), 25u);
}

TEST(CaptureReader, AppliesTheFilterToEachRecord) {
  const Read read = read_all(sample("lifecycle.pcapng"), "host 10.0.0.12");
  ASSERT_EQ(read.datagrams.size(), 2u);
  EXPECT_EQ(read.datagrams[0].frame, 15u);  // frame numbers count the filtered records too
  EXPECT_EQ(read.datagrams[1].frame, 16u);
  EXPECT_EQ(read.datagrams[1].destination, "10.0.0.12:49153");
  EXPECT_EQ(read.stats.frames, 18u);
  EXPECT_EQ(read.stats.filtered_out, 16u);
  EXPECT_EQ(read.stats.skipped(), 16u);

  const Read none = read_all(sample("exchanges.pcapng"), "tcp");
  EXPECT_EQ(none.stats.filtered_out, 22u);
  EXPECT_EQ(none.stats.not_udp, 11u);
}

// One file per link type, each with an IPv4 and an IPv6 datagram and one frame that is not IP.
struct LinkCase {
  int link_type;
  std::string name;
  Bytes (*wrap)(bool v6, const Bytes& ip);
};

TEST(CaptureReader, ReadsEverySupportedLinkType) {
  const std::vector<LinkCase> cases = {
      {DLT_EN10MB, "Ethernet",
       [](bool v6, const Bytes& ip) { return ethernet(v6 ? kIpv6Type : kIpv4Type, ip); }},
      {DLT_LINUX_SLL, "Linux cooked (SLL)",
       [](bool v6, const Bytes& ip) { return test::sll(v6 ? kIpv6Type : kIpv4Type, ip); }},
      {DLT_LINUX_SLL2, "Linux cooked (SLL2)",
       [](bool v6, const Bytes& ip) { return test::sll2(v6 ? kIpv6Type : kIpv4Type, ip); }},
      {DLT_RAW, "raw IP", [](bool, const Bytes& ip) { return ip; }},
      {DLT_NULL, "BSD loopback (null)",
       [](bool v6, const Bytes& ip) { return test::loopback(v6 ? 30 : 2, false, ip); }},
      {DLT_LOOP, "OpenBSD loopback",
       [](bool v6, const Bytes& ip) { return test::loopback(v6 ? 24 : 2, true, ip); }},
  };
  TempDir dir;
  const Bytes payload4 = test::text_bytes("four");
  const Bytes payload6 = test::text_bytes("six!!");
  const Bytes ip4 = ipv4({"192.0.2.10", "192.0.2.20"}, udp(50000, 5683, payload4));
  const Bytes ip6 = ipv6({"2001:db8::10", "2001:db8::20"}, udp(5683, 50000, payload6));
  for (const LinkCase& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.file(c.name + ".pcap");
    {
      PcapWriter writer(path, c.link_type);
      writer.add(c.wrap(false, ip4), kStart + 1);
      writer.add(c.link_type == DLT_EN10MB       ? ethernet(kArpType, Bytes(28, 0))
                 : c.link_type == DLT_LINUX_SLL  ? test::sll(kArpType, Bytes(28, 0))
                 : c.link_type == DLT_LINUX_SLL2 ? test::sll2(kArpType, Bytes(28, 0))
                 : c.link_type == DLT_RAW        ? Bytes(28, 0x10)  // version 1: malformed
                                                 : test::loopback(7, c.link_type == DLT_LOOP, ip4),
                 kStart + 2);
      writer.add(c.wrap(true, ip6), kStart + 3);
    }
    CaptureReader reader(path, "");
    EXPECT_EQ(reader.link_type(), c.link_type);
    EXPECT_EQ(reader.link_type_name(), c.name);
    Datagram d;
    ASSERT_TRUE(reader.next(d));
    EXPECT_EQ(d.frame_number, 1u);
    EXPECT_EQ(d.time_ns, kStart + 1);
    EXPECT_EQ(d.source.to_string(), "192.0.2.10:50000");
    EXPECT_EQ(d.destination.to_string(), "192.0.2.20:5683");
    EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length), payload4);
    ASSERT_TRUE(reader.next(d));
    EXPECT_EQ(d.frame_number, 3u);
    EXPECT_EQ(d.time_ns, kStart + 3);
    EXPECT_EQ(d.source.to_string(), "[2001:db8::10]:5683");
    EXPECT_EQ(d.destination.to_string(), "[2001:db8::20]:50000");
    EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length), payload6);
    EXPECT_FALSE(reader.next(d));
    EXPECT_EQ(reader.stats().frames, 3u);
    EXPECT_EQ(reader.stats().not_ip + reader.stats().malformed, 1u);
    EXPECT_EQ(reader.stats().malformed, c.link_type == DLT_RAW ? 1u : 0u);
  }

  // libpcap writes DLT_IPV4 and DLT_IPV6 as LINKTYPE_IPV4/IPV6 and reads them back as such.
  for (const auto& [link_type, name, ip] :
       {std::tuple{DLT_IPV4, "raw IPv4", ip4}, std::tuple{DLT_IPV6, "raw IPv6", ip6}}) {
    const std::string path = dir.file(std::string(name) + ".pcap");
    {
      PcapWriter writer(path, link_type);
      writer.add(ip, kStart);
    }
    const Read read = read_all(path);
    ASSERT_EQ(read.datagrams.size(), 1u) << name;
    EXPECT_EQ(CaptureReader(path, "").link_type_name(), name);
  }
}

TEST(CaptureReader, ReadsRawIpWrittenAsDlt14) {
  // Old OpenBSD files hold DLT_RAW's value there, 14, instead of LINKTYPE_RAW (101).
  TempDir dir;
  const std::string path = dir.file("raw14.pcap");
  {
    PcapWriter writer(path, DLT_RAW);
    writer.add(ipv4({}, udp(1, 2, {0x42})), kStart);
  }
  Bytes file = read_file(path);
  const uint32_t link_type = 14;
  std::memcpy(file.data() + 20, &link_type, 4);  // the writer's (this host's) byte order
  write_file(path, file);
  CaptureReader reader(path, "");
  EXPECT_EQ(reader.link_type(), 14);
  EXPECT_EQ(reader.link_type_name(), "raw IP");
  Datagram d;
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.source.to_string(), "192.0.2.1:1");
  EXPECT_EQ(d.payload_length, 1u);
  EXPECT_EQ(d.payload[0], 0x42);
}

TEST(CaptureReader, ReadsNullLoopbackFamiliesOfEveryWriter) {
  TempDir dir;
  const std::string path = dir.file("null.pcap");
  const Bytes ip4 = ipv4({"127.0.0.1", "127.0.0.1"}, udp(1, 2, {1}));
  const Bytes ip6 = ipv6({"::1", "::1"}, udp(1, 2, {6}));
  {
    PcapWriter writer(path, DLT_NULL);
    for (bool big_endian : {false, true}) {
      writer.add(test::loopback(2, big_endian, ip4), kStart);
      for (uint32_t family : {10u, 24u, 28u, 30u})
        writer.add(test::loopback(family, big_endian, ip6), kStart);
      writer.add(test::loopback(17, big_endian, ip6), kStart);
    }
  }
  const Read read = read_all(path);
  ASSERT_EQ(read.datagrams.size(), 10u);
  EXPECT_EQ(read.datagrams[0].source, "127.0.0.1:1");
  EXPECT_EQ(read.datagrams[1].source, "[::1]:1");
  EXPECT_EQ(read.datagrams[9].source, "[::1]:1");
  EXPECT_EQ(read.stats.not_ip, 2u);
}

TEST(CaptureReader, CountsEveryKindOfFrame) {
  TempDir dir;
  const std::string path = dir.file("mixed.pcap");
  const Bytes request = test::text_bytes("\x40\x02\x00\x01 register");
  const Bytes whole_udp = udp(49153, 5683, Bytes(40, 0x33));  // 48 bytes, cut in 3 fragments
  auto fragment = [](uint16_t id, uint8_t protocol, uint16_t offset, bool more, const Bytes& data) {
    Ipv4 h{"10.0.0.5", "10.0.0.1"};
    h.identification = id;
    h.protocol = protocol;
    h.offset = offset;
    h.more_fragments = more;
    return ethernet(kIpv4Type, ipv4(h, data));
  };
  const Bytes bad_udp = udp(1, 2, Bytes(8, 0), 200);
  {
    PcapWriter writer(path, DLT_EN10MB);
    int64_t t = kStart;
    writer.add(ethernet(kArpType, Bytes(28, 0)), t++);  // 1 not IP
    writer.add(ethernet(kIpv4Type, ipv4({"10.0.0.5", "10.0.0.1"}, udp(49153, 5683, request))),
               t++);  // 2
    Ipv4 tcp;
    tcp.protocol = 6;
    writer.add(ethernet(kIpv4Type, ipv4(tcp, Bytes(20, 0))), t++);  // 3 not UDP
    const Bytes long_frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, Bytes(100, 0))));
    writer.add(Bytes(long_frame.begin(), long_frame.begin() + 60), t++,
               static_cast<uint32_t>(long_frame.size()));  // 4 cut
    Ipv4 bad_ihl;
    bad_ihl.ihl = 4;
    writer.add(ethernet(kIpv4Type, ipv4(bad_ihl, udp(1, 2, {}))), t++);  // 5 malformed
    writer.add(fragment(7, 17, 0, true, Bytes(whole_udp.begin(), whole_udp.begin() + 16)),
               t++);                                                           // 6
    writer.add(ethernet(kIpv6Type, ipv6({}, udp(5683, 49153, {0x60}))), t++);  // 7
    writer.add(fragment(7, 17, 32, false, Bytes(whole_udp.begin() + 32, whole_udp.end())),
               t++);  // 8
    writer.add(fragment(7, 17, 16, true, Bytes(whole_udp.begin() + 16, whole_udp.begin() + 32)),
               t++);                                            // 9
    writer.add(fragment(8, 17, 0, true, Bytes(16, 0)), t++);    // 10 unfinished
    writer.add(fragment(9, 1, 0, true, Bytes(8, 0)), t++);      // 11 ICMP
    writer.add(fragment(9, 1, 8, false, Bytes(8, 0)), t++);     // 12 ICMP
    writer.add(fragment(10, 17, 16, false, Bytes(8, 0)), t++);  // 13 bad UDP
    writer.add(fragment(10, 17, 0, true, bad_udp), t++);        // 14 bad UDP
  }
  CaptureReader reader(path, "");
  Datagram d;
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 2u);
  EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length), request);
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 7u);
  EXPECT_EQ(reader.stats().fragments_pending, 1u);
  expect_every_frame_accounted_for(reader.stats());
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 9u);  // the fragment that completed it
  EXPECT_EQ(d.time_ns, kStart + 8);
  EXPECT_TRUE(d.reassembled);
  EXPECT_EQ(d.source.to_string(), "10.0.0.5:49153");
  EXPECT_EQ(d.destination.to_string(), "10.0.0.1:5683");
  EXPECT_EQ(Bytes(d.payload, d.payload + d.payload_length), Bytes(40, 0x33));
  EXPECT_EQ(reader.stats().fragments_pending, 0u);
  expect_every_frame_accounted_for(reader.stats());
  EXPECT_FALSE(reader.next(d));

  const CaptureStats& s = reader.stats();
  EXPECT_EQ(s.frames, 14u);
  EXPECT_EQ(s.udp_datagrams, 3u);
  EXPECT_EQ(s.delivered_frames, 5u);
  EXPECT_EQ(s.filtered_out, 0u);
  EXPECT_EQ(s.not_ip, 1u);
  EXPECT_EQ(s.not_udp, 3u);  // frame 3, and frames 11-12 (a reassembled ICMP datagram)
  EXPECT_EQ(s.cut_short, 1u);
  EXPECT_EQ(s.malformed, 3u);  // frame 5, and frames 13-14 (UDP length past the datagram)
  EXPECT_EQ(s.fragments, 8u);
  EXPECT_EQ(s.reassembled, 3u);
  EXPECT_EQ(s.fragments_dropped, 1u);  // frame 10
  EXPECT_EQ(s.fragments_pending, 0u);
  EXPECT_EQ(s.skipped(), 9u);
  EXPECT_EQ(reader.reassembly_counters().unfinished, 1u);
  expect_every_frame_accounted_for(s);

  // The BPF filter sees each record alone: "udp" passes IPv4 fragments (protocol 17) but not ARP,
  // TCP, ICMP fragments or IPv6.
  const Read filtered = read_all(path, "ip and udp");
  EXPECT_EQ(filtered.stats.filtered_out, 5u);
  EXPECT_EQ(filtered.stats.udp_datagrams, 2u);
}

TEST(CaptureReader, DropsFragmentsOlderThan60Seconds) {
  TempDir dir;
  const std::string path = dir.file("slow.pcap");
  const Bytes whole = udp(1, 2, Bytes(8, 0x11));
  auto fragment = [&](uint16_t offset, bool more) {
    Ipv4 h;
    h.identification = 3;
    h.offset = offset;
    h.more_fragments = more;
    return ethernet(kIpv4Type, ipv4(h, Bytes(whole.begin() + offset,
                                             more ? whole.begin() + offset + 8 : whole.end())));
  };
  {
    PcapWriter writer(path, DLT_EN10MB);
    writer.add(fragment(0, true), kStart);
    writer.add(ethernet(kIpv4Type, ipv4({}, udp(1, 2, {}))), kStart + 61 * kSecond);
    writer.add(fragment(8, false), kStart + 61 * kSecond);
  }
  CaptureReader reader(path, "");
  Datagram d;
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.frame_number, 2u);
  EXPECT_EQ(reader.stats().fragments_dropped, 1u);  // dropped as soon as frame 2 shows the time
  EXPECT_EQ(reader.reassembly_counters().timed_out, 1u);
  EXPECT_FALSE(reader.next(d));
  EXPECT_EQ(reader.stats().fragments_dropped, 2u);  // frame 3, alone at the end
  EXPECT_EQ(reader.reassembly_counters().unfinished, 1u);
  expect_every_frame_accounted_for(reader.stats());
}

TEST(CaptureReader, TimestampsInNanoseconds) {
  TempDir dir;
  const Bytes frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, {})));
  const std::string nano = dir.file("nano.pcap");
  const std::string micro = dir.file("micro.pcap");
  {
    PcapWriter n(nano, DLT_EN10MB);
    n.add(frame, 1700000000123456789);
    PcapWriter m(micro, DLT_EN10MB, 262144, PCAP_TSTAMP_PRECISION_MICRO);
    m.add(frame, 1700000000123456789);
  }
  EXPECT_EQ(read_all(nano).datagrams.at(0).time_ns, 1700000000123456789);
  EXPECT_EQ(read_all(micro).datagrams.at(0).time_ns, 1700000000123456000);
  const Read empty = read_all(nano, "udp port 9");
  EXPECT_EQ(empty.stats.filtered_out, 1u);
}

TEST(CaptureReader, PayloadsPointIntoLibpcapsBuffer) {
  TempDir dir;
  const std::string path = dir.file("two.pcap");
  {
    PcapWriter writer(path, DLT_EN10MB);
    writer.add(ethernet(kIpv4Type, ipv4({}, udp(1, 2, {1, 2, 3}))), kStart);
    writer.add(ethernet(kIpv4Type, ipv4({}, udp(1, 2, {4, 5}))), kStart);
  }
  CaptureReader reader(path, "");
  Datagram first;
  Datagram second;
  ASSERT_TRUE(reader.next(first));
  EXPECT_EQ(Bytes(first.payload, first.payload + first.payload_length), (Bytes{1, 2, 3}));
  ASSERT_TRUE(reader.next(second));
  EXPECT_EQ(Bytes(second.payload, second.payload + second.payload_length), (Bytes{4, 5}));
}

// --- errors ---

TEST(CaptureReaderErrors, FilesThatAreNoCaptures) {
  TempDir dir;
  const std::string missing = dir.file("missing.pcap");
  EXPECT_EQ(error_of(missing), missing + ": cannot open: No such file or directory");
  EXPECT_EQ(error_of(dir.path()), dir.path() + ": cannot read: Is a directory");

  const std::string empty = dir.file("empty.pcap");
  write_file(empty, {});
  EXPECT_EQ(error_of(empty), empty + ": the file is empty");

  const std::string garbage = dir.file("garbage.pcap");
  std::mt19937 random(42);
  Bytes noise(4096);
  for (uint8_t& byte : noise) byte = static_cast<uint8_t>(random());
  write_file(garbage, noise);
  EXPECT_EQ(error_of(garbage), garbage + ": not a pcap or pcapng file");

  const std::string text = dir.file("notes.txt");
  write_file(text, test::text_bytes("tcpdump -i eth0 -w capture.pcap udp port 5683\n"));
  EXPECT_EQ(error_of(text), text + ": not a pcap or pcapng file");

  const std::string tiny = dir.file("tiny.pcap");
  write_file(tiny, {0xd4, 0xc3});
  EXPECT_EQ(error_of(tiny), tiny + ": not a pcap or pcapng file");
}

TEST(CaptureReaderErrors, UnsupportedLinkType) {
  TempDir dir;
  const std::string path = dir.file("wifi.pcap");
  { PcapWriter writer(path, DLT_IEEE802_11); }
  EXPECT_EQ(error_of(path),
            path +
                ": link type 105 (IEEE802_11) is not supported; supported: Ethernet, Linux "
                "cooked (SLL, SLL2), raw IP, loopback/null");
}

TEST(CaptureReaderErrors, FilterErrorsNameTheFilter) {
  const std::string path = sample("lifecycle.pcapng");
  EXPECT_EQ(error_of(path, "udp prot 5683"), "--filter 'udp prot 5683': syntax error");
  // libpcap's own words, which Debian sid's libpcap changed (12's and 13's give the first).
  const std::string port_error = error_of(path, "udp port 99999");
  EXPECT_TRUE(port_error == "--filter 'udp port 99999': illegal port number 99999 > 65535" ||
              port_error ==
                  "--filter 'udp port 99999': port number 99999 greater than maximum 65535")
      << port_error;
  EXPECT_EQ(error_of(path, "udp port 5683"), "");
}

// Cuts a classic pcap of three frames at every byte offset.
TEST(CaptureReaderErrors, PcapCutAtEveryOffset) {
  TempDir dir;
  const std::string whole_path = dir.file("whole.pcap");
  std::vector<std::size_t> record_ends;  // file offsets where each record ends
  {
    PcapWriter writer(whole_path, DLT_EN10MB);
    std::size_t end = 24;
    for (std::size_t n = 1; n <= 3; ++n) {
      const Bytes frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, Bytes(n * 10, 0))));
      writer.add(frame, kStart);
      end += 16 + frame.size();
      record_ends.push_back(end);
    }
  }
  const Bytes whole = read_file(whole_path);
  ASSERT_EQ(whole.size(), record_ends.back());
  const std::string path = dir.file("cut.pcap");
  for (std::size_t length = 0; length <= whole.size(); ++length) {
    write_file(path, Bytes(whole.begin(), whole.begin() + length));
    std::string expected;
    std::size_t complete = 0;
    while (complete < record_ends.size() && record_ends[complete] <= length) ++complete;
    if (length == 0) {
      expected = "the file is empty";
    } else if (length < 4) {
      expected = "not a pcap or pcapng file";
    } else if (length < 24) {
      expected = "the file is cut short inside its file header";
    } else if (length != 24 && (complete == 0 || record_ends[complete - 1] != length)) {
      expected = complete == 0 ? "the file is cut short before its first frame (truncated in the "
                                 "middle of a record)"
                               : "the file is cut short after frame " + std::to_string(complete) +
                                     " (truncated in the middle of a record)";
    }
    EXPECT_EQ(error_of(path), expected.empty() ? "" : path + ": " + expected) << length;
    if (expected.empty() || expected.find("after frame") != std::string::npos ||
        expected.find("before its first") != std::string::npos) {
      // Everything before the cut is delivered first.
      CaptureReader reader(path, "");
      Datagram d;
      std::size_t delivered = 0;
      try {
        while (reader.next(d)) ++delivered;
      } catch (const CaptureError&) {
      }
      EXPECT_EQ(delivered, complete) << length;
      EXPECT_EQ(reader.stats().frames, complete) << length;
    }
  }
}

// Cuts the lifecycle sample (pcapng written by editcap) at every byte offset.
TEST(CaptureReaderErrors, PcapngCutAtEveryOffset) {
  const Bytes whole = read_file(sample("lifecycle.pcapng"));
  ASSERT_GT(whole.size(), 1000u);
  // The blocks: their end offsets, and how many packets end at or before each.
  std::vector<std::pair<std::size_t, std::size_t>> block_ends;
  std::size_t header_end = 0;  // end of the first Interface Description Block
  std::size_t packets = 0;
  for (std::size_t at = 0; at < whole.size();) {
    uint32_t type = 0;
    uint32_t length = 0;
    std::memcpy(&type, whole.data() + at, 4);
    std::memcpy(&length, whole.data() + at + 4, 4);
    ASSERT_GE(length, 12u);
    at += length;
    if (type == 6 || type == 3) ++packets;
    if (type == 1 && header_end == 0) header_end = at;
    block_ends.emplace_back(at, packets);
  }
  ASSERT_EQ(packets, 18u);
  TempDir dir;
  const std::string path = dir.file("cut.pcapng");
  for (std::size_t length = 0; length <= whole.size(); ++length) {
    write_file(path, Bytes(whole.begin(), whole.begin() + length));
    std::string expected;
    if (length == 0) {
      expected = "the file is empty";
    } else if (length < 4) {
      expected = "not a pcap or pcapng file";
    } else if (length < header_end) {
      expected = "the file is cut short inside its file header";
    } else {
      std::size_t complete = 0;
      bool at_boundary = false;
      for (const auto& [end, count] : block_ends) {
        if (end <= length) complete = count;
        if (end == length) at_boundary = true;
      }
      if (!at_boundary) {
        expected = complete == 0 ? "the file is cut short before its first frame (truncated in "
                                   "the middle of a record)"
                                 : "the file is cut short after frame " + std::to_string(complete) +
                                       " (truncated in the middle of a record)";
      }
    }
    EXPECT_EQ(error_of(path), expected.empty() ? "" : path + ": " + expected) << length;
  }
}

// A pcapng file built block by block (little-endian), since libpcap writes no pcapng.
Bytes pcapng_block(uint32_t type, Bytes body) {
  body.resize((body.size() + 3) / 4 * 4, 0);
  const uint32_t length = static_cast<uint32_t>(body.size() + 12);
  Bytes out(8);
  std::memcpy(out.data(), &type, 4);
  std::memcpy(out.data() + 4, &length, 4);
  out = out + body;
  out.resize(out.size() + 4);
  std::memcpy(out.data() + out.size() - 4, &length, 4);
  return out;
}

Bytes le(uint64_t value, std::size_t bytes) {
  Bytes out;
  for (std::size_t i = 0; i < bytes; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
  return out;
}

Bytes section_header() {
  return pcapng_block(0x0a0d0d0a, le(0x1a2b3c4d, 4) + le(1, 2) + le(0, 2) + le(~0ull, 8));
}

Bytes interface(uint16_t linktype, uint32_t snaplen) {
  return pcapng_block(1, le(linktype, 2) + le(0, 2) + le(snaplen, 4));
}

Bytes packet(uint32_t interface_id, const Bytes& data) {
  return pcapng_block(
      6, le(interface_id, 4) + le(0, 8) + le(data.size(), 4) + le(data.size(), 4) + data);
}

TEST(CaptureReaderErrors, PcapngWithInterfacesOfDifferentLinkTypes) {
  TempDir dir;
  const Bytes frame = ethernet(kIpv4Type, ipv4({}, udp(1, 2, {7})));
  const std::string mixed = dir.file("mixed.pcapng");
  write_file(mixed, section_header() + interface(1, 262144) + packet(0, frame) +
                        interface(101, 262144) + packet(1, ipv4({}, udp(1, 2, {8}))));
  EXPECT_EQ(error_of(mixed),
            mixed +
                ": its interfaces have different link types (1 (Ethernet) and 101 (raw IP)); "
                "libpcap cannot read such a pcapng file: save the interface you need as pcap "
                "first, e.g. tshark -r " +
                mixed + " -Y 'frame.interface_id == 0' -F pcap -w part.pcap");
  // The frame before the second interface is delivered before the error.
  CaptureReader reader(mixed, "");
  Datagram d;
  ASSERT_TRUE(reader.next(d));
  EXPECT_EQ(d.payload[0], 7);
  EXPECT_THROW(reader.next(d), CaptureError);
  EXPECT_FALSE(reader.next(d));
  expect_every_frame_accounted_for(reader.stats());

  const std::string snaplens = dir.file("snaplens.pcapng");
  write_file(snaplens,
             section_header() + interface(1, 262144) + interface(1, 128) + packet(1, frame));
  EXPECT_EQ(error_of(snaplens),
            snaplens +
                ": its interfaces have different snapshot lengths (262144 and 128); "
                "libpcap cannot read such a pcapng file: save the interface you need as "
                "pcap first, e.g. tshark -r " +
                snaplens + " -Y 'frame.interface_id == 0' -F pcap -w part.pcap");

  // Two interfaces of one link type are fine.
  const std::string two = dir.file("two.pcapng");
  write_file(two, section_header() + interface(1, 262144) + interface(1, 262144) +
                      packet(0, frame) + packet(1, frame));
  EXPECT_EQ(read_all(two).datagrams.size(), 2u);
}

}  // namespace
}  // namespace lwm2m::replay
