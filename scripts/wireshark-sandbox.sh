# shellcheck shell=bash
# What scripts/lwm2m-tshark and scripts/lwm2m-sharkd share: a world-readable temporary folder
# holding this build's plugin, the captures and an empty HOME, and a way to run a Wireshark
# program there as `nobody` when run as root (Wireshark ignores plugin folders for root).
#
#   source scripts/wireshark-sandbox.sh
#   sandbox_prepare                  sets $sandbox; removed on exit (it sets the EXIT trap)
#   path=$(sandbox_capture FILE [NAME])
#                                    a copy of FILE that the program can read, in a folder of
#                                    its own, named NAME (default: FILE's name); fails when FILE
#                                    cannot be copied
#   sandbox_run PROGRAM ARGS...      runs it in the sandbox, cleared environment
#
# For scripts only (it exits on errors and owns the EXIT trap), not for an interactive shell.
#
# $LWM2M_PLUGIN_DIR: a folder holding <major.minor>/epan/lwm2m.so (default build/plugins).
# $LWM2M_TSHARK_WRAPPER: a command prefix (split at blanks) run in the same context.

sandbox_here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

sandbox_prepare() {
  local plugin_dir=${LWM2M_PLUGIN_DIR:-$sandbox_here/build/plugins}
  if ! compgen -G "$plugin_dir/*/epan/lwm2m.so" >/dev/null; then
    echo "${0##*/}: no plugin in $plugin_dir (build first, or set LWM2M_PLUGIN_DIR)" >&2
    exit 2
  fi
  sandbox=$(mktemp -d "${TMPDIR:-/tmp}/lwm2m-wireshark.XXXXXX")
  trap 'rm -rf "$sandbox"' EXIT
  chmod 755 "$sandbox"
  mkdir -p "$sandbox/home" "$sandbox/captures"
  cp -r "$plugin_dir" "$sandbox/plugins"
}

sandbox_capture() {
  # Called as $(sandbox_capture ...), in a subshell: a folder of its own per call, not a counter.
  local folder name=${2:-$(basename -- "$1")}
  folder=$(mktemp -d "$sandbox/captures/XXXXXX") || return 1
  cp -- "$1" "$folder/$name" || return 1
  echo "$folder/$name"
}

sandbox_run() {
  chmod -R a+rX "$sandbox"
  local wrapper=()
  if [[ -n ${LWM2M_TSHARK_WRAPPER:-} ]]; then
    read -r -a wrapper <<<"$LWM2M_TSHARK_WRAPPER"
  fi
  local run=(env -i "PATH=$PATH" "HOME=$sandbox/home" "LANG=${LANG:-C.UTF-8}" "TZ=${TZ:-UTC}"
    "WIRESHARK_PLUGIN_DIR=$sandbox/plugins" "${wrapper[@]}" "$@")
  if [[ $(id -u) == 0 ]]; then
    chown -R nobody "$sandbox/home"
    run=(setpriv --reuid=65534 --regid=65534 --clear-groups -- "${run[@]}")
  fi
  (cd "$sandbox" && "${run[@]}")
}
