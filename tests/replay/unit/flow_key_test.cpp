// FlowId: the keys that match requests and responses.
#include "exchanges/flow_key.h"

#include <gtest/gtest.h>

#include <unordered_set>

namespace lwm2m::replay {
namespace {

TEST(FlowId, MessageIdsAndTokensOfAFlowAreDistinctKeys) {
  const FlowNumber flow = 6;
  const FlowNumber other = 7;
  // The same number as a message ID and as a one- or two-byte token: three different keys.
  const FlowId mid = FlowId::message_id(flow, 0x0102);
  const FlowId token2 = FlowId::token(flow, {0x02, 0x01});
  const FlowId token1 = FlowId::token(flow, {0x01});
  EXPECT_EQ(mid.value, token2.value);
  EXPECT_FALSE(mid == token2);
  EXPECT_FALSE(FlowId::token(flow, {}) == FlowId::token(flow, {0x00}));
  EXPECT_FALSE(token1 == FlowId::message_id(flow, 1));
  // Another flow's key is another key.
  EXPECT_FALSE(mid == FlowId::message_id(other, 0x0102));
  // Equal keys made apart are equal and hash alike.
  EXPECT_TRUE(mid == FlowId::message_id(6, 0x0102));
  EXPECT_EQ(FlowIdHash{}(mid), FlowIdHash{}(FlowId::message_id(6, 0x0102)));
  std::unordered_set<FlowId, FlowIdHash> keys{
      mid, token2, token1, FlowId::token(flow, {}), FlowId::message_id(other, 0x0102), mid};
  EXPECT_EQ(keys.size(), 5u);
}

}  // namespace
}  // namespace lwm2m::replay
