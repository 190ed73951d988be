// ExpiringMap: a map whose entries are forgotten EXCHANGE_LIFETIME after they were put, kept in an
// open-addressing table. Besides the map's rules, the cases force long and wrapping probe chains
// (keys whose hashes place them where the test says) and check every entry against std::map.
#include "lwm2m/expiring_map.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lwm2m/coap_encode.h"
#include "lwm2m/exchange_matcher.h"

namespace lwm2m {
namespace {

constexpr int64_t kLifetime = kExchangeLifetimeNs;

TEST(ExpiringMap, PutsFindsAndErases) {
  ExpiringMap<uint16_t, int> map;
  EXPECT_EQ(map.size(), 0u);
  EXPECT_EQ(map.find(1, 0), nullptr);
  map.erase(1);  // nothing to erase
  EXPECT_EQ(map.put(1, 10, 0), 10);
  map.put(2, 20, 0);
  map.put(3, 30, 0);
  EXPECT_EQ(map.size(), 3u);
  ASSERT_NE(map.find(2, 0), nullptr);
  EXPECT_EQ(*map.find(2, 0), 20);
  *map.find(2, 0) = 21;
  EXPECT_EQ(*map.find(2, 0), 21);
  map.put(2, 22, 0);  // replaces
  EXPECT_EQ(map.size(), 3u);
  EXPECT_EQ(*map.find(2, 0), 22);
  map.erase(2);
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(map.find(2, 0), nullptr);
  EXPECT_EQ(*map.find(1, 0), 10);
  EXPECT_EQ(*map.find(3, 0), 30);
  map.erase(2);  // already gone
  EXPECT_EQ(map.size(), 2u);
}

TEST(ExpiringMap, FindForgetsEntriesOlderThanExchangeLifetime) {
  ExpiringMap<uint16_t, int> map;
  map.put(1, 10, 1000);
  map.put(2, 20, 2000);
  ASSERT_NE(map.find(1, 1000 + kLifetime), nullptr);  // exactly EXCHANGE_LIFETIME old: kept
  EXPECT_EQ(map.find(1, 1000 + kLifetime + 1), nullptr);
  EXPECT_EQ(map.size(), 1u);  // 2 is younger
  EXPECT_EQ(*map.find(2, 2000 + kLifetime), 20);
  EXPECT_EQ(map.find(3, 2000 + kLifetime + 1), nullptr);  // any find forgets what is older
  EXPECT_EQ(map.size(), 0u);
}

TEST(ExpiringMap, PutForgetsOlderEntriesFirst) {
  ExpiringMap<uint16_t, int> map;
  map.put(1, 10, 0);
  map.put(2, 20, kLifetime + 1);
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(map.find(1, kLifetime + 1), nullptr);
}

TEST(ExpiringMap, AKeyPutAgainKeepsItsNewerEntry) {
  ExpiringMap<uint16_t, int> map;
  map.put(1, 10, 0);
  map.put(1, 11, 5000);
  EXPECT_EQ(map.size(), 1u);
  // The first put's time comes: the entry is the second put's.
  ASSERT_NE(map.find(1, kLifetime + 1), nullptr);
  EXPECT_EQ(*map.find(1, kLifetime + 5000), 11);
  EXPECT_EQ(map.find(1, kLifetime + 5001), nullptr);
  EXPECT_EQ(map.size(), 0u);
}

TEST(ExpiringMap, AKeyErasedAndPutAgainAtTheSameTimeExpiresOnce) {
  ExpiringMap<uint16_t, int> map;
  map.put(1, 10, 100);
  map.erase(1);
  map.put(1, 11, 100);
  std::vector<int> expired;
  map.expire(kLifetime + 101, [&](int& value) { expired.push_back(value); });
  EXPECT_EQ(expired, std::vector<int>{11});
  EXPECT_EQ(map.size(), 0u);
}

TEST(ExpiringMap, ExpireReportsExactlyTheExpiredEntries) {
  ExpiringMap<uint16_t, int> map;
  map.put(1, 10, 0);
  map.put(2, 20, 10);
  map.put(3, 30, 20);
  map.put(1, 11, 15);  // 1's first put is stale
  map.put(4, 40, 30);
  map.erase(3);
  std::vector<int> expired;
  const auto record = [&](int& value) { expired.push_back(value); };
  map.expire(kLifetime + 10, record);  // only what was put before 10
  EXPECT_TRUE(expired.empty());
  map.expire(kLifetime + 11, record);  // 1 at 0 (put again since), 2 at 10
  EXPECT_EQ(expired, std::vector<int>{20});
  EXPECT_EQ(map.size(), 2u);
  map.expire(kLifetime + 21, record);  // 1 at 15; 3 at 20 was erased
  EXPECT_EQ(expired, (std::vector<int>{20, 11}));
  EXPECT_EQ(map.size(), 1u);
  map.expire(kLifetime + 31);  // without on_expire
  EXPECT_EQ(map.size(), 0u);
  map.expire(kLifetime * 10, record);
  EXPECT_EQ(expired, (std::vector<int>{20, 11}));
}

coap::MessageIds with_token(std::vector<uint8_t> token) {
  coap::MessageData message;
  message.token = std::move(token);
  return coap::MessageIds::of(message);
}

TEST(ExpiringMap, TakesExchangeKeys) {
  using coap::ExchangeKey;
  const coap::FlowNumber flow = 4;
  const coap::FlowNumber reverse = 5;
  ExpiringMap<ExchangeKey, uint64_t, coap::ExchangeKeyHash> map;
  map.put(ExchangeKey::request_message_id(flow, 7), 1, 0);
  map.put(ExchangeKey::token(flow, with_token({0xca, 0xfe})), 2, 0);
  map.put(ExchangeKey::request_message_id(reverse, 7), 3, 0);
  EXPECT_EQ(*map.find(ExchangeKey::request_message_id(flow, 7), 0), 1u);
  EXPECT_EQ(*map.find(ExchangeKey::token(flow, with_token({0xca, 0xfe})), 0), 2u);
  EXPECT_EQ(*map.find(ExchangeKey::request_message_id(reverse, 7), 0), 3u);
  EXPECT_EQ(map.find(ExchangeKey::request_message_id(flow, 8), 0), nullptr);
  EXPECT_EQ(map.find(ExchangeKey::token(flow, with_token({0xca})), 0), nullptr);
}

TEST(ExpiringMap, CopiesAndMoves) {
  ExpiringMap<uint16_t, std::string> map;
  for (uint16_t key = 0; key < 20; ++key) map.put(key, std::to_string(key), key);
  const int64_t now_ns = kLifetime + 1;
  EXPECT_EQ(map.find(0, now_ns), nullptr);  // expired: the map's oldest put is no longer the first
  ExpiringMap<uint16_t, std::string> copy = map;
  copy.erase(3);
  EXPECT_EQ(map.size(), 19u);
  EXPECT_EQ(*map.find(3, now_ns), "3");
  ExpiringMap<uint16_t, std::string> moved = std::move(map);
  EXPECT_EQ(moved.size(), 19u);
  EXPECT_EQ(*moved.find(19, now_ns), "19");
  EXPECT_EQ(map.size(), 0u);  // NOLINT(bugprone-use-after-move): a moved-from map is empty
  EXPECT_EQ(map.find(19, now_ns), nullptr);
  map.put(7, "seven", now_ns);
  EXPECT_EQ(map.size(), 1u);
  EXPECT_EQ(*map.find(7, now_ns), "seven");
  copy = std::move(moved);
  EXPECT_EQ(copy.size(), 19u);
  std::vector<std::string> expired;
  copy.expire(kLifetime + 3, [&](std::string& value) { expired.push_back(value); });
  EXPECT_EQ(expired, (std::vector<std::string>{"1", "2"}));
}

// The inverse of mix64, which the map applies to every hash: a key whose Hash returns
// unmix64(h) starts its probe at h's low bits.
constexpr uint64_t inverse(uint64_t odd) {  // modulo 2^64, by Newton's iteration
  uint64_t x = odd;
  for (int i = 0; i < 6; ++i) x *= 2 - odd * x;
  return x;
}
constexpr uint64_t unshift_xor(uint64_t y, int shift) {  // the x with x ^ (x >> shift) == y
  uint64_t x = y;
  for (int s = shift; s < 64; s += shift) x ^= y >> s;
  return x;
}
constexpr uint64_t unmix64(uint64_t h) {
  h = unshift_xor(h, 31) * inverse(0x94d049bb133111ebull);
  h = unshift_xor(h, 27) * inverse(0xbf58476d1ce4e5b9ull);
  return unshift_xor(h, 30);
}
static_assert(mix64(unmix64(0x0123456789abcdefull)) == 0x0123456789abcdefull);
static_assert(mix64(unmix64(~0ull)) == ~0ull);

// A key with the hash it is told to have.
struct PlacedKey {
  int id = 0;
  uint64_t hash = 0;  // after mixing
  friend bool operator==(const PlacedKey& a, const PlacedKey& b) { return a.id == b.id; }
};
struct PlacedKeyHash {
  std::size_t operator()(const PlacedKey& key) const noexcept {
    return static_cast<std::size_t>(unmix64(key.hash));
  }
};

struct ConstantHash {
  std::size_t operator()(int) const noexcept { return 42; }
};

TEST(ExpiringMap, ErasingFromTheMiddleOfAChainKeepsTheRestFindable) {
  ExpiringMap<int, int, ConstantHash> map;  // one chain of every key
  for (int key = 0; key < 100; ++key) map.put(key, key * 10, 0);
  for (int key : {50, 0, 99, 51, 49, 25}) map.erase(key);
  EXPECT_EQ(map.size(), 94u);
  for (int key = 0; key < 100; ++key) {
    const int* value = map.find(key, 0);
    if (key == 50 || key == 0 || key == 99 || key == 51 || key == 49 || key == 25) {
      EXPECT_EQ(value, nullptr) << key;
    } else {
      ASSERT_NE(value, nullptr) << key;
      EXPECT_EQ(*value, key * 10);
    }
  }
  map.put(50, 500, 0);
  EXPECT_EQ(*map.find(50, 0), 500);
  EXPECT_EQ(*map.find(98, 0), 980);
}

TEST(ExpiringMap, ErasingInAChainThatWrapsAroundTheTable) {
  // Five keys fit the first 8 slots. Homes 6, 7, 6, 7, 0 fill slots 6, 7, 0, 1, 2: erasing the
  // first moves back the three that are past their home, and not the one at its home.
  const uint64_t last = ~0ull;  // home: the last slot, at any capacity
  ExpiringMap<PlacedKey, int, PlacedKeyHash> map;
  const std::vector<PlacedKey> keys{
      {1, last - 1}, {2, last}, {3, last - 1}, {4, last}, {5, 8}};  // 8: slot 0 of 8
  for (const PlacedKey& key : keys) map.put(key, key.id, 0);
  map.erase(keys[0]);
  for (std::size_t i = 1; i < keys.size(); ++i) EXPECT_EQ(*map.find(keys[i], 0), keys[i].id);
  map.erase(keys[1]);
  map.erase(keys[4]);
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(*map.find(keys[2], 0), 3);
  EXPECT_EQ(*map.find(keys[3], 0), 4);
  EXPECT_EQ(map.find(keys[0], 0), nullptr);
  EXPECT_EQ(map.find(keys[4], 0), nullptr);
}

// Random puts, finds, erases and expiries of `keys.count` keys on a clock that moves forward,
// checked against std::map after every operation, and every live key found at the end.
template <typename Keys>
void check_against_std_map(const Keys& keys, int operations, int64_t max_step_ns,
                           std::size_t bound) {
  std::mt19937_64 random(20240611);
  ExpiringMap<decltype(keys(0)), uint64_t, typename Keys::Hash> map;
  std::map<int, std::pair<uint64_t, int64_t>> model;  // by key number: value, time put
  std::set<std::pair<int64_t, int>> model_by_time;
  const auto model_erase = [&](int id) {
    const auto found = model.find(id);
    if (found == model.end()) return;
    model_by_time.erase({found->second.second, id});
    model.erase(found);
  };
  const auto model_expire = [&](int64_t now_ns) {
    std::size_t expired = 0;
    while (!model_by_time.empty() && model_by_time.begin()->first < now_ns - kLifetime) {
      model_erase(model_by_time.begin()->second);
      ++expired;
    }
    return expired;
  };
  int64_t now_ns = 0;
  std::size_t largest = 0;
  for (int i = 0; i < operations; ++i) {
    now_ns += static_cast<int64_t>(random() % static_cast<uint64_t>(max_step_ns + 1));
    const int id = static_cast<int>(random() % static_cast<uint64_t>(keys.count));
    const uint64_t value = random();
    switch (random() % 8) {
      case 0: {
        const uint64_t* found = map.find(keys(id), now_ns);
        model_expire(now_ns);
        const auto expected = model.find(id);
        ASSERT_EQ(found != nullptr, expected != model.end()) << i;
        if (found) {
          ASSERT_EQ(*found, expected->second.first) << i;
        }
        break;
      }
      case 1:
        map.erase(keys(id));
        model_erase(id);
        break;
      case 2: {
        std::size_t reported = 0;
        map.expire(now_ns, [&](uint64_t&) { ++reported; });
        ASSERT_EQ(reported, model_expire(now_ns)) << i;
        break;
      }
      default:
        ASSERT_EQ(map.put(keys(id), value, now_ns), value) << i;
        model_expire(now_ns);
        model_erase(id);
        model[id] = {value, now_ns};
        model_by_time.insert({now_ns, id});
    }
    ASSERT_EQ(map.size(), model.size()) << i;
    largest = std::max(largest, map.size());
  }
  EXPECT_LE(largest, bound);
  for (const auto& [id, entry] : model) {
    const uint64_t* found = map.find(keys(id), now_ns);
    ASSERT_NE(found, nullptr) << id;
    EXPECT_EQ(*found, entry.first) << id;
  }
}

// 8192 message IDs and tokens of 8 clients.
struct ExchangeKeys {
  using Hash = coap::ExchangeKeyHash;
  int count = 8192;
  coap::ExchangeKey operator()(int id) const {
    const auto flow = static_cast<coap::FlowNumber>(id % 8);
    const auto number = static_cast<uint16_t>(id / 8 % 512);
    return id < 4096
               ? coap::ExchangeKey::request_message_id(flow, number)
               : coap::ExchangeKey::token(flow, with_token({static_cast<uint8_t>(number),
                                                            static_cast<uint8_t>(number >> 8)}));
  }
};

TEST(ExpiringMap, AgreesWithStdMapOverAMillionOperations) {
  // About 1000 operations per EXCHANGE_LIFETIME: some keys come back while they live.
  check_against_std_map(ExchangeKeys{}, 1'000'000, 2 * kLifetime / 1000, 1200);
}

// 64 keys on four homes: the last two slots and the first two, at any capacity, so chains of
// different homes interleave and wrap around the table's end.
struct ClusteredKeys {
  using Hash = PlacedKeyHash;
  int count = 64;
  PlacedKey operator()(int id) const {
    static constexpr std::array<uint64_t, 4> kHashes = {~0ull, ~0ull - 1, 1, 2};
    return {id, kHashes[id % 4]};
  }
};

TEST(ExpiringMap, AgreesWithStdMapOnClusteredHashes) {
  check_against_std_map(ClusteredKeys{}, 200'000, kLifetime / 20, 64);
}

TEST(ExpiringMap, SizeStaysBoundedOverManyPutsOnAMovingClock) {
  ExpiringMap<uint16_t, uint32_t> map;
  const int64_t step = kLifetime / 1000;  // 1001 puts live at once, at most
  int64_t now_ns = 0;
  for (uint32_t i = 0; i < 1'000'000; ++i, now_ns += step) {
    map.put(static_cast<uint16_t>(i), i, now_ns);
    ASSERT_LE(map.size(), 1001u);
  }
  EXPECT_EQ(map.size(), 1001u);
  for (uint32_t i = 1'000'000 - 1001; i < 1'000'000; ++i)
    ASSERT_EQ(*map.find(static_cast<uint16_t>(i), now_ns - step), i);
}

// Counts its live instances, so a value lost, destroyed twice or left behind shows.
struct Tracked {
  static inline int live = 0;
  std::unique_ptr<int> value;  // movable only
  explicit Tracked(int v) : value(std::make_unique<int>(v)) { ++live; }
  Tracked(Tracked&& other) noexcept : value(std::move(other.value)) { ++live; }
  Tracked& operator=(Tracked&& other) noexcept {
    value = std::move(other.value);
    return *this;
  }
  Tracked(const Tracked&) = delete;
  Tracked& operator=(const Tracked&) = delete;
  ~Tracked() { --live; }
};

TEST(ExpiringMap, HoldsMovableOnlyValuesAndDestroysThem) {
  {
    ExpiringMap<int, Tracked, ConstantHash> map;  // every erase shifts entries back
    for (int key = 0; key < 40; ++key) {
      map.put(key, Tracked(key), key);
      ASSERT_EQ(Tracked::live, static_cast<int>(map.size()));
    }
    for (int key = 0; key < 40; key += 3) map.erase(key);
    map.put(1, Tracked(100), 50);
    EXPECT_EQ(Tracked::live, static_cast<int>(map.size()));
    for (int key = 0; key < 40; ++key) {
      const Tracked* found = map.find(key, 50);
      if (key % 3 == 0) {
        EXPECT_EQ(found, nullptr);
      } else {
        ASSERT_NE(found, nullptr);
        EXPECT_EQ(*found->value, key == 1 ? 100 : key);
      }
    }
    std::vector<int> expired;
    map.expire(kLifetime + 20, [&](Tracked& t) { expired.push_back(*t.value); });
    EXPECT_EQ(expired, (std::vector<int>{2, 4, 5, 7, 8, 10, 11, 13, 14, 16, 17, 19}));
    EXPECT_EQ(Tracked::live, static_cast<int>(map.size()));
    EXPECT_EQ(map.size(), 14u);
  }
  EXPECT_EQ(Tracked::live, 0);
}

TEST(ExpiringMap, HoldsOptionalMessages) {
  ExpiringMap<uint16_t, std::optional<coap::MessageData>> map;
  coap::MessageData message;
  message.message_id = 7;
  message.token = {1, 2, 3};
  map.put(7, message, 0);
  map.put(8, std::nullopt, 0);
  for (uint16_t id = 100; id < 200; ++id) map.put(id, message, 0);  // grows the table
  const std::optional<coap::MessageData>* found = map.find(7, 0);
  ASSERT_NE(found, nullptr);
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->token, message.token);
  ASSERT_NE(map.find(8, 0), nullptr);
  EXPECT_FALSE(*map.find(8, 0));
}

}  // namespace
}  // namespace lwm2m
