"""The two figures as scenes: what is drawn where, in the plane's own coordinates (numpy only).

A scene is plain data — shapes, markers, an arrow, labels, each with a ``tag`` — built from the
:class:`~bnreport.figtypes.PlotView` (the exact view rounded to floats by the build).  Every tagged
object ends up in the PDF as a marked-content group of the same tag (:mod:`bnreport.figtex`), so
that :mod:`bnreport.figcheck` can read the *file* back and compare it with the view.  The level
sets of both costs are solved, not contoured (:mod:`bnreport.figlevels`).

Texts are keys of :data:`bnreport.figtex.TEXT` or derived numbers, never user strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .figlevels import BANDS, ellipse, g_levels, level_rays, sectors
from .figtypes import PlotView, PlotWedge

GRID = 161                 # the smallest ellipse of C spans four steps of this grid
ARC_STEPS = 180            # polygon vertices along a wedge's arc
SIMPLIFY = 1e-4            # contour points dropped within this fraction of the window (0.015 bp)
HATCH = {"critical": "/", "minimisers": "\\"}  # greyscale tells the readings apart by them
TITLE = {"critical": "optima-critical", "minimisers": "optima-minimisers"}


@dataclass(frozen=True)
class Stroke:
    grey: float = 0.0
    width: float = 0.8             # bp
    dash: tuple[float, ...] = ()   # bp on, off, ...


@dataclass(frozen=True, eq=False)
class Shape:
    """Polylines in plane coordinates; ``closed`` ones may be filled (even-odd: holes work)."""

    tag: str
    paths: tuple[np.ndarray, ...]
    stroke: Stroke | None = None
    fill: float | None = None      # grey level of the fill
    closed: bool = False
    hatch: str | None = None       # "/" or "\\": lines clipped to the (closed) shape


@dataclass(frozen=True)
class Marker:
    tag: str
    kind: str                      # "star" (filled) or "circle" (open)
    at: tuple[float, float]


@dataclass(frozen=True)
class Arrow:
    tag: str
    tail: tuple[float, float]
    tip: tuple[float, float]


@dataclass(frozen=True)
class Label:
    """A text at a point of the plane; ``text`` is ours (see :data:`bnreport.figtex.TEXT`) or a
    derived angle in degrees (``kind`` "degrees")."""

    tag: str
    text: str
    at: tuple[float, float]
    kind: str = "degrees"


Item = Shape | Marker | Arrow | Label


@dataclass(frozen=True)
class Panel:
    prefix: str                     # the tags' prefix: "chat", "c", "cone:critical", ...
    title: tuple[str, ...]          # keys of TEXT, one per line, or ("prob", P) for a probability
    axes: str                       # "w" (w₁, w₂) or "plane" (along W*, orthogonal towards d)
    radius: float                   # the window is [-r, r]²
    items: tuple[Item, ...]


@dataclass(frozen=True)
class LegendEntry:
    sample: str                     # "ray-min", "star", "circle", "arrow", "wedge", ...
    text: str                       # key of TEXT


@dataclass(frozen=True)
class Scene:
    name: str
    panels: tuple[Panel, ...]
    legend: tuple[LegendEntry, ...] = field(default=())


STYLE = {
    "ray-min": Stroke(0.0, 1.2), "ray-max": Stroke(0.0, 1.0, (3.0, 1.5)),
    "line-wstar": Stroke(0.35, 0.7, (3.0, 1.2, 0.6, 1.2)), "hyp-line": Stroke(0.0, 0.7, (0.6, 1.4)),
    "axis": Stroke(0.8, 0.3), "contour": Stroke(0.3, 0.3), "wedge": Stroke(0.0, 0.5),
}


def vec(point: tuple[float, ...]) -> np.ndarray:
    return np.array(point, dtype=float)


def radius(view: PlotView) -> float:
    """Half-width of the square window around 0: W* and W0 fit with a margin (d only gives a
    direction: its length is arbitrary)."""
    sizes = [np.linalg.norm(vec(view.w0))]
    if view.wstar is not None:
        sizes.append(np.linalg.norm(vec(view.wstar)))
    if max(sizes) == 0:  # W* = W0 = 0 (Xᵀy = 0): only the direction d is left to frame
        sizes.append(np.linalg.norm(vec(view.d)))
    return float(1.6 * max(sizes))


def grid_step(view: PlotView) -> float:
    return 2 * radius(view) / (GRID - 1)


def c_levels(view: PlotView) -> np.ndarray:
    """Ellipses around the minimum, their long half-axes spread over the window (C is often very
    elongated: equal steps in C would show only parallel lines); the smallest one is still four
    grid steps across its short axis."""
    low = view.c_at_wstar if view.c_at_wstar is not None else view.c_const
    small, large = np.linalg.eigvalsh(np.array(view.c_quad))
    r, step = radius(view), grid_step(view)
    first = max(0.08, 4 * step / (r * np.sqrt(small / large)))
    return low + small * (r * np.geomspace(min(first, 1.0), 1.6, 7)) ** 2


# -- pieces ------------------------------------------------------------------------------------------
def simplified(points: np.ndarray, tol: float) -> np.ndarray:
    """``points`` thinned by Ramer–Douglas–Peucker: every dropped point lies within ``tol`` of the
    kept polyline (C's ellipses: far fewer points where they are flat)."""
    if len(points) < 3:
        return points
    keep = np.zeros(len(points), dtype=bool)
    keep[[0, -1]] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        if last - first < 2:
            continue
        chord = points[last] - points[first]
        rel = points[first + 1:last] - points[first]
        length = np.hypot(*chord)
        dist = (np.abs(chord[0] * rel[:, 1] - chord[1] * rel[:, 0]) / length if length > 0
                else np.hypot(rel[:, 0], rel[:, 1]))
        worst = int(np.argmax(dist))
        if dist[worst] > tol:
            middle = first + 1 + worst
            keep[middle] = True
            stack += [(first, middle), (middle, last)]
    return points[keep]


def _chat_shapes(view: PlotView, tol: float) -> tuple[Shape, ...]:
    """Ĉ's bands (sectors, darker = larger Ĉ) and its inner level rays, tagged
    ``chat:contour:{i}`` (i counts the inner levels of :func:`bnreport.figlevels.g_levels`)."""
    levels = g_levels(view)
    far = 1.5 * radius(view)  # past the window's corners: the panel clips
    increasing = view.chat_coef > 0  # Ĉ = const + coef·g
    bands = []
    for start, end, band in sectors(view, levels):
        rank = band if increasing else BANDS - 1 - band
        angles = np.linspace(start, end, max(2, int((end - start) / (2 * np.pi) * 360)))
        fan = np.vstack([[0.0, 0.0], far * np.column_stack([np.cos(angles), np.sin(angles)])])
        bands.append(Shape("chat:band", (fan,), fill=float(1 - 0.5 * (rank + 0.5) / BANDS),
                           closed=True))
    far = 3 * radius(view)
    lines = tuple(Shape(f"chat:contour:{i}", tuple(np.array([[0.0, 0.0], far * u])
                                                     for u in level_rays(view, c)),
                        STYLE["contour"]) for i, c in enumerate(levels[1:-1]))
    return (*bands, *lines)


def _c_shapes(view: PlotView, tol: float) -> tuple[Shape, ...]:
    """C's bands (painted from the outside in, lighter inwards) and its level ellipses, tagged
    ``c:contour:{i}`` (i indexes :func:`c_levels`)."""
    levels = c_levels(view)
    r = radius(view)
    shades = 1 - 0.2 * np.linspace(0.1, 1, len(levels))
    window = np.array([[-2 * r, -2 * r], [2 * r, -2 * r], [2 * r, 2 * r], [-2 * r, 2 * r]])
    bands = [Shape("c:band", (window,), fill=float(shades[-1]), closed=True)]
    curves = [simplified(ellipse(view, level), tol) for level in levels]
    for k in range(len(levels) - 1, -1, -1):  # inside ellipse k: C < levels[k]
        inner = float(shades[k - 1]) if k > 0 else 1.0
        bands.append(Shape("c:band", (curves[k],), fill=inner, closed=True))
    lines = tuple(Shape(f"c:contour:{i}", (curve,), STYLE["contour"])
                  for i, curve in enumerate(curves))
    return (*bands, *lines)


def _rays(view: PlotView, prefix: str) -> tuple[Shape, ...]:
    d = vec(view.d)
    far = 3 * radius(view) / np.linalg.norm(d)
    return tuple(Shape(f"{prefix}:{name}", (np.array([[0.0, 0.0], sign * far * d]),), STYLE[name])
                 for name, sign in (("ray-min", 1), ("ray-max", -1)))


def _points(view: PlotView, prefix: str) -> tuple[Marker, ...]:
    stars = () if view.wstar is None else (Marker(f"{prefix}:wstar", "star", view.wstar),)
    return (*stars, Marker(f"{prefix}:w0", "circle", view.w0))


def has_arrow(view: PlotView) -> bool:
    return not (view.wstar is None or view.grad is None or view.grad_zero
                or all(v == 0 for v in view.grad))


def _arrow(view: PlotView) -> tuple[Arrow, ...]:
    """The arrow of −∇Ĉ(W*) (rescaled: its direction is what matters)."""
    if not has_arrow(view):
        return ()
    tail, g = vec(view.wstar), vec(view.grad)
    tip = tail - 0.35 * radius(view) * g / np.linalg.norm(g)
    return (Arrow("chat:grad", view.wstar, (float(tip[0]), float(tip[1]))),)


def _axes(view: PlotView) -> str:
    return "w" if view.p == 2 else "plane"


# -- the costs -----------------------------------------------------------------------------------
def costs_scene(view: PlotView) -> Scene:
    """Figure 1: contours of Ĉ (left) and of C (right) over the plane."""
    r = radius(view)
    tol = SIMPLIFY * 2 * r  # a fraction of the window: far below what a printer shows
    chat = Panel("chat", ("chat-title-critical" if view.grad_zero else "chat-title",), _axes(view),
                 r, (*_chat_shapes(view, tol), *_rays(view, "chat"), *_points(view, "chat"),
                     *_arrow(view)))
    c_panel = Panel("c", ("c-title",), _axes(view), r,
                    (*_c_shapes(view, tol), *_rays(view, "c"), *_points(view, "c")))
    legend = [LegendEntry("ray-min", "ray-min"), LegendEntry("ray-max", "ray-max"),
              LegendEntry("star", "wstar"),
              LegendEntry("circle", "w0-projected" if view.w0_projected else "w0")]
    if has_arrow(view):
        legend.append(LegendEntry("arrow", "grad"))
    if view.wstar is None:
        legend = [e for e in legend if e.sample != "star"]
    return Scene("costs", (chat, c_panel), tuple(legend))


# -- the failure cones -----------------------------------------------------------------------------
def wedge_polygon(view: PlotView, wedge: PlotWedge) -> np.ndarray:
    start = vec(wedge.start)
    angles = np.arctan2(start[1], start[0]) + np.linspace(0.0, wedge.width, ARC_STEPS)
    rho = 1.5 * radius(view)  # beyond the corners of the window: the panel clips the polygon
    arc = np.column_stack([rho * np.cos(angles), rho * np.sin(angles)])
    return np.vstack([[0.0, 0.0], arc])


def _cone_panel(view: PlotView, reading: str) -> Panel:
    prefix = f"cone:{reading}"
    wedge = next((w for w in view.wedges if w.reading == reading), None)
    items: list[Item] = []
    r = radius(view)
    if wedge is not None:
        items.append(Shape(f"{prefix}:wedge", (wedge_polygon(view, wedge),), STYLE["wedge"],
                           fill=0.88, closed=True, hatch=HATCH[reading]))
        if wedge.degrees is not None:
            for end, vector, text in (("start", wedge.start, wedge.degrees[0]),
                                      ("end", wedge.end, wedge.degrees[1])):
                u = vec(vector) / np.linalg.norm(vec(vector))
                items.append(Label(f"{prefix}:deg-{end}", text,
                                   (float(0.75 * r * u[0]), float(0.75 * r * u[1]))))
    if view.wstar is not None:
        w = vec(view.wstar)
        far = 3 * r / np.linalg.norm(w)
        items.append(Shape(f"{prefix}:line-wstar", (np.array([-far * w, far * w]),),
                           STYLE["line-wstar"]))
        normal = np.array([-w[1], w[0]])
        items.append(Shape(f"{prefix}:hyp-line", (np.array([-far * normal, far * normal]),),
                           STYLE["hyp-line"]))
    items += [*_rays(view, prefix), *_points(view, prefix)]
    probability = wedge.probability if wedge else "0"
    return Panel(prefix, (TITLE[reading], f"prob:{probability}"), _axes(view), r, tuple(items))


def cone_scene(view: PlotView) -> Scene:
    """Figure 2: the W0 plane with the failure region of each reading shaded."""
    legend = []
    if view.wedges:
        legend.append(LegendEntry("wedge", "wedge"))
    legend += [LegendEntry("ray-min", "ray-min"), LegendEntry("ray-max", "ray-max")]
    if view.wstar is not None:
        legend += [LegendEntry("star", "wstar"), LegendEntry("line-wstar", "line-wstar"),
                   LegendEntry("hyp-line", "hyp-line")]
    legend.append(LegendEntry("circle", "w0-projected" if view.w0_projected else "w0"))
    return Scene("cone", (_cone_panel(view, "critical"), _cone_panel(view, "minimisers")),
                 tuple(legend))
