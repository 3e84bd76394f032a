"""Issue 13/14: a warm re-run fingerprints the input bytes — it never parses the data — and still
notices any change to the data, the code's inputs or the outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bnreport import cache, output
from bnreport.cli import main
from bnreport.commands import common
from bnreport.loader import load_problem

CSV = "x1,x2,y\n" + "".join(f"{k % 7}.{k % 10},{(k * k) % 11}/{1 + k % 3},{k % 5}\n"
                             for k in range(2000))


@pytest.fixture
def csv_data(tmp_path) -> Path:
    (tmp_path / "set.csv").write_text(CSV)
    (tmp_path / "data.toml").write_text('title = "warm"\n[data]\ncsv = "set.csv"\n')
    return tmp_path / "data.toml"


def run(data: Path, out: Path, capsys) -> str:
    assert main(["snippets", "--data", str(data), "--out", str(out)]) == 0
    return capsys.readouterr().err


def test_warm_run_reads_no_row(csv_data, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    run(csv_data, out, capsys)

    def no_parse(*args, **kwargs):
        raise AssertionError("a warm run must not parse the data")

    monkeypatch.setattr(common, "load_problem", no_parse)
    assert "up to date" in run(csv_data, out, capsys)


def test_the_quick_fingerprint_is_the_full_one(csv_data, tmp_path, capsys):
    out = tmp_path / "out"
    run(csv_data, out, capsys)
    stamp = output.stamp_of(output.inspect(out))
    assert stamp is not None and stamp.csv == "set.csv"
    assert cache.quick_fingerprint(csv_data, stamp) == cache.fingerprint(load_problem(csv_data))


@pytest.mark.parametrize("change", ["one csv byte", "csv appended", "toml comment", "csv replaced"])
def test_any_change_to_the_input_bytes_rebuilds(csv_data, tmp_path, capsys, change):
    out = tmp_path / "out"
    run(csv_data, out, capsys)
    csv = csv_data.parent / "set.csv"
    if change == "one csv byte":
        csv.write_text(CSV.replace("\n3", "\n4", 1))  # same size, other content
    elif change == "csv appended":
        csv.write_text(CSV + "1,1,1\n")
    elif change == "toml comment":
        csv_data.write_text(csv_data.read_text() + "# note\n")
    else:
        (csv_data.parent / "other.csv").write_text(CSV.replace("\n3", "\n4", 1))
        csv.unlink()
        (csv_data.parent / "other.csv").rename(csv)
    assert "up to date" not in run(csv_data, out, capsys)
    assert "up to date" in run(csv_data, out, capsys)


def test_touching_the_csv_is_no_change(csv_data, tmp_path, capsys):
    out = tmp_path / "out"
    run(csv_data, out, capsys)
    os.utime(csv_data.parent / "set.csv", (1, 1))
    assert "up to date" in run(csv_data, out, capsys)


def test_a_code_change_rebuilds(csv_data, tmp_path, capsys, monkeypatch):
    out = tmp_path / "out"
    run(csv_data, out, capsys)
    monkeypatch.setattr(cache, "code_digest", lambda: "edited")
    assert "up to date" not in run(csv_data, out, capsys)
