#include "expert_items.h"

#include <cstdarg>

#include "capture_state.h"

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
  for (unsigned i = 0; i < summary.expert_count; ++i) {
    const StoredExpert& stored = summary.experts[i];
    expert_add_info_format(pinfo, nullptr, stored.field, "%s", stored.message);
  }
}

}  // namespace lwm2m::plugin
