// Before a DTLS replay with a client certificate sends anything: whether the certificate's CN
// names what each replayed client's Register says, after the rewriting (--set, --drop,
// --ep-suffix, --clients). The change request's Change 7 (section 7.1.3) wants the CN to be
// "<ept>:<ep>" of the Register, and the server to reject the handshake when it is not: a replay
// with a certificate that cannot match would only test that rejection, so it is refused unless
// the user asks for exactly that (--allow-cn-mismatch). The rule itself is core's
// (lwm2m/certificate_cn.h).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "exchanges/survey.h"
#include "rewrite/request_rewrite.h"

namespace lwm2m::replay {

// The certificate as the check needs it.
struct CertificateName {
  std::string file;  // --cert, as the user wrote it
  std::string cn;    // its Subject's first Common Name
  unsigned cn_count = 1;
};

struct CnCheck {
  // Sentences about the certificate itself, once: a CN that is not "<ept>:<ep>", several CNs.
  std::vector<std::string> certificate_problems;
  // One sentence per client whose rewritten Register (or Bootstrap-Request) the CN does not
  // name, in the order of `clients`: "<client>: the certificate's CN has ..., ep=...; the
  // Register sends ..., ep=...". With copies, the first copy that differs is named and the others
  // are counted.
  std::vector<std::string> mismatches;

  bool ok() const { return certificate_problems.empty() && mismatches.empty(); }
};

// Checks `certificate` against the Register of each of `clients` (indexes into survey.clients) as
// `rules` rewrite it, for each of its `copies` (--clients N; 0: replayed once). A client whose
// capture has no Register or Bootstrap-Request with an ep sends none and is not checked.
CnCheck check_certificate_cn(const Survey& survey, const std::vector<std::size_t>& clients,
                             const QueryRules& rules, std::size_t copies,
                             const CertificateName& certificate);

// The lines a run prints for `check` (without "lwm2m-replay: "): when `allowed`
// (--allow-cn-mismatch) warnings that end "sent anyway", else the refusal, whose client lines end
// "nothing was sent".
std::vector<std::string> cn_check_lines(const CnCheck& check, bool allowed);

}  // namespace lwm2m::replay
