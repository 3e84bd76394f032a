"""Draw the figures in a process forked at start-up, so that importing numpy and contourpy,
contouring and running pdfTeX overlap the parent's imports and derivation (TeX needs the figure
files, so they are on the build's critical path unless they are ready first).

The worker is forked before sympy is imported; it imports the figure code, then
waits for the figure view in floats (:class:`bnreport.figtypes.PlotView`, sent through a pipe: the
worker never imports sympy) and the directory to draw into.  It answers with the result
(:class:`bnreport.figtypes.FiguresResult`, which the build reads without importing matplotlib) or
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

from .errors import CheckFailed

if TYPE_CHECKING:
    from .figtypes import FiguresResult, PlotView


def _serve(conn: Connection) -> None:
    try:
        # numpy and contourpy: imported while the parent works.
        from .figures import write_figures

        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        view, out_dir = job
        try:
            conn.send(("ok", write_figures(view, Path(out_dir))))
        except CheckFailed as err:
            conn.send(("mismatch", (err.step_id, err.reason)))
    except BaseException as err:  # anything else: one line for the parent, never a hang
        with contextlib.suppress(BrokenPipeError, OSError):
            conn.send(("error", f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


class FigureWorker:
    """A forked process that will draw the figures once :meth:`draw` hands it a view."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe(duplex=True)
        self.process = context.Process(target=_serve, args=(child,), daemon=True)
        self.process.start()
        child.close()
        self.pending = False

    def draw(self, view: PlotView | None, out_dir: Path) -> None:
        """Start drawing ``view`` into ``out_dir`` (None: nothing to draw; the worker ends)."""
        self.conn.send(None if view is None else (view, str(out_dir)))
        self.pending = view is not None

    def ready(self) -> bool:
        """Has the answer arrived (so that :meth:`wait` will not block)?"""
        return not self.pending or self.conn.poll()

    def wait(self) -> FiguresResult:
        try:
            kind, payload = self.conn.recv()
        except EOFError:
            kind, payload = "error", "the figure process ended without an answer"
        finally:
            self.pending = False
            self.close()
        if kind == "ok":
            return payload
        if kind == "mismatch":
            raise CheckFailed(*payload)
        raise CheckFailed("figures", f"drawing the figures failed: {payload}")

    def close(self) -> None:
        """Stop the worker (safe to call more than once): its answer is in, or no longer wanted."""
        self.conn.close()
        if self.process.is_alive() and self.process.pid is not None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
