"""Lemma 4.5 at every initialisation (issue 11): the modules of this package, put together.

``landscape(landscape_input(q))`` derives everything from a :class:`~bnreport.closed.Closed`:
the geometry of W* and d (:mod:`.geometry`), the verdict at one exact W0 (:mod:`.verdict`), the arcs of
directions and the exact probabilities (:mod:`.arcs`), the failure wedges in the drawn plane
(:mod:`.plane`), the W*-critical criterion (:mod:`.wstar`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..closed import Closed as Quantities
from ..exact import Rounded, rounded
from .arcs import Arc, H, Probability, arcs, probability
from .geometry import (
    READINGS,
    Case,
    Geometry,
    LandscapeInput,
    Matrix,
    Reading,
    Verdict,
    geometry,
    landscape_input,
)
from .plane import ANGLE_DECIMALS, Wedge, plot_basis, wedges
from .verdict import Decision, lemma_decision, lemma_verdict
from .wstar import WstarCriterion, wstar_criterion


@dataclass(frozen=True)
class Landscape:
    data: LandscapeInput
    geometry: Geometry
    arcs: tuple[Arc, ...]
    probabilities: tuple[Probability, ...]  # in the order of READINGS
    basis: Matrix | None
    wedges: tuple[Wedge, ...]
    wstar_criterion: WstarCriterion

    def probability(self, reading: Reading) -> Probability:
        return self.probabilities[READINGS.index(reading)]

    def wedge(self, reading: Reading) -> Wedge | None:
        return next((w for w in self.wedges if w.reading == reading), None)

    @property
    def theta_degrees(self) -> Rounded | None:
        theta = self.geometry.theta
        return None if theta is None else rounded(theta * 180 / sp.pi, ANGLE_DECIMALS)


def landscape(data: LandscapeInput) -> Landscape:
    geo = geometry(data)
    arcs_ = arcs(data, geo)
    basis = plot_basis(data, geo)
    return Landscape(data, geo, arcs_, tuple(probability(data, geo, arcs_, r) for r in READINGS),
                     basis, wedges(data, geo, arcs_, basis), wstar_criterion(data))


def landscape_of(q: Quantities) -> Landscape:
    return landscape(landscape_input(q))


__all__ = [
    "READINGS",
    "Arc",
    "Case",
    "Decision",
    "Geometry",
    "H",
    "Landscape",
    "LandscapeInput",
    "Probability",
    "Reading",
    "Verdict",
    "Wedge",
    "WstarCriterion",
    "landscape",
    "landscape_input",
    "landscape_of",
    "lemma_decision",
    "lemma_verdict",
]
