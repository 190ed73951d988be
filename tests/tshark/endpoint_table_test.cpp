// Statistics > Endpoints > LwM2M and tshark -z endpoints,lwm2m: one row per Endpoint Client Name
// and type, whose filter (Apply/Prepare as Filter in Wireshark) shows the row's packets. The
// filters are read from sharkd (scripts/lwm2m-sharkd), which writes each row's filter with
// libwireshark's get_endpoint_filter(), as the Endpoints dialog does.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

struct Row {
  unsigned long packets = 0, bytes = 0, tx_packets = 0, tx_bytes = 0, rx_packets = 0, rx_bytes = 0;
  bool operator==(const Row& other) const {
    return packets == other.packets && bytes == other.bytes && tx_packets == other.tx_packets &&
           tx_bytes == other.tx_bytes && rx_packets == other.rx_packets &&
           rx_bytes == other.rx_bytes;
  }
};

std::ostream& operator<<(std::ostream& out, const Row& row) {
  return out << row.packets << " " << row.bytes << " " << row.tx_packets << " " << row.tx_bytes
             << " " << row.rx_packets << " " << row.rx_bytes;
}

// The rows of tshark's endpoints table, by the address it shows ("<name> (ept 2)").
std::map<std::string, Row> endpoint_rows(const std::string& out) {
  static const std::regex row_line(R"(^(.*\)) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) +(\d+) *$)");
  std::map<std::string, Row> rows;
  std::istringstream in(normal_statistics(out));
  for (std::string line; std::getline(in, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, row_line)) continue;
    Row row;
    row.packets = std::stoul(match[2]);
    row.bytes = std::stoul(match[3]);
    row.tx_packets = std::stoul(match[4]);
    row.tx_bytes = std::stoul(match[5]);
    row.rx_packets = std::stoul(match[6]);
    row.rx_bytes = std::stoul(match[7]);
    rows[match[1]] = row;
  }
  return rows;
}

TEST(EndpointTable, OneRowPerNameAndType) {
  CommandResult result =
      run_tshark({"-r", sample("registrations.pcapng"), "-q", "-z", "endpoints,lwm2m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("LwM2M Endpoints\nFilter:<No Filter>\n"), std::string::npos)
      << result.out;
  // Each Register, Update, De-register and answer of a name under its type: Tx from the client,
  // Rx from the server. The Update of /rd/99 has no Register in the capture, so no name: no row.
  const std::map<std::string, Row> expected = {
      {"urn:imei:490154203237518 (ept 2)", {10, 654, 5, 394, 5, 260}},
      {"00A0C9-ThermoV2-SN12345 (ept 1)", {10, 741, 5, 481, 5, 260}},
      {"00A0C9-ThermoV2-SN12345 (ept 101)", {4, 272, 2, 167, 2, 105}},
  };
  EXPECT_EQ(endpoint_rows(result.out), expected) << result.out;
}

TEST(EndpointTable, NamesWithoutAUsableTypeShareARow) {
  CommandResult result =
      run_tshark({"-r", sample("ept-and-params.pcapng"), "-q", "-z", "endpoints,lwm2m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::map<std::string, Row> rows = endpoint_rows(result.out);
  // Frames 1-10: no ept, 0, 256, abc, empty (each a Register and its 4.00): !lwm2m.ept.
  ASSERT_EQ(rows.count("urn:imei:490154203237518 (no usable ept)"), 1u) << result.out;
  EXPECT_EQ(rows.at("urn:imei:490154203237518 (no usable ept)").packets, 10u);
  EXPECT_EQ(rows.count("urn:imei:490154203237518 (ept 7)"), 1u) << result.out;
  EXPECT_EQ(rows.count("(empty) (ept 2)"), 1u) << result.out;  // ep= with nothing after it
  EXPECT_EQ(rows.count("urn:dev:ops:32473-Line\\x0ABreak (ept 2)"), 1u) << result.out;
}

TEST(EndpointTable, DisplayFilterArgument) {
  CommandResult result = run_tshark(
      {"-r", sample("registrations.pcapng"), "-q", "-z", "endpoints,lwm2m,ip.addr==10.0.0.54"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Filter:ip.addr==10.0.0.54\n"), std::string::npos) << result.out;
  const std::map<std::string, Row> expected = {
      {"00A0C9-ThermoV2-SN12345 (ept 1)", {6, 471, 3, 316, 3, 155}},
      {"00A0C9-ThermoV2-SN12345 (ept 101)", {4, 272, 2, 167, 2, 105}},
  };
  EXPECT_EQ(endpoint_rows(result.out), expected) << result.out;
}

// Wireshark registers a conversation table with each endpoint table: LwM2M's stays empty.
TEST(EndpointTable, ConversationTableIsEmpty) {
  CommandResult result =
      run_tshark({"-r", sample("registrations.pcapng"), "-q", "-z", "conv,lwm2m"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("LwM2M Conversations"), std::string::npos) << result.out;
  EXPECT_EQ(result.out.find("urn:imei"), std::string::npos) << result.out;
}

// A JSON string's text from its first character after the opening quote; `end` is left after
// the closing quote.
std::string json_string(const std::string& json, std::size_t start, std::size_t& end) {
  std::string text;
  std::size_t i = start;
  for (; i < json.size() && json[i] != '"'; ++i) {
    if (json[i] != '\\' || i + 1 >= json.size()) {
      text.push_back(json[i]);
      continue;
    }
    const char escaped = json[++i];
    switch (escaped) {
      case 'n':
        text.push_back('\n');
        break;
      case 't':
        text.push_back('\t');
        break;
      case 'r':
        text.push_back('\r');
        break;
      case 'b':
        text.push_back('\b');
        break;
      case 'f':
        text.push_back('\f');
        break;
      case 'u': {
        const unsigned code = std::stoul(json.substr(i + 1, 4), nullptr, 16);
        i += 4;
        if (code < 0x80) {
          text.push_back(static_cast<char>(code));
        } else if (code < 0x800) {
          text.push_back(static_cast<char>(0xC0 | (code >> 6)));
          text.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        } else {
          text.push_back(static_cast<char>(0xE0 | (code >> 12)));
          text.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
          text.push_back(static_cast<char>(0x80 | (code & 0x3F)));
        }
        break;
      }
      default:  // \" \\ \/
        text.push_back(escaped);
    }
  }
  end = i + 1;
  return text;
}

// The value of "key" in the flat JSON object `object`: a string's text, or a number as written.
std::string json_value(const std::string& object, const std::string& key) {
  const std::string marker = "\"" + key + "\":";
  const std::size_t at = object.find(marker);
  if (at == std::string::npos) return {};
  std::size_t start = at + marker.size();
  if (start < object.size() && object[start] == '"') {
    std::size_t end = 0;
    return json_string(object, start + 1, end);
  }
  std::size_t end = start;
  while (end < object.size() && std::isdigit(static_cast<unsigned char>(object[end]))) ++end;
  return object.substr(start, end - start);
}

struct SharkdRow {
  std::string host, filter;
  unsigned long packets = 0;
};

// The endpoint rows sharkd gives for the "endpt:LwM2M" tap: each host object of its answer.
std::vector<SharkdRow> sharkd_rows(const std::string& capture) {
  CommandResult result = run_sharkd(
      capture, {R"({"jsonrpc":"2.0","id":2,"method":"tap","params":{"tap0":"endpt:LwM2M"}})"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::vector<SharkdRow> rows;
  const std::string& json = result.out;
  // Host objects are flat: from {"host": to the first } outside a string.
  for (std::size_t at = json.find("{\"host\":"); at != std::string::npos;
       at = json.find("{\"host\":", at + 1)) {
    std::size_t end = at + 1;
    bool in_string = false;
    for (; end < json.size(); ++end) {
      if (in_string && json[end] == '\\') {
        ++end;
      } else if (json[end] == '"') {
        in_string = !in_string;
      } else if (!in_string && json[end] == '}') {
        break;
      }
    }
    const std::string object = json.substr(at, end - at + 1);
    SharkdRow row;
    row.host = json_value(object, "host");
    row.filter = json_value(object, "filter");
    row.packets =
        std::stoul("0" + json_value(object, "txf")) + std::stoul("0" + json_value(object, "rxf"));
    rows.push_back(row);
  }
  return rows;
}

unsigned long frames_shown(const std::string& capture, const std::string& filter) {
  return static_cast<unsigned long>(tshark_fields(capture, filter, {"frame.number"}).size());
}

TEST(EndpointTable, EachRowsFilterShowsItsPackets) {
  static const std::regex filter_form(
      R"(^(lwm2m\.ept == ([1-9][0-9]*)|!lwm2m\.ept) && lwm2m\.ep=="([^"\\]|\\.)*"$)");
  for (const char* file :
       {"registrations.pcapng", "ept-and-params.pcapng", "edges.pcapng", "answers.pcapng",
        "names-urn.pcapng", "real-tcp.pcapng", "real-block1.pcapng"}) {
    SCOPED_TRACE(file);
    const std::string capture = sample(file);
    const std::vector<SharkdRow> rows = sharkd_rows(capture);
    ASSERT_FALSE(rows.empty());
    for (const SharkdRow& row : rows) {
      SCOPED_TRACE(row.host);
      EXPECT_TRUE(std::regex_match(row.filter, filter_form)) << row.filter;
      EXPECT_EQ(frames_shown(capture, row.filter), row.packets) << row.filter;
    }
  }
}

TEST(EndpointTable, FilterOfARow) {
  std::map<std::string, std::string> filters;
  for (const SharkdRow& row : sharkd_rows(sample("registrations.pcapng"))) {
    filters[row.host] = row.filter;
  }
  EXPECT_EQ(filters["00A0C9-ThermoV2-SN12345 (ept 101)"],
            R"(lwm2m.ept == 101 && lwm2m.ep=="00A0C9-ThermoV2-SN12345")");
  EXPECT_EQ(filters["urn:imei:490154203237518 (ept 2)"],
            R"(lwm2m.ept == 2 && lwm2m.ep=="urn:imei:490154203237518")");
}

TEST(EndpointTable, FilterEscapesWhatLwm2mEpShowsEscaped) {
  std::map<std::string, std::string> filters;
  for (const SharkdRow& row : sharkd_rows(sample("ept-and-params.pcapng"))) {
    filters[row.host] = row.filter;
  }
  // lwm2m.ep shows a line feed as \x0A: the filter string writes that backslash as \\.
  EXPECT_EQ(filters["urn:dev:ops:32473-Line\\x0ABreak (ept 2)"],
            R"(lwm2m.ept == 2 && lwm2m.ep=="urn:dev:ops:32473-Line\\x0ABreak")");
  EXPECT_EQ(filters["urn:imei:490154203237518 (no usable ept)"],
            R"(!lwm2m.ept && lwm2m.ep=="urn:imei:490154203237518")");
  EXPECT_EQ(filters["(empty) (ept 2)"], R"(lwm2m.ept == 2 && lwm2m.ep=="")");
}

}  // namespace
}  // namespace lwm2m::test
