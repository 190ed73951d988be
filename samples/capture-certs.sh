#!/usr/bin/env bash
# capture-certs.sh - capture real LwM2M Registers over DTLS and TLS with X.509 client
# certificates on loopback (seed Change 7: the certificate's Subject CN is "<ept>:<ep>").
#
# Writes into the samples folder (or --out DIR), one capture per case, each one Register
# 'ept=2&ep=urn:imei:490154203237518' from coap-client-gnutls to coap-rd-gnutls, which asks for
# and verifies a client certificate (-R ca.pem):
#   cert-match.pcapng         DTLS 1.2, client CN "2:urn:imei:490154203237518" (matches)
#   cert-type-differs.pcapng  DTLS 1.2, client CN "1:00A0C6-Router-SN1" (type and name differ)
#   cert-name-differs.pcapng  DTLS 1.2, client CN "2:urn:imei:356938035643809" (name differs)
#   cert-no-type.pcapng       DTLS 1.2, client CN "urn:imei:490154203237518" (no type)
#   cert-type-as-name.pcapng  DTLS 1.2, client CN "URN:urn:imei:490154203237518" (type as name)
#   cert-rejected.pcapng      DTLS 1.2, matching CN, but the server trusts another CA: it ends the
#                             handshake with an alert after the client's certificate
#   cert-tls.pcapng           CoAP over TLS 1.2 (coaps+tcp://, RFC 8323), matching CN
#   cert-tls13.pcapng         CoAP over TLS 1.3, client CN "1:00A0C6-Router-SN1": TLS 1.3
#                             encrypts the certificates, which only the key log shows
#   cert-enforced.pcapng      DTLS 1.2, client CN "1:00A0C6-Router-SN1", to the project's own
#                             lwm2m-pki-server --check-cn (tests/replay/live), which enforces the
#                             rule: 4.03 Forbidden to the Register
#
# The CA, server and client certificates are made here with openssl in the work folder (fixed
# subjects and serial numbers, 100 years' validity, new P-256 keys on every run) and removed
# afterwards: no key is kept. The TLS key log GnuTLS writes (SSLKEYLOGFILE) is embedded in each
# capture (editcap --inject-secrets), so tshark decrypts the Register without options.
#
# Run as root (tshark -i lo). Only 127.0.0.1 is used. The script starts and stops the server and
# tshark itself, refuses to run when something else already listens on 5683/5684, and cleans up
# on exit. Running it again overwrites the captures (ports, message IDs, keys, signatures,
# registration locations and timestamps differ from run to run).
#
# Needs: tshark, editcap, ss, openssl, coap-client-gnutls, coap-rd-gnutls (Debian: tshark,
# iproute2, openssl, libcoap3-bin); for cert-enforced, the build's lwm2m-pki-server (scripts/build;
# another one with LWM2M_PKI_SERVER=PATH).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=$SCRIPT_DIR
ONLY=""

# What the Registers send (samples/README.md documents it).
EPT=2
EP=urn:imei:490154203237518
LINKS='</1/0>,</3/0>'
DAYS=36500

usage() {
  cat <<EOF
usage: $(basename "$0") [--out DIR] [--only match|type-differs|name-differs|no-type|type-as-name|rejected|tls|tls13|enforced]

Makes a CA and client certificates with openssl, captures real CoAP/LwM2M Registers over DTLS
and TLS with client certificates (coap-client-gnutls -> coap-rd-gnutls) on the loopback
interface and writes cert-*.pcapng into DIR (default: $SCRIPT_DIR). Must run as root.
EOF
}

CAPTURE_SCRIPT=capture-certs.sh
CAPTURES="match type-differs name-differs no-type type-as-name rejected tls tls13 enforced"
PKI_SERVER=${LWM2M_PKI_SERVER:-$SCRIPT_DIR/../build/tests/replay/live/lwm2m-pki-server}
# shellcheck source-path=SCRIPTDIR source=capture-lib.sh
source "$SCRIPT_DIR/capture-lib.sh"
parse_capture_options "$@"
prepare "tshark captures on lo" tshark editcap ss openssl coap-client-gnutls coap-rd-gnutls

# make_ca NAME SUBJECT SERIAL: a self-signed P-256 CA, NAME.pem and NAME.key in WORK.
make_ca() {
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$WORK/$1.key" -out "$WORK/$1.pem" -subj "$2" -set_serial "$3" -days "$DAYS" \
    -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign \
    2>>"$WORK/openssl.log"
}

# make_cert NAME CN SERIAL USAGE: a P-256 certificate with Subject "CN=<CN>" signed by the CA
# "ca", NAME.pem and NAME.key in WORK (USAGE: serverAuth or clientAuth).
make_cert() {
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$WORK/$1.key" -out "$WORK/$1.csr" -subj "/CN=$2" 2>>"$WORK/openssl.log"
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\n' \
    "$4" >"$WORK/$1.ext"
  openssl x509 -req -in "$WORK/$1.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" \
    -set_serial "$3" -days "$DAYS" -extfile "$WORK/$1.ext" -out "$WORK/$1.pem" \
    2>>"$WORK/openssl.log"
}

make_ca ca "/O=lwm2m-ept samples/CN=lwm2m-ept sample CA" 1
# A second CA that signs nothing here: the server of cert-rejected trusts only it.
make_ca other-ca "/O=lwm2m-ept samples/CN=lwm2m-ept other CA" 100
make_cert server localhost 2 serverAuth
# coap-rd-gnutls's -c wants the certificate and its key in one PEM file.
cat "$WORK/server.pem" "$WORK/server.key" >"$WORK/server-key.pem"
make_cert match "$EPT:$EP" 11 clientAuth
make_cert type-differs "1:00A0C6-Router-SN1" 12 clientAuth
make_cert name-differs "2:urn:imei:356938035643809" 13 clientAuth
make_cert no-type "$EP" 14 clientAuth
make_cert type-as-name "URN:$EP" 15 clientAuth

# Wireshark 4.0.17 cannot decrypt DTLS 1.2 with ChaCha20-Poly1305 (capture-real.sh); this
# GnuTLS override leaves AES-128-CCM-8: TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, LwM2M's certificate
# suite. It also turns TLS 1.3 off, which GnuTLS 3.7 otherwise picks over TCP: TLS 1.2 sends the
# client's certificate in clear, as DTLS 1.2 does.
cat >"$WORK/gnutls.conf" <<'EOF'
[overrides]
disabled-version = tls1.3
tls-disabled-cipher = CHACHA20-POLY1305
tls-disabled-cipher = AES-256-CBC
tls-disabled-cipher = AES-128-CBC
tls-disabled-cipher = AES-256-GCM
tls-disabled-cipher = AES-128-GCM
tls-disabled-cipher = AES-256-CCM
tls-disabled-cipher = AES-128-CCM
EOF
GNUTLS=(env "GNUTLS_SYSTEM_PRIORITY_FILE=$WORK/gnutls.conf")
# cert-tls13: GnuTLS's own defaults, which pick TLS 1.3 over TCP (AES-256-GCM, which Wireshark
# decrypts with the handshake secrets of the key log).
GNUTLS13=(env "GNUTLS_SYSTEM_PRIORITY_FILE=/dev/null")
# The GnuTLS settings of the case being captured.
gnutls_env=("${GNUTLS[@]}")
# The server of the case being captured: Debian's coap-rd, or the project's lwm2m-pki-server.
server_kind=coap-rd

# register CERT URI-SCHEME: one Register from coap-client-gnutls with client certificate CERT,
# verifying the server against ca.pem; GnuTLS appends the session secrets to keys.log. Returns
# coap-client's exit status (its output goes to client.log).
register() {
  "${gnutls_env[@]}" SSLKEYLOGFILE="$WORK/keys.log" coap-client-gnutls -B 5 -m post -t 40 \
    -e "$LINKS" -c "$WORK/$1.pem" -j "$WORK/$1.key" -R "$WORK/ca.pem" \
    "$2://127.0.0.1:5684/rd?ept=$EPT&ep=$EP&lt=300" >>"$WORK/client.log" 2>&1
}

# capture_case NAME PROTO CERT SCHEME SERVER-CA COMMENT: captures one Register with client
# certificate CERT to coap-rd-gnutls (trusting SERVER-CA) as cert-NAME.pcapng.
capture_case() {
  local name=$1 proto=$2 cert=$3 scheme=$4 server_ca=$5 comment=$6
  local raw=$WORK/cert-$name.pcapng out=$OUT_DIR/cert-$name.pcapng
  require_free_port 5683
  require_free_port 5684
  rm -f "$WORK/keys.log" "$WORK/client.log"
  start_capture lo "$proto port 5684" "$raw"
  if [[ $server_kind == pki ]]; then
    start_server "$proto" 5684 "$PKI_SERVER" --cert "$WORK/server.pem" --key "$WORK/server.key" \
      --ca "$WORK/$server_ca.pem" --host 127.0.0.1 --port 5684 --check-cn
  else
    # -R: verify the client's certificate against SERVER-CA (coap-rd then asks for one).
    start_server "$proto" 5684 "${gnutls_env[@]}" coap-rd-gnutls -A 127.0.0.1 \
      -c "$WORK/server-key.pem" -R "$WORK/$server_ca.pem"
  fi
  # coap-client-gnutls 4.3.1 exits 0 when the server ends the handshake ("cannot send CoAP
  # pdu"), so its status says nothing for cert-rejected: the checks below read the capture.
  if ! register "$cert" "$scheme" && [[ $name != rejected ]]; then
    cat "$WORK/client.log" >&2
    die "cert-$name: client failed"
  fi
  sleep 0.3
  stop_server
  stop_capture
  local secrets=()
  if [[ -s $WORK/keys.log ]]; then
    secrets=(--inject-secrets "tls,$WORK/keys.log")
  elif [[ $name != rejected ]]; then
    die "GnuTLS wrote no key log (SSLKEYLOGFILE)"
  fi
  finish "$raw" "$out" "lwm2m-ept samples/capture-certs.sh: $comment" "${secrets[@]}"
}

# check_register FILE: the decrypted Register and its 2.01 are there.
check_register() {
  expect "$1" 'coap.code == 2 && coap.opt.uri_query' 1 "decrypted CoAP POST with Uri-Query"
  expect "$1" 'coap.code == 65 && coap.opt.location_path' 1 "decrypted 2.01 with Location-Path"
}

SERVER_NOTE="coap-client-gnutls to coap-rd-gnutls -R ca.pem (verifies client certificates)"
dtls_case() {
  local name=$1 cn=$2
  if wanted "$name"; then
    capture_case "$name" udp "$name" coaps ca \
      "$SERVER_NOTE, DTLS 1.2, client CN '$cn', Register ept=$EPT&ep=$EP, TLS key log embedded"
    check_register "$OUT_DIR/cert-$name.pcapng"
    expect "$OUT_DIR/cert-$name.pcapng" "x509sat.uTF8String == \"$cn\"" 1 "client CN $cn"
  fi
}

dtls_case match "$EPT:$EP"
dtls_case type-differs "1:00A0C6-Router-SN1"
dtls_case name-differs "2:urn:imei:356938035643809"
dtls_case no-type "$EP"
dtls_case type-as-name "URN:$EP"

if wanted rejected; then
  capture_case rejected udp match coaps other-ca \
    "coap-client-gnutls to coap-rd-gnutls -R other-ca.pem (trusts another CA), DTLS 1.2, client CN '$EPT:$EP': the server ends the handshake"
  expect "$OUT_DIR/cert-rejected.pcapng" 'dtls.alert_message.desc == 48 && udp.srcport == 5684' 1 \
    "server's alert unknown_ca"
  [[ $(tshark -r "$OUT_DIR/cert-rejected.pcapng" -Y coap 2>/dev/null | wc -l) -eq 0 ]] ||
    die "cert-rejected.pcapng: CoAP after the alert"
fi

if wanted tls; then
  capture_case tls tcp match coaps+tcp ca \
    "$SERVER_NOTE, TLS 1.2 (coaps+tcp), client CN '$EPT:$EP', Register ept=$EPT&ep=$EP, TLS key log embedded"
  check_register "$OUT_DIR/cert-tls.pcapng"
fi

if wanted tls13; then
  gnutls_env=("${GNUTLS13[@]}")
  capture_case tls13 tcp type-differs coaps+tcp ca \
    "$SERVER_NOTE, TLS 1.3 (coaps+tcp), client CN '1:00A0C6-Router-SN1', Register ept=$EPT&ep=$EP, TLS key log embedded"
  gnutls_env=("${GNUTLS[@]}")
  check_register "$OUT_DIR/cert-tls13.pcapng"
  expect "$OUT_DIR/cert-tls13.pcapng" 'tls.handshake.type == 2 && tls.handshake.extensions.supported_version == 0x0304' 1 \
    "a TLS 1.3 Server Hello"
  expect "$OUT_DIR/cert-tls13.pcapng" 'x509sat.uTF8String == "1:00A0C6-Router-SN1"' 1 \
    "the client certificate, decrypted"
fi
if wanted enforced; then
  [[ -x $PKI_SERVER ]] || die "no lwm2m-pki-server at $PKI_SERVER (scripts/build, or LWM2M_PKI_SERVER=PATH)"
  server_kind=pki
  capture_case enforced udp type-differs coaps ca \
    "coap-client-gnutls to lwm2m-ept's lwm2m-pki-server --check-cn (verifies client certificates and their CN), DTLS 1.2, client CN '1:00A0C6-Router-SN1', Register ept=$EPT&ep=$EP, TLS key log embedded"
  server_kind=coap-rd
  expect "$OUT_DIR/cert-enforced.pcapng" 'coap.code == 131' 1 "the server's 4.03 Forbidden"
fi
log "done"
