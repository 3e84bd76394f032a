"""What the note says about itself, from the input alone (no algebra): its title and the
provenance printed at the top of every generated file.  Light on purpose: the build starts TeX on
the preamble before it imports sympy (:mod:`bnreport.texstart`)."""

from __future__ import annotations

from dataclasses import dataclass

from . import __version__
from .model import Problem
from .reproducible import build_time, provenance


@dataclass(frozen=True)
class Meta:
    """Provenance printed at the top of every generated file."""

    version: str
    source: str
    digest: str
    date: str

    @property
    def provenance(self) -> str:
        return provenance(self.version, self.digest)


def meta_for(problem: Problem) -> Meta:
    # The date comes from the input or SOURCE_DATE_EPOCH, never the clock (bnreport.reproducible).
    return Meta(__version__, problem.source or "in-memory data", problem.digest or "-",
                build_time(problem.date).note_date)


def title_of(problem: Problem) -> str:
    return problem.title or "Batch normalization does not improve initialization: a checked note"
