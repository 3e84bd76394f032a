"""The level sets of both costs over the drawn plane, solved rather than contoured (numpy only).

Ĉ(w) = const + coef·g(w) with g(w) = ⟨b, w⟩/√(wᵀAw), constant on every ray from 0: its level set
{g = c} is the union of the rays along the null directions of the quadratic form bbᵀ − c²A on
which ⟨b, u⟩ has the sign of c, and its bands are sectors.  The levels are spread evenly over
g's range [−m, m], m = √(bᵀA⁻¹b), so they do not depend on the scale of Ĉ (a tiny γ or a huge y
leaves them intact).  C is a quadratic: its level sets are ellipses around its minimiser.  Both
are exact up to floating point, so the read-back (:mod:`bnreport.figcheck`) holds every drawn
vertex to its level within what the written precision allows, whatever the conditioning.
"""

from __future__ import annotations

import numpy as np

from .figtypes import PlotView

BANDS = 12          # bands of Ĉ between its minimum and maximum (13 levels, 11 drawn)
ELLIPSE_POINTS = 361


def chat_form(view: PlotView) -> tuple[np.ndarray, np.ndarray]:
    return np.array(view.chat_a, dtype=float), np.array(view.chat_b, dtype=float)


def g_range(view: PlotView) -> float:
    """m = max of g over the plane (attained along A⁻¹b)."""
    a, b = chat_form(view)
    return float(np.sqrt(b @ np.linalg.solve(a, b)))


def g_levels(view: PlotView) -> np.ndarray:
    return g_range(view) * np.linspace(-1.0, 1.0, BANDS + 1)


def level_rays(view: PlotView, c: float) -> list[np.ndarray]:
    """Unit directions of the rays on which g = c (|c| < m): two, symmetric about A⁻¹b."""
    a, b = chat_form(view)
    m = g_range(view)
    if abs(c) <= 1e-12 * m:  # ⟨b, u⟩ = 0
        perp = np.array([-b[1], b[0]]) / np.hypot(*b)
        return [perp, -perp]
    values, vectors = np.linalg.eigh(np.outer(b, b) - c * c * a)
    low, high = values
    rays = []
    for sign in (1.0, -1.0):  # the null directions of an indefinite 2×2 form
        u = vectors[:, 0] * np.sqrt(high) + sign * vectors[:, 1] * np.sqrt(-low)
        u = u / np.hypot(*u)
        rays.append(u if (b @ u) * c > 0 else -u)
    return rays


def sectors(view: PlotView, levels: np.ndarray) -> list[tuple[float, float, int]]:
    """(start angle, end angle, band) covering the circle: the bands of g between the rays of
    the inner levels; band k lies between levels[k] and levels[k + 1]."""
    a, b = chat_form(view)
    angles = sorted(float(np.arctan2(u[1], u[0]))
                    for c in levels[1:-1] for u in level_rays(view, c))
    out = []
    for i, start in enumerate(angles):
        end = angles[(i + 1) % len(angles)] + (2 * np.pi if i + 1 == len(angles) else 0.0)
        mid = (start + end) / 2
        u = np.array([np.cos(mid), np.sin(mid)])
        g = (b @ u) / np.sqrt(u @ a @ u)
        out.append((start, end, int(np.clip(np.searchsorted(levels, g) - 1, 0, BANDS - 1))))
    return out


def c_centre(view: PlotView) -> tuple[np.ndarray, float]:
    """The minimiser of C on the plane (W*; 0 when W* = 0) and the minimum."""
    if view.wstar is None or view.c_at_wstar is None:
        return np.zeros(2), float(view.c_const)
    return np.array(view.wstar, dtype=float), float(view.c_at_wstar)


def ellipse(view: PlotView, level: float, points: int = ELLIPSE_POINTS) -> np.ndarray:
    """The closed curve C = level: centre + Σ √((level − min)/λᵢ) (cos t, sin t)ᵢ eᵢ."""
    centre, low = c_centre(view)
    values, vectors = np.linalg.eigh(np.array(view.c_quad, dtype=float))
    t = np.linspace(0.0, 2 * np.pi, points)
    half_axes = np.sqrt(max(level - low, 0.0) / values)
    return (centre + np.outer(half_axes[0] * np.cos(t), vectors[:, 0])
            + np.outer(half_axes[1] * np.sin(t), vectors[:, 1]))
