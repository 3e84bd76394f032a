"""Decide a relation between two exact values: ``== != < <= > >=`` and ``~=`` (equal as printed).

With ``w`` on either side, ``==`` is an identity for every w where both sides are defined: random
exact rational points first (one that fails is a counter-point, i.e. a proof of falsity), then the
symbolic reduction of :func:`bnreport.radicals.symbolic_zero` (the proof of truth).  An identity that
survives the points but does not reduce is reported as undecided, never as true or false.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp
from sympy.polys.polyerrors import BasePolynomialError

from ..exact import Undecided, decimal_parts, decimal_text, round_half_away, rounds_to
from ..radicals import symbolic_zero
from . import values as v
from .lexer import ClaimError
from .parser import Call, Claim, Name, Node, Number, Tuple, Unary, column_of
from .predicates import KINDS, decide

if TYPE_CHECKING:
    from .evaluate import Evaluator

#: In-domain random points an identity must pass before the symbolic proof is attempted.
POINTS = 6
MAX_TRIES = 60
#: More printed decimals than this cannot come from a paper, and exact rounding gets expensive.
MAX_DECIMALS = 50

_ORDER: dict[str, Callable[[int], bool]] = {
    "<": lambda s: s < 0, "<=": lambda s: s <= 0, ">": lambda s: s > 0, ">=": lambda s: s >= 0,
}


@dataclass(frozen=True)
class Outcome:
    holds: bool
    reason: str
    left: v.Value | None = None  # a constant left side, reported with its exact value and decimals


def judge(ev: Evaluator, claim: Claim, text: str) -> Outcome:
    if claim.relation is None:
        if isinstance(claim.left, Call) and claim.left.name in KINDS:
            return _predicate(ev, claim.left)
        raise ClaimError("a claim needs a relation (==, !=, <, <=, >, >=, ~=) or a predicate "
                         "such as is_critical(Chat, W0)", column_of(claim.left))
    assert claim.right is not None  # the parser reads a right side after every relation
    left = ev.value(claim.left)
    if claim.relation == "~=":
        return _rounded(left, _printed(claim.right), claim.column)
    right = ev.value(claim.right)
    if isinstance(left, sp.MatrixBase) != isinstance(right, sp.MatrixBase) or (
            isinstance(left, sp.MatrixBase) and left.shape != right.shape):
        raise ClaimError(f"cannot compare {v.describe(left)} with {v.describe(right)}",
                         claim.column)
    if not (v.is_constant(left) and v.is_constant(right)):
        if claim.relation not in ("==", "!="):
            raise ClaimError(f"'{claim.relation}' needs numbers on both sides; an expression in w "
                             "has no single value (use == for identities)", claim.column)
        equal, reason = _identity(ev.q.w, left, right, text, claim.column)
        return Outcome(equal == (claim.relation == "=="), reason)
    return _compare(claim.relation, left, right, claim.column)


def _compare(relation: str, left: v.Value, right: v.Value, column: int) -> Outcome:
    signs = [v.sign(a - b, column) for a, b in zip(v.entries(left), v.entries(right), strict=True)]
    if relation in ("==", "!="):
        equal = all(s == 0 for s in signs)
        reason = ("equal exactly" if equal
                  else f"not equal: the right side is {v.exact_text(right)}")
        return Outcome(equal == (relation == "=="), reason, left)
    holds = all(_ORDER[relation](s) for s in signs)
    where = "in every component" if len(signs) > 1 else ""
    return Outcome(holds, f"decided by the exact sign of left - right {where}".rstrip(), left)


# -- identities in w -------------------------------------------------------------------------------
def _identity(w: tuple[sp.Symbol, ...], left: v.Value, right: v.Value, text: str,
              column: int) -> tuple[bool, str]:
    pairs = list(zip(v.entries(left), v.entries(right), strict=True))
    diffs = [a - b for a, b in pairs]
    # Seeded by the claim: the same claim always meets the same points (reproducible verdicts).
    rng = random.Random(zlib.crc32(text.encode()))
    passed = 0
    for _ in range(MAX_TRIES):
        point = {s: sp.Rational(rng.randint(-12, 12), rng.randint(1, 7)) for s in w}
        at = [d.xreplace(point) for d in diffs]
        if not all(_defined(x) for x in at):
            continue  # outside the domain of one side: the claim says nothing there
        for index, x in enumerate(at):
            if v.sign(x, column) != 0:
                return False, _counter_point(w, point, pairs[index], index, len(pairs))
        passed += 1
        if passed == POINTS:
            break
    if passed < POINTS:
        raise ClaimError(f"both sides are defined at only {passed} of {MAX_TRIES} random points; "
                         "cannot decide", column)
    try:
        proved = all(symbolic_zero(d, w) for d in diffs)
    except (BasePolynomialError, Undecided, ValueError, TypeError) as err:
        raise ClaimError(f"undecided: the sides agree at {POINTS} random points but the exact "
                         f"reduction failed ({type(err).__name__})", column) from None
    if not proved:
        raise ClaimError(f"undecided: the sides agree at {POINTS} random points but the "
                         "difference does not reduce to 0 exactly", column)
    return True, (f"identity in w: the difference reduces to 0 exactly and vanishes at {POINTS} "
                  "random rational points")


def _defined(value: sp.Expr) -> bool:
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        return False
    return value.is_Rational or value.evalf(20).is_real is not False


def _counter_point(w: tuple[sp.Symbol, ...], point: dict[sp.Symbol, sp.Rational],
                   pair: tuple[sp.Expr, sp.Expr], index: int, size: int) -> str:
    names = ", ".join(str(s) for s in w)
    coords = ", ".join(str(point[s]) for s in w)
    left, right = (v.approx_text(side.xreplace(point)) for side in pair)
    component = f" (component {index + 1})" if size > 1 else ""
    return (f"not an identity in w: at ({names}) = ({coords}) the left side{component} is "
            f"≈ {left} but the right side is ≈ {right}")


# -- equal as printed ----------------------------------------------------------------------------------
def _printed(node: Node) -> list[str]:
    """The decimal literals on the right of ``~=`` (with their signs), as written."""
    if isinstance(node, Number):
        return [node.text]
    if isinstance(node, Unary) and isinstance(node.operand, Number):
        return [("-" if node.op == "-" else "") + node.operand.text]
    if isinstance(node, Tuple):
        return [text for item in node.items for text in _printed(item)]
    raise ClaimError("'~=' compares with printed decimals such as -0.5 or (1.25, -3.0)",
                     column_of(node))


def _rounded(left: v.Value, printed: list[str], column: int) -> Outcome:
    values = v.entries(left)
    if not v.is_constant(left):
        raise ClaimError("'~=' needs a number or a point on the left, not an expression in w",
                         column)
    if len(values) != len(printed):
        raise ClaimError(f"'~=' compares {len(values)} value(s) with {len(printed)} printed",
                         column)
    parts = [decimal_parts(p) for p in printed]
    if any(d > MAX_DECIMALS for _, d in parts):
        raise ClaimError(f"at most {MAX_DECIMALS} decimals can be compared", column)
    try:
        holds = all(rounds_to(value, *part) for value, part in zip(values, parts, strict=True))
        rounded = [_round(value, d) for value, (_, d) in zip(values, parts, strict=True)]
    except Undecided as err:
        raise ClaimError(f"cannot decide the rounding exactly: {err}", column) from None
    shown = rounded[0] if not isinstance(left, sp.MatrixBase) else "(" + ", ".join(rounded) + ")"
    return Outcome(holds, f"rounds (half away from zero) to {v.shorten(shown)}", left)


def _round(value: sp.Expr, decimals: int) -> str:
    """The exact value rounded half away from zero, as text with exactly ``decimals`` decimals."""
    if value.is_Rational:  # exact, whatever the size (the 60-digit route is only for radicals)
        scaled = Fraction(int(value.p), int(value.q)) * 10**decimals
        whole, rest = divmod(abs(scaled), 1)
        magnitude = whole + (1 if rest >= Fraction(1, 2) else 0)
        return decimal_text(Fraction(magnitude if scaled >= 0 else -magnitude, 10**decimals),
                            decimals)
    return decimal_text(round_half_away(value, decimals), decimals)


# -- predicates ------------------------------------------------------------------------------------
def _predicate(ev: Evaluator, call: Call) -> Outcome:
    first = call.args[0]
    if len(call.args) < 2 or not isinstance(first, Name) or first.name not in ("C", "Chat"):
        raise ClaimError(f"use {call.name}(C, point) or {call.name}(Chat, point)", call.column)
    point = ev.point(call.args[1:], call.name, call.column)
    if not v.is_constant(point):
        raise ClaimError(f"{call.name} needs a numeric point, not an expression in w", call.column)
    decision = decide(ev.q, call.name, first.name, point, call.column)
    return Outcome(decision.holds, decision.reason)
