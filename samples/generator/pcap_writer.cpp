#include "pcap_writer.h"

#include <pcap/pcap.h>

#include <cstdio>
#include <stdexcept>

namespace capgen {

constexpr int kSnapLen = 65535;

PcapWriter::PcapWriter(const std::string& path) : path_(path) {
  pcap_ = pcap_open_dead(DLT_EN10MB, kSnapLen);
  if (pcap_ == nullptr) throw std::runtime_error("pcap_open_dead failed");
  dumper_ = pcap_dump_open(pcap_, path.c_str());
  if (dumper_ == nullptr) {
    std::string err = pcap_geterr(pcap_);
    pcap_close(pcap_);
    pcap_ = nullptr;
    throw std::runtime_error("cannot write " + path + ": " + err);
  }
}

PcapWriter::~PcapWriter() {
  if (dumper_ != nullptr) pcap_dump_close(dumper_);
  if (pcap_ != nullptr) pcap_close(pcap_);
}

void PcapWriter::write(std::uint64_t time_us, const std::vector<std::uint8_t>& frame,
                       std::uint32_t original_len) {
  if (frame.size() > static_cast<std::size_t>(kSnapLen)) {
    throw std::runtime_error("frame larger than the snaplen");
  }
  pcap_pkthdr hdr{};
  hdr.ts.tv_sec = static_cast<time_t>(time_us / 1000000);
  hdr.ts.tv_usec = static_cast<suseconds_t>(time_us % 1000000);
  hdr.caplen = static_cast<bpf_u_int32>(frame.size());
  hdr.len = original_len > frame.size() ? original_len : hdr.caplen;
  pcap_dump(reinterpret_cast<u_char*>(dumper_), &hdr, frame.data());
  ++frames_;
}

void PcapWriter::close() {
  if (dumper_ == nullptr) return;
  bool ok = pcap_dump_flush(dumper_) == 0 && ferror(pcap_dump_file(dumper_)) == 0;
  pcap_dump_close(dumper_);
  dumper_ = nullptr;
  pcap_close(pcap_);
  pcap_ = nullptr;
  if (!ok) throw std::runtime_error("error writing " + path_);
}

}  // namespace capgen
