"""TeX runs while the steps are checked (in their own process): a check that fails then stops TeX
and publishes nothing, and a passing build has TeX running before the last check."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import pytest
from faketex import install, processes_with

import bnreport.checkjob as checkjob
from bnreport import latex
from bnreport.cli import main
from bnreport.errors import CheckFailed

pytestmark = pytest.mark.latex


def _tex_processes() -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if (entry / "comm").read_text().strip() in {"pdflatex", "pdftex"} and state != "Z":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _check_seeing_tex(real_check, fail: bool, seen: Path, running=_tex_processes):
    """The real checks (in their process), which first wait until TeX is running — primed on the
    preamble before the algebra — and say so in ``seen``."""
    def check(steps, between=None):
        deadline = time.monotonic() + 60
        while not running() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert running(), "TeX is not running during the checks"
        seen.write_text("TeX was running")
        if fail:
            raise CheckFailed(list(steps)[-1].id, "planted failure while TeX runs")
        return real_check(steps, between)
    return check


def _feed_after(seen: Path, monkeypatch) -> None:
    """TeX gets the body only once the checks have seen it running (no race with the test)."""
    real_feed = latex.CompileJob.feed

    def feed(self, source):
        deadline = time.monotonic() + 60
        while not seen.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return real_feed(self, source)

    monkeypatch.setattr(latex.CompileJob, "feed", feed)


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="needs Linux /proc")
def test_a_check_failing_while_tex_runs_stops_tex_and_keeps_the_last_good_outputs(
        tmp_path, monkeypatch, capsys):
    out = tmp_path / "out"
    assert main(["-q", "--no-formal", "--out", str(out)]) == 0
    good = (out / "bnreport.pdf").read_bytes()
    (tmp_path / "bin").mkdir()
    fake = install(tmp_path / "bin", monkeypatch)  # a TeX that would run for 987 s
    fake.mode("hang")
    monkeypatch.setenv("FAKE_TEX_HANG", "987")
    hanging = partial(processes_with, "sleep 987")
    seen = tmp_path / "seen"
    monkeypatch.setattr(checkjob, "check_steps",
                        _check_seeing_tex(checkjob.check_steps, True, seen, hanging))
    _feed_after(seen, monkeypatch)
    assert main(["-q", "--no-formal", "--force", "--out", str(out)]) == 1
    assert "planted failure while TeX runs" in capsys.readouterr().err
    assert hanging() == []
    assert (out / "bnreport.pdf").read_bytes() == good


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="needs Linux /proc")
def test_tex_started_during_the_checks_gives_the_pdf(tmp_path, monkeypatch):
    seen = tmp_path / "seen"
    monkeypatch.setattr(checkjob, "check_steps",
                        _check_seeing_tex(checkjob.check_steps, False, seen))
    _feed_after(seen, monkeypatch)
    assert main(["-q", "--no-formal", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "bnreport.pdf").read_bytes().startswith(b"%PDF")
