"""An independent checker for :class:`landscape_statements.Statement` (tests only).

It shares no code with bnreport's own decisions (``bnreport.enclose``, ``bnreport.check``): each
statement is verified twice, by exact algebra (expansion, minimal polynomials, ``expand_trig``) and
by an mpmath evaluation at 100 digits of ``lambdify``-ed expressions (exactly at rational points
where no radical or transcendental remains).  Anything undecided raises, like a failure.
"""

from __future__ import annotations

import random
import zlib

import mpmath
import sympy as sp
from landscape_statements import Statement

DIGITS = 100
TINY = mpmath.mpf(10) ** -80  # a nonzero value must clear this at 100 digits
POINTS = 4


class StatementFailed(AssertionError):
    pass


def _entries(value: sp.Basic) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _numeric(expr: sp.Expr, point: dict[sp.Symbol, sp.Rational] | None = None) -> mpmath.mpf:
    """Evaluate with mpmath at 100 digits through lambdify (not sympy's evalf)."""
    point = point or {}
    symbols = sorted(expr.free_symbols, key=str)
    with mpmath.workdps(DIGITS):
        fn = sp.lambdify(symbols, expr, modules="mpmath")
        args = [mpmath.mpf(int(point[s].p)) / int(point[s].q) for s in symbols]
        value = fn(*args)
        return mpmath.mpf(value) if not isinstance(value, mpmath.mpc) else value


def _close(a: sp.Expr, b: sp.Expr, point: dict | None = None) -> bool:
    """|a − b| ≤ 10⁻⁸⁰·max(1, |a|, |b|) at 100 digits (relative: the sides may be huge)."""
    x, y = _numeric(sp.sympify(a), point), _numeric(sp.sympify(b), point)
    return abs(x - y) <= TINY * max(1, abs(x), abs(y))


def _exact_zero(expr: sp.Expr) -> bool:
    expr = sp.expand(expr)
    if expr.is_Rational:
        return expr == 0
    x = sp.Dummy("x")
    return sp.minimal_polynomial(expr, x) == x


def _constant_sign(a: sp.Expr, b: sp.Expr = sp.S.Zero) -> int:
    """Sign of a − b: exact for algebraic numbers (minimal polynomial), then at 100 digits with a
    relative margin of 10⁻⁸⁰ (transcendental values such as π, atan, acos get only the latter)."""
    expr = sp.sympify(a - b)
    if expr.is_Rational:
        return int(sp.sign(expr))
    transcendental = expr.has(sp.pi, sp.atan, sp.acos, sp.atan2)
    if not transcendental and _exact_zero(expr):
        return 0
    x, y = _numeric(sp.sympify(a)), _numeric(sp.sympify(b))
    if any(isinstance(v, mpmath.mpc) and abs(v.imag) > TINY for v in (x, y)):
        raise StatementFailed(f"{expr} is not real")
    x, y = mpmath.re(x), mpmath.re(y)
    if abs(x - y) <= TINY * max(1, abs(x), abs(y)):
        raise StatementFailed(f"cannot decide the sign of {expr}")
    return 1 if x > y else -1


def _symbolic_zero(diff: sp.Expr, variables: tuple[sp.Symbol, ...]) -> bool:
    diff = sp.expand(sp.expand_trig(diff))
    if diff.has(sp.sin, sp.cos):
        diff = sp.expand(sp.trigsimp(diff))
    numerator = sp.expand(sp.numer(sp.together(diff)))
    if numerator == 0:
        return True
    poly = sp.Poly(numerator, *[v for v in variables if numerator.has(v)]) if numerator.free_symbols \
        else None
    coefficients = poly.coeffs() if poly is not None else [numerator]
    return all(not c.free_symbols and _exact_zero(c) for c in coefficients)


def _points(statement: Statement):
    rng = random.Random(zlib.crc32(statement.id.encode()))
    for _ in range(POINTS):
        yield {v: sp.Rational(rng.randint(1 if v.is_positive else -15, 15), rng.randint(1, 9))
               for v in statement.variables}


RELATIONS = {"==": lambda s: s == 0, ">": lambda s: s > 0, "<": lambda s: s < 0,
             ">=": lambda s: s >= 0, "<=": lambda s: s <= 0, "!=": lambda s: s != 0}


def verify(statement: Statement) -> None:
    """Raise :class:`StatementFailed` unless the statement holds (decided twice)."""
    lhs, rhs = _entries(statement.lhs), _entries(statement.rhs)
    kind = statement.kind
    if kind in ("identity", "equal", "sign") and len(lhs) != len(rhs):
        raise StatementFailed(f"{statement.id}: sides of different sizes")
    if kind == "identity":
        if not statement.variables:
            raise StatementFailed(f"{statement.id}: an identity needs variables")
        for point in _points(statement):
            for a, b in zip(lhs, rhs, strict=True):
                diff = (a - b).xreplace(point)
                if diff.is_Rational:
                    if diff != 0:
                        raise StatementFailed(f"{statement.id}: differs by {diff} at {point}")
                elif not _close(a, b, point):
                    raise StatementFailed(f"{statement.id}: differs numerically at {point}")
        for a, b in zip(lhs, rhs, strict=True):
            if not _symbolic_zero(a - b, statement.variables):
                raise StatementFailed(f"{statement.id}: the difference does not reduce to 0")
    elif kind == "equal":
        for a, b in zip(lhs, rhs, strict=True):
            diff = sp.sympify(a - b)
            if diff.free_symbols:
                raise StatementFailed(f"{statement.id}: not a constant")
            if not diff.is_Rational and not _close(a, b):
                raise StatementFailed(f"{statement.id}: differs numerically")
            if not _exact_zero(diff):
                raise StatementFailed(f"{statement.id}: the difference is not exactly 0")
    elif kind == "sign":
        for a, b in zip(lhs, rhs, strict=True):
            if not RELATIONS[statement.rel](_constant_sign(a, b)):
                raise StatementFailed(f"{statement.id}: {a} {statement.rel} {b} is false")
    elif kind == "definite":
        if statement.rel != ">":
            raise StatementFailed(f"{statement.id}: only positive definiteness is stated")
        matrix = sp.Matrix(statement.lhs) - sp.Matrix(statement.rhs)
        if not all(_exact_zero(e) for e in matrix - matrix.T):
            raise StatementFailed(f"{statement.id}: not symmetric")
        for size in range(1, matrix.rows + 1):
            if _constant_sign(matrix[:size, :size].det()) <= 0:
                raise StatementFailed(f"{statement.id}: leading minor {size} is not positive")
    else:
        raise StatementFailed(f"{statement.id}: unknown kind {kind!r}")
