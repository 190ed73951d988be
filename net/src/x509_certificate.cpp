#include "net/x509_certificate.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lwm2m::net {
namespace {

struct CrtDeleter {
  void operator()(gnutls_x509_crt_t crt) const { gnutls_x509_crt_deinit(crt); }
};
using Crt = std::unique_ptr<std::remove_pointer_t<gnutls_x509_crt_t>, CrtDeleter>;

CertificateSubject failure(std::string error) {
  CertificateSubject subject;
  subject.error = std::move(error);
  return subject;
}

// The Common Name at `index` of the Subject, or false when there is none at that index.
bool common_name(gnutls_x509_crt_t crt, unsigned index, std::string& out) {
  std::size_t size = 0;
  int rc =
      gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, index, 0, nullptr, &size);
  if (rc != GNUTLS_E_SHORT_MEMORY_BUFFER) return false;
  std::vector<char> text(size + 1);
  rc =
      gnutls_x509_crt_get_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, index, 0, text.data(), &size);
  if (rc < 0) return false;
  out.assign(text.data(), size);
  return true;
}

CertificateSubject subject_of(gnutls_x509_crt_t crt) {
  CertificateSubject subject;
  gnutls_datum_t dn{};
  if (gnutls_x509_crt_get_dn3(crt, &dn, 0) == 0) {
    subject.dn.assign(reinterpret_cast<const char*>(dn.data), dn.size);
    gnutls_free(dn.data);
  }
  std::string cn;
  while (common_name(crt, subject.cn_count, cn)) {
    if (subject.cn_count == 0) subject.cn = cn;
    ++subject.cn_count;
  }
  subject.ok = true;
  return subject;
}

CertificateSubject import(const uint8_t* bytes, std::size_t length, gnutls_x509_crt_fmt_t format) {
  gnutls_x509_crt_t raw = nullptr;
  if (gnutls_x509_crt_init(&raw) < 0) return failure("GnuTLS cannot allocate a certificate");
  Crt crt(raw);
  gnutls_datum_t datum{const_cast<unsigned char*>(bytes), static_cast<unsigned>(length)};
  const int rc = gnutls_x509_crt_import(crt.get(), &datum, format);
  if (rc < 0) return failure(std::string("not an X.509 certificate: ") + gnutls_strerror(rc));
  return subject_of(crt.get());
}

struct CredentialsDeleter {
  void operator()(gnutls_certificate_credentials_t c) const {
    gnutls_certificate_free_credentials(c);
  }
};
using Credentials =
    std::unique_ptr<std::remove_pointer_t<gnutls_certificate_credentials_t>, CredentialsDeleter>;

}  // namespace

CertificateSubject read_certificate_subject(const uint8_t* der, std::size_t length) {
  if (!der || length == 0) return failure("not an X.509 certificate: no bytes");
  return import(der, length, GNUTLS_X509_FMT_DER);
}

CertificateSubject read_certificate_file_subject(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return failure("cannot read " + path);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (bytes.empty()) return failure(path + " is empty");
  static constexpr char kPemBegin[] = "-----BEGIN CERTIFICATE-----";
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  const bool pem = text.find(kPemBegin) != std::string_view::npos;
  CertificateSubject subject =
      import(bytes.data(), bytes.size(), pem ? GNUTLS_X509_FMT_PEM : GNUTLS_X509_FMT_DER);
  if (!subject.ok) subject.error = path + ": " + subject.error;
  return subject;
}

std::string check_certificate_key(const std::string& cert_path, const std::string& key_path) {
  gnutls_certificate_credentials_t raw = nullptr;
  if (gnutls_certificate_allocate_credentials(&raw) < 0)
    return "GnuTLS cannot allocate credentials";
  Credentials credentials(raw);
  // GnuTLS checks that the key is the certificate's when it loads the pair.
  const int rc = gnutls_certificate_set_x509_key_file(credentials.get(), cert_path.c_str(),
                                                      key_path.c_str(), GNUTLS_X509_FMT_PEM);
  if (rc == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) return "the certificate and the key do not match";
  if (rc < 0) return std::string("GnuTLS cannot load the pair: ") + gnutls_strerror(rc);
  return "";
}

}  // namespace lwm2m::net
