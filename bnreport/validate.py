"""Reject learning sets the note cannot be about, with exact Fraction arithmetic (no sympy)."""

from __future__ import annotations

from fractions import Fraction

from .errors import InputError
from .model import Problem

#: Features a note can be about; checked before any row is read, so a CSV of 1,000 columns is one
#: line (exit 2) instead of an algebra that never ends.
MAX_FEATURES = 20


def rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank_ = 0
    for col in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank_, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank_], rows[pivot] = rows[pivot], rows[rank_]
        for r in range(len(rows)):
            if r != rank_ and rows[r][col] != 0:
                factor = rows[r][col] / rows[rank_][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank_], strict=True)]
        rank_ += 1
    return rank_


def validate(problem: Problem, where: str) -> None:
    stats, p, n = problem.stats, problem.p, problem.n
    if n < 2:
        raise InputError(f"{where}: the learning set has {n} row(s); the batch needs N >= 2")
    xtx = [list(row) for row in stats.xtx]
    centred = [[xtx[i][j] - stats.sum_x[i] * stats.sum_x[j] / n for j in range(p)]
               for i in range(p)]
    if all(v == 0 for row in centred for v in row):
        raise InputError(f"{where}: all rows of x are equal, so σ(w) = 0 for every w and BN is "
                         "undefined; use data with varying x")
    if rank(xtx) < p:
        raise InputError(f"{where}: XᵀX is singular, so the minimiser W* of C is not unique; "
                         "use feature columns that are linearly independent")
    if rank(centred) < p:
        raise InputError(f"{where}: a combination of the x columns is constant (e.g. a column of "
                         "ones), so σ(w) = 0 for some w ≠ 0; drop the constant column")
    mean_y = stats.sum_y / n
    if all(stats.xty[i] - stats.sum_x[i] * mean_y == 0 for i in range(p)):
        raise InputError(f"{where}: y is uncorrelated with every feature (Xcᵀy = 0), so the BN "
                         "cost is constant; use other data")
    if problem.gamma == 0:
        raise InputError(f"{where}: bn.gamma = 0 makes the BN cost constant: nothing to check; "
                         "use gamma != 0")
    if problem.w0 is not None:
        if len(problem.w0) != p:
            raise InputError(f"{where}: init.w0 has {len(problem.w0)} numbers but the data has "
                             f"p = {p} features")
        if all(v == 0 for v in problem.w0):
            raise InputError(f"{where}: init.w0 is the zero vector, where σ = 0 and BN is "
                             "undefined; choose another W0")
