"""What the figures show: exact values in the coordinates of the drawn plane, rounded to floats for
the figure process (no matplotlib here).

For p = 2 the plane is ℝ² with coordinates (w1, w2); for p > 2 it is the plane of W* and d with
coordinates in the orthonormal basis of :func:`bnreport.landscape.plane.plot_basis` (z ↦ E z), where
both costs are restricted: Ĉ(Ez) = const − 2γ√N ⟨z, Eᵀb⟩ / √(zᵀ EᵀAE z) and
C(Ez) = zᵀ EᵀXᵀXE z − 2⟨z, EᵀXᵀy⟩ + Σy².  W0 and ∇Ĉ(W*) are shown by their orthogonal projections.
Every value is derived exactly and rounded once, here; :mod:`bnreport.figures` draws the
:class:`bnreport.figtypes.PlotView` and reads the drawing back against it.
"""

from __future__ import annotations

import sympy as sp

from .exact import sign
from .figtypes import NO_DATE, PlotView, PlotWedge, Point, Quadratic
from .landscape import Landscape, Matrix
from .landscape.geometry import dot
from .reproducible import BuildTime


def _float(value: sp.Expr) -> float:
    # 30 digits, then the nearest double: the drawing's tolerance (10⁻⁹ of the window) is far coarser.
    return float(sp.N(value, 30))


def _point(m: Matrix) -> Point:
    x, y = (_float(v) for v in m)
    return (x, y)


def _quadratic(m: Matrix) -> Quadratic:
    return (_point(m.row(0)), _point(m.row(1)))


def _printed(value: sp.Expr, rounded_text: str) -> str:
    return str(value) if value.is_Rational else f"≈ {rounded_text}"


def figure_view(land: Landscape, when: BuildTime = NO_DATE) -> PlotView | None:
    """The view of both figures, dated ``when`` (the build's time); None for p = 1 (there is no
    plane to draw)."""
    data, basis = land.data, land.basis
    if basis is None:
        return None
    et = basis.T
    w0_plane = Matrix(et * data.w0)
    projected = any(sign(e) != 0 for e in Matrix(basis * w0_plane - data.w0))
    labels = (("w₁", "w₂") if data.p == 2 else ("along W*", "orthogonal to W*, towards d"))
    low, high = data.chat_range
    wedges = []
    for wedge in land.wedges:
        prob = land.probability(wedge.reading)
        wedges.append(PlotWedge(
            wedge.reading, _point(et * wedge.start), _point(et * wedge.end), _float(wedge.width),
            None if wedge.degrees is None else (wedge.degrees[0].text, wedge.degrees[1].text),
            _printed(prob.fail, prob.fail_rounded.text)))
    hyp = land.probability("critical").hypothesis
    wstar = None if land.geometry.s == 0 else Matrix(et * data.wstar)
    c_quad, c_lin = Matrix(et * data.xtx * basis), Matrix(et * data.xty)
    return PlotView(
        p=data.p, axis_labels=labels,
        wstar=None if wstar is None else _point(wstar), w0=_point(w0_plane), w0_projected=projected,
        d=_point(et * data.d),
        grad=None if data.grad_chat_wstar is None else _point(et * data.grad_chat_wstar),
        grad_zero=data.grad_chat_wstar is not None and all(
            sign(e) == 0 for e in data.grad_chat_wstar),
        chat_const=_float(data.chat_const), chat_coef=_float(-2 * data.gamma * sp.sqrt(data.N)),
        chat_a=_quadratic(et * data.A * basis), chat_b=_point(et * data.b),
        chat_min=_float(low), chat_max=_float(high),
        c_quad=_quadratic(c_quad), c_lin=_point(c_lin), c_const=_float(data.sum_yy),
        c_at_wstar=None if wstar is None else _float(
            dot(wstar, c_quad * wstar) - 2 * dot(wstar, c_lin) + data.sum_yy),
        wedges=tuple(wedges), hypothesis_probability=str(hyp), when=when)
