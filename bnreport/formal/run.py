"""Generate, check and publish the formal proof: the entry point the CLI and the build call.

The file is generated and checked in a scratch directory under ``out_dir``; only an accepted file
replaces ``out_dir/formal/Counterexample.v`` (a rejected one is kept beside it as
``Counterexample.rejected.v`` for debugging, the last accepted file stays).  Without coqc the file
is still written, marked unchecked (``accepted is None``).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..model import Problem
from ..output import publish, staging, write_text
from .coqc import (
    COQ_INSTALL_HINT,
    TIMEOUT_SECONDS,
    CoqMissing,
    FormalRejected,
    assumptions,
    check_file,
    describe_rejection,
    find_toolchain,
)
from .document import Claim
from .generate import FILE_NAME, generate
from .spec import FormalSpec, spec_from_problem

Progress = Callable[[str], None]
REJECTED_NAME = "Counterexample.rejected.v"


@dataclass(frozen=True)
class FormalResult:
    """What the build (and the appendix) needs to know about the formal check."""

    path: Path
    sha256: str
    coq_version: str                         # "" when coqc is missing
    libraries: tuple[tuple[str, str], ...]   # (name, version)
    accepted: bool | None                    # None: coqc missing, the file was not checked
    claims: tuple[Claim, ...]
    main: str
    assumptions: str                         # Print Assumptions of ``main`` ("" if not checked)
    seconds: float                           # coqc time (0 when not checked)
    message: str = ""                        # why it was rejected or not checked
    rejected_theorem: str = ""               # where coqc stopped, when it rejected the file


def run_formal(problem_or_spec: Problem | FormalSpec, out_dir: Path,
               progress: Progress = lambda message: None, *,
               timeout: float = TIMEOUT_SECONDS) -> FormalResult:
    """Write ``out_dir/formal/Counterexample.v`` and check it with coqc.

    Never raises for a rejection or a missing coqc: the result says so (``accepted``), and
    :func:`raise_for` turns it into the CLI's error.  Ctrl-C stops coqc and propagates."""
    spec = problem_or_spec if isinstance(problem_or_spec, FormalSpec) else spec_from_problem(
        problem_or_spec)
    start = time.perf_counter()
    document = generate(spec, __version__)
    text = document.text
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    target_dir = out_dir / "formal"
    target = target_dir / FILE_NAME
    progress(f"formal: {FILE_NAME} generated, {len(document.claims)} claims "
             f"({time.perf_counter() - start:.2f} s)")
    toolchain = find_toolchain()
    result = dict(path=target, sha256=digest, claims=document.claims, main=document.main)
    if toolchain is None:
        write_text(target, text)
        return FormalResult(coq_version="", libraries=(), accepted=None, assumptions="", seconds=0.0,
                            message=f"coqc with Coquelicot not found; {COQ_INSTALL_HINT}", **result)
    target_dir.mkdir(parents=True, exist_ok=True)
    with staging(target_dir) as scratch:
        staged = write_text(scratch / FILE_NAME, text)
        versions = dict(coq_version=toolchain.version, libraries=toolchain.libraries)
        try:
            run = check_file(toolchain, staged, timeout)
        except FormalRejected as timed_out:
            publish(staged, target_dir / REJECTED_NAME)
            return FormalResult(accepted=False, assumptions="", seconds=timeout,
                                message=str(timed_out), **versions, **result)
        if not run.accepted:
            publish(staged, target_dir / REJECTED_NAME)
            error = describe_rejection(run.stdout, document, FILE_NAME)
            return FormalResult(accepted=False, assumptions="", seconds=run.seconds,
                                message=str(error), rejected_theorem=error.theorem,
                                **versions, **result)
        publish(staged, target)
    (target_dir / REJECTED_NAME).unlink(missing_ok=True)
    progress(f"formal: coqc {toolchain.version} accepted {FILE_NAME} ({run.seconds:.2f} s)")
    return FormalResult(accepted=True, assumptions=assumptions(run.stdout), seconds=run.seconds,
                        **versions, **result)


def raise_for(result: FormalResult) -> None:
    """The CLI's view: a rejection is exit 1, a missing coqc exit 3 (one line each)."""
    if result.accepted is None:
        raise CoqMissing(f"{result.message}; {result.path} was written but not checked")
    if not result.accepted:
        raise FormalRejected(result.message, result.rejected_theorem)
