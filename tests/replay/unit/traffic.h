// Captures held in memory for the replay's unit tests: datagrams made from messages, so each
// case shows exactly the traffic it is about, and the requests and answers of a registration.
#pragma once

#include <cstdint>
#include <deque>
#include <initializer_list>
#include <string_view>

#include "exchanges/survey.h"
#include "lwm2m/coap_encode.h"

namespace lwm2m::replay::traffic {

using coap::MessageData;

inline const net::TransportAddress kServer = *net::TransportAddress::parse("10.0.0.1:5683");
inline const net::TransportAddress kClient = *net::TransportAddress::parse("10.0.0.41:49153");
inline const net::TransportAddress kRebound = *net::TransportAddress::parse("10.0.0.41:50000");
inline const net::TransportAddress kOther = *net::TransportAddress::parse("10.0.0.42:49153");
constexpr int64_t kSecond = 1000000000;

// A capture held in memory: datagrams with their bytes.
class Traffic {
 public:
  void add(const net::TransportAddress& from, const net::TransportAddress& to, const MessageData& m,
           int64_t time_ns) {
    add_bytes(from, to, coap::encode_datagram(m), time_ns);
  }
  void add_bytes(const net::TransportAddress& from, const net::TransportAddress& to,
                 coap::Bytes bytes, int64_t time_ns) {
    packets_.push_back({from, to, std::move(bytes), time_ns});
  }
  DatagramFeed feed() {
    return [this, next = std::size_t{0}](Datagram& d) mutable {
      if (next == packets_.size()) return false;
      const Packet& p = packets_[next++];
      d.frame_number = next;
      d.time_ns = p.time_ns;
      d.source = p.from;
      d.destination = p.to;
      d.payload = p.bytes.data();
      d.payload_length = p.bytes.size();
      return true;
    };
  }

 private:
  struct Packet {
    net::TransportAddress from, to;
    coap::Bytes bytes;
    int64_t time_ns;
  };
  std::deque<Packet> packets_;
};

inline MessageData request(uint8_t method, const char* path, uint16_t mid, uint8_t token,
                           std::initializer_list<std::string_view> query = {}) {
  MessageData m;
  m.type = coap::Type::kConfirmable;
  m.code = method;
  m.message_id = mid;
  m.token = {token};
  m.path(path).query(query);
  return m;
}

inline MessageData ack(uint8_t code, uint16_t mid, uint8_t token) {
  MessageData m;
  m.type = coap::Type::kAcknowledgement;
  m.code = code;
  m.message_id = mid;
  if (code != 0) m.token = {token};
  return m;
}

inline MessageData registration(uint16_t mid, uint8_t token) {
  return request(coap::kPost, "/rd", mid, token, {"ept=2", "ep=urn:imei:490154203237518"});
}

inline MessageData created(uint16_t mid, uint8_t token, const char* location) {
  MessageData m = ack(coap::code(2, 1), mid, token);
  m.location(location);
  return m;
}

}  // namespace lwm2m::replay::traffic
