// Names and query values as people can read them, in Wireshark's columns and the replay reports.
#pragma once

#include <string>
#include <string_view>

namespace lwm2m {

// `text` with valid UTF-8 kept as it is, and control characters and bytes that are not UTF-8
// (overlong forms included) written as \xNN: printable, valid UTF-8, and never hiding a byte.
std::string printable(std::string_view text);

}  // namespace lwm2m
