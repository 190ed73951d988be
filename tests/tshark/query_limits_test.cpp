// query-limits.pcapng: names and Uri-Query options on either side of their size limits. The name
// rule (63 bytes) is the plugin's; CoAP's 255 bytes per Uri-Query option (RFC 7252 Table 4) is
// reported by Wireshark's CoAP dissector (coap.invalid_option_range), and the plugin adds no item
// of its own for it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

const char* const kPrefix = "urn:dev:ops:32473-Limits-";

// The generator's names: the prefix, then the digits 0-9 over and over up to `size` bytes.
std::string padded_name(std::size_t size) {
  std::string name = kPrefix;
  for (char digit = '0'; name.size() < size;
       digit = digit == '9' ? '0' : static_cast<char>(digit + 1))
    name += digit;
  return name;
}

TEST(QueryLimitsSample, NamesAndOptionsOnEitherSideOfTheirLimits) {
  const Rows rows = tshark_fields(sample("query-limits.pcapng"), "lwm2m && coap.code == 2",
                                  {"frame.number", "lwm2m.ep", "lwm2m.ep.valid", "lwm2m.ep.problem",
                                   "lwm2m.lt", "_ws.expert.message"});
  const std::string coap_range = "Invalid Option Range: 256 (1 < x < 255)";
  const Rows expected = {
      {"1", padded_name(63), "1", "", "300", ""},
      {"3", padded_name(64), "0", "64 bytes, the limit is 63", "300",
       "Invalid Endpoint Client Name: 64 bytes, the limit is 63"},
      // An ep option of 255 bytes: CoAP's longest; the name is far over its own limit.
      {"5", padded_name(252), "0", "252 bytes, the limit is 63", "300",
       "Invalid Endpoint Client Name: 252 bytes, the limit is 63"},
      // One byte more: CoAP flags the option, the plugin the name.
      {"7", padded_name(253), "0", "253 bytes, the limit is 63", "300",
       "Invalid Endpoint Client Name: 253 bytes, the limit is 63|" + coap_range},
      // lt=000...300 is the lifetime 300: only CoAP has something to say, at 256 bytes.
      {"9", std::string(kPrefix) + "5", "1", "", "300", ""},
      {"11", std::string(kPrefix) + "6", "1", "", "300", coap_range},
  };
  EXPECT_EQ(rows, expected);
}

TEST(QueryLimitsSample, OnlyOptionsOverTwoHundredFiftyFiveBytesAreFlaggedByCoap) {
  const Rows flagged = tshark_fields(sample("query-limits.pcapng"), "coap.invalid_option_range",
                                     {"frame.number", "_ws.expert.severity", "_ws.expert.group"});
  // Every expert item of each frame: CoAP's (a warning in the Malformed group), and on frame 7
  // the plugin's for the name (a warning in the Protocol group).
  const std::string warn = "6291456";         // PI_WARN
  const std::string malformed = "117440512";  // PI_MALFORMED
  const std::string protocol = "150994944";   // PI_PROTOCOL
  const Rows expected = {
      {"7", warn + "|" + warn, malformed + "|" + protocol},
      {"11", warn, malformed},
  };
  EXPECT_EQ(flagged, expected);
}

TEST(QueryLimitsSample, InfoColumn) {
  const std::vector<std::string> info =
      tshark_info(sample("query-limits.pcapng"), "lwm2m && coap.code == 2");
  const std::string long_name = padded_name(80) + "...";  // the column cuts names at 80 bytes
  const std::vector<std::string> expected = {
      "LwM2M Register ep=" + padded_name(63) + " [URN]",
      "LwM2M Register ep=" + padded_name(64) + " [URN] [INVALID: 64 bytes, the limit is 63]",
      "LwM2M Register ep=" + long_name + " [URN] [INVALID: 252 bytes, the limit is 63]",
      "LwM2M Register ep=" + long_name + " [URN] [INVALID: 253 bytes, the limit is 63]",
      "LwM2M Register ep=" + std::string(kPrefix) + "5 [URN]",
      "LwM2M Register ep=" + std::string(kPrefix) + "6 [URN]",
  };
  EXPECT_EQ(info, expected);
}

}  // namespace
}  // namespace lwm2m::test
