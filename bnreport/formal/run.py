"""Generate, check and publish the formal proof: the entry points the CLI and the build call.

:class:`FormalJob` generates the file, starts coqc in the background and returns at once (so that
the build can run TeX meanwhile); :meth:`FormalJob.wait` collects the verdict and publishes;
:meth:`FormalJob.cancel` stops coqc.  :func:`run_formal` does both in one call.

The file is checked in a scratch directory under ``out_dir/formal``; only an accepted file replaces
``out_dir/formal/Counterexample.v`` (a rejected one is kept beside it as ``Counterexample.rejected.v``
for debugging; the last accepted file stays).  Without coqc the file is still written, marked
unchecked (``accepted is None``).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..model import Problem
from .coqc import (
    COQ_INSTALL_HINT,
    TIMEOUT_SECONDS,
    CoqMissing,
    CoqProcess,
    FormalRejected,
    assumptions,
    describe_rejection,
    find_toolchain,
)
from .document import Claim, CoqDocument
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
    seconds: float                           # coqc wall time (0 when not checked)
    message: str = ""                        # why it was rejected or not checked
    rejected_theorem: str = ""               # where coqc stopped, when it rejected the file


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def publish(staged: Path, target: Path) -> None:
    os.replace(staged, target)  # same directory tree: atomic


def _silent(message: str) -> None:
    del message


class FormalJob:
    """Counterexample.v generated and coqc started; :meth:`wait` publishes and reports."""

    def __init__(self, problem_or_spec: Problem | FormalSpec, out_dir: Path,
                 progress: Progress = _silent, *, timeout: float = TIMEOUT_SECONDS) -> None:
        spec = problem_or_spec if isinstance(problem_or_spec, FormalSpec) else spec_from_problem(
            problem_or_spec)
        start = time.perf_counter()
        self.document: CoqDocument = generate(spec, __version__)
        self.text = self.document.text
        self.progress, self.timeout = progress, timeout
        self.target_dir = out_dir / "formal"
        self.target = self.target_dir / FILE_NAME
        progress(f"formal: {FILE_NAME} generated, {len(self.document.claims)} claims "
                 f"({time.perf_counter() - start:.2f} s)")
        self.toolchain = find_toolchain()
        self.scratch: Path | None = None
        self.coq: CoqProcess | None = None
        if self.toolchain is not None:
            self.target_dir.mkdir(parents=True, exist_ok=True)
            self.scratch = Path(tempfile.mkdtemp(prefix=".formal-", dir=self.target_dir))
            self.coq = CoqProcess(self.toolchain, write_text(self.scratch / FILE_NAME, self.text))

    def _result(self, **fields: object) -> FormalResult:
        common: dict[str, object] = dict(
            path=self.target, sha256=hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            claims=self.document.claims, main=self.document.main, assumptions="", seconds=0.0,
            coq_version=self.toolchain.version if self.toolchain else "",
            libraries=self.toolchain.libraries if self.toolchain else ())
        common.update(fields)
        return FormalResult(**common)  # type: ignore[arg-type]

    def wait(self) -> FormalResult:
        """Collect coqc's verdict and publish; never raises for a rejection or a missing coqc."""
        if self.coq is None or self.scratch is None:
            write_text(self.target, self.text)
            return self._result(accepted=None, message=f"coqc with Coquelicot not found; "
                                                        f"{COQ_INSTALL_HINT}")
        staged = self.scratch / FILE_NAME
        try:
            try:
                run = self.coq.wait(self.timeout)
            except FormalRejected as timed_out:
                publish(staged, self.target_dir / REJECTED_NAME)
                return self._result(accepted=False, seconds=self.timeout, message=str(timed_out))
            if not run.accepted:
                publish(staged, self.target_dir / REJECTED_NAME)
                error = describe_rejection(run.stdout, self.document, FILE_NAME)
                return self._result(accepted=False, seconds=run.seconds, message=str(error),
                                    rejected_theorem=error.theorem)
            publish(staged, self.target)
            (self.target_dir / REJECTED_NAME).unlink(missing_ok=True)
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        version = self.toolchain.version if self.toolchain else ""
        self.progress(f"formal: coqc {version} accepted {FILE_NAME} ({run.seconds:.2f} s)")
        return self._result(accepted=True, seconds=run.seconds, assumptions=assumptions(run.stdout))

    def cancel(self) -> None:
        """Stop coqc (if running) and remove the scratch directory; nothing is published."""
        if self.coq is not None:
            self.coq.cancel()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def run_formal(problem_or_spec: Problem | FormalSpec, out_dir: Path,
               progress: Progress = _silent, *, timeout: float = TIMEOUT_SECONDS) -> FormalResult:
    """Write ``out_dir/formal/Counterexample.v`` and check it with coqc (see :class:`FormalJob`)."""
    job = FormalJob(problem_or_spec, out_dir, progress, timeout=timeout)
    try:
        return job.wait()
    except BaseException:
        job.cancel()
        raise


def raise_for(result: FormalResult) -> None:
    """The CLI's view: a rejection is exit 1, a missing coqc exit 3 (one line each)."""
    if result.accepted is None:
        raise CoqMissing(f"{result.message}; {result.path} was written but not checked")
    if not result.accepted:
        raise FormalRejected(result.message, result.rejected_theorem)
