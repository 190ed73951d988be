// Writes Ethernet frames to a classic pcap file with libpcap (pcap_open_dead + pcap_dump).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

struct pcap;
struct pcap_dumper;

namespace capgen {

class PcapWriter {
 public:
  // Opens path for writing (DLT_EN10MB, snaplen 65535). Throws std::runtime_error on failure.
  explicit PcapWriter(const std::string& path);
  ~PcapWriter();
  PcapWriter(const PcapWriter&) = delete;
  PcapWriter& operator=(const PcapWriter&) = delete;

  // Writes one frame with the given time (microseconds since the Unix epoch). When original_len
  // is larger than frame.size(), the record claims the frame was cut by the capture (caplen <
  // len), as a capture with a small snaplen would.
  void write(std::uint64_t time_us, const std::vector<std::uint8_t>& frame,
             std::uint32_t original_len = 0);

  // Flushes and closes the file; throws if the data could not be written.
  void close();

  std::uint64_t frames() const { return frames_; }

 private:
  pcap* pcap_ = nullptr;
  pcap_dumper* dumper_ = nullptr;
  std::string path_;
  std::uint64_t frames_ = 0;
};

}  // namespace capgen
