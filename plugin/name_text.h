// How the plugin writes names, types and durations in labels, the Info column, expert texts and
// statistics: one spelling for all of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lwm2m::plugin {

// Text from the wire as the Info column and the tables show it: printable, and cut short (with
// "...") past 80 bytes.
std::string column_text(std::string_view text);

// The bracketed type label: "[URN]", "[Vendor specific 101]", "[no ept]", "[ept=abc]" (a value
// that is not a type, as sent). `ept_text` is the value sent, empty when no ept was.
std::string type_label(std::optional<std::string_view> ept_text, std::optional<uint8_t> type);

// The ept a message sent, in words: "ept=abc", "no ept".
std::string ept_sent_text(std::optional<std::string_view> ept_text);
std::string ept_sent_text(const std::optional<std::string>& ept_text);

// A name's type in words: "ept 2", "ept=abc, not a usable type", "no ept".
std::string type_words(std::optional<uint8_t> type, std::optional<std::string_view> ept_text);

// Whole seconds: "40 s".
std::string seconds_text(double seconds);

}  // namespace lwm2m::plugin
