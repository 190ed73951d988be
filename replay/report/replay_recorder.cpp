#include "report/replay_recorder.h"

#include <chrono>

namespace lwm2m::replay {

ReplayRecorder::ReplayRecorder(const std::string& path, std::string_view application)
    : writer_(path, application) {}

void ReplayRecorder::record(const net::TransportAddress& from, const net::TransportAddress& to,
                            const coap::MessageData& message, std::string_view comment) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  const coap::Bytes bytes = coap::encode_datagram(message);
  writer_.write_udp(time_ns, from, to, bytes.data(), bytes.size(), comment);
}

void ReplayRecorder::close() {
  writer_.close();
}

}  // namespace lwm2m::replay
