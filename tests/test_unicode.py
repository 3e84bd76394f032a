"""Issue 14: any Unicode title or author is typeset, or refused with one line naming the character.

Every code point of U+0080–U+024F (and of Latin Extended Additional, Greek, punctuation, letter-like
symbols) is either rendered by :mod:`bnreport.texchars` — and then compiles, as title, as PDF
metadata and in text — or refused by the loader naming it."""

from __future__ import annotations

import re
import subprocess
import unicodedata

import pytest

from bnreport.errors import InputError
from bnreport.latex import PdfInfo, document_source
from bnreport.loader import load_problem
from bnreport.reproducible import BuildTime
from bnreport.texescape import escape, unsupported

RANGES = [(0x80, 0x250), (0x250, 0x2B0), (0x370, 0x400), (0x1E00, 0x1F00), (0x2000, 0x2070),
          (0x2100, 0x2150), (0x2190, 0x2300)]
LATIN = [chr(c) for c in range(0x80, 0x250)]
BEYOND = [chr(c) for a, b in RANGES[1:] for c in range(a, b)]
SUPPORTED = [c for c in LATIN + BEYOND if unsupported(c) is None]
REFUSED = [c for c in LATIN if unsupported(c) is not None]


def test_most_of_latin_1_and_extended_a_b_is_typeset():
    assert len(REFUSED) <= 15, "".join(REFUSED)
    # the examples, and real names
    for name in ("Łukasz", "Đoković", "Ħamrun", "Trương", "Nguyễn", "Ørsted", "Şahin", "Ǆuro"):
        assert unsupported(name) is None and "?" not in escape(name), name


@pytest.mark.parametrize("char", [*REFUSED, "Ж", "中", "\U0001F600", "\ue000", "\u0378"],
                         ids=lambda c: f"U+{ord(c):04X}")
def test_a_character_that_cannot_be_typeset_is_named(tmp_path, char):
    path = tmp_path / "data.toml"
    path.write_text(f'title = "Name {char}"\n[data]\nx = [[1, 1], [1, 2], [2, 3]]\n'
                    'y = [2, 5, 13]\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_problem(path)
    message = str(err.value)
    assert f"U+{ord(char):04X}" in message and "title contains" in message and "\n" not in message


@pytest.mark.parametrize(("char", "latex"), [
    ("≰", r"\ensuremath{\not\le}"), ("∄", r"\ensuremath{\not\exists}"), ("∉", r"\ensuremath{\not\in}"),
    ("⇏", r"\ensuremath{\not\Rightarrow}"), ("φ", r"\ensuremath{\varphi}"),
    ("έ", r"\ensuremath{\varepsilon}"),
])
def test_a_symbol_keeps_its_negation_and_the_notation_is_the_notes(char, latex):
    # ≰ is ≤ with a combining slash: dropping the mark, as for letters (Ơ → O), would invert it.
    assert escape(char) == latex


def test_escape_is_ascii_latex_for_every_supported_character():
    for char in SUPPORTED:
        latex = escape(char)
        assert latex.isascii(), (char, latex)
        assert "?" not in latex or "?" in unicodedata.normalize("NFKD", char), (char, latex)


@pytest.mark.latex
def test_every_supported_character_compiles_as_title_metadata_and_text(tmp_path):
    text = "".join(SUPPORTED)
    body = "\n".join(f"U+{ord(c):04X} {escape(c)}\\par" for c in SUPPORTED)
    info = PdfInfo("subject", "0.1.0", "test.toml", "0" * 16, BuildTime(None, None))
    source = document_source(text[:400], text[400:800], "", body, info)
    (tmp_path / "all.tex").write_text(source, encoding="utf-8")
    result = subprocess.run(["pdflatex", "-no-shell-escape", "-halt-on-error",
                             "-interaction=nonstopmode", "all.tex"], cwd=tmp_path,
                            capture_output=True, text=True, errors="replace",
                            stdin=subprocess.DEVNULL, timeout=300, check=False)
    assert result.returncode == 0, result.stdout[-2000:]
    log = (tmp_path / "all.log").read_text(errors="replace")
    assert "Missing character" not in log
    extracted = subprocess.run(["pdftotext", "all.pdf", "-"], cwd=tmp_path, capture_output=True,
                               text=True, check=True).stdout
    # letters with a T1 glyph come back out of the PDF as themselves
    for char in "ŁđüřóżćÆøŞ":  # (capital Đ is the glyph of Ð, and comes back as Ð)
        assert re.search(rf"U\+{ord(char):04X} {char}", extracted), char
