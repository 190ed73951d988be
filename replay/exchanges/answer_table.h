// What a captured client answered to the server's own requests (Read, Write, Observe, Discover,
// Execute, the Bootstrap-Server's writes): the live server asking the same thing of the replayed
// client gets the same answer. Keyed by method, path and Observe action, since a Read and an
// Observe of one resource get different answers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "capture/captured_message.h"

namespace lwm2m::replay {

struct AnswerKey {
  uint8_t method = 0;
  std::string path;  // "/3/0/0"; "/" for the root (uri_path)
  int observe = -1;  // Observe option value of the request (0 register, 1 cancel); -1 when absent

  // The key of a server request.
  static AnswerKey of(const coap::MessageData& request);

  friend bool operator<(const AnswerKey& a, const AnswerKey& b) {
    return std::tie(a.method, a.path, a.observe) < std::tie(b.method, b.path, b.observe);
  }
};

class AnswerTable {
 public:
  // At most this many answers are kept per key: enough to replay a sequence of reads of a
  // changing value, bounded for captures of long-running devices.
  static constexpr std::size_t kMaxAnswersPerKey = 16;
  static constexpr std::size_t kMaxKeys = 1024;

  // Keeps `response` as an answer to requests with `key`; false when a limit dropped it.
  bool add(const AnswerKey& key, CapturedMessage response);

  // The answer to the n-th (0-based) live request with this key: the n-th captured answer, or the
  // last one when the capture has fewer. Null when the capture has none.
  const CapturedMessage* find(const AnswerKey& key, std::size_t nth) const;

  // Adds every answer of `other` after this table's, within the limits.
  void merge(AnswerTable&& other);

  std::size_t keys() const { return answers_.size(); }
  std::size_t answers() const { return count_; }

 private:
  std::map<AnswerKey, std::vector<CapturedMessage>> answers_;
  std::size_t count_ = 0;
};

}  // namespace lwm2m::replay
