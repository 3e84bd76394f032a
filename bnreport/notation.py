"""Names the note prints for objects it checks: the tie between display and claim.

A displayed expression may contain *named* symbols (μ, σ(w), Ĉ(w), ∇Ĉ(W*), …).  The printer shows
their LaTeX; the checker replaces each by its *meaning*, an exact sympy object from the definitions
route.  So the object that is printed is the object that is checked: a :class:`Term` carries both the
shown expression and the value derived from it, never two independently written things.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .texescape import TeX

#: The weights w1..wp and the scale t are shared by every route (they are not a route).
SCALE = sp.Symbol("t", positive=True)
LINE = sp.Symbol("t", real=True)


def weights(p: int) -> tuple[sp.Symbol, ...]:
    return sp.symbols(f"w1:{p + 1}", real=True) if p > 1 else (sp.Symbol("w1", real=True),)


@dataclass(frozen=True)
class Term:
    """What a chain shows (a sympy object printed by our printer, or trusted LaTeX for a pure name)
    and what is checked (``value``, derived from ``shown`` by :meth:`Notation.value_of`)."""

    shown: sp.Basic | TeX
    value: sp.Basic | tuple[str, ...]


class Notation:
    """The named symbols of one note: LaTeX for the printer, meanings for the checker."""

    def __init__(self) -> None:
        self.tex: dict[sp.Symbol, str] = {}
        self.meaning: dict[sp.Symbol, sp.Basic] = {}

    def symbol(self, tex: str, meaning: sp.Basic) -> sp.Symbol:
        """A fresh symbol printed as ``tex`` that stands for the scalar ``meaning``."""
        sym = sp.Symbol(f"_n{len(self.tex)}", real=True)
        self.tex[sym] = tex
        self.meaning[sym] = meaning
        return sym

    def head(self, tex: str, meaning: sp.Basic) -> Term:
        """A chain's left-hand side: a name (any shape: number, vector, matrix) and its meaning."""
        return Term(TeX(tex), meaning)

    def term(self, shown: sp.Basic) -> Term:
        return Term(shown, self.value_of(shown))

    def value_of(self, shown: sp.Basic) -> sp.Basic:
        """The checked value of a displayed expression: names replaced by their meanings and
        display-only wrappers dropped.  (Unevaluated products and powers need no treatment: the
        checker's arithmetic does not depend on how sympy grouped a product.)"""
        value = shown.xreplace(self.meaning) if self.meaning else shown
        if value.has(sp.UnevaluatedExpr):
            value = value.replace(lambda e: isinstance(e, sp.UnevaluatedExpr), lambda e: e.args[0])
        return value
