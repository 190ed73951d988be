#include "rewrite/request_rewrite.h"

#include <algorithm>

#include "lwm2m/printable.h"
#include "lwm2m/query.h"

namespace lwm2m::replay {

namespace {

std::vector<std::string_view> views(const std::vector<std::string>& strings) {
  return {strings.begin(), strings.end()};
}

std::string_view name_of(std::string_view item) {
  return item.substr(0, item.find('='));
}

bool takes_query_rules(Operation operation) {
  return operation == Operation::kRegister || operation == Operation::kBootstrapRequest ||
         operation == Operation::kUpdate;
}

// The number of leading Uri-Path options equal to `prefix`, or nothing when they differ.
std::optional<std::size_t> option_prefix(const std::vector<std::string_view>& path,
                                         const std::vector<std::string_view>& prefix) {
  if (prefix.empty() || path.size() < prefix.size()) return std::nullopt;
  if (!std::equal(prefix.begin(), prefix.end(), path.begin())) return std::nullopt;
  return prefix.size();
}

void rewrite_query(coap::MessageData& request, Operation operation, const QueryRules& rules,
                   std::vector<std::string>& changes) {
  if (rules.set.empty() && rules.drop.empty() && rules.ep_suffix.empty()) return;
  std::vector<coap::OptionData> rewritten;
  std::vector<bool> set_used(rules.set.size(), false);
  for (coap::OptionData& option : request.options) {
    if (option.number != coap::kUriQuery) {
      rewritten.push_back(std::move(option));
      continue;
    }
    const std::string item(option.value.begin(), option.value.end());
    const std::string name(name_of(item));
    if (std::find(rules.drop.begin(), rules.drop.end(), name) != rules.drop.end()) {
      changes.push_back("dropped " + printable(item));
      continue;
    }
    std::string value_item = item;
    for (std::size_t i = 0; i < rules.set.size(); ++i) {
      if (rules.set[i].first != name) continue;
      value_item = name + "=" + rules.set[i].second;
      set_used[i] = true;
    }
    if (param_key(name) == ParamKey::kEndpointName && !rules.ep_suffix.empty())
      value_item += rules.ep_suffix;
    if (value_item != item) changes.push_back(printable(item) + " -> " + printable(value_item));
    option.value.assign(value_item.begin(), value_item.end());
    rewritten.push_back(std::move(option));
  }
  const bool may_add =
      operation == Operation::kRegister || operation == Operation::kBootstrapRequest;
  for (std::size_t i = 0; may_add && i < rules.set.size(); ++i) {
    if (set_used[i]) continue;
    std::string item = rules.set[i].first + "=" + rules.set[i].second;
    if (param_key(rules.set[i].first) == ParamKey::kEndpointName) item += rules.ep_suffix;
    changes.push_back("added " + printable(item));
    rewritten.push_back({coap::kUriQuery, coap::Bytes(item.begin(), item.end())});
  }
  request.options = std::move(rewritten);
}

void note_path_change(std::string_view before, std::string_view after,
                      std::vector<std::string>& changes) {
  if (before == after) return;
  std::string text = printable(before);
  const std::string to = printable(after);
  text.reserve(text.size() + 4 + to.size());
  text += " -> ";
  text += to;
  changes.push_back(std::move(text));
}

// Notes the path's change in `changes` unless that is null.
void map_location(coap::MessageData& request, const LocationMapping& location,
                  std::vector<std::string>* changes) {
  const std::vector<std::string_view> uri_path = request.values(coap::kUriPath);
  const std::string before = changes ? join_path(uri_path) : std::string();
  const auto matched = option_prefix(uri_path, views(location.captured));
  if (matched && location.live.size() == *matched) {
    // The usual case, rd/5a3f -> rd/1: as many options as before, so the new values go in place
    // (the live location is not the request's storage; the options after it stay as they are).
    std::size_t prefix_length = 0;  // of the captured location in `before`
    std::size_t next = 0;
    for (coap::OptionData& option : request.options) {
      if (option.number != coap::kUriPath || next == *matched) continue;
      prefix_length += 1 + option.value.size();
      option.value.assign(location.live[next].begin(), location.live[next].end());
      ++next;
    }
    if (changes) {
      std::string after = location_text(location.live);
      after.append(before, prefix_length);
      note_path_change(before, after, *changes);
    }
    return;
  }
  // Views into location.live and into the request's options, which stay as they are until the
  // new options are built.
  std::vector<std::string_view> new_path;
  if (matched) {
    new_path.assign(location.live.begin(), location.live.end());
    new_path.insert(new_path.end(), uri_path.begin() + static_cast<std::ptrdiff_t>(*matched),
                    uri_path.end());
  } else {
    const std::vector<std::string_view> segments = path_segments(uri_path);
    const std::vector<std::string_view> captured = path_segments(views(location.captured));
    const auto matched_segments = option_prefix(segments, captured);
    if (!matched_segments) return;
    new_path = path_segments(views(location.live));
    new_path.insert(new_path.end(),
                    segments.begin() + static_cast<std::ptrdiff_t>(*matched_segments),
                    segments.end());
  }
  if (changes) note_path_change(before, join_path(new_path), *changes);
  // The new Uri-Path options take the old ones' place, so the options stay in number order.
  std::vector<coap::OptionData> options;
  options.reserve(request.options.size() - uri_path.size() + new_path.size());
  bool placed = false;
  for (coap::OptionData& option : request.options) {
    if (option.number != coap::kUriPath) {
      options.push_back(std::move(option));
      continue;
    }
    if (placed) continue;
    for (const std::string_view segment : new_path)
      options.push_back({coap::kUriPath, coap::Bytes(segment.begin(), segment.end())});
    placed = true;
  }
  request.options = std::move(options);
}

}  // namespace

bool addresses_location(const coap::MessageData& request,
                        const std::vector<std::string>& location_options) {
  const std::vector<std::string_view> uri_path = request.values(coap::kUriPath);
  if (option_prefix(uri_path, views(location_options))) return true;
  return option_prefix(path_segments(uri_path), path_segments(views(location_options))).has_value();
}

RewrittenRequest rewrite_request(const coap::MessageData& captured, Operation operation,
                                 const QueryRules& rules, const LocationMapping* location,
                                 bool describe_changes) {
  RewrittenRequest out;
  out.request = captured;
  out.request.token.clear();
  out.request.message_id = 0;
  if (takes_query_rules(operation)) rewrite_query(out.request, operation, rules, out.changes);
  if (location) map_location(out.request, *location, describe_changes ? &out.changes : nullptr);
  if (!describe_changes) out.changes.clear();
  return out;
}

std::vector<std::string> location_options(const coap::MessageData& response) {
  std::vector<std::string> out;
  for (std::string_view value : response.values(coap::kLocationPath)) out.emplace_back(value);
  return out;
}

std::string location_text(const std::vector<std::string>& options) {
  std::size_t length = 0;
  for (const std::string& option : options) length += 1 + option.size();
  std::string text;
  text.reserve(length);
  for (const std::string& option : options) {
    text += '/';
    text += option;
  }
  return text;
}

}  // namespace lwm2m::replay
