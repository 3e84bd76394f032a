"""The Monte Carlo cross-check: its intervals contain the exact probabilities, and a wrong exact value
is caught; an independent pure-Python Monte Carlo agrees at a looser tolerance."""

from __future__ import annotations

import dataclasses
import math
import random
import zlib
from fractions import Fraction

import pytest
import sympy as sp
from landscape_cases import NAMES, land, minimiser_signs

from bnreport import montecarlo
from bnreport import simulate as sim_module
from bnreport.simulate import SimulationMismatch, confirm, covers, half_width, simulate


@pytest.fixture(scope="module")
def runs():
    return {name: simulate(land(name)) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_the_intervals_contain_the_exact_probabilities(runs, name):
    run = runs[name]
    confirm(run)  # raises on a miss
    assert run.samples == sim_module.SAMPLES
    for estimate in run.estimates:
        low, high = run.interval(estimate.label)
        if estimate.exact is not None and estimate.trials:
            assert low <= float(estimate.exact) <= high


@pytest.mark.parametrize(("label", "wrong"), [
    ("critical", sp.Rational(3, 10)),
    ("minimisers", sp.Rational(1, 4)),  # the critical value is not the minimisers' one
    ("minimisers | hypothesis", sp.Rational(1, 2) + sp.acos(sp.Rational(1, 2)) / (2 * sp.pi)),
    ("hypothesis", sp.Rational(1, 2) + sp.Rational(1, 100)),
])
def test_a_planted_wrong_exact_value_fails_the_build(runs, label, wrong):
    run = runs["paper"]
    estimates = tuple(dataclasses.replace(e, exact=wrong) if e.label == label else e
                      for e in run.estimates)
    with pytest.raises(SimulationMismatch, match="outside the Hoeffding interval"):
        confirm(dataclasses.replace(run, estimates=estimates))


def test_hoeffding_radius():
    low, high = (float(v) for v in sim_module.iv_endpoints(half_width(1 << 20, Fraction(1, 10**9))))
    expected = math.sqrt(math.log(2e9) / (2 * (1 << 20)))
    assert low <= expected <= high and high - low < 1e-15
    assert 0.003 < expected < 0.0034


def test_covers_is_exact_at_the_edge():
    """P exactly at k/n ± ε is decided (or Undecided), never guessed; just inside and outside."""
    n = 10_000
    eps = math.sqrt(math.log(2e9) / (2 * n))
    estimate = sim_module.Estimate("x", 5000, n, sp.Rational(1, 2) + sp.Rational(int(eps * 1e6) - 1, 10**6))
    assert covers(estimate, Fraction(1, 10**9))
    outside = dataclasses.replace(estimate, exact=sp.Rational(1, 2) + sp.Rational(int(eps * 1e6) + 2, 10**6))
    assert not covers(outside, Fraction(1, 10**9))


def test_reproducible_with_a_seed():
    the = land("p=3")
    a, b = simulate(the, samples=50_000), simulate(the, samples=50_000)
    assert [e.successes for e in a.estimates] == [e.successes for e in b.estimates]
    c = simulate(the, samples=50_000, seed=12)
    assert [e.successes for e in a.estimates] != [e.successes for e in c.estimates]


def test_samples_near_a_boundary_are_decided_exactly(monkeypatch):
    """With a huge margin every sample is re-decided by the exact verdict: same counts."""
    the = land("paper")
    plain = simulate(the, samples=3000)
    monkeypatch.setattr(montecarlo, "MARGIN", 10.0)
    exact = simulate(the, samples=3000)
    assert exact.rechecked == 3000
    assert [e.successes for e in plain.estimates] == [e.successes for e in exact.estimates]


# -- an independent Monte Carlo: pure Python, distances computed directly ------------------------
def _independent(the, n: int) -> dict[str, float]:
    """random.gauss draws; the lemma decided from distances to the optima (projection onto the
    line, or onto the rays of local minimisers), not from the quadratic form K."""
    p = the.data.p
    w = [float(v) for v in the.data.wstar]
    d = [float(v) for v in the.data.d]
    ww, dd = sum(v * v for v in w), sum(v * v for v in d)
    rng = random.Random(zlib.crc32(the.data.wstar.__repr__().encode()))
    signs = minimiser_signs(the.data)  # the rays t·d (t > 0 or t < 0) of local minimisers
    hyp = crit = mini = 0
    for _ in range(n):
        x = [rng.gauss(0.0, 1.0) for _ in range(p)]
        c = sum(a * b for a, b in zip(x, w, strict=True))
        if ww == 0 or c <= 0:
            continue
        hyp += 1
        xx = sum(a * a for a in x)
        rhs = xx - c * c / ww
        t = sum(a * b for a, b in zip(x, d, strict=True)) / dd
        line = sum((a - t * b) ** 2 for a, b in zip(x, d, strict=True))
        slack = 1e-9 * (1 + xx)  # (1) allows equality; with W* ∈ ℝd it *is* equality, up to rounding
        crit += line > rhs + slack  # t = 0 (no closest point) has probability 0
        mini += (line if (1 if t > 0 else -1) in signs else xx) > rhs + slack
    return {"hypothesis": hyp / n, "critical": crit / n, "minimisers": mini / n}


@pytest.mark.parametrize("name", NAMES)
def test_an_independent_monte_carlo_agrees(name):
    the = land(name)
    n = 20_000
    fractions = _independent(the, n)
    for label, value in fractions.items():
        exact = float(the.probability("critical").hypothesis if label == "hypothesis"
                      else the.probability(label).fail)
        assert abs(value - exact) <= 5 * math.sqrt(0.25 / n), (label, value, exact)
