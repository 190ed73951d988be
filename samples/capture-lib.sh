# shellcheck shell=bash
# capture-lib.sh - what capture-real.sh and capture-replay.sh share: their options, the work
# folder and clean-up, starting and stopping tshark and servers on loopback, and checking and
# labelling the captures they write. Sourced, not run. The sourcing script sets CAPTURE_SCRIPT
# (its name, for messages) and CAPTURES (the names --only takes), and defines usage().

die() {
  echo "$CAPTURE_SCRIPT: $*" >&2
  exit 1
}

log() { echo "$CAPTURE_SCRIPT: $*" >&2; }

# parse_capture_options "$@": --out DIR (sets OUT_DIR), --only NAME (sets ONLY), --help.
parse_capture_options() {
  while [[ $# -gt 0 ]]; do
    case $1 in
      --out)
        [[ $# -ge 2 ]] || die "--out needs a directory"
        OUT_DIR=$2
        shift 2
        ;;
      --only)
        [[ $# -ge 2 ]] || die "--only needs one of ${CAPTURES// /, }"
        ONLY=$2
        shift 2
        ;;
      -h | --help)
        usage
        exit 0
        ;;
      *)
        usage >&2
        exit 2
        ;;
    esac
  done
  [[ -z $ONLY || " $CAPTURES " == *" $ONLY "* ]] || die "unknown capture '$ONLY'"
}

# wanted NAME: whether this run makes capture NAME (all of them without --only).
wanted() { [[ -z $ONLY || $ONLY == "$1" ]]; }

# prepare WHY TOOL...: checks for root and the tools, makes OUT_DIR absolute and a work folder
# (WORK) that the exit trap removes, with whatever server and tshark are still running.
prepare() {
  local why=$1 tool
  shift
  [[ $(id -u) -eq 0 ]] || die "must run as root ($why)"
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "missing tool: $tool"
  done
  mkdir -p "$OUT_DIR"
  OUT_DIR=$(cd "$OUT_DIR" && pwd)
  WORK=$(mktemp -d "/tmp/lwm2m-$CAPTURE_SCRIPT.XXXXXX")
  CAPTURE_PID=""
  SERVER_PID=""
  trap cleanup EXIT
  trap 'exit 130' INT TERM
}

# Stops what this script started (by process id) and removes the work folder.
cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ -n $CAPTURE_PID ]]; then
    # SIGINT: tshark stops its dumpcap child and closes the file.
    kill -INT "$CAPTURE_PID" 2>/dev/null || true
    wait "$CAPTURE_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
  exit "$rc"
}

# Refuses to start when another program already uses a port we need.
require_free_port() {
  local port=$1
  if ss -H -lnup "sport = :$port" | grep -q . || ss -H -lntp "sport = :$port" | grep -q .; then
    ss -H -lnup "sport = :$port" >&2 || true
    ss -H -lntp "sport = :$port" >&2 || true
    die "port $port is already in use on this machine; stop that program first"
  fi
}

# start_capture INTERFACE FILTER FILE [TSHARK-OPTION...]: tshark on INTERFACE; returns once it
# reports capturing and the file exists.
start_capture() {
  local interface=$1 filter=$2 file=$3
  shift 3
  tshark -i "$interface" "$@" -f "$filter" -w "$file" >"$WORK/tshark.log" 2>&1 &
  CAPTURE_PID=$!
  for _ in $(seq 100); do
    if grep -q "Capturing on" "$WORK/tshark.log" 2>/dev/null && [[ -s $file ]]; then
      sleep 0.5 # settle: let dumpcap finish attaching the filter
      return 0
    fi
    kill -0 "$CAPTURE_PID" 2>/dev/null || { cat "$WORK/tshark.log" >&2; die "tshark exited"; }
    sleep 0.1
  done
  cat "$WORK/tshark.log" >&2
  die "tshark did not start capturing within 10 s"
}

stop_capture() {
  sleep 0.5 # let the last packets reach the capture
  kill -INT "$CAPTURE_PID" 2>/dev/null || true
  wait "$CAPTURE_PID" 2>/dev/null || true
  CAPTURE_PID=""
}

# await_server WHAT LOG CHECK...: waits up to 10 s for the command CHECK to succeed while the
# server SERVER_PID runs (its output in LOG, shown if it exits first).
await_server() {
  local what=$1 log=$2
  shift 2
  for _ in $(seq 100); do
    if "$@"; then
      sleep 0.2
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "$what exited"; }
    sleep 0.1
  done
  die "$what did not start listening within 10 s"
}

# listens FLAG PORT: whether the server SERVER_PID listens on PORT (FLAG: ss -lnup or -lntp).
listens() { ss -H "$1" "sport = :$2" | grep -q "pid=$SERVER_PID,"; }

# start_server PROTO PORT CMD...: starts a server and waits until it listens on PROTO/PORT.
start_server() {
  local proto=$1 port=$2 flag
  shift 2
  [[ $proto == udp ]] && flag=-lnup || flag=-lntp
  "$@" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  await_server "$1 on $proto/$port" "$WORK/server.log" listens "$flag" "$port"
}

# stop_server: SIGTERM, and the server's exit status is not checked (coap-rd may have crashed).
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
}

# finish RAW OUT COMMENT [EDITCAP-OPTION...]: adds a capture comment (and any other editcap
# options) and moves the capture into place. One editcap pass only: editcap 4.0 refuses to
# rewrite a pcapng that already holds decryption secrets.
finish() {
  local raw=$1 out=$2 comment=$3
  shift 3
  editcap --capture-comment "$comment" "$@" "$raw" "$WORK/final.pcapng"
  mv -f "$WORK/final.pcapng" "$out"
  chmod 0644 "$out"
  log "wrote $out ($(tshark -r "$out" 2>/dev/null | wc -l) frames)"
}

# expect FILE FILTER MIN WHAT: checks that at least MIN frames match FILTER.
expect() {
  local file=$1 filter=$2 min=$3 what=$4 n
  n=$(tshark -r "$file" -Y "$filter" 2>/dev/null | wc -l)
  [[ $n -ge $min ]] || die "$(basename "$file"): expected at least $min frames of $what ($filter), got $n"
}
