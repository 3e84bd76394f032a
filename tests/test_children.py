"""Children never outlive bnreport: the signal mask they get, a signal during the spawn, SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bnreport import children, interrupts
from bnreport.errors import Interrupted

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")

ROOT = Path(__file__).resolve().parent.parent


def _blocked(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigBlk:"):
            return int(line.split()[1], 16)
    raise AssertionError("no SigBlk line")


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_dead(pid: int, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not _alive(pid)


@pytest.fixture
def handlers():
    saved = {signum: signal.getsignal(signum) for signum in interrupts.HANDLED}
    interrupts.install()
    yield
    for signum, handler in saved.items():
        signal.signal(signum, handler)


def test_the_child_does_not_inherit_the_held_back_signals(handlers):
    process = children.spawn(["sleep", "30"])
    try:
        mask = _blocked(process.pid)
        assert all(not mask & (1 << (signum - 1)) for signum in interrupts.HANDLED)
        assert os.getpgid(process.pid) == process.pid  # a group of its own
    finally:
        children.kill_group(process)
    assert process.returncode == -signal.SIGKILL


def test_a_signal_during_the_spawn_kills_the_child_and_raises(handlers, monkeypatch):
    started = []
    real_popen = subprocess.Popen

    def popen_then_ctrl_c(*args, **kwargs):
        process = real_popen(*args, **kwargs)
        started.append(process)
        os.kill(os.getpid(), signal.SIGINT)  # held back until the spawn is over
        return process

    monkeypatch.setattr(children.subprocess, "Popen", popen_then_ctrl_c)
    with pytest.raises(Interrupted):
        children.spawn(["sleep", "30"])
    assert started and started[0].returncode == -signal.SIGKILL


def test_a_child_gets_sigterm_when_bnreport_is_killed(tmp_path):
    # The child must not hold our pipe open, or run() would wait for it.
    script = ("import os, signal, subprocess\n"
              "from bnreport import children\n"
              "p = children.spawn(['sleep', '30'], stdout=subprocess.DEVNULL,\n"
              "                   stderr=subprocess.DEVNULL)\n"
              "print(p.pid, flush=True)\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert _wait_dead(int(done.stdout.split()[0]))
