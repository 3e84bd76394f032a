"""Read the figure PDFs back and compare every plotted special object with the exact view.

A figure is not trusted because the code that drew it looks right: after pdfTeX has written the
file, :mod:`bnreport.figread` extracts each tagged group from the page, the window's frame maps
page points back to the plane, and the group's geometry (marker centres, ray and line ends, the
arrow, wedge polygons and their hatching, contour vertices, printed angles) is compared with the
:class:`~bnreport.figtypes.PlotView` (the exact view rounded to floats by the build).  Any
mismatch, missing or duplicated group raises :class:`FigureMismatch` (a failed check).

Tolerances follow from how the file is written: coordinates carry four decimals of a bp
(:func:`bnreport.figtex.num`), so a position is exact to ``POSITION_BP`` bp, i.e. to a few
millionths of the window.
"""

from __future__ import annotations

import math
import zlib

import numpy as np

from .errors import CheckFailed
from .figlevels import g_levels, g_range
from .figread import Group, UnreadablePdf, read_groups
from .figscene import HATCH, c_levels, has_arrow, radius, vec
from .figtypes import PlotView, Point

POSITION_BP = 2e-4  # four decimals written, plus the rounding of the frame's own corners
ANGLE = 2e-6        # radians: directions read from points hundreds of bp away
VERTICES = 12       # contour vertices compared per level


class FigureMismatch(CheckFailed):
    """The drawing does not show what the exact view says."""


class _Reader:
    def __init__(self, name: str, pdf: bytes, view: PlotView) -> None:
        self.name, self.view = name, view
        try:
            self.found = read_groups(pdf)
        except (UnreadablePdf, ValueError, IndexError, zlib.error) as err:
            raise self.fail(f"the PDF cannot be read back: {err}") from None
        self.r = radius(view)
        self.verified: list[str] = []
        self.origin, self.scale, self.tol = np.zeros(2), 1.0, 0.0

    def fail(self, what: str) -> FigureMismatch:
        return FigureMismatch(f"figure-{self.name}", what)

    def groups(self, tag: str) -> list[Group]:
        return self.found.get(tag, [])

    def one(self, tag: str) -> Group:
        groups = self.groups(tag)
        if len(groups) != 1:
            raise self.fail(f"{tag}: expected one group, found {len(groups)}")
        if not groups[0].paths and groups[0].actual_text is None:
            raise self.fail(f"{tag}: the group draws nothing")
        return groups[0]

    def absent(self, tag: str) -> None:
        if self.groups(tag):
            raise self.fail(f"{tag}: drawn although the view has nothing to show")

    def panel(self, prefix: str) -> None:
        """The window [-r, r]² of the panel is its framed square: page points → plane points."""
        frame = self.one(f"{prefix}:frame")
        corners = frame.paths[0] if len(frame.paths) == 1 else None
        if corners is None or corners.shape != (4, 2):
            raise self.fail(f"{prefix}:frame: expected one rectangle")
        low, high = corners.min(axis=0), corners.max(axis=0)
        side = high - low
        if abs(side[0] - side[1]) > 2 * POSITION_BP or side[0] <= 0:
            raise self.fail(f"{prefix}:frame: not a square ({side.tolist()} bp)")
        self.origin, self.scale = low + side / 2, 2 * self.r / side[0]
        self.tol = POSITION_BP * self.scale

    def plane(self, points: np.ndarray) -> np.ndarray:
        return (np.asarray(points, float) - self.origin) * self.scale

    def near(self, got: np.ndarray, want: np.ndarray, what: str) -> None:
        if not np.all(np.abs(np.asarray(got, float) - want) <= self.tol):
            raise self.fail(f"{what}: drawn at {np.round(got, 6).tolist()}, derived "
                            f"{np.round(want, 6).tolist()}")

    # -- objects ------------------------------------------------------------------------------
    def point(self, tag: str, exact: Point | None, what: str) -> None:
        """A marker: the mean of its distinct points is its centre (star and ring alike)."""
        if exact is None:
            self.absent(tag)
            return
        group = self.one(tag)
        if len(group.paths) != 1:
            raise self.fail(f"{tag}: expected one marker, got {len(group.paths)} paths")
        distinct = np.unique(np.round(group.paths[0], 6), axis=0)
        self.near(self.plane(distinct.mean(axis=0)), vec(exact), what)
        self.verified.append(f"{what} at ({', '.join(f'{v:.6g}' for v in vec(exact))})")

    def _segment(self, tag: str, what: str) -> np.ndarray:
        group = self.one(tag)
        if len(group.paths) != 1 or group.paths[0].shape != (2, 2):
            raise self.fail(f"{tag}: {what} is one segment")
        return self.plane(group.paths[0])

    def ray(self, tag: str, direction: np.ndarray, what: str) -> None:
        """A segment from the origin along ``direction`` past the window's corners."""
        xy = self._segment(tag, "a ray")
        self.near(xy[0], np.zeros(2), f"{what}: start")
        self._along(xy[1], direction, f"{what}: end")
        self.verified.append(what)

    def line(self, tag: str, direction: np.ndarray, what: str) -> None:
        """A segment through the origin along ±``direction`` past the window on both sides."""
        xy = self._segment(tag, "a line")
        self._along(xy[0], -direction, f"{what}: one end")
        self._along(xy[1], direction, f"{what}: other end")
        self.verified.append(what)

    def _along(self, point: np.ndarray, direction: np.ndarray, what: str) -> None:
        unit = direction / np.linalg.norm(direction)
        length = float(np.dot(point, unit))
        off = float(abs(point[0] * unit[1] - point[1] * unit[0]))
        if off > self.tol + ANGLE * length or length < math.sqrt(2) * self.r:
            raise self.fail(f"{what}: {np.round(point, 6).tolist()} is not on the ray "
                            f"{np.round(unit, 6).tolist()} beyond the window")

    def _direction(self, got: np.ndarray, want: np.ndarray, what: str, tol: float) -> None:
        g, w = got / np.linalg.norm(got), want / np.linalg.norm(want)
        if np.linalg.norm(g - w) > tol:
            raise self.fail(f"{what}: direction {np.round(g, 6).tolist()}, derived "
                            f"{np.round(w, 6).tolist()}")

    def arrow(self, tag: str) -> None:
        view = self.view
        if not has_arrow(view):
            self.absent(tag)
            return
        group = self.one(tag)
        if len(group.paths) != 2:
            raise self.fail(f"{tag}: an arrow is a shaft and a head")
        tail, tip = self.plane(group.paths[0][0]), self.plane(group.paths[1][0])
        self.near(tail, vec(view.wstar), "arrow of −∇Ĉ(W*): tail")
        # the tip is 0.35 r away, written to POSITION_BP: its direction is good to tol / length
        self._direction(tip - tail, -vec(view.grad), "arrow of −∇Ĉ(W*)",
                        2 * self.tol / np.linalg.norm(tip - tail) + ANGLE)
        self.verified.append("arrow of −∇Ĉ(W*) starts at W* and points along −∇Ĉ(W*)")

    def contours(self, prefix: str, levels: np.ndarray, cost, tol, what: str,
                 paths: int | None = None) -> None:
        """Vertices of every drawn level curve (away from the origin) lie on their level, within
        ``tol(vertex)`` (what the written precision allows there); a curve for a level that is not
        derived, a derived level without its curve, or (``paths``) another number of pieces
        fails."""
        compared = 0
        drawn = sorted(tag for tag in self.found if tag.startswith(f"{prefix}:contour:"))
        expected = [f"{prefix}:contour:{i}" for i in range(len(levels))]
        if drawn != sorted(expected):
            raise self.fail(f"{what}: levels drawn {drawn}, derived {expected}")
        for tag, level in zip(expected, levels, strict=True):
            found = self.groups(tag)[0].paths
            if paths is not None and len(found) != paths:
                raise self.fail(f"{what}: level {level:.6g} drawn as {len(found)} pieces, "
                                f"derived {paths}")
            for path in found:
                points = self.plane(path)
                points = points[np.hypot(*points.T) > 0.3 * self.r]
                for v in points[:: max(1, len(points) // VERTICES)][:VERTICES]:
                    value = cost(v)
                    if abs(value - level) > tol(v, level):
                        raise self.fail(f"{what}: vertex {np.round(v, 6).tolist()} of level "
                                        f"{level:.6g} has value {value:.6g}")
                    compared += 1
        if compared == 0:
            raise self.fail(f"{what}: no contour vertex to compare")
        self.verified.append(f"{what}: {len(levels)} levels, {compared} vertices on their level")

    def wedge(self, reading: str) -> None:
        tag = f"cone:{reading}:wedge"
        wedge = next((w for w in self.view.wedges if w.reading == reading), None)
        if wedge is None:
            self.absent(tag)
            self.verified.append(f"no failure region ({reading})")
            return
        group = self.one(tag)
        polygon = self.plane(group.paths[0])
        self.near(polygon[0], np.zeros(2), f"wedge ({reading}): apex")
        arc = polygon[1:]
        self._direction(arc[0], vec(wedge.start), f"wedge ({reading}): first edge", ANGLE)
        self._direction(arc[-1], vec(wedge.end), f"wedge ({reading}): last edge", ANGLE)
        steps = np.diff(np.unwrap(np.arctan2(arc[:, 1], arc[:, 0])))
        if np.any(steps <= 0) or abs(steps.sum() - wedge.width) > ANGLE:
            raise self.fail(f"wedge ({reading}): the arc does not sweep counter-clockwise "
                            f"through {wedge.width:.9f} rad")
        self._hatched(group, reading)
        self.verified.append(f"failure wedge ({reading}) from its derived start to end ray")
        if wedge.degrees is not None:
            for end, text in zip(("start", "end"), wedge.degrees, strict=True):
                shown = self.one(f"cone:{reading}:deg-{end}").actual_text
                if shown != f"{text}°":
                    raise self.fail(f"wedge ({reading}): angle printed {shown!r}, derived {text}°")
            self.verified.append(f"wedge angles ({reading}) printed as {wedge.degrees[0]}° and "
                                 f"{wedge.degrees[1]}°")

    def _hatched(self, group: Group, reading: str) -> None:
        """Greyscale tells the readings apart by the slope of the hatching."""
        lines = [p for p, op in zip(group.paths, group.painted, strict=True)
                 if op == "S" and p.shape == (2, 2)]
        slope = 1 if HATCH[reading] == "/" else -1
        if not lines or any(abs((b[1] - a[1]) - slope * (b[0] - a[0])) > 1e-3 for a, b in lines):
            raise self.fail(f"wedge ({reading}): not hatched {HATCH[reading]!r} (greyscale "
                            "needs it)")


# -- the two figures ----------------------------------------------------------------------------
def _g(view: PlotView):
    """g(w) = ⟨b, w⟩/√(wᵀAw) (Ĉ = const + coef·g), and its derivative along the circle."""
    a, b = np.array(view.chat_a, dtype=float), np.array(view.chat_b, dtype=float)

    def g(v: np.ndarray) -> float:
        return float((b @ v) / math.sqrt(v @ a @ v))

    def turn(v: np.ndarray) -> float:  # |dg/dφ| at the direction of v
        u = v / np.hypot(*v)
        du = np.array([-u[1], u[0]])
        s = math.sqrt(u @ a @ u)
        return abs(float((b @ du) / s - (b @ u) * (u @ a @ du) / s**3))
    return g, turn


def _c_float(view: PlotView):
    a, b, const = np.array(view.c_quad, dtype=float), np.array(view.c_lin, dtype=float), \
        view.c_const

    def cost(v: np.ndarray) -> float:
        return float(v @ a @ v - 2 * (b @ v) + const)

    def slope(v: np.ndarray) -> float:  # |∇C(v)|
        return float(np.hypot(*(2 * (a @ v) - 2 * b)))
    return cost, slope


def _common(reader: _Reader, prefix: str, view: PlotView, what: str = "") -> None:
    d = vec(view.d)
    reader.point(f"{prefix}:wstar", view.wstar, f"W*{what}")
    reader.point(f"{prefix}:w0", view.w0, f"W0{what}")
    reader.ray(f"{prefix}:ray-min", d, f"ray of minimisers t·d, t > 0{what}")
    reader.ray(f"{prefix}:ray-max", -d, f"ray of maximisers t·d, t < 0{what}")


def verify_costs(pdf: bytes, view: PlotView) -> tuple[str, ...]:
    reader = _Reader("costs", pdf, view)
    reader.panel("chat")
    _common(reader, "chat", view)
    reader.arrow("chat:grad")
    # Ĉ's level sets are rays: a vertex at distance |v| is off its direction by at most
    # √2·tol/|v| radians, which moves g by at most |dg/dφ| times that (plus float noise).
    g, turn = _g(view)
    scale = g_range(view)
    reader.contours("chat", g_levels(view)[1:-1], g,
                    lambda v, level: turn(v) * 2 * reader.tol / np.hypot(*v) + 1e-9 * scale,
                    "contours of Ĉ", paths=2)
    reader.panel("c")
    _common(reader, "c", view)
    # C's level sets are ellipses drawn through exact points: a vertex is off by at most √2·tol
    # in position, which moves C by |∇C| times that (plus float noise).
    cost, slope = _c_float(view)
    reader.contours("c", c_levels(view), cost,
                    lambda v, level: slope(v) * 2 * reader.tol + 1e-9 * max(1.0, abs(level)),
                    "contours of C")
    return tuple(reader.verified)


def verify_cone(pdf: bytes, view: PlotView) -> tuple[str, ...]:
    reader = _Reader("cone", pdf, view)
    for reading in ("critical", "minimisers"):
        prefix = f"cone:{reading}"
        reader.panel(prefix)
        reader.wedge(reading)
        _common(reader, prefix, view, f" ({reading})")
        if view.wstar is not None:
            w = vec(view.wstar)
            reader.line(f"{prefix}:line-wstar", w, f"line of W* ({reading})")
            reader.line(f"{prefix}:hyp-line", np.array([-w[1], w[0]]),
                        f"boundary ⟨W0, W*⟩ = 0 ({reading})")
        else:
            reader.absent(f"{prefix}:line-wstar")
    return tuple(reader.verified)
