#include "live/timer_heap.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

namespace lwm2m::replay {
namespace {

struct Timer {
  int when;
  int id;
};

TEST(TimerHeap, ComesOutEarliestFirst) {
  TimerHeap<Timer> heap;
  const auto all_live = [](const Timer&) { return true; };
  for (int when : {50, 10, 40, 20, 30}) heap.push({when, when / 10}, heap.size() + 1, all_live);
  std::vector<int> order;
  while (!heap.empty()) {
    order.push_back(heap.top().when);
    heap.pop();
  }
  EXPECT_EQ(order, (std::vector<int>{10, 20, 30, 40, 50}));
}

// As in a --fast replay: each timer goes stale soon after it is pushed, long before it comes up.
TEST(TimerHeap, StaleTimersAreDroppedOnceTheyOutnumberTheLiveOnes) {
  TimerHeap<Timer> heap;
  std::set<int> live;
  std::size_t largest = 0;
  for (int i = 0; i < 100000; ++i) {
    live.insert(i);
    if (i >= 3) live.erase(i - 3);  // three live at a time
    heap.push({1000000 - i, i}, live.size(), [&](const Timer& t) { return live.count(t.id) > 0; });
    largest = std::max(largest, heap.size());
  }
  EXPECT_EQ(largest, 2 * 3 + 1024 + 1);  // past 2 × live + 1024, the next push compacts first
  // Every live timer is still there, in order.
  std::vector<int> ids;
  while (!heap.empty()) {
    if (live.count(heap.top().id)) ids.push_back(heap.top().id);
    heap.pop();
  }
  EXPECT_EQ(ids, (std::vector<int>{99999, 99998, 99997}));
}

}  // namespace
}  // namespace lwm2m::replay
