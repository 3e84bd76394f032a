"""A non-editable install (the built wheel, in a fresh venv) finds its templates and example data."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.latex, pytest.mark.slow]


def run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600, check=False)


def test_wheel_installs_and_builds_the_pdf_from_another_directory(tmp_path):
    dist = tmp_path / "dist"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dist, ROOT, cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-2000:]
    wheel = next(dist.glob("bnreport-*.whl"))
    env = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env)
    installed = run(env / "bin" / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(env / "bin" / "bnreport", "--out", "out", cwd=elsewhere)
    assert result.returncode == 0, result.stderr[-2000:]
    assert (elsewhere / "out" / "bnreport.pdf").is_file()
    snippets = run(env / "bin" / "python", "-m", "bnreport", "snippets", "--out", "snip",
                   cwd=elsewhere)
    assert snippets.returncode == 0, snippets.stderr[-2000:]
    assert (elsewhere / "snip" / "snippets" / "bn-mean.tex").is_file()
