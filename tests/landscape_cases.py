"""Learning sets for the landscape tests: the paper's and others that reach every case.

Shared by tests/test_landscape*.py, tests/test_simulate.py and tests/test_figures.py.  The expected
case of each set is stated here (tests may assert known facts); the modules derive it.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

import numpy as np

from bnreport.closed import Closed as Quantities
from bnreport.landscape import Case, Landscape, landscape_of
from bnreport.loader import load_problem
from bnreport.model import Problem, problem_from_rows
from bnreport.validate import validate

F = Fraction


def _random_rows(seed: int, n: int, p: int) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = tuple(F(rng.randint(-6, 9), rng.choice([1, 2])) for _ in range(p))
        rows.append((x, F(rng.randint(-9, 20), rng.choice([1, 3]))))
    return rows


def _linear_rows(seed: int, n: int, truth: tuple[int, ...]) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """y exactly linear in x (no intercept): the plain fit has zero residuals, so r̄ = 0."""
    rng = random.Random(seed)
    rows = []
    for _ in range(n):
        x = tuple(F(rng.randint(-5, 9)) for _ in truth)
        rows.append((x, sum((a * b for a, b in zip(x, truth, strict=True)), F(0))))
    return rows


def _centred_rows() -> list[tuple[tuple[Fraction, ...], Fraction]]:
    """Σx = 0 (x̄ = 0) with y not linear in x."""
    xs = [(1, 2), (-1, 1), (2, -1), (-2, -2)]
    ys = [3, 7, -1, 4]
    return [(tuple(F(v) for v in x), F(y)) for x, y in zip(xs, ys, strict=True)]


def _rows(xs: list[tuple[int, ...]], ys: list[int]) -> list[tuple[tuple[Fraction, ...], Fraction]]:
    return [(tuple(F(v) for v in x), F(y)) for x, y in zip(xs, ys, strict=True)]


@dataclass(frozen=True)
class Spec:
    rows: list | None  # None: the paper's data file
    gamma: Fraction = F(1)
    beta: Fraction = F(0)
    case: Case = Case.GENERIC
    note: str = ""


SPECS: dict[str, Spec] = {
    "paper": Spec(None, note="Example 3.2: p = 2, W* = (1, 3), d = (5, 3)"),
    "p=2": Spec(_random_rows(21, 6, 2)),
    "p=3": Spec(_random_rows(31, 7, 3), beta=F(1, 2)),
    "p=5": Spec(_random_rows(51, 8, 5)),
    "gamma<0, p=3": Spec(_random_rows(32, 6, 3), gamma=F(-3, 2)),
    "W* critical: y linear, p=2": Spec(_linear_rows(61, 5, (2, -1)), case=Case.ON_MINIMISERS),
    "W* critical: y linear, gamma<0, p=3": Spec(_linear_rows(62, 6, (1, 2, -1)), gamma=F(-1),
                                               case=Case.ON_MAXIMISERS),
    "W* critical: centred x, p=2": Spec(_centred_rows(), case=Case.ON_MINIMISERS),
    "p=1, W* a maximiser with r̄ != 0": Spec(_rows([(1,), (2,)], [1, 0]), case=Case.ON_MAXIMISERS),
    "p=1, W* = 0": Spec(_rows([(1,), (-1,), (2,)], [1, 3, 1]), case=Case.WSTAR_ZERO),
    "p=2, W* = 0 (Xᵀy = 0)": Spec(_rows([(1, 0), (0, 1), (1, 1), (2, 1)], [1, 0, 1, -1]),
                                  case=Case.WSTAR_ZERO),
}
#: The five or more data sets the brief names besides the paper's (p = 2, 3, 5; γ < 0; W* critical).
NAMES = list(SPECS)
GENERIC = [name for name, spec in SPECS.items() if spec.case is Case.GENERIC]
PLANE = [name for name in NAMES if name.startswith("p=1") is False]


@cache
def problem(name: str) -> Problem:
    spec = SPECS[name]
    if spec.rows is None:
        return load_problem()
    made = problem_from_rows(spec.rows, gamma=spec.gamma, beta=spec.beta)
    validate(made, name)
    return made


@cache
def quantities(name: str) -> Quantities:
    return Quantities(problem(name))


@cache
def land(name: str) -> Landscape:
    return landscape_of(quantities(name))


def minimiser_signs(data) -> set[int]:
    """The signs s for which s·d is a local minimiser of Ĉ, found numerically from Ĉ itself (no
    nearby point in 200 random directions has a smaller Ĉ); the oracles' reading (M)."""
    a = np.array(data.A.tolist(), dtype=float)
    b = np.array([float(v) for v in data.b])
    d = np.array([float(v) for v in data.d])

    def chat(w: np.ndarray) -> float:  # Ĉ up to its constant and the factor 2√N > 0
        return -float(data.gamma) * float(b @ w) / math.sqrt(float(w @ a @ w))

    rng = np.random.default_rng(0)
    signs = set()
    for sign in (1, -1):
        u = sign * d
        here, eps = chat(u), 1e-3 * float(np.linalg.norm(u))
        if all(chat(u + eps * v / np.linalg.norm(v)) >= here - 1e-12 * (1 + abs(here))
               for v in rng.standard_normal((200, len(u)))):
            signs.add(sign)
    return signs
