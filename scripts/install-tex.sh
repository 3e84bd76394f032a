#!/usr/bin/env bash
# Install the TeX pieces bnreport needs (and pdftotext/pdftoppm for the tests) on Debian/Ubuntu.
# Called by `make` only when latexmk, pdflatex or pdftotext is missing.
set -euo pipefail
packages=(texlive-latex-base texlive-latex-recommended texlive-fonts-recommended lmodern latexmk poppler-utils)
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "TeX is missing and this user cannot install packages; as root run:" >&2
  echo "  apt-get update && apt-get install -y ${packages[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "TeX is missing and there is no apt-get; install a TeX distribution with latexmk and pdflatex." >&2
  exit 1
fi
echo "Installing TeX with apt-get (once; a few minutes): ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
