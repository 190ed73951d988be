// edges: the edges of registration tracking a review found, over IPv4 with real times - an Update
// that sends ep without ept (a rename that keeps the type) or ept without ep (the pair judged
// with the registration's name), a stray Update and a second De-register after a De-register's
// 2.02, an Update accepted after a Register of another client saw its registration expire, a
// Register's other-type note after the other registration is renamed, a Block1 Register that
// duplicates a live registration, and a Block1 Update whose 2.31 Continue is no acceptance.
//
// Server 10.0.0.1:5683. Client X (A, B, C, ...) is 10.0.3.n:49153 with n its place in the
// alphabet (A = 10.0.3.1). Each group of cases starts at its own time (0, 200, 400, ... s) and its
// requests are at fixed times (at() below). MIDs and tokens are the Capture counters (the server's
// own CON answer in group 5 has MID 0x7001); each request is answered by a piggybacked ACK 1.5 ms
// later unless said. Registers carry Content-Format 40 and the payload </1/0>,</3/0> (the Block1
// Register of group 7 a longer one).
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

using coap::kBadRequest;
using coap::kChanged;
using coap::kConflict;
using coap::kContinue;
using coap::kDelete;
using coap::kDeleted;
using coap::kNotFound;
using coap::kPost;
using coap::kPut;
using coap::Type;

const Endpoint kServer = endpoint("10.0.0.1", 5683);

Endpoint client(char letter) {
  return Endpoint{Address::v4(0x0A000300 + static_cast<std::uint32_t>(letter - 'A' + 1)), 49153};
}

std::string urn(const std::string& imei) {
  return "urn:imei:" + imei;
}

// One block of a Block1 request: the request `m` (path, query and Content-Format set) carries
// bytes [num * size, ...) of `payload`, size 16 (SZX 0). Returns whether more blocks follow.
bool block_of(coap::MessageData& m, const std::string& payload, std::uint32_t num) {
  const std::size_t size = 16, offset = num * size;
  const std::size_t end = std::min(payload.size(), offset + size);
  const bool more = end < payload.size();
  m.add(coap::kBlock1, coap::block_value(num, more, 0));
  m.body(payload.substr(offset, end - offset));
  return more;
}

std::string byte_range(const std::string& payload, std::uint32_t num) {
  const std::size_t offset = num * 16u;
  const std::size_t end = std::min(payload.size(), offset + 16u);
  return "bytes " + std::to_string(offset) + "-" + std::to_string(end - 1) + " of the " +
         std::to_string(payload.size()) + "-byte payload";
}

}  // namespace

void scenario_edges(Capture& cap, const ScenarioArgs&) {
  // --- 1: an Update that sends ep without ept (t = 0-20 s) ---------------------------------------
  {
    const std::string a = urn("490154203237518"), b = urn("356938035643809");
    const std::uint64_t reg =
        ask_at(cap, kServer, 0, client('A'), register_with(cap, {"ept=2", "ep=" + a, "lt=300"}),
               created("rd/1"), "A registers " + a + " (ept 2): valid",
               "Register accepted, location /rd/1");
    const std::uint64_t rename = ask_at(
        cap, kServer, 10, client('A'), request_to(cap, kPut, "/rd/1", {"ep=" + b}),
        Capture::response(kChanged),
        "A's Update PUT /rd/1?ep=" + b +
            " sends ep without ept: the type is the registration's, 2 (lwm2m.ept 2); the name "
            "differs from the registered " +
            a + ", so the Update renames its registration (update.renamed) to " + b +
            " under ept 2",
        "Update accepted: /rd/1 now holds " + b + " under ept 2");
    ask_at(cap, kServer, 20, client('B'), register_with(cap, {"ept=2", "ep=" + b, "lt=300"}),
           Capture::response(kConflict),
           "B registers " + b + " (ept 2): a DUPLICATE of A's registration (" + frame_ref(reg) +
               ", /rd/1), which holds this name under ept 2 since the rename of " +
               frame_ref(rename) + " (not the same name under another type, nor without an ept)",
           "4.09 Conflict: duplicate Endpoint Client Type and Name (A's /rd/1)");
  }

  // --- 2: an Update that sends ept without ep (t = 200-210 s) ------------------------------------
  {
    const std::string c = urn("861234000000011");
    const std::uint64_t reg =
        ask_at(cap, kServer, 200, client('C'), register_with(cap, {"ept=2", "ep=" + c, "lt=300"}),
               created("rd/2"), "C registers " + c + " (ept 2): valid",
               "Register accepted, location /rd/2");
    ask_at(cap, kServer, 210, client('C'), request_to(cap, kPost, "/rd/2", {"ept=1"}),
           Capture::response(kChanged),
           "C's Update POST /rd/2?ept=1 sends ept without ep: the name is the registration's (" +
               frame_ref(reg) + "), " + c +
               ", and that pair is invalid: a URN under type 1 (ep.valid false, the problem "
               "\"looks like a URN (IMEI): that form is type 2 (URN), not type 1 "
               "(OUI-PC-Serial Number)\"); the type differs from the registration's, a rename "
               "(update.renamed)",
           "2.04 Changed: the server accepted the new type for /rd/2");
  }

  // --- 3: a stray Update after a De-register's 2.02 (t = 400-420 s) ------------------------------
  {
    const std::string l = urn("861234000000029");
    const std::uint64_t reg =
        ask_at(cap, kServer, 400, client('L'), register_with(cap, {"ept=2", "ep=" + l, "lt=300"}),
               created("rd/3"), "L registers " + l + " (ept 2): valid",
               "Register accepted, location /rd/3");
    const std::uint64_t dereg =
        ask_at(cap, kServer, 410, client('L'), request_to(cap, kDelete, "/rd/3"),
               Capture::response(kDeleted), "L's De-register of /rd/3",
               "2.02 Deleted: the registration of " + frame_ref(reg) + " ends");
    ask_at(cap, kServer, 420, client('L'), request_to(cap, kPost, "/rd/3"),
           Capture::response(kNotFound),
           "L's stray Update (POST) of /rd/3 after its De-register: an Update of a registration "
           "that was de-registered in " +
               frame_ref(dereg),
           "4.04 Not Found: the server has nothing at /rd/3 since the De-register of " +
               frame_ref(dereg) +
               "; the registration ended there, not here (no \"it ends here\"), and it stays "
               "de-registered");
  }

  // --- 4: two De-registers of one registration (t = 600-630 s) -----------------------------------
  {
    const std::string m = urn("861234000000037");
    const std::uint64_t reg =
        ask_at(cap, kServer, 600, client('M'), register_with(cap, {"ept=2", "ep=" + m, "lt=300"}),
               created("rd/4"), "M registers " + m + " (ept 2): valid",
               "Register accepted, location /rd/4");
    const std::uint64_t dereg =
        ask_at(cap, kServer, 610, client('M'), request_to(cap, kDelete, "/rd/4"),
               Capture::response(kDeleted), "M's De-register of /rd/4",
               "2.02 Deleted: the registration of " + frame_ref(reg) + " ends");
    ask_at(cap, kServer, 620, client('M'), request_to(cap, kDelete, "/rd/4"),
           Capture::response(kBadRequest),
           "M's second De-register of /rd/4 (a new MID and token: not a retransmission): a "
           "De-register of a registration that was de-registered in " +
               frame_ref(dereg),
           "4.00 Bad Request: the server refuses a De-register of what it no longer has; the "
           "registration stays ended (it ended with the 2.02 of " +
               frame_ref(dereg + 1) + ", which this answer does not undo)");
    ask_at(cap, kServer, 630, client('N'), register_with(cap, {"ept=2", "ep=" + m, "lt=300"}),
           created("rd/5"),
           "N registers " + m +
               " (ept 2), M's name: NOT a duplicate, M's registration ended "
               "with the De-register of " +
               frame_ref(dereg),
           "Register accepted, location /rd/5");
  }

  // --- 5: an Update answered after its registration's lifetime ran out (t = 800-870 s) -----------
  {
    const std::string d = urn("861234000000045");
    const std::uint64_t reg =
        ask_at(cap, kServer, 800, client('D'), register_with(cap, {"ept=2", "ep=" + d, "lt=60"}),
               created("rd/6"),
               "D registers " + d + " (ept 2) with lt=60: valid; runs out at t=860.0015 s",
               "Register accepted, location /rd/6");
    at(cap, 859.9);
    const std::uint64_t update = cap.next_frame_number();
    const coap::MessageData up = request_to(cap, kPost, "/rd/6");
    cap.send(client('D'), kServer, up,
             "D's Update (POST) of /rd/6 at t=859.9 s, 0.1 s before the lifetime runs out: in "
             "time");
    cap.wait(0.0015);
    cap.send(kServer, client('D'), message(Type::kAcknowledgement, 0, up.message_id, {}),
             "empty ACK of " + frame_ref(update) +
                 ": the answer follows separately (RFC 7252 "
                 "5.2.2)");
    ask_at(cap, kServer, 860.5, client('E'), register_with(cap, {"ept=2", "ep=" + d, "lt=60"}),
           Capture::response(kConflict),
           "E registers " + d +
               " (ept 2) at t=860.5 s: NOT a duplicate in the capture, D's "
               "registration ran out at t=860.0015 s and no answer has accepted its Update yet",
           "4.09 Conflict: the server, which has D's Update of " + frame_ref(update) +
               ", refuses the name as a duplicate");
    at(cap, 861);
    const std::uint64_t answer = cap.next_frame_number();
    cap.send(kServer, client('D'), message(Type::kConfirmable, kChanged, 0x7001, up.token),
             "the separate answer to " + frame_ref(update) +
                 " (CON 2.04, same token) at t=861 s: the server accepted the Update sent at "
                 "t=859.9 s, in time: the registration lives on, its 60 s counted from the "
                 "Update (to t=919.9 s)");
    cap.wait(0.0015);
    cap.send(client('D'), kServer, message(Type::kAcknowledgement, 0, 0x7001, {}),
             "D's empty ACK of " + frame_ref(answer));
    ask_at(cap, kServer, 870, client('F'), register_with(cap, {"ept=2", "ep=" + d, "lt=60"}),
           Capture::response(kConflict),
           "F registers " + d + " (ept 2) at t=870 s: a DUPLICATE of D's registration (" +
               frame_ref(reg) + ", /rd/6), alive since the 2.04 of " + frame_ref(answer),
           "4.09 Conflict: duplicate Endpoint Client Type and Name (D's /rd/6)");
  }

  // --- 6: a Register's other-type note after the other registration's rename (t = 1000-1020 s) ---
  {
    const std::string g = "00A0C9-SN77";
    const std::uint64_t reg =
        ask_at(cap, kServer, 1000, client('G'), register_with(cap, {"ept=1", "ep=" + g, "lt=300"}),
               created("rd/7"), "G registers " + g + " (ept 1, OUI-SN): valid",
               "Register accepted, location /rd/7");
    ask_at(cap, kServer, 1010, client('H'), register_with(cap, {"ept=101", "ep=" + g, "lt=300"}),
           created("rd/8"),
           "H registers " + g +
               " under ept 101 (vendor specific): not a duplicate; a note that "
               "the name is also registered under ept 1 (" +
               frame_ref(reg) +
               "), which it still says on a second pass after the rename that follows",
           "Register accepted, location /rd/8");
    ask_at(cap, kServer, 1020, client('G'), request_to(cap, kPut, "/rd/7", {"ept=102"}),
           Capture::response(kChanged),
           "G's Update PUT /rd/7?ept=102: the name stays " + g +
               ", the type becomes 102 (update.renamed)",
           "Update accepted: /rd/7 now holds " + g + " under ept 102");
  }

  // --- 7: a Block1 Register that duplicates a live registration (t = 1200-1212 s) ----------------
  {
    const std::string i = urn("861234000000052");
    const std::uint64_t reg =
        ask_at(cap, kServer, 1200, client('I'), register_with(cap, {"ept=2", "ep=" + i, "lt=300"}),
               created("rd/9"), "I registers " + i + " (ept 2): valid",
               "Register accepted, location /rd/9");
    const std::string links = "</1/0>,</3/0>,</4/0>,</5/0>,</3303/0>";  // 37 bytes: 3 blocks
    const std::uint64_t first = cap.next_frame_number();
    for (std::uint32_t num = 0; num < 3; ++num) {
      at(cap, 1210 + num);
      coap::MessageData m = register_with(cap, {"ept=2", "ep=" + i, "lt=300"}, "");
      const bool more = block_of(m, links, num);
      coap::MessageData answer = Capture::response(more ? kContinue : coap::kCreated);
      answer.add(coap::kBlock1, coap::block_value(num, more, 0));
      std::string intent, answer_intent;
      if (num == 0) {
        intent = "J's Block1 Register of " + i + " (ept 2), block 0 (16 B, M=1, " +
                 byte_range(links, num) + "): a DUPLICATE of I's registration (" + frame_ref(reg) +
                 ", /rd/9)";
        answer_intent = "2.31 Continue for block 0";
      } else if (more) {
        intent = "block 1 (M=1, " + byte_range(links, num) + ")";
        answer_intent = "2.31 Continue for block 1";
      } else {
        answer.location("rd/10");
        intent = "last block 2 (M=0, " + byte_range(links, num) + "): the transfer of " +
                 frame_ref(first) + " is complete";
        answer_intent =
            "2.01 Created, location /rd/10: the server accepted the Block1 Register "
            "that " +
            frame_ref(first) + " shows as a duplicate of " + frame_ref(reg) +
            ", where the seed expects 4.09 Conflict (conflict.expected)";
      }
      cap.exchange(client('J'), kServer, m, std::move(answer), intent, answer_intent);
    }
  }

  // --- 8: a Block1 Update refused after a 2.31 Continue (t = 1400-1500 s) ------------------------
  {
    const std::string k = urn("861234000000060");
    const std::uint64_t reg =
        ask_at(cap, kServer, 1400, client('K'), register_with(cap, {"ept=2", "ep=" + k, "lt=60"}),
               created("rd/11"),
               "K registers " + k + " (ept 2) with lt=60: valid; runs out at t=1460.0015 s",
               "Register accepted, location /rd/11");
    const std::string links = kObjectLinks;  // 29 bytes: 2 blocks
    const std::uint64_t first = cap.next_frame_number();
    for (std::uint32_t num = 0; num < 2; ++num) {
      at(cap, 1410 + num);
      coap::MessageData m = request_to(cap, kPost, "/rd/11", {"lt=600"});
      m.add_uint(coap::kContentFormat, coap::kLinkFormat);
      const bool more = block_of(m, links, num);
      coap::MessageData answer = Capture::response(more ? kContinue : kBadRequest);
      if (more) answer.add(coap::kBlock1, coap::block_value(num, more, 0));
      const std::string intent =
          more ? "K's Block1 Update POST /rd/11?lt=600 with new objects, block 0 (16 B, M=1, " +
                     byte_range(links, num) + ")"
               : "last block 1 (M=0, " + byte_range(links, num) + ") of the Update of " +
                     frame_ref(first);
      const std::string answer_intent =
          more ? "2.31 Continue for block 0: the server wants the rest, it has accepted nothing "
                 "yet (the lifetime stays 60 s)"
               : "4.00 Bad Request: the server refused the Update; the registration keeps its "
                 "lt=60 and runs out at t=1460.0015 s";
      cap.exchange(client('K'), kServer, m, std::move(answer), intent, answer_intent);
    }
    ask_at(cap, kServer, 1500, client('O'), register_with(cap, {"ept=2", "ep=" + k, "lt=300"}),
           created("rd/12"),
           "O registers " + k + " (ept 2) at t=1500 s: NOT a duplicate, K's registration (" +
               frame_ref(reg) +
               ") ran out at t=1460.0015 s (had the refused Update's lt=600 been applied, it "
               "would wrongly look alive until t=2010 s)",
           "Register accepted, location /rd/12");
  }
}

}  // namespace capgen
