"""The Monte Carlo draws of the simulation, in floats only (numpy; no sympy), so that they can run
in the figure process while the build derives the note (:mod:`bnreport.figjob`).

W0 is drawn from a standard Gaussian in ℝᵖ (a seeded numpy ``Generator``); each sample's verdict is
the sign of ⟨W0, W*⟩ (the hypothesis), of K(W0) = ⟨W0,W*⟩²‖d‖² − ⟨W0,d⟩²‖W*‖² (critical reading)
and of ⟨W0, d⟩ (minimisers reading).  Floats decide only where they are certain: a sample within a
relative 10⁻⁹ of a boundary is not counted but returned, for the build to decide exactly
(:func:`bnreport.simulate.finish`; every float is a dyadic rational).
"""

from __future__ import annotations

import time
from fractions import Fraction

import numpy as np

from .figtypes import Counts, Draws, draws_from
from .model import Problem

CHUNK = 1 << 16      # draws per block: bounded memory, same stream for any total
MARGIN = 1e-9        # relative distance to a boundary below which floats are not trusted


def _verdicts(draws: Draws, x: np.ndarray) -> tuple[np.ndarray, ...]:
    """Hypothesis, critical-fails, minimisers-fails and too-close for each row of x."""
    wstar, d = np.array(draws.wstar), np.array(draws.d)
    c, xd = x @ wstar, x @ d
    c2dd, xd2s = c * c * draws.dd, xd * xd * draws.s
    norm = np.sqrt(np.einsum("ij,ij->i", x, x))
    close = ((np.abs(c) < MARGIN * norm * np.sqrt(draws.s))
             | (np.abs(xd) < MARGIN * norm * np.sqrt(draws.dd)))
    if draws.form_zero:  # K ≡ 0 exactly: never close to its boundary, just on it
        k = np.zeros_like(c)
    else:
        k = c2dd - xd2s
        close |= np.abs(k) < MARGIN * (c2dd + xd2s)
    hyp = c > 0
    crit = hyp & (k > 0)
    mini = crit.copy() if draws.every_point_minimises else hyp & ((xd <= 0) | (k > 0))
    return hyp, crit, mini, close


def count(draws: Draws) -> Counts:
    start = time.perf_counter()
    rng = np.random.default_rng(draws.seed)
    totals = [0, 0, 0, 0, 0]
    close: list[tuple[float, ...]] = []
    done = 0
    while done < draws.samples:
        size = min(CHUNK, draws.samples - done)
        x = rng.standard_normal((size, draws.p))
        hyp, crit, mini, near = _verdicts(draws, x)
        keep = ~near
        for i, counted in enumerate((hyp, crit, mini, crit & hyp, mini & hyp)):
            totals[i] += int((counted & keep).sum())
        close += [tuple(float(v) for v in x[i]) for i in np.flatnonzero(near)]
        done += size
    return Counts(*totals, tuple(close), time.perf_counter() - start)


def early_draws(problem: Problem) -> Draws | None:
    """The draws' parameters from the statistics alone, so that they can be drawn while the build
    imports sympy: W* = (XᵀX)⁻¹Xᵀy and d = sign(γ)·A⁻¹b as coprime integers (A = XcᵀXc,
    b = Xcᵀy), solved exactly with flint as :class:`bnreport.closed.Closed` does.  The build uses
    the counts only if these equal the draws of its own exact values; None for p = 1 (the
    landscape is never generic there), or anything unexpected (then the build draws itself)."""
    import math

    import flint

    s, n, p = problem.stats, problem.n, problem.p
    if p < 2:
        return None
    try:
        xtx = flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator) for v in row]
                              for row in s.xtx])
        xty = flint.fmpq_mat([[flint.fmpq(v.numerator, v.denominator)] for v in s.xty])
        a = flint.fmpq_mat([[flint.fmpq(*_pair(s.xtx[i][j] - s.sum_x[i] * s.sum_x[j] / n))
                             for j in range(p)] for i in range(p)])
        b = flint.fmpq_mat([[flint.fmpq(*_pair(s.xty[i] - s.sum_x[i] * s.sum_y / n))]
                            for i in range(p)])
        wstar = [_fraction(xtx.solve(xty)[i, 0]) for i in range(p)]
        a_inv_b = [_fraction(a.solve(b)[i, 0]) for i in range(p)]
    except (ZeroDivisionError, ValueError):
        return None
    scale = math.lcm(*(x.denominator for x in a_inv_b))
    ints = [int(x * scale) for x in a_inv_b]
    g = math.gcd(*ints)
    if g == 0:
        return None
    orient = 1 if problem.gamma > 0 else -1
    d = [Fraction(orient * i // g) for i in ints]
    return draws_from(wstar, d, False)  # p ≥ 2: the two readings of "optima" differ


def _pair(x: Fraction) -> tuple[int, int]:
    return x.numerator, x.denominator


def _fraction(x) -> Fraction:
    return Fraction(int(x.p), int(x.q))
