#include "capture_memory.h"

namespace lwm2m::plugin {

void* CaptureMemory::allocate(std::size_t size) {
  size = (size + kAlignment - 1) & ~(kAlignment - 1);
  if (size > kBlockSize / 4) {
    // Not zeroed (new char[], not make_unique): pages nobody writes cost no memory.
    blocks_.emplace_back(new char[size]);
    return blocks_.back().get();
  }
  if (size > left_) {
    blocks_.emplace_back(new char[kBlockSize]);
    next_ = blocks_.back().get();
    left_ = kBlockSize;
  }
  void* memory = next_;
  next_ += size;
  left_ -= size;
  return memory;
}

void CaptureMemory::clear() {
  // Assigning an empty vector also gives back its own array, which clear() keeps.
  blocks_ = std::vector<std::unique_ptr<char[]>>();
  next_ = nullptr;
  left_ = 0;
}

}  // namespace lwm2m::plugin
