"""Draw the figures in a forked process, so that importing matplotlib and drawing overlap the checks.

The child inherits the derived landscape (no pickling of sympy objects), draws and verifies the
figures (:func:`bnreport.figures.write_figures`), and sends back either the result or a one-line
failure.  A figure whose read-back does not match the derived values fails the build like a check.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CheckFailed

if TYPE_CHECKING:
    from .figures import FiguresResult
    from .figview import FigureView


def _child(view: FigureView, out_dir: Path, conn: Connection) -> None:
    try:
        from .figures import write_figures

        conn.send(("ok", write_figures(view, out_dir)))
    except CheckFailed as err:
        conn.send(("mismatch", (err.step_id, err.reason)))
    except BaseException as err:  # anything else: one line for the parent, never a hang
        conn.send(("error", f"{type(err).__name__}: {err}"
                            f" [{traceback.format_exc().splitlines()[-3:]}]"))
    finally:
        conn.close()


class FigureJob:
    """Start drawing now; :meth:`wait` returns the figures (or raises), :meth:`cancel` stops it."""

    def __init__(self, view: FigureView, out_dir: Path) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_child, args=(view, out_dir, sender), daemon=True)
        self.process.start()
        sender.close()

    def wait(self) -> FiguresResult:
        try:
            kind, payload = self.receiver.recv()
        except EOFError:
            kind, payload = "error", "the figure process ended without an answer"
        finally:
            self.process.join()
        if kind == "ok":
            return payload
        if kind == "mismatch":
            raise CheckFailed(*payload)
        raise CheckFailed("figures", f"drawing the figures failed: {payload}")

    def cancel(self) -> None:
        if self.process.is_alive() and self.process.pid is not None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
