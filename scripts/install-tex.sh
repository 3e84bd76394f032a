#!/usr/bin/env bash
# Install the TeX pieces bnreport needs (and pdftotext/pdftoppm for the tests) on Debian/Ubuntu.
# Called by `make` only when latexmk, pdflatex or pdftotext is missing.
exec "${0%/*}/apt-install.sh" TeX \
  "install a TeX distribution with latexmk and pdflatex" \
  texlive-latex-base texlive-latex-recommended texlive-fonts-recommended lmodern latexmk poppler-utils
