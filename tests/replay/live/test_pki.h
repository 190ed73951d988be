// X.509 certificates for the certificate tests, made with openssl at test time in a TempDir: no
// private key is ever committed. EC P-256 keys (quick to make), valid for two days.
#pragma once

#include <string>

#include "live_peers.h"

namespace lwm2m::test {

class TestPki {
 public:
  explicit TestPki(const TempDir& dir) : dir_(dir) {}

  // A self-signed CA: <name>.pem and <name>.key.
  void make_ca(const std::string& name);
  // <name>.pem and <name>.key: a certificate for `subject` (openssl's form, "/CN=2:urn:imei:1")
  // signed by the CA <ca>.
  void issue(const std::string& name, const std::string& subject, const std::string& ca);
  // A self-signed certificate for `subject` with the key <key>.key: <name>.pem.
  void self_signed(const std::string& name, const std::string& subject, const std::string& key);

  std::string cert(const std::string& name) const { return dir_.path(name + ".pem"); }
  std::string key(const std::string& name) const { return dir_.path(name + ".key"); }

 private:
  // Runs openssl with `args`; throws with its error output when it fails.
  void openssl(const std::vector<std::string>& args) const;
  void make_key(const std::string& name) const;

  const TempDir& dir_;
};

}  // namespace lwm2m::test
