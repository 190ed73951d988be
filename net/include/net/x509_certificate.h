// Reading an X.509 certificate's Subject with GnuTLS: the plugin reads the client certificate a
// (D)TLS handshake carries, lwm2m-replay the one given with --cert. What a CN must say is core's
// rule (lwm2m/certificate_cn.h); this only gets the CN out of the certificate.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace lwm2m::net {

struct CertificateSubject {
  bool ok = false;
  std::string error;      // when !ok: why the certificate could not be read, in words
  std::string dn;         // the whole Subject, RFC 4514 ("CN=2:urn:imei:...,O=ACME")
  std::string cn;         // the Subject's first Common Name, as UTF-8; empty when it has none
  unsigned cn_count = 0;  // how many Common Names the Subject has (the rule expects one)
};

// The Subject of a DER-encoded certificate (as a TLS Certificate message carries it).
CertificateSubject read_certificate_subject(const uint8_t* der, std::size_t length);

// The Subject of the first certificate in a PEM or DER file (a --cert file: PEM may hold a chain,
// the leaf first).
CertificateSubject read_certificate_file_subject(const std::string& path);

// Whether the PEM private key in `key_path` is the key of the first certificate in `cert_path`
// (a --cert and --key pair): "" when it is, else why not in words ("the certificate and the given
// key do not match", or what GnuTLS could not read).
std::string check_certificate_key(const std::string& cert_path, const std::string& key_path);

}  // namespace lwm2m::net
