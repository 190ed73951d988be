#!/usr/bin/env bash
# capture-real.sh - capture real LwM2M-over-CoAP traffic on loopback with libcoap's tools.
#
# Writes into the samples folder (or --out DIR):
#   real-udp.pcapng     coap-client-notls -> coap-rd-notls over UDP, IPv4 (127.0.0.1) and IPv6 (::1)
#   real-tcp.pcapng     the same Register over coap+tcp:// (RFC 8323) to coap-rd-notls
#   real-block1.pcapng  a Register with a ~640-byte link-format payload in 64-byte Block1 blocks,
#                       first to coap-server-notls -d (full transfer), then to coap-rd-notls
#                       (which answers block 0 with 2.01 and ends the transfer)
#   real-dtls.pcapng    a Register over DTLS 1.2 PSK (TLS_PSK_WITH_AES_128_CCM_8) from
#                       coap-client-gnutls to coap-rd-gnutls, with the TLS key log embedded
#                       (editcap --inject-secrets), so tshark decrypts it without options
#
# Run as root (tshark -i lo). Only loopback addresses are used. The script starts and stops the
# servers and tshark itself, refuses to run when something else already listens on 5683/5684,
# and cleans up on exit. Running it again overwrites the captures (addresses, ports, message IDs,
# tokens, registration locations and timestamps differ from run to run).
#
# Needs: tshark, editcap, ss, coap-client-notls, coap-rd-notls, coap-server-notls,
# coap-client-gnutls, coap-rd-gnutls (Debian: tshark, iproute2, libcoap3-bin).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=$SCRIPT_DIR
ONLY=""

# The names, keys and payloads used in the captures (samples/README.md documents them).
EP=urn:imei:490154203237518
LINKS='</1/0>,</3/0>;ver=1.1,</3303>'
PSK_IDENTITY=$EP
PSK_KEY=lwm2m-ept-sample-psk

usage() {
  cat <<EOF
usage: $(basename "$0") [--out DIR] [--only udp|tcp|block1|dtls]

Captures real CoAP/LwM2M traffic on the loopback interface with libcoap's coap-client and
coap-rd/coap-server and writes real-*.pcapng into DIR (default: $SCRIPT_DIR).
Must run as root.
EOF
}

CAPTURE_SCRIPT=capture-real.sh
CAPTURES="udp tcp block1 dtls"
# shellcheck source-path=SCRIPTDIR source=capture-lib.sh
source "$SCRIPT_DIR/capture-lib.sh"
parse_capture_options "$@"
prepare "tshark captures on lo" tshark editcap ss coap-client-notls coap-rd-notls \
  coap-server-notls coap-client-gnutls coap-rd-gnutls

# client CMD...: runs one client command, then pauses a little so the exchanges are apart in
# time. Every coap-client call passes -B 5: give up after 5 s without an answer (default 90 s).
client() {
  if ! "$@" >>"$WORK/client.log" 2>&1; then
    cat "$WORK/client.log" >&2
    die "client failed: $*"
  fi
  sleep 0.3
}
NOTLS=(coap-client-notls -B 5)

printf '%s' "$LINKS" >"$WORK/links.txt"
# ~60 objects: </1/0>,</3/0>;ver=1.1 and </3303/0> ... </3303/57>, about 640 bytes.
{
  printf '</1/0>,</3/0>;ver=1.1'
  for i in $(seq 0 57); do printf ',</3303/%d>' "$i"; done
} >"$WORK/links-60.txt"

capture_udp() {
  local raw=$WORK/real-udp.pcapng out=$OUT_DIR/real-udp.pcapng
  require_free_port 5683
  start_capture lo "udp port 5683" "$raw"
  start_server udp 5683 coap-rd-notls
  local v4=coap://127.0.0.1 v6='coap://[::1]'
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "$v4/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=U"
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "$v4/rd?ept=2&ep=IMEI:490154203237519&lt=300&lwm2m=1.1&b=U"
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "$v4/rd?ept=1&ep=00A0C9-ThermoV2-SN12345&lt=300&lwm2m=1.1&b=U"
  # coap-client percent-decodes %XX in the URI, so the literal TR-069 escapes go in with -O.
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    -O 15,ept=1 -O '15,ep=00A0C9-Thermo%2DV2-SN%2E1' -O 15,lt=300 "$v4/rd"
  client "${NOTLS[@]}" -m get "$v4/rd"
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "$v6/rd?ept=2&ep=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6&lt=300&lwm2m=1.1&b=U"
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "$v6/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=U"
  client "${NOTLS[@]}" -m get "$v6/rd"
  stop_server
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-real.sh: coap-client-notls to coap-rd-notls over UDP, IPv4 and IPv6"
  expect "$out" 'coap.code == 2' 6 "CoAP POST"
  expect "$out" 'coap.code == 65 && coap.opt.location_path' 6 "2.01 with Location-Path"
  expect "$out" 'ipv6 && coap' 6 "CoAP over IPv6"
}

capture_tcp() {
  local raw=$WORK/real-tcp.pcapng out=$OUT_DIR/real-tcp.pcapng
  require_free_port 5683
  start_capture lo "tcp port 5683" "$raw"
  start_server tcp 5683 coap-rd-notls
  client "${NOTLS[@]}" -m post -t 40 -f "$WORK/links.txt" \
    "coap+tcp://127.0.0.1/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=T"
  stop_server
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-real.sh: coap-client-notls to coap-rd-notls over coap+tcp (RFC 8323)"
  expect "$out" 'coap.code == 2' 1 "CoAP POST"
  expect "$out" 'coap.code == 65 && coap.opt.location_path' 1 "2.01 with Location-Path"
}

capture_block1() {
  local raw=$WORK/real-block1.pcapng out=$OUT_DIR/real-block1.pcapng
  require_free_port 5683
  start_capture lo "udp port 5683" "$raw"
  # coap-server-notls handles Block1 (2.31 Continue per block); -d 10 lets POST /rd create a
  # resource, answered with 2.01, Location-Path rd and the query as Location-Query.
  start_server udp 5683 coap-server-notls -d 10
  client "${NOTLS[@]}" -m post -t 40 -b 64 -f "$WORK/links-60.txt" \
    "coap://127.0.0.1/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=U"
  stop_server
  # coap-rd-notls does not do Block1: it answers block 0 with 2.01 and the client stops there.
  start_server udp 5683 coap-rd-notls
  client "${NOTLS[@]}" -m post -t 40 -b 64 -f "$WORK/links-60.txt" \
    "coap://127.0.0.1/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=U"
  stop_server
  stop_capture
  finish "$raw" "$out" "lwm2m-ept samples/capture-real.sh: Block1 Register (64-byte blocks) to coap-server-notls -d 10, then to coap-rd-notls"
  expect "$out" 'coap.opt.block_number >= 9' 1 "Block1 NUM 9 or more"
  expect "$out" 'coap.code == 95' 9 "2.31 Continue"
  expect "$out" 'coap.code == 65' 2 "2.01 Created"
}

capture_dtls() {
  local raw=$WORK/real-dtls.pcapng out=$OUT_DIR/real-dtls.pcapng
  require_free_port 5683
  require_free_port 5684
  # Wireshark 4.0 cannot decrypt DTLS 1.2 with ChaCha20-Poly1305 (its nonce misses the epoch),
  # which is what libcoap/GnuTLS picks by default; this GnuTLS override leaves the plain-PSK
  # LwM2M suite TLS_PSK_WITH_AES_128_CCM_8.
  cat >"$WORK/gnutls.conf" <<'EOF'
[overrides]
tls-disabled-cipher = CHACHA20-POLY1305
tls-disabled-cipher = AES-256-CBC
tls-disabled-cipher = AES-128-CBC
tls-disabled-cipher = AES-256-GCM
tls-disabled-cipher = AES-128-GCM
tls-disabled-cipher = AES-256-CCM
tls-disabled-cipher = AES-128-CCM
tls-disabled-kx = ECDHE-PSK
tls-disabled-kx = DHE-PSK
EOF
  start_capture lo "udp port 5684" "$raw"
  start_server udp 5684 env GNUTLS_SYSTEM_PRIORITY_FILE="$WORK/gnutls.conf" \
    coap-rd-gnutls -A 127.0.0.1 -k "$PSK_KEY"
  # GnuTLS writes the session secrets (CLIENT_RANDOM lines) to $SSLKEYLOGFILE.
  client env GNUTLS_SYSTEM_PRIORITY_FILE="$WORK/gnutls.conf" SSLKEYLOGFILE="$WORK/keys.log" \
    coap-client-gnutls -B 5 -u "$PSK_IDENTITY" -k "$PSK_KEY" -m post -t 40 -f "$WORK/links.txt" \
    "coaps://127.0.0.1/rd?ept=2&ep=$EP&lt=300&lwm2m=1.1&b=U"
  stop_server
  stop_capture
  [[ -s $WORK/keys.log ]] || die "GnuTLS wrote no key log (SSLKEYLOGFILE)"
  finish "$raw" "$out" "lwm2m-ept samples/capture-real.sh: coap-client-gnutls to coap-rd-gnutls, DTLS 1.2 PSK (identity $PSK_IDENTITY, key '$PSK_KEY'), TLS key log embedded" \
    --inject-secrets "tls,$WORK/keys.log"
  expect "$out" 'coap.code == 2 && coap.opt.uri_query' 1 "decrypted CoAP POST with Uri-Query"
  expect "$out" 'coap.code == 65 && coap.opt.location_path' 1 "decrypted 2.01 with Location-Path"
}

if wanted udp; then capture_udp; fi
if wanted tcp; then capture_tcp; fi
if wanted block1; then capture_block1; fi
if wanted dtls; then capture_dtls; fi
log "done"
