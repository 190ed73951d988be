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

coap::Message Capture::request(std::uint8_t method) {
  coap::Message m;
  m.type = coap::Type::kCon;
  m.code = method;
  m.mid = next_mid();
  m.token = next_token();
  return m;
}

coap::Message Capture::response(std::uint8_t code) {
  coap::Message m;
  m.type = coap::Type::kAck;
  m.code = code;
  return m;
}

void Capture::send(const Endpoint& src, const Endpoint& dst, const coap::Message& m,
                   const std::string& intent) {
  out_.write(now_us_, udp_frame(src, dst, coap::encode(m), next_ip_id()));
  note(src, dst, keep_notes_ ? coap::summarize(m) : coap::Summary{}, intent);
}

void Capture::exchange(const Endpoint& client, const Endpoint& server, const coap::Message& req,
                       coap::Message resp, const std::string& req_intent,
                       const std::string& resp_intent, double rtt) {
  send(client, server, req, req_intent);
  wait(rtt);
  resp.mid = req.mid;
  resp.token = req.token;
  send(server, client, resp, resp_intent);
}

void Capture::send_raw(const Endpoint& src, const Endpoint& dst, const Bytes& payload,
                       const std::string& description, const std::string& intent) {
  out_.write(now_us_, udp_frame(src, dst, payload, next_ip_id()));
  coap::Summary s;
  s.kind = description;
  s.payload = "UDP payload " + std::to_string(payload.size()) + " B" +
              (payload.empty() ? "" : ": " + coap::hex(payload, 24));
  note(src, dst, s, intent);
}

void Capture::write_frame(const Bytes& frame, std::uint32_t original_len, const Endpoint& src,
                          const Endpoint& dst, const std::string& description,
                          const std::string& intent) {
  out_.write(now_us_, frame, original_len);
  coap::Summary s;
  s.kind = description;
  note(src, dst, s, intent);
}

void Capture::note(const Endpoint& src, const Endpoint& dst, coap::Summary summary,
                   const std::string& intent) {
  ++frames_;
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
