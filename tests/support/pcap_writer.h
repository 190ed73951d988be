// Capture files for tests, written by libpcap itself (pcap_dump), so that the tests read exactly
// what tcpdump would have written.
#pragma once

#include <pcap/pcap.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace lwm2m::test {

// A classic pcap file written by libpcap (pcap_dump), with nanosecond or microsecond timestamps.
class PcapWriter {
 public:
  PcapWriter(const std::string& path, int link_type, int snaplen = 262144,
             u_int precision = PCAP_TSTAMP_PRECISION_NANO)
      : precision_(precision) {
    pcap_ = pcap_open_dead_with_tstamp_precision(link_type, snaplen, precision);
    if (pcap_ == nullptr) throw std::runtime_error("pcap_open_dead failed");
    dumper_ = pcap_dump_open(pcap_, path.c_str());
    if (dumper_ == nullptr) {
      const std::string error = pcap_geterr(pcap_);
      pcap_close(pcap_);
      throw std::runtime_error(error);
    }
  }
  ~PcapWriter() { close(); }
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // `wire_length` > frame.size() records a frame cut by the snapshot length.
  void add(const std::vector<uint8_t>& frame, int64_t time_ns,
           std::optional<uint32_t> wire_length = {}) {
    pcap_pkthdr header{};
    const int64_t fraction = precision_ == PCAP_TSTAMP_PRECISION_NANO ? 1 : 1000;
    header.ts.tv_sec = static_cast<time_t>(time_ns / 1'000'000'000);
    header.ts.tv_usec = static_cast<suseconds_t>(time_ns % 1'000'000'000 / fraction);
    header.caplen = static_cast<bpf_u_int32>(frame.size());
    header.len = wire_length.value_or(header.caplen);
    pcap_dump(reinterpret_cast<u_char*>(dumper_), &header, frame.data());
  }

  void close() {
    if (dumper_ != nullptr) pcap_dump_close(dumper_);
    if (pcap_ != nullptr) pcap_close(pcap_);
    dumper_ = nullptr;
    pcap_ = nullptr;
  }

 private:
  u_int precision_;
  pcap_t* pcap_ = nullptr;
  pcap_dumper_t* dumper_ = nullptr;
};

}  // namespace lwm2m::test
