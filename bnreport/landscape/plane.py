"""The plane that the figures draw and the failure wedges in it (with polar angles for p = 2)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ..exact import Rounded, rounded, sign
from .arcs import Arc, H, verdict_on
from .geometry import READINGS, Case, Geometry, LandscapeInput, Matrix, Reading, Verdict, dot
from .verdict import lemma_verdict

ANGLE_DECIMALS = 2


@dataclass(frozen=True)
class Wedge:
    """Directions where the lemma fails, from ray ``start`` counter-clockwise to ray ``end`` in the
    coordinates of the plot basis; ``degrees`` (p = 2 only) are the polar angles of both rays."""

    reading: Reading
    start: Matrix
    end: Matrix
    start_unit: Matrix
    end_unit: Matrix
    width: sp.Expr  # radians
    degrees: tuple[Rounded, Rounded] | None


def plot_basis(data: LandscapeInput, geo: Geometry) -> Matrix | None:
    """Orthonormal basis (columns) of the plane drawn: ℝ² itself for p = 2; for p > 2 the plane of
    W* and d (e1 ∥ W*, e2 ∥ f), completed by Gram–Schmidt when W* ∈ ℝd."""
    if data.p < 2:
        return None
    if data.p == 2:
        return Matrix(sp.eye(2))
    first = data.wstar if geo.s != 0 else data.d
    second = geo.f if geo.case is Case.GENERIC else next(
        e for e in (Matrix(sp.eye(data.p)[:, i]) for i in range(data.p))
        if any(v != 0 for v in e - first * (dot(e, first) / dot(first, first))))
    second = second - first * (dot(second, first) / dot(first, first))
    return Matrix.hstack(_unit(first), _unit(second))


def _unit(v: sp.MatrixBase) -> Matrix:
    return Matrix(v / sp.sqrt(dot(v, v)))


def wedges(data: LandscapeInput, geo: Geometry, arcs_: tuple[Arc, ...],
           basis: Matrix | None) -> tuple[Wedge, ...]:
    """The failure region of each reading in the drawn plane, as one counter-clockwise wedge."""
    if basis is None or geo.case is Case.WSTAR_ZERO:
        return ()
    out = []
    for reading in READINGS:
        if geo.case is Case.GENERIC:
            failing = [a for a in arcs_ if verdict_on(a, reading) is Verdict.FAILS]
            _check_contiguous(failing, len(arcs_))
            start, end = failing[0].start, failing[-1].end
            width = sum((a.length for a in failing), sp.Integer(0)).subs(H, geo.theta / 2)
            if sign(_det2(basis.T * data.wstar, basis.T * geo.f)) < 0:
                start, end = end, start  # the arcs run clockwise in the plot (p = 2)
        elif lemma_verdict(data, data.wstar, reading) is Verdict.FAILS:
            # W* ∈ ℝd: the verdict is that of W* on the whole half-plane ⟨W0, W*⟩ > 0.
            normal = Matrix(basis * _rot90(basis.T * data.wstar))
            start, end, width = -normal, normal, sp.pi
        else:
            continue
        out.append(Wedge(reading, Matrix(start), Matrix(end), _unit(start), _unit(end),
                         sp.expand(width), _degrees(start, end) if data.p == 2 else None))
    return tuple(out)


def _rot90(v: sp.MatrixBase) -> Matrix:
    return Matrix([-v[1], v[0]])


def _det2(x: sp.MatrixBase, y: sp.MatrixBase) -> sp.Expr:
    return sp.radsimp(x[0] * y[1] - x[1] * y[0])


def _check_contiguous(failing: list[Arc], count: int) -> None:
    indices = [a.index for a in failing]
    if not indices or any((b - a) % count != 1 for a, b in itertools.pairwise(indices)):
        raise AssertionError(f"failing arcs {indices} are not one contiguous block")


def polar_degrees(v: sp.MatrixBase) -> sp.Expr:
    """The polar angle of a plane vector in degrees, in [0, 360), as an exact expression."""
    angle = sp.atan2(v[1], v[0]) * 180 / sp.pi
    return angle + 360 if sign(angle) < 0 else angle


def _degrees(start: Matrix, end: Matrix) -> tuple[Rounded, Rounded]:
    return (rounded(polar_degrees(start), ANGLE_DECIMALS), rounded(polar_degrees(end), ANGLE_DECIMALS))
