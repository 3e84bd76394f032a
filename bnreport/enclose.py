"""Guaranteed enclosures of exact real constants: signs and printed decimals that are certain.

A plain ``evalf`` is not a bound (it can return garbage on deep cancellations), so the constants of
the landscape section (angles such as atan2(…)·180/π, probabilities such as 1/4 + θ/(4π), signs of
algebraic numbers) are evaluated in interval arithmetic (``mpmath.iv``: every operation rounds
outwards) at increasing precision until the decision is certain.  An exact zero (which no interval
can separate from 0) is recognised by its minimal polynomial; anything still open after the last
precision is :class:`Undecided`, which callers must treat as a failure, never as a pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath import iv, libmp

#: Working precisions in bits, tried in turn.
PRECISIONS = (64, 128, 256, 512, 1024, 2048)


class Undecided(ArithmeticError):
    """A sign or rounding could not be decided with a guaranteed bound."""


# -- interval evaluation --------------------------------------------------------------------------
def interval(expr: sp.Expr | int, prec: int) -> iv.mpf:
    """An interval certainly containing the real constant ``expr`` (``prec`` bits per endpoint)."""
    saved = iv.prec
    iv.prec = prec
    try:
        return _eval(sp.sympify(expr) if isinstance(expr, int) else expr)
    finally:
        iv.prec = saved


def _rational(value: sp.Rational) -> iv.mpf:
    return iv.mpf(int(value.p)) / iv.mpf(int(value.q))


def _eval(e: sp.Basic) -> iv.mpf:
    if e.is_Rational:
        return _rational(e)
    if e is sp.pi:
        return iv.pi
    if isinstance(e, sp.Add):
        total = iv.mpf(0)
        for arg in e.args:
            total += _eval(arg)
        return total
    if isinstance(e, sp.Mul):
        product = iv.mpf(1)
        for arg in e.args:
            product *= _eval(arg)
        return product
    if isinstance(e, sp.Pow):
        return _power(e)
    if isinstance(e, sp.Abs):
        return abs(_eval(e.args[0]))
    if isinstance(e, sp.atan):
        return iv.atan2(_eval(e.args[0]), iv.mpf(1))
    if isinstance(e, sp.acos):
        x = _eval(e.args[0])
        return iv.atan2(_sqrt(1 - x**2), x)
    if isinstance(e, sp.atan2):
        return iv.atan2(_eval(e.args[0]), _eval(e.args[1]))
    raise Undecided(f"no enclosure for {e} ({type(e).__name__})")


def _power(e: sp.Pow) -> iv.mpf:
    base, exp = e.args
    if exp.is_Integer:
        value = _eval(base) ** abs(int(exp))
        return 1 / value if exp < 0 else value
    if exp.is_Rational and exp.q == 2:
        root = _sqrt(_eval(base))
        value = root ** abs(int(exp.p))
        return 1 / value if exp < 0 else value
    raise Undecided(f"no enclosure for the power {e}")


def _sqrt(x: iv.mpf) -> iv.mpf:
    low, high = x._mpi_
    if libmp.mpf_lt(high, libmp.fzero):
        raise Undecided("square root of a negative number")
    if libmp.mpf_lt(low, libmp.fzero):  # only rounding went below 0: clip to the real domain
        x = iv.mpf([0, iv.mpf(x.b)])
    return iv.sqrt(x)


def endpoints(x: iv.mpf) -> tuple[Fraction, Fraction]:
    """The exact binary endpoints of an interval, as Fractions."""
    low, high = x._mpi_
    return Fraction(*libmp.to_rational(low)), Fraction(*libmp.to_rational(high))


# -- decisions ------------------------------------------------------------------------------------
def is_exactly_zero(expr: sp.Expr) -> bool:
    """Exact: is the algebraic constant 0 (its minimal polynomial is x)?"""
    expr = sp.expand(expr)
    if expr.is_Rational:
        return expr == 0
    x = sp.Dummy("x")
    try:
        return sp.minimal_polynomial(expr, x) == x
    except (NotImplementedError, ValueError) as err:
        raise Undecided(f"no minimal polynomial for {expr}: {err}") from err


def sign(expr: sp.Expr | int) -> int:
    """The sign of an exact real constant, certain or :class:`Undecided`."""
    if isinstance(expr, int):
        return (expr > 0) - (expr < 0)
    if expr.is_Rational:
        return int(sp.sign(expr))
    if expr.free_symbols:
        raise Undecided(f"{expr} is not a constant")
    zero_tested = False
    for prec in PRECISIONS:
        low, high = endpoints(interval(expr, prec))
        if low > 0:
            return 1
        if high < 0:
            return -1
        if not zero_tested and not expr.has(sp.pi, sp.atan, sp.acos, sp.atan2):
            zero_tested = True
            if is_exactly_zero(expr):
                return 0
    raise Undecided(f"the sign of {expr} is too close to 0 to decide")


def round_half_away(value: Fraction, decimals: int) -> Fraction:
    """``value`` rounded half away from zero to ``decimals`` places (exact)."""
    scaled = abs(value) * 10**decimals
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 10**decimals)


def decimal_text(value: Fraction, decimals: int) -> str:
    """A rounded value with exactly ``decimals`` digits after the point (``-1.2500``)."""
    scaled = value * 10**decimals
    if scaled.denominator != 1:
        raise ValueError(f"{value} has more than {decimals} decimals")
    sign_ = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(decimals + 1, "0")
    return f"{sign_}{digits[:-decimals]}.{digits[-decimals:]}" if decimals else f"{sign_}{digits}"


@dataclass(frozen=True)
class Rounded:
    """An exact value, its certain rounding (half away from zero) and the enclosure proving it."""

    value: sp.Expr
    decimals: int
    rounded: Fraction
    lower: Fraction  # value lies in [lower, upper], and every number there rounds to ``rounded``
    upper: Fraction

    @property
    def text(self) -> str:
        return decimal_text(self.rounded, self.decimals)

    @property
    def error_bound(self) -> Fraction:
        """|value - rounded| is at most this (half a unit, certified by the enclosure)."""
        return max(abs(self.upper - self.rounded), abs(self.rounded - self.lower))


def rounded(value: sp.Expr, decimals: int) -> Rounded:
    """Round an exact constant to ``decimals`` places, refining the enclosure until it is certain.

    Rounding is monotone, so when both endpoints of an enclosure round to the same number every
    value inside does too; the interval is only narrowed, never guessed."""
    if isinstance(value, sp.Basic) and value.is_Rational:
        exact = Fraction(int(value.p), int(value.q))
        return Rounded(value, decimals, round_half_away(exact, decimals), exact, exact)
    for prec in PRECISIONS:
        low, high = endpoints(interval(value, prec))
        r_low, r_high = round_half_away(low, decimals), round_half_away(high, decimals)
        if r_low == r_high:
            return Rounded(value, decimals, r_low, low, high)
    raise Undecided(f"cannot round {value} to {decimals} decimals with certainty")
