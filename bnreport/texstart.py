"""Start TeX before the algebra, on the note's preamble, which depends on the input alone.

TeX spends half of a pass loading its format and reading the preamble; primed while bnreport
imports sympy (a second core is idle then), it only has the body left when the note exists
(:meth:`bnreport.latex.CompileJob.primed`).  Light on purpose: no sympy here.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .latex import CompileJob, PdfInfo, document_source, preamble_of, tex_available
from .meta import Meta, meta_for, title_of
from .model import Problem
from .reproducible import BuildTime, build_time

PREFIX = "bnreport-tex-"
SUBJECT = ("A checked re-derivation of the counterexample of Dannemann and Junike (2025) to "
           "Lemma 4.5 of Santurkar et al. (2018)")


def pdf_info(meta: Meta, when: BuildTime) -> PdfInfo:
    return PdfInfo(subject=SUBJECT, version=meta.version, source=meta.source, digest=meta.digest,
                   when=when)


@contextmanager
def primed_tex(problem: Problem) -> Iterator[CompileJob | None]:
    """TeX primed on the note's preamble in a directory of its own (outside OUT: a bad input
    found later by the algebra still writes nothing there), killed and removed on the way out;
    None without TeX.  The build links the figures in and copies the PDF out."""
    if not tex_available():
        yield None
        return
    _remove_stale()
    with tempfile.TemporaryDirectory(prefix=f"{PREFIX}{os.getpid()}-") as directory:
        when = build_time(problem.date)
        meta = meta_for(problem)
        empty = document_source(title_of(problem), problem.author, meta.date, "",
                                pdf_info(meta, when))
        job = CompileJob.primed(Path(directory) / "bnreport.tex", preamble_of(empty), when)
        try:
            yield job
        finally:
            job.cancel()


def _remove_stale() -> None:
    """The directories of primed TeX runs whose build was killed (SIGKILL leaves them): named by
    the build's process id, removed when that process is gone."""
    for path in Path(tempfile.gettempdir()).glob(f"{PREFIX}*-*"):
        try:
            pid = int(path.name[len(PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ValueError:
            continue
        except ProcessLookupError:
            shutil.rmtree(path, ignore_errors=True)
        except OSError:  # another user's build, alive or not: not ours to remove
            continue
