"""The precompiled preamble: only our fixed text in it, same PDF bytes with or without it, and a
format pdflatex cannot load costs a second compile, never the build."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bnreport import texformat
from bnreport.latex import document_source

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = r"\input{/etc/passwd} \write18{ls} ^^5c $x$ {hyperref}% Ł"


def test_the_fixed_preamble_is_class_and_packages_only():
    source = document_source(HOSTILE, HOSTILE, "1 January 2026", "body")
    fixed = texformat.fixed_preamble(source)
    assert fixed is not None and fixed.startswith(r"\documentclass")
    assert fixed.rstrip().endswith("{hyperref}%")
    assert "passwd" not in fixed and "Ł" not in fixed and r"\title" not in fixed
    # The same for any title: one format serves every input.
    assert texformat.fixed_preamble(document_source("t", "a", "", "x")) == fixed


@pytest.mark.parametrize("source", [
    "no class at all", "\\documentclass{article}\n\\begin{document}x\\end{document}\n",
])
def test_a_source_without_the_fixed_preamble_is_left_alone(source):
    assert texformat.guarded(source) == source and texformat.fixed_preamble(source) is None


def test_guarding_is_idempotent_and_the_dump_defines_the_guard():
    source = document_source("t", "a", "", "x")
    assert texformat.guarded(source) == source  # document_source guards already
    dump = texformat.dump_source(texformat.fixed_preamble(source))
    assert texformat.GUARD in dump and dump.rstrip().endswith(r"\dump")


def _build(out: Path, cache: Path) -> bytes:
    env = {**os.environ, "BNREPORT_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-m", "bnreport", "-q", "--force", "--no-formal",
                           "--out", str(out)], cwd=ROOT, env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300)
    assert done.returncode == 0, done.stderr
    return (out / "bnreport.pdf").read_bytes()


@pytest.mark.latex
def test_with_and_without_the_format_the_pdf_bytes_are_the_same(tmp_path):
    cache = tmp_path / "cache"
    without = _build(tmp_path / "a", cache)          # no format yet: dumped meanwhile
    formats = list((cache / "tex").glob("*.fmt"))
    assert len(formats) == 1 and not list((cache / "tex").glob(".dump-*"))
    assert _build(tmp_path / "b", cache) == without  # with the format
    formats[0].write_bytes(b"not a format")          # damaged: pdflatex cannot load it
    assert _build(tmp_path / "c", cache) == without
    assert not formats[0].exists()                   # removed, so the next build dumps a new one
