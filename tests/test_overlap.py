"""TeX runs while the steps are checked (in their own process): a check that fails then stops TeX
and publishes nothing, and a passing build has TeX running before the last check."""

from __future__ import annotations

import time
from functools import partial
from pathlib import Path

import pytest
from faketex import install, processes_with

import bnreport.checkjob as checkjob
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


def _check_until_tex_runs(real_check, fail: bool, running=_tex_processes):
    """The real checks, but the last waits (between steps) until TeX has started."""
    def check(steps, between=None):
        steps = list(steps)
        verdicts = real_check(steps[:-1], between)
        deadline = time.monotonic() + 60
        while not running() and time.monotonic() < deadline:
            between()
            time.sleep(0.01)
        assert running(), "TeX did not start during the checks"
        if fail:
            raise CheckFailed(steps[-1].id, "planted failure while TeX runs")
        return {**verdicts, **real_check(steps[-1:], between)}
    return check


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
    monkeypatch.setattr(checkjob, "check_steps",
                        _check_until_tex_runs(checkjob.check_steps, True, hanging))
    assert main(["-q", "--no-formal", "--force", "--out", str(out)]) == 1
    assert "planted failure while TeX runs" in capsys.readouterr().err
    assert hanging() == []
    assert (out / "bnreport.pdf").read_bytes() == good


@pytest.mark.skipif(not Path("/proc/self/comm").exists(), reason="needs Linux /proc")
def test_tex_started_during_the_checks_gives_the_pdf(tmp_path, monkeypatch):
    monkeypatch.setattr(checkjob, "check_steps", _check_until_tex_runs(checkjob.check_steps, False))
    assert main(["-q", "--no-formal", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "bnreport.pdf").read_bytes().startswith(b"%PDF")
