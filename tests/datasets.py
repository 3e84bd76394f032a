"""Learning sets that reach every branch of the note (shared by the tests)."""

from __future__ import annotations

import random
from fractions import Fraction as F

from bnreport.model import Problem, problem_from_rows


def rows_of(xs, ys):
    return [(tuple(F(v) for v in x), F(y)) for x, y in zip(xs, ys, strict=True)]


def random_rows(seed: int, n: int, p: int, *, linear: bool = False, centred: bool = False):
    rng = random.Random(seed)
    xs = [[F(rng.randint(-5, 9), rng.choice([1, 2, 4])) for _ in range(p)] for _ in range(n)]
    if centred:
        means = [sum(col) / n for col in zip(*xs, strict=True)]
        xs = [[v - m for v, m in zip(x, means, strict=True)] for x in xs]
    truth = [F(rng.randint(-3, 3)) or F(1) for _ in range(p)]
    ys = [sum((a * b for a, b in zip(x, truth, strict=True)), F(0)) if linear
          else F(rng.randint(-9, 20), rng.choice([1, 3])) for x in xs]
    return [(tuple(x), y) for x, y in zip(xs, ys, strict=True)]


PAPER = rows_of([(1, 1), (1, 2), (2, 3)], [2, 5, 13])
#: x̄ = (1, 1), A = 2·I, b = (2, 0): the direction d is the first axis, W* = (7/5, 2/5) is not on it.
AXIS_E1 = rows_of([(2, 1), (0, 1), (1, 2), (1, 0)], [3, 1, 2, 2])
AXIS_E2 = rows_of([(1, 2), (1, 0), (2, 1), (0, 1)], [3, 1, 2, 2])

CASES: dict[str, dict] = {
    "paper": dict(rows=PAPER),
    "p=1": dict(rows=random_rows(1, 4, 1)),
    "p=1 gamma<0": dict(rows=random_rows(11, 5, 1), gamma=F(-1, 2)),
    "N=2 p=1": dict(rows=rows_of([(1,), (3,)], [2, 7])),
    "p=2 random": dict(rows=random_rows(2, 5, 2)),
    "p=3": dict(rows=random_rows(3, 6, 3)),
    "p=5 raw sums": dict(rows=random_rows(5, 10, 5)),
    "gamma<0 beta!=0": dict(rows=random_rows(4, 5, 2), gamma=F(-2), beta=F(3, 2)),
    "gamma=1/3 beta=-1": dict(rows=random_rows(5, 4, 2), gamma=F(1, 3), beta=F(-1)),
    "d along e1": dict(rows=AXIS_E1),
    "d along e2": dict(rows=AXIS_E2),
    "W* critical: y linear": dict(rows=random_rows(6, 5, 2, linear=True)),
    "W* critical: centred x": dict(rows=random_rows(8, 5, 2, centred=True)),
    "W* maximiser: centred x, gamma<0": dict(rows=random_rows(8, 5, 2, centred=True), gamma=F(-1)),
    "W* critical p=3 gamma<0": dict(rows=random_rows(9, 6, 3, linear=True), gamma=F(-3)),
    "N=20 rows not kept": dict(rows=random_rows(7, 20, 2)),
    "W0 on the minimiser ray": dict(rows=PAPER, w0=(F(10), F(6))),
    "W0 on the maximiser ray": dict(rows=PAPER, w0=(F(-5), F(-3))),
    "W0 orthogonal to W*": dict(rows=PAPER, w0=(F(3), F(-1))),
    "W0 negative inner product": dict(rows=PAPER, w0=(F(-1), F(-2))),
    "W0 orthogonal to d": dict(rows=PAPER, w0=(F(-3), F(5))),
    "W0 near W* (lemma holds)": dict(rows=PAPER, w0=(F(2), F(1))),
    "W0: holds for (K), fails for (M)": dict(rows=PAPER, w0=(F(-7), F(4))),
    "W0 elsewhere p=3": dict(rows=random_rows(3, 6, 3), w0=(F(1, 2), F(1), F(1, 4))),
}


def problem(name: str) -> Problem:
    spec = CASES[name]
    return problem_from_rows(spec["rows"], gamma=spec.get("gamma", F(1)),
                             beta=spec.get("beta", F(0)), w0=spec.get("w0"))
