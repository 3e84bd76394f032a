"""SIGINT, SIGTERM and SIGHUP: unwind like Ctrl-C, but never in the middle of an import or of a
change to the output directory.

Python's default would raise KeyboardInterrupt anywhere — inside the import machinery it prints
"Exception ignored ..." with a traceback — and would end the process on SIGTERM/SIGHUP without
any clean-up.  The CLI installs :func:`install`; code that must not be cut in two runs under
:func:`deferred`, which holds the signals back at the OS level until the block ends.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from .errors import Interrupted

HANDLED = frozenset({signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Hold the handled signals back during the block; one that arrived raises right after it.
    Processes started inside inherit the mask (the publisher relies on that)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def hold() -> None:
    """Hold the handled signals back until :func:`install` (the start of ``python -m bnreport``)."""
    signal.pthread_sigmask(signal.SIG_BLOCK, HANDLED)


def install() -> None:
    """Raise :class:`Interrupted` on the handled signals, and let held-back ones through."""
    for signum in HANDLED:
        signal.signal(signum, _on_signal)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HANDLED)


def ignore() -> None:
    for signum in HANDLED:
        signal.signal(signum, signal.SIG_IGN)


def _on_signal(signum: int, frame: object) -> None:
    # Further signals would interrupt the clean-up now unwinding (killing TeX, removing the staging
    # directory), which is short: ignore them until bnreport exits.
    ignore()
    raise Interrupted(signum)
