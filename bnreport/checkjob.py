"""Check every step in a process forked once the steps exist, so that the checks overlap the
rendering, the figures and TeX (they were the build's last stretch on one core).

The fork shares the derived steps (nothing is pickled but the verdicts).  The child answers with
the verdicts, or the first failure as :class:`~bnreport.errors.CheckFailed`'s fields, or — for
anything unexpected — a crash, after which the build checks in its own process, so that a bug
surfaces with its real traceback (``--debug``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Sequence
from multiprocessing.connection import Connection

from . import children
from .check import check_steps
from .errors import CheckFailed
from .steps import Step, Verdict


def _serve(steps: Sequence[Step], conn: Connection, parent: int) -> None:
    children.die_with(parent)
    try:
        conn.send(("ok", check_steps(steps, between=lambda: None)))
    except CheckFailed as err:
        conn.send(("failed", (err.step_id, err.reason, err.point)))
    except BaseException as err:  # a bug, or an interrupt: the build decides what to do
        with contextlib.suppress(OSError):
            conn.send(("crash", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class CheckJob:
    """The checks of ``steps``, running in a forked process."""

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=False)
        self.process = context.Process(target=_serve, args=(self.steps, child, os.getpid()),
                                       daemon=True)
        self.process.start()
        child.close()

    def verdicts(self) -> dict[str, Verdict]:
        """Every step's verdict, or :class:`CheckFailed` for the first that failed."""
        try:
            kind, payload = self.conn.recv()
        except (EOFError, OSError):
            kind, payload = "crash", "the checking process ended without an answer"
        finally:
            self.close()
        if kind == "ok":
            return payload
        if kind == "failed":
            raise CheckFailed(*payload)
        return check_steps(self.steps)  # unexpected: again here, where a bug shows its traceback

    def close(self) -> None:
        """Stop the process (safe to call more than once)."""
        self.conn.close()
        if self.process.is_alive() and self.process.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
