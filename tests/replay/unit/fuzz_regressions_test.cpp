// Regression tests for what the fuzz targets of tests/fuzz found in lwm2m_replay_lib: each input
// rebuilt from the minimized finding, and what the code must do with it. Under the sanitizer
// build (scripts/test-sanitizers) they also prove the undefined behaviour is gone.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "capture/capture_reader.h"
#include "exchanges/exchange_stream.h"
#include "exchanges/survey.h"
#include "frame_builder.h"
#include "lwm2m/coap_encode.h"
#include "traffic.h"

namespace lwm2m::replay {
namespace {

using test::Bytes;
using test::operator+;

void put_le16(Bytes& out, uint16_t value) {
  out.push_back(static_cast<uint8_t>(value));
  out.push_back(static_cast<uint8_t>(value >> 8));
}

void put_le32(Bytes& out, uint32_t value) {
  put_le16(out, static_cast<uint16_t>(value));
  put_le16(out, static_cast<uint16_t>(value >> 16));
}

// A little-endian pcapng file with one Ethernet interface whose timestamps count in units of
// 10^-`tsresol` seconds, and one Enhanced Packet Block per frame with the raw 64-bit timestamp.
class PcapngBuilder {
 public:
  explicit PcapngBuilder(uint8_t tsresol) {
    put_le32(bytes_, 0x0a0d0d0a);  // Section Header Block
    put_le32(bytes_, 28);
    put_le32(bytes_, 0x1a2b3c4d);
    put_le16(bytes_, 1);
    put_le16(bytes_, 0);
    put_le32(bytes_, 0xffffffff);  // section length: unknown
    put_le32(bytes_, 0xffffffff);
    put_le32(bytes_, 28);
    put_le32(bytes_, 1);  // Interface Description Block
    put_le32(bytes_, 32);
    put_le16(bytes_, 1);  // LINKTYPE_ETHERNET
    put_le16(bytes_, 0);
    put_le32(bytes_, 262144);
    put_le16(bytes_, 9);  // if_tsresol
    put_le16(bytes_, 1);
    bytes_.insert(bytes_.end(), {tsresol, 0, 0, 0});
    put_le32(bytes_, 0);  // opt_endofopt
    put_le32(bytes_, 32);
  }

  PcapngBuilder& frame(uint64_t timestamp, const Bytes& data) {
    const std::size_t padded = (data.size() + 3) / 4 * 4;
    const auto length = static_cast<uint32_t>(32 + padded);
    put_le32(bytes_, 6);  // Enhanced Packet Block
    put_le32(bytes_, length);
    put_le32(bytes_, 0);
    put_le32(bytes_, static_cast<uint32_t>(timestamp >> 32));
    put_le32(bytes_, static_cast<uint32_t>(timestamp));
    put_le32(bytes_, static_cast<uint32_t>(data.size()));
    put_le32(bytes_, static_cast<uint32_t>(data.size()));
    bytes_.insert(bytes_.end(), data.begin(), data.end());
    bytes_.resize(bytes_.size() + padded - data.size(), 0);
    put_le32(bytes_, length);
    return *this;
  }

  void write(const std::string& path) const {
    std::FILE* file = std::fopen(path.c_str(), "wb");
    ASSERT_NE(file, nullptr);
    std::fwrite(bytes_.data(), 1, bytes_.size(), file);
    std::fclose(file);
  }

 private:
  Bytes bytes_;
};

Bytes coap_frame(const char* from, uint16_t from_port, const char* to, uint16_t to_port,
                 const coap::MessageData& message) {
  return test::ethernet(0x0800,
                        test::ipv4(test::Ipv4(from, to),
                                   test::udp(from_port, to_port, coap::encode_datagram(message))));
}

Bytes register_frame() {
  coap::MessageData request;
  request.code = coap::kPost;
  request.message_id = 0x1001;
  request.token = {0x5e, 0xed};
  request.path("/rd").query({"ep=urn:imei:490154203237518", "lt=300"});
  return coap_frame("10.0.0.11", 56830, "10.0.0.1", 5683, request);
}

Bytes created_frame() {
  coap::MessageData response;
  response.type = coap::Type::kAcknowledgement;
  response.code = coap::code(2, 1);
  response.message_id = 0x1001;
  response.token = {0x5e, 0xed};
  response.location("rd/5a3f");
  return coap_frame("10.0.0.1", 5683, "10.0.0.11", 56830, response);
}

std::vector<int64_t> times_of(const std::string& path) {
  CaptureReader reader(path, "");
  std::vector<int64_t> times;
  Datagram d;
  while (reader.next(d)) times.push_back(d.time_ns);
  return times;
}

constexpr int64_t kLatest = std::numeric_limits<int64_t>::max();

// fuzz_capture: a pcapng timestamp of 2^64-1 microseconds (year 586 524) made
// `tv_sec * 1'000'000'000 + tv_usec` overflow int64_t in CaptureReader::next (UBSan: signed
// integer overflow). Such times are now clamped to the latest int64_t nanosecond.
TEST(FuzzRegressions, TimestampsPastInt64NanosecondsAreClamped) {
  test::TempDir dir;
  const std::string path = dir.file("far-future.pcapng");
  PcapngBuilder(6)
      .frame(1'000'000, register_frame())                            // 1 s after the epoch
      .frame(UINT64_MAX, created_frame())                            // year 586 524
      .frame(uint64_t{9'300'000'000} * 1'000'000, register_frame())  // just past year 2262
      .write(path);
  EXPECT_EQ(times_of(path), (std::vector<int64_t>{1'000'000'000, kLatest, kLatest}));
}

// The same with timestamps in whole seconds: 2^64-1 seconds reads as a negative time_t, which is
// clamped to the epoch rather than wrapped.
TEST(FuzzRegressions, TimestampsBeforeTheEpochAreClamped) {
  test::TempDir dir;
  const std::string path = dir.file("before-epoch.pcapng");
  PcapngBuilder(0)
      .frame(2, register_frame())
      .frame(UINT64_MAX, created_frame())
      .frame(uint64_t{1} << 63, register_frame())
      .write(path);
  const std::vector<int64_t> times = times_of(path);
  ASSERT_EQ(times.size(), 3u);
  EXPECT_EQ(times[0], 2'000'000'000);
  for (const int64_t time : times) EXPECT_GE(time, 0);
}

// And the two passes of a replay read such a capture to the end: the Register and its 2.01, the
// answer counted although it came "later" than any int64_t time.
TEST(FuzzRegressions, ExtremeTimestampsGoThroughSurveyAndExchangeStream) {
  test::TempDir dir;
  const std::string path = dir.file("far-future.pcapng");
  PcapngBuilder(6)
      .frame(1'000'000, register_frame())
      .frame(UINT64_MAX, created_frame())
      .write(path);
  Survey survey;
  {
    CaptureReader reader(path, "");
    survey = survey_capture([&reader](Datagram& d) { return reader.next(d); });
  }
  ASSERT_EQ(survey.clients.size(), 1u);
  EXPECT_EQ(survey.clients[0].requests, 1u);
  EXPECT_EQ(survey.last_time_ns, kLatest);

  CaptureReader reader(path, "");
  ExchangeStream stream([&reader](Datagram& d) { return reader.next(d); }, survey, {true});
  const Exchange* exchange = stream.get(0, 0);
  ASSERT_NE(exchange, nullptr);
  EXPECT_EQ(exchange->operation, Operation::kRegister);
  EXPECT_EQ(stream.get(0, 1), nullptr);
}

// fuzz_capture, 2026-11-27 evening: a capture whose clock jumps far ahead on a flow the stream
// never looks at, then back. The survey aged its message IDs by every datagram it read, the stream
// only by its clients', so the survey took a later retransmission for a new request and the two
// passes counted different exchanges for the client. Both now age their tables by the same
// clock: the latest capture time read so far, over every datagram.
TEST(FuzzRegressions, BothPassesAgeTheirTablesByTheSameClock) {
  using namespace traffic;
  Traffic t;
  const MessageData deregister = request(coap::kDelete, "/rd/1", 5, 5);
  t.add(kClient, kServer, deregister, 100 * kSecond);
  // Another flow, not a client's: the capture's clock jumps 30 years ahead.
  t.add(kOther, kServer, request(coap::kGet, "/x", 9, 9), int64_t{1000000000} * kSecond);
  // The client's retransmission, stamped back near its first copy.
  t.add(kClient, kServer, deregister, 100 * kSecond + 1000);
  const Survey survey = survey_capture(t.feed());
  ASSERT_EQ(survey.clients.size(), 1u);
  ExchangeStream stream(t.feed(), survey, {true});
  uint64_t exchanges = 0;
  while (stream.get(0, exchanges)) stream.release(0, ++exchanges);
  // By the clock of the capture's latest time, the first copy is long forgotten: a new request.
  EXPECT_EQ(survey.clients[0].requests, 2u);
  EXPECT_EQ(survey.clients[0].retransmissions, 0u);
  EXPECT_EQ(exchanges, survey.clients[0].requests);
}

}  // namespace
}  // namespace lwm2m::replay
