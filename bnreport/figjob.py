"""Draw the figures in a process forked at start-up, so that importing numpy,
contouring and running pdfTeX overlap the parent's imports and derivation (TeX needs the figure
files, so they are on the build's critical path unless they are ready first).

It also runs the simulation's draws (:mod:`bnreport.montecarlo`) first, so that the build imports
no numpy.  The worker is forked before sympy is imported; it imports the figure code, then waits
for the draws' parameters and the figure view in floats (:mod:`bnreport.figtypes`, sent through a
pipe: the worker never imports sympy) and the directory to draw into.  It answers with the counts,
then the figures (plain data of :mod:`bnreport.figtypes`: the build reads them without numpy), or
a one-line failure; a figure whose read-back does not match the derived values fails the build
like a check.  Closing the pipe (no figures needed, or the parent died) ends the worker.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from . import children
from .errors import CheckFailed

if TYPE_CHECKING:
    from .figtypes import Counts, Draws, FiguresResult, PlotView
    from .model import Problem


def _serve(conn: Connection, problem: Problem | None, parent: int) -> None:
    children.die_with(parent)
    try:
        # numpy: imported while the parent works.
        from .figures import write_figures
        from .montecarlo import count, early_draws

        # The draws first, from the statistics, while the build imports sympy: the build takes
        # them if they are the draws of its own exact W* and d (see counts()).
        draws = early_draws(problem) if problem is not None else None
        done = (draws, count(draws)) if draws is not None and not draws.form_zero else None
        conn.send(("simulation", done))
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        view, out_dir = job
        try:
            conn.send(("figures", write_figures(view, Path(out_dir))))
        except CheckFailed as err:
            conn.send(("mismatch", (err.step_id, err.reason)))
    except BaseException as err:  # anything else: one line for the parent, never a hang
        with contextlib.suppress(BrokenPipeError, OSError):
            conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class FigureWorker:
    """A forked process that runs the simulation's draws (:meth:`simulate`) and draws the figures
    (:meth:`draw`) when the build hands it their parameters."""

    def __init__(self, problem: Problem | None = None) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child, problem, os.getpid()),
                                       daemon=True)
        self.process.start()
        child.close()
        self.expected: set[str] = {"simulation"}
        self.inbox: dict[str, object] = {}
        self.ended = False

    def draw(self, view: PlotView | None, out_dir: Path) -> None:
        """Start drawing ``view`` into ``out_dir`` (:meth:`wait` answers); None: no figures, the
        worker ends."""
        try:
            self.conn.send(None if view is None else (view, str(out_dir)))
        except OSError:  # the worker has died: waiting for its answers says so
            self.ended = True
        if view is not None:
            self.expected.add("figures")

    def counts(self, draws: Draws) -> Counts | None:
        """The simulation's counts if the worker drew exactly ``draws`` (the build's own exact
        values, rounded), else None (then the build draws itself)."""
        if "simulation" not in self.expected:
            return None
        done = self._take("simulation")
        if done is None:
            return None
        drawn, counts = done  # type: ignore[misc]
        return counts if drawn == draws else None

    def _receive(self, block: bool) -> None:
        """Move the answers that have arrived into the inbox (``block``: wait for one first)."""
        while not self.ended and self.conn.poll(None if block else 0):
            try:
                kind, payload = self.conn.recv()
            except (EOFError, OSError):  # the worker has ended: what was not sent never will be
                self.ended = True
                return
            # Failures wait in the inbox for the answer they replace: a figure that does not
            # match must not surface while the build only asks for the simulation's counts (the
            # build reports a failed step first, see pipeline).
            if kind == "mismatch":
                kind, payload = "figures", CheckFailed(*payload)
            elif kind == "error":
                kind, payload = "error", CheckFailed("figures",
                                                     f"drawing the figures failed: {payload}")
            self.inbox[kind] = payload
            block = False

    def _take(self, kind: str) -> object:
        if kind not in self.expected:
            raise RuntimeError(f"the figure process was not asked for {kind}")
        while kind not in self.inbox and "error" not in self.inbox and not self.ended:
            self._receive(block=True)
        if kind not in self.inbox:
            failure = self.inbox.get("error")
            raise failure if isinstance(failure, CheckFailed) else CheckFailed(
                "figures", "the figure process ended without an answer")
        self.expected.discard(kind)
        answer = self.inbox.pop(kind)
        if isinstance(answer, CheckFailed):
            raise answer
        return answer

    def ready(self) -> bool:
        """Have the figures arrived (so that :meth:`wait` will not block)?"""
        if "figures" not in self.expected:
            return True
        self._receive(block=False)
        return "figures" in self.inbox or "error" in self.inbox

    def wait(self) -> FiguresResult:
        try:
            return self._take("figures")  # type: ignore[return-value]
        finally:
            if not self.expected:
                self.close()

    def close(self) -> None:
        """Stop the worker (safe to call more than once): its answer is in, or no longer wanted."""
        self.conn.close()
        if self.process.is_alive() and self.process.pid is not None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
