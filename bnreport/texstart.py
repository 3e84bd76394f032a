"""Start a build's outputs before its algebra: the staging session, and TeX primed on the note's
preamble, which depends on the input alone.

TeX spends half of a pass loading its format and reading the preamble; primed while bnreport
imports sympy (a second core is idle then), it only has the body left when the note exists
(:meth:`bnreport.latex.CompileJob.primed`).  Light on purpose: no sympy here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass

from .latex import CompileJob, PdfInfo, document_source, preamble_of, tex_available
from .meta import Meta, meta_for, title_of
from .model import Problem
from .output import Session, Target
from .reproducible import BuildTime, build_time

SUBJECT = ("A checked re-derivation of the counterexample of Dannemann and Junike (2025) to "
           "Lemma 4.5 of Santurkar et al. (2018)")


def pdf_info(meta: Meta, when: BuildTime) -> PdfInfo:
    return PdfInfo(subject=SUBJECT, version=meta.version, source=meta.source, digest=meta.digest,
                   when=when)


@dataclass
class Started:
    session: Session
    tex: CompileJob | None   # primed on the preamble; None: TeX starts when the note is done


@contextmanager
def started(problem: Problem, target: Target, *, prime: bool) -> Iterator[Started]:
    """The build's session (left, and its staging removed, on the way out) and, if ``prime`` and
    TeX is installed, TeX primed in its staging directory (killed on the way out unless done)."""
    with Session(target) as session, ExitStack() as jobs:
        tex = None
        if prime and tex_available():
            when = build_time(problem.date)
            meta = meta_for(problem)
            empty = document_source(title_of(problem), problem.author, meta.date, "",
                                    pdf_info(meta, when))
            tex = CompileJob.primed(session.staging / "bnreport.tex", preamble_of(empty), when)
            jobs.callback(tex.cancel)
        yield Started(session, tex)
