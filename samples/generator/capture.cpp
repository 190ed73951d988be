#include "capture.h"

#include <cstdio>

namespace capgen {

Endpoint endpoint(const std::string& address, std::uint16_t port) {
  return Endpoint{Address::parse(address), port};
}

coap::Bytes Capture::next_token() {
  std::uint32_t t = token_++;
  return {static_cast<std::uint8_t>(t >> 24), static_cast<std::uint8_t>(t >> 16),
          static_cast<std::uint8_t>(t >> 8), static_cast<std::uint8_t>(t)};
}

coap::MessageData Capture::request(std::uint8_t method) {
  coap::MessageData m;
  m.type = coap::Type::kConfirmable;
  m.code = method;
  m.message_id = next_mid();
  m.token = next_token();
  return m;
}

coap::MessageData Capture::response(std::uint8_t code) {
  coap::MessageData m;
  m.type = coap::Type::kAcknowledgement;
  m.code = code;
  return m;
}

void Capture::send(const Endpoint& src, const Endpoint& dst, const coap::MessageData& m,
                   const std::string& intent) {
  out_.write(now_us_, udp_frame(src, dst, coap::encode_datagram(m), next_ip_id()));
  note(src, dst, keep_notes_ ? summarize(m) : Summary{}, intent);
}

void Capture::exchange(const Endpoint& client, const Endpoint& server, const coap::MessageData& req,
                       coap::MessageData resp, const std::string& req_intent,
                       const std::string& resp_intent, double rtt) {
  send(client, server, req, req_intent);
  wait(rtt);
  resp.message_id = req.message_id;
  resp.token = req.token;
  send(server, client, resp, resp_intent);
}

void Capture::icmp_error(const Endpoint& reporter, const Endpoint& src, const Endpoint& dst,
                         const coap::MessageData& m, std::uint8_t type, std::uint8_t code,
                         const std::string& description, const std::string& intent) {
  // The quoted datagram as it was sent: its IPv4 identification is not the error's.
  const Bytes quoted = udp_frame(src, dst, coap::encode_datagram(m), 0);
  out_.write(now_us_, icmp_error_frame(reporter, src, type, code, quoted, next_ip_id()));
  Summary summary;
  summary.kind = description;
  note(reporter, src, summary, intent);
}

void Capture::send_raw(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                       const std::string& description, const std::string& intent) {
  out_.write(now_us_, udp_frame(src, dst, payload, next_ip_id()));
  Summary s;
  s.kind = description;
  s.payload = "UDP payload " + std::to_string(payload.size()) + " B" +
              (payload.empty() ? "" : ": " + hex(payload, 24));
  note(src, dst, s, intent);
}

void Capture::write_frame(const Bytes& frame, std::uint32_t original_len, const Endpoint& src,
                          const Endpoint& dst, const std::string& description,
                          const std::string& intent) {
  out_.write(now_us_, frame, original_len);
  Summary s;
  s.kind = description;
  note(src, dst, s, intent);
}

void Capture::write_frame(const Bytes& frame, const Endpoint& src, const Endpoint& dst,
                          const std::vector<Part>& parts) {
  out_.write(now_us_, frame);
  if (parts.empty()) {
    note(src, dst, Summary{}, "");
    return;
  }
  for (std::size_t i = 0; i < parts.size(); ++i) {
    note(src, dst, parts[i].summary, parts[i].intent, i > 0);
  }
}

void Capture::note(const Endpoint& src, const Endpoint& dst, Summary summary,
                   const std::string& intent, bool more_of_frame) {
  if (!more_of_frame) ++frames_;
  if (!keep_notes_) return;
  FrameNote n;
  n.number = frames_;
  n.offset_us = now_us_ - kStartTimeUs;
  n.src = src.to_string();
  n.dst = dst.to_string();
  n.coap = std::move(summary);
  n.intent = intent;
  notes_.push_back(std::move(n));
}

void TcpConnection::open(double rtt, double gap) {
  using namespace tcp_flags;
  Summary s;
  s.kind = "TCP SYN";
  segment(true, kSyn, {}, {{s, "connection set-up"}});
  cap_.wait(rtt);
  s.kind = "TCP SYN/ACK";
  segment(false, kSyn | kAck, {}, {{s, "connection set-up"}});
  cap_.wait(gap);
  s.kind = "TCP ACK";
  segment(true, kAck, {}, {{s, "connection set-up"}});
}

void TcpConnection::send(bool from_client, const Bytes& data, std::vector<Capture::Part> parts) {
  for (auto& p : parts) {
    if (p.summary.kind.empty())
      p.summary.kind = "TCP PSH/ACK, " + std::to_string(data.size()) + " B";
  }
  segment(from_client, tcp_flags::kPsh | tcp_flags::kAck, data, std::move(parts));
}

void TcpConnection::ack(bool from_client, const std::string& intent) {
  Summary s;
  s.kind = "TCP ACK";
  segment(from_client, tcp_flags::kAck, {}, {{s, intent}});
}

void TcpConnection::close(bool client_first, double rtt, double gap) {
  using namespace tcp_flags;
  Summary s;
  s.kind = "TCP FIN/ACK";
  segment(client_first, kFin | kAck, {}, {{s, "connection close"}});
  cap_.wait(rtt);
  segment(!client_first, kFin | kAck, {}, {{s, "connection close"}});
  cap_.wait(gap);
  s.kind = "TCP ACK";
  segment(client_first, kAck, {}, {{s, "connection close"}});
}

std::uint32_t TcpConnection::relative_seq(bool from_client) const {
  int side = from_client ? 0 : 1;
  return next_seq_[side] - isn_[side];
}

void TcpConnection::segment(bool from_client, std::uint8_t flags, const Bytes& data,
                            std::vector<Capture::Part> parts) {
  int side = from_client ? 0 : 1;
  const Endpoint& src = from_client ? client_ : server_;
  const Endpoint& dst = from_client ? server_ : client_;
  std::uint32_t ack = next_seq_[1 - side];
  cap_.write_frame(tcp_frame(src, dst, next_seq_[side], ack, flags, data, cap_.next_ip_id()), src,
                   dst, parts);
  // SYN and FIN each take one sequence number.
  next_seq_[side] += static_cast<std::uint32_t>(data.size()) + ((flags & tcp_flags::kSyn) ? 1 : 0) +
                     ((flags & tcp_flags::kFin) ? 1 : 0);
}

namespace {

// Markdown table cell: pipes escaped, code spans for the machine-readable parts.
std::string cell(const std::string& s, bool code) {
  if (s.empty()) return "";
  std::string out;
  for (char c : s) {
    if (c == '|')
      out += "\\|";
    else
      out += c;
  }
  if (!code) return out;
  // A code span that may contain backticks needs a longer fence.
  bool has_tick = out.find('`') != std::string::npos;
  return has_tick ? "`` " + out + " ``" : "`" + out + "`";
}

}  // namespace

void print_notes_markdown(const std::vector<FrameNote>& notes) {
  std::printf(
      "| # | time (s) | from → to | CoAP | Uri-Path | Uri-Query | other options | payload | "
      "intended content / expected verdict | Plugin shows |\n"
      "|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& n : notes) {
    char t[32];
    std::snprintf(t, sizeof t, "%llu.%06llu",
                  static_cast<unsigned long long>(n.offset_us / 1000000),
                  static_cast<unsigned long long>(n.offset_us % 1000000));
    std::string kind = n.coap.kind;
    if (!n.coap.ids.empty()) kind += " " + n.coap.ids;
    std::printf("| %llu | %s | %s → %s | %s | %s | %s | %s | %s | %s | TODO |\n",
                static_cast<unsigned long long>(n.number), t, n.src.c_str(), n.dst.c_str(),
                cell(kind, false).c_str(), cell(n.coap.path, true).c_str(),
                cell(n.coap.query, true).c_str(), cell(n.coap.other, true).c_str(),
                cell(n.coap.payload, n.coap.payload != "none").c_str(),
                cell(n.intent, false).c_str());
  }
}

}  // namespace capgen
