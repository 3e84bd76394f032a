"""``is_critical``, ``is_local_min``, … decided from the structure of C and Ĉ, never inconclusive.

A second-derivative test cannot work for Ĉ: it is constant along every ray, so its Hessian is
singular everywhere.  The structure decides instead:

* C is a convex quadratic whose Hessian 2XᵀX is positive definite (the data are checked to have
  independent columns): its only critical point is W*, the unique global minimiser; no maximum.
* Ĉ(w) = const − 2γ·scale·⟨w, b⟩/√radicand is constant on rays, and by Cauchy–Schwarz in the
  A-inner product its critical points are exactly the nonzero multiples t·d of ``q.direction``:
  t > 0 global minima (non-strict), t < 0 global maxima.  Everywhere else ∇Ĉ ≠ 0, so there is no
  extremum, not even a local one.  With p = 1 every half-line is a ray: Ĉ is locally constant, so
  every point is both a local minimum and a local maximum.

Points are compared exactly (signs of exact differences), so ``(5·√2, 3·√2)`` is on a ray as much
as an integer point.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..quantities import Quantities, dot
from .lexer import ClaimError
from .values import exact_text, sign

KINDS = ("is_critical", "is_local_min", "is_local_max", "is_global_min", "is_global_max")


@dataclass(frozen=True)
class Decision:
    holds: bool
    reason: str


def decide(q: Quantities, kind: str, function: str, point: sp.Matrix, column: int) -> Decision:
    """Decide ``kind(function, point)`` for a constant point; raises ClaimError where undefined."""
    if function == "C":
        return _decide_c(q, kind, point, column)
    if all(sign(e, column) == 0 for e in point):
        raise ClaimError("Chat is undefined at the origin: σ = 0 there", column)
    return _decide_chat(q, kind, point, column)


def _decide_c(q: Quantities, kind: str, point: sp.Matrix, column: int) -> Decision:
    at_min = all(sign(a - b, column) == 0 for a, b in zip(point, q.wstar, strict=True))
    where = f"W* = {exact_text(q.wstar)}"
    if kind == "is_critical":
        if at_min:
            return Decision(True, f"grad_C vanishes exactly at {where}")
        gradient = q.at(q.grad_C, point)
        return Decision(False, f"grad_C = {exact_text(gradient)} is not zero; grad_C vanishes "
                               f"only at {where}")
    if kind in ("is_local_max", "is_global_max"):
        return Decision(False, "C is a convex quadratic (Hessian 2XᵀX positive definite): it has "
                               "no maximum, local or global")
    return Decision(at_min, f"C is a convex quadratic with the unique (global) minimiser {where}")


def _on_line(point: sp.Matrix, d: sp.Matrix, column: int) -> bool:
    """Is ``point`` a multiple of ``d``? All 2×2 minors of [point d] vanish (exactly)."""
    n = len(d)
    return all(sign(point[i] * d[j] - point[j] * d[i], column) == 0
               for i in range(n) for j in range(i + 1, n))


def _decide_chat(q: Quantities, kind: str, point: sp.Matrix, column: int) -> Decision:
    d = q.direction
    line = f"the line of d = {exact_text(d)}"
    if not _on_line(point, d, column):
        if kind == "is_critical":
            gradient = q.at(q.grad_Chat, point)
            return Decision(False, f"grad_Chat = {exact_text(gradient)} is not zero: the critical "
                                   f"points are exactly the nonzero multiples t*d on {line}")
        return Decision(False, f"not a critical point (off {line}), so not an extremum")
    minimum = sign(dot(point, d), column) > 0
    ray = "t > 0, the minimisers" if minimum else "t < 0, the maximisers"
    value = q.chat_min if minimum else 2 * q.const - q.chat_min
    base = f"on the ray t*d ({ray}), d = {exact_text(d)}, where Chat = {exact_text(value)}"
    if kind == "is_critical":
        return Decision(True, f"grad_Chat = 0 {base}")
    flat = q.p == 1  # Ĉ is constant on each half-line: every point is a local min and max
    holds = {
        "is_global_min": minimum, "is_global_max": not minimum,
        "is_local_min": minimum or flat, "is_local_max": not minimum or flat,
    }[kind]
    if flat:
        return Decision(holds, f"{base}; with one feature Chat is constant on each half-line")
    note = "; non-strict: Chat is constant along the ray" if holds else ""
    return Decision(holds, f"{base}{note}")
