"""Exact linear algebra on Fractions: the certificates the Coq proofs are generated from.

Nothing here is trusted: every factorisation is restated in the Coq file as an identity that `ring`
or `field` must prove, so an error here makes `coqc` reject the file instead of proving something
false.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

Matrix = tuple[tuple[Fraction, ...], ...]
Vector = tuple[Fraction, ...]


@dataclass(frozen=True)
class LDL:
    """wᵀ S w = Σ_k diag[k] · (Σ_j lower[j][k] · w[order[j]])², lower unit lower triangular.

    ``order`` permutes the coordinates so that a semidefinite matrix of rank p − 1 has its zero
    pivot last; for a definite matrix it is the identity."""

    order: tuple[int, ...]
    lower: Matrix
    diag: Vector

    def forms(self) -> tuple[tuple[tuple[int, Fraction], ...], ...]:
        """The linear forms ℓ_k as (coordinate, coefficient) pairs, one tuple per pivot k."""
        p = len(self.diag)
        return tuple(
            tuple((self.order[j], self.lower[j][k]) for j in range(k, p) if self.lower[j][k] != 0)
            for k in range(p))


def as_matrix(rows: Sequence[Sequence[Fraction | int]]) -> Matrix:
    return tuple(tuple(Fraction(v) for v in row) for row in rows)


def ldl(matrix: Matrix, order: Sequence[int] | None = None) -> LDL:
    """LDLᵀ without pivoting search (symmetric ``matrix``; a zero pivot may only come last)."""
    p = len(matrix)
    perm = tuple(order) if order is not None else tuple(range(p))
    s = [[matrix[perm[i]][perm[j]] for j in range(p)] for i in range(p)]
    lower = [[Fraction(int(i == j)) for j in range(p)] for i in range(p)]
    diag = [Fraction(0)] * p
    for k in range(p):
        diag[k] = s[k][k] - sum((lower[k][j] ** 2 * diag[j] for j in range(k)), Fraction(0))
        for i in range(k + 1, p):
            off = s[i][k] - sum((lower[i][j] * lower[k][j] * diag[j] for j in range(k)), Fraction(0))
            lower[i][k] = off / diag[k] if diag[k] != 0 else Fraction(0)
    return LDL(perm, as_matrix(lower), tuple(diag))


def solve(matrix: Matrix, rhs: Vector) -> Vector:
    """The solution of ``matrix · x = rhs`` (Gauss–Jordan, exact; the matrix must be regular)."""
    p = len(rhs)
    rows = [[*matrix[i], rhs[i]] for i in range(p)]
    for col in range(p):
        pivot = next(r for r in range(col, p) if rows[r][col] != 0)
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(p):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col] / rows[col][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col], strict=True)]
    return tuple(rows[i][p] / rows[i][i] for i in range(p))


def inverse(matrix: Matrix) -> Matrix:
    p = len(matrix)
    columns = [solve(matrix, tuple(Fraction(int(i == j)) for i in range(p))) for j in range(p)]
    return tuple(tuple(columns[j][i] for j in range(p)) for i in range(p))


def dot(u: Sequence[Fraction], v: Sequence[Fraction]) -> Fraction:
    return sum((a * b for a, b in zip(u, v, strict=True)), Fraction(0))


def mat_vec(matrix: Matrix, v: Sequence[Fraction]) -> Vector:
    return tuple(dot(row, v) for row in matrix)


def quad(matrix: Matrix, v: Sequence[Fraction]) -> Fraction:
    return dot(v, mat_vec(matrix, v))


def square_free_split(value: Fraction) -> tuple[Fraction, int]:
    """``value = r² · s`` with r ≥ 0 rational and s a square-free positive integer (value ≥ 0).

    For value = 0 this is (0, 1).  Factoring by trial division is fine for the sizes of our data
    (numerator times denominator); a huge radicand only makes the radical look unreduced, which the
    proofs do not mind as long as r² · s = value holds exactly."""
    if value < 0:
        raise ValueError("negative radicand")
    if value == 0:
        return Fraction(0), 1
    whole = value.numerator * value.denominator  # value = whole / den², so √value = √whole / den
    square, free = _square_part(whole)
    return Fraction(square, value.denominator), free


def _square_part(n: int) -> tuple[int, int]:
    """n = a² · b with b square-free (trial division up to a bound, the rest left in b)."""
    a, b = 1, 1
    factor = 2
    limit = 10**6
    while factor * factor <= n and factor <= limit:
        count = 0
        while n % factor == 0:
            n //= factor
            count += 1
        a *= factor ** (count // 2)
        b *= factor ** (count % 2)
        factor += 1 if factor == 2 else 2
    root = math.isqrt(n)
    if root * root == n:
        return a * root, b
    return a, b * n
