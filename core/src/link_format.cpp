#include "lwm2m/link_format.h"

#include <algorithm>
#include <utility>

#include "text.h"

namespace lwm2m {

namespace {

// Problem sentences listed per payload; the rest are counted in one last sentence.
constexpr std::size_t kMaxListedProblems = 8;

constexpr std::size_t kNotFound = std::string_view::npos;
constexpr uint64_t kMaxId = 65535;

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Ends a parameter name or token value (RFC 6690 ptoken has no ',' ';' or whitespace).
bool ends_token(char c) {
  return c == ',' || c == ';' || c == '=' || is_space(c);
}

enum class Step { kOk, kSkipLink, kStop };

// A link's parameters, as far as this parser needs them.
struct LinkParams {
  bool is_lwm2m_root = false;
  std::optional<std::string_view> version;
};

// `rt` is a space-separated list of resource types; LwM2M's root link carries "oma.lwm2m".
bool has_lwm2m_resource_type(std::string_view value) {
  std::size_t start = 0;
  while (start < value.size()) {
    std::size_t end = value.find(' ', start);
    if (end == kNotFound) end = value.size();
    if (value.substr(start, end - start) == "oma.lwm2m") return true;
    start = end + 1;
  }
  return false;
}

// Reads links from a payload, one at a time, with a cursor that only moves forward.
class LinkParser {
 public:
  // Parses into `out`, replacing what it held (its vectors keep their capacity).
  LinkParser(std::string_view payload, LinkFormat& out) : payload_(payload), result_(out) {
    result_.root_path = "/";
    result_.objects.clear();
    result_.problems.clear();
    set_root();
  }

  void parse() {
    // One allocation for the objects: each link starts with '<'.
    result_.objects.reserve(
        static_cast<std::size_t>(std::count(payload_.begin(), payload_.end(), '<')));
    std::size_t link_number = 0;
    while (true) {
      skip_spaces();
      if (pos_ >= payload_.size()) break;
      ++link_number;
      if (!parse_link(link_number)) break;
    }
    if (unlisted_problems_ > 0) {
      result_.problems.push_back(std::to_string(unlisted_problems_) +
                                 " more bad links are not listed");
    }
  }

 private:
  void skip_spaces() {
    while (pos_ < payload_.size() && is_space(payload_[pos_])) ++pos_;
  }

  // A payload of garbage would otherwise give one sentence per comma: the first few say enough.
  void problem(std::size_t link_number, const std::string& text) {
    if (result_.problems.size() < kMaxListedProblems) {
      result_.problems.push_back("link " + std::to_string(link_number) + ": " + text);
    } else {
      ++unlisted_problems_;
    }
  }

  // Moves past the next ',' outside quoted strings. False when there is none.
  bool skip_to_next_link() {
    bool quoted = false;
    while (pos_ < payload_.size()) {
      const char c = payload_[pos_++];
      if (quoted && c == '\\') {
        if (pos_ < payload_.size()) ++pos_;  // the escaped character, whatever it is
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == ',') {
        return true;
      }
    }
    return false;
  }

  // Parses one link at pos_. Returns false when nothing more can be parsed.
  bool parse_link(std::size_t link_number) {
    const std::size_t start = pos_;
    if (payload_[pos_] != '<') {
      problem(link_number, "'<' expected");
      return skip_to_next_link();
    }
    const std::size_t close = payload_.find('>', pos_ + 1);
    if (close == kNotFound) {
      problem(link_number, "no '>' after the target");
      return false;
    }
    const std::string_view target = payload_.substr(pos_ + 1, close - pos_ - 1);
    pos_ = close + 1;

    LinkParams params;
    std::size_t end = pos_;  // of the link, before spaces and ','
    while (true) {
      skip_spaces();
      if (pos_ >= payload_.size() || payload_[pos_] != ';') break;
      ++pos_;
      const Step step = parse_param(link_number, params);
      if (step == Step::kStop) return false;
      if (step == Step::kSkipLink) return skip_to_next_link();
      end = pos_;
    }
    if (pos_ < payload_.size() && payload_[pos_] != ',') {
      problem(link_number, "',' expected, found " + detail::quote_char_at(payload_, pos_));
      return skip_to_next_link();
    }
    if (pos_ < payload_.size()) ++pos_;  // the ','

    if (params.is_lwm2m_root) {
      result_.root_path = std::string(target);
      set_root();
    } else {
      add_object(link_number, start, end - start, target, params);
    }
    return true;
  }

  // Parses `name` or `name=value` after a ';'.
  Step parse_param(std::size_t link_number, LinkParams& params) {
    skip_spaces();
    const std::size_t name_start = pos_;
    while (pos_ < payload_.size() && !ends_token(payload_[pos_])) ++pos_;
    const std::string_view name = payload_.substr(name_start, pos_ - name_start);
    if (name.empty()) {
      problem(link_number, "empty parameter name");
      return Step::kSkipLink;
    }
    if (pos_ >= payload_.size() || payload_[pos_] != '=') return Step::kOk;
    ++pos_;
    std::string_view value;
    if (pos_ < payload_.size() && payload_[pos_] == '"') {
      const std::size_t value_start = ++pos_;
      while (pos_ < payload_.size() && payload_[pos_] != '"') {
        pos_ += payload_[pos_] == '\\' ? 2 : 1;
      }
      if (pos_ >= payload_.size()) {
        problem(link_number, "unterminated quoted string");
        pos_ = payload_.size();
        return Step::kStop;
      }
      value = payload_.substr(value_start, pos_ - value_start);
      ++pos_;  // the closing '"'
    } else {
      const std::size_t value_start = pos_;
      while (pos_ < payload_.size() && payload_[pos_] != ',' && payload_[pos_] != ';' &&
             !is_space(payload_[pos_])) {
        ++pos_;
      }
      value = payload_.substr(value_start, pos_ - value_start);
    }
    if (name == "rt" && has_lwm2m_resource_type(value)) params.is_lwm2m_root = true;
    if (name == "ver") params.version = value;
    return Step::kOk;
  }

  // Takes `number`, read from `digits`, as an id of 0-65535; reports when it is out of range. The
  // sentence, rare, is written out of line, so that this stays small enough to inline.
  bool read_id(std::size_t link_number, std::string_view what, std::string_view digits,
               const detail::Decimal& number, uint16_t& id) {
    if (number.value > kMaxId) {
      out_of_range(link_number, what, digits);
      return false;
    }
    id = static_cast<uint16_t>(number.value);
    return true;
  }

  [[gnu::noinline]] void out_of_range(std::size_t link_number, std::string_view what,
                                      std::string_view digits) {
    problem(link_number,
            std::string(what) + " " + std::string(digits) + " is out of range 0-65535");
  }

  void add_object(std::size_t link_number, std::size_t offset, std::size_t length,
                  std::string_view target, const LinkParams& params) {
    const std::string_view root = root_;
    std::string_view trimmed = target;
    while (!trimmed.empty() && trimmed.back() == '/') trimmed.remove_suffix(1);
    if (!target.empty() && trimmed == root) return;  // a link to the root itself, not an object

    const bool under_root = target.size() > root.size() && target.substr(0, root.size()) == root &&
                            target[root.size()] == '/';
    if (!under_root && root.empty()) {
      problem(link_number, detail::quote(target) + " is not an object or object instance");
      return;
    }
    if (!under_root) {
      problem(link_number, detail::quote(target) + " is not under the root path " +
                               detail::quote(result_.root_path));
      return;
    }
    const std::string_view path = target.substr(root.size() + 1);  // "3/0"

    const std::size_t slash = path.find('/');
    const std::string_view object_digits = path.substr(0, slash);
    const std::string_view instance_digits =
        slash == kNotFound ? std::string_view() : path.substr(slash + 1);
    // Each number is read once: for its form here, for its range below.
    const detail::Decimal object_number = detail::parse_decimal(object_digits);
    const detail::Decimal instance_number =
        slash == kNotFound ? detail::Decimal{} : detail::parse_decimal(instance_digits);
    if (!object_number.is_decimal || (slash != kNotFound && !instance_number.is_decimal)) {
      problem(link_number, detail::quote(target) + " is not an object or object instance");
      return;
    }
    ObjectLink link;
    link.offset = offset;
    link.length = length;
    link.target = target;
    link.version = params.version;
    if (!read_id(link_number, "object id", object_digits, object_number, link.object)) return;
    if (slash != kNotFound) {
      uint16_t instance = 0;
      if (!read_id(link_number, "object instance id", instance_digits, instance_number, instance)) {
        return;
      }
      link.instance = instance;
    }
    result_.objects.push_back(link);
  }

  // Objects sit under the root path, compared without its trailing '/' ("/" becomes ""): trimmed
  // once, when a root link sets it, not once per object link.
  void set_root() {
    root_ = result_.root_path;
    while (!root_.empty() && root_.back() == '/') root_.remove_suffix(1);
  }

  std::string_view payload_;
  std::string_view root_;  // result_.root_path without its trailing '/'
  std::size_t pos_ = 0;
  std::size_t unlisted_problems_ = 0;
  LinkFormat& result_;
};

}  // namespace

LinkFormat parse_object_links(std::string_view payload) {
  LinkFormat links;
  parse_object_links(payload, links);
  return links;
}

void parse_object_links(std::string_view payload, LinkFormat& out) {
  LinkParser(payload, out).parse();
}

}  // namespace lwm2m
