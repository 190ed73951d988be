#include "lwm2m/query.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace lwm2m {
namespace {

using Options = std::vector<std::string_view>;

QueryParam param(std::string_view option) {
  return parse_query({option}, Operation::kRegister).params.at(0);
}

std::optional<std::string> problem_of(std::string_view option) {
  return check_param_value(param(option));
}

// Parsing into a kept Query replaces what it held: the second request's parameters alone, with
// the repeats of that request only.
TEST(ParseQuery, IntoABufferReplacesItsParameters) {
  Query query;
  parse_query(Options{"ep=dev1", "ept=2", "lt=300", "b=U"}, Operation::kRegister, query);
  ASSERT_EQ(query.params.size(), 4u);
  parse_query(Options{"lt=60", "ep=dev2", "lt=90"}, Operation::kUpdate, query);
  ASSERT_EQ(query.params.size(), 3u);
  EXPECT_EQ(query.params[0].key, ParamKey::kLifetime);
  EXPECT_EQ(query.params[0].value, "60");
  EXPECT_FALSE(query.params[0].repeated);
  EXPECT_EQ(query.params[1].key, ParamKey::kEndpointName);
  EXPECT_EQ(query.params[1].value, "dev2");
  EXPECT_EQ(query.params[1].option_index, 1u);
  EXPECT_TRUE(query.params[1].known_for_operation);
  EXPECT_EQ(query.params[2].value, "90");
  EXPECT_TRUE(query.params[2].repeated);
  parse_query(Options{}, Operation::kRegister, query);
  EXPECT_TRUE(query.params.empty());
}

TEST(ParseQuery, OneParameterPerOption) {
  const Options options = {"ep=dev1", "ept=2", "lt=300", "lwm2m=1.1", "b=UQ", "Q", "sms=+4477"};
  const Query query = parse_query(options, Operation::kRegister);
  ASSERT_EQ(query.params.size(), 7u);
  const ParamKey keys[] = {
      ParamKey::kEndpointName, ParamKey::kEndpointNameType, ParamKey::kLifetime, ParamKey::kVersion,
      ParamKey::kBinding,      ParamKey::kQueueMode,        ParamKey::kSmsNumber};
  for (std::size_t i = 0; i < query.params.size(); ++i) {
    EXPECT_EQ(query.params[i].option_index, i);
    EXPECT_EQ(query.params[i].key, keys[i]) << i;
    EXPECT_TRUE(query.params[i].known_for_operation) << i;
    EXPECT_FALSE(query.params[i].repeated) << i;
  }
  EXPECT_EQ(query.params[0].name, "ep");
  EXPECT_EQ(query.params[0].value, "dev1");
  EXPECT_TRUE(query.params[0].has_value);
  EXPECT_EQ(query.params[0].value_offset, 3u);
  EXPECT_EQ(query.params[1].value, "2");
  EXPECT_EQ(query.params[1].value_offset, 4u);
  EXPECT_EQ(query.params[0].value.data(), options[0].data() + 3);  // a view, not a copy
}

TEST(ParseQuery, ParameterWithoutEquals) {
  const QueryParam q = param("Q");
  EXPECT_EQ(q.name, "Q");
  EXPECT_FALSE(q.has_value);
  EXPECT_EQ(q.value, "");
  EXPECT_EQ(q.value_offset, 1u);
}

TEST(ParseQuery, EmptyValueAfterEquals) {
  const QueryParam ep = param("ep=");
  EXPECT_EQ(ep.name, "ep");
  EXPECT_TRUE(ep.has_value);
  EXPECT_EQ(ep.value, "");
  EXPECT_EQ(ep.value_offset, 3u);
}

TEST(ParseQuery, ValueStartsAfterTheFirstEquals) {
  const QueryParam ep = param("ep=a=b");
  EXPECT_EQ(ep.name, "ep");
  EXPECT_EQ(ep.value, "a=b");
  EXPECT_EQ(ep.value_offset, 3u);
}

TEST(ParseQuery, NamesAreCaseSensitive) {
  const Query query = parse_query({"EP=x", "LT=5", "Ept=2", "ep=x"}, Operation::kRegister);
  EXPECT_EQ(query.params[0].key, ParamKey::kUnknown);
  EXPECT_EQ(query.params[1].key, ParamKey::kUnknown);
  EXPECT_EQ(query.params[2].key, ParamKey::kUnknown);
  EXPECT_EQ(query.params[3].key, ParamKey::kEndpointName);
  EXPECT_FALSE(query.params[0].known_for_operation);
  EXPECT_TRUE(query.params[3].known_for_operation);
}

TEST(ParseQuery, UnknownParameters) {
  const Query query = parse_query({"ep=x", "foo=bar", "", "=v"}, Operation::kRegister);
  ASSERT_EQ(query.params.size(), 4u);
  EXPECT_EQ(query.params[1].key, ParamKey::kUnknown);
  EXPECT_EQ(query.params[1].name, "foo");
  EXPECT_EQ(query.params[1].value, "bar");
  EXPECT_FALSE(query.params[1].known_for_operation);
  EXPECT_EQ(query.params[2].name, "");
  EXPECT_FALSE(query.params[2].has_value);
  EXPECT_EQ(query.params[3].name, "");
  EXPECT_EQ(query.params[3].value, "v");
  EXPECT_EQ(query.params[3].key, ParamKey::kUnknown);
}

TEST(ParseQuery, RepeatedParameters) {
  const Query query =
      parse_query({"ep=a", "foo=1", "ep=b", "foo=2", "ep=c", "lt=5"}, Operation::kRegister);
  const bool expected[] = {false, false, true, true, true, false};
  for (std::size_t i = 0; i < query.params.size(); ++i) {
    EXPECT_EQ(query.params[i].repeated, expected[i]) << i;
  }
  const QueryParam* ep = query.find(ParamKey::kEndpointName);
  ASSERT_NE(ep, nullptr);
  EXPECT_EQ(ep->value, "a");
  EXPECT_EQ(ep->option_index, 0u);
}

TEST(ParseQuery, FindReturnsNullWhenAbsent) {
  const Query query = parse_query({"ep=a"}, Operation::kRegister);
  EXPECT_EQ(query.find(ParamKey::kEndpointNameType), nullptr);
  EXPECT_EQ(Query{}.find(ParamKey::kEndpointName), nullptr);
}

// The seed's Table 16 (Register: ept, ep, lt, sms, lwm2m, q; Update: ept, ep, lt, sms, lwm2m; both
// the TS's b and Q), Table 17 with the seed's ept (ep, ept, pct).
TEST(ParseQuery, KnownParametersPerOperation) {
  const Options all = {"ep", "ept", "lt", "sms", "lwm2m", "b", "Q", "q", "pct", "x"};
  struct Case {
    Operation operation;
    std::vector<bool> known;  // in the order of `all`
  };
  const Case cases[] = {
      {Operation::kRegister, {true, true, true, true, true, true, true, true, false, false}},
      {Operation::kUpdate, {true, true, true, true, true, true, true, true, false, false}},
      {Operation::kBootstrapRequest,
       {true, true, false, false, false, false, false, false, true, false}},
      {Operation::kDeregister, std::vector<bool>(10, false)},
      {Operation::kBootstrapFinish, std::vector<bool>(10, false)},
      {Operation::kNone, std::vector<bool>(10, false)},
  };
  for (const Case& c : cases) {
    const Query query = parse_query(all, c.operation);
    ASSERT_EQ(query.params.size(), all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_EQ(query.params[i].known_for_operation, c.known[i])
          << operation_name(c.operation) << " " << all[i];
    }
  }
}

// A parameter is one Uri-Query option, `name=value`: CoAP's limit of 255 bytes (RFC 7252 Table 4)
// holds for both together. parse_query takes any length; check_query_option_size draws the line.
TEST(ParseQuery, OptionsOfTwoHundredFiftyFiveAndFiftySixBytes) {
  EXPECT_EQ(kMaxUriQueryOptionBytes, 255u);
  const std::string at_limit = "ep=" + std::string(252, 'n');
  const std::string over_limit = "ep=" + std::string(253, 'n');
  ASSERT_EQ(at_limit.size(), 255u);
  ASSERT_EQ(over_limit.size(), 256u);
  const Query query = parse_query({at_limit, over_limit}, Operation::kRegister);
  ASSERT_EQ(query.params.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(query.params[i].key, ParamKey::kEndpointName) << i;
    EXPECT_EQ(query.params[i].name, "ep") << i;
    EXPECT_EQ(query.params[i].value_offset, 3u) << i;
    EXPECT_TRUE(query.params[i].known_for_operation) << i;
  }
  EXPECT_EQ(query.params[0].value.size(), 252u);
  EXPECT_EQ(query.params[1].value.size(), 253u);
  EXPECT_FALSE(query.params[0].repeated);
  EXPECT_TRUE(query.params[1].repeated);
  EXPECT_EQ(check_query_option_size(at_limit), std::nullopt);
  EXPECT_EQ(check_query_option_size(over_limit), "256 bytes, the limit is 255");
  EXPECT_EQ(check_query_option_size(""), std::nullopt);  // 0 bytes is allowed
  EXPECT_EQ(check_query_option_size(std::string(70000, 'x')), "70000 bytes, the limit is 255");
}

// A value's own rules do not depend on the option's size: a 256-byte lifetime of leading zeros is
// still the lifetime 300; only the option is too long to send.
TEST(ParseQuery, OverLongOptionKeepsItsValueRules) {
  const std::string lifetime = "lt=" + std::string(250, '0') + "300";
  ASSERT_EQ(lifetime.size(), 256u);
  const QueryParam lt = param(lifetime);
  EXPECT_EQ(lt.key, ParamKey::kLifetime);
  EXPECT_EQ(check_param_value(lt), std::nullopt);
  EXPECT_EQ(parse_lifetime(lt.value), 300u);
  EXPECT_EQ(check_query_option_size(lifetime), "256 bytes, the limit is 255");
}

TEST(ParamKeyName, NamesEveryKey) {
  EXPECT_EQ(param_key_name(ParamKey::kEndpointName), "ep");
  EXPECT_EQ(param_key_name(ParamKey::kEndpointNameType), "ept");
  EXPECT_EQ(param_key_name(ParamKey::kLifetime), "lt");
  EXPECT_EQ(param_key_name(ParamKey::kSmsNumber), "sms");
  EXPECT_EQ(param_key_name(ParamKey::kVersion), "lwm2m");
  EXPECT_EQ(param_key_name(ParamKey::kBinding), "b");
  EXPECT_EQ(param_key_name(ParamKey::kQueueMode), "Q");
  EXPECT_EQ(param_key_name(ParamKey::kPreferredContentType), "pct");
  EXPECT_EQ(param_key_name(ParamKey::kUnknown), "");
}

TEST(ParamKey, FromItsName) {
  EXPECT_EQ(param_key("ep"), ParamKey::kEndpointName);
  EXPECT_EQ(param_key("ept"), ParamKey::kEndpointNameType);
  EXPECT_EQ(param_key("lt"), ParamKey::kLifetime);
  EXPECT_EQ(param_key("sms"), ParamKey::kSmsNumber);
  EXPECT_EQ(param_key("lwm2m"), ParamKey::kVersion);
  EXPECT_EQ(param_key("b"), ParamKey::kBinding);
  EXPECT_EQ(param_key("Q"), ParamKey::kQueueMode);
  EXPECT_EQ(param_key("pct"), ParamKey::kPreferredContentType);
}

// The seed's Table 16 writes queue mode "q", the TS "Q": both name it. Its name stays "Q".
TEST(ParamKey, SeedsLowerCaseQIsQueueModeToo) {
  EXPECT_EQ(param_key("q"), ParamKey::kQueueMode);
  EXPECT_EQ(param_key_name(param_key("q")), "Q");
}

TEST(ParamKey, OtherNamesAreUnknown) {
  EXPECT_EQ(param_key(""), ParamKey::kUnknown);
  EXPECT_EQ(param_key("EP"), ParamKey::kUnknown);  // names are case-sensitive
  EXPECT_EQ(param_key("Ept"), ParamKey::kUnknown);
  EXPECT_EQ(param_key("LWM2M"), ParamKey::kUnknown);
  EXPECT_EQ(param_key("B"), ParamKey::kUnknown);
  EXPECT_EQ(param_key("qq"), ParamKey::kUnknown);
  EXPECT_EQ(param_key("ep="), ParamKey::kUnknown);
  EXPECT_EQ(param_key("xtra"), ParamKey::kUnknown);
}

TEST(CheckParamValue, Lifetime) {
  EXPECT_EQ(problem_of("lt=86400"), std::nullopt);
  EXPECT_EQ(problem_of("lt=1"), std::nullopt);
  EXPECT_EQ(problem_of("lt=4294967295"), std::nullopt);
  EXPECT_EQ(problem_of("lt=abc"), "lifetime 'abc' is not a decimal number");
  EXPECT_EQ(problem_of("lt=-1"), "lifetime '-1' is not a decimal number");
  EXPECT_EQ(problem_of("lt=0"), "lifetime 0 is outside 1-4294967295");
  EXPECT_EQ(problem_of("lt=4294967296"), "lifetime 4294967296 is outside 1-4294967295");
  EXPECT_EQ(problem_of("lt=99999999999"), "lifetime 99999999999 is outside 1-4294967295");
  EXPECT_EQ(problem_of("lt=123456789012345678901234"),
            "lifetime '123456789012345678901234' is outside 1-4294967295");
  EXPECT_EQ(problem_of("lt="), "lifetime is empty");
  EXPECT_EQ(problem_of("lt"), "lifetime is empty");
}

TEST(CheckParamValue, SmsNumber) {
  EXPECT_EQ(problem_of("sms=+447700900123"), std::nullopt);
  EXPECT_EQ(problem_of("sms=447700900123"), std::nullopt);
  EXPECT_EQ(problem_of("sms=123456789012345"), std::nullopt);
  EXPECT_EQ(problem_of("sms=12a"), "SMS number '12a' is not 1-15 digits with an optional '+'");
  EXPECT_EQ(problem_of("sms=1234567890123456"),
            "SMS number '1234567890123456' is not 1-15 digits with an optional '+'");
  EXPECT_EQ(problem_of("sms=+"), "SMS number '+' is not 1-15 digits with an optional '+'");
  EXPECT_EQ(problem_of("sms="), "SMS number '' is not 1-15 digits with an optional '+'");
}

TEST(CheckParamValue, Version) {
  EXPECT_EQ(problem_of("lwm2m=1.0"), std::nullopt);
  EXPECT_EQ(problem_of("lwm2m=1.1"), std::nullopt);
  EXPECT_EQ(problem_of("lwm2m=10.12"), std::nullopt);
  EXPECT_EQ(problem_of("lwm2m=1"), "version '1' is not of the form major.minor");
  EXPECT_EQ(problem_of("lwm2m=1."), "version '1.' is not of the form major.minor");
  EXPECT_EQ(problem_of("lwm2m=.1"), "version '.1' is not of the form major.minor");
  EXPECT_EQ(problem_of("lwm2m=v1.0"), "version 'v1.0' is not of the form major.minor");
  EXPECT_EQ(problem_of("lwm2m=1.0.1"), "version '1.0.1' is not of the form major.minor");
}

TEST(CheckParamValue, Binding) {
  for (const char* option :
       {"b=U", "b=S", "b=T", "b=N", "b=Q", "b=UQ", "b=SQ", "b=UQS", "b=US", "b=UN"}) {
    EXPECT_EQ(problem_of(option), std::nullopt) << option;
  }
  EXPECT_EQ(problem_of("b=X"), "binding 'X' has an unknown mode 'X'");
  EXPECT_EQ(problem_of("b=UX"), "binding 'UX' has an unknown mode 'X'");
  EXPECT_EQ(problem_of("b=u"), "binding 'u' has an unknown mode 'u'");
  EXPECT_EQ(problem_of("b=UU"), "binding 'UU' repeats the mode 'U'");
  EXPECT_EQ(problem_of("b="), "binding is empty");
}

TEST(CheckParamValue, QueueModeTakesNoValue) {
  EXPECT_EQ(problem_of("Q"), std::nullopt);
  EXPECT_EQ(problem_of("Q=1"), "queue mode 'Q' takes no value");
  EXPECT_EQ(problem_of("Q="), "queue mode 'Q' takes no value");
}

TEST(CheckParamValue, SeedsQueueModeTakesNoValueEither) {
  EXPECT_EQ(problem_of("q"), std::nullopt);
  EXPECT_EQ(problem_of("q=1"), "queue mode 'q' takes no value");
  EXPECT_EQ(problem_of("q="), "queue mode 'q' takes no value");
}

TEST(CheckParamValue, PreferredContentType) {
  EXPECT_EQ(problem_of("pct=11543"), std::nullopt);
  EXPECT_EQ(problem_of("pct=0"), std::nullopt);
  EXPECT_EQ(problem_of("pct=65535"), std::nullopt);
  EXPECT_EQ(problem_of("pct=65536"), "content format 65536 is outside 0-65535");
  EXPECT_EQ(problem_of("pct=abc"), "content format 'abc' is not a decimal number");
  EXPECT_EQ(problem_of("pct="), "content format is empty");
}

TEST(CheckParamValue, EndpointAndUnknownParametersAreNotCheckedHere) {
  EXPECT_EQ(problem_of("ep=\n"), std::nullopt);
  EXPECT_EQ(problem_of("ept=abc"), std::nullopt);
  EXPECT_EQ(problem_of("foo=\x01"), std::nullopt);
}

TEST(ParseLifetime, ValidValues) {
  EXPECT_EQ(parse_lifetime("86400"), 86400u);
  EXPECT_EQ(parse_lifetime("1"), 1u);
  EXPECT_EQ(parse_lifetime("0030"), 30u);
  EXPECT_EQ(parse_lifetime("4294967295"), 4294967295u);
}

TEST(ParseLifetime, InvalidValues) {
  for (const char* value :
       {"", "0", "4294967296", "99999999999999999999999", "abc", "+5", " 5", "5s"}) {
    EXPECT_EQ(parse_lifetime(value), std::nullopt) << value;
  }
}

}  // namespace
}  // namespace lwm2m

namespace lwm2m {
namespace {

// A hostile request may carry tens of thousands of Uri-Query options: repeated names are still
// found, and in linear time (a quadratic scan took seconds here; ctest's timeout bounds this test).
TEST(ParseQuery, ManyParametersAreCheckedForRepeatsInLinearTime) {
  std::vector<std::string> storage;
  const std::size_t count = 400000;
  storage.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    storage.push_back("p" + std::to_string(i % (count / 2)) + "=v");
  }
  std::vector<std::string_view> options(storage.begin(), storage.end());
  Query query = parse_query(options, Operation::kRegister);
  ASSERT_EQ(query.params.size(), count);
  EXPECT_FALSE(query.params[0].repeated);
  EXPECT_FALSE(query.params[count / 2 - 1].repeated);
  EXPECT_TRUE(query.params[count / 2].repeated);
  EXPECT_TRUE(query.params[count - 1].repeated);
}

// Table 3, Table 16 with the seed's Update (which may carry ept and ep), Table 17.
TEST(TakesParameter, EachOperationTakesItsTablesParameters) {
  EXPECT_TRUE(takes_parameter(Operation::kRegister, ParamKey::kEndpointName));
  EXPECT_TRUE(takes_parameter(Operation::kRegister, ParamKey::kQueueMode));
  EXPECT_FALSE(takes_parameter(Operation::kRegister, ParamKey::kPreferredContentType));
  EXPECT_TRUE(takes_parameter(Operation::kUpdate, ParamKey::kEndpointName));
  EXPECT_TRUE(takes_parameter(Operation::kUpdate, ParamKey::kEndpointNameType));
  EXPECT_TRUE(takes_parameter(Operation::kUpdate, ParamKey::kVersion));
  EXPECT_TRUE(takes_parameter(Operation::kBootstrapRequest, ParamKey::kPreferredContentType));
  EXPECT_FALSE(takes_parameter(Operation::kBootstrapRequest, ParamKey::kLifetime));
  for (const ParamKey key : {ParamKey::kEndpointName, ParamKey::kEndpointNameType,
                             ParamKey::kLifetime, ParamKey::kUnknown}) {
    EXPECT_FALSE(takes_parameter(Operation::kDeregister, key));
    EXPECT_FALSE(takes_parameter(Operation::kBootstrapFinish, key));
    EXPECT_FALSE(takes_parameter(Operation::kNone, key));
  }
}

// The seed's Table 16: Register ("Write Uplink") takes ept, ep, lt, sms, lwm2m and q; Update
// ept, ep, lt, sms and lwm2m; both keep the TS's b and Q.
TEST(TakesParameter, SeedsRegisterRow) {
  const Query query = parse_query({"ept=2", "ep=urn:imei:490154203237518", "lt=300",
                                   "sms=+447700900123", "lwm2m=1.1", "q", "b=U"},
                                  Operation::kRegister);
  ASSERT_EQ(query.params.size(), 7u);
  for (const QueryParam& param : query.params) {
    EXPECT_NE(param.key, ParamKey::kUnknown) << param.name;
    EXPECT_TRUE(param.known_for_operation) << param.name;
    EXPECT_FALSE(param.repeated) << param.name;
    EXPECT_EQ(check_param_value(param), std::nullopt) << param.name;
  }
  EXPECT_EQ(query.params[5].key, ParamKey::kQueueMode);
  EXPECT_EQ(query.find(ParamKey::kQueueMode), &query.params[5]);
}

TEST(TakesParameter, SeedsUpdateRow) {
  const Query query = parse_query({"ept=2", "ep=urn:imei:490154203237518", "lt=300",
                                   "sms=+447700900123", "lwm2m=1.1", "b=U", "Q", "q"},
                                  Operation::kUpdate);
  ASSERT_EQ(query.params.size(), 8u);
  for (const QueryParam& param : query.params) {
    EXPECT_TRUE(param.known_for_operation) << param.name;
  }
  EXPECT_TRUE(takes_parameter(Operation::kUpdate, ParamKey::kVersion));
  EXPECT_TRUE(takes_parameter(Operation::kUpdate, ParamKey::kQueueMode));
  EXPECT_FALSE(takes_parameter(Operation::kUpdate, ParamKey::kPreferredContentType));
}

// De-register and Bootstrap-Finish take no parameter; Bootstrap-Request (Table 17, with the
// seed's ept) takes ep, ept and pct only.
TEST(TakesParameter, QueueModeAndVersionStayUnknownElsewhere) {
  for (const Operation operation :
       {Operation::kDeregister, Operation::kBootstrapFinish, Operation::kBootstrapRequest}) {
    const Query query = parse_query({"q", "Q", "lwm2m=1.1"}, operation);
    for (const QueryParam& param : query.params) {
      EXPECT_NE(param.key, ParamKey::kUnknown) << param.name;
      EXPECT_FALSE(param.known_for_operation) << param.name;
    }
  }
  EXPECT_TRUE(takes_parameter(Operation::kBootstrapRequest, ParamKey::kEndpointNameType));
  EXPECT_FALSE(takes_parameter(Operation::kBootstrapRequest, ParamKey::kVersion));
  EXPECT_FALSE(takes_parameter(Operation::kBootstrapRequest, ParamKey::kQueueMode));
}

// The first occurrence of a parameter is the one that counts; later ones are repeats, "q" after
// "Q" too (one parameter, two spellings).
TEST(ParseQuery, FirstOccurrenceCountsAndLaterOnesAreRepeats) {
  const Query query = parse_query({"ep=first", "Q", "ep=second", "q", "lt=1", "lt=2", "x", "x"},
                                  Operation::kRegister);
  EXPECT_EQ(query.find(ParamKey::kEndpointName)->value, "first");
  EXPECT_EQ(query.find(ParamKey::kQueueMode)->name, "Q");
  EXPECT_EQ(query.find(ParamKey::kLifetime)->value, "1");
  const bool repeated[] = {false, false, true, true, false, true, false, true};
  ASSERT_EQ(query.params.size(), 8u);
  for (std::size_t i = 0; i < query.params.size(); ++i) {
    EXPECT_EQ(query.params[i].repeated, repeated[i]) << i;
  }
}

// The same with more options than the scan handles (the set path of parse_query).
TEST(ParseQuery, RepeatsOfBothQueueSpellingsInALongQuery) {
  std::vector<std::string> storage;
  for (int i = 0; i < 20; ++i) storage.push_back("p" + std::to_string(i));
  storage.push_back("q");
  storage.push_back("Q");
  storage.push_back("p3");
  const std::vector<std::string_view> options(storage.begin(), storage.end());
  const Query query = parse_query(options, Operation::kRegister);
  ASSERT_EQ(query.params.size(), 23u);
  EXPECT_FALSE(query.params[20].repeated);
  EXPECT_TRUE(query.params[21].repeated);
  EXPECT_TRUE(query.params[22].repeated);
  EXPECT_EQ(query.find(ParamKey::kQueueMode)->name, "q");
}

// param_key finds its one candidate by size and first letter: every name (ParamKey.FromItsName,
// and the seed's lower-case q here), and no near miss.
TEST(ParamKey, EveryNameAndNoNearMiss) {
  EXPECT_EQ(param_key("q"), ParamKey::kQueueMode);
  for (const char* name :
       {"",     "e",     "E",      "Ep", "eP", "eq", "epp", "ep ",  "ept=", "l",       "lw",
        "lwm2", "lwm2M", "lwm2mm", "B",  "bb", "QQ", "pcT", "sms1", "sm",   "\xC3\xA9"}) {
    EXPECT_EQ(param_key(name), ParamKey::kUnknown) << name;
  }
}

}  // namespace
}  // namespace lwm2m
