"""Identities in w: TRUE only from an exact decision, FALSE only with a checked counter-point.

A claim that mentions ``w`` says "lhs = rhs for every w where both sides are defined".  It is
decided by :func:`bnreport.radicals.compare_cells`: on every *sign cell* (the signs of the
irreducible polynomials under roots and bars fixed) both sides get a canonical form over
ℚ(w)[√|f₁|, …], where equality is decided, not guessed.  The square roots the claim itself takes
(``sqrt(w1)``, ``(w1 + w2)^(3/2)``) are compared as well, on both sides: a cell where one of them is
not real is outside the domain even when sympy has simplified it away (``sqrt(w1)^2`` is ``w1``).

* every cell where both sides are defined agrees → TRUE (and a few random points must agree too);
* no cell has both sides defined → ERROR: the domain is empty (or lower-dimensional);
* a cell disagrees → a rational point *in that cell* where the claim, evaluated pointwise as plain
  numbers (every square root checked), has two different values → FALSE with that counter-point;
  none found → ERROR "undecided";
* the engine cannot represent the claim (nested roots, cube roots, too many factors) → random
  points only: a counter-point still proves FALSE, agreement is an ERROR "undecided", never TRUE.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from fractions import Fraction
from typing import TYPE_CHECKING

import flint
import sympy as sp
from flint.utils.flint_exceptions import DomainError

from ..exact import Undecided
from ..radicals import Cell, Space, cell_description, compare_cells
from . import values as v
from .lexer import ClaimError
from .parser import Claim

if TYPE_CHECKING:
    from .evaluate import Evaluator
    from .relations import Outcome

#: Random rational points tried in a cell that disagrees, and in the fallback without the engine.
TRIES = 300
#: Points where both sides are defined at which a TRUE identity is cross-checked pointwise.
CROSS_CHECKS = 3
#: Agreeing points the fallback reports before giving up.
FALLBACK_POINTS = 12
#: Regions listed in a message.
MAX_REGIONS = 3

Point = tuple[Fraction, ...]


def decide_identity(ev: Evaluator, claim: Claim, text: str) -> Outcome:
    from .relations import Outcome

    assert claim.right is not None
    left, right = ev.value(claim.left), ev.value(claim.right)
    shaped = v.same_shape(left, right)
    if shaped is None:
        raise ClaimError(f"cannot compare {v.describe(left)} with {v.describe(right)}",
                         claim.column)
    lhs, rhs = (v.entries(side) for side in shaped)
    domain = [sp.sqrt(c) for c in dict.fromkeys(ev.conditions)]
    equal_wanted = claim.relation == "=="
    # Seeded by the claim: the same claim always meets the same points (reproducible verdicts).
    rng = random.Random(zlib.crc32(text.encode()))
    try:
        space, outcomes = compare_cells([*lhs, *domain], [*rhs, *domain], ev.q.w)
    except (Undecided, ArithmeticError, ValueError, NotImplementedError, DomainError) as err:
        if all(a == b for a, b in zip(lhs, rhs, strict=True)):
            # the same expression tree on both sides: the same function (sympy's == is
            # structural, never numeric), on a domain that must not be empty
            _somewhere_defined(ev, claim, rng)
            return Outcome(equal_wanted, "identity in w: both sides are the same expression")
        found = _points_only(ev, claim, rng, _reason(err))
        return Outcome(not equal_wanted, found)
    defined = [(cell, equal) for cell, equal in outcomes if equal is not None]
    if not defined:
        raise ClaimError("the two sides are defined together on no open set of w (the domain "
                         "is empty or lower-dimensional): nothing to decide", claim.column)
    for cell, equal in defined:
        if not equal:
            where = cell_description(space, cell)
            point = _counter_point(ev, claim, rng, lambda p, c=cell: _in_cell(space, c, p))
            if point is None:
                raise ClaimError(f"undecided: the two sides are different functions where {where},"
                                 " but no rational point was found there (the region may be "
                                 "empty) where both are defined and differ", claim.column)
            return Outcome(not equal_wanted, _counter_text(ev, claim, point))
    _cross_check(ev, claim, rng)
    return Outcome(equal_wanted, _true_text(space, outcomes))


def _reason(err: Exception) -> str:
    text = " ".join(str(err).split())[:160]
    return text or type(err).__name__


# -- points ----------------------------------------------------------------------------------------
def _random_points(rng: random.Random, p: int, tries: int = TRIES) -> Iterator[Point]:
    for n in range(tries):
        top = 12 if n < tries // 2 else 200
        yield tuple(Fraction(rng.randint(-top, top), rng.randint(1, 7)) for _ in range(p))


def _in_cell(space: Space, cell: Cell, point: Point) -> bool:
    values = [flint.fmpq(c.numerator, c.denominator) for c in point]
    for key, wanted in cell.signs.items():
        value = space.factors[key](*values)
        if (value > 0 and wanted < 0) or (value < 0 and wanted > 0) or value == 0:
            return False
    return True


def pointwise(ev: Evaluator, claim: Claim, point: Point) -> tuple[v.Value, v.Value] | None:
    """Both sides as plain numbers at ``point``, or None where a side is not defined there."""
    assert claim.right is not None
    at = ev.at([sp.Rational(c.numerator, c.denominator) for c in point])
    try:
        return v.same_shape(at.value(claim.left), at.value(claim.right))
    except ClaimError:
        return None


def _differs(values: tuple[v.Value, v.Value], column: int) -> bool:
    pairs = zip(v.entries(values[0]), v.entries(values[1]), strict=True)
    return any(v.sign(a - b, column) != 0 for a, b in pairs)


def _counter_point(ev: Evaluator, claim: Claim, rng: random.Random, inside) -> Point | None:
    for point in _random_points(rng, ev.q.p):
        if not inside(point):
            continue
        values = pointwise(ev, claim, point)
        if values is not None and _differs(values, claim.column):
            return point
    return None


def _points_only(ev: Evaluator, claim: Claim, rng: random.Random, reason: str) -> str:
    """Without the exact engine: a counter-point (returned as the reason of FALSE), or an error."""
    agree = 0
    for point in _random_points(rng, ev.q.p, tries=FALLBACK_POINTS * 5):
        values = pointwise(ev, claim, point)
        if values is None:
            continue
        if _differs(values, claim.column):
            return _counter_text(ev, claim, point)
        agree += 1
        if agree == FALLBACK_POINTS:
            break
    raise ClaimError(f"undecided: no exact decision ({reason}); the two sides agree at {agree} "
                     "random points where both are defined, which proves nothing", claim.column)


def _somewhere_defined(ev: Evaluator, claim: Claim, rng: random.Random) -> None:
    for point in _random_points(rng, ev.q.p):
        if pointwise(ev, claim, point) is not None:
            return
    raise ClaimError("no point was found where both sides are defined: nothing to decide",
                     claim.column)


def _cross_check(ev: Evaluator, claim: Claim, rng: random.Random) -> None:
    """An exact TRUE must also survive a few points evaluated the plain way (a second route)."""
    checked = 0
    for point in _random_points(rng, ev.q.p, tries=10 * CROSS_CHECKS):
        values = pointwise(ev, claim, point)
        if values is None:
            continue
        if _differs(values, claim.column):
            raise ClaimError(f"internal inconsistency: the exact decision says identity, but the "
                             f"sides differ at {_coords(ev, point)}; please report this claim",
                             claim.column)
        checked += 1
        if checked == CROSS_CHECKS:
            return


# -- messages ----------------------------------------------------------------------------------------
def _coords(ev: Evaluator, point: Point) -> str:
    names = ", ".join(str(s) for s in ev.q.w)
    coords = ", ".join(str(c) for c in point)
    return f"({names}) = ({coords})" if len(point) > 1 else f"{names} = {coords}"


def _side_text(value: v.Value) -> str:
    exact, approx = v.shorten(v.exact_text(value), 80), v.approx_text(value)
    return exact if exact == approx else f"{exact} ≈ {approx}"


def _counter_text(ev: Evaluator, claim: Claim, point: Point) -> str:
    values = pointwise(ev, claim, point)
    assert values is not None
    return (f"not an identity in w: at {_coords(ev, point)} both sides are defined, the left side "
            f"is {_side_text(values[0])} but the right side is {_side_text(values[1])}")


def _true_text(space: Space, outcomes: list) -> str:
    text = ("identity in w: both sides have the same exact canonical form (over Q(w) with their "
            "square roots) on every region where both are defined")
    if all(equal is not None for _, equal in outcomes):
        return text
    regions = [cell_description(space, cell) for cell, equal in outcomes if equal is not None]
    shown = "; ".join(regions[:MAX_REGIONS]) + ("; ..." if len(regions) > MAX_REGIONS else "")
    return f"{text} ({shown}); elsewhere a side is not defined"
