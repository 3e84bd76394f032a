"""Exact values of the claim language (scalars, vectors, matrices), their arithmetic and its limits.

The limits keep a hostile claim from running for minutes or eating memory, and they are checked
*before* the expensive step: a power's size is estimated before it is computed, and every result
is measured (digits of its rationals, terms after expansion, degree of its radicals) before it
can reach an exact decision such as a minimal polynomial.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy as sp

from ..exact import Undecided
from ..exact import sign as exact_sign
from .lexer import ClaimError

Value = sp.Expr | sp.MatrixBase

MAX_EXPONENT = 1000
#: Python refuses to print integers over 4300 digits; staying below keeps every value printable.
MAX_DIGITS = 4000
MAX_LITERAL_DIGITS = 1000
#: Estimated number of terms once an expression is fully expanded (the identity check expands).
MAX_TERMS = 5000
#: Bound on the degree of the field the radicals generate: 2^5 (five distinct square roots)
#: still gets a minimal polynomial in well under a second, 2^6 can take minutes.
MAX_ROOT_DEGREE = 32
#: Exponents of expressions in w, or of sums with radicals, must be integers at most this large.
MAX_SYMBOLIC_EXPONENT = 12


def number(text: str, column: int) -> sp.Rational:
    """A literal from its digit string: integers built from the digits, never a float."""
    whole, _, decimals = text.partition(".")
    digits = (whole + decimals).lstrip("0") or "0"
    if len(digits) > MAX_LITERAL_DIGITS:
        raise ClaimError(f"a number with {len(digits)} digits; at most {MAX_LITERAL_DIGITS}", column)
    return sp.Rational(int(digits), 10 ** len(decimals))


def is_vector(value: Value) -> bool:
    return isinstance(value, sp.MatrixBase) and value.cols == 1


def describe(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        return "a matrix" if value.cols > 1 else f"a vector of length {value.rows}"
    return "an expression in w" if value.free_symbols else "a number"


def entries(value: Value) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def is_constant(value: Value) -> bool:
    return not any(e.free_symbols for e in entries(value))


# -- limits ------------------------------------------------------------------------------------
def expansion_terms(expr: sp.Basic) -> int:
    """How many terms ``expand`` could produce (an upper estimate, capped just above the limit)."""
    if expr.is_Atom:
        return 1
    if expr.is_Add:
        return min(MAX_TERMS + 1, sum(expansion_terms(a) for a in expr.args))
    if expr.is_Mul:
        return min(MAX_TERMS + 1, math.prod(expansion_terms(a) for a in expr.args))
    if expr.is_Pow and expr.exp.is_Integer:
        base = expansion_terms(expr.base)
        power = abs(int(expr.exp))
        if base == 1:
            return 1
        return MAX_TERMS + 1 if power * math.log(base) > math.log(MAX_TERMS) else base**power
    # a root or a function: its argument is expanded on its own
    return max((expansion_terms(a) for a in expr.args), default=1)


def root_degree(expr: sp.Basic) -> int:
    """Product over distinct radicands of the root orders: bounds the degree a decision needs."""
    orders: dict[sp.Basic, int] = {}
    for power in expr.atoms(sp.Pow):
        if power.exp.is_Rational and not power.exp.is_Integer:
            orders[power.base] = math.lcm(orders.get(power.base, 1), int(power.exp.q))
    return math.prod(orders.values())


def checked(value: Value, column: int) -> Value:
    """``value`` if it is small enough to decide exactly, else :class:`ClaimError`."""
    for entry in entries(value):
        for rational in entry.atoms(sp.Rational):
            if max(abs(rational.p), rational.q).bit_length() > MAX_DIGITS * 3.33:
                raise ClaimError(f"a number with more than {MAX_DIGITS} digits", column)
        if expansion_terms(entry) > MAX_TERMS:
            raise ClaimError(f"the expression would expand to more than {MAX_TERMS} terms", column)
        if root_degree(entry) > MAX_ROOT_DEGREE:
            raise ClaimError(f"too many different roots to decide exactly (degree bound over "
                             f"{MAX_ROOT_DEGREE})", column)
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
    if not base.is_Rational and (not exponent.is_Integer or abs(exponent) > MAX_SYMBOLIC_EXPONENT):
        raise ClaimError(f"powers of expressions in w or with roots need an integer exponent of "
                         f"at most {MAX_SYMBOLIC_EXPONENT}", column)
    if base.is_Rational and base != 0:
        # Estimated before computing: 9^1000 is fine, (9^1000)^1000 never gets multiplied out.
        digits = max(len(str(abs(base.p))), len(str(base.q))) * abs(exponent)
        if digits > MAX_DIGITS:
            raise ClaimError(f"the power would have about {int(digits)} digits; at most "
                             f"{MAX_DIGITS}", column)
    if exponent < 0:
        nonzero(base, column)
    if base.is_Rational and base < 0 and not exponent.is_Integer:
        raise ClaimError("a fractional power of a negative number is not real", column)
    return checked(sp.Pow(base, exponent), column)


def combine(op: str, left: Value, right: Value, column: int) -> Value:
    """``left op right`` for op in + - * /, with the shapes the language allows."""
    return checked(_OPERATIONS[op](left, right, column), column)


def _add(left: Value, right: Value, column: int) -> Value:
    if isinstance(left, sp.MatrixBase) != isinstance(right, sp.MatrixBase) or (
            isinstance(left, sp.MatrixBase) and left.shape != right.shape):
        raise ClaimError(f"cannot add {describe(left)} and {describe(right)}", column)
    return left + right


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
    """The exact sign of a checked real constant; an undecidable one is a claim error."""
    try:
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
        return "[" + ", ".join("[" + ", ".join(sp.sstr(e) for e in value.row(i)) + "]"
                               for i in range(value.rows)) + "]"
    return sp.sstr(value)


def approx_text(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        parts = [sp.sstr(sp.N(e, 6)) for e in value]
        return "(" + ", ".join(parts) + ")" if value.cols == 1 else "[" + ", ".join(parts) + "]"
    return sp.sstr(sp.N(value, 6))


def _float(entry: sp.Expr) -> float | None:
    try:
        result = float(entry)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def as_float(value: Value) -> float | list[float | None] | list[list[float | None]] | None:
    """The JSON ``lhs``: floats, with None for a value too large for a double."""
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1:
            return [_float(e) for e in value]
        return [[_float(e) for e in value.row(i)] for i in range(value.rows)]
    return _float(value)
