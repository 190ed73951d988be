// The state a scenario writes into: the output file, a deterministic clock, counters for CoAP
// message IDs, tokens and IPv4 identifications, and (on request) one note per frame that
// `--describe` prints as the README's frame table.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coap_notes.h"
#include "packet.h"
#include "pcap_writer.h"

namespace capgen {

// 2026-01-15 10:00:00 UTC, the time of every capture's first frame.
constexpr std::uint64_t kStartTimeUs = 1768471200ull * 1000000ull;

Endpoint endpoint(const std::string& address, std::uint16_t port);

struct FrameNote {
  std::uint64_t number = 0;     // 1-based, as Wireshark counts
  std::uint64_t offset_us = 0;  // since the first frame
  std::string src, dst;
  Summary coap;        // kind holds a description for frames that are not a whole CoAP message
  std::string intent;  // what the frame is for / the expected verdict
};

class Capture {
 public:
  Capture(PcapWriter& out, bool keep_notes) : out_(out), keep_notes_(keep_notes) {}

  // The clock: every frame is stamped with the current time; wait() moves it on.
  void wait(double seconds) { now_us_ += static_cast<std::uint64_t>(seconds * 1e6 + 0.5); }
  std::uint64_t now_us() const { return now_us_; }

  std::uint16_t next_mid() { return mid_++; }
  coap::Bytes next_token();  // 4 bytes: a 32-bit counter from 5eed0001
  std::uint16_t next_ip_id() { return ip_id_++; }

  // A new CON request with the next MID and token.
  coap::MessageData request(std::uint8_t method);
  // A new ACK response; exchange() copies MID and token from the request.
  static coap::MessageData response(std::uint8_t code);

  // Writes one CoAP message in one UDP datagram.
  void send(const Endpoint& src, const Endpoint& dst, const coap::MessageData& m,
            const std::string& intent);
  // A request and, rtt seconds later, its piggybacked response (MID and token copied).
  void exchange(const Endpoint& client, const Endpoint& server, const coap::MessageData& req,
                coap::MessageData resp, const std::string& req_intent,
                const std::string& resp_intent, double rtt = 0.0015);
  // Writes an ICMP (IPv4) or ICMPv6 error from `reporter` back to `src` that quotes the datagram
  // carrying `m` from `src` to `dst` (the port of `reporter` is not used).
  void icmp_error(const Endpoint& reporter, const Endpoint& src, const Endpoint& dst,
                  const coap::MessageData& m, std::uint8_t type, std::uint8_t code,
                  const std::string& description, const std::string& intent);
  // Writes arbitrary bytes as a UDP payload; description takes the place of the CoAP summary.
  void send_raw(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                const std::string& description, const std::string& intent);
  // Writes a complete Ethernet frame as is (original_len > size: a truncated capture record).
  void write_frame(const Bytes& frame, std::uint32_t original_len, const Endpoint& src,
                   const Endpoint& dst, const std::string& description, const std::string& intent);
  // One part of a frame that carries several things (the CoAP messages of one TCP segment).
  struct Part {
    Summary summary;
    std::string intent;
  };
  // Writes a complete Ethernet frame with one note (one table row, all with the frame's number)
  // per part; no parts: one note with an empty summary.
  void write_frame(const Bytes& frame, const Endpoint& src, const Endpoint& dst,
                   const std::vector<Part>& parts);
  // The number the next frame will get (1-based).
  std::uint64_t next_frame_number() const { return frames_ + 1; }

  const std::vector<FrameNote>& notes() const { return notes_; }

 private:
  // A note for a new frame; more_of_frame: another note for the frame just noted.
  void note(const Endpoint& src, const Endpoint& dst, Summary summary, const std::string& intent,
            bool more_of_frame = false);

  PcapWriter& out_;
  bool keep_notes_;
  std::uint64_t now_us_ = kStartTimeUs;
  std::uint64_t frames_ = 0;
  std::uint16_t mid_ = 0x1001;
  std::uint32_t token_ = 0x5eed0001;
  std::uint16_t ip_id_ = 0x0100;
  std::vector<FrameNote> notes_;
};

// One TCP connection with consistent sequence and acknowledgement numbers, written into a
// Capture: each call writes one segment (no TCP options, window 65535) at the capture's current
// time, and moves the clock only where it says so.
class TcpConnection {
 public:
  TcpConnection(Capture& cap, const Endpoint& client, const Endpoint& server,
                std::uint32_t client_isn, std::uint32_t server_isn)
      : cap_(cap),
        client_(client),
        server_(server),
        isn_{client_isn, server_isn},
        next_seq_{client_isn, server_isn} {}

  // SYN, SYN/ACK after rtt seconds, ACK after gap seconds.
  void open(double rtt, double gap);
  // A PSH/ACK segment carrying data, one frame note per part. A part's summary.kind left empty
  // gets "TCP PSH/ACK, n B".
  void send(bool from_client, const Bytes& data, std::vector<Capture::Part> parts);
  // A pure ACK of everything received so far.
  void ack(bool from_client, const std::string& intent = "");
  // FIN/ACK from the side that closes, FIN/ACK from the other after rtt, the last ACK after gap.
  void close(bool client_first, double rtt, double gap);

  // Sequence number of the next byte a side sends, relative to its ISN (as Wireshark shows it).
  std::uint32_t relative_seq(bool from_client) const;

 private:
  void segment(bool from_client, std::uint8_t flags, const Bytes& data,
               std::vector<Capture::Part> parts);

  Capture& cap_;
  Endpoint client_, server_;
  std::uint32_t isn_[2];       // [0] client, [1] server
  std::uint32_t next_seq_[2];  // the next sequence number each side sends
};

// Prints the notes as Markdown table rows (see samples/README.md).
void print_notes_markdown(const std::vector<FrameNote>& notes);

}  // namespace capgen
