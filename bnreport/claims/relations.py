"""Decide a relation between two exact values: ``== != < <= > >=`` and ``~=`` (equal as printed).

A claim that mentions ``w`` is an identity (:mod:`.identity`); otherwise both sides are constants
and the relation is decided by exact signs (:func:`.values.sign`: enclosures with guaranteed
bounds, exact zero tests).  Predicates go to :mod:`.predicates`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp

from ..exact import Undecided, decimal_text, round_half_away
from . import values as v
from .lexer import ClaimError
from .parser import Call, Claim, Name, Node, Number, Tuple, Unary, column_of, walk
from .predicates import KINDS, LEMMA, decide, decide_lemma

if TYPE_CHECKING:
    from .evaluate import Evaluator

#: More printed decimals than this cannot come from a paper.
MAX_DECIMALS = 1000

_ORDER: dict[str, Callable[[int], bool]] = {
    "<": lambda s: s < 0, "<=": lambda s: s <= 0, ">": lambda s: s > 0, ">=": lambda s: s >= 0,
}
WEIGHTS = "w"


@dataclass(frozen=True)
class Outcome:
    holds: bool
    reason: str
    left: v.Value | None = None  # a constant left side, reported with its exact value and decimals


def mentions_w(node: Node) -> bool:
    return any(isinstance(n, Name) and (n.name == WEIGHTS or _is_component(n.name))
               for n in walk(node))


def _is_component(name: str) -> bool:
    return name.startswith("w") and name[1:].isdigit()


def judge(ev: Evaluator, claim: Claim, text: str) -> Outcome:
    if claim.relation is None:
        if isinstance(claim.left, Call) and (claim.left.name in KINDS or claim.left.name in LEMMA):
            outcome = _predicate(ev, claim.left)
            if claim.negated:
                return Outcome(not outcome.holds, f"negation: {outcome.reason}")
            return outcome
        if claim.negated:
            raise ClaimError("'not' negates a predicate such as is_critical(Chat, W0)", 1)
        raise ClaimError("a claim needs a relation (==, !=, <, <=, >, >=, ~=) or a predicate "
                         "such as is_critical(Chat, W0)", column_of(claim.left))
    assert claim.right is not None  # the parser reads a right side after every relation
    if mentions_w(claim.left) or mentions_w(claim.right):
        if claim.relation not in ("==", "!="):
            raise ClaimError(f"'{claim.relation}' needs numbers on both sides; an expression in w "
                             "has no single value (use == for identities)", claim.column)
        from .identity import decide_identity

        return decide_identity(ev, claim, text)
    left = ev.value(claim.left)
    if claim.relation == "~=":
        return _rounded(left, _printed(claim.right), claim.column)
    right = ev.value(claim.right)
    shaped = v.same_shape(left, right)
    if shaped is None:
        raise ClaimError(f"cannot compare {v.describe(left)} with {v.describe(right)}",
                         claim.column)
    return _compare(claim.relation, *shaped, claim.column)


def _compare(relation: str, left: v.Value, right: v.Value, column: int) -> Outcome:
    signs = [v.sign(a - b, column) for a, b in zip(v.entries(left), v.entries(right), strict=True)]
    if relation in ("==", "!="):
        equal = all(s == 0 for s in signs)
        reason = ("equal exactly" if equal
                  else f"not equal: the right side is {v.shorten(v.exact_text(right), 120)}")
        return Outcome(equal == (relation == "=="), reason, left)
    holds = all(_ORDER[relation](s) for s in signs)
    where = " in every component" if len(signs) > 1 else ""
    return Outcome(holds, f"decided by the exact sign of left - right{where}", left)


# -- equal as printed ----------------------------------------------------------------------------------
def _printed(node: Node) -> list[tuple[str, int]]:
    """The decimal literals on the right of ``~=`` (with their signs), as written."""
    if isinstance(node, Number):
        return [(node.text, node.column)]
    if isinstance(node, Unary) and isinstance(node.operand, Number):
        return [(("-" if node.op == "-" else "") + node.operand.text, node.column)]
    if isinstance(node, Tuple):
        return [part for item in node.items for part in _printed(item)]
    raise ClaimError("'~=' compares with printed decimals such as -0.5, 1.2e-3 or (1.25, -3.0)",
                     column_of(node))


def printed_value(text: str, column: int) -> tuple[Fraction, int]:
    """``"-1.25"`` → (-5/4, 2); ``"1.2e-3"`` → (3/2500, 4); ``"1.2e3"`` → (1200, -2): the value and
    the position of its last printed digit (decimals; negative for tens, hundreds, …)."""
    negative = text.startswith("-")
    mantissa, _, exponent = text.lstrip("+-").lower().partition("e")
    whole, _, decimals = mantissa.partition(".")
    shift = int(exponent.replace("\u2212", "-")) if exponent else 0
    if abs(shift) > MAX_DECIMALS or len(decimals) - shift > MAX_DECIMALS:
        raise ClaimError(f"at most {MAX_DECIMALS} decimals can be compared", column)
    value = Fraction(int(whole + decimals or "0"), 10 ** len(decimals)) * Fraction(10) ** shift
    return (-value if negative else value), len(decimals) - shift


def _rounded(left: v.Value, printed: list[tuple[str, int]], column: int) -> Outcome:
    values = v.entries(left)
    if len(values) != len(printed):
        raise ClaimError(f"'~=' compares {len(values)} value(s) with {len(printed)} printed",
                         column)
    parts = [printed_value(text, col) for text, col in printed]
    try:  # each entry rounded once, exactly (enclosures refined until the rounding is certain)
        exact = [_rounded_at(value, d) for value, (_, d) in zip(values, parts, strict=True)]
    except Undecided as err:
        raise ClaimError(f"cannot decide the rounding exactly: {err}", column) from None
    holds = all(r == p for r, (p, _) in zip(exact, parts, strict=True))
    texts = [_written_like(r, d, text) for r, (_, d), (text, _) in
             zip(exact, parts, printed, strict=True)]
    return Outcome(holds, f"rounds (half away from zero) to {v.shorten(_shaped(left, texts))}",
                   left)


def _rounded_at(value: sp.Expr, decimals: int) -> Fraction:
    """``value`` rounded half away from zero at the last printed digit (1.2e3 has its last digit
    at the hundreds: a negative ``decimals``)."""
    scale = 10 ** max(0, -decimals)
    return round_half_away(value / scale, max(decimals, 0)) * scale


def _written_like(rounded: Fraction, decimals: int, printed: str) -> str:
    """The rounded value written the way the printed figure is (1.2e-3 style with an exponent)."""
    if "e" in printed.lower():
        mantissa, _, exponent = printed.lower().partition("e")
        shift = int(exponent.replace("\u2212", "-"))
        digits = len(mantissa.partition(".")[2])
        return f"{decimal_text(rounded / Fraction(10) ** shift, digits)}e{shift}"
    return decimal_text(rounded, max(decimals, 0))


def _shaped(left: v.Value, texts: list[str]) -> str:
    """The entries in the shape of ``left``: a number, a vector (a, b) or rows ((a, b), (c, d))."""
    if not isinstance(left, sp.MatrixBase):
        return texts[0]
    if left.rows > 1 and left.cols > 1:
        rows = [texts[i * left.cols:(i + 1) * left.cols] for i in range(left.rows)]
        return "(" + ", ".join("(" + ", ".join(row) + ")" for row in rows) + ")"
    return "(" + ", ".join(texts) + ")"


# -- predicates ------------------------------------------------------------------------------------
def _predicate(ev: Evaluator, call: Call) -> Outcome:
    if call.name in LEMMA:
        return decide_lemma(ev, call)
    first = call.args[0]
    if len(call.args) < 2 or not isinstance(first, Name) or first.name not in ("C", "Chat"):
        raise ClaimError(f"use {call.name}(C, point) or {call.name}(Chat, point)", call.column)
    point = ev.point(call.args[1:], call.name, call.column)
    if not v.is_constant(point):
        raise ClaimError(f"{call.name} needs a numeric point, not an expression in w", call.column)
    decision = decide(ev.q, call.name, first.name, point, call.column)
    return Outcome(decision.holds, decision.reason)
