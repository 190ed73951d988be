// Runs the real tshark with the plugin from the build folder (through scripts/lwm2m-tshark, which
// drops root privileges: tshark ignores plugin folders for root) and reads what it prints.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "process.h"

namespace lwm2m::test {

// Runs tshark with `args`.
CommandResult run_tshark(const std::vector<std::string>& args);

// Runs sharkd on `capture` (through scripts/lwm2m-sharkd, as the GUI dissects), sends each of
// `requests` (JSON-RPC request objects, ids from 2) and returns its replies, one JSON object per
// line of `out`, the load's (id 1) first. A non-empty `colorfilters` file becomes the personal
// colouring rules, which the "frames" replies' "bg"/"fg" follow. `preferences` are set as
// tshark's -o sets them ("lwm2m.server_ports:5783,5785").
CommandResult run_sharkd(const std::string& capture, const std::vector<std::string>& requests,
                         const std::string& colorfilters = "",
                         const std::vector<std::string>& preferences = {});

// Path of a bundled sample capture.
std::string sample(const std::string& file_name);

// Path of a third-party capture in ../shared/captures, or "" when it is not there.
std::string shared_capture(const std::string& file_name);

// The Wireshark version the tests run against, from tshark --version: {major, minor}.
std::pair<int, int> tshark_version();

// One row per packet that passes `display_filter`, one cell per field; a field that occurs
// several times in a packet is joined with '|' (tshark -E occurrence=a -E aggregator='|').
//
// The cells say what the plugin means, the same on every Wireshark version the plugin supports;
// how a given Wireshark prints it is undone here, and only here:
// - booleans are 1/0 (4.2 and later print True/False);
// - a backslash is one backslash (4.2 and later double it in strings);
// - an absolute time reads "Jan 15, 2026 10:01:00.001500000 UTC" (4.6 prints ISO 8601), and
//   CoAP's own Info text has its content format after the response code (4.6 puts it at the
//   end);
// - the occurrences of the _ws.expert.* fields asked for are sorted, together (4.0 lists them in
//   tree order, later versions in the order they were added), and Wireshark's own
//   "Trailing stray characters", which not every version's CoAP dissector adds, is left out.
using Rows = std::vector<std::vector<std::string>>;
Rows tshark_fields(const std::string& capture, const std::string& display_filter,
                   const std::vector<std::string>& fields,
                   const std::vector<std::string>& extra_args = {});

// The Info column of every packet passing `display_filter` (the _ws.col.Info field).
std::vector<std::string> tshark_info(const std::string& capture, const std::string& display_filter,
                                     const std::vector<std::string>& extra_args = {});

// tshark -G protocols: one row per protocol, {name, short name, filter name} (4.2 and later add
// further columns, left out here).
Rows tshark_protocols();

// A colour as sharkd writes it ("bg"/"fg" of a frame), as the 24-bit value in hex without leading
// zeros: 4.0 writes "0" for black, later versions "000000".
std::string normal_sharkd_colour(const std::string& text);

// A tshark -z statistics table as 4.0 and 4.4 print it: 4.6 writes "654 bytes" for 654.
std::string normal_statistics(const std::string& text);

}  // namespace lwm2m::test
