// Every LwM2M operation named (core's classify_operation), frame by frame: the two Wakaama
// captures of ../shared/captures (PEERS.md) and samples/operations.pcapng, which has the
// operations those captures lack (samples/README.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tshark_runner.h"

namespace lwm2m::test {
namespace {

const std::vector<std::string> kWakaamaPorts = {"-d", "udp.port==5785,coap", "-d",
                                                "udp.port==5783,coap"};

// Operation, its code, and the path as lwm2m.path.*.
const std::vector<std::string> kOperationFields = {"frame.number",
                                                   "lwm2m.operation",
                                                   "lwm2m.operation.code",
                                                   "lwm2m.path.object",
                                                   "lwm2m.path.instance",
                                                   "lwm2m.path.resource",
                                                   "lwm2m.path.resource_instance"};

TEST(WakaamaRegisterReadWriteObserve, EveryMessageIsNamed) {
  const std::string capture = shared_capture("wakaama-register-read-write-observe.pcapng");
  if (capture.empty()) GTEST_SKIP() << "../shared/captures/ absent";
  const Rows expected = {
      {"1", "Register", "1", "", "", "", ""},
      {"2", "Register", "1", "", "", "", ""},
      {"3", "Read", "6", "3", "0", "", ""},
      {"4", "Read", "6", "3", "0", "", ""},
      {"5", "Discover", "8", "3", "0", "", ""},  // GET with Accept link-format
      {"6", "Discover", "8", "3", "0", "", ""},
      {"7", "Write", "9", "3", "0", "14", ""},
      {"8", "Write", "9", "3", "0", "14", ""},
      {"9", "Observe", "16", "3", "0", "13", ""},
      {"10", "Observe", "16", "3", "0", "13", ""},
      {"11", "Notify", "20", "3", "0", "13", ""},
      {"12", "Cancel Observation", "18", "3", "0", "13", ""},
      {"13", "Cancel Observation", "18", "3", "0", "13", ""},
      {"14", "Execute", "13", "3", "0", "4", ""},
      {"15", "Execute", "13", "3", "0", "4", ""},
      {"16", "Update", "2", "", "", "", ""},
      {"17", "Update", "2", "", "", "", ""},
      {"18", "De-register", "3", "", "", "", ""},
      {"19", "De-register", "3", "", "", "", ""},
  };
  EXPECT_EQ(tshark_fields(capture, "", kOperationFields, kWakaamaPorts), expected);
  // The same on two passes.
  std::vector<std::string> two_pass = kWakaamaPorts;
  two_pass.push_back("-2");
  EXPECT_EQ(tshark_fields(capture, "", kOperationFields, two_pass), expected);
}

TEST(WakaamaRegisterReadWriteObserve, TheNotifyPairsWithItsObserveByToken) {
  const std::string capture = shared_capture("wakaama-register-read-write-observe.pcapng");
  if (capture.empty()) GTEST_SKIP() << "../shared/captures/ absent";
  std::vector<std::string> args = kWakaamaPorts;
  args.push_back("-2");
  EXPECT_EQ(tshark_fields(capture, "frame.number >= 9 && frame.number <= 13",
                          {"frame.number", "lwm2m.response_in", "lwm2m.response_to",
                           "lwm2m.notify_of", "lwm2m.notify_in", "lwm2m.notify_count"},
                          args),
            (Rows{{"9", "10", "", "", "11", "1"},
                  {"10", "", "9", "", "", ""},
                  {"11", "", "", "9", "", ""},
                  {"12", "13", "", "", "", ""},
                  {"13", "", "12", "", "", ""}}));
  EXPECT_EQ(tshark_info(capture, "frame.number >= 3 && frame.number <= 15", kWakaamaPorts),
            (std::vector<std::string>{
                "LwM2M Read /3/0 (Device)",
                "LwM2M Read /3/0 (Device) response 2.05 Content",
                "LwM2M Discover /3/0 (Device)",
                "LwM2M Discover /3/0 (Device) response 2.05 Content",
                "LwM2M Write /3/0/14 (Device / UTC Offset)",
                "LwM2M Write /3/0/14 (Device / UTC Offset) response 2.04 Changed",
                "LwM2M Observe /3/0/13 (Device / Current Time)",
                "LwM2M Observe /3/0/13 (Device / Current Time) response 2.05 Content",
                "LwM2M Notify /3/0/13 (Device / Current Time) 2.05 Content",
                "LwM2M Cancel Observation /3/0/13 (Device / Current Time)",
                "LwM2M Cancel Observation /3/0/13 (Device / Current Time) response 2.05 Content",
                "LwM2M Execute /3/0/4 (Device / Reboot)",
                "LwM2M Execute /3/0/4 (Device / Reboot) response 2.04 Changed",
            }));
}

TEST(WakaamaBootstrapThenRegister, EveryMessageIsNamed) {
  const std::string capture = shared_capture("wakaama-bootstrap-then-register.pcapng");
  if (capture.empty()) GTEST_SKIP() << "../shared/captures/ absent";
  // A request from the bootstrap server to the client that sent it a Bootstrap-Request gets a
  // Bootstrap-* name; from the LwM2M server to the registered client a Device Management one.
  // Frame 25 is the copy of 24 an ICMP error quotes.
  const Rows expected = {
      {"1", "Bootstrap-Request", "4", "", "", "", ""},
      {"2", "Bootstrap-Request", "4", "", "", "", ""},
      {"3", "Bootstrap-Discover", "23", "", "", "", ""},  // GET / with Accept link-format
      {"4", "Bootstrap-Discover", "23", "", "", "", ""},
      {"5", "Bootstrap-Delete", "25", "0", "", "", ""},
      {"6", "Bootstrap-Delete", "25", "0", "", "", ""},
      {"7", "Bootstrap-Delete", "25", "1", "", "", ""},
      {"8", "Bootstrap-Delete", "25", "1", "", "", ""},
      {"9", "Bootstrap-Write", "24", "0", "2", "", ""},
      {"10", "Bootstrap-Write", "24", "0", "2", "", ""},
      {"11", "Bootstrap-Write", "24", "0", "1", "", ""},
      {"12", "Bootstrap-Write", "24", "0", "1", "", ""},
      {"13", "Bootstrap-Write", "24", "1", "1", "", ""},
      {"14", "Bootstrap-Write", "24", "1", "1", "", ""},
      {"15", "Bootstrap-Finish", "5", "", "", "", ""},
      {"16", "Bootstrap-Finish", "5", "", "", "", ""},
      {"17", "Register", "1", "", "", "", ""},
      {"18", "Register", "1", "", "", "", ""},
      {"19", "Read", "6", "3", "0", "0", ""},
      {"20", "Read", "6", "3", "0", "0", ""},
      {"21", "Update", "2", "", "", "", ""},
      {"22", "Update", "2", "", "", "", ""},
      {"23", "De-register", "3", "", "", "", ""},
      {"24", "De-register", "3", "", "", "", ""},
      {"25", "De-register", "3", "", "", "", ""},
  };
  EXPECT_EQ(tshark_fields(capture, "", kOperationFields, kWakaamaPorts), expected);
}

TEST(OperationsSample, EveryOperationTheWakaamaCapturesLack) {
  const Rows expected = {
      {"1", "Bootstrap-Request", "4", "", "", "", ""},
      {"2", "Bootstrap-Request", "4", "", "", "", ""},
      {"3", "Bootstrap-Read", "22", "1", "", "", ""},
      {"4", "Bootstrap-Read", "22", "1", "", "", ""},
      {"5", "Bootstrap-Pack-Request", "26", "", "", "", ""},
      {"6", "Bootstrap-Pack-Request", "26", "", "", "", ""},
      {"7", "Bootstrap-Finish", "5", "", "", "", ""},
      {"8", "Bootstrap-Finish", "5", "", "", "", ""},
      {"9", "Register", "1", "", "", "", ""},
      {"10", "Register", "1", "", "", "", ""},
      {"11", "Read-Composite", "7", "", "", "", ""},
      {"12", "Read-Composite", "7", "", "", "", ""},
      {"13", "Write-Composite", "11", "", "", "", ""},
      {"14", "Write-Composite", "11", "", "", "", ""},
      {"15", "Observe-Composite", "17", "", "", "", ""},
      {"16", "Observe-Composite", "17", "", "", "", ""},
      {"17", "Notify", "20", "", "", "", ""},
      {"18", "Cancel Observation-Composite", "19", "", "", "", ""},
      {"19", "Cancel Observation-Composite", "19", "", "", "", ""},
      {"20", "Create", "14", "3303", "", "", ""},
      {"21", "Create", "14", "3303", "", "", ""},
      {"22", "Write", "10", "3303", "1", "", ""},
      {"23", "Write", "10", "3303", "1", "", ""},
      {"24", "Write-Attributes", "12", "3303", "1", "5700", ""},
      {"25", "Write-Attributes", "12", "3303", "1", "5700", ""},
      {"26", "Write-Attributes", "12", "3", "0", "9", ""},
      {"27", "Write-Attributes", "12", "3", "0", "9", ""},
      {"28", "Write", "9", "3", "0", "14", ""},
      {"29", "Write", "9", "3", "0", "14", ""},
      {"30", "Execute", "13", "3", "0", "4", ""},
      {"31", "Execute", "13", "3", "0", "4", ""},
      {"32", "Delete", "15", "3303", "1", "", ""},
      {"33", "Delete", "15", "3303", "1", "", ""},
      {"34", "Read", "6", "3", "0", "7", "1"},
      {"35", "Read", "6", "3", "0", "7", "1"},
      {"36", "Discover", "8", "3", "", "", ""},
      {"37", "Discover", "8", "3", "", "", ""},
      {"38", "Send", "21", "", "", "", ""},
      {"39", "Send", "21", "", "", "", ""},
      {"40", "Observe", "16", "3303", "0", "5700", ""},
      {"41", "Observe", "16", "3303", "0", "5700", ""},
      {"42", "Notify", "20", "3303", "0", "5700", ""},
      {"43", "Cancel Observation", "18", "3303", "0", "5700", ""},  // a Reset to the Notify
      {"44", "De-register", "3", "", "", "", ""},
      {"45", "De-register", "3", "", "", "", ""},
  };
  EXPECT_EQ(tshark_fields(sample("operations.pcapng"), "", kOperationFields,
                          {"-d", "udp.port==5783,coap"}),
            expected);
}

TEST(OperationsSample, WriteAttributesShowEachAttribute) {
  EXPECT_EQ(tshark_fields(sample("operations.pcapng"), "lwm2m.attr",
                          {"frame.number", "lwm2m.attr", "lwm2m.attr.pmin", "lwm2m.attr.pmax",
                           "lwm2m.attr.gt", "lwm2m.attr.lt", "lwm2m.attr.st", "lwm2m.attr.epmin",
                           "lwm2m.attr.epmax", "_ws.expert.message"},
                          {"-d", "udp.port==5783,coap"}),
            (Rows{{"24", "pmin=10|pmax=60|gt=25.5|lt=-3|st=0.5|epmin=1|epmax=30", "10", "60",
                   "25.5", "-3", "0.5", "1", "30", ""},
                  {"26", "pmin=abc|pmax", "", "", "", "", "", "", "",
                   "Invalid Write-Attributes value: pmin 'abc' is not a whole number of "
                   "seconds"}}));
  EXPECT_EQ(tshark_info(sample("operations.pcapng"), "frame.number == 24 || frame.number == 43",
                        {"-d", "udp.port==5783,coap"}),
            (std::vector<std::string>{"LwM2M Write-Attributes /3303/1/5700 (Temperature / Sensor "
                                      "Value) pmin=10 pmax=60 gt=25.5 lt=-3 st=0.5 epmin=1 "
                                      "epmax=30",
                                      "LwM2M Cancel Observation /3303/0/5700 (Temperature / Sensor "
                                      "Value) Reset to the Notify in frame 42"}));
}

TEST(OperationsSample, EveryWriteToTheDeviceObject) {
  // The README's cookbook filter.
  EXPECT_EQ(tshark_fields(sample("operations.pcapng"),
                          "lwm2m.operation == \"Write\" && lwm2m.path.object == 3",
                          {"frame.number", "lwm2m.operation.code", "coap.code"},
                          {"-d", "udp.port==5783,coap"}),
            (Rows{{"28", "9", "3"}, {"29", "9", "68"}}));
}

}  // namespace
}  // namespace lwm2m::test
