#!/usr/bin/env bash
# madoguchi developer entry point.
#   ./dev.sh start [--demo] [ARGS…]   set everything up, then start the app
#   ./dev.sh test [PYTEST ARGS…]      set everything up, then run the whole test suite
#   ./dev.sh bench --quick [NAME…]    set everything up, then run every bench (or NAME…) in quick mode
#   ./dev.sh bench NAME [ARGS…]       set everything up, then run bench/bench_NAME.py at full size
set -euo pipefail
cd "$(dirname "$0")"

APT_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 \
  libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xinerama0 libxcb-xfixes0 libxrender1 libpulse0 \
  libnss3 libasound2 poppler-utils python3-venv"

setup_system() {
  local missing=()
  for p in $APT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing Debian packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

setup_python() {
  local py="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$py" -m venv .venv
  fi
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
}

cmd="${1:-}"; shift || true
case "$cmd" in
  start)
    setup_system; setup_python
    exec .venv/bin/python -m app gui "$@"
    ;;
  test)
    setup_system; setup_python
    export QT_QPA_PLATFORM=offscreen
    exec .venv/bin/python -m pytest "$@"
    ;;
  bench)
    setup_system; setup_python
    export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
    if [ "${1:-}" = "--quick" ]; then
      shift
      exec .venv/bin/python bench/run_quick.py "$@"
    fi
    name="${1:-}"; shift || true
    name="${name#bench_}"; name="${name%.py}"
    if [ -z "$name" ] || [ ! -f "bench/bench_$name.py" ]; then
      echo "usage: ./dev.sh bench --quick [NAME…] | ./dev.sh bench NAME [ARGS…]; NAME is one of:" \
        $(cd bench && ls bench_*.py | sed 's/^bench_//; s/\.py$//') >&2
      exit 2
    fi
    exec .venv/bin/python "bench/bench_$name.py" "$@"
    ;;
  *)
    echo "usage: ./dev.sh start [--demo] | ./dev.sh test [pytest args] | ./dev.sh bench --quick | ./dev.sh bench NAME [args]" >&2
    exit 2
    ;;
esac
