#include "exchanges/answer_table.h"

#include "lwm2m/coap_path.h"

namespace lwm2m::replay {

AnswerKey AnswerKey::of(const coap::MessageData& request) {
  AnswerKey key;
  key.method = request.code;
  key.path = uri_path(request);
  if (const coap::OptionData* observe = request.find(coap::kObserve)) {
    uint32_t value = 0;
    key.observe = coap::decode_uint(observe->value.data(), observe->value.size(), value)
                      ? static_cast<int>(value & 0xffffff)
                      : 0;
  }
  return key;
}

bool AnswerTable::add(const AnswerKey& key, CapturedMessage response) {
  auto found = answers_.find(key);
  if (found == answers_.end()) {
    if (answers_.size() >= kMaxKeys) return false;
    found = answers_.emplace(key, std::vector<CapturedMessage>{}).first;
  }
  if (found->second.size() >= kMaxAnswersPerKey) return false;
  found->second.push_back(std::move(response));
  ++count_;
  return true;
}

void AnswerTable::merge(AnswerTable&& other) {
  for (auto& [key, list] : other.answers_)
    for (CapturedMessage& answer : list) add(key, std::move(answer));
  other.answers_.clear();
  other.count_ = 0;
}

const CapturedMessage* AnswerTable::find(const AnswerKey& key, std::size_t nth) const {
  const auto found = answers_.find(key);
  if (found == answers_.end() || found->second.empty()) return nullptr;
  const auto& list = found->second;
  return &list[nth < list.size() ? nth : list.size() - 1];
}

}  // namespace lwm2m::replay
