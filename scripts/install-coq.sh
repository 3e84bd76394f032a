#!/usr/bin/env bash
# Install Coq and the libraries the formal proof needs (Coquelicot; Interval as the issue asks) on
# Debian/Ubuntu.  Called by `make` only when coqc or Coquelicot is missing.
exec "${0%/*}/apt-install.sh" Coq \
  "install Coq 8.16 with Coquelicot (e.g. via opam)" \
  coq libcoq-coquelicot libcoq-interval
