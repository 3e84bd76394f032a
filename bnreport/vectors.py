"""Small exact vector helpers shared by both routes (pure functions, not a route of their own)."""

from __future__ import annotations

import math

import sympy as sp


def dot(u: sp.MatrixBase, v: sp.MatrixBase) -> sp.Expr:
    return sp.Add(*[a * b for a, b in zip(u, v, strict=True)])


def primitive_direction(v: sp.MatrixBase) -> sp.Matrix:
    """The integer vector with coprime entries pointing the same way as the rational vector v."""
    denominators = math.lcm(*[int(sp.fraction(e)[1]) for e in v])
    ints = [int(e * denominators) for e in v]
    g = math.gcd(*ints)
    return sp.Matrix([sp.Integer(i // g) for i in ints])
