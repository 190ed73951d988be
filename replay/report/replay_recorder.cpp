#include "report/replay_recorder.h"

#include <chrono>

namespace lwm2m::replay {

ReplayRecorder::ReplayRecorder(const std::string& path, std::string_view application)
    : writer_(path, application) {}

void ReplayRecorder::record(const net::TransportAddress& from, const net::TransportAddress& to,
                            const uint8_t* bytes, std::size_t size, std::string_view comment) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t time_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  writer_.write_udp(time_ns, from, to, bytes, size, comment);
}

void ReplayRecorder::close() {
  writer_.close();
}

}  // namespace lwm2m::replay
