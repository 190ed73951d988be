#include "net/x509_certificate.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace lwm2m::net {
namespace {

// Self-signed public certificates made with openssl for these tests (tests/net/data, no keys).
std::string data_file(const std::string& name) {
  return std::string(LWM2M_NET_TEST_DATA) + "/" + name;
}

std::vector<uint8_t> bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(X509CertificateTest, ReadsTheCommonNameOfADerCertificate) {
  const std::vector<uint8_t> der = bytes_of(data_file("cn-urn.der"));
  ASSERT_EQ(der.size(), 455u);
  const CertificateSubject subject = read_certificate_subject(der.data(), der.size());
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "2:urn:imei:490154203237518");
  EXPECT_EQ(subject.cn_count, 1u);
  EXPECT_EQ(subject.dn, "CN=2:urn:imei:490154203237518,O=lwm2m-ept tests");
}

TEST(X509CertificateTest, ReadsAPemFile) {
  const CertificateSubject subject = read_certificate_file_subject(data_file("cn-urn.pem"));
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "2:urn:imei:490154203237518");
}

TEST(X509CertificateTest, ReadsADerFile) {
  const CertificateSubject subject = read_certificate_file_subject(data_file("cn-urn.der"));
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "2:urn:imei:490154203237518");
}

TEST(X509CertificateTest, ACertificateWithoutCommonNameHasAnEmptyOne) {
  const CertificateSubject subject = read_certificate_file_subject(data_file("no-cn.pem"));
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "");
  EXPECT_EQ(subject.cn_count, 0u);
  EXPECT_EQ(subject.dn, "O=lwm2m-ept tests");
}

TEST(X509CertificateTest, CountsEveryCommonNameAndGivesTheFirst) {
  const CertificateSubject subject = read_certificate_file_subject(data_file("two-cn.pem"));
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "1:00A0C6-Router-SN1");
  EXPECT_EQ(subject.cn_count, 2u);
}

TEST(X509CertificateTest, AUtf8CommonNameIsUtf8) {
  const CertificateSubject subject = read_certificate_file_subject(data_file("cn-utf8.pem"));
  ASSERT_TRUE(subject.ok) << subject.error;
  EXPECT_EQ(subject.cn, "65:Ger\xC3\xA4t-7");
}

TEST(X509CertificateTest, BytesThatAreNoCertificateAreAnError) {
  const uint8_t junk[] = {0x30, 0x03, 0x02, 0x01, 0x05};
  const CertificateSubject subject = read_certificate_subject(junk, sizeof junk);
  EXPECT_FALSE(subject.ok);
  EXPECT_EQ(subject.error.rfind("not an X.509 certificate: ", 0), 0u) << subject.error;
  EXPECT_EQ(read_certificate_subject(nullptr, 0).error, "not an X.509 certificate: no bytes");
}

TEST(X509CertificateTest, ACutCertificateIsAnError) {
  const std::vector<uint8_t> der = bytes_of(data_file("cn-urn.der"));
  EXPECT_FALSE(read_certificate_subject(der.data(), der.size() - 10).ok);
}

TEST(X509CertificateTest, AMissingFileIsAnError) {
  const CertificateSubject subject = read_certificate_file_subject("/nonexistent/client.pem");
  EXPECT_FALSE(subject.ok);
  EXPECT_EQ(subject.error, "cannot read /nonexistent/client.pem");
}

}  // namespace
}  // namespace lwm2m::net
