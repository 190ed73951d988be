#include "name_text.h"

#include <cstdio>

#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/printable.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {

std::string column_text(std::string_view text) {
  constexpr std::size_t kMaxShown = 80;
  return printable(text, kMaxShown);
}

std::string type_label(std::optional<std::string_view> ept_text, std::optional<uint8_t> type) {
  if (!ept_text) return "[no ept]";
  if (!type) return "[ept=" + column_text(*ept_text) + "]";
  std::string label = "[" + std::string(ept_type_name(*type));
  const EptKind kind = ept_kind(*type);
  if (kind == EptKind::kReservedOma || kind == EptKind::kVendorSpecific) {
    label += " " + std::to_string(*type);
  }
  return label + "]";
}

std::string ept_sent_text(std::optional<std::string_view> ept_text) {
  return ept_text ? "ept=" + column_text(*ept_text) : std::string("no ept");
}

std::string ept_sent_text(const std::optional<std::string>& ept_text) {
  if (!ept_text) return ept_sent_text(std::optional<std::string_view>());
  return ept_sent_text(std::string_view(*ept_text));
}

std::string type_words(std::optional<uint8_t> type, std::optional<std::string_view> ept_text) {
  if (type) return "ept " + std::to_string(*type);
  if (ept_text) return ept_sent_text(ept_text) + ", not a usable type";
  return "no ept";
}

std::string seconds_text(double seconds) {
  char text[32];
  snprintf(text, sizeof text, "%.0f s", seconds);
  return text;
}

}  // namespace lwm2m::plugin
