"""The learning set and BN constants as exact data (stage 1 of the pipeline).

Nothing here imports sympy: loading and hashing the inputs must stay cheap so that a warm re-run
can decide it has nothing to do before paying for the algebra.  Everything past one pass over the
rows works on the sufficient statistics in :class:`Stats`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import InputError
from .numbers import MAX_BITS, MAX_DIGITS

Vector = tuple[Fraction, ...]

#: Rows are kept (for displaying z, the three-term form of Ĉ, …) only for learning sets this small.
ROW_DISPLAY_LIMIT = 8


@dataclass(frozen=True)
class Stats:
    """Sufficient statistics of a learning set: every quantity of the note depends only on these."""

    n: int
    sum_x: Vector
    xtx: tuple[Vector, ...]
    xty: Vector
    sum_y: Fraction
    sum_yy: Fraction

    @property
    def p(self) -> int:
        return len(self.sum_x)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Sequence[Fraction], Fraction]]) -> Stats:
        """One pass over ``(x, y)`` rows with exact arithmetic."""
        n = 0
        sum_x: list[Fraction] = []
        xtx: list[list[Fraction]] = []
        xty: list[Fraction] = []
        sum_y = Fraction(0)
        sum_yy = Fraction(0)
        for x, y in rows:
            if n == 0:
                p = len(x)
                sum_x = [Fraction(0)] * p
                xtx = [[Fraction(0)] * p for _ in range(p)]
                xty = [Fraction(0)] * p
            n += 1
            for i, xi in enumerate(x):
                sum_x[i] += xi
                xty[i] += xi * y
                row = xtx[i]
                for j in range(i, len(x)):
                    row[j] += xi * x[j]
            sum_y += y
            sum_yy += y * y
        for i in range(len(sum_x)):
            for j in range(i):
                xtx[i][j] = xtx[j][i]
        return cls(n, tuple(sum_x), tuple(tuple(r) for r in xtx), tuple(xty), sum_y, sum_yy)


class TooManyDenominators(ValueError):
    """The common denominator of the data would make every sum a number of 1000+ digits."""

    def __str__(self) -> str:
        return (f"the fractions have too many different denominators (their common denominator "
                f"has more than {MAX_DIGITS} digits); round the data to decimals")


class Sums:
    """Builds :class:`Stats` from whole columns x1..xp, y in integer arithmetic.

    Values are integers in units of 1/scale (sums of products in 1/scale²); a block with another
    scale moves everything to the lcm of both.  C-level ``sum``/``map`` over int lists is what makes
    200,000 rows cheap; Fractions appear only in :meth:`stats`.  (:meth:`Stats.from_rows` is the
    plain Fraction version, kept as the independent reference.)"""

    def __init__(self, p: int) -> None:
        self.p, self.n, self.scale = p, 0, 1
        self.sum_x = [0] * p
        self.xtx = [[0] * p for _ in range(p)]  # upper triangle only
        self.xty = [0] * p
        self.sum_y = self.sum_yy = 0

    def add(self, scale: int, columns: Sequence[list[int]]) -> None:
        """Add rows given as p + 1 equally long columns of integers in units of 1/scale."""
        common = math.lcm(self.scale, scale)
        if common.bit_length() > MAX_BITS:
            raise TooManyDenominators
        if common != self.scale:
            self._rescale(common // self.scale)
        if common != scale:
            factor = common // scale
            columns = [[v * factor for v in col] for col in columns]
        *xs, y = columns
        for i, xi in enumerate(xs):
            self.sum_x[i] += sum(xi)
            self.xty[i] += sum(map(operator.mul, xi, y))
            for j in range(i, self.p):
                self.xtx[i][j] += sum(map(operator.mul, xi, xs[j]))
        self.sum_y += sum(y)
        self.sum_yy += sum(map(operator.mul, y, y))
        self.n += len(y)

    def add_ratios(self, columns: Sequence[Sequence[tuple[int, int]]]) -> None:
        """Add columns of exact (numerator, denominator) pairs, denominators > 0."""
        scale = math.lcm(*(d for col in columns for _, d in col))
        self.add(scale, [[num * (scale // den) for num, den in col] for col in columns])

    def _rescale(self, factor: int) -> None:
        square = factor * factor
        self.sum_x = [v * factor for v in self.sum_x]
        self.xtx = [[v * square for v in row] for row in self.xtx]
        self.xty = [v * square for v in self.xty]
        self.sum_y *= factor
        self.sum_yy *= square
        self.scale *= factor

    def stats(self) -> Stats:
        one, two, p = self.scale, self.scale * self.scale, self.p
        xtx = tuple(tuple(Fraction(self.xtx[min(i, j)][max(i, j)], two) for j in range(p))
                    for i in range(p))
        return Stats(self.n, tuple(Fraction(v, one) for v in self.sum_x), xtx,
                     tuple(Fraction(v, two) for v in self.xty),
                     Fraction(self.sum_y, one), Fraction(self.sum_yy, two))


@dataclass(frozen=True)
class Quoted:
    """Figures as printed in the paper, kept as their decimal text so the rounding can be checked."""

    grad_chat_wstar: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    """Everything the derivation needs: data (as statistics), BN constants, initial weights, labels."""

    stats: Stats
    rows: tuple[tuple[Vector, Fraction], ...] | None = None
    gamma: Fraction = Fraction(1)
    beta: Fraction = Fraction(0)
    w0: Vector | None = None  # None: initialise at W*, as in Example 3.2
    title: str = ""
    author: str = ""
    date: str = ""  # ISO date printed in the note, "" for none (bnreport.reproducible)
    quoted: Quoted = field(default_factory=Quoted)
    source: str = ""
    digest: str = ""
    csv: str | None = None  # data.csv as written in the TOML file (the warm path re-hashes it)

    @property
    def n(self) -> int:
        return self.stats.n

    @property
    def p(self) -> int:
        return self.stats.p


def problem_from_rows(
    rows: Sequence[tuple[Vector, Fraction]], **kwargs: object
) -> Problem:
    """Build a :class:`Problem` from in-memory rows (tests and the TOML ``x``/``y`` form)."""
    stats = Stats.from_rows(rows)
    kept = tuple(rows) if len(rows) <= ROW_DISPLAY_LIMIT else None
    return Problem(stats=stats, rows=kept, **kwargs)  # type: ignore[arg-type]


def require_wstar(problem: Problem) -> None:
    """W* = (XᵀX)⁻¹Xᵀy is 0 exactly when Xᵀy = 0 (XᵀX is invertible, see validate): then the note
    has nothing to say.  Decided on the statistics, before any algebra or output."""
    if not any(problem.stats.xty):
        raise InputError("W* = 0 (Xᵀy = 0): σ(W*) = 0, so the BN cost is undefined at the minimiser "
                         "of the plain cost and the lemma's bound divides by ‖W*‖² = 0; use data "
                         "where y is not orthogonal to every column of x")
