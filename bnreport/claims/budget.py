"""A wall-clock budget per claim: the backstop behind the static limits in :mod:`.values`.

The static limits stop the bombs we know of before they start; this stops whatever sympy path they
missed.  It uses ``SIGALRM``, so it works only in the main thread of a Unix process (the CLI); in
other threads, or when the caller already runs an interval timer, it stays out of the way.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

#: Seconds per claim unless ``--timeout`` says otherwise.
TIME_LIMIT = 5.0
#: After the first alarm, fire again this often: library code that swallowed one exception in a
#: broad ``except`` gets another until control is back with us.
_REPEAT = 0.25


class Timeout(BaseException):
    """Raised inside the computation when the budget is spent.

    A BaseException so that sympy's ``except Exception`` blocks cannot swallow it."""


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise Timeout


def _available() -> bool:
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Timeout` in the body once ``seconds`` have passed (where signals allow)."""
    if seconds <= 0 or not _available():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds, _REPEAT)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            # An alarm delivered just before the timer stopped must not leave our handler behind.
            signal.signal(signal.SIGALRM, previous)
