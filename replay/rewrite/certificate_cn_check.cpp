#include "rewrite/certificate_cn_check.h"

#include <optional>
#include <string_view>

#include "lwm2m/certificate_cn.h"
#include "lwm2m/query.h"

namespace lwm2m::replay {

namespace {

// What a rewritten Register names: its ept (nullopt: none) and ep.
struct Named {
  std::optional<std::string> ept;
  std::string ep;
};

Named named_by(const coap::MessageData& request, Operation operation) {
  Named named;
  const Query query = parse_query(request.values(coap::kUriQuery), operation);
  if (const QueryParam* ept = query.find(ParamKey::kEndpointNameType))
    named.ept = std::string(ept->value);
  if (const QueryParam* ep = query.find(ParamKey::kEndpointName)) named.ep = std::string(ep->value);
  return named;
}

// The mismatch of one replayed copy (0: the client as captured), or nullopt when the CN names it.
std::optional<std::string> copy_mismatch(const SurveyClient& client, const QueryRules& rules,
                                         std::size_t copy, const CertificateCn& cn) {
  QueryRules copy_rules = rules;
  if (copy > 0) copy_rules.ep_suffix += "-" + std::to_string(copy);
  const RewrittenRequest rewritten =
      rewrite_request(survey_register(client), client.named_by, copy_rules, nullptr, false);
  const Named named = named_by(rewritten.request, client.named_by);
  std::string request(operation_name(client.named_by));
  if (copy > 0) request += " of copy " + std::to_string(copy);
  return cn_mismatch(cn, named.ept, named.ep, request);
}

}  // namespace

CnCheck check_certificate_cn(const Survey& survey, const std::vector<std::size_t>& clients,
                             const QueryRules& rules, std::size_t copies,
                             const CertificateName& certificate) {
  CnCheck check;
  const CertificateCn cn = parse_certificate_cn(certificate.cn);
  const std::string cert = "--cert " + certificate.file + ": ";
  for (const std::string& problem : cn.format_problems)
    check.certificate_problems.push_back(cert + problem);
  if (certificate.cn_count > 1)
    check.certificate_problems.push_back(
        cert + "the Subject has " + std::to_string(certificate.cn_count) +
        " Common Names; the seed wants one, '<ept>:<ep>' (this check read the first)");
  for (const std::size_t index : clients) {
    const SurveyClient& client = survey.clients.at(index);
    if (client.named_by == Operation::kNone) continue;  // it sends no Register
    if (copies == 0) {
      if (auto mismatch = copy_mismatch(client, rules, 0, cn))
        check.mismatches.push_back(client_name(client) + ": " + *mismatch);
      continue;
    }
    std::optional<std::string> first;
    std::size_t differing = 0;
    for (std::size_t copy = 1; copy <= copies; ++copy) {
      std::optional<std::string> mismatch = copy_mismatch(client, rules, copy, cn);
      if (!mismatch) continue;
      if (!first) first = std::move(mismatch);
      ++differing;
    }
    if (!first) continue;
    std::string line = client_name(client) + ": " + *first;
    if (differing > 1)
      line += "; so do " + std::to_string(differing - 1) + " more of its " +
              std::to_string(copies) +
              " copies (--clients gives every copy its own ep: one certificate names at most one)";
    check.mismatches.push_back(std::move(line));
  }
  return check;
}

std::vector<std::string> cn_check_lines(const CnCheck& check, bool allowed) {
  std::vector<std::string> lines;
  const std::string prefix = allowed ? "warning: " : "";
  for (const std::string& problem : check.certificate_problems) lines.push_back(prefix + problem);
  for (const std::string& mismatch : check.mismatches)
    lines.push_back(prefix + mismatch +
                    (allowed ? "; sent anyway (--allow-cn-mismatch)"
                             : "; nothing was sent (--allow-cn-mismatch sends it anyway)"));
  // A certificate problem without a client that differs (none sends a Register): still refused.
  if (!allowed && check.mismatches.empty() && !lines.empty())
    lines.back() += "; nothing was sent (--allow-cn-mismatch sends it anyway)";
  return lines;
}

}  // namespace lwm2m::replay
