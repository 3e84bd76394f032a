#!/usr/bin/env bash
# Install Coq and the libraries the formal proof needs (Coquelicot; Interval as the issue asks) on
# Debian/Ubuntu.  Called by `make` only when coqc or Coquelicot is missing.
set -euo pipefail
packages=(coq libcoq-coquelicot libcoq-interval)
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "Coq is missing and this user cannot install packages; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Coq is missing and there is no apt-get; install Coq 8.16 with Coquelicot (e.g. via opam)." >&2
  exit 1
fi
echo "Installing Coq with apt-get (once; a few minutes): ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
