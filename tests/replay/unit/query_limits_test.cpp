#include "rewrite/query_limits.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lwm2m::replay {
namespace {

const std::string kName = "urn:imei:490154203237518";  // 24 bytes

SurveyClient client(const std::string& address, const std::string& name) {
  SurveyClient c;
  c.address = *net::TransportAddress::parse(address);
  c.server = *net::TransportAddress::parse("10.0.0.1:5683");
  c.endpoint_name = name;
  return c;
}

// Two named clients and one whose Register the capture does not hold (no name).
Survey three_clients() {
  Survey survey;
  survey.clients = {client("10.0.0.11:49153", kName),
                    client("10.0.0.12:49153", "urn:dev:ops:32473-Limits-2"),
                    client("10.0.0.13:49153", "")};
  return survey;
}

const std::vector<std::size_t> kAll = {0, 1, 2};

QueryRules suffix(const std::string& text) {
  QueryRules rules;
  rules.ep_suffix = text;
  return rules;
}

TEST(QueryLimits, NothingRewrittenNothingToSay) {
  const QueryLimits limits = check_query_limits(three_clients(), kAll, QueryRules{}, 0);
  EXPECT_EQ(limits.refusal, "");
  EXPECT_TRUE(limits.warnings.empty());
}

// The name rule: 63 bytes pass, 64 bytes are sent with a warning, once per client (the second
// client's name is 2 bytes longer; the third has none to append the suffix to).
TEST(QueryLimits, EpOfSixtyFourBytesIsWarnedAboutOncePerClient) {
  const std::string to_63(63 - kName.size(), 's');  // 39 bytes of suffix
  EXPECT_TRUE(check_query_limits(three_clients(), {0}, suffix(to_63), 0).warnings.empty());
  const QueryLimits limits = check_query_limits(three_clients(), kAll, suffix(to_63 + "s"), 0);
  EXPECT_EQ(limits.refusal, "");
  const std::vector<std::string> expected = {
      kName + ": the rewritten ep '" + kName + to_63 +
          "s' is 64 bytes, the limit is 63 (Endpoint Client Name); sent anyway",
      "urn:dev:ops:32473-Limits-2: the rewritten ep 'urn:dev:ops:32473-Limits-2" + to_63 +
          "s' is 66 bytes, the limit is 63 (Endpoint Client Name); sent anyway"};
  EXPECT_EQ(limits.warnings, expected);
}

// --clients N appends -1 ... -N: the longest name is copy N's, and one warning names it.
TEST(QueryLimits, CopiesAreJudgedByTheLongestName) {
  const std::string suffix_61 = std::string(61 - kName.size(), 's');
  // "-9": 63 bytes; "-10": 64 bytes.
  EXPECT_TRUE(check_query_limits(three_clients(), {0}, suffix(suffix_61), 9).warnings.empty());
  const QueryLimits limits = check_query_limits(three_clients(), {0}, suffix(suffix_61), 10);
  EXPECT_EQ(limits.warnings,
            std::vector<std::string>{kName + ": the rewritten ep of copy 10 (the longest) '" +
                                     kName + suffix_61 +
                                     "-10' is 64 bytes, the limit is 63 (Endpoint Client Name); "
                                     "sent anyway"});
}

// CoAP's limit: an ep option of 255 bytes is sent (with the name warning), 256 bytes refused.
TEST(QueryLimits, EpOptionOfTwoHundredFiftySixBytesIsRefused) {
  const std::string to_255(255 - 3 - kName.size(), 'x');  // "ep=" + name + suffix = 255
  const QueryLimits at_limit = check_query_limits(three_clients(), {0}, suffix(to_255), 0);
  EXPECT_EQ(at_limit.refusal, "");
  EXPECT_EQ(at_limit.warnings.size(), 1u);
  const QueryLimits over = check_query_limits(three_clients(), kAll, suffix(to_255 + "x"), 0);
  EXPECT_EQ(over.refusal,
            kName +
                ": the rewritten Uri-Query option 'ep=urn:imei:490154203237518xxxxxxxxxxxxx...' "
                "would be 256 bytes, the limit is 255 (RFC 7252 §5.10); nothing was sent");
  EXPECT_TRUE(over.warnings.empty());
}

TEST(QueryLimits, CopyNumberCanTipTheOptionOver) {
  const std::string to_253(253 - 3 - kName.size(), 'x');  // with "-9": 255 bytes
  EXPECT_EQ(check_query_limits(three_clients(), {0}, suffix(to_253), 9).refusal, "");
  EXPECT_EQ(check_query_limits(three_clients(), {0}, suffix(to_253), 10).refusal,
            kName +
                ": the rewritten Uri-Query option of copy 10 (the longest) "
                "'ep=urn:imei:490154203237518xxxxxxxxxxxxx...' would be 256 bytes, the limit is "
                "255 (RFC 7252 §5.10); nothing was sent");
}

// --set NAME=VALUE is one option on every client: refused for all, named by its parameter.
TEST(QueryLimits, SetParameterOverTheLimitIsRefused) {
  QueryRules rules;
  rules.set = {{"lt", std::string(252, '0')}};  // "lt=" + 252 bytes: 255
  EXPECT_EQ(check_query_limits(three_clients(), kAll, rules, 0).refusal, "");
  rules.set = {{"lt", std::string(253, '0')}};
  EXPECT_EQ(check_query_limits(three_clients(), kAll, rules, 0).refusal,
            "--set lt: the rewritten Uri-Query option "
            "'lt=0000000000000000000000000000000000000...' would be 256 bytes, the limit is 255 "
            "(RFC 7252 §5.10); nothing was sent");
}

// --set ep=NAME gives every client that name (with the suffix): the client without a captured
// name gets it too, and is named by its address.
TEST(QueryLimits, SetEpReachesClientsWithoutACapturedName) {
  QueryRules rules;
  rules.set = {{"ep", std::string(64, 'n')}};
  const QueryLimits limits = check_query_limits(three_clients(), {2}, rules, 0);
  EXPECT_EQ(limits.warnings,
            std::vector<std::string>{"10.0.0.13:49153: the rewritten ep '" + std::string(64, 'n') +
                                     "' is 64 bytes, the limit is 63 (Endpoint Client Name); "
                                     "sent anyway"});
  rules.set = {{"ep", std::string(253, 'n')}};
  EXPECT_EQ(check_query_limits(three_clients(), {2}, rules, 0).refusal,
            "10.0.0.13:49153: the rewritten Uri-Query option "
            "'ep=nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn...' would be 256 bytes, the limit is 255 "
            "(RFC 7252 §5.10); nothing was sent");
}

// A suffix without a name to append it to changes nothing; --drop ep sends no name at all.
TEST(QueryLimits, NoNameNoCheck) {
  const std::string long_suffix(300, 'x');
  EXPECT_EQ(check_query_limits(three_clients(), {2}, suffix(long_suffix), 0).refusal, "");
  QueryRules dropped = suffix(long_suffix);
  dropped.drop = {"ep"};
  const QueryLimits limits = check_query_limits(three_clients(), kAll, dropped, 0);
  EXPECT_EQ(limits.refusal, "");
  EXPECT_TRUE(limits.warnings.empty());
}

// Only the selected clients are judged, in their order.
TEST(QueryLimits, OneWarningPerSelectedClientInOrder) {
  const QueryLimits limits =
      check_query_limits(three_clients(), {1, 0}, suffix(std::string(40, 's')), 0);
  ASSERT_EQ(limits.warnings.size(), 2u);
  EXPECT_EQ(limits.warnings[0].rfind("urn:dev:ops:32473-Limits-2: ", 0), 0u) << limits.warnings[0];
  EXPECT_EQ(limits.warnings[1].rfind(kName + ": ", 0), 0u) << limits.warnings[1];
}

// A name that is not printable is shown escaped, and a cut never splits a UTF-8 sequence.
TEST(QueryLimits, RefusalShowsNamesPrintably) {
  Survey survey;
  survey.clients = {client("10.0.0.11:49153", std::string(36, 'a') + "\xc3\xa9\n")};
  const QueryLimits limits = check_query_limits(survey, {0}, suffix(std::string(300, 'z')), 0);
  EXPECT_EQ(limits.refusal,
            std::string(36, 'a') +
                "\xc3\xa9\\x0A: the rewritten Uri-Query option 'ep=" + std::string(36, 'a') +
                "...' would be 342 bytes, the limit is 255 (RFC 7252 §5.10); "
                "nothing was sent");
}

}  // namespace
}  // namespace lwm2m::replay
