#!/usr/bin/env bash
# Installs the system packages Tashih needs on Debian/Ubuntu, only those missing.
# Safe to run twice: a second run finds nothing to install and changes nothing.
#   libreadline-dev  GNU readline, for the annotation REPL
#   libfribidi-dev   the Unicode bidi algorithm, for Arabic on screen
#   libfribidi-bin   fribidi's own command-line tool: the tests compare our visual order with it
#   tmux             drives the real REPL in its tests
#   libssl-dev       OpenSSL's libcrypto: SHA-256 with the CPU's SHA instructions
#   pkg-config       lets SwiftPM find readline, fribidi and libcrypto
#   python3-venv     the benchmark and interop scripts make their own venvs
set -euo pipefail

packages=(libreadline-dev libfribidi-dev libfribidi-bin libssl-dev tmux pkg-config python3-venv)
missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

# python3-venv is only needed where python3 is Debian's; a pyenv/other Python has venv built in.
if [[ " ${missing[*]} " == *" python3-venv "* ]] && python3 -c 'import venv, ensurepip' 2>/dev/null; then
    missing=("${missing[@]/python3-venv}")
fi
filtered=()
for p in "${missing[@]}"; do [[ -n "$p" ]] && filtered+=("$p"); done

if ((${#filtered[@]} == 0)); then
    echo "setup: all system packages present (${packages[*]})"
    exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "setup: installing ${filtered[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${filtered[@]}" >/dev/null
echo "setup: done"
