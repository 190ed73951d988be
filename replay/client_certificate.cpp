#include "client_certificate.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>

#include "net/x509_certificate.h"
#include "run_error.h"

namespace lwm2m::replay {

namespace {

[[noreturn]] void refuse(const std::string& message) {
  throw RunError(kExitUsage, message);
}

// The file's text; refuses an unreadable or empty one.
std::string read_file(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) refuse(option + " " + path + ": cannot read it: " + std::strerror(errno));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (text.empty()) refuse(option + " " + path + ": the file is empty");
  return text;
}

// libcoap loads --cert, --key and --ca as PEM files only.
void require_pem(const std::string& option, const std::string& path, const std::string& text,
                 const char* what) {
  if (text.find("-----BEGIN ") == std::string::npos)
    refuse(option + " " + path + ": not a PEM file (libcoap reads " + what + " as PEM only)");
}

// A PEM certificate file whose first certificate GnuTLS can read.
net::CertificateSubject read_pem_certificate(const std::string& option, const std::string& path) {
  const std::string text = read_file(option, path);
  require_pem(option, path, text, "certificates");
  net::CertificateSubject subject = net::read_certificate_file_subject(path);
  if (!subject.ok) refuse(option + ": " + subject.error);
  return subject;
}

}  // namespace

CertificateName read_client_certificate(const Options& options) {
  const net::CertificateSubject subject = read_pem_certificate("--cert", options.cert);
  if (subject.cn_count == 0)
    refuse("--cert " + options.cert + ": the certificate's Subject '" + subject.dn +
           "' has no Common Name (CN); the seed wants CN '<ept>:<ep>' of the Register");
  const std::string key = read_file("--key", options.key);
  require_pem("--key", options.key, key, "keys");
  if (const std::string problem = net::check_certificate_key(options.cert, options.key);
      !problem.empty())
    refuse("--key " + options.key + " does not fit --cert " + options.cert + ": " + problem);
  if (!options.ca.empty()) read_pem_certificate("--ca", options.ca);
  return CertificateName{options.cert, subject.cn, subject.cn_count};
}

}  // namespace lwm2m::replay
