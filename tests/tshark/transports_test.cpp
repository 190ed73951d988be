// Real traffic made with libcoap's tools (samples/capture-real.sh): the plugin decodes LwM2M on
// CoAP over UDP (IPv4 and IPv6), TCP, DTLS decrypted with the keys embedded in the capture, and a
// Block1 Register decoded once, not once per block.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

const std::vector<std::string> kFields = {"frame.number",     "lwm2m.operation", "lwm2m.ep",
                                          "lwm2m.ept",        "lwm2m.ep.valid",  "lwm2m.location",
                                          "lwm2m.response_to"};

TEST(RealUdpSample, RegistersOverIpv4AndIpv6) {
  Rows rows = tshark_fields(sample("real-udp.pcapng"), "lwm2m", kFields);
  // Each 2.01 carries its Register's name and type as generated fields (but no verdict).
  Rows expected = {
      {"1", "Register", "urn:imei:490154203237518", "2", "1", "", ""},
      {"2", "Register", "urn:imei:490154203237518", "2", "", "/rd/9909-fa", "1"},
      {"3", "Register", "IMEI:490154203237519", "2", "0", "", ""},
      {"4", "Register", "IMEI:490154203237519", "2", "", "/rd/b0a9-229", "3"},
      {"5", "Register", "00A0C9-ThermoV2-SN12345", "1", "1", "", ""},
      {"6", "Register", "00A0C9-ThermoV2-SN12345", "1", "", "/rd/2837-359", "5"},
      {"7", "Register", "00A0C9-Thermo%2DV2-SN%2E1", "1", "1", "", ""},
      {"8", "Register", "00A0C9-Thermo%2DV2-SN%2E1", "1", "", "/rd/fce1-488", "7"},
      {"11", "Register", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "2", "1", "", ""},
      {"12", "Register", "urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "2", "", "/rd/cd3f-6e8",
       "11"},
      {"13", "Register", "urn:imei:490154203237518", "2", "1", "", ""},
      {"14", "Register", "urn:imei:490154203237518", "2", "", "/rd/a66b-818", "13"},
  };
  EXPECT_EQ(rows, expected);
  Rows ipv6 = tshark_fields(sample("real-udp.pcapng"), "lwm2m && ipv6", {"frame.number"});
  EXPECT_EQ(ipv6, (Rows{{"11"}, {"12"}, {"13"}, {"14"}}));
}

TEST(RealUdpSample, GetOfTheDirectoryIsNotLwM2M) {
  Rows rows = tshark_fields(sample("real-udp.pcapng"), "coap.code == 1", {"frame.number", "lwm2m"});
  EXPECT_EQ(rows, (Rows{{"9", ""}, {"15", ""}}));
}

TEST(RealTcpSample, RegisterOverCoapTcp) {
  Rows rows = tshark_fields(sample("real-tcp.pcapng"), "lwm2m", kFields);
  Rows expected = {
      {"8", "Register", "urn:imei:490154203237518", "2", "1", "", ""},
      {"10", "Register", "urn:imei:490154203237518", "2", "", "/rd/0-489", "8"},
  };
  EXPECT_EQ(rows, expected);
  std::vector<std::string> info = tshark_info(sample("real-tcp.pcapng"), "frame.number == 8");
  EXPECT_EQ(info, (std::vector<std::string>{"LwM2M Register ep=urn:imei:490154203237518 [URN]"}));
}

TEST(RealDtlsSample, RegisterDecryptedWithEmbeddedKeys) {
  Rows rows = tshark_fields(sample("real-dtls.pcapng"), "lwm2m", kFields);
  Rows expected = {
      {"12", "Register", "urn:imei:490154203237518", "2", "1", "", ""},
      {"13", "Register", "urn:imei:490154203237518", "2", "", "/rd/ec0c-44c", "12"},
  };
  EXPECT_EQ(rows, expected);
}

TEST(RealBlock1Sample, RegisterIsDecodedOnceNotPerBlock) {
  // Only block 0 of each transfer decodes the name from its query; later blocks point back to
  // block 0 and carry the name as a generated field.
  Rows named = tshark_fields(sample("real-block1.pcapng"), "lwm2m.ep.valid && coap.code == 2",
                             {"frame.number", "lwm2m.block.number"});
  EXPECT_EQ(named, (Rows{{"1", "0"}, {"23", "0"}}));
  EXPECT_EQ(
      tshark_fields(sample("real-block1.pcapng"), "lwm2m.ep && coap.code == 2", {"frame.number"})
          .size(),
      12u);
  // Every answer (2.31 Continue, 2.01 Created) carries its Register's name as a generated field.
  Rows answers = tshark_fields(sample("real-block1.pcapng"), "lwm2m.ep && coap.code >= 64",
                               {"frame.number", "lwm2m.ep", "lwm2m.block.number"});
  Rows expected_answers;
  for (int frame = 2; frame <= 24; frame += 2) {
    expected_answers.push_back({std::to_string(frame), "urn:imei:490154203237518", ""});
  }
  EXPECT_EQ(answers, expected_answers);
  Rows later = tshark_fields(sample("real-block1.pcapng"), "lwm2m.block.first",
                             {"frame.number", "lwm2m.block.number", "lwm2m.block.first"});
  Rows expected;
  for (int block = 1; block <= 10; ++block) {
    expected.push_back({std::to_string(1 + 2 * block), std::to_string(block), "1"});
  }
  EXPECT_EQ(later, expected);
  Rows invalid =
      tshark_fields(sample("real-block1.pcapng"),
                    "lwm2m.ep.invalid || lwm2m.ep.missing || lwm2m.ept.missing", {"frame.number"});
  EXPECT_TRUE(invalid.empty());
}

TEST(RealBlock1Sample, ReassembledPayloadGivesTheObjectsOnTheLastBlock) {
  Rows rows = tshark_fields(sample("real-block1.pcapng"), "lwm2m.objects",
                            {"frame.number", "lwm2m.object"});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "21");
  std::string objects = rows[0][1];
  EXPECT_EQ(std::count(objects.begin(), objects.end(), '|') + 1, 60) << objects;
  EXPECT_EQ(objects.substr(0, 12), "1|3|3303|330");
  std::vector<std::string> info = tshark_info(sample("real-block1.pcapng"), "frame.number == 21");
  EXPECT_EQ(info,
            (std::vector<std::string>{"LwM2M Register (Block1 #10, continues frame 1, last)"}));
}

TEST(EptAndParamsSample, RegisterOverIpv6) {
  Rows rows = tshark_fields(sample("ept-and-params.pcapng"), "lwm2m && ipv6", kFields);
  Rows expected = {
      {"41", "Register", "urn:uuid:0b8a6e4c-3f7d-4c2a-9e15-7d3c2b1a0f99", "2", "1", "", ""},
      {"42", "Register", "urn:uuid:0b8a6e4c-3f7d-4c2a-9e15-7d3c2b1a0f99", "2", "", "/rd/5", "41"},
  };
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace lwm2m::test
