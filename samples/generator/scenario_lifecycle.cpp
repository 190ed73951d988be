// lifecycle: one client's whole life over IPv4 - Bootstrap (Request, Write, Finish), Register,
// Update (POST), a server Read, Update (PUT with ept/ep, the seed's Table 16 form), a second
// client registering the same name (4.09 Conflict), De-register.
#include "scenarios.h"

namespace capgen {

void scenario_lifecycle(Capture& cap, const ScenarioArgs&) {
  using coap::kChanged;
  const Endpoint client = endpoint("10.0.0.11", 49153);
  const Endpoint other_client = endpoint("10.0.0.12", 49153);
  const Endpoint bootstrap = endpoint("10.0.0.2", 5683);
  const Endpoint server = endpoint("10.0.0.1", 5683);
  const std::string ep = "ep=urn:imei:490154203237518";
  const std::string links =
      "</>;rt=\"oma.lwm2m\";ct=11543,</1/0>,</3/0>;ver=1.1,</3303/0>,</3303/1>";

  // t=0 Bootstrap-Request.
  coap::MessageData m = cap.request(coap::kPost);
  m.path("/bs").query({"ept=2", ep});
  cap.exchange(client, bootstrap, m, Capture::response(kChanged),
               "Bootstrap-Request: valid IMEI URN", "Bootstrap-Request accepted");

  // t=0.5 Bootstrap-Write of Security object instance 1 (TLV): Server URI, Bootstrap-Server
  // false, Security Mode 3 (NoSec), Short Server ID 1.
  cap.wait(0.5);
  const std::string uri = "coap://10.0.0.1:5683";
  coap::Bytes tlv = {0xC8, 0x00, static_cast<std::uint8_t>(uri.size())};
  tlv.insert(tlv.end(), uri.begin(), uri.end());
  tlv.insert(tlv.end(), {0xC1, 0x01, 0x00, 0xC1, 0x02, 0x03, 0xC1, 0x0A, 0x01});
  m = cap.request(coap::kPut);
  m.path("/0/1").add_uint(coap::kContentFormat, coap::kLwm2mTlv).body(tlv);
  cap.exchange(bootstrap, client, m, Capture::response(kChanged),
               "Bootstrap-Write (server to client) of /0/1, LwM2M TLV", "Bootstrap-Write done");

  // t=1 Bootstrap-Finish.
  cap.wait(0.5);
  m = cap.request(coap::kPost);
  m.path("/bs");
  cap.exchange(bootstrap, client, m, Capture::response(kChanged),
               "Bootstrap-Finish (server to client), no query", "Bootstrap-Finish acknowledged");

  // t=2 Register.
  cap.wait(1.0);
  m = cap.request(coap::kPost);
  m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
  m.query({"ept=2", ep, "lt=60", "lwm2m=1.1", "b=U"}).body(links);
  cap.exchange(client, server, m, Capture::response(coap::kCreated).location("rd/5a3f"),
               "Register: valid IMEI URN", "Register accepted, location /rd/5a3f");

  // t=32 Update (POST, lifetime only).
  cap.wait(30.0);
  m = cap.request(coap::kPost);
  m.path("/rd/5a3f").query({"lt=120"});
  cap.exchange(client, server, m, Capture::response(kChanged),
               "Update (POST) of /rd/5a3f, new lifetime 120", "Update accepted");

  // t=37 Read of the Device object (server to client).
  cap.wait(5.0);
  m = cap.request(coap::kGet);
  m.path("/3/0").add_uint(coap::kAccept, coap::kLwm2mTlv);
  coap::Bytes device = {0xC4, 0x00, 'A', 'C', 'M', 'E',            // 0 Manufacturer
                        0xC6, 0x01, 'T', '-', '1', '0', '0', '0',  // 1 Model Number
                        0xC4, 0x02, 'S', 'N', '4', '2',            // 2 Serial Number
                        0xC5, 0x03, '1', '.', '0', '.', '3'};      // 3 Firmware Version
  cap.exchange(server, client, m,
               Capture::response(coap::kContent)
                   .add_uint(coap::kContentFormat, coap::kLwm2mTlv)
                   .body(device),
               "Read /3/0 (server to client): not a registration operation",
               "Read answer: Device object TLV");

  // t=92 Update (PUT with ept and ep: the seed's Table 16 form).
  cap.wait(55.0);
  m = cap.request(coap::kPut);
  m.path("/rd/5a3f").query({"ept=2", ep, "lt=120"});
  cap.exchange(client, server, m, Capture::response(kChanged),
               "Update (PUT, Table 16 form) of /rd/5a3f repeating ept and ep", "Update accepted");

  // t=100 A second client registers the same ept+ep while /rd/5a3f is alive.
  cap.wait(8.0);
  m = cap.request(coap::kPost);
  m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
  m.query({"ept=2", ep, "lt=60", "lwm2m=1.1", "b=U"}).body(links);
  cap.exchange(other_client, server, m, Capture::response(coap::kConflict),
               "Register from a second address with the same ept+ep while /rd/5a3f is alive: "
               "duplicate name",
               "4.09 Conflict: duplicate Endpoint Client Type and Name");

  // t=110 De-register.
  cap.wait(10.0);
  m = cap.request(coap::kDelete);
  m.path("/rd/5a3f");
  cap.exchange(client, server, m, Capture::response(coap::kDeleted), "De-register /rd/5a3f",
               "De-register done");
}

}  // namespace capgen
