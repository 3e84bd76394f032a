"""End to end: the CLI in a subprocess builds the PDF, and the PDF states the key results."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.latex


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("note")
    result = subprocess.run([sys.executable, "-m", "bnreport", "--out", str(out)],
                            capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "check: " in result.stderr and "latex: " in result.stderr  # progress per stage
    return out


@pytest.fixture(scope="module")
def text(built) -> str:
    raw = subprocess.run(["pdftotext", str(built / "bnreport.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    return re.sub(r"\s+", " ", raw.replace("\N{MINUS SIGN}", "-"))


@pytest.mark.parametrize("expected", [
    r"-54\s?√?\s?74/1369, 18\s?√?\s?74/1369",    # the exact gradient at W*, in one line
    r"\(-0\.34, 0\.11\)",                          # the paper's figures
    r"\(-0\.3393, 0\.1131\)",                      # its decimals
    r"3w1 - 5w2 = 0",                              # the critical line
    r"201 - 2\s?√?\s?194",                         # the minimum value
    r"W ?∗ = \(1, 3\)",                            # the derived minimiser of C
    r"Lemma 4\.5",
    r"PK = 1/4",                                   # all initializations: reading (K)
    r"θ/4π \+ 1/4|1/4 \+ θ/4π|0\.3064",              # reading (M)
    r"51\.26",                                     # the wedge of failing directions
    r"141\.26",
    r"Formally verified statements",
    r"Santurkar",
    r"References",
    r"Table of checks",
])
def test_pdf_states_the_key_results(text, expected):
    assert re.search(expected, text), expected


def test_pdf_reads_like_a_paper(text):
    for heading in ("Abstract", "1 Setting and definitions",
                    "2 The network without batch normalization", "Proposition 1", "Definition 1",
                    "Theorem 1", "Proof.", "Remark 3.3"):
        assert heading in text
    assert text.count("Checked:") >= 20


def test_outputs_are_all_there(built):
    for name in ("bnreport.pdf", "bnreport.tex", "bnreport.sty", "snippets/index.json",
                 "snippets/grad-chat-wstar.tex"):
        assert (built / name).is_file(), name
    assert not list(built.glob(".bnreport-build-*"))  # the staging directory is gone
