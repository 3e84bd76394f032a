"""Issue 13: byte-reproducible outputs, dates from SOURCE_DATE_EPOCH or the input, PDF metadata."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bnreport import __version__, reproducible
from bnreport.errors import InputError
from bnreport.loader import load_problem

TITLE = r"Łukasz & Đoković: 100% {x} $y$ #1 ~ ^ _ \input{x} Ħ Trương"
AUTHOR = "Zoë Ørsted and Ǆuro Šimić"
OWN = f"""\
title = '{TITLE}'
author = "{AUTHOR}"
[data]
x = [[1, 0.5], [2, 1], [0, 3], [1.5, 2]]
y = ["1/3", 2, 4, 3.25]
"""


def build(out: Path, tmp: Path, *extra: str, **env: str) -> None:
    environ = {k: v for k, v in os.environ.items() if k != reproducible.ENV}
    environ.update(env, TMPDIR=str(tmp))
    tmp.mkdir(parents=True, exist_ok=True)
    result = subprocess.run([sys.executable, "-m", "bnreport", "-q", "--out", str(out), *extra],
                            env=environ, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                            timeout=300, check=False)
    assert result.returncode == 0, result.stderr


def outputs(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".bnreport" not in p.parts}


def pdfinfo(pdf: Path) -> dict[str, str]:
    text = subprocess.run(["pdfinfo", "-custom", str(pdf)], capture_output=True, text=True,
                          check=False).stdout
    if not text:  # poppler without -custom
        text = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
    pairs = (line.split(":", 1) for line in text.splitlines() if ":" in line)
    return {key: value.strip() for key, value in pairs}


def pdftext(pdf: Path) -> str:
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(raw.split())


# -- the rules, without TeX -----------------------------------------------------------------------
@pytest.mark.parametrize(("input_date", "env", "epoch", "printed"), [
    ("", {}, None, ""),
    ("", {"SOURCE_DATE_EPOCH": "1700000000"}, 1700000000, "2023/11/14"),
    ("2025-03-01", {}, 1740787200, "2025/03/01"),
    ("2025-03-01", {"SOURCE_DATE_EPOCH": "1700000000"}, 1700000000, "2025/03/01"),
    ("", {"SOURCE_DATE_EPOCH": " "}, None, ""),
])
def test_build_time_rules(input_date, env, epoch, printed):
    when = reproducible.build_time(input_date, env)
    assert when.epoch == epoch and when.note_date == printed


@pytest.mark.parametrize("value", ["tomorrow", "-1", "1.5", "1e9", "9" * 13])
def test_a_malformed_source_date_epoch_is_an_input_error(value):
    with pytest.raises(InputError, match="SOURCE_DATE_EPOCH"):
        reproducible.source_date_epoch({"SOURCE_DATE_EPOCH": value})


def test_tex_environment_sets_or_removes_the_date_variables():
    base = {"SOURCE_DATE_EPOCH": "5", "FORCE_SOURCE_DATE": "1", "PATH": "/bin"}
    assert reproducible.tex_environment(reproducible.BuildTime(None, None), base) == {"PATH": "/bin"}
    fixed = reproducible.tex_environment(reproducible.BuildTime(7, None), base)
    assert fixed["SOURCE_DATE_EPOCH"] == "7" and fixed["FORCE_SOURCE_DATE"] == "1"


def test_the_input_date_field_is_read(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text("date = 2025-03-01\n[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [2, 5, 13]\n")
    assert load_problem(path).date == "2025-03-01"
    path.write_text('date = "2024-02-29"\n[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [2, 5, 13]\n')
    assert load_problem(path).date == "2024-02-29"


def test_the_trailer_id_follows_version_and_input():
    ids = {reproducible.trailer_id(v, d) for v in ("0.1.0", "0.1.1") for d in ("a" * 16, "b" * 16)}
    assert len(ids) == 4 and reproducible.trailer_id("0.1.0", "a" * 16) in ids


# -- with TeX -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def own(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("own") / "own.toml"
    path.write_text(OWN, encoding="utf-8")
    return path


@pytest.mark.latex
@pytest.mark.parametrize("which", ["paper", "own data", "SOURCE_DATE_EPOCH"])
def test_two_builds_give_identical_bytes(tmp_path, own, which):
    extra = ("--data", str(own)) if which == "own data" else ()
    env = {"SOURCE_DATE_EPOCH": "1700000000"} if which == "SOURCE_DATE_EPOCH" else {}
    build(tmp_path / "first", tmp_path / "tmp-a", *extra, **env)
    time.sleep(1.1)  # another second on the clock, another TMPDIR, another output path
    build(tmp_path / "second" / "deeper", tmp_path / "tmp-b", *extra, **env)
    first, second = outputs(tmp_path / "first"), outputs(tmp_path / "second" / "deeper")
    assert set(first) == set(second) and "bnreport.pdf" in first and len(first) > 20
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


@pytest.mark.latex
def test_without_a_date_the_pdf_has_none(tmp_path):
    build(tmp_path / "out", tmp_path / "tmp")
    info = pdfinfo(tmp_path / "out" / "bnreport.pdf")
    assert "CreationDate" not in info and "ModDate" not in info


@pytest.mark.latex
def test_source_date_epoch_dates_the_pdf_and_the_note(tmp_path):
    build(tmp_path / "out", tmp_path / "tmp", SOURCE_DATE_EPOCH="1700000000")
    pdf = tmp_path / "out" / "bnreport.pdf"
    assert pdfinfo(pdf)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")
    assert "2023/11/14" in pdftext(pdf)


@pytest.mark.latex
def test_the_input_date_is_printed_even_with_an_epoch(tmp_path):
    data = tmp_path / "dated.toml"
    data.write_text("date = 2025-03-01\n[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [2, 5, 13]\n")
    build(tmp_path / "out", tmp_path / "tmp", "--data", str(data), SOURCE_DATE_EPOCH="1700000000")
    pdf = tmp_path / "out" / "bnreport.pdf"
    assert "2025/03/01" in pdftext(pdf)
    assert pdfinfo(pdf)["CreationDate"].startswith("Tue Nov 14 22:13:20 2023")
    build(tmp_path / "out2", tmp_path / "tmp", "--data", str(data))
    assert pdfinfo(tmp_path / "out2" / "bnreport.pdf")["CreationDate"].startswith(
        "Sat Mar  1 00:00:00 2025")


@pytest.mark.latex
def test_pdf_metadata_names_title_author_version_and_input(tmp_path, own):
    build(tmp_path / "out", tmp_path / "tmp", "--data", str(own))
    info = pdfinfo(tmp_path / "out" / "bnreport.pdf")
    digest = load_problem(own).digest
    assert info["Title"] == TITLE and info["Author"] == AUTHOR
    assert "Lemma 4.5" in info["Subject"]
    assert f"bnreport {__version__}" in info["Keywords"] and digest in info["Keywords"]
    assert info["Creator"] == f"bnreport {__version__}"
    if "BnreportInput" in info:  # poppler with -custom
        assert info["BnreportInput"] == digest and info["BnreportVersion"] == __version__


def test_a_different_epoch_is_not_up_to_date(tmp_path, monkeypatch, capsys):
    from bnreport.cli import main

    monkeypatch.delenv(reproducible.ENV, raising=False)
    assert main(["snippets", "--out", str(tmp_path), "-q"]) == 0
    monkeypatch.setenv(reproducible.ENV, "1700000000")
    assert main(["snippets", "--out", str(tmp_path)]) == 0
    assert "up to date" not in capsys.readouterr().err
    assert re.search(r"\[2023/11/14 v", (tmp_path / "bnreport.sty").read_text())
