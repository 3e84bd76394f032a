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

Points are compared exactly (signs of exact differences and of 2×2 minors), so ``(5·√2, 3·√2)``
is on a ray as much as an integer point, and ``((√2+1)(√2−1) − 1, 0)`` is the origin.

``lemma_holds(p[, K|M])`` asks whether Lemma 4.5 of Santurkar et al. holds at the initialisation
W0 = p, under reading (K) "local optima" = all critical points, or (M) = local minimisers only;
decided exactly by :func:`bnreport.findings.lemma_verdicts`.  Without a reading both are decided,
and a claim whose answer depends on the reading is an error that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import sympy as sp

from ..closed import Closed, dot
from ..exact import Undecided
from .lexer import ClaimError
from .values import exact_text, is_constant, sign

if TYPE_CHECKING:
    from ..findings import LemmaAt, Reading
    from .evaluate import Evaluator
    from .parser import Call
    from .relations import Outcome

KINDS = ("is_critical", "is_local_min", "is_local_max", "is_global_min", "is_global_max")
LEMMA = ("lemma_holds", "lemma_fails")
#: Names of the two readings of "local optima" (the note's (K) and (M)).
READINGS = {"K": "critical", "critical": "critical", "all": "critical",
            "M": "minimisers", "minimisers": "minimisers", "minimizers": "minimisers",
            "minima": "minimisers"}


@dataclass(frozen=True)
class Decision:
    holds: bool
    reason: str


def decide(q: Closed, kind: str, function: str, point: sp.Matrix, column: int) -> Decision:
    """Decide ``kind(function, point)`` for a constant point; raises ClaimError where undefined."""
    if function == "C":
        return _decide_c(q, kind, point, column)
    if all(sign(e, column) == 0 for e in point):
        raise ClaimError("Chat is undefined at the origin: σ = 0 there", column)
    return _decide_chat(q, kind, point, column)


def _decide_c(q: Closed, kind: str, point: sp.Matrix, column: int) -> Decision:
    at_min = all(sign(a - b, column) == 0 for a, b in zip(point, q.wstar, strict=True))
    where = f"W* = {exact_text(q.wstar)}"
    if kind == "is_critical":
        if at_min:
            return Decision(True, f"grad_C vanishes exactly at {where}")
        return Decision(False, f"grad_C{_value_at(q, q.grad_C, point)} is not zero; grad_C "
                               f"vanishes only at {where}")
    if kind in ("is_local_max", "is_global_max"):
        return Decision(False, "C is a convex quadratic (Hessian 2XᵀX positive definite): it has "
                               "no maximum, local or global")
    return Decision(at_min, f"C is a convex quadratic with the unique (global) minimiser {where}")


def _value_at(q: Closed, form: sp.Matrix, point: sp.Matrix) -> str:
    """`` = (…)`` at a rational point, for the message; nothing at a point with radicals (its
    canonical form can be long, and the verdict does not depend on it)."""
    if all(e.is_Rational for e in point):
        return f" = {exact_text(q.at(form, point))}"
    return " at this point"


def _on_line(point: sp.Matrix, d: sp.Matrix, column: int) -> bool:
    """Is ``point`` a multiple of ``d``? All 2×2 minors of [point d] vanish (exactly)."""
    n = len(d)
    return all(sign(point[i] * d[j] - point[j] * d[i], column) == 0
               for i in range(n) for j in range(i + 1, n))


def _decide_chat(q: Closed, kind: str, point: sp.Matrix, column: int) -> Decision:
    d = q.direction
    line = f"the line of d = {exact_text(d)}"
    if not _on_line(point, d, column):
        if kind == "is_critical":
            return Decision(False, f"grad_Chat{_value_at(q, q.grad_Chat, point)} is not zero: the "
                                   f"critical points are exactly the nonzero multiples t*d on "
                                   f"{line}")
        return Decision(False, f"not a critical point (off {line}), so not an extremum")
    minimum = sign(dot(point, d), column) > 0
    ray = "t > 0, the minimisers" if minimum else "t < 0, the maximisers"
    value = q.chat_min if minimum else q.chat_max
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


# -- Lemma 4.5 at an initialisation -------------------------------------------------------------------
def decide_lemma(ev: Evaluator, call: Call) -> Outcome:
    from ..findings import FAILS, lemma_verdicts  # only lemma claims pay for this import
    from .parser import Name
    from .relations import Outcome

    args = list(call.args)
    reading = None
    if args and isinstance(args[-1], Name) and args[-1].name in READINGS:
        reading = READINGS[args.pop().name]
    if not args:
        raise ClaimError(f"use {call.name}(W0), {call.name}(W0, K) or {call.name}(W0, M): a point "
                         "and optionally the reading of 'local optima'", call.column)
    point = ev.point(tuple(args), call.name, call.column)
    if not is_constant(point):
        raise ClaimError(f"{call.name} needs a numeric point, not an expression in w", call.column)
    try:
        lemma = lemma_verdicts(ev.q, point)
    except Undecided as err:
        raise ClaimError(f"cannot decide exactly: {err}", call.column) from None
    readings = {"critical": lemma.critical, "minimisers": lemma.minimisers}
    chosen = [readings[reading]] if reading else list(readings.values())
    holds = {r.verdict != FAILS for r in chosen}
    if len(holds) > 1:
        raise ClaimError("the answer depends on the reading of 'local optima': "
                         f"{_lemma_summary(lemma)}; name one: {call.name}(..., K) or "
                         f"{call.name}(..., M)", call.column)
    verdict = holds.pop()
    if call.name == "lemma_fails":
        verdict = not verdict
    return Outcome(verdict, _lemma_reason(ev.q, point, lemma, chosen))


def _one(reading: Reading) -> str:
    from ..findings import FAILS, VACUOUS

    if reading.verdict == VACUOUS:
        return "holds vacuously"
    return "fails" if reading.verdict == FAILS else "holds"


def _lemma_summary(lemma: LemmaAt) -> str:
    return (f"(K) all critical points: {_one(lemma.critical)}, (M) minimisers only: "
            f"{_one(lemma.minimisers)}")


def _lemma_reason(q: Closed, point, lemma: LemmaAt, chosen: list[Reading]) -> str:
    inner = dot(point, q.wstar)
    if not lemma.hypothesis:
        return (f"at W0 = {exact_text(point)}, ⟨W0, W*⟩ = {exact_text(inner)} ≤ 0: the hypothesis "
                "of Lemma 4.5 does not hold, so it asserts nothing (holds vacuously) under both "
                "readings")
    relation = ">" if lemma.beyond else "≤"
    parts = [f"at W0 = {exact_text(point)}: ⟨W0, W*⟩ = {exact_text(inner)} > 0, right-hand side "
             f"of (1) ρ = {exact_text(lemma.rho)}, dist²(W0, line of d) = "
             f"{exact_text(lemma.distance2)} {relation} ρ, t* = {exact_text(lemma.t_star)}"]
    names = {"all critical points": "(K) all critical points",
             "minimisers only": "(M) minimisers only"}
    parts += [f"{names[r.name]}: {_one(r)}" for r in chosen]
    return "; ".join(parts)
