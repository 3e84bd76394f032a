"""is_critical / is_local_min / … for C and Ĉ, decided from the structure, never by a
second-derivative test (Ĉ is constant along rays, so its Hessian is singular at every minimiser).

* C is a quadratic with positive definite Hessian 2XᵀX: W* is its only critical point, the unique
  global (hence local) minimiser, and C has no maximum.
* Ĉ(w) = K − 2γ·⟨w, Xcᵀy⟩/σ(w) is scale-invariant; by Cauchy–Schwarz its critical points are exactly
  t·d (t ≠ 0): t > 0 global minimisers, t < 0 global maximisers.  With p ≥ 2 every other direction
  strictly changes Ĉ, so a minimiser is not a local maximum; with p = 1, Ĉ is constant on each
  half-line, so every point is both a local minimum and a local maximum.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..quantities import Quantities, dot
from .values import exact_text

KINDS = ("is_critical", "is_local_min", "is_local_max", "is_global_min", "is_global_max")


@dataclass(frozen=True)
class Decision:
    holds: bool
    reason: str


def decide_c(q: Quantities, kind: str, point: sp.Matrix) -> Decision:
    at_min = point == q.wstar
    where = f"W* = {exact_text(q.wstar)}"
    if kind == "is_critical":
        return Decision(at_min, f"grad_C vanishes only at {where}" + (
            "" if at_min else f"; grad_C = {exact_text(q.at(q.grad_C, point))} here"))
    if kind in ("is_local_max", "is_global_max"):
        return Decision(False, "C is a convex quadratic (Hessian 2XᵀX positive definite): no maximum")
    return Decision(at_min, f"C is a convex quadratic with unique minimiser {where}")


def decide_chat(q: Quantities, kind: str, point: sp.Matrix) -> Decision:
    d = q.direction
    on_line = dot(point, point) * dot(d, d) == dot(point, d) ** 2
    side = sp.sign(dot(point, d))
    if not on_line:
        if kind == "is_critical":
            grad = q.at(q.grad_Chat, point)
            return Decision(False, f"grad_Chat = {exact_text(grad)} is not zero: critical points "
                                   f"are only the multiples t*d of d = {exact_text(d)}")
        return Decision(False, f"not critical (off the line of d = {exact_text(d)}), so not an "
                               "extremum")
    ray = "minimisers (t > 0)" if side > 0 else "maximisers (t < 0)"
    base = f"on the ray of {ray} t*d, d = {exact_text(d)}"
    if kind == "is_critical":
        return Decision(True, f"grad_Chat = 0 {base}")
    flat = q.p == 1  # Ĉ is constant on each half-line: every point is a local min and max
    holds = {
        "is_global_min": side > 0, "is_global_max": side < 0,
        "is_local_min": side > 0 or flat, "is_local_max": side < 0 or flat,
    }[kind]
    value = q.chat_min if side > 0 else 2 * q.const - q.chat_min
    note = "; non-strict: Chat is constant along the ray" if holds else ""
    return Decision(bool(holds), f"{base}, where Chat = {exact_text(value)}{note}")
