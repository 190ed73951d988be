// A min-heap of timers by their `when`, for timers that can go stale before they come up: the
// deadline of an exchange that has ended, the retransmission of a request that was acknowledged.
// Taking an entry out of the middle of a heap is costly, so a stale one stays until it comes up
// (the caller skips it) or until the stale ones outnumber the live ones, when they all go at once:
// otherwise a --fast replay would hold a timer for every exchange of the last timeout's span.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace lwm2m::replay {

template <typename Timer>  // with a `when` member: a time point
class TimerHeap {
 public:
  bool empty() const { return timers_.empty(); }
  std::size_t size() const { return timers_.size(); }
  // The earliest timer; the heap must not be empty.
  const Timer& top() const { return timers_.front(); }
  void pop() {
    std::pop_heap(timers_.begin(), timers_.end(), later);
    timers_.pop_back();
  }
  // Adds `timer`. `live` is how many of the timers are not stale; is_live(timer) tells which.
  template <typename IsLive>
  void push(const Timer& timer, std::size_t live, const IsLive& is_live) {
    if (timers_.size() > 2 * live + kSlack) {
      timers_.erase(std::remove_if(timers_.begin(), timers_.end(),
                                   [&](const Timer& t) { return !is_live(t); }),
                    timers_.end());
      std::make_heap(timers_.begin(), timers_.end(), later);
    }
    timers_.push_back(timer);
    std::push_heap(timers_.begin(), timers_.end(), later);
  }

 private:
  static constexpr std::size_t kSlack = 1024;  // so that a few live timers do not compact often
  static bool later(const Timer& a, const Timer& b) { return a.when > b.when; }
  std::vector<Timer> timers_;
};

}  // namespace lwm2m::replay
