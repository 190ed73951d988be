#include "report/pcapng_writer.h"

#include <gtest/gtest.h>
#include <pcap/pcap.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "net/packet_encoder.h"

namespace lwm2m::replay {
namespace {

using Bytes = std::vector<uint8_t>;

// 2023-11-14 22:13:20.123456789 UTC: above 2^32 ns, so both timestamp words are used.
constexpr int64_t kTime = 1'700'000'000'123'456'789;

net::TransportAddress address(const char* text) {
  const auto a = net::TransportAddress::parse(text);
  if (!a) throw std::invalid_argument(text);
  return *a;
}

// A file name of its own for each test, in gtest's temporary folder.
std::string temp_path(const std::string& name) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return ::testing::TempDir() + "pcapng_writer_" + info->name() + "_" + name + "_" +
         std::to_string(::getpid()) + ".pcapng";
}

Bytes read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

void write_file(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

uint32_t le32(const Bytes& b, std::size_t at) {
  return b[at] | b[at + 1] << 8 | b[at + 2] << 16 | static_cast<uint32_t>(b[at + 3]) << 24;
}

uint16_t le16(const Bytes& b, std::size_t at) {
  return static_cast<uint16_t>(b[at] | b[at + 1] << 8);
}

struct Block {
  std::size_t offset = 0;
  uint32_t type = 0;
  uint32_t length = 0;
};

// Walks the blocks by their lengths, independently of the writer; fails the test on a block whose
// trailing length does not repeat the leading one or that runs past the end.
std::vector<Block> blocks_of(const Bytes& file) {
  std::vector<Block> blocks;
  std::size_t at = 0;
  while (at < file.size()) {
    EXPECT_LE(at + 12, file.size());
    if (at + 12 > file.size()) break;
    Block block{at, le32(file, at), le32(file, at + 4)};
    EXPECT_EQ(block.length % 4, 0u);
    EXPECT_LE(at + block.length, file.size());
    if (block.length < 12 || at + block.length > file.size()) break;
    EXPECT_EQ(le32(file, at + block.length - 4), block.length);
    blocks.push_back(block);
    at += block.length;
  }
  return blocks;
}

// The opt_comment of the Enhanced Packet Block at `block`, or nullopt when it has none.
std::optional<std::string> comment_of(const Bytes& file, const Block& block) {
  const std::size_t captured = le32(file, block.offset + 20);
  std::size_t at = block.offset + 28 + (captured + 3) / 4 * 4;
  const std::size_t end = block.offset + block.length - 4;
  while (at + 4 <= end) {
    const uint16_t code = le16(file, at);
    const uint16_t length = le16(file, at + 2);
    if (code == 0) break;
    if (code == 1) {
      return std::string(file.begin() + static_cast<std::ptrdiff_t>(at + 4),
                         file.begin() + static_cast<std::ptrdiff_t>(at + 4 + length));
    }
    at += 4 + (length + 3u) / 4 * 4;
  }
  return std::nullopt;
}

struct Packet {
  int64_t time_ns = 0;
  Bytes data;
};

struct Capture {
  int link_type = -1;
  std::vector<Packet> packets;
  std::string error;  // empty when the whole file read without error
};

Capture read_with_libpcap(const std::string& path) {
  Capture capture;
  char error[PCAP_ERRBUF_SIZE] = {};
  pcap_t* pcap =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, error);
  if (pcap == nullptr) {
    capture.error = error;
    return capture;
  }
  capture.link_type = pcap_datalink(pcap);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int result = 0;
  while ((result = pcap_next_ex(pcap, &header, &data)) == 1) {
    EXPECT_EQ(header->caplen, header->len);
    // With nanosecond precision, tv_usec holds nanoseconds.
    capture.packets.push_back({static_cast<int64_t>(header->ts.tv_sec) * 1'000'000'000 +
                                   static_cast<int64_t>(header->ts.tv_usec),
                               Bytes(data, data + header->caplen)});
  }
  if (result != PCAP_ERROR_BREAK) capture.error = pcap_geterr(pcap);
  pcap_close(pcap);
  return capture;
}

// The replay's typical traffic: a Register over IPv4 and its answer, then a packet over IPv6.
struct Sample {
  net::TransportAddress from;
  net::TransportAddress to;
  Bytes payload;
  int64_t time_ns;
  std::string comment;
};

std::vector<Sample> samples() {
  const Bytes post = {0x40, 0x02, 0x04, 0xd2, 0xb2, 'r', 'd'};
  const Bytes created = {0x60, 0x41, 0x04, 0xd2};
  return {
      {address("192.0.2.10:56830"), address("198.51.100.1:5683"), post, kTime,
       "sent: exchange 1 of client urn:imei:490154203237518"},
      {address("198.51.100.1:5683"), address("192.0.2.10:56830"), created, kTime + 1'500'000, ""},
      {address("[2001:db8::10]:56831"), address("[2001:db8::1]:5683"), post, kTime + 2'000'000'001,
       "sent: exchange 2 of client caf\xC3\xA9"},
  };
}

void write_samples(PcapngWriter& writer) {
  for (const Sample& s : samples()) {
    writer.write_udp(s.time_ns, s.from, s.to, s.payload.data(), s.payload.size(), s.comment);
  }
}

TEST(PcapngWriter, StartsWithTheExpectedSectionHeaderAndInterfaceBlocks) {
  const std::string path = temp_path("header");
  {
    PcapngWriter writer(path, "lwm2m-replay 0.1.0");
    writer.close();
    EXPECT_EQ(writer.packets(), 0u);
  }
  const Bytes expected = {
      // Section Header Block, 56 bytes, little-endian, version 1.0, section length -1.
      0x0a, 0x0d, 0x0d, 0x0a, 0x38, 0x00, 0x00, 0x00, 0x4d, 0x3c, 0x2b, 0x1a, 0x01, 0x00, 0x00,
      0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
      // shb_userappl, 18 bytes and 2 of padding; opt_endofopt; the length again.
      0x04, 0x00, 0x12, 0x00, 'l', 'w', 'm', '2', 'm', '-', 'r', 'e', 'p', 'l', 'a', 'y', ' ', '0',
      '.', '1', '.', '0', 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x38, 0x00, 0x00, 0x00,
      // Interface Description Block, 32 bytes: LINKTYPE_RAW, snaplen 262144, if_tsresol 9.
      0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x65, 0x00, 0x00, 0x00, 0x00, 0x00, 0x04,
      0x00, 0x09, 0x00, 0x01, 0x00, 0x09, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00,
      0x00, 0x00};
  EXPECT_EQ(read_file(path), expected);
  const Capture capture = read_with_libpcap(path);
  EXPECT_EQ(capture.error, "");
  EXPECT_EQ(capture.link_type, DLT_RAW);
  EXPECT_TRUE(capture.packets.empty());
  std::remove(path.c_str());
}

TEST(PcapngWriter, PacketsReadBackWithLibpcap) {
  const std::string path = temp_path("libpcap");
  PcapngWriter writer(path, "lwm2m-replay test");
  write_samples(writer);
  // And a packet that is not UDP at all: write() takes any IP datagram as it is.
  const Bytes odd = {0x45, 0x00, 0x00, 0x15, 0, 0, 0, 0, 64, 1};
  writer.write(0, odd, "first second of 1970");
  EXPECT_EQ(writer.packets(), 4u);
  writer.close();

  const Capture capture = read_with_libpcap(path);
  EXPECT_EQ(capture.error, "");
  EXPECT_EQ(capture.link_type, DLT_RAW);
  ASSERT_EQ(capture.packets.size(), 4u);
  const auto all = samples();
  uint16_t ipv4_id = 1;  // the writer's counter starts at 1 and counts IPv4 packets only
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Sample& s = all[i];
    EXPECT_EQ(capture.packets[i].time_ns, s.time_ns) << i;
    EXPECT_EQ(capture.packets[i].data,
              net::encode_udp_packet(s.from, s.to, s.payload.data(), s.payload.size(), ipv4_id))
        << i;
    if (!s.from.is_ipv6()) ++ipv4_id;
  }
  EXPECT_EQ(capture.packets[3].time_ns, 0);
  EXPECT_EQ(capture.packets[3].data, odd);

  const Bytes file = read_file(path);
  const auto blocks = blocks_of(file);
  ASSERT_EQ(blocks.size(), 6u);
  EXPECT_EQ(comment_of(file, blocks[2]), all[0].comment);
  EXPECT_EQ(comment_of(file, blocks[3]), std::nullopt) << "no option for an empty comment";
  EXPECT_EQ(comment_of(file, blocks[4]), all[2].comment);
  std::remove(path.c_str());
}

TEST(PcapngWriter, WritesCommentsAsPrintableUtf8AndCutsLongOnes) {
  const std::string path = temp_path("comments");
  PcapngWriter writer(path, "lwm2m-replay test");
  const Bytes packet = {0x45};
  writer.write(kTime, packet, "line\nbreak, bad byte \xFF, caf\xC3\xA9");
  // 40000 two-byte characters: 80000 bytes, cut to the 32767 whole characters below 65535 bytes.
  std::string long_comment;
  for (int i = 0; i < 40000; ++i) long_comment += "\xC3\xA9";
  writer.write(kTime, packet, long_comment);
  writer.close();

  const Bytes file = read_file(path);
  const auto blocks = blocks_of(file);
  ASSERT_EQ(blocks.size(), 4u);
  EXPECT_EQ(comment_of(file, blocks[2]), "line\\x0Abreak, bad byte \\xFF, caf\xC3\xA9");
  EXPECT_EQ(comment_of(file, blocks[3]), long_comment.substr(0, 65534));
  EXPECT_EQ(read_with_libpcap(path).error, "");
  std::remove(path.c_str());
}

// Where tshark is on PATH, or "" when it is not.
std::string find_in_path(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  std::size_t start = 0;
  while (start <= dirs.size()) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const std::string candidate = dirs.substr(start, end - start) + "/" + program;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return output;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) output.append(buffer, n);
  ::pclose(pipe);
  return output;
}

TEST(PcapngWriter, TsharkShowsAddressesPortsTimesCommentsAndGoodChecksums) {
  const std::string tshark = find_in_path("tshark");
  if (tshark.empty()) GTEST_SKIP() << "tshark is not on PATH";
  const std::string path = temp_path("tshark");
  {
    PcapngWriter writer(path, "lwm2m-replay test");
    write_samples(writer);
    writer.close();
  }
  // Checksum validation is off by default in Wireshark: turn it on, an independent check of the
  // encoder's checksums.
  const std::string output =
      run("'" + tshark + "' -r '" + path +
          "' -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -T fields -e ip.src -e ipv6.src"
          " -e udp.srcport -e udp.dstport -e frame.time_epoch -e ip.checksum.status"
          " -e udp.checksum.status -e frame.comment 2>/dev/null");
  // Checksum status 1 is "Good" (PROTO_CHECKSUM_E_GOOD; 0 bad, 2 unverified).
  EXPECT_EQ(output,
            "192.0.2.10\t\t56830\t5683\t1700000000.123456789\t1\t1\t"
            "sent: exchange 1 of client urn:imei:490154203237518\n"
            "198.51.100.1\t\t5683\t56830\t1700000000.124956789\t1\t1\t\n"
            "\t2001:db8::10\t56831\t5683\t1700000002.123456790\t\t1\t"
            "sent: exchange 2 of client caf\xC3\xA9\n");
  std::remove(path.c_str());
}

TEST(PcapngWriter, CapinfosShowsTheApplication) {
  const std::string capinfos = find_in_path("capinfos");
  if (capinfos.empty()) GTEST_SKIP() << "capinfos is not on PATH";
  const std::string path = temp_path("capinfos");
  {
    PcapngWriter writer(path, "lwm2m-replay 9.8.7");
    write_samples(writer);
  }  // closed by the destructor
  const std::string output = run("'" + capinfos + "' '" + path + "' 2>/dev/null");
  EXPECT_NE(output.find("Capture application: lwm2m-replay 9.8.7\n"), std::string::npos) << output;
  std::remove(path.c_str());
}

TEST(PcapngWriter, AFileCutAtAnyBlockBoundaryReadsWithoutError) {
  const std::string path = temp_path("whole");
  {
    PcapngWriter writer(path, "lwm2m-replay test");
    write_samples(writer);
    write_samples(writer);
    writer.close();
  }
  const Bytes file = read_file(path);
  const auto blocks = blocks_of(file);
  ASSERT_EQ(blocks.size(), 8u);
  const std::string cut_path = temp_path("cut");
  // From just after the interface block (the constructor writes both header blocks, so no file
  // of this writer is ever shorter) to the whole file.
  for (std::size_t kept = 2; kept <= blocks.size(); ++kept) {
    const std::size_t end = blocks[kept - 1].offset + blocks[kept - 1].length;
    write_file(cut_path, Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(end)));
    const Capture capture = read_with_libpcap(cut_path);
    EXPECT_EQ(capture.error, "") << kept << " blocks";
    EXPECT_EQ(capture.packets.size(), kept - 2) << kept << " blocks";
  }
  // The check can fail: a cut inside a block is an error for libpcap.
  write_file(cut_path, Bytes(file.begin(),
                             file.begin() + static_cast<std::ptrdiff_t>(blocks[3].offset + 12)));
  EXPECT_NE(read_with_libpcap(cut_path).error, "");
  std::remove(cut_path.c_str());
  std::remove(path.c_str());
}

TEST(PcapngWriter, NamesThePathWhenItCannotCreateTheFile) {
  const std::string path = ::testing::TempDir() + "no-such-folder-pcapng/out.pcapng";
  try {
    PcapngWriter writer(path, "lwm2m-replay test");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), path + ": cannot create: No such file or directory");
  }
}

TEST(PcapngWriter, NamesThePathWhenTheDiskIsFull) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no writable /dev/full";
  // The header blocks are written at once, so a full disk shows in the constructor.
  try {
    PcapngWriter writer("/dev/full", "lwm2m-replay test");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "/dev/full: cannot write: No space left on device");
  }
}

TEST(PcapngWriter, AWriteFailingMidBlockLeavesOnlyWholeBlocks) {
  const std::string path = temp_path("limit");
  // A file size limit makes write(2) stop part-way through a block, then fail with EFBIG, as a
  // disk filling up would. In a child process, so that the limit binds nothing else.
  const pid_t child = ::fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{5000, 5000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 10;
    try {
      PcapngWriter writer(path, "lwm2m-replay test");
      const Bytes packet(301, 0x45);
      for (int i = 0; i < 100; ++i) writer.write(kTime + i, packet, "a comment");
      code = 11;  // the limit never hit
    } catch (const std::runtime_error& e) {
      code = std::string(e.what()) == path + ": cannot write: File too large" ? 0 : 12;
    }
    ::_exit(code);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0) << "10: other exception, 11: no exception, 12: wrong message";

  const Bytes file = read_file(path);
  EXPECT_LT(file.size(), 5000u);
  const auto blocks = blocks_of(file);
  ASSERT_GT(blocks.size(), 2u);
  EXPECT_EQ(blocks.back().offset + blocks.back().length, file.size());
  const Capture capture = read_with_libpcap(path);
  EXPECT_EQ(capture.error, "");
  EXPECT_EQ(capture.packets.size(), blocks.size() - 2);
  std::remove(path.c_str());
}

TEST(PcapngWriter, RefusesBadArgumentsWithoutWritingAnything) {
  const std::string path = temp_path("arguments");
  PcapngWriter writer(path, "lwm2m-replay test");
  const std::size_t header_size = read_file(path).size();
  EXPECT_THROW(writer.write(-1, Bytes{0x45}), std::invalid_argument);
  EXPECT_THROW(writer.write(kTime, Bytes(PcapngWriter::kSnapLength + 1, 0x45)),
               std::invalid_argument);
  const auto v4 = address("192.0.2.1:5683");
  const auto v6 = address("[2001:db8::1]:5683");
  const uint8_t payload[] = {0x40, 0x01, 0, 1};
  EXPECT_THROW(writer.write_udp(kTime, v4, v6, payload, sizeof payload), std::invalid_argument);
  EXPECT_EQ(writer.packets(), 0u);
  EXPECT_EQ(read_file(path).size(), header_size);
  // The largest packet is taken.
  writer.write(kTime, Bytes(PcapngWriter::kSnapLength, 0x45));
  EXPECT_EQ(writer.packets(), 1u);
  writer.close();
  writer.close();  // idempotent
  EXPECT_THROW(writer.write(kTime, Bytes{0x45}), std::logic_error);
  const Capture capture = read_with_libpcap(path);
  EXPECT_EQ(capture.error, "");
  ASSERT_EQ(capture.packets.size(), 1u);
  EXPECT_EQ(capture.packets[0].data.size(), PcapngWriter::kSnapLength);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace lwm2m::replay
