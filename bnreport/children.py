"""Child processes (TeX, coqc) that never outlive bnreport.

Each child runs in its own session, so that killing its process group takes down whatever it
started.  Two gaps remain with a plain ``Popen``: a signal that lands while ``Popen`` waits for
the ``exec`` leaves a running child the caller never learns about, and a bnreport killed with
SIGKILL cannot kill anything.  :func:`spawn` closes the first by holding the handled signals back
in bnreport until the child is known (and killing it if one arrived), and the second by asking
Linux to send the child SIGTERM when bnreport dies (``PR_SET_PDEATHSIG``).
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from typing import Any

from . import interrupts


def spawn(command: list[str], **options: Any) -> subprocess.Popen[Any]:
    """``subprocess.Popen(command, start_new_session=True, **options)``, tied to bnreport's life."""
    preexec = _child_setup()
    if preexec is None:  # threads are running: no preexec function, no deferral (see below)
        return subprocess.Popen(command, start_new_session=True, **options)
    process: subprocess.Popen[Any] | None = None
    try:
        # The child inherits the blocked mask and unblocks it in ``preexec`` before exec.
        with interrupts.deferred():
            process = subprocess.Popen(command, start_new_session=True, preexec_fn=preexec,
                                       **options)
    except BaseException:
        if process is not None:
            kill_group(process)
        raise
    return process


def kill_group(process: subprocess.Popen[Any]) -> None:
    """SIGKILL the child's process group and reap the leader (safe to call more than once)."""
    if process.returncode is None:
        # The leader is not reaped yet, so its group id cannot have been reused.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def _child_setup() -> Callable[[], None] | None:
    """The preexec function, when one is safe (preexec functions are unsafe in threaded programs;
    then the callers' timeouts remain the backstop)."""
    if threading.active_count() > 1:
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        prctl = None
    parent = os.getpid()

    def setup() -> None:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, interrupts.HANDLED)
        if prctl is not None:
            prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # bnreport died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return setup


def die_with(parent: int) -> None:
    """In a process bnreport forked (the figures, the checks): be killed when bnreport dies, even
    by SIGKILL, instead of living on as an orphan (found by review)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # bnreport died before the request took effect
        os._exit(1)


def wait_exit(pid: int, deadline: float) -> bool:
    """Wait until ``pid`` exits (without reaping it, so that its process group can still be
    killed safely) or the ``time.monotonic()`` deadline passes; True if it exited."""
    try:
        pidfd = os.pidfd_open(pid)
    except (AttributeError, OSError):
        pidfd = None
    try:
        while True:
            if os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            if pidfd is not None:
                select.select([pidfd], [], [], remaining)
            else:
                time.sleep(min(0.02, remaining))
    finally:
        if pidfd is not None:
            os.close(pidfd)
