"""Monte Carlo cross-check of the exact failure probabilities of Lemma 4.5.

W0 is drawn from a standard Gaussian in ℝᵖ (:mod:`bnreport.montecarlo`, floats only, usually in the
figure process); for each sample the lemma's verdict is decided from its definition — hypothesis
⟨W0, W*⟩ > 0, then the inequality between dist² to the nearest optimum and the right-hand side,
written as the sign of K(W0) = W0ᵀ M W0 (critical reading) and of ⟨W0, d⟩ (minimisers reading).
Floats decide only where they are certain: a sample within a relative 10⁻⁹ of a boundary is
re-decided here exactly (every float is a dyadic rational) by
:func:`bnreport.landscape.lemma_verdict`.

Each fraction gets a Hoeffding interval: for n independent Bernoulli(P) trials,
P(|k/n − P| ≥ ε) ≤ 2·exp(−2nε²), so [k/n − ε, k/n + ε] with ε = √(ln(2/α)/(2n)) covers P with
probability ≥ 1 − α whatever P is.  Conditional fractions (given the hypothesis) use the number of
samples where it holds as n (conditionally on which samples those are, they are independent).
:func:`confirm` decides with guaranteed enclosures that every exact probability lies in its interval
and raises :class:`SimulationMismatch` (a failed check) otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

import sympy as sp
from mpmath import iv

from .errors import CheckFailed
from .exact import PRECISIONS, Undecided, enclose, iv_endpoints
from .figtypes import SAMPLES, SEED
from .landscape import Landscape, Verdict, lemma_verdict
from .landscape.geometry import optima_of

if TYPE_CHECKING:
    from .figtypes import Counts, Draws

ALPHA = Fraction(1, 10**9)


class SimulationMismatch(CheckFailed):
    """An exact probability lies outside its guaranteed-coverage interval."""


@dataclass(frozen=True)
class Estimate:
    label: str          # e.g. "critical", "minimisers | hypothesis", "hypothesis"
    successes: int
    trials: int
    exact: sp.Expr | None  # the exact probability it must cover (None: not stated)

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.successes, self.trials) if self.trials else Fraction(0)


@dataclass(frozen=True)
class Simulation:
    seed: int
    samples: int
    alpha: Fraction
    estimates: tuple[Estimate, ...]
    rechecked: int      # samples decided exactly because floats were too close to a boundary
    seconds: float

    def estimate(self, label: str) -> Estimate:
        return next(e for e in self.estimates if e.label == label)

    def interval(self, label: str) -> tuple[float, float]:
        """The Hoeffding interval (rounded outwards to floats, clipped to [0, 1])."""
        return hoeffding_interval(self.estimate(label), self.alpha)


def half_width(trials: int, alpha: Fraction, prec: int = 64) -> iv.mpf:
    """ε = √(ln(2/α)/(2n)) as an interval."""
    saved = iv.prec
    iv.prec = prec
    try:
        ratio = iv.mpf(2 * alpha.denominator) / iv.mpf(alpha.numerator)
        return iv.sqrt(iv.log(ratio) / (2 * trials))
    finally:
        iv.prec = saved


def hoeffding_interval(estimate: Estimate, alpha: Fraction) -> tuple[float, float]:
    if estimate.trials == 0:
        return 0.0, 1.0
    _, high_eps = iv_endpoints(half_width(estimate.trials, alpha))
    low, high = estimate.fraction - high_eps, estimate.fraction + high_eps
    # Outward rounding: the float shown never makes the interval narrower than the exact one.
    return (max(0.0, math.nextafter(float(low), -math.inf)),
            min(1.0, math.nextafter(float(high), math.inf)))


def draws_of(land: Landscape, *, samples: int = SAMPLES, seed: int = SEED) -> Draws:
    """The floats the draws need (what crosses the pipe to the figure process)."""
    return draws_for(land.data.wstar, land.data.d, samples=samples, seed=seed)


def draws_for(wstar: Sequence[sp.Expr], d: Sequence[sp.Expr], *, samples: int = SAMPLES,
              seed: int = SEED) -> Draws:
    """:func:`draws_of` from W* and d alone (the build has them before the landscape)."""
    from .figtypes import draws_from

    w, v = ([Fraction(int(x.p), int(x.q)) for x in map(sp.Rational, vec)] for vec in (wstar, d))
    return draws_from(w, v, optima_of(len(w), "minimisers") == "critical", seed, samples)


def finish(land: Landscape, draws: Draws, counts: Counts, alpha: Fraction = ALPHA) -> Simulation:
    """Decide the samples the floats left exactly, and state each estimate beside the exact value
    it must cover."""
    data = land.data
    hyp, crit, mini, crit_hyp, mini_hyp = (counts.hypothesis, counts.critical, counts.minimisers,
                                           counts.critical_hypothesis, counts.minimisers_hypothesis)
    for sample in counts.close:
        point = [Fraction(v) for v in sample]  # the exact dyadic value of the sample
        critical = lemma_verdict(data, point, "critical")
        h = critical is not Verdict.HYPOTHESIS_FALSE
        c = critical is Verdict.FAILS
        m = lemma_verdict(data, point, "minimisers") is Verdict.FAILS
        hyp, crit, mini = hyp + h, crit + c, mini + m
        crit_hyp, mini_hyp = crit_hyp + (c and h), mini_hyp + (m and h)
    pc, pm = land.probability("critical"), land.probability("minimisers")
    samples = draws.samples
    estimates = (
        Estimate("hypothesis", hyp, samples, pc.hypothesis),
        Estimate("critical", crit, samples, pc.fail),
        Estimate("minimisers", mini, samples, pm.fail),
        Estimate("critical | hypothesis", crit_hyp, hyp, pc.given_hypothesis),
        Estimate("minimisers | hypothesis", mini_hyp, hyp, pm.given_hypothesis),
    )
    return Simulation(draws.seed, samples, alpha, estimates, len(counts.close), counts.seconds)


def simulate(land: Landscape, *, samples: int = SAMPLES, seed: int = SEED,
             alpha: Fraction = ALPHA) -> Simulation:
    """Draw here (the build draws in the figure process instead, see :mod:`bnreport.figjob`)."""
    from .montecarlo import count

    draws = draws_of(land, samples=samples, seed=seed)
    return finish(land, draws, count(draws), alpha)


def covers(estimate: Estimate, alpha: Fraction) -> bool:
    """Exactly: is |k/n − P| ≤ ε?  Refined until certain; :class:`Undecided` otherwise."""
    if estimate.exact is None:
        raise ValueError(f"{estimate.label}: no exact value to compare with")
    if estimate.trials == 0:
        return True  # no trial: the interval is [0, 1]
    for prec in PRECISIONS:
        box = enclose(estimate.exact, prec)
        p_low, p_high = box.lo, box.hi
        e_low, e_high = iv_endpoints(half_width(estimate.trials, alpha, prec))
        q = estimate.fraction
        if q - e_low <= p_low and p_high <= q + e_low:
            return True
        if p_high < q - e_high or p_low > q + e_high:
            return False
    raise Undecided(f"{estimate.label}: P is too close to an end of the interval to decide")


def confirm(sim: Simulation) -> None:
    """Raise :class:`SimulationMismatch` unless every stated exact value is covered."""
    for estimate in sim.estimates:
        if estimate.exact is None:
            continue
        try:
            ok = covers(estimate, sim.alpha)
        except Undecided as err:
            raise SimulationMismatch(f"simulation-{estimate.label}", f"undecided: {err}") from err
        if not ok:
            low, high = sim.interval(estimate.label)
            raise SimulationMismatch(
                f"simulation-{estimate.label}",
                f"the exact probability {estimate.exact} ≈ {sp.N(estimate.exact, 6)} is outside the "
                f"Hoeffding interval [{low:.5f}, {high:.5f}] of {estimate.successes}/"
                f"{estimate.trials} (coverage ≥ 1 − {sim.alpha})")
