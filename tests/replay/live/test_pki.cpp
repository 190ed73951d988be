#include "test_pki.h"

#include <stdexcept>
#include <vector>

#include "process.h"

namespace lwm2m::test {

void TestPki::openssl(const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"openssl"};
  argv.insert(argv.end(), args.begin(), args.end());
  const CommandResult result = run_command(argv, 60);
  if (result.exit_code != 0)
    throw std::runtime_error("openssl " + args.front() +
                             " failed (scripts/install-deps installs "
                             "openssl): " +
                             result.err);
}

void TestPki::make_key(const std::string& name) const {
  openssl({"ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", key(name)});
}

void TestPki::make_ca(const std::string& name) {
  make_key(name);
  openssl({"req", "-x509", "-new", "-key", key(name), "-subj", "/CN=" + name, "-days", "2", "-out",
           cert(name)});
}

void TestPki::issue(const std::string& name, const std::string& subject, const std::string& ca) {
  make_key(name);
  const std::string request = dir_.path(name + ".csr");
  openssl({"req", "-new", "-key", key(name), "-subj", subject, "-out", request});
  openssl({"x509", "-req", "-in", request, "-CA", cert(ca), "-CAkey", key(ca), "-set_serial", "1",
           "-days", "2", "-out", cert(name)});
}

void TestPki::self_signed(const std::string& name, const std::string& subject,
                          const std::string& key_name) {
  openssl({"req", "-x509", "-new", "-key", key(key_name), "-subj", subject, "-days", "2", "-out",
           cert(name)});
}

}  // namespace lwm2m::test
