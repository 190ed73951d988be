// Names and query values as people can read them, in Wireshark's columns and the replay reports.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace lwm2m {

// `text` with valid UTF-8 kept as it is, and control characters and bytes that are not UTF-8
// (overlong forms included) written as \xNN: printable, valid UTF-8, and never hiding a byte.
std::string printable(std::string_view text);

// Both functions below cut text at one rule: after at most the given number of bytes, stepping
// back while the first byte left out is a UTF-8 continuation byte (10xxxxxx), so that no UTF-8
// sequence is split.

// At most the first `max_bytes` bytes of `text`, shown by printable(), then `marker` when that
// left bytes out: printable("abcdef", 4) is "abcd...", printable("abcd", 4) is "abcd". The limit
// counts bytes of `text`, not of what shows (an escape shows one byte as four), and the marker
// comes on top of it: printable("caf\xc3\xa9!", 4) is "caf...", printable("a\nb", 2) is
// "a\\x0A...". The cut comes before printable() escapes anything, so it never splits an escape.
std::string printable(std::string_view text, std::size_t max_bytes,
                      std::string_view marker = "...");

// Text that is shown already (printable()'s output, or made of such pieces) fitted to a column
// `width` bytes wide, the marker included: `shown` itself when it fits, otherwise its first
// width - marker.size() bytes at most, then `marker`: shorten("abcdefg", 6) is "abc...". Nothing
// is escaped again: a \xNN in `shown` is four characters like any others, and a cut may separate
// them (the replay's columns always have: shorten("a\\x0Ab", 5, "~") is "a\\x0~"). A marker wider
// than `width` is all there is.
std::string shorten(std::string_view shown, std::size_t width, std::string_view marker = "...");

}  // namespace lwm2m
