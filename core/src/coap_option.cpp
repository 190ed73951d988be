#include "lwm2m/coap_option.h"

namespace lwm2m::coap {

namespace {

struct OptionName {
  uint16_t number;
  std::string_view name;
};

constexpr OptionName kOptionNames[] = {
    {kIfMatch, "If-Match"},
    {kUriHost, "Uri-Host"},
    {kETag, "ETag"},
    {kIfNoneMatch, "If-None-Match"},
    {kObserve, "Observe"},
    {kUriPort, "Uri-Port"},
    {kLocationPath, "Location-Path"},
    {kOscore, "OSCORE"},
    {kUriPath, "Uri-Path"},
    {kContentFormat, "Content-Format"},
    {kMaxAge, "Max-Age"},
    {kUriQuery, "Uri-Query"},
    {kAccept, "Accept"},
    {kLocationQuery, "Location-Query"},
    {kBlock2, "Block2"},
    {kBlock1, "Block1"},
    {kSize2, "Size2"},
    {kProxyUri, "Proxy-Uri"},
    {kProxyScheme, "Proxy-Scheme"},
    {kSize1, "Size1"},
};

}  // namespace

std::string_view option_name(uint16_t number) {
  for (const OptionName& entry : kOptionNames) {
    if (entry.number == number) return entry.name;
  }
  return "";
}

}  // namespace lwm2m::coap
