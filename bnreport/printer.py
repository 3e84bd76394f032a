"""Math LaTeX: the only producer of trusted LaTeX from sympy objects (used by the render stage)."""

from __future__ import annotations

from functools import cache
from typing import Any

import sympy as sp
from sympy.printing.latex import LatexPrinter


class NotePrinter(LatexPrinter):
    """sympy's printer with the note's conventions.

    * column vectors print as tuples ``(a, b)``, the paper's way of writing points and gradients;
    * polynomials in lexicographic order (w₁ before w₂), rational coefficients as ``\\frac{4}{3} w_1``;
    * named symbols (:mod:`bnreport.notation`) print as their LaTeX (``symbol_names``).
    """

    def __init__(self, settings: dict[str, Any] | None = None) -> None:
        defaults = {"order": "lex", "mat_delim": "(", "mat_str": "matrix"}
        super().__init__({**defaults, **(settings or {})})

    #: Vectors longer than this (LaTeX characters) are set as a column instead of a tuple.
    TUPLE_LIMIT = 90

    def _print_MatrixBase(self, expr: sp.MatrixBase) -> str:
        if expr.cols == 1 or expr.rows == 1:
            entries = [self._print(e) for e in expr]
            if sum(map(len, entries)) <= self.TUPLE_LIMIT:
                return r"\left(" + r",\ ".join(entries) + r"\right)"
            # Display style keeps fractions inside a column vector readable.
            rows = r" \\[1ex] ".join(rf"\displaystyle {e}" for e in entries)
            return rf"\left(\begin{{array}}{{c}} {rows} \end{{array}}\right)"
        # amsmath's matrix environments stop at 10 columns; a plain array has no such limit.
        body = r" \\ ".join(" & ".join(self._print(expr[i, j]) for j in range(expr.cols))
                              for i in range(expr.rows))
        size = r"\scriptstyle " if expr.cols > 6 else ""
        return (rf"\left(\begin{{array}}{{{'c' * expr.cols}}} {size}"
                + body.replace(" & ", f" & {size}").replace(r" \\ ", rf" \\ {size}")
                + r" \end{array}\right)")

    _print_ImmutableDenseMatrix = _print_MatrixBase
    _print_MutableDenseMatrix = _print_MatrixBase

    def _print_Add(self, expr: sp.Add, order: str | None = None) -> str:
        # "c - 2 (a w1 + b w2)/sqrt(...)": a constant leads a non-polynomial sum, as in the paper.
        const, rest = expr.as_coeff_Add()
        if const != 0 and rest != 0 and (not expr.free_symbols or not expr.is_polynomial()):
            tail = self._print(rest)
            sep = " " if tail.startswith("-") else " + "
            return f"{self._print(const)}{sep}{tail}"
        return super()._print_Add(expr, order=order)

    def _print_Mul(self, expr: sp.Mul) -> str:
        coeff, rest = expr.as_coeff_Mul()
        # (4/3)·w₁ reads better than 4w₁/3 when the rest is a plain product of symbols.
        if (coeff.is_Rational and not coeff.is_Integer and rest.is_Symbol):
            sign = "- " if coeff < 0 else ""
            c = abs(coeff)
            return rf"{sign}\frac{{{c.p}}}{{{c.q}}} {self._print(rest)}"
        return super()._print_Mul(expr)


@cache
def _printer(fold: bool, names: tuple[tuple[sp.Symbol, str], ...]) -> NotePrinter:
    settings: dict[str, Any] = {"symbol_names": dict(names)}
    if fold:
        settings["fold_short_frac"] = True
    return NotePrinter(settings)


def tex(expr: sp.Basic, names: dict[sp.Symbol, str] | None = None) -> str:
    """LaTeX for a sympy object (math mode, no delimiters); ``names``: LaTeX of named symbols."""
    return _printer(False, tuple(sorted((names or {}).items(), key=lambda kv: kv[0].name))
                    ).doprint(expr)


def tex_inline(expr: sp.Basic, names: dict[sp.Symbol, str] | None = None) -> str:
    """Like :func:`tex` with a/b instead of stacked fractions, for values inside running text."""
    return _printer(True, tuple(sorted((names or {}).items(), key=lambda kv: kv[0].name))
                    ).doprint(expr)
