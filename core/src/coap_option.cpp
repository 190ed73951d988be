#include "lwm2m/coap_option.h"

namespace lwm2m::coap {

namespace {

struct OptionName {
  uint16_t number;
  std::string_view name;
  OptionFormat format;
};

constexpr OptionName kOptionNames[] = {
    {kIfMatch, "If-Match", OptionFormat::kOpaque},
    {kUriHost, "Uri-Host", OptionFormat::kString},
    {kETag, "ETag", OptionFormat::kOpaque},
    {kIfNoneMatch, "If-None-Match", OptionFormat::kEmpty},
    {kObserve, "Observe", OptionFormat::kUint},
    {kUriPort, "Uri-Port", OptionFormat::kUint},
    {kLocationPath, "Location-Path", OptionFormat::kString},
    {kOscore, "OSCORE", OptionFormat::kOpaque},
    {kUriPath, "Uri-Path", OptionFormat::kString},
    {kContentFormat, "Content-Format", OptionFormat::kUint},
    {kMaxAge, "Max-Age", OptionFormat::kUint},
    {kUriQuery, "Uri-Query", OptionFormat::kString},
    {kAccept, "Accept", OptionFormat::kUint},
    {kLocationQuery, "Location-Query", OptionFormat::kString},
    {kBlock2, "Block2", OptionFormat::kUint},
    {kBlock1, "Block1", OptionFormat::kUint},
    {kSize2, "Size2", OptionFormat::kUint},
    {kProxyUri, "Proxy-Uri", OptionFormat::kString},
    {kProxyScheme, "Proxy-Scheme", OptionFormat::kString},
    {kSize1, "Size1", OptionFormat::kUint},
};

}  // namespace

std::string_view option_name(uint16_t number) {
  for (const OptionName& entry : kOptionNames) {
    if (entry.number == number) return entry.name;
  }
  return "";
}

OptionFormat option_format(uint16_t number) {
  for (const OptionName& entry : kOptionNames) {
    if (entry.number == number) return entry.format;
  }
  return OptionFormat::kUnknown;
}

}  // namespace lwm2m::coap
