#!/usr/bin/env bash
# Install Debian packages when a tool is missing: apt-install.sh WHAT ADVICE PACKAGE...
# WHAT names the tool in messages; ADVICE says what to do where there is no apt-get.
# Used by install-tex.sh, install-coq.sh and `make bench` (PythonTeX, the speed baseline).
set -euo pipefail
what=$1 advice=$2
shift 2
packages=("$@")
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "$what is missing and this user cannot install packages; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$what is missing and there is no apt-get; $advice." >&2
  exit 1
fi
echo "Installing $what with apt-get (once; a few minutes): ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
