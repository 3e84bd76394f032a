"""What every section builder receives, and the display helpers they share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..closed import Closed
from ..definitions import Definitions
from ..exact import decimal_text, round_half_away
from ..findings import Findings
from ..landscape import Landscape
from ..model import Problem
from ..notation import Notation, Term
from ..texescape import TeX

if TYPE_CHECKING:
    from ..simulate import Simulation

#: Polynomials in w are displayed expanded up to this many features; beyond, in matrix notation.
EXPANDED_UP_TO = 3
#: Decimals shown next to exact irrational values (presentation only).
SHOWN_DECIMALS = 4

W = r"\mathbf{w}"


@dataclass(frozen=True)
class Context:
    problem: Problem
    defs: Definitions
    closed: Closed
    names: Notation
    findings: Findings
    landscape: Landscape
    simulated: Callable[[], Simulation | None]  # the Monte Carlo cross-check, when first needed

    @property
    def simulation(self) -> Simulation | None:
        """The Monte Carlo cross-check (generic landscapes only)."""
        return self.simulated()

    @property
    def expanded(self) -> bool:
        return self.problem.p <= EXPANDED_UP_TO

    def head(self, tex: str, meaning: sp.Basic) -> Term:
        return self.names.head(tex, meaning)

    def term(self, shown: sp.Basic) -> Term:
        return self.names.term(shown)

    def named(self, tex: str, meaning: sp.Basic) -> sp.Symbol:
        return self.names.symbol(tex, meaning)

    def decimals(self, value: sp.Basic, places: int = SHOWN_DECIMALS, unit: str = "") -> Term:
        """The exact value rounded half away from zero: shown as a tuple of decimals (each followed
        by ``unit``, trusted LaTeX such as ``^{\\circ}``), checked by :class:`~bnreport.facts.Rounds`
        against the previous term of the chain."""
        values = list(value) if isinstance(value, sp.MatrixBase) else [value]
        texts = tuple(decimal_text(round_half_away(v, places), places) for v in values)
        return rounded_term(texts, unit, vector=len(texts) > 1)


def rounded_term(texts: tuple[str, ...], unit: str = "", *, vector: bool = False) -> Term:
    """Printed decimals as a term (each followed by ``unit``), a tuple ``(a, b)`` if ``vector``;
    its value is the texts themselves, which :class:`~bnreport.facts.Rounds` checks."""
    shown = [t + unit for t in texts]
    return Term(TeX(r"\left(" + r",\ ".join(shown) + r"\right)" if vector else shown[0]), texts)


def row(values: list[sp.Expr]) -> sp.Matrix:
    return sp.Matrix([values])
