#include "expert_items.h"

#include <algorithm>
#include <cstdarg>
#include <vector>

#include "capture_state.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

ExpertCollector* g_collector = nullptr;

}  // namespace

ExpertCollector::ExpertCollector() : outer_(g_collector) {
  g_collector = this;
}

ExpertCollector::~ExpertCollector() {
  g_collector = outer_;
}

void add_expert(packet_info* pinfo, proto_item* item, expert_field* field, const char* format,
                ...) {
  va_list args;
  va_start(args, format);
  gchar* message = g_strdup_vprintf(format, args);
  va_end(args);
  expert_add_info_format(pinfo, item, field, "%s", message);
  if (g_collector) g_collector->items_.push_back({field, message});
  g_free(message);
}

void replay_experts(packet_info* pinfo, const FrameSummary& summary) {
  // Each item without a tree item rewrites the Expert column: replayed from the lowest severity
  // up, the column ends with the frame's highest, as on a pass with a tree.
  std::vector<const StoredExpert*> order;
  order.reserve(summary.expert_count);
  for (unsigned i = 0; i < summary.expert_count; ++i) order.push_back(&summary.experts()[i]);
  std::stable_sort(order.begin(), order.end(), [](const StoredExpert* a, const StoredExpert* b) {
    return expert_severity(a->field) < expert_severity(b->field);
  });
  for (const StoredExpert* stored : order) {
    expert_add_info_format(pinfo, nullptr, stored->field, "%s", stored->message);
  }
}

void forget_expert_collector() {
  g_collector = nullptr;
}

}  // namespace lwm2m::plugin
