// The memory of what the plugin keeps per LwM2M message for the whole capture: records, frame
// summaries, kept texts, client certificates. Given out from large blocks by moving a pointer,
// without a header per allocation and in 8-byte steps, where Wireshark's file scope (wmem's
// block allocator) puts a 16-byte header before each allocation and rounds it to 16 bytes: a
// capture keeps several small allocations per message. Everything is freed at once when the
// capture is closed (CaptureState::clear, a cleanup routine: Wireshark calls it just before it
// frees its file scope), so what is kept here must be trivially destructible.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace lwm2m::plugin {

class CaptureMemory {
 public:
  // Every type kept here needs at most this alignment (checked where they are allocated).
  static constexpr std::size_t kAlignment = 8;

  // `size` bytes aligned to kAlignment, uninitialised, until clear().
  void* allocate(std::size_t size);
  // Frees everything allocated.
  void clear();

 private:
  // Allocations larger than a quarter of a block get a block of their own, so that a block's
  // unused end stays small.
  static constexpr std::size_t kBlockSize = std::size_t{1} << 20;

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* next_ = nullptr;  // the current block's free part
  std::size_t left_ = 0;
};

}  // namespace lwm2m::plugin
