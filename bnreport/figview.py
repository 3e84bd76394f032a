"""What the figures show, as exact values in the coordinates of the drawn plane (no matplotlib here).

For p = 2 the plane is ℝ² with coordinates (w1, w2); for p > 2 it is the plane of W* and d with
coordinates in the orthonormal basis of :func:`bnreport.landscape.plane.plot_basis` (z ↦ E z), where
both costs are restricted: Ĉ(Ez) = const − 2γ√N ⟨z, Eᵀb⟩ / √(zᵀ EᵀAE z) and
C(Ez) = zᵀ EᵀXᵀXE z − 2⟨z, EᵀXᵀy⟩ + Σy².  W0 and ∇Ĉ(W*) are shown by their orthogonal projections.
:func:`plot_view` rounds it to floats (:class:`bnreport.figtypes.PlotView`), which
:mod:`bnreport.figures` draws and reads back.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from .exact import sign
from .figtypes import PlotView, PlotWedge, Point
from .landscape import Landscape, Matrix
from .landscape.geometry import dot


@dataclass(frozen=True)
class WedgeView:
    reading: str
    start: Matrix    # plot coordinates; the wedge runs counter-clockwise from start to end
    end: Matrix
    width: sp.Expr   # radians
    degrees: tuple[str, str] | None  # polar angles as printed (p = 2), certified roundings
    probability: str  # P(fail) as printed: exact if rational, else certified decimals


@dataclass(frozen=True)
class FigureView:
    p: int
    axis_labels: tuple[str, str]
    wstar: Matrix | None   # None when W* = 0
    w0: Matrix
    w0_projected: bool     # W0 is not in the plane (p > 2): its projection is drawn
    d: Matrix              # direction of the minimisers of Ĉ
    grad: Matrix | None    # ∇Ĉ(W*) (projected); None when W* = 0
    grad_zero: bool        # ∇Ĉ(W*) = 0 exactly: W* is a critical point of Ĉ
    chat_const: sp.Expr
    chat_coef: sp.Expr     # −2γ√N
    chat_a: Matrix         # EᵀAE
    chat_b: Matrix         # Eᵀb
    chat_min: sp.Expr
    chat_max: sp.Expr
    c_quad: Matrix         # EᵀXᵀXE
    c_lin: Matrix          # EᵀXᵀy
    c_const: sp.Expr       # Σy²
    wedges: tuple[WedgeView, ...]
    hypothesis_probability: str

    def chat(self, z: Matrix) -> sp.Expr:
        """Ĉ at plot coordinates z, exactly (for the read-back of the contours)."""
        return self.chat_const + self.chat_coef * dot(z, self.chat_b) / sp.sqrt(dot(z, self.chat_a * z))

    def c(self, z: Matrix) -> sp.Expr:
        return dot(z, self.c_quad * z) - 2 * dot(z, self.c_lin) + self.c_const


def _printed(value: sp.Expr, rounded_text: str) -> str:
    return str(value) if value.is_Rational else f"≈ {rounded_text}"


def figure_view(land: Landscape) -> FigureView | None:
    """The exact view of both figures; None for p = 1 (there is no plane to draw)."""
    data, basis = land.data, land.basis
    if basis is None:
        return None
    et = basis.T
    w0_plane = Matrix(et * data.w0)
    projected = any(sign(e) != 0 for e in Matrix(basis * w0_plane - data.w0))
    labels = (("w₁", "w₂") if data.p == 2 else ("along W*", "orthogonal to W*, towards d"))
    m = dot(data.b, data.A.LUsolve(data.b))
    const, spread = data.chat_const, 2 * abs(data.gamma) * sp.sqrt(data.N * m)
    wedges = []
    for wedge in land.wedges:
        prob = land.probability(wedge.reading)
        wedges.append(WedgeView(
            wedge.reading, Matrix(et * wedge.start), Matrix(et * wedge.end), wedge.width,
            None if wedge.degrees is None else (wedge.degrees[0].text, wedge.degrees[1].text),
            _printed(prob.fail, prob.fail_rounded.text)))
    hyp = land.probability("critical").hypothesis
    return FigureView(
        p=data.p, axis_labels=labels,
        wstar=None if land.geometry.s == 0 else Matrix(et * data.wstar),
        w0=w0_plane, w0_projected=projected, d=Matrix(et * data.d),
        grad=None if data.grad_chat_wstar is None else Matrix(et * data.grad_chat_wstar),
        grad_zero=data.grad_chat_wstar is not None and all(
            sign(e) == 0 for e in data.grad_chat_wstar),
        chat_const=const, chat_coef=-2 * data.gamma * sp.sqrt(data.N),
        chat_a=Matrix(et * data.A * basis), chat_b=Matrix(et * data.b),
        chat_min=const - spread, chat_max=const + spread,
        c_quad=Matrix(et * data.xtx * basis), c_lin=Matrix(et * data.xty), c_const=data.sum_yy,
        wedges=tuple(wedges), hypothesis_probability=str(hyp))


def _float(value: sp.Expr) -> float:
    # 30 digits, then the nearest double: the drawing's tolerance (10⁻⁹ of the window) is far coarser.
    return float(sp.N(value, 30))


def _point(m: Matrix) -> Point:
    x, y = (_float(v) for v in m)
    return (x, y)


def plot_view(view: FigureView) -> PlotView:
    """The exact view in floats, for the figure process (which has no sympy)."""
    def quadratic(m: Matrix) -> tuple[Point, Point]:
        return (_point(m.row(0)), _point(m.row(1)))

    return PlotView(
        p=view.p, axis_labels=view.axis_labels,
        wstar=None if view.wstar is None else _point(view.wstar), w0=_point(view.w0),
        w0_projected=view.w0_projected, d=_point(view.d),
        grad=None if view.grad is None else _point(view.grad), grad_zero=view.grad_zero,
        chat_const=_float(view.chat_const), chat_coef=_float(view.chat_coef),
        chat_a=quadratic(view.chat_a), chat_b=_point(view.chat_b),
        chat_min=_float(view.chat_min), chat_max=_float(view.chat_max),
        c_quad=quadratic(view.c_quad), c_lin=_point(view.c_lin), c_const=_float(view.c_const),
        c_at_wstar=None if view.wstar is None else _float(view.c(view.wstar)),
        wedges=tuple(PlotWedge(w.reading, _point(w.start), _point(w.end), _float(w.width),
                               w.degrees, w.probability) for w in view.wedges),
        hypothesis_probability=view.hypothesis_probability)
