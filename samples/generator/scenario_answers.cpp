// answers: the registration follows the server's answers, over IPv4 with real times - an Update
// answered 4.04 ends the registration (and its lt is not applied), a late Update answered 2.04
// keeps it alive, De-registers answered 4.04, 2.02, 4.00 or not at all, a retransmitted Register
// with the server's repeated 2.01, renames by the seed's Table 16 Update (PUT with ept and ep),
// servers that break the seed (a duplicate accepted, a live location handed out again, an Update
// from another address accepted) and the default lifetime.
//
// Server 10.0.0.1:5683. Client X (A, B, C, ...) is 10.0.2.n:49153 with n its place in the
// alphabet (A = 10.0.2.1); the follow-up clients E2 and G2 are 10.0.2.55 and 10.0.2.57. Each
// group of cases starts at its own time (0, 200, 400, ... s) and its requests are at fixed times
// (at() below). MIDs and tokens are the Capture counters; each request is answered by a
// piggybacked ACK 1.5 ms later unless said. Registers carry Content-Format 40 and the payload
// </1/0>,</3/0>.
#include <cstdint>
#include <string>
#include <vector>

#include "scenario_common.h"
#include "scenarios.h"

namespace capgen {
namespace {

using coap::kBadRequest;
using coap::kChanged;
using coap::kConflict;
using coap::kDelete;
using coap::kDeleted;
using coap::kNotFound;
using coap::kPost;
using coap::kPut;

const Endpoint kServer = endpoint("10.0.0.1", 5683);

Endpoint client(char letter) {
  return Endpoint{Address::v4(0x0A000200 + static_cast<std::uint32_t>(letter - 'A' + 1)), 49153};
}

// The follow-up client of `letter` (E2, G2): 10.0.2.(50 + n).
Endpoint client2(char letter) {
  return Endpoint{Address::v4(0x0A000232 + static_cast<std::uint32_t>(letter - 'A' + 1)), 49153};
}

std::string ep(const std::string& imei) {
  return "ep=urn:imei:" + imei;
}

}  // namespace

void scenario_answers(Capture& cap, const ScenarioArgs&) {
  // --- 1: an Update answered 4.04 (t = 0-100 s, frames 1-6) -------------------------------------
  {
    const std::string name = "356938035643809";
    const std::uint64_t reg =
        ask_at(cap, kServer, 0, client('A'), register_with(cap, {"ept=2", ep(name), "lt=60"}),
               created("rd/1"),
               "A registers urn:imei:" + name + " (ept 2) with lt=60: valid; expires at t=60 s",
               "Register accepted, location /rd/1");
    ask_at(cap, kServer, 30, client('A'), request_to(cap, kPost, "/rd/1", {"lt=600"}),
           Capture::response(kNotFound),
           "A's Update (POST) of /rd/1 with lt=600, 30 s into the 60 s lifetime",
           "4.04 Not Found: the server no longer has /rd/1; the registration of " + frame_ref(reg) +
               " ends here, and the Update's lt=600 must NOT become its lifetime");
    ask_at(cap, kServer, 100, client('B'), register_with(cap, {"ept=2", ep(name), "lt=300"}),
           created("rd/2"),
           "B registers urn:imei:" + name + " (ept 2), the name A registered in " + frame_ref(reg) +
               ": NOT a duplicate, because A's registration ended with the 4.04 at t=30 s (had the "
               "refused Update's lt=600 been applied, it would wrongly look alive until t=630 s)",
           "Register accepted, location /rd/2");
  }

  // --- 2: a late Update answered 2.04 (t = 200-320 s, frames 7-12) ------------------------------
  {
    const std::string name = "352099001761481";
    const std::uint64_t reg =
        ask_at(cap, kServer, 200, client('C'), register_with(cap, {"ept=2", ep(name), "lt=60"}),
               created("rd/3"),
               "C registers urn:imei:" + name + " (ept 2) with lt=60: valid; expires at t=260 s",
               "Register accepted, location /rd/3");
    ask_at(cap, kServer, 300, client('C'), request_to(cap, kPost, "/rd/3"),
           Capture::response(kChanged),
           "C's Update (POST) of /rd/3 at t=300 s, 40 s after the lifetime ran out at t=260 s: "
           "late (the registration had expired)",
           "2.04 Changed: the server accepted an Update 40 s after the lifetime ran out; the "
           "registration lives on, its 60 s lifetime counted again from now (to t=360 s)");
    ask_at(cap, kServer, 320, client('D'), register_with(cap, {"ept=2", ep(name), "lt=300"}),
           Capture::response(kConflict),
           "D registers urn:imei:" + name + " (ept 2): a duplicate of C's registration (" +
               frame_ref(reg) + ", /rd/3), alive again since the server accepted the late Update",
           "4.09 Conflict: duplicate Endpoint Client Type and Name (C's /rd/3)");
  }

  // --- 3: De-registers and their answers (t = 400-500 s, frames 13-33) --------------------------
  {
    const std::string e = "860012345678902";
    const std::uint64_t e_reg =
        ask_at(cap, kServer, 400, client('E'), register_with(cap, {"ept=2", ep(e), "lt=300"}),
               created("rd/4"), "E registers urn:imei:" + e + " (ept 2): valid",
               "Register accepted, location /rd/4");
    ask_at(cap, kServer, 410, client('E'), request_to(cap, kDelete, "/rd/4"),
           Capture::response(kNotFound), "E's De-register of /rd/4",
           "4.04 Not Found: the server no longer has /rd/4; the registration of " +
               frame_ref(e_reg) + " is over");
    ask_at(cap, kServer, 420, client2('E'), register_with(cap, {"ept=2", ep(e), "lt=300"}),
           created("rd/5"),
           "E2 registers urn:imei:" + e +
               " (ept 2), E's name: not a duplicate, E's registration "
               "ended with the 4.04 to its De-register",
           "Register accepted, location /rd/5");

    const std::string f = "860012345678910";
    const std::uint64_t f_reg =
        ask_at(cap, kServer, 430, client('F'), register_with(cap, {"ept=2", ep(f), "lt=300"}),
               created("rd/6"), "F registers urn:imei:" + f + " (ept 2): valid",
               "Register accepted, location /rd/6");
    ask_at(cap, kServer, 440, client('F'), request_to(cap, kDelete, "/rd/6"),
           Capture::response(kDeleted), "F's De-register of /rd/6",
           "2.02 Deleted: the registration of " + frame_ref(f_reg) + " ends");

    const std::string g = "860012345678928";
    const std::uint64_t g_reg =
        ask_at(cap, kServer, 450, client('G'), register_with(cap, {"ept=2", ep(g), "lt=300"}),
               created("rd/7"), "G registers urn:imei:" + g + " (ept 2): valid",
               "Register accepted, location /rd/7");
    at(cap, 460);
    const std::uint64_t g_dereg = cap.next_frame_number();
    cap.send(client('G'), kServer, request_to(cap, kDelete, "/rd/7"),
             "G's De-register of /rd/7, never answered in the capture: the registration of " +
                 frame_ref(g_reg) + " ends at this request (no answer)");
    ask_at(cap, kServer, 470, client2('G'), register_with(cap, {"ept=2", ep(g), "lt=300"}),
           created("rd/8"),
           "G2 registers urn:imei:" + g +
               " (ept 2), G's name: not a duplicate, G's registration "
               "ended with its De-register (" +
               frame_ref(g_dereg) + ")",
           "Register accepted, location /rd/8");

    const std::string h = "860012345678936";
    const std::uint64_t h_reg =
        ask_at(cap, kServer, 480, client('H'), register_with(cap, {"ept=2", ep(h), "lt=300"}),
               created("rd/9"), "H registers urn:imei:" + h + " (ept 2): valid",
               "Register accepted, location /rd/9");
    ask_at(cap, kServer, 490, client('H'), request_to(cap, kDelete, "/rd/9"),
           Capture::response(kBadRequest), "H's De-register of /rd/9",
           "4.00 Bad Request: the De-register failed, so the registration of " + frame_ref(h_reg) +
               " is not ended: it remains alive");
    ask_at(cap, kServer, 500, client('I'), register_with(cap, {"ept=2", ep(h), "lt=300"}),
           Capture::response(kConflict),
           "I registers urn:imei:" + h + " (ept 2), H's name: a duplicate of H's registration (" +
               frame_ref(h_reg) + ", /rd/9), still alive after its refused De-register",
           "4.09 Conflict: duplicate Endpoint Client Type and Name (H's /rd/9)");
  }

  // --- 4: a retransmitted Register (t = 600-602 s, frames 34-37) --------------------------------
  {
    const std::string j = "860012345678944";
    at(cap, 600);
    const std::uint64_t first = cap.next_frame_number();
    const coap::MessageData reg = register_with(cap, {"ept=2", ep(j), "lt=300"});
    cap.send(client('J'), kServer, reg,
             "J registers urn:imei:" + j + " (ept 2): valid; CON, not answered for 2 s");
    at(cap, 602);
    cap.send(client('J'), kServer, reg,
             "J's retransmission of " + frame_ref(first) +
                 " 2 s later: the same MID and token, byte for byte (RFC 7252 4.2): the same "
                 "Register exchange, not a second Register, and no registration replaced");
    coap::MessageData answer = created("rd/10");
    answer.message_id = reg.message_id;
    answer.token = reg.token;
    cap.wait(0.0015);
    const std::uint64_t ack = cap.next_frame_number();
    cap.send(kServer, client('J'), answer,
             "answers the Register of " + frame_ref(first) +
                 " (and its retransmission): accepted, location /rd/10; one registration");
    cap.wait(0.0015);
    cap.send(kServer, client('J'), answer,
             "the same 2.01 again (same MID and token), as the server's deduplication answers "
             "the retransmission: a copy of " +
                 frame_ref(ack) + ", not a new registration and nothing replaced");
  }

  // --- 5: renames by Update (t = 700-750 s, frames 38-49) ---------------------------------------
  {
    const std::string a = "860012345678951", b = "860012345678969";
    const std::uint64_t reg =
        ask_at(cap, kServer, 700, client('K'), register_with(cap, {"ept=2", ep(a), "lt=300"}),
               created("rd/11"), "K registers urn:imei:" + a + " (ept 2): valid",
               "Register accepted, location /rd/11");
    const std::uint64_t rename =
        ask_at(cap, kServer, 710, client('K'), request_to(cap, kPut, "/rd/11", {"ept=2", ep(b)}),
               Capture::response(kChanged),
               "K's Update of /rd/11 in the seed's Table 16 form (PUT with ept and ep) naming "
               "urn:imei:" +
                   b + ", not the registered urn:imei:" + a +
                   ": the Update renames its registration (update.renamed); lwm2m.ep is the new "
                   "name, lwm2m.registration.ep the old",
               "Update accepted: the registration /rd/11 now holds urn:imei:" + b);
    ask_at(cap, kServer, 720, client('L'), register_with(cap, {"ept=2", ep(b), "lt=300"}),
           Capture::response(kConflict),
           "L registers urn:imei:" + b + " (ept 2): a duplicate of K's registration /rd/11 (" +
               frame_ref(reg) + "), which holds this name since the rename of " + frame_ref(rename),
           "4.09 Conflict: duplicate Endpoint Client Type and Name (K's /rd/11)");
    ask_at(cap, kServer, 730, client('M'), register_with(cap, {"ept=2", ep(a), "lt=300"}),
           created("rd/12"),
           "M registers urn:imei:" + a +
               " (ept 2), K's former name: not a duplicate, K's "
               "registration gave it up in " +
               frame_ref(rename),
           "Register accepted, location /rd/12");
    const std::uint64_t retype =
        ask_at(cap, kServer, 740, client('K'), request_to(cap, kPut, "/rd/11", {"ept=101", ep(b)}),
               Capture::response(kChanged),
               "K's Update (PUT) of /rd/11 with the same ep, urn:imei:" + b +
                   ", under ept=101 (vendor specific) instead of 2: only the type changes, also "
                   "a rename (update.renamed)",
               "Update accepted: /rd/11 now holds urn:imei:" + b + " under ept 101");
    ask_at(cap, kServer, 750, client('N'), register_with(cap, {"ept=2", ep(b), "lt=300"}),
           created("rd/13"),
           "N registers urn:imei:" + b +
               " (ept 2): not a duplicate, K's registration holds it "
               "under ept 101 since " +
               frame_ref(retype) +
               " (a note: the same name under another "
               "type)",
           "Register accepted, location /rd/13");
  }

  // --- 6: servers that break the seed (t = 800-840 s, frames 50-59) -----------------------------
  {
    const std::string o = "860012345678977";
    const std::uint64_t o_reg =
        ask_at(cap, kServer, 800, client('O'), register_with(cap, {"ept=2", ep(o), "lt=300"}),
               created("rd/14"), "O registers urn:imei:" + o + " (ept 2): valid",
               "Register accepted, location /rd/14");
    ask_at(cap, kServer, 810, client('P'), register_with(cap, {"ept=2", ep(o), "lt=300"}),
           created("rd/15"),
           "P registers urn:imei:" + o + " (ept 2): a duplicate of O's live registration (" +
               frame_ref(o_reg) + ", /rd/14)",
           "2.01 Created, location /rd/15: the server accepted a duplicate where the seed "
           "expects 4.09 Conflict (conflict.expected)");
    const std::string q = "860012345678985";
    ask_at(cap, kServer, 820, client('Q'), register_with(cap, {"ept=2", ep(q), "lt=300"}),
           created("rd/14"), "Q registers urn:imei:" + q + " (ept 2): valid",
           "2.01 Created with location /rd/14, which O's registration (" + frame_ref(o_reg) +
               ") still holds: the server handed out a live registration's location again");
    const std::string r = "860012345678993";
    const std::uint64_t r_reg =
        ask_at(cap, kServer, 830, client('R'), register_with(cap, {"ept=2", ep(r), "lt=300"}),
               created("rd/16"), "R registers urn:imei:" + r + " (ept 2): valid",
               "Register accepted, location /rd/16");
    ask_at(cap, kServer, 840, client('S'), request_to(cap, kPost, "/rd/16"),
           Capture::response(kChanged),
           "Update (POST) of /rd/16, R's registration (" + frame_ref(r_reg) +
               "), sent from S (10.0.2.19:49153), not from R's address 10.0.2.18:49153, which "
               "the server recorded at the Register and uses for all future interactions",
           "2.04 Changed: the server accepted an Update of R's registration from another "
           "address");
  }

  // --- 7: lifetimes (t = 900-910 s, frames 60-63) -----------------------------------------------
  {
    ask_at(cap, kServer, 900, client('T'), register_with(cap, {"ept=2", ep("860012345678803")}),
           created("rd/17"),
           "T registers urn:imei:860012345678803 (ept 2) without lt: valid; the lifetime is the "
           "default of Table 3, 86400 s",
           "Register accepted, location /rd/17");
    ask_at(cap, kServer, 910, client('U'),
           register_with(cap, {"ept=2", ep("860012345678811"), "lt=300"}), created("rd/18"),
           "U registers urn:imei:860012345678811 (ept 2) with lt=300: valid; lifetime 300 s",
           "Register accepted, location /rd/18");
  }
}

}  // namespace capgen
