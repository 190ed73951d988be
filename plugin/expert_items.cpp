#include "expert_items.h"

#include <algorithm>
#include <cstdarg>
#include <utility>
#include <vector>

#include "capture_state.h"
#include "lwm2m_protocol.h"

namespace lwm2m::plugin {
namespace {

ExpertCollector* g_collector = nullptr;

// An item to report: its field and its message.
using ExpertList = std::vector<std::pair<expert_field*, const char*>>;

// Reports items that have no tree item. Each rewrites the Expert column: reported from the
// lowest severity up, the column ends with the frame's highest, as on a pass with a tree.
void report_by_severity(packet_info* pinfo, ExpertList& items) {
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    return expert_severity(a.first) < expert_severity(b.first);
  });
  for (const auto& [field, message] : items) {
    expert_add_info_format(pinfo, nullptr, field, "%s", message);
  }
}

}  // namespace

ExpertCollector::ExpertCollector(bool holds) : outer_(g_collector), holds_(holds) {
  g_collector = this;
}

void ExpertCollector::report_held(packet_info* pinfo) const {
  if (!holds_ || items_.empty()) return;
  ExpertList held;
  held.reserve(items_.size());
  for (const Item& item : items_) held.emplace_back(item.field, item.message.c_str());
  report_by_severity(pinfo, held);
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
  if (!g_collector || !g_collector->holds_) {
    expert_add_info_format(pinfo, item, field, "%s", message);
  }
  if (g_collector) g_collector->items_.push_back({field, message});
  g_free(message);
}

void replay_experts(packet_info* pinfo, const FrameSummary& summary) {
  ExpertList kept;
  kept.reserve(summary.expert_count);
  for (unsigned i = 0; i < summary.expert_count; ++i) {
    kept.emplace_back(summary.experts()[i].field, summary.experts()[i].message);
  }
  report_by_severity(pinfo, kept);
}

void forget_expert_collector() {
  g_collector = nullptr;
}

}  // namespace lwm2m::plugin
