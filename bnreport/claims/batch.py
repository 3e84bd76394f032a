"""A batch of claims, each with a hard time and memory budget: no claim can hang the batch.

SIGALRM (:mod:`.budget`) interrupts Python code, but not one long call into C (a flint product of
two huge polynomials, a big-integer power), and nothing in-process bounds memory.  So the claims
run in a forked worker process that answers claim after claim through a pipe; the parent waits for
each answer at most ``seconds`` plus a grace period, and when one does not come it kills the worker,
records "gave up" for that claim and forks a fresh worker for the rest.  One fork serves the whole
batch as long as nothing goes wrong (the derived quantities stay cached in the worker), and a claim
that crashes or exhausts memory in the worker costs only its own verdict.

The worker builds its own evaluator (``make_work``: imports sympy, derives the closed forms) after
the fork, and says when it is ready; the parent never imports sympy.  Forking the small parent
costs about a millisecond, where forking a process with sympy loaded costs more than ten (its pages
are copied as the worker touches them).

Where ``os.fork`` does not exist, or with ``--debug`` (tracebacks must reach the terminal), the
claims run in this process with the soft budget only.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import struct
import time
from collections.abc import Callable, Iterator, Sequence

from .result import Result, strict_json

#: Seconds the parent waits past a claim's own budget before it kills the worker.
GRACE = 1.0
#: Address space a worker may add to what it had when it was forked.
MEMORY = 3 << 30
#: Seconds a fresh worker may take to get ready (import sympy, derive) before its first claim.
STARTUP = 120.0
_HEADER = struct.Struct(">I")
_READY = 0xFFFFFFFF

Work = Callable[[str], Result]


class Worker:
    """A forked worker: ``make_work()`` runs in it (imports sympy, derives), then it answers the
    claims it inherited, one by one, on ``reader``."""

    def __init__(self, claims: Sequence[str], make_work: Callable[[], Work]) -> None:
        self.reader, answers = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # the worker: never returns, never runs the parent's cleanup
            _serve(claims, make_work, answers, self.reader)
        os.close(answers)

    def stop(self) -> None:
        """Kill (if it still runs), reap, close the pipe; a second call does nothing."""
        if self.pid <= 0:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        os.close(self.reader)
        self.pid = 0


def evaluate_all(claims: Sequence[str], make_work: Callable[[], Work], seconds: float,
                 isolate: bool = True) -> Iterator[Result]:
    """``make_work()(claim)`` for every claim, in order, each within ``seconds`` (hard, when
    isolated; the worker's start-up is not counted against the first claim)."""
    if not isolate or not hasattr(os, "fork") or seconds <= 0:
        work = make_work()
        yield from (work(claim) for claim in claims)
        return
    begin = 0
    while begin < len(claims):
        worker = Worker(claims[begin:], make_work)
        try:
            if not _ready(worker.reader):
                for claim in claims[begin:]:
                    yield Result.not_started(claim)
                return
            for index in range(begin, len(claims)):
                result = _answer(worker.reader, claims[index], seconds)
                yield result
                if result.message.startswith(_LOST):
                    begin = index + 1
                    break
            else:
                begin = len(claims)
        finally:
            worker.stop()


def _answer(fd: int, claim: str, seconds: float) -> Result:
    try:
        result = _receive(fd, seconds + GRACE)
    except _Died:
        return _lost(claim, seconds, crashed=True)
    return _lost(claim, seconds, crashed=False) if result is None else result


def _serve(claims: Sequence[str], make_work: Callable[[], Work], answers: int,
           parent_end: int) -> None:
    code = 0
    try:
        os.close(parent_end)
        _limit_memory()
        work = make_work()
        _write_all(answers, _HEADER.pack(_READY))
        for claim in claims:
            data = json.dumps(work(claim).as_dict(), allow_nan=False).encode()
            _write_all(answers, _HEADER.pack(len(data)) + data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def _limit_memory() -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        with open("/proc/self/statm", encoding="ascii") as statm:
            current = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = current + MEMORY
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, size: int, deadline: float) -> bytes | None:
    chunks, missing = [], size
    while missing:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
            return None
        chunk = os.read(fd, missing)
        if not chunk:  # the worker died (its end of the pipe closed)
            raise _Died
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _ready(fd: int) -> bool:
    try:
        header = _read_exact(fd, _HEADER.size, time.monotonic() + STARTUP)
    except _Died:
        return False
    return header is not None and _HEADER.unpack(header)[0] == _READY


def _receive(fd: int, seconds: float) -> Result | None:
    deadline = time.monotonic() + seconds
    header = _read_exact(fd, _HEADER.size, deadline)
    if header is None:
        return None
    data = _read_exact(fd, _HEADER.unpack(header)[0], deadline)
    if data is None:
        return None
    try:
        return Result.from_dict(strict_json(data))
    except (ValueError, TypeError):
        return None



class _Died(Exception):
    """The worker's end of the pipe closed before its answer was complete."""


_LOST = ("gave up after", "the claim crashed")


def _lost(claim: str, seconds: float, crashed: bool) -> Result:
    return Result.crashed(claim) if crashed else Result.gave_up(claim, seconds)
