#include "lwm2m/content_format.h"

namespace lwm2m::coap {

namespace {

struct FormatName {
  uint16_t format;
  std::string_view name;
};

constexpr FormatName kFormatNames[] = {
    {kTextPlain, "text/plain; charset=utf-8"},      {kLinkFormat, "application/link-format"},
    {kOctetStream, "application/octet-stream"},     {kCbor, "application/cbor"},
    {kSenmlJson, "application/senml+json"},         {kSenmlCbor, "application/senml+cbor"},
    {kLwm2mTlv, "application/vnd.oma.lwm2m+tlv"},   {kLwm2mJson, "application/vnd.oma.lwm2m+json"},
    {kLwm2mCbor, "application/vnd.oma.lwm2m+cbor"},
};

}  // namespace

std::string_view content_format_name(uint16_t format) {
  for (const FormatName& entry : kFormatNames) {
    if (entry.format == format) return entry.name;
  }
  return "";
}

}  // namespace lwm2m::coap
