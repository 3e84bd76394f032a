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

import numpy as np

from .figtypes import Counts, Draws

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
