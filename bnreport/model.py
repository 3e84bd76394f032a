"""The learning set and BN constants as exact data (stage 1 of the pipeline).

Nothing here imports sympy: loading and hashing the inputs must stay cheap so that a warm re-run
can decide it has nothing to do before paying for the algebra.  Everything past one pass over the
rows works on the sufficient statistics in :class:`Stats`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

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
    quoted: Quoted = field(default_factory=Quoted)
    source: str = ""
    digest: str = ""

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
