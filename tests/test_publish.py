"""Issue 14: concurrent and killed builds never leave outputs of two inputs, and never a stale stamp.

These tests exercise the publish protocol with many trials through ``publish_driver.py`` — a build
without the mathematics (about 0.1 s), so that dozens of concurrent and killed runs stay cheap.
The same protocol under the real CLI is in ``test_signals.py``.  No test asserts a duration."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from faketex import before_any_code_ran, digests_on_disk

from bnreport import manifest, output, publisher

DRIVER = Path(__file__).with_name("publish_driver.py")


def token(rng: random.Random) -> str:
    return f"{rng.getrandbits(64):016x}"


def start(out: Path, name: str, delay: float = 0.0) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(DRIVER), str(out), name, f"{delay:.3f}"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)


def settle(out: Path) -> None:
    """Wait until no publisher holds the lock (a killed build's publisher may still be running)."""
    if manifest.is_real_dir(out / manifest.PRIVATE):
        with manifest.locked(out):
            pass


def on_disk(out: Path) -> str | None:
    """The one token all outputs name (None for an empty directory); fails on a mix."""
    found = digests_on_disk(out)
    assert len(found) <= 1, f"outputs of different builds: {sorted(found)}"
    return next(iter(found), None)


def assert_stamp_truthful(out: Path) -> None:
    """A stamp, if any, names the set on disk and every hash matches; no plan is left pending."""
    record = manifest.read(out)
    if record is None or record.stamp is None:
        return
    assert record.pending is None
    assert record.stamp.fingerprint == on_disk(out)
    assert manifest.matches(out, record.stamp)


def staging_dirs(out: Path) -> list[str]:
    private = out / manifest.PRIVATE
    return sorted(p.name for p in private.iterdir() if p.name.startswith(("build-", "trash-")))


@pytest.mark.parametrize("builds", [2, 4])
def test_concurrent_publishes_never_mix(tmp_path, builds):
    rng = random.Random(builds)
    out = tmp_path / "out"
    for _ in range(12):
        names = [token(rng) for _ in range(builds)]
        runs = [start(out, name, rng.uniform(0, 0.05)) for name in names]
        results = [run.communicate(timeout=120) for run in runs]
        assert [run.returncode for run in runs] == [0] * builds, results
        final = on_disk(out)
        assert final in names
        assert_stamp_truthful(out)
        assert output.is_fresh(output.inspect(out), final, need_pdf=True)
        assert staging_dirs(out) == []


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["SIGINT", "SIGTERM", "SIGKILL"])
def test_killed_publishes_never_mix_and_the_next_run_is_right(tmp_path, signum):
    rng = random.Random(int(signum))
    out = tmp_path / "out"
    first = token(rng)
    assert start(out, first).wait(timeout=60) == 0
    previous = first
    for trial in range(16):
        name = token(rng)
        run = start(out, name)
        time.sleep(rng.uniform(0.0, 0.25))  # start-up, staging, publishing, or already done
        run.send_signal(signum)
        _, err = run.communicate(timeout=60)
        settle(out)
        now = on_disk(out)
        assert now in (previous, name), trial
        assert_stamp_truthful(out)
        if signum != signal.SIGKILL:
            assert before_any_code_ran(err) or (err.count("\n") <= 1 and "Traceback" not in err), err
            assert [d for d in staging_dirs(out) if f"-{run.pid}-" in d] == []
        previous = now
    last = token(rng)
    assert start(out, last).wait(timeout=60) == 0  # the next run cleans up after the killed ones
    assert on_disk(out) == last and staging_dirs(out) == []
    assert_stamp_truthful(out)


@pytest.mark.parametrize("renames", range(7))
def test_a_publish_cut_short_is_completed_before_anything_else(tmp_path, renames):
    """The publisher dies (a power cut) after ``renames`` renames: the plan stays in the manifest,
    no stamp claims anything, and the next run finishes the publish first."""
    out = tmp_path / "out"
    assert start(out, "1111111111111111").wait(timeout=60) == 0
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child dies half-way on purpose
        calls = [0]

        def dying(real):
            def rename(source, target, *args, **kwargs):
                moves_output = "/set/" in str(source) or "/trash-" in str(target)
                if moves_output and calls[0] == renames:
                    os._exit(9)
                calls[0] += moves_output
                return real(source, target, *args, **kwargs)
            return rename

        publisher.os.rename, publisher.os.replace = dying(os.rename), dying(os.replace)
        output._finish_detached = lambda out_, fd: publisher.finish(out_)
        from publish_driver import main as drive

        drive(str(out), "2222222222222222", "0")
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    record = manifest.read(out)
    assert record is not None
    if os.waitstatus_to_exitcode(status) == 9:
        assert record.pending is not None and record.stamp is None
        assert not output.is_fresh(output.inspect(out), "2222222222222222", need_pdf=True)
    with output.Session(output.inspect(out)):  # what every run does first
        pass
    assert on_disk(out) == "2222222222222222"
    assert_stamp_truthful(out)
    assert staging_dirs(out) == []
