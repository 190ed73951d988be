// The requests a server sent a client in the capture (the bootstrap server's Discover, Deletes,
// Writes and Bootstrap-Finish; an LwM2M server's Reads, Writes, Observes...), and the live
// server's requests held against them, in order: a captured one that never came live is a
// difference, as is a live one the capture does not show.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/operation.h"

namespace lwm2m::replay {

// A server request as the comparison sees it: its operation and path.
struct ServerRequestKey {
  uint8_t method = 0;
  std::string path;       // "/0/1"; "/" for the root
  int observe = -1;       // Observe option value (0 register, 1 cancel); -1 when absent
  bool discover = false;  // a GET asking for link-format (Accept 40): Discover, not Read
  // What core's classify_operation names it, sent by a server to a client in `client` state
  // (kNone: no LwM2M operation; it is then named by its method).
  Operation operation = Operation::kNone;

  static ServerRequestKey of(const coap::MessageData& request,
                             ClientPhase client = ClientPhase::kUnknown);
  // "Bootstrap-Discover /", "Bootstrap-Delete /0", "Bootstrap-Write /0/1", "Bootstrap-Finish",
  // "Observe /3/0/13", "Execute /3/0/4"; "PATCH /x" for what is no LwM2M operation.
  std::string text() const;

  friend bool operator==(const ServerRequestKey& a, const ServerRequestKey& b) {
    return a.method == b.method && a.path == b.path && a.observe == b.observe &&
           a.discover == b.discover;
  }
};

struct CapturedServerRequest {
  ServerRequestKey key;
  uint64_t frame = 0;
  int64_t time_ns = 0;
};

// A replayed client's live server requests against its captured ones. Matching is in order: a
// live request is the next captured one with its key; the captured ones it passes over never came.
class ServerRequestSequence {
 public:
  // A client's captured server requests are kept up to this many; later ones are not compared.
  static constexpr std::size_t kMaxCaptured = 256;

  ServerRequestSequence() = default;
  // `captured` outlives this (the survey's).
  explicit ServerRequestSequence(const std::vector<CapturedServerRequest>* captured)
      : captured_(captured) {}

  // A live request: the captured one it is, or null when the capture shows no such request
  // (still to come) for this client.
  const CapturedServerRequest* on_live(const coap::MessageData& request);

  // The next captured request still to come; null when none.
  const CapturedServerRequest* next() const;
  std::size_t remaining() const;
  // Ends the comparison: the captured requests still to come never came.
  void finish();
  // The captured requests that never came live, in captured order.
  const std::vector<const CapturedServerRequest*>& missing() const { return missing_; }

 private:
  const std::vector<CapturedServerRequest>* captured_ = nullptr;
  std::size_t cursor_ = 0;
  std::vector<const CapturedServerRequest*> missing_;
};

}  // namespace lwm2m::replay
