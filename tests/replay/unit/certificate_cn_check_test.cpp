#include "rewrite/certificate_cn_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace lwm2m::replay {
namespace {

const std::string kImei = "urn:imei:490154203237518";

SurveyClient client(const std::string& address, const std::string& ep, const std::string& ept,
                    Operation named_by = Operation::kRegister) {
  SurveyClient c;
  c.address = *net::TransportAddress::parse(address);
  c.server = *net::TransportAddress::parse("10.0.0.1:5684");
  c.endpoint_name = ep;
  c.endpoint_type = ept;
  c.has_endpoint_type = !ept.empty();
  c.named_by = ep.empty() ? Operation::kNone : named_by;
  return c;
}

// A URN client with ept 2, an OUI client with ept 1, and one whose Register the capture lacks.
Survey three_clients() {
  Survey survey;
  survey.clients = {client("10.0.0.11:49153", kImei, "2"),
                    client("10.0.0.12:49153", "00A0C6-Router-SN1", "1"),
                    client("10.0.0.13:49153", "", "")};
  return survey;
}

CertificateName certificate(const std::string& cn, unsigned cn_count = 1) {
  return CertificateName{"client.pem", cn, cn_count};
}

TEST(CertificateCnCheck, ACnThatNamesTheRegisterPasses) {
  const CnCheck check =
      check_certificate_cn(three_clients(), {0, 2}, QueryRules{}, 0, certificate("2:" + kImei));
  EXPECT_TRUE(check.ok());
  EXPECT_TRUE(cn_check_lines(check, false).empty());
}

// Core's rule decides: the canonical form of a URN name matches ("URN:IMEI:..." in the CN).
TEST(CertificateCnCheck, TheNameRuleIsCoresSameEndpointName) {
  const CnCheck check = check_certificate_cn(three_clients(), {0}, QueryRules{}, 0,
                                             certificate("2:URN:IMEI:490154203237518"));
  EXPECT_TRUE(check.ok());
}

// One line per client, in order, each naming both; the client without a Register is not judged.
TEST(CertificateCnCheck, EachClientTheCnDoesNotNameGetsOneLine) {
  const CnCheck check = check_certificate_cn(three_clients(), {0, 1, 2}, QueryRules{}, 0,
                                             certificate("1:00A0C6-Router-SN1"));
  EXPECT_TRUE(check.certificate_problems.empty());
  const std::vector<std::string> expected = {
      kImei +
      ": the certificate's CN has ept 1, ep=00A0C6-Router-SN1; the Register sends ept 2, "
      "ep=" +
      kImei};
  EXPECT_EQ(check.mismatches, expected);
  EXPECT_EQ(cn_check_lines(check, false),
            std::vector<std::string>{expected[0] +
                                     "; nothing was sent (--allow-cn-mismatch sends it anyway)"});
  EXPECT_EQ(
      cn_check_lines(check, true),
      std::vector<std::string>{"warning: " + expected[0] + "; sent anyway (--allow-cn-mismatch)"});
}

// The check looks at the Register as the rewriting makes it.
TEST(CertificateCnCheck, TheRewrittenRegisterIsJudged) {
  QueryRules suffixed;
  suffixed.ep_suffix = "-lab";
  EXPECT_EQ(
      check_certificate_cn(three_clients(), {0}, suffixed, 0, certificate("2:" + kImei)).mismatches,
      std::vector<std::string>{kImei + ": the certificate's CN has ept 2, ep=" + kImei +
                               "; the Register sends ept 2, ep=" + kImei + "-lab"});
  EXPECT_TRUE(
      check_certificate_cn(three_clients(), {0}, suffixed, 0, certificate("2:" + kImei + "-lab"))
          .ok());

  QueryRules dropped;
  dropped.drop = {"ept"};
  EXPECT_EQ(
      check_certificate_cn(three_clients(), {0}, dropped, 0, certificate("2:" + kImei)).mismatches,
      std::vector<std::string>{kImei + ": the certificate's CN has ept 2, ep=" + kImei +
                               "; the Register sends no ept, ep=" + kImei});

  QueryRules set;
  set.set = {{"ept", "1"}, {"ep", "00A0C6-Router-SN1"}};
  EXPECT_TRUE(
      check_certificate_cn(three_clients(), {0}, set, 0, certificate("1:00A0C6-Router-SN1")).ok());
}

// Every copy of --clients N sends its own ep: one certificate names at most one of them.
TEST(CertificateCnCheck, CopiesAreCountedAndTheFirstThatDiffersIsNamed) {
  const CnCheck none =
      check_certificate_cn(three_clients(), {0}, QueryRules{}, 3, certificate("2:" + kImei));
  EXPECT_EQ(none.mismatches,
            std::vector<std::string>{
                kImei + ": the certificate's CN has ept 2, ep=" + kImei +
                "; the Register of copy 1 sends ept 2, ep=" + kImei +
                "-1; so do 2 more of its 3 copies (--clients gives every copy its own ep: one "
                "certificate names at most one)"});
  const CnCheck one =
      check_certificate_cn(three_clients(), {0}, QueryRules{}, 3, certificate("2:" + kImei + "-1"));
  EXPECT_EQ(one.mismatches,
            std::vector<std::string>{
                kImei + ": the certificate's CN has ept 2, ep=" + kImei +
                "-1; the Register of copy 2 sends ept 2, ep=" + kImei +
                "-2; so do 1 more of its 3 copies (--clients gives every copy its own ep: one "
                "certificate names at most one)"});
  EXPECT_TRUE(
      check_certificate_cn(three_clients(), {0}, QueryRules{}, 1, certificate("2:" + kImei + "-1"))
          .ok());
}

// A CN that is not "<ept>:<ep>" is said once, before the clients it cannot name.
TEST(CertificateCnCheck, ACnWithoutTypeIsACertificateProblem) {
  const CnCheck check =
      check_certificate_cn(three_clients(), {0}, QueryRules{}, 0, certificate(kImei));
  EXPECT_EQ(check.certificate_problems,
            std::vector<std::string>{
                "--cert client.pem: CN '" + kImei +
                "' has no type: the seed wants '<ept>:<ep>', e.g. '2:" + kImei + "'"});
  const std::vector<std::string> expected = {
      "--cert client.pem: CN '" + kImei +
          "' has no type: the seed wants '<ept>:<ep>', e.g. '2:" + kImei + "'",
      kImei + ": the certificate's CN has no type, ep=" + kImei +
          "; the Register sends ept 2, ep=" + kImei +
          "; nothing was sent (--allow-cn-mismatch sends it anyway)"};
  EXPECT_EQ(cn_check_lines(check, false), expected);
}

TEST(CertificateCnCheck, SeveralCommonNamesAreACertificateProblemEvenWhenTheFirstMatches) {
  const CnCheck check =
      check_certificate_cn(three_clients(), {0}, QueryRules{}, 0, certificate("2:" + kImei, 2));
  EXPECT_TRUE(check.mismatches.empty());
  EXPECT_EQ(cn_check_lines(check, false),
            std::vector<std::string>{
                "--cert client.pem: the Subject has 2 Common Names; the seed wants one, "
                "'<ept>:<ep>' (this check read the first); nothing was sent "
                "(--allow-cn-mismatch sends it anyway)"});
}

// A client that only bootstraps in the capture is judged by its Bootstrap-Request.
TEST(CertificateCnCheck, ABootstrapRequestIsNamedAsSuch) {
  Survey survey;
  survey.clients = {client("10.0.0.11:49153", kImei, "", Operation::kBootstrapRequest)};
  EXPECT_EQ(
      check_certificate_cn(survey, {0}, QueryRules{}, 0, certificate("2:" + kImei)).mismatches,
      std::vector<std::string>{kImei + ": the certificate's CN has ept 2, ep=" + kImei +
                               "; the Bootstrap-Request sends no ept, ep=" + kImei});
}

}  // namespace
}  // namespace lwm2m::replay
