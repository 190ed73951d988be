// The expert items the plugin adds, kept with their frame on its first pass, so that every later
// pass reports the same items with or without a protocol tree: the GUI's Expert Information
// dialog retaps without one, and would otherwise list nothing of LwM2M.
#pragma once

#include <string>
#include <vector>

#include "ws_compat.h"

namespace lwm2m::plugin {

struct FrameSummary;

// One item as the first pass added it.
struct StoredExpert {
  expert_field* field = nullptr;
  const char* message = "";  // the capture's memory (CaptureMemory)
};

// Adds an expert item, as expert_add_info_format does, and keeps it while an ExpertCollector
// collects.
void add_expert(packet_info* pinfo, proto_item* item, expert_field* field, const char* format, ...)
    G_GNUC_PRINTF(4, 5);

// Collects the items added while it lives (one frame's first pass); one at a time.
// A collector that `holds` reports nothing as items are added: on a pass without LwM2M tree
// items, report_held() reports them all at the frame's end, in the order replay_experts does.
class ExpertCollector {
 public:
  explicit ExpertCollector(bool holds = false);
  ~ExpertCollector();
  ExpertCollector(const ExpertCollector&) = delete;
  ExpertCollector& operator=(const ExpertCollector&) = delete;

  struct Item {
    expert_field* field;
    std::string message;
  };
  const std::vector<Item>& items() const { return items_; }
  void report_held(packet_info* pinfo) const;

 private:
  friend void add_expert(packet_info*, proto_item*, expert_field*, const char*, ...);
  std::vector<Item> items_;
  ExpertCollector* outer_ = nullptr;
  bool holds_ = false;
};

// Reports the frame's kept items again, on a pass that has no tree to dissect into.
void replay_experts(packet_info* pinfo, const FrameSummary& summary);

// Forgets any collector a dissection left behind (should a Wireshark exception ever have
// unwound past one): called before each frame.
void forget_expert_collector();

}  // namespace lwm2m::plugin
