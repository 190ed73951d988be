// --cert, --key and --ca, read before anything is sent: a file that cannot be used is a usage
// error (exit 2) with one line, not a DTLS handshake that fails against the live server.
#pragma once

#include "options.h"
#include "rewrite/certificate_cn_check.h"

namespace lwm2m::replay {

// The certificate's name, read with GnuTLS (lwm2m_x509), once its key and the CA are known to be
// usable: PEM files libcoap can load, a key that is the certificate's, a CN. Throws RunError
// (kExitUsage) with the first problem. Only for options with --cert.
CertificateName read_client_certificate(const Options& options);

}  // namespace lwm2m::replay
