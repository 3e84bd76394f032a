"""`bnreport formal`: one line per accepted theorem, one line naming the theorem on rejection
(exit 1), exit 3 with the install command when coqc is missing, exit 2 on bad usage; and the
`make coq` / scripts/install-coq.sh set-up path, exercised with a PATH that hides coqc."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from formal_cases import needs_coq

from bnreport.cli import main
from bnreport.formal import FILE_NAME
from bnreport.formal import run as formal_run
from bnreport.formal.spec import spec_from_problem

ROOT = Path(__file__).resolve().parent.parent


@needs_coq
def test_formal_prints_one_line_per_accepted_theorem(tmp_path, capsys):
    assert main(["formal", "-q", "--out", str(tmp_path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("ACCEPTED  Wstar_unique_global_minimiser_of_C  --  ")
    assert any(line.startswith("ACCEPTED  Lemma_4_5_refuted_at_W0  --  ") for line in lines)
    assert all(line.startswith("ACCEPTED  ") for line in lines)
    assert (tmp_path / "formal" / FILE_NAME).is_file()


@needs_coq
def test_a_planted_error_fails_the_command_with_one_line_naming_the_theorem(
        tmp_path, capsys, monkeypatch):
    def planted(problem):
        spec = spec_from_problem(problem)
        return replace(spec, gamma=-spec.gamma)  # the wrong sign of γ

    monkeypatch.setattr(formal_run, "spec_from_problem", planted)
    assert main(["formal", "-q", "--out", str(tmp_path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    error = captured.err.strip()
    assert "\n" not in error
    assert error.startswith("bnreport: error: coqc rejected theorem grad_Chat_Wstar ")
    assert not (tmp_path / "formal" / FILE_NAME).exists()
    assert (tmp_path / ".bnreport" / "failed" / "Counterexample.rejected.v").is_file()
    assert ".bnreport/failed/Counterexample.rejected.v" in error


@needs_coq
@pytest.mark.latex
def test_formal_joins_a_build_of_the_same_input_and_the_next_build_accepts_it(tmp_path, capsys):
    # Found by a review: formal/ was written outside the manifest, so the next build refused --out.
    assert main(["-q", "--no-formal", "--out", str(tmp_path)]) == 0
    pdf = (tmp_path / "bnreport.pdf").read_bytes()
    assert main(["formal", "-q", "--out", str(tmp_path)]) == 0
    assert (tmp_path / "bnreport.pdf").read_bytes() == pdf  # the build's outputs stay
    assert (tmp_path / "formal" / FILE_NAME).is_file()
    assert main(["--no-formal", "--out", str(tmp_path)]) == 0
    assert "up to date" in capsys.readouterr().err
    assert main(["-q", "--out", str(tmp_path)]) == 0  # with the formal appendix, rebuilt


@pytest.mark.parametrize("mine", ["formal", "bnreport.tex"])
def test_formal_refuses_the_outs_a_build_refuses(tmp_path, capsys, mine):
    """A user's own file among bnreport's names: refused, untouched (as the build does)."""
    path = tmp_path / mine / "notes.txt" if mine == "formal" else tmp_path / mine
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("mine\n")
    assert main(["formal", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    assert path.read_text() == "mine\n" and not (tmp_path / "formal" / FILE_NAME).exists()


def test_missing_coqc_is_exit_3_with_the_install_command(tmp_path):
    # A subprocess whose PATH holds nothing: coqc (and everything else) is hidden.
    env = {"PATH": str(tmp_path / "empty-bin"), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    done = subprocess.run([sys.executable, "-m", "bnreport", "formal", "--out", str(tmp_path / "out")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 3
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("bnreport: error: coqc with Coquelicot not found; install Coq with "
                           "`apt-get install coq libcoq-coquelicot libcoq-interval` (or run `make pdf`)")
    assert done.stdout == ""
    assert (tmp_path / "out" / "formal" / FILE_NAME).is_file()


@pytest.mark.parametrize("argv, message", [
    (["--out", "FILE"], "exists and is not a directory"),
    (["--timeout", "0"], "must be a positive number of seconds"),
    (["--data", "missing.toml"], "cannot read the data file"),
])
def test_bad_usage_is_exit_2_with_one_line(tmp_path, capsys, argv, message):
    (tmp_path / "FILE").write_text("")
    argv = [a.replace("FILE", str(tmp_path / "FILE")) for a in argv]
    assert main(["formal", *argv]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and message in error


def test_formal_is_a_command():
    done = subprocess.run([sys.executable, "-m", "bnreport", "formal", "--help"], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "3 coqc or Coquelicot" in done.stdout.replace("\n", " ")


def _bin_with(tmp_path: Path, *tools: str) -> Path:
    """A directory holding only the named tools (symlinks), to be used as the whole PATH."""
    directory = tmp_path / "bin"
    directory.mkdir(exist_ok=True)
    for tool in tools:
        found = shutil.which(tool)
        assert found, tool
        os.symlink(found, directory / tool)
    return directory


def _fake_coqc(directory: Path, coqlib: Path) -> None:
    """A coqc that only answers `coqc -where`."""
    script = directory / "coqc"
    script.write_text(f"#!/bin/sh\necho {coqlib}\n")
    script.chmod(0o755)


@pytest.mark.parametrize("coq_present", [False, True])
def test_make_installs_coq_only_when_it_is_missing(tmp_path, coq_present):
    work = tmp_path / "repo"
    (work / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "Makefile", work / "Makefile")
    stub = work / "scripts" / "install-coq.sh"
    stub.write_text("#!/bin/sh\necho stub-install-coq\n")
    stub.chmod(0o755)
    path = _bin_with(tmp_path, "make")
    if coq_present:
        (tmp_path / "coqlib" / "user-contrib" / "Coquelicot").mkdir(parents=True)
        _fake_coqc(path, tmp_path / "coqlib")
    done = subprocess.run(["make", "-s", "coq"], cwd=work, env={"PATH": str(path)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert ("stub-install-coq" in done.stdout) is not coq_present


def test_install_script_without_apt_get_says_what_to_do(tmp_path):
    path = _bin_with(tmp_path, "bash", "env", "id")
    done = subprocess.run([str(ROOT / "scripts" / "install-coq.sh")], env={"PATH": str(path)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    if os.geteuid() == 0:
        assert "there is no apt-get" in done.stderr
    else:
        assert "apt-get install -y coq libcoq-coquelicot libcoq-interval" in done.stderr


def test_data_with_wstar_zero_is_one_line_exit_2(tmp_path, capsys):
    data = tmp_path / "orthogonal.toml"
    data.write_text("[data]\nx = [[1, 0], [0, 1], [1, 1]]\ny = [1, 1, -1]\n")  # Xᵀy = 0
    assert main(["formal", "--data", str(data), "--out", str(tmp_path / "out")]) == 2
    error = capsys.readouterr().err.strip()
    assert "\n" not in error and "W* = 0" in error
    assert not (tmp_path / "out" / "formal").exists()


def _coqc_processes_under(directory: Path) -> list[int]:
    """Live coqc processes whose working directory lies under ``directory`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if "coqc" in (entry / "comm").read_text() and \
                    str(directory) in os.readlink(entry / "cwd"):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@needs_coq
@pytest.mark.skipif(not Path("/proc/self/cwd").exists(), reason="needs Linux /proc")
def test_ctrl_c_stops_coqc_and_publishes_nothing(tmp_path):
    command = [sys.executable, "-m", "bnreport", "formal", "--out", str(tmp_path)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    deadline = time.monotonic() + 60
    while not _coqc_processes_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _coqc_processes_under(tmp_path), "coqc never started"
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "interrupted" in err
    deadline = time.monotonic() + 5  # a coqc orphaned mid-spawn gets SIGTERM as bnreport exits
    while _coqc_processes_under(tmp_path) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _coqc_processes_under(tmp_path) == []
    assert not (tmp_path / "formal").exists()  # nothing published (coqc worked in staging)


@needs_coq
def test_the_build_fails_with_one_line_naming_the_theorem_coqc_rejects(monkeypatch, tmp_path, capsys):
    # A planted wrong sign of gamma in what the build hands to Coq: coqc rejects, the build
    # stops with exit 1, one line naming the theorem, and publishes nothing.
    from dataclasses import replace

    from bnreport import pipeline
    from bnreport.cli import main

    original = pipeline.spec_from_note
    monkeypatch.setattr(pipeline, "spec_from_note",
                        lambda note: replace(original(note), gamma=-original(note).gamma))
    assert main(["--out", str(tmp_path / "out"), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "grad_Chat_Wstar" in err and "coqc rejected" in err
    assert not (tmp_path / "out" / "bnreport.pdf").exists()
