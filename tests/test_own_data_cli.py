"""`--data FILE.toml` end to end: the note, the snippets, and user text that reaches LaTeX."""

from __future__ import annotations

import subprocess

import pytest

from bnreport.cli import main

TOML = """\
title = '\\input{{{secret}}} 100% $x$ & #1 _ ^ ~ {{}}'
author = "A. Reviewer"
[data]
x = [[1, 0.5], [2, 1], [0, 3], [1.5, 2]]
y = ["1/3", 2, 4, 3.25]
[bn]
gamma = 2
beta = -1
"""


@pytest.fixture
def data_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT-48151623\n")
    path = tmp_path / "mine.toml"
    path.write_text(TOML.format(secret=secret))
    return path


@pytest.mark.latex
def test_title_is_printed_literally_and_no_file_is_read(data_file, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--data", str(data_file), "--out", str(out)]) == 0
    assert "verdict: Lemma 4.5 fails" in capsys.readouterr().err
    raw = subprocess.run(["pdftotext", str(out / "bnreport.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    text = " ".join(raw.split())
    assert r"\input{" in text and "100% $x$ & #1 _ ^ ~ {}" in text
    assert "SECRET-CONTENT" not in text


def test_snippets_accept_data(data_file, tmp_path):
    out = tmp_path / "snip"
    assert main(["snippets", "--data", str(data_file), "--out", str(out), "-q"]) == 0
    assert "mine.toml" in (out / "snippets" / "bn-mean.tex").read_text().splitlines()[0]


def test_check_answers_claims_on_three_features(capsys):
    from pathlib import Path

    data = Path(__file__).resolve().parent.parent / "examples" / "three_features.toml"
    claims = ["mu(w) == 7/5*w1 + 3/5*w2 + w3", "Chat(3*w) == Chat(w)", "is_critical(Chat, Wstar)",
              "C(1, 1, 1) == 11", "w4 == 1"]
    assert main(["check", "--json", "--data", str(data), *claims]) == 2
    import json

    verdicts = [r["verdict"] for r in json.loads(capsys.readouterr().out)]
    assert verdicts == ["true", "true", "false", "false", "error"]
