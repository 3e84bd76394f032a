"""Lemma 4.5 at one exact W0: fails, holds, or its hypothesis is false — decided exactly."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from ..exact import sign
from .geometry import READINGS, LandscapeInput, Matrix, Reading, Verdict, dot, optima_of


@dataclass(frozen=True)
class Decision:
    """The lemma at one W0: verdict, the two sides of (1) and the closest optimum (if any)."""

    verdict: Verdict
    rhs: sp.Expr | None        # RHS(W0) = dist²(W0, ℝW*) (None if W* = 0)
    distance2: sp.Expr | None  # inf over the optima of ‖W0 − Ŵ‖²
    closest: Matrix | None     # the closest optimum, None if the infimum is not attained
    reason: str


def exact_point(w0: object, p: int) -> Matrix:
    """W0 as an exact column: ints, Fractions and exact sympy constants; floats are refused."""
    values = list(w0)  # type: ignore[call-overload]
    if len(values) != p:
        raise ValueError(f"W0 has {len(values)} components, the data has p = {p}")
    out = []
    for v in values:
        if isinstance(v, bool | float) or (isinstance(v, sp.Basic) and v.has(sp.Float)):
            raise TypeError(f"W0 must be exact (int, Fraction or sympy constant), got {v!r}")
        if isinstance(v, Fraction):
            v = sp.Rational(v.numerator, v.denominator)
        elif isinstance(v, int):
            v = sp.Integer(v)
        if not isinstance(v, sp.Basic) or v.free_symbols or not v.is_real:
            raise TypeError(f"W0 must be a real constant, got {v!r}")
        out.append(v)
    return Matrix(out)


def lemma_decision(data: LandscapeInput, w0: object, reading: Reading) -> Decision:
    """Decide Lemma 4.5 at W0 exactly.  ``fails`` means: the hypothesis holds and every optimum
    violates (1) — equivalently, no closest optimum exists or the closest one violates it."""
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, got {reading!r}")
    x = exact_point(w0, data.p)
    reading = optima_of(data.p, reading)
    w, d = data.wstar, data.d
    c, s = dot(x, w), dot(w, w)
    if s == 0 or sign(c) <= 0:
        return Decision(Verdict.HYPOTHESIS_FALSE, None if s == 0 else _rhs(x, c, s), None, None,
                        "the hypothesis ⟨W0, W*⟩ > 0 does not hold")
    rhs = _rhs(x, c, s)
    xd, dd, xx = dot(x, d), dot(d, d), dot(x, x)
    t_sign = sign(xd)
    if t_sign > 0 or (t_sign < 0 and reading == "critical"):
        closest = Matrix(d * (xd / dd))
        distance2 = sp.radsimp(xx - xd**2 / dd)
        where = "on the ray of minimisers" if t_sign > 0 else "on the ray of maximisers"
    else:  # no optimum attains the infimum ‖W0‖² (the projection onto ℝd is 0 or a maximiser)
        closest, distance2, where = None, xx, "not attained: no closest optimum exists"
    fails = sign(distance2 - rhs) > 0
    if closest is None and not fails:
        raise AssertionError("an unattained infimum ‖W0‖² cannot be ≤ RHS when ⟨W0, W*⟩ > 0")
    verdict = Verdict.FAILS if fails else Verdict.HOLDS
    relation = ">" if fails else "≤"
    return Decision(verdict, rhs, distance2, closest,
                    f"closest optimum {where}; squared distance {relation} RHS(W0)")


def _rhs(x: Matrix, c: sp.Expr, s: sp.Expr) -> sp.Expr:
    return sp.radsimp(dot(x, x) - c**2 / s)


def lemma_verdict(data: LandscapeInput, w0: object, reading: Reading) -> Verdict:
    """fails / holds / hypothesis-false at an exact W0 (see :func:`lemma_decision`).

    Rational points (the claims checker's, the simulation's re-checks) take a Fraction-only path
    with the same definition; other exact constants go through :func:`lemma_decision`."""
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, got {reading!r}")
    point = _rational_point(w0, data.p)
    if point is None:
        return lemma_decision(data, w0, reading).verdict
    reading = optima_of(data.p, reading)
    w, d = _fractions(data.wstar), _fractions(data.d)
    c, s = _dot(point, w), _dot(w, w)
    if s == 0 or c <= 0:
        return Verdict.HYPOTHESIS_FALSE
    xx, xd = _dot(point, point), _dot(point, d)
    rhs = xx - c * c / s
    attained = xd > 0 or (xd < 0 and reading == "critical")
    distance2 = xx - xd * xd / _dot(d, d) if attained else xx
    return Verdict.FAILS if distance2 > rhs else Verdict.HOLDS


def _rational_point(w0: object, p: int) -> tuple[Fraction, ...] | None:
    values = list(w0)  # type: ignore[call-overload]
    if len(values) != p:
        raise ValueError(f"W0 has {len(values)} components, the data has p = {p}")
    out = []
    for v in values:
        if isinstance(v, bool | float):
            raise TypeError(f"W0 must be exact (int, Fraction or sympy constant), got {v!r}")
        if isinstance(v, int | Fraction):
            out.append(Fraction(v))
        elif isinstance(v, sp.Rational):
            out.append(Fraction(int(v.p), int(v.q)))
        else:
            return None
    return tuple(out)


def _fractions(m: Matrix) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(e.p), int(e.q)) for e in m)


def _dot(u: tuple[Fraction, ...], v: tuple[Fraction, ...]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))
