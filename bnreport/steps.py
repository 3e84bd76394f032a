"""The ``Step``: one displayed statement of the note, each link of which is a checked fact.

A step shows one or more *chains* ``head rel₁ term₁ rel₂ term₂ …``.  Every link's fact is built from
the displayed objects themselves (:mod:`bnreport.relations`), so a row cannot be shown without being
checked, and what is checked is what is printed.  Equalities are checked against the head (the
definitions route), which by transitivity covers every link and keeps both sides of each fact on
independent routes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from .facts import Fact
from .notation import Term
from .relations import RELATIONS, SEMIDEFINITE, fact_for
from .texescape import TeX


@dataclass(frozen=True)
class Link:
    """``rel term`` after the head (``term`` is None for relations such as ``≻ 0``).

    ``inline`` continues the previous line instead of starting a new aligned one."""

    rel: str
    term: Term | None = None
    inline: bool = False
    kernel: sp.MatrixBase | None = None  # for "psd"/"nsd": the kernel's spanning vector

    def __post_init__(self) -> None:
        if self.rel not in RELATIONS:
            raise ValueError(f"unknown relation {self.rel!r}")
        # The printed relation decides what is checked: strict ≻/≺ 0 admit no kernel, and ⪰/⪯ 0
        # are checked as definite off a named kernel (never as "some" semidefiniteness).
        if (self.kernel is not None) != (self.rel in SEMIDEFINITE):
            raise ValueError(f"{self.rel!r}: a kernel goes with 'psd'/'nsd' and only with them")


@dataclass(frozen=True)
class Chain:
    head: Term
    links: tuple[Link, ...]
    condition: TeX = TeX("")  # shown after the chain, e.g. "for all t > 0"

    def facts(self) -> tuple[Fact, ...]:
        facts, prev = [], self.head
        for link in self.links:
            facts.append(fact_for(self.head, prev, link))
            prev = link.term or prev
        return tuple(facts)


@dataclass(frozen=True)
class Macro:
    """A value exported to ``bnreport.sty`` as ``\\<name>``: a term the step displays."""

    name: str
    term: Term
    doc: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    section: str
    chains: tuple[Chain, ...]
    macros: tuple[Macro, ...] = field(default=())

    def facts(self) -> tuple[Fact, ...]:
        return tuple(fact for chain in self.chains for fact in chain.facts())

    def terms(self) -> tuple[Term, ...]:
        return tuple(t for chain in self.chains
                     for t in (chain.head, *(link.term for link in chain.links)) if t is not None)


def chain(head: Term, *links: Link | tuple, condition: str = "") -> Chain:
    """``chain(head, ("=", term), ("approx", term, True), Link(...), condition=r"\text{…}")``."""
    return Chain(head, tuple(link if isinstance(link, Link) else Link(*link) for link in links),
                 TeX(condition))


@dataclass(frozen=True)
class Verdict:
    """How a step was established: shown next to it in the PDF and in the table of checks."""

    step_id: str
    methods: tuple[str, ...]
    details: tuple[str, ...]

    @property
    def method(self) -> str:
        return " + ".join(dict.fromkeys(self.methods))

    @property
    def detail(self) -> str:
        return "; ".join(dict.fromkeys(self.details))
