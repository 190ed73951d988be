// --write: every message the replay sent or received, as UDP datagrams between the replayed
// client's socket and the target, in a pcapng file Wireshark (and the lwm2m plugin) can open.
// Each packet's comment says which exchange and captured frame it belongs to.
#pragma once

#include <string>
#include <string_view>

#include "live/replay_result.h"
#include "lwm2m/coap_encode.h"
#include "net/transport_address.h"
#include "report/pcapng_writer.h"

namespace lwm2m::replay {

class ReplayRecorder : public MessageRecorder {
 public:
  // Throws std::runtime_error naming the path when it cannot be created.
  ReplayRecorder(const std::string& path, std::string_view application);

  // Records `bytes` as a datagram from `from` to `to`, stamped with the current time. Throws
  // std::runtime_error when the file cannot be written.
  void record(const net::TransportAddress& from, const net::TransportAddress& to,
              const uint8_t* bytes, std::size_t size, std::string_view comment) override;

  // Flushes and closes; throws on a write error. Safe to call twice.
  void close();

  uint64_t packets() const { return writer_.packets(); }
  const std::string& path() const { return writer_.path(); }

 private:
  PcapngWriter writer_;
};

}  // namespace lwm2m::replay
