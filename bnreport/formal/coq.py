"""Small printers of Coq terms over R: exact rationals, linear and quadratic forms, argument lists.

Only numbers (from Fractions and ints) and the fixed identifiers below ever reach the .v file; no
user text does, so there is nothing to escape.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from .linalg import Matrix

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_']*\Z")


def ident(name: str) -> str:
    """A fixed identifier of ours; refuses anything else so that no text can smuggle Coq code."""
    if not _IDENT.match(name):
        raise ValueError(f"not a Coq identifier: {name!r}")
    return name


def num(value: Fraction | int) -> str:
    """An exact real literal: ``3``, ``(-3)``, ``(7 / 2)``, ``(-5 / 12)``."""
    value = Fraction(value)
    n, d = value.numerator, value.denominator
    if d == 1:
        return str(n) if n >= 0 else f"({n})"
    return f"({n} / {d})"


def weights(p: int, name: str = "w") -> list[str]:
    return [f"{ident(name)}{k + 1}" for k in range(p)]


def binders(names: Sequence[str]) -> str:
    return f"({' '.join(names)} : R)"


def apply(function: str, args: Sequence[str]) -> str:
    return " ".join([ident(function), *(_atom(a) for a in args)])


def _atom(term: str) -> str:
    """Parenthesise a compound argument (``t * d1``) but not a name or a literal."""
    if _IDENT.match(term) or re.fullmatch(r"\d+|\([^()]*\)", term):
        return term
    return f"({term})"


def linear(coeffs: Sequence[Fraction], names: Sequence[str]) -> str:
    """Σ c_j · name_j, skipping zeros; ``0`` when all vanish."""
    return _terms([(c, name) for c, name in zip(coeffs, names, strict=True)])


def affine(coeffs: Sequence[Fraction], names: Sequence[str], const: Fraction) -> str:
    return _terms([*zip(coeffs, names, strict=True), (const, "")])


def quadratic(matrix: Matrix, names: Sequence[str]) -> str:
    """wᵀ S w written out: Σ S_ii w_i^2 + Σ_{i<j} 2 S_ij w_i w_j."""
    p = len(names)
    terms: list[tuple[Fraction, str]] = []
    for i in range(p):
        terms.append((matrix[i][i], f"{names[i]} ^ 2"))
        for j in range(i + 1, p):
            terms.append((2 * matrix[i][j], f"{names[i]} * {names[j]}"))
    return _terms(terms)


def _terms(terms: Sequence[tuple[Fraction, str]]) -> str:
    parts: list[str] = []
    for coeff, name in terms:
        coeff = Fraction(coeff)
        if coeff == 0:
            continue
        sign = "-" if coeff < 0 else "+"
        size = abs(coeff)
        if not name:
            body = _unsigned(size)
        elif size == 1:
            body = name
        else:
            body = f"{_unsigned(size)} * {name}"
        parts.append(f"{sign} {body}")
    if not parts:
        return "0"
    text = " ".join(parts)
    # A leading "- " is Coq's unary minus: "- 3 * w1 + w2" reads as (-3)·w1 + w2.
    return text[2:] if text.startswith("+ ") else text


def _unsigned(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator} / {value.denominator}"


def surd_of(value: Any) -> str:
    """A :class:`bnreport.formal.spec.Surd` as a Coq term."""
    return surd(value.rational, value.coeff, value.radicand)


def surd(rational: Fraction, coeff: Fraction, radicand: int) -> str:
    """a + c·√s as a Coq term (√1 is written as 1)."""
    if radicand == 1 or coeff == 0:
        return num(rational + coeff)
    radical = f"{num(coeff)} * sqrt {radicand}" if coeff != 1 else f"sqrt {radicand}"
    if rational == 0:
        return radical
    return f"{num(rational)} + {radical}"
