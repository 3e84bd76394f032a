"""Other learning sets: the exact derivation agrees with an independent float computation."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import pytest
import sympy as sp

from bnreport.check import check_steps
from bnreport.derive import derive
from bnreport.model import problem_from_rows
from bnreport.quantities import Quantities


def dataset(seed: int, n: int, p: int, *, linear: bool = False):
    rng = random.Random(seed)
    xs = [[Fraction(rng.randint(-5, 9), rng.choice([1, 2, 4])) for _ in range(p)] for _ in range(n)]
    truth = [Fraction(rng.randint(-3, 3)) or Fraction(1) for _ in range(p)]
    ys = [sum((a * b for a, b in zip(x, truth, strict=True)), Fraction(0)) if linear
          else Fraction(rng.randint(-9, 20), rng.choice([1, 3])) for x in xs]
    return [(tuple(x), y) for x, y in zip(xs, ys, strict=True)]


CASES = {
    "p=1": dict(rows=dataset(1, 4, 1)),
    "p=2 paper-like": dict(rows=dataset(2, 5, 2)),
    "p=3": dict(rows=dataset(3, 6, 3)),
    "gamma=-2, beta=3/2": dict(rows=dataset(4, 5, 2), gamma=Fraction(-2), beta=Fraction(3, 2)),
    "gamma=1/3, beta=-1": dict(rows=dataset(5, 4, 2), gamma=Fraction(1, 3), beta=Fraction(-1)),
    "lemma holds (y linear in x)": dict(rows=dataset(6, 5, 2, linear=True)),
    "N=20 (rows not kept)": dict(rows=dataset(7, 20, 2)),
}


def chat_float(rows, gamma: float, beta: float, w: list[float]) -> float:
    z = [sum(wi * float(xi) for wi, xi in zip(w, x, strict=True)) for x, _ in rows]
    mu = sum(z) / len(z)
    sigma = math.sqrt(sum((zi - mu) ** 2 for zi in z) / len(z))
    return sum((gamma * (zi - mu) / sigma + beta - float(y)) ** 2
               for zi, (_, y) in zip(z, rows, strict=True))


def grad_float(rows, gamma: float, beta: float, w: list[float]) -> list[float]:
    h = 1e-5 * max(1.0, max(abs(v) for v in w))
    grad = []
    for i in range(len(w)):
        up = [v + (h if j == i else 0.0) for j, v in enumerate(w)]
        down = [v - (h if j == i else 0.0) for j, v in enumerate(w)]
        grad.append((chat_float(rows, gamma, beta, up) - chat_float(rows, gamma, beta, down)) / (2 * h))
    return grad


def solve_float(a: list[list[float]], b: list[float]) -> list[float]:
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [u - f * v for u, v in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


@pytest.fixture(scope="module", params=list(CASES), ids=list(CASES))
def case(request):
    spec = CASES[request.param]
    problem = problem_from_rows(spec["rows"], gamma=spec.get("gamma", Fraction(1)),
                                beta=spec.get("beta", Fraction(0)))
    return spec["rows"], problem, Quantities(problem)


def test_wstar_matches_float_normal_equations(case):
    rows, problem, q = case
    p = problem.p
    xtx = [[sum(float(x[i]) * float(x[j]) for x, _ in rows) for j in range(p)] for i in range(p)]
    xty = [sum(float(x[i]) * float(y) for x, y in rows) for i in range(p)]
    for exact, approx in zip(q.wstar, solve_float(xtx, xty), strict=True):
        assert float(exact) == pytest.approx(approx, rel=1e-9, abs=1e-12)


def test_gradient_at_wstar_matches_finite_differences(case):
    rows, problem, q = case
    exact = [float(v) for v in q.at(q.grad_Chat, q.wstar)]
    approx = grad_float(rows, float(problem.gamma), float(problem.beta),
                        [float(v) for v in q.wstar])
    scale = max(1.0, max(abs(v) for v in approx))
    for e, a in zip(exact, approx, strict=True):
        assert abs(e - a) <= 1e-9 * scale * 10  # central differences: ~1e-10 relative here


def test_minimum_value_matches_float_cost_on_the_ray(case):
    rows, problem, q = case
    value = chat_float(rows, float(problem.gamma), float(problem.beta),
                       [float(v) for v in q.direction])
    assert float(q.chat_min) == pytest.approx(value, rel=1e-9)


def test_every_step_is_checked_and_the_verdict_follows_the_data(case):
    rows, problem, q = case
    _, steps = derive(problem)
    assert len(check_steps(steps)) == len(steps)
    linear = all(y == sum((a * b for a, b in zip(x, q.wstar, strict=True)), sp.Integer(0))
                 for x, y in rows)
    # With p = 1 every w != 0 lies on the critical line (Ĉ is constant on each half-line).
    assert q.lemma_fails is (not linear and problem.p > 1)
