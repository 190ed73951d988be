// exchanges: request/response pairing, Block1 reassembly and CoAP over TCP with several messages
// per segment - the cases where matching by MID or token alone goes wrong.
//
//   A. UDP, one client: an empty-token Register whose MID and empty token the server's own Read
//      reuses in the other direction; a server Read reusing the Update's token; a duplicated
//      response; a retransmitted request.
//   B. UDP Block1 Register whose server shrinks the block size after block 0 (RFC 7959 section
//      2.3: 64-byte block 0, then NUM 2 and 3 of 32 bytes), and a retransmitted last block.
//   C. CoAP over TCP (RFC 8323): a CSM and half a Register in one segment, the rest of it and two
//      more Registers in the next; the server's CSM and three 2.01 in one segment.
//
// Addresses, MIDs and tokens are fixed here (not the Capture counters), because the point of
// the capture is which numbers repeat.
#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "scenarios.h"

namespace capgen {
namespace {

using coap::Bytes;

constexpr double kRtt = 0.0015;  // request -> response
constexpr double kGap = 1.0;     // between groups (an exchange with its repeats)

coap::MessageData message(coap::Type type, std::uint8_t code, std::uint16_t mid, Bytes token) {
  coap::MessageData m;
  m.type = type;
  m.code = code;
  m.message_id = mid;
  m.token = std::move(token);
  return m;
}

std::string frame_ref(std::uint64_t n) {
  return "frame " + std::to_string(n);
}

// --- A: MIDs and tokens that repeat --------------------------------------------------------------

void section_a(Capture& cap) {
  using coap::kChanged;
  using coap::kContent;
  using coap::kCreated;
  using coap::kGet;
  using coap::kNotFound;
  using coap::kPost;
  using coap::Type;
  const Endpoint client = endpoint("10.0.0.41", 49153);
  const Endpoint server = endpoint("10.0.0.1", 5683);
  const Bytes none;
  const Bytes aa01 = {0xAA, 0x01}, aa02 = {0xAA, 0x02}, aa03 = {0xAA, 0x03};

  // 1-2: Register with an empty token.
  coap::MessageData reg = message(Type::kConfirmable, kPost, 0x2000, none);
  reg.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
  reg.query({"ept=2", "ep=urn:imei:490154203237518", "lt=300"}).body("</1/0>,</3/0>");
  cap.send(client, server, reg,
           "Register with an empty token (TKL 0), MID 0x2000: valid IMEI URN; its response is "
           "frame 2");
  cap.wait(kRtt);
  cap.send(server, client, message(Type::kAcknowledgement, kCreated, 0x2000, none).location("rd/7"),
           "answers frame 1 (MID 0x2000, empty token): Register response, location /rd/7");
  cap.wait(kGap);

  // 3-4: the server's Read reuses MID 0x2000 and the empty token, in the other direction.
  coap::MessageData read = message(Type::kConfirmable, kGet, 0x2000, none);
  read.path("/3/0").add_uint(coap::kAccept, coap::kLwm2mTlv);
  cap.send(server, client, read,
           "server's Read /3/0 (server to client) with MID 0x2000 and the empty token again: "
           "not LwM2M; not a repeat of frame 1 or 2");
  cap.wait(kRtt);
  const Bytes device = {0xC4, 0x00, 'A', 'C', 'M', 'E',             // 0 Manufacturer
                        0xC6, 0x01, 'T', '-', '1', '0', '0', '0'};  // 1 Model Number
  cap.send(client, server,
           message(Type::kAcknowledgement, kContent, 0x2000, none)
               .add_uint(coap::kContentFormat, coap::kLwm2mTlv)
               .body(device),
           "answers frame 3, NOT the Register of frame 1 (same MID 0x2000 and empty token, but "
           "client to server): must not be shown as an LwM2M response");
  cap.wait(kGap);

  // 5-6: Update with token AA01.
  coap::MessageData update = message(Type::kConfirmable, kPost, 0x2001, aa01);
  update.path("/rd/7").query({"lt=300"});
  cap.send(client, server, update, "Update of /rd/7 (lt=300), token aa01; its response is frame 6");
  cap.wait(kRtt);
  cap.send(server, client, message(Type::kAcknowledgement, kChanged, 0x2001, aa01),
           "answers frame 5: Update response");
  cap.wait(kGap);

  // 7-8: the server's Read reuses the Update's token.
  read = message(Type::kConfirmable, kGet, 0x7000, aa01);
  read.path("/3/0/1");
  cap.send(server, client, read,
           "server's Read /3/0/1 (server to client), MID 0x7000, reusing the Update's token aa01: "
           "not LwM2M");
  cap.wait(kRtt);
  cap.send(client, server, message(Type::kAcknowledgement, kNotFound, 0x7000, aa01),
           "answers frame 7 (MID 0x7000), NOT the Update of frame 5 despite the token aa01: must "
           "not be shown as an LwM2M response");
  cap.wait(kGap);

  // 9-11: Update answered twice (a duplicated response).
  update = message(Type::kConfirmable, kPost, 0x2002, aa02);
  update.path("/rd/7").query({"lt=600"});
  cap.send(client, server, update,
           "Update of /rd/7 (lt=600), token aa02; its response is frame 10 (frame 11 repeats it)");
  cap.wait(kRtt);
  const coap::MessageData changed = message(Type::kAcknowledgement, kChanged, 0x2002, aa02);
  cap.send(server, client, changed, "answers frame 9: Update response");
  cap.wait(0.5);
  cap.send(server, client, changed,
           "duplicate of frame 10 (same MID 0x2002, token, bytes) 0.5 s later: answers frame 9 "
           "again; frame 9's response stays frame 10");
  cap.wait(kGap);

  // 12-14: Update retransmitted, then answered once.
  update = message(Type::kConfirmable, kPost, 0x2003, aa03);
  update.path("/rd/7").query({"lt=900"});
  cap.send(client, server, update,
           "Update of /rd/7 (lt=900), token aa03; retransmitted as frame 13, answered by frame 14");
  cap.wait(2.0);
  cap.send(client, server, update,
           "CoAP retransmission of frame 12 (same MID 0x2003, token, bytes) 2 s later: the same "
           "Update, not a second one");
  cap.wait(kRtt);
  cap.send(server, client, message(Type::kAcknowledgement, kChanged, 0x2003, aa03),
           "answers the Update of frame 12 (sent twice: frames 12 and 13): Update response");
  cap.wait(kGap);
}

// --- B: Block1 with a smaller block size from block 1 on ----------------------------------------

void section_b(Capture& cap) {
  using coap::kContinue;
  using coap::kCreated;
  using coap::kPost;
  using coap::Type;
  const Endpoint client = endpoint("10.0.0.42", 49153);
  const Endpoint server = endpoint("10.0.0.1", 5683);
  // 105 bytes: block 0 (64 B) ends inside `</3304/1>`, block 2 (32 B at offset 64) inside
  // `</5/0>`; block 3 holds the last 9.
  const std::string payload =
      "</1/0>,</3/0>;ver=1.1,</3303/0>,</3303/1>,</3303/2>,</3304/0>,</3304/1>,</3308/0>,"
      "</3308/1>,</5/0>,</4/0>";
  struct Block {
    std::uint16_t mid;
    Bytes token;
    std::uint32_t num;
    unsigned szx;
  };
  const Block blocks[] = {
      {0x3000, {0xBB, 0x00}, 0, 2}, {0x3001, {0xBB, 0x02}, 2, 1}, {0x3002, {0xBB, 0x03}, 3, 1}};
  const std::uint64_t first = cap.next_frame_number();

  coap::MessageData last_block, last_answer;
  for (const Block& b : blocks) {
    std::size_t size = 16u << b.szx, offset = b.num * size;
    std::size_t end = std::min(payload.size(), offset + size);
    bool more = end < payload.size();
    coap::MessageData m = message(Type::kConfirmable, kPost, b.mid, b.token);
    m.path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
    m.query({"ept=2", "ep=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6", "lt=300"});
    m.add(coap::kBlock1, coap::block_value(b.num, more, b.szx));
    m.body(payload.substr(offset, end - offset));

    std::string range = "bytes " + std::to_string(offset) + "-" + std::to_string(end - 1) +
                        " of the " + std::to_string(payload.size()) + "-byte payload";
    std::string intent;
    coap::MessageData answer;
    std::string answer_intent;
    if (b.num == 0) {
      intent = "Block1 Register, block 0 (64 B, M=1, " + range +
               "): the parameters; valid UUID URN; the transfer ends in " + frame_ref(first + 4) +
               " (payload reassembled there)";
      // The server asks for 32-byte blocks from now on: Block1 NUM=0 SZX=1 in its 2.31.
      answer = message(Type::kAcknowledgement, kContinue, b.mid, b.token);
      answer.add(coap::kBlock1, coap::block_value(0, true, 1));
      answer_intent =
          "2.31 Continue for block 0 with Block1 SZX=1: the server asks for 32-byte blocks";
    } else if (more) {
      intent = "Block1 block NUM=2 at 32 B (" + range +
               "): RFC 7959 section 2.3, the next block at the new size is 64/32 = 2; no block is "
               "missing";
      answer = message(Type::kAcknowledgement, kContinue, b.mid, b.token);
      answer.add(coap::kBlock1, coap::block_value(b.num, true, b.szx));
      answer_intent = "2.31 Continue for block 2";
    } else {
      intent = "last block NUM=3 (M=0, " + range +
               "): the transfer is complete; reassembled "
               "payload " +
               std::to_string(payload.size()) + " B, " +
               std::to_string(std::count(payload.begin(), payload.end(), '<')) + " links";
      answer = message(Type::kAcknowledgement, kCreated, b.mid, b.token);
      answer.add(coap::kBlock1, coap::block_value(b.num, false, b.szx));
      answer.location("rd/8");
      answer_intent = "answers the Block1 Register (" + frame_ref(first) + " to " +
                      frame_ref(first + 4) + "): Register response, location /rd/8";
      last_block = m;
      last_answer = answer;
    }
    cap.send(client, server, m, intent);
    cap.wait(kRtt);
    cap.send(server, client, answer, answer_intent);
    if (more) cap.wait(kGap);
  }

  // The last block again 2 s after the first time (the client missed the 2.01), and the
  // server's same answer.
  cap.wait(2.0 - kRtt);
  cap.send(client, server, last_block,
           "retransmission of " + frame_ref(first + 4) +
               " (same MID 0x3002, token bb03, bytes): not a second Register, not a new or "
               "incomplete transfer");
  cap.wait(kRtt);
  cap.send(server, client, last_answer,
           "the server answers the retransmission like " + frame_ref(first + 5) +
               " (same MID and token): a duplicate of that Register response");
  cap.wait(kGap);
}

// --- C: CoAP over TCP, several messages per segment ---------------------------------------------

// Appends b to a.
void append(Bytes& a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
}

// The frame note of a whole stream-form message, labelled ("r1: ").
Capture::Part whole(const std::string& label, const coap::MessageData& m,
                    const std::string& intent) {
  Summary s = summarize_stream(m);
  if (!label.empty()) s.kind = label + ": " + s.kind;
  return {s, intent};
}

void section_c(Capture& cap) {
  using coap::kCreated;
  using coap::kCsm;
  using coap::kPost;
  const Endpoint client = endpoint("10.0.0.43", 40000);
  const Endpoint server = endpoint("10.0.0.1", 5683);
  const std::string names[] = {"urn:imei:490154203237518", "urn:imei:356938035643809",
                               "urn:imei:49015420323751"};
  coap::MessageData csm;
  csm.code = kCsm;
  coap::MessageData reg[3], created[3];
  for (int i = 0; i < 3; ++i) {
    const Bytes token = {static_cast<std::uint8_t>(i + 1)};
    reg[i].code = kPost;
    reg[i].token = token;
    reg[i].path("/rd").add_uint(coap::kContentFormat, coap::kLinkFormat);
    reg[i].query({"ept=2", "ep=" + names[i], "lt=300", "b=T"}).body("</1/0>,</3/0>");
    created[i].code = kCreated;
    created[i].token = token;
    created[i].location("rd/t" + std::to_string(i + 1));
  }

  // r1 is cut in the middle, which falls inside the value of its Uri-Query option ep=...
  const Bytes r1 = coap::encode_stream(reg[0]);
  const std::size_t cut = r1.size() / 2;
  const std::string ep_option = "ep=" + names[0];
  std::size_t ep_at = std::string(r1.begin(), r1.end()).find(ep_option);
  if (ep_at == std::string::npos || cut <= ep_at || cut >= ep_at + ep_option.size()) {
    throw std::logic_error("exchanges: the cut of r1 is not inside its ep option");
  }
  const std::string before(r1.begin() + static_cast<std::ptrdiff_t>(ep_at),
                           r1.begin() + static_cast<std::ptrdiff_t>(cut));

  TcpConnection tcp(cap, client, server, 0x10000000u, 0x20000000u);
  tcp.open(kRtt, 0.0001);
  cap.wait(0.0001);

  // Client segment 1: CSM + r1[0, cut).
  const std::uint64_t seg1 = cap.next_frame_number();
  Bytes data = coap::encode_stream(csm);
  const std::size_t csm_size = data.size();
  append(data, Bytes(r1.begin(), r1.begin() + static_cast<std::ptrdiff_t>(cut)));
  Summary piece;
  piece.kind = "r1: POST tok 01, its first " + std::to_string(cut) + " of " +
               std::to_string(r1.size()) + " bytes (segment bytes " + std::to_string(csm_size + 1) +
               "-" + std::to_string(data.size()) + "), cut inside the Uri-Query option after `" +
               before + "`";
  tcp.send(true, data,
           {whole("", csm,
                  "client CSM (no options; segment bytes 1-" + std::to_string(csm_size) +
                      "): signalling, not LwM2M"),
            {piece,
             "first half of Register r1: nothing to decode yet; TCP reassembly completes "
             "it in " +
                 frame_ref(seg1 + 1)}});
  cap.wait(0.0001);

  // Client segment 2: r1[cut, end) + r2 + r3.
  data.assign(r1.begin() + static_cast<std::ptrdiff_t>(cut), r1.end());
  append(data, coap::encode_stream(reg[1]));
  append(data, coap::encode_stream(reg[2]));
  const std::uint64_t seg2 = cap.next_frame_number();
  Summary r1_summary = summarize_stream(reg[0]);
  r1_summary.kind = "r1 (reassembled: " + std::to_string(cut) + " bytes from " + frame_ref(seg1) +
                    ", " + std::to_string(r1.size() - cut) + " here): " + r1_summary.kind;
  tcp.send(true, data,
           {{r1_summary,
             "Register r1 (token 01): valid IMEI URN, binding T; its response is the "
             "first 2.01 of " +
                 frame_ref(seg2 + 2)},
            whole("r2", reg[1],
                  "Register r2 (token 02), second message of the segment: valid "
                  "IMEI URN; its response is the second 2.01 of " +
                      frame_ref(seg2 + 2)),
            whole("r3", reg[2],
                  "Register r3 (token 03), third message of the segment: invalid: "
                  "IMEI has 14 digits, expected 15; its response is the third "
                  "2.01 of " +
                      frame_ref(seg2 + 2))});
  cap.wait(0.0002);
  tcp.ack(false, "pure ACK of the client's " + std::to_string(tcp.relative_seq(true) - 1) +
                     " bytes (" + frame_ref(seg1) + " and " + frame_ref(seg2) + ")");
  cap.wait(kRtt - 0.0002);

  // Server segment: CSM + three 2.01.
  data = coap::encode_stream(csm);
  std::vector<Capture::Part> parts = {whole("", csm, "server CSM: signalling, not LwM2M")};
  for (int i = 0; i < 3; ++i) {
    append(data, coap::encode_stream(created[i]));
    std::string r = "r" + std::to_string(i + 1);
    parts.push_back(whole(
        "", created[i],
        "answers " + r + " (token 0" + std::to_string(i + 1) + ", " +
            (i == 0 ? "frames " + std::to_string(seg1) + "-" + std::to_string(seg2)
                    : frame_ref(seg2)) +
            "): Register response, "
            "location /rd/t" +
            std::to_string(i + 1) + (i == 2 ? " (the server accepts the invalid name)" : "")));
  }
  const std::uint64_t answers = cap.next_frame_number();
  tcp.send(false, data, parts);
  cap.wait(0.0002);
  tcp.ack(true, "pure ACK of " + frame_ref(answers));
  cap.wait(kGap);
  tcp.close(true, kRtt, 0.0001);
}

}  // namespace

void scenario_exchanges(Capture& cap, const ScenarioArgs&) {
  section_a(cap);
  section_b(cap);
  section_c(cap);
}

}  // namespace capgen
