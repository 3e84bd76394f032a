"""Issue 14 under the real CLI: signals, concurrent builds and TeX processes.

TeX is the fast stand-in of ``faketex.py`` (these tests are about processes and publishing, not
typesetting), so a build costs what deriving and checking cost.  After every trial the outputs must
come from one input, the stamp must tell the truth, no TeX process may be left, and the next run
must decide correctly between "up to date" and a rebuild.  No test asserts a duration: the timeouts
below only turn a hang into a failure."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faketex import before_any_code_ran, digests_on_disk, install, processes_with

from bnreport import cache, manifest, output
from bnreport.loader import load_problem

HANG_GUARD = 120  # s; a run that takes this long has hung


@pytest.fixture(scope="module")
def tex(tmp_path_factory):
    return install(tmp_path_factory.mktemp("faketex"))


@pytest.fixture(scope="module")
def inputs(other_input):
    """The two inputs builds race with, and the input hash of each."""
    default = load_problem(None)
    other = load_problem(other_input)
    return {default.digest: None, other.digest: other_input}


def bnreport(out: Path, data: Path | None, env: dict[str, str], *extra: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "bnreport", *extra, "--out", str(out)]
    if data is not None:
        command += ["--data", str(data)]
    return subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def settle(out: Path) -> None:
    if manifest.is_real_dir(out / manifest.PRIVATE):
        with manifest.locked(out):
            pass


def one_input(out: Path, inputs: dict[str, Path | None]) -> str | None:
    found = digests_on_disk(out)
    assert len(found) <= 1, f"outputs of different inputs: {sorted(found)}"
    digest = next(iter(found), None)
    assert digest is None or digest in inputs
    record = manifest.read(out)
    if record is not None and record.stamp is not None:
        assert record.pending is None and manifest.matches(out, record.stamp)
        assert record.stamp.fingerprint == cache.fingerprint(load_problem(inputs[digest]))
    return digest


def next_run_is_right(out: Path, inputs: dict[str, Path | None], on_disk: str | None) -> None:
    """What the next run would decide, for each input: up to date only for the one on disk."""
    target = output.inspect(out)
    for digest, data in inputs.items():
        fresh = output.is_fresh(target, cache.fingerprint(load_problem(data)), need_pdf=True)
        assert fresh == (digest == on_disk and (out / "bnreport.pdf").is_file())


def staging_left(out: Path) -> list[str]:
    private = out / manifest.PRIVATE
    return sorted(p.name for p in private.glob("build-*")) if private.is_dir() else []


@pytest.mark.parametrize("delay", [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5])
def test_sigint_during_start_up_is_one_line(tmp_path, delay):
    run = bnreport(tmp_path / "out", None, dict(os.environ), "snippets", "-q")
    time.sleep(delay)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=HANG_GUARD)
    if before_any_code_ran(err):
        return
    assert "Traceback" not in err and err.count("\n") <= 1, err
    assert run.returncode in (0, 130, -signal.SIGINT)  # -2: before Python set its handler
    assert staging_left(tmp_path / "out") == []


@pytest.mark.parametrize(("builds", "trials"), [(2, 3), (4, 2)])
def test_concurrent_builds_publish_one_input(tmp_path, tex, inputs, builds, trials):
    rng = random.Random(builds)
    out = tmp_path / "out"
    data = list(inputs.values())
    for _ in range(trials):
        runs = []
        for k in range(builds):
            env = tex.env(FAKE_TEX_SLEEP=f"{rng.uniform(0, 0.4):.2f}")
            runs.append(bnreport(out, data[k % 2], env, "-q"))
            time.sleep(rng.uniform(0, 0.3))
        results = [run.communicate(timeout=HANG_GUARD) for run in runs]
        assert [run.returncode for run in runs] == [0] * builds, results
        on_disk = one_input(out, inputs)
        assert on_disk is not None
        next_run_is_right(out, inputs, on_disk)
        assert staging_left(out) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_killed_builds_leave_one_input_no_tex_and_a_right_next_run(tmp_path, tex, inputs, signum):
    rng = random.Random(int(signum))
    out = tmp_path / "out"
    data = list(inputs.values())
    for trial, delay in enumerate((0.8, 1.5, 2.2)):
        marker = f"{rng.randint(100, 999)}.{rng.randint(100000, 999999)}"
        run = bnreport(out, data[trial % 2], tex.env(FAKE_TEX_HANG=marker, FAKE_TEX_MODE=(
            "hang" if trial == 1 else "ok"), FAKE_TEX_SLEEP="0.3"), "-q")
        time.sleep(delay)
        run.send_signal(signum)
        _, err = run.communicate(timeout=HANG_GUARD)
        settle(out)
        on_disk = one_input(out, inputs)
        next_run_is_right(out, inputs, on_disk)
        _wait_until_gone(marker)
        if signum != signal.SIGKILL:
            assert "Traceback" not in err and err.count("\n") <= 1, err
            assert staging_left(out) == []
    final = bnreport(out, data[0], tex.env(), "-q")  # the next run cleans up after SIGKILL
    assert final.wait(timeout=HANG_GUARD) == 0
    assert one_input(out, inputs) is not None and staging_left(out) == []


def _wait_until_gone(marker: str) -> None:
    """TeX of a killed build must go: at once for SIGINT/SIGTERM, via the parent-death signal for
    SIGKILL (polled, since the kernel delivers it asynchronously)."""
    for _ in range(200):
        if not processes_with(marker):
            return
        time.sleep(0.05)
    raise AssertionError(f"TeX processes left: {processes_with(marker)}")


def test_tex_timeout_is_enforced_even_when_a_grandchild_holds_the_output(tmp_path, tex):
    marker = "4242.424242"
    run = bnreport(tmp_path / "out", None, tex.env(
        FAKE_TEX_MODE="hang", FAKE_TEX_HANG=marker, BNREPORT_TEX_TIMEOUT="2"))
    _, err = run.communicate(timeout=HANG_GUARD)
    assert run.returncode == 3
    assert "did not finish within 2 s" in err and "Traceback" not in err
    _wait_until_gone(marker)
    assert not (tmp_path / "out" / "bnreport.pdf").exists()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_killing_bnreport_kills_tex(tmp_path, tex, signum):
    marker = f"3131.{int(signum):02d}3131"
    out = tmp_path / "out"
    run = bnreport(out, None, tex.env(FAKE_TEX_MODE="hang", FAKE_TEX_HANG=marker), "-q")
    for _ in range(HANG_GUARD * 10):  # until TeX runs
        if processes_with(marker):
            break
        time.sleep(0.1)
    run.send_signal(signum)
    _, err = run.communicate(timeout=HANG_GUARD)
    _wait_until_gone(marker)
    if signum != signal.SIGKILL:
        assert run.returncode == 128 + signum
        assert err.strip() == (f"bnreport: interrupted ({signal.Signals(signum).name}); "
                               "no partial outputs were published")
        assert staging_left(out) == []
