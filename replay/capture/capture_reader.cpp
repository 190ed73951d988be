#include "capture/capture_reader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string_view>

#include "lwm2m/expiring_map.h"
#include "net/packet_decoder.h"

namespace lwm2m::replay {

namespace {

constexpr std::size_t kReadBufferBytes = 256 * 1024;

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The number right after `prefix` in `text` ("an interface has a type 101 ..."), or -1.
long number_after(std::string_view text, std::string_view prefix) {
  const auto at = text.find(prefix);
  if (at == std::string_view::npos) return -1;
  long value = -1;
  for (std::size_t i = at + prefix.size(); i < text.size() && text[i] >= '0' && text[i] <= '9';
       ++i) {
    value = (value < 0 ? 0 : value * 10) + (text[i] - '0');
  }
  return value;
}

// A file that starts like a pcapng Section Header Block but ends before libpcap could check it.
bool is_cut_pcapng_header(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  uint8_t head[12];
  const std::size_t length = std::fread(head, 1, sizeof head, file);
  std::fclose(file);
  static constexpr uint8_t kPcapngMagic[] = {0x0a, 0x0d, 0x0d, 0x0a};
  return length >= sizeof kPcapngMagic && length < sizeof head &&
         std::memcmp(head, kPcapngMagic, sizeof kPcapngMagic) == 0;
}

// libpcap's open errors (1.10) in plain words.
std::string describe_open_error(const std::string& path, const std::string& error) {
  if (error == "truncated dump file; tried to read 4 file header bytes, only got 0")
    return "the file is empty";
  if (starts_with(error, "truncated dump file; tried to read 4 file header bytes"))
    return "not a pcap or pcapng file";
  if (error == "unknown file format") {
    if (is_cut_pcapng_header(path)) return "the file is cut short inside its file header";
    return "not a pcap or pcapng file";
  }
  // A pcapng file cut right after its Section Header Block says so.
  if (error.find("truncated") != std::string::npos ||
      error == "the capture file has no Interface Description Blocks")
    return "the file is cut short inside its file header";
  static constexpr std::string_view kReadError = "error reading dump file: ";
  if (starts_with(error, kReadError)) return "cannot read: " + error.substr(kReadError.size());
  return error;
}

// A record's time in ns since the Unix epoch; with PCAP_TSTAMP_PRECISION_NANO, tv_usec holds
// nanoseconds. A pcapng timestamp can say "year 300 000", more than int64_t nanoseconds hold:
// CaptureClock::time_ns clamps it.
int64_t timestamp_ns(const timeval& ts) {
  return CaptureClock::time_ns(ts.tv_sec, ts.tv_usec);
}

std::string link_type_description(long linktype) {
  // pcapng files hold LINKTYPE_ values; only LINKTYPE_RAW differs from its DLT_ value here.
  constexpr long kLinktypeRaw = 101;
  const int dlt = linktype == kLinktypeRaw ? DLT_RAW : static_cast<int>(linktype);
  return std::to_string(linktype) + " (" + net::link_type_name(dlt) + ")";
}

}  // namespace

CaptureReader::CaptureReader(const std::string& path, const std::string& bpf_filter,
                             const std::string& name)
    : path_(name.empty() ? path : name) {
  char error[PCAP_ERRBUF_SIZE] = {};
  // Opened here rather than by libpcap for the buffer: libpcap reads a record at a time through
  // stdio, whose small buffer made a read() every few dozen packets (bench/README.md).
  // No larger than the file needs: captures of a few packets are common, and the fuzzer opens
  // thousands. Not zeroed (stdio fills it); glibc takes no size without a buffer of ours.
  std::size_t buffer_bytes = kReadBufferBytes;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode))
    buffer_bytes = std::clamp<std::size_t>(static_cast<std::size_t>(info.st_size) + 1, BUFSIZ,
                                           kReadBufferBytes);
  read_buffer_.reset(new char[buffer_bytes]);
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    const int error = errno;
    throw CaptureError(path_ + ": cannot open: " + std::strerror(error));
  }
  std::setvbuf(file, read_buffer_.get(), _IOFBF, buffer_bytes);
  pcap_.reset(pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, error));
  if (!pcap_) {
    std::fclose(file);  // pcap_close() closes it once libpcap has taken it
    throw CaptureError(path_ + ": " + describe_open_error(path, error));
  }
  link_type_ = pcap_datalink(pcap_.get());
  if (!net::is_supported_link_type(link_type_)) {
    throw CaptureError(path_ + ": link type " + std::to_string(link_type_) + " (" +
                       net::link_type_name(link_type_) +
                       ") is not supported; supported: " + net::supported_link_types());
  }
  if (!bpf_filter.empty()) {
    if (pcap_compile(pcap_.get(), &filter_, bpf_filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      std::string_view reason = pcap_geterr(pcap_.get());
      static constexpr std::string_view kParseError = "can't parse filter expression: ";
      if (starts_with(reason, kParseError)) reason.remove_prefix(kParseError.size());
      throw CaptureError("--filter '" + bpf_filter + "': " + std::string(reason));
    }
    has_filter_ = true;
  }
}

CaptureReader::~CaptureReader() {
  if (has_filter_) pcap_freecode(&filter_);
}

std::string CaptureReader::link_type_name() const {
  return net::link_type_name(link_type_);
}

bool CaptureReader::next(Datagram& out) {
  if (at_end_) return false;
  for (;;) {
    pcap_pkthdr* header = nullptr;
    const u_char* data = nullptr;
    const int status = pcap_next_ex(pcap_.get(), &header, &data);
    if (status == PCAP_ERROR_BREAK) {  // end of the file
      at_end_ = true;
      reassembler_.flush();
      sync_reassembly_stats();
      return false;
    }
    if (status != 1) throw_read_error();
    ++stats_.frames;
    if (has_filter_ && pcap_offline_filter(&filter_, header, data) == 0) {
      ++stats_.filtered_out;
      continue;
    }
    const int64_t time_ns = timestamp_ns(header->ts);
    if (!reassembler_.empty()) {
      reassembler_.expire(time_ns);
      sync_reassembly_stats();
    }
    const net::DecodedFrame frame =
        net::decode_frame(link_type_, data, header->caplen, header->len);
    switch (frame.kind) {
      case net::FrameKind::kUdp:
        out.frame_number = stats_.frames;
        out.time_ns = time_ns;
        out.source = frame.udp.source;
        out.destination = frame.udp.destination;
        out.payload = frame.udp.payload;
        out.payload_length = frame.udp.payload_length;
        out.reassembled = false;
        ++stats_.udp_datagrams;
        ++stats_.delivered_frames;
        return true;
      case net::FrameKind::kFragment: {
        ++stats_.fragments;
        net::ReassembledDatagram datagram;
        const bool completed = reassembler_.add(frame.fragment, time_ns, datagram);
        sync_reassembly_stats();
        if (!completed) continue;
        ++stats_.reassembled;
        const net::DecodedFrame whole =
            net::decode_reassembled(datagram.family, datagram.source, datagram.destination,
                                    datagram.protocol, datagram.data, datagram.length);
        if (whole.kind != net::FrameKind::kUdp) {
          (whole.kind == net::FrameKind::kNotUdp ? stats_.not_udp : stats_.malformed) +=
              datagram.fragment_count;
          continue;
        }
        out.frame_number = stats_.frames;
        out.time_ns = time_ns;
        out.source = whole.udp.source;
        out.destination = whole.udp.destination;
        out.payload = whole.udp.payload;
        out.payload_length = whole.udp.payload_length;
        out.reassembled = true;
        ++stats_.udp_datagrams;
        stats_.delivered_frames += datagram.fragment_count;
        return true;
      }
      case net::FrameKind::kNotIp:
        ++stats_.not_ip;
        continue;
      case net::FrameKind::kNotUdp:
        ++stats_.not_udp;
        continue;
      case net::FrameKind::kCutShort:
        ++stats_.cut_short;
        continue;
      case net::FrameKind::kMalformed:
        ++stats_.malformed;
        continue;
    }
  }
}

void CaptureReader::sync_reassembly_stats() {
  stats_.fragments_dropped = reassembler_.counters().fragments_dropped;
  stats_.fragments_pending = reassembler_.pending_fragments();
}

void CaptureReader::throw_read_error() {
  // Whatever follows the bad record is lost: stop here, with the counters of what was read.
  at_end_ = true;
  reassembler_.flush();
  sync_reassembly_stats();
  const std::string error = pcap_geterr(pcap_.get());
  if (error.find("truncated") != std::string::npos) {
    const std::string where = stats_.frames == 0 ? "before its first frame"
                                                 : "after frame " + std::to_string(stats_.frames);
    throw CaptureError(path_ + ": the file is cut short " + where +
                       " (truncated in the middle of a record)");
  }
  const std::string split_advice =
      "; libpcap cannot read such a pcapng file: save the interface you need as pcap first, "
      "e.g. tshark -r " +
      path_ + " -Y 'frame.interface_id == 0' -F pcap -w part.pcap";
  const long other_type = number_after(error, "an interface has a type ");
  if (other_type >= 0) {
    throw CaptureError(path_ + ": its interfaces have different link types (" +
                       std::to_string(link_type_) + " (" + link_type_name() + ") and " +
                       link_type_description(other_type) + ")" + split_advice);
  }
  const long other_snaplen = number_after(error, "an interface has a snapshot length ");
  if (other_snaplen >= 0) {
    throw CaptureError(path_ + ": its interfaces have different snapshot lengths (" +
                       std::to_string(pcap_snapshot(pcap_.get())) + " and " +
                       std::to_string(other_snaplen) + ")" + split_advice);
  }
  throw CaptureError(path_ + ": " + error);
}

}  // namespace lwm2m::replay
