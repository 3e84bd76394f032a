"""The one table that maps a displayed relation to the fact that checks it, and to its LaTeX.

``head = term`` becomes an :class:`~bnreport.facts.Identity` when free symbols remain and an
:class:`~bnreport.facts.Equal` otherwise — always against the chain's head, so that both sides of
the fact come from different routes.  The other relations are about the value just displayed (the
previous term, already checked equal to the head): ``≈`` a :class:`~bnreport.facts.Rounds` of it to
the printed decimals, order relations a :class:`~bnreport.facts.Compare`, ``≠ 0`` a
:class:`~bnreport.facts.NonZero`, ``≻ 0``/``⪰ 0`` a :class:`~bnreport.facts.Definite`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import sympy as sp

from .facts import Compare, Covers, Definite, Equal, Fact, Identity, NonZero, Rounds, entries
from .notation import Term

if TYPE_CHECKING:
    from .steps import Link

Builder = Callable[[Term, Term, "Link"], Fact]


def _has_symbols(value: sp.Basic) -> bool:
    return any(e.free_symbols for e in entries(value))


def _equal(head: Term, prev: Term, link: Link) -> Fact:
    assert link.term is not None
    lhs, rhs = head.value, link.term.value
    if _has_symbols(lhs) or _has_symbols(rhs):
        seed = head.shown if isinstance(head.shown, str) else ""
        return Identity(lhs, rhs, seed=f"{seed}|{link.rel}")
    return Equal(lhs, rhs)


def _rounds(head: Term, prev: Term, link: Link) -> Fact:
    assert link.term is not None and isinstance(link.term.value, tuple)
    return Rounds(prev.value, link.term.value)


def _compare(rel: str) -> Builder:
    def build(head: Term, prev: Term, link: Link) -> Fact:
        assert link.term is not None
        return Compare(prev.value, rel, link.term.value)
    return build


def _nonzero(head: Term, prev: Term, link: Link) -> Fact:
    return NonZero(prev.value)


def _definite(sign: int) -> Builder:
    def build(head: Term, prev: Term, link: Link) -> Fact:
        return Definite(prev.value, sign, link.kernel)
    return build


def _covers(head: Term, prev: Term, link: Link) -> Fact:
    assert link.term is not None and isinstance(link.term.value, tuple)
    estimate, alpha = link.term.value
    return Covers(estimate, alpha)


#: The relations checked as definite off a kernel (the Link must name it).
SEMIDEFINITE = frozenset({"psd", "nsd"})

#: relation name → (LaTeX shown, fact builder)
RELATIONS: dict[str, tuple[str, Builder]] = {
    "=": ("=", _equal),
    "approx": (r"\approx", _rounds),
    ">": (">", _compare(">")),
    "<": ("<", _compare("<")),
    ">=": (r"\geq", _compare(">=")),
    "<=": (r"\leq", _compare("<=")),
    "!=": (r"\neq", _compare("!=")),
    "nonzero": (r"\neq 0", _nonzero),
    "pd": (r"\succ 0", _definite(1)),
    "nd": (r"\prec 0", _definite(-1)),
    "psd": (r"\succeq 0", _definite(1)),
    "nsd": (r"\preceq 0", _definite(-1)),
    "in": (r"\in", _covers),
}


def fact_for(head: Term, prev: Term, link: Link) -> Fact:
    return RELATIONS[link.rel][1](head, prev, link)


def rel_tex(rel: str) -> str:
    return RELATIONS[rel][0]
