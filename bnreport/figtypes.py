"""The plain data that crosses the pipe between the build and the figure process (no sympy, no
numpy here, so that neither side imports the other's heavy libraries to read it).

:class:`PlotView` holds the exact values of :func:`bnreport.figview.figure_view`, each rounded to a
float by the build; the figure process draws it and reads the drawing back against it, so it never
needs sympy.  :class:`FiguresResult` is the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

from .reproducible import BuildTime

NO_DATE = BuildTime(None, None)
Point = tuple[float, float]
Quadratic = tuple[Point, Point]


@dataclass(frozen=True)
class PlotWedge:
    reading: str
    start: Point     # plot coordinates; the wedge runs counter-clockwise from start to end
    end: Point
    width: float     # radians
    degrees: tuple[str, str] | None  # polar angles as printed (p = 2), certified roundings
    probability: str  # P(fail) as printed: exact if rational, else certified decimals


@dataclass(frozen=True)
class PlotView:
    """The drawn plane's special points and both costs restricted to it (see
    :mod:`bnreport.figview`), in floats; ``grad_zero`` was decided exactly."""

    p: int
    axis_labels: tuple[str, str]
    wstar: Point | None
    w0: Point
    w0_projected: bool
    d: Point
    grad: Point | None
    grad_zero: bool
    chat_const: float
    chat_coef: float
    chat_a: Quadratic
    chat_b: Point
    chat_min: float
    chat_max: float
    c_quad: Quadratic
    c_lin: Point
    c_const: float
    c_at_wstar: float | None  # C(W*), the minimum of C (None when W* = 0)
    wedges: tuple[PlotWedge, ...]
    hypothesis_probability: str
    when: BuildTime = NO_DATE  # the build's time: the figures' /CreationDate (or none)


@dataclass(frozen=True)
class FigureFile:
    name: str
    path: Path
    sha256: str
    size: int
    verified: tuple[str, ...]  # what was read back from the PDF file and matched the view


@dataclass(frozen=True)
class FiguresResult:
    files: tuple[FigureFile, ...]
    seconds: float


#: The simulation: issue 11's seed (any fixed seed makes the run reproducible) and ≈ 1.05 million
#: draws (ε ≈ 0.0033 at α = 10⁻⁹; timed in bench/bench_figures.py).
SEED = 11
SAMPLES = 1 << 20


@dataclass(frozen=True)
class Draws:
    """What the draws need, in floats (each the correctly rounded exact value)."""

    p: int
    wstar: tuple[float, ...]
    d: tuple[float, ...]
    s: float                    # ‖W*‖²
    dd: float                   # ‖d‖²
    form_zero: bool             # K ≡ 0 exactly: M = ‖d‖² W*W*ᵀ − ‖W*‖² d dᵀ = 0, i.e. W* ∥ d
    every_point_minimises: bool  # p = 1: the minimisers reading is the critical one
    seed: int
    samples: int


def draws_from(wstar: Sequence[Fraction], d: Sequence[Fraction], every_point_minimises: bool,
               seed: int = SEED, samples: int = SAMPLES) -> Draws:
    """The draws of exact W* and d (the one recipe for the build and the figure process)."""
    s, dd = sum(x * x for x in wstar), sum(x * x for x in d)
    form_zero = all(dd * a * b == s * c * e for a, c in zip(wstar, d, strict=True)
                    for b, e in zip(wstar, d, strict=True))
    return Draws(len(wstar), tuple(float(x) for x in wstar), tuple(float(x) for x in d), float(s),
                 float(dd), form_zero, every_point_minimises, seed, samples)


@dataclass(frozen=True)
class Counts:
    """Samples decided by floats, and the ones left for an exact decision."""

    hypothesis: int
    critical: int
    minimisers: int
    critical_hypothesis: int
    minimisers_hypothesis: int
    close: tuple[tuple[float, ...], ...]
    seconds: float
