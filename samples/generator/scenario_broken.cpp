// broken-coap: hostile and malformed CoAP datagrams to udp/5683 (and a few as responses) that a
// dissector must survive. Each case comes from its own client address (10.0.0.101, .102, ...),
// so no case leans on another one's state. Frames that are whole, well-formed CoAP Registers are
// answered; frames a server could not parse are answered with a Reset where a MID is readable,
// or not at all.
#include <algorithm>
#include <string>
#include <vector>

#include "scenarios.h"

namespace capgen {
namespace {

using namespace std::string_literals;
using coap::Bytes;

const Endpoint kServer = endpoint("10.0.0.1", 5683);
constexpr double kGap = 0.5;

class Broken {
 public:
  explicit Broken(Capture& cap) : cap_(cap) {}

  // The client of the next case.
  Endpoint next_client() {
    return Endpoint{Address::v4(0x0A000065 + client_++), 49153};  // 10.0.0.101 ...
  }

  // A Register with the given query options and payload (Content-Format 40).
  coap::MessageData register_request(const std::vector<std::string>& query, const Bytes& payload) {
    coap::MessageData m = cap_.request(coap::kPost);
    m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
    for (const auto& q : query) m.add(coap::kUriQuery, q);
    m.body(payload);
    return m;
  }
  coap::MessageData register_request(const std::vector<std::string>& query,
                                     const std::string& payload = kObjectLinks) {
    return register_request(query, Bytes(payload.begin(), payload.end()));
  }

  // The first bytes of a CoAP message: header with any token length nibble, then `token`.
  Bytes head(std::uint8_t type_tkl, std::uint8_t code, std::uint16_t mid, const Bytes& token) {
    Bytes b(4 + token.size());  // not insert(): see udp_datagram() in packet.cpp
    b[0] = type_tkl;
    b[1] = code;
    b[2] = static_cast<std::uint8_t>(mid >> 8);
    b[3] = static_cast<std::uint8_t>(mid);
    std::copy(token.begin(), token.end(), b.begin() + 4);
    return b;
  }

  // A request the server cannot parse, answered by RST (when rst) after 1 ms.
  void unparseable(const Bytes& payload, const std::string& what, const std::string& intent,
                   bool rst, std::uint16_t mid = 0) {
    Endpoint c = next_client();
    cap_.send_raw(c, kServer, payload, what, intent);
    if (rst) {
      cap_.wait(0.001);
      coap::MessageData r;
      r.type = coap::Type::kReset;
      r.message_id = mid;
      cap_.send(kServer, c, r, "Reset: the server rejects the unparseable message");
    }
    cap_.wait(kGap);
  }

  // A parseable Register and its answer.
  void answered(const coap::MessageData& req, coap::MessageData resp, const std::string& intent,
                const std::string& resp_intent) {
    cap_.exchange(next_client(), kServer, req, std::move(resp), intent, resp_intent);
    cap_.wait(kGap);
  }

  Capture& cap() { return cap_; }

 private:
  Capture& cap_;
  std::uint32_t client_ = 0;
};

void append(Bytes& b, std::initializer_list<std::uint8_t> more) {
  b.insert(b.end(), more);
}
void append(Bytes& b, const std::string& more) {
  b.insert(b.end(), more.begin(), more.end());
}

}  // namespace

void scenario_broken_coap(Capture& cap, const ScenarioArgs&) {
  using coap::kBadOption;
  using coap::kBadRequest;
  using coap::kCreated;
  using coap::kPost;
  using coap::kRequestEntityIncomplete;
  Broken t(cap);
  const std::string good_ep = "ep=urn:imei:490154203237518";
  auto bad_request = [] { return Capture::response(kBadRequest); };

  // Truncated header: 2 of the 4 fixed header bytes.
  t.unparseable({0x40, 0x02}, "2-byte UDP payload: CoAP header cut after the code byte",
                "truncated CoAP header (ver 1, CON, TKL 0, POST, no MID)", false);

  // Token length nibble 9 and 15 (reserved, RFC 7252 section 3).
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x49, kPost, mid, {1, 2, 3, 4, 5, 6, 7, 8, 9});
    append(b, {0xB2, 'r', 'd'});
    t.unparseable(
        b, "CON POST with TKL=9, 9 token bytes, Uri-Path rd",
        "TKL 9: a message format error in RFC 7252 (9-15 reserved); RFC 8974 makes 9-12 plain "
        "token lengths",
        true, mid);
  }
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x4F, kPost, mid, Bytes(15, 0xAB));
    append(b, {0xB2, 'r', 'd'});
    t.unparseable(b, "CON POST with TKL=15, 15 token bytes, Uri-Path rd",
                  "TKL 15: reserved in RFC 7252 and in RFC 8974 (message format error)", true, mid);
  }

  // An option whose length runs past the end of the datagram.
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x44, kPost, mid, cap.next_token());
    append(b, {0xB2, 'r', 'd', 0x4C});  // Uri-Path "rd", then Uri-Query claiming 12 bytes
    append(b, "ept=2");                 // ... of which only 5 follow
    t.unparseable(b, "CON POST /rd, then a Uri-Query option of length 12 with 5 bytes left",
                  "option value runs past the end of the message", true, mid);
  }
  // An option length extension (nibble 14) cut after one of its two bytes.
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x44, kPost, mid, cap.next_token());
    append(b, {0xB2, 'r', 'd', 0x4E, 0x01});
    t.unparseable(b, "CON POST /rd, then Uri-Query with length nibble 14 and 1 of 2 ext bytes",
                  "option length extension runs past the end", true, mid);
  }
  // Reserved option delta 15 (not the 0xFF payload marker).
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x44, kPost, mid, cap.next_token());
    append(b, {0xB2, 'r', 'd', 0xF3, 'a', 'b', 'c'});
    t.unparseable(b, "CON POST /rd, then option byte 0xF3 (delta 15, length 3) + `abc`",
                  "reserved option delta 15 (message format error)", true, mid);
  }
  // Reserved option length 15.
  {
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x44, kPost, mid, cap.next_token());
    append(b, {0xBF, 'r', 'd'});
    t.unparseable(b, "CON POST, option byte 0xBF (Uri-Path, length 15) + `rd`",
                  "reserved option length 15 (message format error)", true, mid);
  }
  // Payload marker with no payload after it.
  {
    coap::MessageData m = cap.request(kPost);
    m.path("/rd").query({"ept=2", good_ep});
    Bytes b = coap::encode_datagram(m);
    b.push_back(0xFF);
    t.unparseable(b, "CON POST /rd?ept=2&ep=urn:imei:490154203237518 ending in 0xFF",
                  "payload marker followed by a zero-length payload (message format error)", true,
                  m.message_id);
  }

  // Three Uri-Query options of 1000+ bytes each (option length extension 14).
  {
    std::string ep = "ep=urn:dev:ops:32473-" + std::string(1000, 'A');
    std::string lt = "lt=" + std::string(1000, '0') + "300";
    std::string x = "xtra=" + std::string(1000, 'x');
    t.answered(t.register_request({"ept=2", ep, lt, x}), bad_request(),
               "Register with three Uri-Query options of 1021, 1006 and 1005 bytes: ep too long "
               "(1018 B), unknown parameter xtra",
               "Register rejected");
  }
  // ep repeated 50 times.
  {
    std::vector<std::string> q = {"ept=2"};
    for (int i = 0; i < 50; ++i) q.push_back(good_ep);
    q.push_back("lt=300");
    t.answered(t.register_request(q), bad_request(),
               "Register with ep=urn:imei:490154203237518 repeated 50 times (duplicate parameter)",
               "Register rejected");
  }
  // Uri-Query bytes that are not UTF-8.
  t.answered(t.register_request({"ept=2",
                                 "ep=\xFF\xFE"
                                 "urn:imei:490154203237518",
                                 "lt=300"}),
             bad_request(), "Register, ep starts with bytes FF FE (never valid in UTF-8)",
             "Register rejected");
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-\x80\xBF-1", "lt=300"}),
             bad_request(), "Register, ep holds lone continuation bytes 80 BF",
             "Register rejected");
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-\xC0\xAF\xE0\x80\xAF-1", "lt=300"}),
             bad_request(), "Register, ep holds overlong encodings C0 AF and E0 80 AF (both '/')",
             "Register rejected");
  t.answered(t.register_request({"ept=2", "\xFF\xFE=\x80", good_ep, "lt=300"}), bad_request(),
             "Register with a non-UTF-8 parameter name (FF FE) and value (80)",
             "Register rejected");
  // NUL bytes in ep.
  t.answered(t.register_request({"ept=2",
                                 "ep=urn:imei:4901542\0"
                                 "03237518\0"s,
                                 "lt=300"}),
             bad_request(), "Register, ep holds NUL bytes (after 4901542 and at the end)",
             "Register rejected");
  // ept far beyond any integer type.
  t.answered(t.register_request({"ept=99999999999999999999", good_ep, "lt=300"}), bad_request(),
             "Register with ept=99999999999999999999 (overflows 64 bits)", "Register rejected");

  // Block1 option with a 4-byte value (at most 3 allowed).
  {
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Block-1", "lt=300"});
    m.add(coap::kBlock1, Bytes{0x00, 0x00, 0x00, 0x02});
    t.answered(m, Capture::response(kBadOption),
               "Register with a 4-byte Block1 option value (invalid; max 3 bytes)",
               "4.02 Bad Option");
  }
  // Block1 with block number 1000000.
  {
    std::string filler(64, ',');
    coap::MessageData m =
        t.register_request({"ept=2", "ep=urn:dev:ops:32473-Block-2", "lt=300"}, filler);
    m.add(coap::kBlock1, coap::block_value(1000000, false, 2));
    t.answered(m, Capture::response(kRequestEntityIncomplete),
               "Register with Block1 NUM=1000000 (64-byte blocks) and no block 0 before it",
               "4.08 Request Entity Incomplete");
  }

  // Link-format payloads that are garbage.
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Links-1", "lt=300"}, "<<<"),
             bad_request(), "Register, link-format payload `<<<`", "Register rejected");
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Links-2", "lt=300"}, "</70000/0>"),
             bad_request(), "Register, payload `</70000/0>` (object ID above 65535)",
             "Register rejected");
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Links-3", "lt=300"}, "</1>;rt=\"x"),
             bad_request(), "Register, payload `</1>;rt=\"x` (unterminated quote)",
             "Register rejected");
  t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Links-4", "lt=300"},
                                std::string(2000, ',')),
             bad_request(), "Register, payload of 2000 commas", "Register rejected");

  // A 2.01 with 40 Location-Path options.
  {
    coap::MessageData resp = Capture::response(kCreated);
    resp.location("rd");
    for (int i = 1; i < 40; ++i) resp.add(coap::kLocationPath, "s" + std::to_string(i));
    t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Loc-40", "lt=300"}), resp,
               "Register (valid, urn:dev:ops:32473-Loc-40)",
               "2.01 with 40 Location-Path options: rd, s1 ... s39");
  }

  // A UDP datagram with no payload at all.
  t.unparseable({}, "UDP datagram to 5683 with a zero-length payload",
                "empty datagram (RFC 7252: silently ignored)", false);

  // The first fragment of a Register whose other fragments never arrive.
  {
    Endpoint c = t.next_client();
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Frag-1", "lt=300"},
                                             std::string(1200, ','));
    auto frags = udp_fragments(c, kServer, coap::encode_datagram(m), cap.next_ip_id(), 1000);
    cap.write_frame(frags.front(), 0, c, kServer,
                    "IPv4 fragment 1 of 2 (MF=1, offset 0, 1000 B of IP payload)",
                    "first fragment of a Register; fragment 2 never sent: no CoAP is dissected");
    cap.wait(kGap);
  }
  // A Register in two IPv4 fragments that reassemble, and its answer.
  {
    Endpoint c = t.next_client();
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Frag-2", "lt=300"},
                                             std::string(1200, ','));
    auto frags = udp_fragments(c, kServer, coap::encode_datagram(m), cap.next_ip_id(), 1000);
    cap.write_frame(frags[0], 0, c, kServer, "IPv4 fragment 1 of 2 (MF=1, offset 0)",
                    "Register (valid name), first fragment");
    cap.wait(0.0001);
    cap.write_frame(frags[1], 0, c, kServer, "IPv4 fragment 2 of 2 (offset 1000)",
                    "Register reassembled here: CON POST /rd?ept=2&ep=urn:dev:ops:32473-Frag-2"
                    "&lt=300, payload 1200 commas");
    cap.wait(0.0015);
    coap::MessageData resp = Capture::response(kCreated).location("rd/frag");
    resp.message_id = m.message_id;
    resp.token = m.token;
    cap.send(kServer, c, resp, "Register accepted, location /rd/frag");
    cap.wait(kGap);
  }
  // A frame cut by the capture: the record says 200 bytes, only 60 were captured.
  {
    Endpoint c = t.next_client();
    // The link-format payload is padded with a link attribute so that the frame is 200 bytes.
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Cut-1", "lt=300"});
    std::size_t bare = udp_frame(c, kServer, coap::encode_datagram(m), 0).size();
    std::string links = std::string(kObjectLinks) + ";t=\"\"";
    links.insert(links.size() - 1, std::string(200 - bare - 5, 'x'));
    m.body(links);
    Bytes frame = udp_frame(c, kServer, coap::encode_datagram(m), cap.next_ip_id());
    auto original = static_cast<std::uint32_t>(frame.size());
    frame.resize(60);
    cap.write_frame(frame, original, c, kServer,
                    "Register frame of " + std::to_string(original) +
                        " B captured as 60 B (pcap caplen 60 < len)",
                    "truncated capture: 18 bytes of CoAP survive (header, token, Uri-Path rd, "
                    "Content-Format 40, first Uri-Query cut after `ept=`)");
    cap.wait(kGap);
  }

  // Hostile responses to well-formed Registers.
  {
    Endpoint c = t.next_client();
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Resp-1", "lt=300"});
    cap.send(c, kServer, m, "Register (valid)");
    cap.wait(0.0015);
    Bytes token = m.token;
    token.insert(token.end(), {0, 0, 0, 0, 0});  // the request's 4 bytes + 5 zero bytes
    Bytes b = t.head(0x69 /* ACK, TKL 9 */, kCreated, m.message_id, token);
    append(b, {0x82, 'r', 'd', 0x01, '1'});
    cap.send_raw(kServer, c, b,
                 "ACK 2.01 with TKL=9: the request's token + 5 zero bytes, Location-Path rd, 1",
                 "response with TKL 9 (RFC 7252 reserved; RFC 8974 token of 9 bytes that does not "
                 "match the request's 4-byte token)");
    cap.wait(kGap);
  }
  {
    Endpoint c = t.next_client();
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Resp-2", "lt=300"});
    cap.send(c, kServer, m, "Register (valid)");
    cap.wait(0.0015);
    Bytes b = t.head(0x64 /* ACK, TKL 4 */, kCreated, m.message_id, m.token);
    append(b, {0x82, 'r', 'd', 0x08, '1', '2'});  // 2nd Location-Path claims 8 bytes, has 2
    cap.send_raw(kServer, c, b,
                 "ACK 2.01, Location-Path rd, then Location-Path of length 8 "
                 "with 2 bytes left",
                 "response whose Location-Path runs past the end");
    cap.wait(kGap);
  }
  {
    Endpoint c = t.next_client();
    coap::MessageData resp = Capture::response(kCreated).location("rd/ghost");
    resp.message_id = 0x7777;
    resp.token = {0xde, 0xad, 0xbe, 0xef};
    cap.send(kServer, c, resp, "2.01 for a request that was never sent (unknown MID and token)");
    cap.wait(kGap);
  }
  {
    coap::MessageData resp = Capture::response(kCreated);
    resp.add(coap::kLocationPath, "rd").add(coap::kLocationPath, "");
    t.answered(t.register_request({"ept=2", "ep=urn:dev:ops:32473-Resp-4", "lt=300"}), resp,
               "Register (valid)", "2.01 with Location-Path `rd` and an empty second segment");
  }
  {
    Endpoint c = t.next_client();
    coap::MessageData m = t.register_request({"ept=2", "ep=urn:dev:ops:32473-Resp-5", "lt=300"});
    cap.send(c, kServer, m, "Register (valid)");
    cap.wait(0.0015);
    coap::MessageData r;
    r.type = coap::Type::kReset;
    r.code = kCreated;
    r.message_id = m.message_id;
    r.token = m.token;
    r.location("rd/rst");
    cap.send(kServer, c, r,
             "RST carrying code 2.01, a token and Location-Path (a RST must be "
             "empty)");
    cap.wait(kGap);
  }

  // Over IPv6: a Register with a reserved token length 13, then one cut mid-option.
  {
    Endpoint c = endpoint("fd00::66", 49153);
    Endpoint s = endpoint("fd00::1", 5683);
    std::uint16_t mid = cap.next_mid();
    Bytes b = t.head(0x4D, kPost, mid, Bytes(13, 0x11));
    append(b, {0xB2, 'r', 'd'});
    cap.send_raw(c, s, b, "CON POST with TKL=13 over IPv6",
                 "TKL 13: reserved in RFC 7252; in RFC 8974 an extension byte follows (0x11: a "
                 "30-byte token), which runs past the end");
    cap.wait(kGap);
    coap::MessageData m = t.register_request({"ept=2", good_ep, "lt=300"});
    Bytes e = coap::encode_datagram(m);
    e.resize(20);
    cap.send_raw(c, s, e,
                 "Register over IPv6 cut after 20 bytes: after Uri-Query `ept=2`, inside the next "
                 "option header (its length extension byte is missing)",
                 "option header runs past the end, IPv6");
  }
}

}  // namespace capgen
