"""Exact values of the claim language (scalars, vectors, matrices), their arithmetic and its limits.

The limits keep a hostile claim from eating memory before the time budget can stop it: the size of
a number is estimated before it is computed (9^1000 is fine, (9^1000)^1000 is never multiplied
out), and a decision that needs an exact zero test (a minimal polynomial) is refused when the
radicals involved generate too large a field.  Everything else is bounded by the per-claim budget
of :mod:`.budget`, not by guesses about sizes.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from decimal import Decimal, localcontext

import sympy as sp

from ..exact import Undecided, enclosure_sign, surd_zero
from ..exact import approx as exact_approx
from ..exact import sign as exact_sign
from .lexer import ClaimError

Value = sp.Expr | sp.MatrixBase

MAX_EXPONENT = 1000
#: Python refuses to print integers over 4300 digits; staying below keeps every value printable.
MAX_DIGITS = 4000
MAX_LITERAL_DIGITS = 1000
#: Bound on the degree of the field the radicals generate, for exact zero tests only (a nonzero
#: value is decided by enclosures whatever its radicals): 2^5 still gets a minimal polynomial in
#: well under a second, 2^6 can take minutes.
MAX_ROOT_DEGREE = 32
#: Root orders beyond this (other than powers of two: nested square roots) are refused.
MAX_ROOT_ORDER = 1000


def number(text: str, column: int) -> sp.Rational:
    """A literal from its digit string (``2.5``, ``1e-3``): integers from the digits, no float."""
    text = text.replace("\u2212", "-")
    mantissa, _, exponent = text.lower().partition("e")
    whole, _, decimals = mantissa.partition(".")
    digits = (whole + decimals).lstrip("0") or "0"
    if len(digits) > MAX_LITERAL_DIGITS:
        raise ClaimError(f"a number with {len(digits)} digits; at most {MAX_LITERAL_DIGITS}", column)
    shift = int(exponent) if exponent else 0
    if abs(shift) > MAX_LITERAL_DIGITS:
        raise ClaimError(f"the exponent of {text} is over {MAX_LITERAL_DIGITS}", column)
    return sp.Rational(int(digits), 10 ** len(decimals)) * sp.Rational(10) ** shift


def is_vector(value: Value) -> bool:
    return isinstance(value, sp.MatrixBase) and value.cols == 1


def is_matrix(value: Value) -> bool:
    return isinstance(value, sp.MatrixBase)


def describe(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        return (f"a {value.rows}x{value.cols} matrix" if value.cols > 1
                else f"a vector of length {value.rows}")
    return "an expression in w" if value.free_symbols else "a number"


def entries(value: Value) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def is_constant(value: Value) -> bool:
    return not any(e.free_symbols for e in entries(value))


def same_shape(left: Value, right: Value) -> tuple[Value, Value] | None:
    """Both values with one shape, or None.  A number and a 1-vector count as the same (p = 1),
    and the number 0 stands for a zero vector or matrix (∇Ĉ(W*) ≠ 0)."""
    if is_matrix(left) and not is_matrix(right) and right == 0:
        right = sp.zeros(*left.shape)
    elif is_matrix(right) and not is_matrix(left) and left == 0:
        left = sp.zeros(*right.shape)
    if is_matrix(left) and not is_matrix(right) and left.shape == (1, 1):
        right = sp.Matrix([right])
    elif is_matrix(right) and not is_matrix(left) and right.shape == (1, 1):
        left = sp.Matrix([left])
    if is_matrix(left) != is_matrix(right) or (is_matrix(left) and left.shape != right.shape):
        return None
    return left, right


# -- limits ------------------------------------------------------------------------------------
def root_degree(expr: sp.Basic) -> int:
    """Product over distinct radicands of the root orders: bounds the degree a zero test needs."""
    orders: dict[sp.Basic, int] = {}
    for power in expr.atoms(sp.Pow):
        if power.exp.is_Rational and not power.exp.is_Integer:
            orders[power.base] = math.lcm(orders.get(power.base, 1), int(power.exp.q))
    return math.prod(orders.values())


def checked(value: Value, column: int) -> Value:
    """``value`` if it is small enough to work with exactly, else :class:`ClaimError`."""
    for entry in entries(value):
        for rational in entry.atoms(sp.Rational):
            if max(abs(rational.p), rational.q).bit_length() > MAX_DIGITS * 3.33:
                raise ClaimError(f"a number with more than {MAX_DIGITS} digits", column)
        for power in entry.atoms(sp.Pow):
            q = int(power.exp.q) if power.exp.is_Rational else 1
            if q > MAX_ROOT_ORDER and q & (q - 1):
                raise ClaimError(f"a root of order {q}; at most {MAX_ROOT_ORDER} (or nested "
                                 "square roots)", column)
        if entry.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise ClaimError("division by zero", column)
        if not entry.free_symbols and entry.has(sp.I):
            raise ClaimError("not a real number (root of a negative number)", column)
    return value


# -- arithmetic ----------------------------------------------------------------------------------
def power(base: Value, exponent: Value, column: int) -> sp.Expr:
    if isinstance(base, sp.MatrixBase) or isinstance(exponent, sp.MatrixBase):
        raise ClaimError("'^' works on numbers, not on vectors or matrices", column)
    if not exponent.is_Rational:
        raise ClaimError("the exponent must be a rational number such as 2, -1 or 1/2", column)
    if abs(exponent) > MAX_EXPONENT:
        raise ClaimError(f"the exponent {_short(exponent)} is larger than {MAX_EXPONENT}", column)
    if base.is_Rational and base != 0:
        # Estimated before computing: 9^1000 is fine, (9^1000)^1000 never gets multiplied out.
        digits = max(len(str(abs(base.p))), len(str(base.q))) * abs(exponent)
        if digits > MAX_DIGITS:
            raise ClaimError(f"the power would have about {int(digits)} digits; at most "
                             f"{MAX_DIGITS}", column)
    if exponent < 0:
        nonzero(base, column)
    if base.is_Rational and base < 0 and not exponent.is_Integer:
        raise ClaimError("fractional powers are defined here for numbers >= 0 only (write "
                         "-(8^(1/3)) for the real cube root of -8)", column)
    return checked(sp.Pow(base, exponent), column)


def combine(op: str, left: Value, right: Value, column: int) -> Value:
    """``left op right`` for op in + - * /, with the shapes the language allows."""
    return checked(_OPERATIONS[op](left, right, column), column)


def _add(left: Value, right: Value, column: int) -> Value:
    shaped = same_shape(left, right)
    if shaped is None:
        raise ClaimError(f"cannot add {describe(left)} and {describe(right)}", column)
    return shaped[0] + shaped[1]


def _subtract(left: Value, right: Value, column: int) -> Value:
    return _add(left, -right, column)


def _multiply(left: Value, right: Value, column: int) -> Value:
    if isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase):
        raise ClaimError("cannot multiply two vectors or matrices with '*'; use dot(u, v)", column)
    return left * right


def _divide(left: Value, right: Value, column: int) -> Value:
    if isinstance(right, sp.MatrixBase):
        raise ClaimError("cannot divide by a vector or a matrix", column)
    return left / nonzero(right, column)


def nonzero(value: sp.Expr, column: int) -> sp.Expr:
    """``value`` unless it is the constant 0, also when written so that sympy does not see it."""
    if value == 0:
        raise ClaimError("division by zero", column)
    if not value.free_symbols and not value.is_Rational and sign(value, column) == 0:
        raise ClaimError("division by zero (the divisor is exactly 0)", column)
    return value


def sign(value: sp.Expr, column: int) -> int:
    """The exact sign of a checked real constant; an undecidable one is a claim error.

    Enclosures first: they decide every nonzero value, however many radicals it has.  Only a value
    that may be exactly 0 reaches the zero test, and only when its field is small enough."""
    try:
        decided = enclosure_sign(value)
        if decided is not None:
            return decided
        if surd_zero(value):
            return 0
        if root_degree(value) > MAX_ROOT_DEGREE:
            raise ClaimError(f"cannot decide whether {_short(value)} is exactly 0: too many "
                             f"different roots (field degree over {MAX_ROOT_DEGREE})", column)
        return exact_sign(value)
    except Undecided as err:
        raise ClaimError(f"cannot decide exactly: {err}", column) from None


_OPERATIONS: dict[str, Callable[[Value, Value, int], Value]] = {
    "+": _add, "-": _subtract, "*": _multiply, "/": _divide,
}


# -- text and floats -------------------------------------------------------------------------------
def _short(value: sp.Expr) -> str:
    return shorten(sp.sstr(value), 40)


def shorten(text: str, limit: int = 200) -> str:
    """One readable line: the middle of a very long number or expression is elided."""
    if len(text) <= limit:
        return text
    keep = (limit - 3) // 2
    return f"{text[:keep]}...{text[-keep:]}"


def exact_text(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1:
            return "(" + ", ".join(sp.sstr(e) for e in value) + ")"
        return "(" + ", ".join("(" + ", ".join(sp.sstr(e) for e in value.row(i)) + ")"
                               for i in range(value.rows)) + ")"
    return sp.sstr(value)


def approx(entry: sp.Expr) -> Decimal:
    """A decimal within 10^-12 (relative) of a real constant, from a rigorous enclosure: a plain
    ``evalf`` is no bound and returns garbage on deep cancellations."""
    try:
        value = exact_approx(entry, 12)
    except Undecided as err:
        raise ClaimError(f"cannot approximate: {err}") from None
    with localcontext() as context:
        context.prec = 40
        return Decimal(value.numerator) / Decimal(value.denominator)


def decimal_text(entry: sp.Expr) -> str:
    """Six significant digits: ``-1.41421``, ``12.3457``, ``1.74787e+954``."""
    return format(approx(entry), ".6g")


def approx_text(value: Value) -> str:
    parts = [decimal_text(e) for e in entries(value)]
    if isinstance(value, sp.MatrixBase) and value.cols > 1:
        rows = [parts[i * value.cols:(i + 1) * value.cols] for i in range(value.rows)]
        return "((" + "), (".join(", ".join(r) for r in rows) + "))"
    return "(" + ", ".join(parts) + ")" if isinstance(value, sp.MatrixBase) else parts[0]


Number = float | str


def _json_number(entry: sp.Expr) -> Number:
    """A float when a double holds the value faithfully enough, else its decimal text (strict
    JSON has no Infinity or NaN, and 10^-400 is not 0)."""
    decimal = approx(entry)
    if decimal == 0 or Decimal("1e-300") < abs(decimal) < Decimal("1e300"):
        return float(decimal)
    return format(decimal, ".17g")


def as_json(value: Value) -> Number | list[Number] | list[list[Number]]:
    """The JSON ``lhs``: floats, or decimal strings for values beyond the range of a double."""
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1:
            return [_json_number(e) for e in value]
        return [[_json_number(e) for e in value.row(i)] for i in range(value.rows)]
    return _json_number(value)
