"""The circle of directions in the plane of W* and d, cut into arcs on which every verdict is
constant, and the exact probability of failure for an isotropic W0 (arc length / 2π)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from ..exact import Rounded, rounded, sign
from .geometry import Case, Geometry, LandscapeInput, Matrix, Reading, Verdict, dot
from .verdict import lemma_verdict

#: Half the angle θ between W* and d: the arc lengths are written in it (θ = 2h).
H = sp.Symbol("h", positive=True)
#: An isotropic law gives every open half-space through 0 probability 1/2 (reflection symmetry).
HALF_SPACE = sp.Rational(1, 2)
PROBABILITY_DECIMALS = 4


@dataclass(frozen=True)
class Arc:
    """The open arc of directions from ray ``start`` to ray ``end`` (counter-clockwise in the
    plane oriented by (W*, f)); every verdict is constant on it."""

    index: int
    start: Matrix
    end: Matrix
    length: sp.Expr      # in the symbol H = θ/2
    cos2: sp.Expr        # cos² of the length as an exact number: (1 + cos θ)/2, 0 or (1 − cos θ)/2
    interior: Matrix     # start + end, strictly inside (every arc is shorter than π)
    critical: Verdict
    minimisers: Verdict


def _arc_length(cos_theta: sp.Expr, start: Matrix, end: Matrix) -> tuple[sp.Expr, sp.Expr]:
    """Which of h, π/2, π/2 − h the angle between the rays is, decided exactly from its cos²."""
    inner = dot(start, end)
    if sign(inner) < 0:
        raise AssertionError("consecutive rays more than π/2 apart")
    # No radsimp here: sign() separates the wrong candidates by enclosures and decides the right
    # one exactly (radsimp of these nested roots cost a third of the derivation).
    cos2 = inner**2 / (dot(start, start) * dot(end, end))
    for length, candidate in ((H, (1 + cos_theta) / 2), (sp.pi / 2, sp.Integer(0)),
                              (sp.pi / 2 - H, (1 - cos_theta) / 2)):
        if sign(cos2 - candidate) == 0:
            return length, sp.radsimp(candidate)
    raise AssertionError(f"the angle between {list(start)} and {list(end)} is not h, π/2 or π/2 − h")


def arcs(data: LandscapeInput, geo: Geometry) -> tuple[Arc, ...]:
    """The six arcs cut out by the zeros of ⟨·, W*⟩ (±f), of K (±n₋, ±n₊) and of ⟨·, n₋⟩ (±n₊)."""
    if geo.case is not Case.GENERIC:
        return ()
    assert geo.cos_theta is not None
    rays = (-geo.f, geo.n_minus, geo.n_plus, geo.f, -geo.n_minus, -geo.n_plus)
    out = []
    for i, start in enumerate(rays):
        end = rays[(i + 1) % len(rays)]
        length, cos2 = _arc_length(geo.cos_theta, start, end)
        inside = Matrix(start + end)
        out.append(Arc(i, Matrix(start), Matrix(end), length, cos2, inside,
                       lemma_verdict(data, inside, "critical"),
                       lemma_verdict(data, inside, "minimisers")))
    return tuple(out)


def orientation(data: LandscapeInput, geo: Geometry, x: Matrix, y: Matrix) -> sp.Expr:
    """det of (x, y) in the orthogonal basis (W*, f) of the plane, times the positive factor
    s·‖f‖²: positive when y is counter-clockwise from x by less than π."""
    ax, bx = dot(x, data.wstar), dot(x, geo.f)
    ay, by = dot(y, data.wstar), dot(y, geo.f)
    return sp.radsimp(ax * by - bx * ay)


# -- probabilities for an isotropic W0 -------------------------------------------------------------
@dataclass(frozen=True)
class Probability:
    """P(the lemma fails) for W0 from any isotropic law (e.g. a standard Gaussian), exactly."""

    reading: Reading
    fail: sp.Expr                     # in θ = acos(cos θ) (generic) or a rational
    given_hypothesis: sp.Expr | None  # P(fail | ⟨W0, W*⟩ > 0); None when the hypothesis is null
    hypothesis: sp.Expr               # P(⟨W0, W*⟩ > 0)
    in_h: sp.Expr | None = None       # generic case: P(fail) as a function of H = θ/2 …
    given_in_h: sp.Expr | None = None  # … and P(fail | hypothesis)

    @property
    def fail_rounded(self) -> Rounded:
        return rounded(self.fail, PROBABILITY_DECIMALS)

    @property
    def given_rounded(self) -> Rounded | None:
        given = self.given_hypothesis
        return None if given is None else rounded(given, PROBABILITY_DECIMALS)


def probability(data: LandscapeInput, geo: Geometry, arcs_: tuple[Arc, ...],
                reading: Reading) -> Probability:
    if geo.case is Case.GENERIC:
        # The projection of W0 onto the plane of W* and d has a uniform angle: P = length / 2π.
        assert geo.theta is not None
        fail_h = _share(arcs_, lambda v: v is Verdict.FAILS, reading)
        hyp_h = _share(arcs_, lambda v: v is not Verdict.HYPOTHESIS_FALSE, reading)
        given_h = sp.expand(sp.cancel(fail_h / hyp_h))
        at_theta = {H: geo.theta / 2}
        return Probability(reading, sp.expand(fail_h.subs(at_theta)), given_h.subs(at_theta),
                           hyp_h.subs(at_theta), fail_h, given_h)
    if geo.case is Case.WSTAR_ZERO:
        return Probability(reading, sp.Integer(0), None, sp.Integer(0))
    # W* ∈ ℝd: K ≡ 0 and sign⟨W0, d⟩ = sign(k)·sign⟨W0, W*⟩, so the verdict is the same on the
    # whole half-space ⟨W0, W*⟩ > 0 — the verdict at W* itself.
    fails = lemma_verdict(data, data.wstar, reading) is Verdict.FAILS
    fail = HALF_SPACE if fails else sp.Integer(0)
    return Probability(reading, fail, fail / HALF_SPACE, HALF_SPACE)


def _share(arcs_: tuple[Arc, ...], keep: Callable[[Verdict], bool], reading: Reading) -> sp.Expr:
    """Total length of the arcs whose verdict passes ``keep``, as a fraction of the circle."""
    total = sum((a.length for a in arcs_ if keep(verdict_on(a, reading))), sp.Integer(0))
    return sp.expand(total / (2 * sp.pi))


def verdict_on(arc: Arc, reading: Reading) -> Verdict:
    return arc.critical if reading == "critical" else arc.minimisers
