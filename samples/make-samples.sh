#!/usr/bin/env bash
# make-samples.sh - (re)makes the sample captures of lwm2m-ept.
#
#   samples/make-samples.sh [--generator PATH] [--out DIR] [--bench] [--count N] [--real]
#   samples/make-samples.sh PATH          (same as --generator PATH)
#
# Synthetic captures (always): lwm2m-capgen writes names-urn, names-oui, ept-and-params,
# lifecycle, broken-coap, exchanges, registrations, query-limits, verdicts, answers,
# conversation, edges, undelivered and operations as pcap; `editcap -F pcapng` turns each into
# DIR/<scenario>.pcapng.
# truncated.pcapng is lifecycle.pcapng cut to 120 bytes per frame (`editcap -s 120`). The output
# is byte-for-byte the same on every run (checked against SHA256SUMS when present).
#
#   --generator PATH  use this lwm2m-capgen (e.g. build/samples/generator/lwm2m-capgen);
#                     without it the generator is built with CMake into samples/.build/
#   --out DIR         write the captures there (default: the samples folder)
#   --bench           also write bench-register.pcapng, bench-coap.pcapng and bench-nocoap.pcapng
#                     (large; not committed; git ignores them)
#   --count N         packets per bench capture (default 200000)
#   --real            also run capture-real.sh (root only) for the real-*.pcapng captures
#   --update-sums     rewrite SHA256SUMS from this run instead of checking against it
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR=$SCRIPT_DIR
GENERATOR=""
BENCH=0
COUNT=200000
REAL=0
UPDATE_SUMS=0
SCENARIOS=(names-urn names-oui ept-and-params lifecycle broken-coap exchanges registrations
  query-limits verdicts answers conversation edges undelivered operations)
# Captures cut from another one: NAME SOURCE SNAPLEN (editcap -s SNAPLEN SOURCE NAME).
DERIVED=(truncated lifecycle 120)

die() {
  echo "make-samples.sh: $*" >&2
  exit 1
}
log() { echo "make-samples.sh: $*" >&2; }

usage() {
  # The comment block at the top of this file, without its '# '.
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
}

while [[ $# -gt 0 ]]; do
  case $1 in
    --generator)
      [[ $# -ge 2 ]] || die "--generator needs a path"
      GENERATOR=$2
      shift 2
      ;;
    --out)
      [[ $# -ge 2 ]] || die "--out needs a directory"
      OUT_DIR=$2
      shift 2
      ;;
    --bench)
      BENCH=1
      shift
      ;;
    --count)
      [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || die "--count needs a positive whole number"
      COUNT=$2
      shift 2
      ;;
    --real)
      REAL=1
      shift
      ;;
    --update-sums)
      UPDATE_SUMS=1
      shift
      ;;
    -h | --help)
      usage
      exit 0
      ;;
    -*)
      usage >&2
      exit 2
      ;;
    *)
      [[ -z $GENERATOR ]] || die "more than one generator path given"
      GENERATOR=$1
      shift
      ;;
  esac
done

command -v editcap >/dev/null || die "editcap not found (Debian: apt-get install tshark)"
if [[ $REAL -eq 1 && $(id -u) -ne 0 ]]; then
  die "--real needs root (tshark captures on lo)"
fi

if [[ -z $GENERATOR ]]; then
  BUILD_DIR=$SCRIPT_DIR/.build
  log "building lwm2m-capgen in $BUILD_DIR"
  cmake -S "$SCRIPT_DIR/generator" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD_DIR" --parallel >/dev/null
  GENERATOR=$BUILD_DIR/lwm2m-capgen
fi
[[ -x $GENERATOR ]] || die "generator not found or not executable: $GENERATOR"

mkdir -p "$OUT_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)
WORK=$(mktemp -d /tmp/lwm2m-make-samples.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# make SCENARIO [GENERATOR-OPTION...]: pcap from the generator, pcapng by editcap.
make_one() {
  local scenario=$1
  shift
  "$GENERATOR" "$scenario" "$WORK/$scenario.pcap" "$@" 2>/dev/null ||
    die "lwm2m-capgen $scenario failed"
  editcap -F pcapng "$WORK/$scenario.pcap" "$WORK/$scenario.pcapng"
  mv -f "$WORK/$scenario.pcapng" "$OUT_DIR/$scenario.pcapng"
  chmod 0644 "$OUT_DIR/$scenario.pcapng"
}

# cut NAME SOURCE SNAPLEN: DIR/NAME.pcapng is DIR/SOURCE.pcapng with every frame cut to SNAPLEN
# bytes, as a capture with that snapshot length would have recorded it.
cut() {
  local name=$1 source=$2 snaplen=$3
  editcap -s "$snaplen" "$OUT_DIR/$source.pcapng" "$WORK/$name.pcapng"
  mv -f "$WORK/$name.pcapng" "$OUT_DIR/$name.pcapng"
  chmod 0644 "$OUT_DIR/$name.pcapng"
}

for s in "${SCENARIOS[@]}"; do make_one "$s"; done
ALL=("${SCENARIOS[@]}")
for ((i = 0; i < ${#DERIVED[@]}; i += 3)); do
  cut "${DERIVED[i]}" "${DERIVED[i + 1]}" "${DERIVED[i + 2]}"
  ALL+=("${DERIVED[i]}")
done
(cd "$OUT_DIR" && sha256sum "${ALL[@]/%/.pcapng}") >"$WORK/sums"
cat "$WORK/sums"

SUMS=$SCRIPT_DIR/SHA256SUMS
if [[ $UPDATE_SUMS -eq 1 ]]; then
  cp "$WORK/sums" "$SUMS"
  log "wrote $SUMS"
elif [[ -f $SUMS ]]; then
  if cmp -s "$WORK/sums" "$SUMS"; then
    log "synthetic captures match SHA256SUMS"
  else
    # Another Wireshark version writes a different editcap name into the pcapng header, so a
    # mismatch is a warning; the frames themselves come from lwm2m-capgen.
    log "WARNING: synthetic captures differ from SHA256SUMS:"
    diff "$SUMS" "$WORK/sums" >&2 || true
  fi
fi

if [[ $BENCH -eq 1 ]]; then
  make_one bench-register --count "$COUNT"
  make_one bench-coap --count "$COUNT"
  make_one bench-nocoap --count "$COUNT"
  log "wrote bench-register.pcapng, bench-coap.pcapng and bench-nocoap.pcapng ($COUNT packets each)"
fi

if [[ $REAL -eq 1 ]]; then
  "$SCRIPT_DIR/capture-real.sh" --out "$OUT_DIR"
fi
log "done: $OUT_DIR"
