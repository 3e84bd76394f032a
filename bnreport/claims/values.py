"""Exact values of the claim language: scalars, vectors, matrices, and their arithmetic limits."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from .lexer import ClaimError

#: Bounds that keep a hostile claim (9^9^9^9, (w1+w2)^999) from running for minutes.
MAX_EXPONENT = 1000
MAX_SYMBOLIC_EXPONENT = 12
MAX_DIGITS = 20_000

Value = sp.Expr | sp.MatrixBase


def number(text: str, column: int) -> sp.Rational:
    value = Fraction(text)
    return sp.Rational(value.numerator, value.denominator)


def is_vector(value: Value) -> bool:
    return isinstance(value, sp.MatrixBase) and value.cols == 1


def describe(value: Value) -> str:
    if isinstance(value, sp.MatrixBase):
        return "a matrix" if value.cols > 1 else f"a vector of length {value.rows}"
    return "a number"


def entries(value: Value) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


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


def as_float(value: Value) -> float | list[float] | list[list[float]]:
    if isinstance(value, sp.MatrixBase):
        if value.cols == 1:
            return [float(e) for e in value]
        return [[float(e) for e in value.row(i)] for i in range(value.rows)]
    return float(value)


def check_defined(value: Value, what: str, column: int) -> Value:
    for entry in entries(value):
        if entry.has(sp.zoo, sp.nan, sp.oo, -sp.oo):
            raise ClaimError(f"{what} is undefined there (division by zero, e.g. σ = 0)", column)
        if not entry.free_symbols and entry.is_real is False:
            raise ClaimError(f"{what} is not a real number", column)
    return value


def power(base: Value, exponent: Value, column: int) -> sp.Expr:
    if isinstance(base, sp.MatrixBase) or isinstance(exponent, sp.MatrixBase):
        raise ClaimError("'^' works on numbers, not vectors or matrices", column)
    if exponent.free_symbols or not exponent.is_Rational:
        raise ClaimError("the exponent must be a rational number", column)
    if abs(exponent) > MAX_EXPONENT:
        raise ClaimError(f"the exponent {exponent} is larger than {MAX_EXPONENT}", column)
    if base.free_symbols and (not exponent.is_Integer or abs(exponent) > MAX_SYMBOLIC_EXPONENT):
        raise ClaimError(f"powers of expressions in w are limited to integers up to "
                         f"{MAX_SYMBOLIC_EXPONENT}", column)
    if base.is_Rational and base != 0:
        digits = max(len(str(abs(base.p))), len(str(base.q))) * abs(exponent)
        if digits > MAX_DIGITS:
            raise ClaimError(f"the power would have about {int(digits)} digits", column)
    if base == 0 and exponent < 0:
        raise ClaimError("division by zero", column)
    return sp.Pow(base, exponent)


def add(left: Value, right: Value, sign: int, column: int) -> Value:
    if is_vector(left) != is_vector(right) or (
            isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase)
            and left.shape != right.shape):
        raise ClaimError(f"cannot add {describe(left)} and {describe(right)}", column)
    return left + sign * right


def multiply(left: Value, right: Value, column: int) -> Value:
    if isinstance(left, sp.MatrixBase) and isinstance(right, sp.MatrixBase):
        raise ClaimError("cannot multiply two vectors or matrices with '*'; use dot(u, v)", column)
    return left * right


def divide(left: Value, right: Value, column: int) -> Value:
    if isinstance(right, sp.MatrixBase):
        raise ClaimError("cannot divide by a vector or matrix", column)
    if not right.free_symbols and right == 0:
        raise ClaimError("division by zero", column)
    return left / right
