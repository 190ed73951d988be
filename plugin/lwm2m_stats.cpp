#include "lwm2m_stats.h"

#include <cstdio>
#include <exception>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lwm2m/endpoint_name.h"
#include "lwm2m/endpoint_name_type.h"
#include "lwm2m/name_equality.h"
#include "lwm2m/printable.h"
#include "lwm2m/response_code.h"
#include "lwm2m_endpoint_table.h"
#include "name_text.h"
#include "peer_name.h"
#include "vendor_type_table.h"

namespace lwm2m::plugin {
namespace {

int g_tap = -1;

// Each table's rows by key, in the order they were first seen. Wireshark's stat tables have no
// room for this, so it is kept here, by table.
using RowIndex = std::unordered_map<std::string, guint>;
// The row each counted message went to, per table: a copy an ICMP error quotes later counts as
// undelivered in its original's row (the error's addresses are not the original's).
std::unordered_map<const stat_tap_table*, std::unordered_map<const MessageRecord*, guint>>&
record_rows() {
  static std::unordered_map<const stat_tap_table*, std::unordered_map<const MessageRecord*, guint>>
      rows;
  return rows;
}

std::unordered_map<const stat_tap_table*, RowIndex>& row_indexes() {
  static std::unordered_map<const stat_tap_table*, RowIndex> indexes;
  return indexes;
}

stat_tap_table* only_table(void* tapdata) {
  auto* stat_data = static_cast<stat_data_t*>(tapdata);
  return g_array_index(stat_data->stat_tap_data->tables, stat_tap_table*, 0);
}

std::string type_text(const MessageRecord& record) {
  if (!record.ept_text) return "(no ept)";
  if (!record.ept) return "(not a type)";
  return std::string(ept_type_name(*record.ept));
}

// The ept as sent: "2", "abc", "(empty)", "-" for none. Unusable values are each their own.
std::string ept_text(const MessageRecord& record) {
  if (!record.ept_text) return "-";
  if (record.ept) return std::to_string(*record.ept);
  return record.ept_text->empty() ? std::string("(empty)") : printable(*record.ept_text, 16);
}

stat_tap_table_item_type text_item(const std::string& text) {
  stat_tap_table_item_type item{};
  item.type = TABLE_ITEM_STRING;
  item.value.string_value = g_strdup(text.c_str());
  return item;
}

stat_tap_table_item_type uint_item(guint value) {
  stat_tap_table_item_type item{};
  item.type = TABLE_ITEM_UINT;
  item.value.uint_value = value;
  return item;
}

void set_text(stat_tap_table* table, guint row, guint column, const std::string& text) {
  stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, column);
  g_free(const_cast<char*>(item->value.string_value));
  item->value.string_value = g_strdup(text.c_str());
}

void add_to(stat_tap_table* table, guint row, guint column, guint amount = 1) {
  stat_tap_get_field_data(table, row, column)->value.uint_value += amount;
}

// Finds or adds the row with `key`; `make_row` gives a new row's items.
template <typename MakeRow>
guint row_for(stat_tap_table* table, const std::string& key, MakeRow make_row) {
  RowIndex& index = row_indexes()[table];
  auto found = index.find(key);
  if (found != index.end()) return found->second;
  const guint row = table->num_elements;
  std::vector<stat_tap_table_item_type> items = make_row();
  stat_tap_init_table_row(table, row, table->num_fields, items.data());
  index.emplace(key, row);
  return row;
}

void free_item(stat_tap_table*, guint, guint, stat_tap_table_item_type* item) {
  if (item->type == TABLE_ITEM_STRING) {
    g_free(const_cast<char*>(item->value.string_value));
    item->value.string_value = nullptr;
  }
}

// Rows come and go with the capture: a reset drops them all.
void drop_rows(stat_tap_table* table) {
  for (guint row = 0; row < table->num_elements; ++row) {
    for (guint column = 0; column < table->num_fields; ++column) {
      free_item(table, row, column, stat_tap_get_field_data(table, row, column));
    }
    g_free(table->elements[row]);
  }
  g_free(table->elements);
  table->elements = nullptr;
  table->num_elements = 0;
  row_indexes().erase(table);
  record_rows().erase(table);
}

void init_table(stat_tap_table_ui* ui, const char* title) {
  if (stat_tap_table* existing = stat_tap_find_table(ui, title)) {
    drop_rows(existing);
    return;
  }
  stat_tap_table* table = stat_tap_init_table(title, static_cast<int>(ui->nfields), 0, nullptr);
  row_indexes().erase(table);  // an index left by a freed table at the same address
  record_rows().erase(table);
  stat_tap_add_table(ui, table);
}

// -z lwm2m,endpoints: one row per server, type and name (names are unique per server and type).

enum EndpointColumn : guint {
  kEpt,
  kType,
  kName,
  kForm,
  kValid,
  kClients,
  kServer,
  kBootstraps,
  kRegisters,
  kUpdates,
  kDeregisters,
  kLastLocation,
  kDuplicates,
  kUndelivered,
  kEndpointColumns
};

stat_tap_table_item endpoint_columns[] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "ept", "%-7s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Type", "%-20s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Endpoint Client Name", "%-44s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Form", "%-9s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Valid", "%-5s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Clients", "%-21s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Server", "%-21s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Bootstrap-Requests", "%18u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Registers", "%9u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Updates", "%7u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "De-registers", "%12u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Last location", "%-14s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Duplicates", "%10u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Undelivered", "%11u"},
};
static_assert(sizeof endpoint_columns / sizeof endpoint_columns[0] == kEndpointColumns);

const char* const kEndpointsTitle = "LwM2M Endpoints";

void endpoints_init(stat_tap_table_ui* ui) {
  init_table(ui, "Per Endpoint Client Name");
}

// The endpoint a message is about: the name it carries (a Register, a Bootstrap-Request), or its
// registration's (an Update, a De-register: counted under the registration it updates).
struct EndpointKey {
  std::string key;
  const MessageRecord* named = nullptr;  // the record holding the name and verdict
};

EndpointKey endpoint_of(const MessageRecord& record, const std::string& server) {
  const MessageRecord& request = record.is_response ? *record.request : record;
  const MessageRecord* named = request.registration_name ? request.registration_name : &request;
  if (named->ep) {
    // The whole ept as sent: two long unusable values are two rows, however alike they start.
    const std::string type = named->ept_text ? "=" + std::string(*named->ept_text) : "-";
    return {server + '\n' + type + '\n' + canonical_endpoint_name(*named->ep), named};
  }
  if (request.location) return {server + "\n?\n" + std::string(*request.location), nullptr};
  return {};
}

std::vector<stat_tap_table_item_type> endpoint_row(const MessageRecord* named,
                                                   const MessageRecord& record,
                                                   const std::string& server) {
  std::vector<stat_tap_table_item_type> items(kEndpointColumns);
  if (named) {
    items[kEpt] = text_item(ept_text(*named));
    items[kType] = text_item(type_text(*named));
    items[kName] = text_item(column_text(*named->ep));  // cut like the Info column
    items[kForm] = text_item(std::string(name_form_label(named->form)));
    items[kValid] = text_item(named->name_valid ? "yes" : "no");
  } else {
    items[kEpt] = text_item("?");
    items[kType] = text_item("(no Register in capture)");
    items[kName] = text_item("");
    items[kForm] = text_item("");
    items[kValid] = text_item("");
  }
  items[kClients] = text_item("");
  items[kServer] = text_item(server);
  items[kBootstraps] = uint_item(0);
  items[kRegisters] = uint_item(0);
  items[kUpdates] = uint_item(0);
  items[kDeregisters] = uint_item(0);
  items[kLastLocation] = text_item(record.location ? printable(*record.location) : "");
  items[kDuplicates] = uint_item(0);
  items[kUndelivered] = uint_item(0);
  return items;
}

void note_client(stat_tap_table* table, guint row, const std::string& client) {
  stat_tap_table_item_type* item = stat_tap_get_field_data(table, row, kClients);
  std::string clients = item->value.string_value ? item->value.string_value : "";
  for (std::size_t start = 0; start <= clients.size();) {
    std::size_t end = clients.find(' ', start);
    if (end == std::string::npos) end = clients.size();
    if (clients.compare(start, end - start, client) == 0) return;
    start = end + 1;
  }
  set_text(table, row, kClients, clients.empty() ? client : clients + " " + client);
}

tap_packet_status count_endpoint(void* tapdata, packet_info* pinfo, const void* data) {
  const auto& record = *static_cast<const MessageRecord*>(data);
  if (record.extra().quote_of) {
    stat_tap_table* table = only_table(tapdata);
    auto& rows = record_rows()[table];
    auto found = rows.find(record.extra().quote_of);
    if (found == rows.end()) return TAP_PACKET_DONT_REDRAW;
    add_to(table, found->second, kUndelivered);
    return TAP_PACKET_REDRAW;
  }
  const bool request = !record.is_response;
  const Operation operation = record.operation;
  if (!is_registration_interface(operation) && operation != Operation::kBootstrapRequest) {
    return TAP_PACKET_DONT_REDRAW;
  }
  if (request && record.extra().block_first_frame) return TAP_PACKET_DONT_REDRAW;  // a later block
  if (request && record.extra().retransmission_of) return TAP_PACKET_DONT_REDRAW;  // counted once
  if (!request && record.copy) return TAP_PACKET_DONT_REDRAW;
  const std::string server =
      request ? peer_name(pinfo->dst, pinfo->destport) : peer_name(pinfo->src, pinfo->srcport);
  const EndpointKey endpoint = endpoint_of(record, server);
  if (endpoint.key.empty()) return TAP_PACKET_DONT_REDRAW;
  stat_tap_table* table = only_table(tapdata);
  const guint row =
      row_for(table, endpoint.key, [&] { return endpoint_row(endpoint.named, record, server); });
  record_rows()[table][&record] = row;

  if (!request) {
    // A Register's 2.01 says where the registration lives.
    if (operation == Operation::kRegister && record.location) {
      set_text(table, row, kLastLocation, printable(*record.location));
    }
    return TAP_PACKET_REDRAW;
  }
  note_client(table, row, peer_name(pinfo->src, pinfo->srcport));
  switch (operation) {
    case Operation::kBootstrapRequest:
      add_to(table, row, kBootstraps);
      break;
    case Operation::kRegister:
      add_to(table, row, kRegisters);
      if (record.extra().duplicate_of) add_to(table, row, kDuplicates);
      break;
    case Operation::kUpdate:
      add_to(table, row, kUpdates);
      if (record.location) set_text(table, row, kLastLocation, printable(*record.location));
      break;
    case Operation::kDeregister:
      add_to(table, row, kDeregisters);
      break;
    default:
      break;
  }
  return TAP_PACKET_REDRAW;
}

// -z lwm2m,ops: counts per operation and message (request, or response code), with the share of
// invalid names per Endpoint Client Name Type among the requests.

enum OpsColumn : guint { kOperation, kMessage, kOpsType, kCount, kInvalid, kInvalidShare, kOps };

// The share as text, one decimal, always five characters ("  0.0", " 50.0", "100.0"). Wireshark
// 4.0's statistics dialog shows a TABLE_ITEM_FLOAT with six decimals whatever the column's format
// ("0.000000"), and sorts a TABLE_ITEM_STRING as bytes: text of one width sorts as its numbers.
// tshark right-aligns it in "%9s", as it did the number in "%9.1f": the same output.
std::string share_text(guint part, guint whole) {
  char text[16];
  std::snprintf(text, sizeof text, "%5.1f", whole ? 100.0 * part / whole : 0.0);
  return text;
}

stat_tap_table_item ops_columns[] = {
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Operation", "%-28s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Message", "%-30s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Type", "%-20s"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Count", "%5u"},
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Invalid names", "%13u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Invalid %", "%9s"},
};
static_assert(sizeof ops_columns / sizeof ops_columns[0] == kOps);

const char* const kOpsTitle = "LwM2M Operations";

void ops_init(stat_tap_table_ui* ui) {
  init_table(ui, "Per operation and message");
}

tap_packet_status count_operation(void* tapdata, const void* data) {
  const auto& record = *static_cast<const MessageRecord*>(data);
  if (record.operation == Operation::kNone) return TAP_PACKET_DONT_REDRAW;  // a conversation's
  if (record.extra().quote_of) return TAP_PACKET_DONT_REDRAW;  // a copy an ICMP error quotes
  const std::string operation(operation_name(record.operation));
  std::string message = "request";
  if (record.is_response) {
    message = record.response_text();
    if (record.copy) message += ", copy";
  } else if (record.extra().retransmission_of) {
    message = "request, retransmission";
  } else if (record.extra().block_first_frame) {
    message = "request, later Block1 block";
  }
  // The type a request is about (an Update's or De-register's: its registration's). Later Block1
  // blocks repeat block 0's query and retransmissions repeat a request: they count under none.
  const bool counted = !record.is_response && !record.extra().block_first_frame &&
                       !record.extra().retransmission_of && record.ep;
  const bool named = counted && record.own_name;  // its own name: judged here
  const std::string type = counted ? type_text(record) : std::string();
  stat_tap_table* table = only_table(tapdata);
  const guint row = row_for(table, operation + '\n' + message + '\n' + type, [&] {
    return std::vector<stat_tap_table_item_type>{text_item(operation), text_item(message),
                                                 text_item(type),      uint_item(0),
                                                 uint_item(0),         text_item(share_text(0, 0))};
  });
  add_to(table, row, kCount);
  if (named && !record.name_valid) add_to(table, row, kInvalid);
  const guint count = stat_tap_get_field_data(table, row, kCount)->value.uint_value;
  const guint invalid = stat_tap_get_field_data(table, row, kInvalid)->value.uint_value;
  set_text(table, row, kInvalidShare, share_text(invalid, count));
  return TAP_PACKET_REDRAW;
}

// Wireshark's C code calls the taps: no exception may unwind into it. Only allocation can throw
// here; the packet is then left uncounted.
tap_packet_status endpoints_packet(void* tapdata, packet_info* pinfo, epan_dissect_t*,
                                   const void* data, tap_flags_t) {
  try {
    return count_endpoint(tapdata, pinfo, data);
  } catch (const std::exception&) {
    return TAP_PACKET_DONT_REDRAW;
  }
}

tap_packet_status ops_packet(void* tapdata, packet_info*, epan_dissect_t*, const void* data,
                             tap_flags_t) {
  try {
    return count_operation(tapdata, data);
  } catch (const std::exception&) {
    return TAP_PACKET_DONT_REDRAW;
  }
}

}  // namespace

void register_statistics() {
  g_tap = register_tap("lwm2m");
  // REGISTER_PACKET_STAT_GROUP_UNSORTED puts the tables in Wireshark's Statistics menu (the
  // GENERIC group would not appear there in 4.0).

  static tap_param filter_param[] = {{PARAM_FILTER, "filter", "Filter", nullptr, true}};
  static stat_tap_table_ui endpoints = {REGISTER_PACKET_STAT_GROUP_UNSORTED,
                                        kEndpointsTitle,
                                        "lwm2m",
                                        "lwm2m,endpoints",
                                        endpoints_init,
                                        endpoints_packet,
                                        drop_rows,
                                        free_item,
                                        nullptr,
                                        kEndpointColumns,
                                        endpoint_columns,
                                        1,
                                        filter_param,
                                        nullptr,
                                        0};
  static stat_tap_table_ui ops = {REGISTER_PACKET_STAT_GROUP_UNSORTED,
                                  kOpsTitle,
                                  "lwm2m",
                                  "lwm2m,ops",
                                  ops_init,
                                  ops_packet,
                                  drop_rows,
                                  free_item,
                                  nullptr,
                                  kOps,
                                  ops_columns,
                                  1,
                                  filter_param,
                                  nullptr,
                                  0};
  register_stat_tap_table_ui(&endpoints);
  register_stat_tap_table_ui(&ops);
  // The same tap's rows with filter actions: Statistics > Endpoints > LwM2M.
  register_endpoint_table();
}

void tap_message(packet_info* pinfo, const MessageRecord* record) {
  if (g_tap >= 0 && have_tap_listener(g_tap)) tap_queue_packet(g_tap, pinfo, record);
}

}  // namespace lwm2m::plugin
