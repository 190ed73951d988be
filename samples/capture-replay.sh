#!/usr/bin/env bash
# capture-replay.sh - capture real LwM2M client lifecycles on loopback for the lwm2m-replay tests.
#
# Writes into the samples folder (or --out DIR):
#   real-node-lifecycle.pcapng  lwm2m-node-lib client -> lwm2m-node-lib server over UDP, IPv4
#                               (127.0.0.1): Register (ept=2, lt=60), the server Reads /3/0/0,
#                               2 Updates 300 ms apart, De-register
#   real-node-sll2.pcapng       the same lifecycle captured with tshark -i any -y LINUX_SLL2
#                               (link type Linux cooked v2 instead of loopback's Ethernet)
#   real-node-ipv6.pcapng       the same lifecycle over IPv6 (::1)
#   real-coap-rd.pcapng         coap-client-notls -> coap-rd-notls: Register, an Update to the
#                               returned location (coap-rd's two Location-Path options), and a
#                               De-register DELETE (coap-rd 4.3.1 crashes on it: no answer)
#
# The node peers are tests/replay/peers/lwm2m-server.js and lwm2m-client.js (lwm2m-node-lib
# 1.4.0; scripts/install-deps installs it). Every server listens on port 5683, so tshark and
# Wireshark decode the captures as CoAP without "Decode As"; the node client's ports are chosen
# by its library (a new one per request), coap-client's is fixed to 25683.
#
# Run as root (tshark -i lo / -i any). Only loopback addresses are used. The script starts and
# stops the servers and tshark itself, refuses to run when something else already listens on
# 5683 or 25683, and cleans up on exit. Running it again overwrites the captures (ports, message
# IDs, tokens, registration locations and timestamps differ from run to run).
#
# Needs: tshark, editcap, capinfos, ss, node, coap-client-notls, coap-rd-notls (Debian: tshark,
# iproute2, nodejs, libcoap3-bin) and tests/replay/peers/node_modules.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PEERS=$(cd "$SCRIPT_DIR/../tests/replay/peers" && pwd)
OUT_DIR=$SCRIPT_DIR
ONLY=""

# The names and payloads used in the captures (samples/README.md documents them).
EP=urn:imei:490154203237518
OBJECTS='</1/0>,</3/0>'
PORT=5683
CLIENT_PORT=25683

usage() {
  cat <<EOF
usage: $(basename "$0") [--out DIR] [--only lifecycle|sll2|ipv6|coap-rd]

Captures real LwM2M client lifecycles on the loopback interface (lwm2m-node-lib client and
server; libcoap's coap-client and coap-rd) and writes real-node-*.pcapng and real-coap-rd.pcapng
into DIR (default: $SCRIPT_DIR). Must run as root.
EOF
}

CAPTURE_SCRIPT=capture-replay.sh
CAPTURES="lifecycle sll2 ipv6 coap-rd"
# shellcheck source-path=SCRIPTDIR source=capture-lib.sh
source "$SCRIPT_DIR/capture-lib.sh"
parse_capture_options "$@"
prepare "tshark captures on lo and any" tshark editcap capinfos ss node coap-client-notls \
  coap-rd-notls
[[ -d $PEERS/node_modules/lwm2m-node-lib ]] ||
  die "lwm2m-node-lib is not installed in $PEERS: run scripts/install-deps first"

# start_node_server HOST SERVER-OPTION...: starts lwm2m-server.js on HOST:5683 and waits for its
# "listening" line.
start_node_server() {
  local host=$1
  shift
  node "$PEERS/lwm2m-server.js" --port "$PORT" --host "$host" "$@" \
    >"$WORK/server.log" 2>"$WORK/server.err" &
  SERVER_PID=$!
  await_server "lwm2m-server.js on $host port $PORT" "$WORK/server.err" \
    grep -q '"event":"listening"' "$WORK/server.log"
}

# node_lifecycle HOST: one lwm2m-node-lib client's life against lwm2m-node-lib's server on
# HOST:5683. The server Reads /3/0/0 100 ms after the Register; the client sends 2 Updates
# 300 ms apart (the first 300 ms after the Register), waits 300 ms and de-registers.
node_lifecycle() {
  local host=$1 server=$1
  [[ $host == *:* ]] && server="[$host]"
  start_node_server "$host" --read /3/0/0 --ops-delay-ms 100
  if ! node "$PEERS/lwm2m-client.js" --server "$server:$PORT" --ep "$EP" --ept 2 --lifetime 60 \
    --objects "$OBJECTS" --updates 2 --update-interval-ms 300 --linger-ms 300 \
    >"$WORK/client.log" 2>"$WORK/client.err"; then
    cat "$WORK/client.log" "$WORK/client.err" >&2
    die "lwm2m-client.js failed"
  fi
  grep -q '"event":"deregistered"' "$WORK/client.log" || die "the client did not de-register"
  stop_server
  grep -q '"event":"read".*"code":"2.05"' "$WORK/server.log" || {
    cat "$WORK/server.log" >&2
    die "the server's Read of /3/0/0 did not get 2.05"
  }
}

# The frames every node lifecycle capture must hold.
expect_node_lifecycle() {
  local out=$1
  expect "$out" 'coap.code == 2 && coap.opt.uri_path_recon == "/rd"' 1 "Register"
  expect "$out" 'coap.code == 65 && coap.opt.location_path' 1 "2.01 with Location-Path"
  expect "$out" 'coap.code == 2 && coap.opt.uri_path_recon matches "^/rd/"' 2 "Update"
  expect "$out" 'coap.code == 68' 2 "2.04 Changed"
  expect "$out" 'coap.code == 1 && coap.opt.uri_path_recon == "/3/0/0"' 2 "GET /3/0/0 (proxy leg and device leg)"
  expect "$out" 'coap.code == 69' 2 "2.05 Content"
  expect "$out" 'coap.code == 4' 1 "De-register"
  expect "$out" 'coap.code == 66' 1 "2.02 Deleted"
}

capture_lifecycle() {
  local raw=$WORK/real-node-lifecycle.pcapng out=$OUT_DIR/real-node-lifecycle.pcapng
  require_free_port "$PORT"
  start_capture lo "udp port $PORT" "$raw"
  node_lifecycle 127.0.0.1
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-replay.sh: lwm2m-node-lib 1.4.0 client to lwm2m-node-lib 1.4.0 server (tests/replay/peers) over UDP/IPv4 on lo: Register, Read /3/0/0, 2 Updates, De-register"
  expect_node_lifecycle "$out"
}

capture_sll2() {
  local raw=$WORK/real-node-sll2.pcapng out=$OUT_DIR/real-node-sll2.pcapng
  require_free_port "$PORT"
  # On "any" libpcap offers Linux cooked v1 (the default) and v2: ask for v2.
  start_capture any "udp port $PORT" "$raw" -y LINUX_SLL2
  node_lifecycle 127.0.0.1
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-replay.sh: the real-node-lifecycle exchanges captured on 'any' (tshark -i any -y LINUX_SLL2): link type Linux cooked v2"
  expect_node_lifecycle "$out"
  capinfos -E "$out" | grep -q 'Linux cooked-mode capture v2' || die "$(basename "$out"): link type is not Linux cooked v2"
}

capture_ipv6() {
  local raw=$WORK/real-node-ipv6.pcapng out=$OUT_DIR/real-node-ipv6.pcapng
  require_free_port "$PORT"
  start_capture lo "udp port $PORT" "$raw"
  node_lifecycle ::1
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-replay.sh: the real-node-lifecycle exchanges over UDP/IPv6 on lo ([::1])"
  expect_node_lifecycle "$out"
  expect "$out" 'ipv6 && coap' 12 "CoAP over IPv6"
}

capture_coap_rd() {
  local raw=$WORK/real-coap-rd.pcapng out=$OUT_DIR/real-coap-rd.pcapng location
  require_free_port "$PORT"
  require_free_port "$CLIENT_PORT"
  printf '%s' "$OBJECTS" >"$WORK/links.txt"
  start_capture lo "udp port $PORT" "$raw"
  start_server udp "$PORT" coap-rd-notls -A 127.0.0.1 -p "$PORT"
  # -v 7 makes coap-client log the response with its options: the location comes from there.
  # -p 25683: every request from the same client port, as a device's would be.
  coap-client-notls -B 5 -v 7 -p "$CLIENT_PORT" -m post -t 40 -f "$WORK/links.txt" \
    "coap://127.0.0.1:$PORT/rd?ept=2&ep=$EP&lt=60&lwm2m=1.1&b=U" >"$WORK/register.log" 2>&1 ||
    { cat "$WORK/register.log" >&2; die "coap-client: Register failed"; }
  location=$(sed -n 's/.* c:2\.01 .*\[ Location-Path:\([^,]*\), Location-Path:\([^ ,]*\) \].*/\1\/\2/p' "$WORK/register.log" | head -1)
  [[ $location == rd/* ]] || { cat "$WORK/register.log" >&2; die "no two-part Location-Path in coap-rd's 2.01"; }
  log "coap-rd location: /$location"
  sleep 0.3
  # Update: coap-rd's registration resources take GET, PUT and DELETE only: 4.05.
  coap-client-notls -B 5 -p "$CLIENT_PORT" -m post "coap://127.0.0.1:$PORT/$location?lt=60" \
    >"$WORK/update.log" 2>&1 || { cat "$WORK/update.log" >&2; die "coap-client: Update failed"; }
  sleep 0.3
  # De-register: coap-rd-notls 4.3.1 frees the registration twice and aborts ("double free"),
  # so the DELETE gets no answer; coap-client retransmits it once, then gets ICMP port
  # unreachable (not captured: the filter keeps UDP only) and gives up.
  log "De-register: coap-rd-notls 4.3.1 aborts on it (the shell reports 'Aborted'), as expected"
  coap-client-notls -B 5 -p "$CLIENT_PORT" -m delete "coap://127.0.0.1:$PORT/$location" \
    >"$WORK/delete.log" 2>&1 || true
  if kill -0 "$SERVER_PID" 2>/dev/null; then
    log "note: coap-rd-notls survived the DELETE (a libcoap other than 4.3.1?)"
  fi
  stop_server
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-replay.sh: coap-client-notls (port $CLIENT_PORT) to coap-rd-notls on lo: Register (2.01, Location-Path /$location), Update (4.05), De-register (no answer: coap-rd 4.3.1 aborts on DELETE)"
  expect "$out" 'coap.code == 2 && coap.opt.uri_path_recon == "/rd"' 1 "Register"
  expect "$out" 'coap.code == 65 && coap.opt.location_path' 1 "2.01 with Location-Path"
  expect "$out" 'coap.code == 2 && coap.opt.uri_path_recon matches "^/rd/"' 1 "Update"
  expect "$out" 'coap.code == 133' 1 "4.05 Method Not Allowed"
  expect "$out" 'coap.code == 4' 1 "De-register"
}

if wanted lifecycle; then capture_lifecycle; fi
if wanted sll2; then capture_sll2; fi
if wanted ipv6; then capture_ipv6; fi
if wanted coap-rd; then capture_coap_rd; fi
log "done"
