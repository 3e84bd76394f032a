"""Read the drawn figures back and compare every plotted special object with the exact view.

A figure is not trusted because the code that drew it looks right: after drawing, each artist that
carries a ``gid`` is found again and its data (marker positions, ray and line end points, the arrow,
wedge polygons, contour vertices, printed angles) is compared with the exact values of the
:class:`~bnreport.figtypes.PlotView` (the exact view rounded to floats by the build).  Any mismatch,
missing or duplicated artist raises :class:`FigureMismatch` (a failed check).
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from .figtypes import PlotView, Point
from .figures import HATCH, FigureMismatch, grid_step, radius, vec

REL = 1e-9          # positions: relative to the window radius
CHAT_TOL = 0.02     # contour vertices of Ĉ: fraction of its range (linear interpolation on the grid)
VERTICES = 12       # contour vertices compared per level


def _artists(fig: Figure) -> dict[str, list[Artist]]:
    found: dict[str, list[Artist]] = {}
    for artist in fig.findobj(lambda a: a.get_gid() is not None):
        found.setdefault(artist.get_gid(), []).append(artist)
    return found


class _Reader:
    def __init__(self, name: str, fig: Figure, view: PlotView) -> None:
        self.name, self.view = name, view
        self.found = _artists(fig)
        self.r = radius(view)
        self.verified: list[str] = []

    def fail(self, what: str) -> FigureMismatch:
        return FigureMismatch(f"figure-{self.name}", what)

    def one(self, gid: str) -> Artist:
        artists = self.found.get(gid, [])
        if len(artists) != 1:
            raise self.fail(f"{gid}: expected one artist, found {len(artists)}")
        return artists[0]

    def absent(self, gid: str) -> None:
        if self.found.get(gid):
            raise self.fail(f"{gid}: drawn although the view has nothing to show")

    def near(self, got: np.ndarray, want: np.ndarray, what: str) -> None:
        if not np.all(np.abs(np.asarray(got, float) - want) <= REL * self.r):
            raise self.fail(f"{what}: drawn at {np.round(got, 6).tolist()}, derived "
                            f"{np.round(want, 6).tolist()}")

    # -- objects ------------------------------------------------------------------------------
    def point(self, gid: str, exact: Point | None, what: str) -> None:
        if exact is None:
            self.absent(gid)
            return
        xy = self.one(gid).get_xydata()
        if xy.shape != (1, 2):
            raise self.fail(f"{gid}: expected one marker, got {xy.shape[0]} points")
        self.near(xy[0], vec(exact), what)
        self.verified.append(f"{what} at ({', '.join(f'{v:.6g}' for v in vec(exact))})")

    def ray(self, gid: str, direction: np.ndarray, what: str) -> None:
        """A segment from the origin along ``direction`` past the window's corners."""
        xy = self.one(gid).get_xydata()
        if xy.shape != (2, 2):
            raise self.fail(f"{gid}: a ray is two points, got {xy.shape[0]}")
        self.near(xy[0], np.zeros(2), f"{what}: start")
        self._along(xy[1], direction, f"{what}: end", positive=True)
        self.verified.append(what)

    def line(self, gid: str, direction: np.ndarray, what: str) -> None:
        """A segment through the origin along ±``direction`` past the window on both sides."""
        xy = self.one(gid).get_xydata()
        if xy.shape != (2, 2):
            raise self.fail(f"{gid}: a line is two points, got {xy.shape[0]}")
        self._along(xy[0], -direction, f"{what}: one end", positive=True)
        self._along(xy[1], direction, f"{what}: other end", positive=True)
        self.verified.append(what)

    def _along(self, point: np.ndarray, direction: np.ndarray, what: str, positive: bool) -> None:
        unit = direction / np.linalg.norm(direction)
        length = float(np.dot(point, unit))
        off = float(abs(point[0] * unit[1] - point[1] * unit[0]))
        if off > REL * max(self.r, length) or (positive and length < math.sqrt(2) * self.r):
            raise self.fail(f"{what}: {np.round(point, 6).tolist()} is not on the ray "
                            f"{np.round(unit, 6).tolist()} beyond the window")

    def arrow(self, gid: str) -> None:
        view = self.view
        if view.wstar is None or view.grad is None or view.grad_zero or all(v == 0 for v in view.grad):
            self.absent(gid)
            return
        annotation = self.one(gid)
        tail, tip = np.asarray(annotation.xyann, float), np.asarray(annotation.xy, float)
        self.near(tail, vec(view.wstar), "arrow of −∇Ĉ(W*): tail")
        self._direction(tip - tail, -vec(view.grad), "arrow of −∇Ĉ(W*)")
        self.verified.append("arrow of −∇Ĉ(W*) starts at W* and points along −∇Ĉ(W*)")

    def _direction(self, got: np.ndarray, want: np.ndarray, what: str) -> None:
        g, w = got / np.linalg.norm(got), want / np.linalg.norm(want)
        if np.linalg.norm(g - w) > 1e-9:
            raise self.fail(f"{what}: direction {np.round(g, 6).tolist()}, derived "
                            f"{np.round(w, 6).tolist()}")

    def contours(self, gid: str, cost, low: float, high: float, tol: float, what: str) -> None:
        """Vertices of every drawn level curve (away from the origin) lie on their level."""
        artist = self.one(gid)
        levels, paths = np.asarray(artist.levels, float), artist.get_paths()
        if len(levels) == 0 or levels.min() < low - 1e-9 * abs(low) or levels.max() > high:
            raise self.fail(f"{what}: levels {levels.tolist()} outside [{low}, {high}]")
        compared = 0
        for level, path in zip(levels, paths, strict=True):
            vertices = path.vertices[np.hypot(*path.vertices.T) > 0.3 * self.r]
            for v in vertices[:: max(1, len(vertices) // VERTICES)][:VERTICES]:
                value = cost(v)
                if abs(value - level) > tol(level):
                    raise self.fail(f"{what}: vertex {np.round(v, 6).tolist()} of level "
                                    f"{level:.6g} has value {value:.6g}")
                compared += 1
        if compared == 0:
            raise self.fail(f"{what}: no contour vertex to compare")
        self.verified.append(f"{what}: {len(levels)} levels, {compared} vertices on their level")

    def wedge(self, reading: str) -> None:
        gid = f"cone:{reading}:wedge"
        wedge = next((w for w in self.view.wedges if w.reading == reading), None)
        if wedge is None:
            self.absent(gid)
            self.verified.append(f"no failure region ({reading})")
            return
        patch = self.one(gid)
        xy = patch.get_xy()
        self.near(xy[0], np.zeros(2), f"wedge ({reading}): apex")
        arc = xy[1:-1] if np.allclose(xy[-1], xy[0]) else xy[1:]
        self._direction(arc[0], vec(wedge.start), f"wedge ({reading}): first edge")
        self._direction(arc[-1], vec(wedge.end), f"wedge ({reading}): last edge")
        steps = np.diff(np.unwrap(np.arctan2(arc[:, 1], arc[:, 0])))
        if np.any(steps <= 0) or abs(steps.sum() - wedge.width) > 1e-9:
            raise self.fail(f"wedge ({reading}): the arc does not sweep counter-clockwise "
                            f"through {wedge.width:.9f} rad")
        if patch.get_hatch() != HATCH[reading]:
            raise self.fail(f"wedge ({reading}): hatch {patch.get_hatch()!r} (greyscale needs it)")
        self.verified.append(f"failure wedge ({reading}) from its derived start to end ray")
        if wedge.degrees is not None:
            for end, text in zip(("start", "end"), wedge.degrees, strict=True):
                shown = self.one(f"cone:{reading}:deg-{end}").get_text()
                if shown != f"{text}°":
                    raise self.fail(f"wedge ({reading}): angle printed {shown!r}, derived {text}°")
            self.verified.append(f"wedge angles ({reading}) printed as {wedge.degrees[0]}° and "
                                 f"{wedge.degrees[1]}°")


# -- the two figures ----------------------------------------------------------------------------
def _chat_float(view: PlotView):
    a, b, const, coef = view.chat_a, view.chat_b, view.chat_const, view.chat_coef

    def cost(v: np.ndarray) -> float:
        x, y = float(v[0]), float(v[1])
        quad = a[0][0] * x * x + (a[0][1] + a[1][0]) * x * y + a[1][1] * y * y
        return const + coef * (b[0] * x + b[1] * y) / math.sqrt(quad)
    return cost


def _c_float(view: PlotView):
    a, b, const = view.c_quad, view.c_lin, view.c_const

    def cost(v: np.ndarray) -> float:
        x, y = float(v[0]), float(v[1])
        return (a[0][0] * x * x + (a[0][1] + a[1][0]) * x * y + a[1][1] * y * y
                - 2 * (b[0] * x + b[1] * y) + const)
    return cost


def verify_costs(fig: Figure, view: PlotView) -> tuple[str, ...]:
    reader = _Reader("costs", fig, view)
    d = vec(view.d)
    for prefix in ("chat", "c"):
        reader.point(f"{prefix}:wstar", view.wstar, "W*")
        reader.point(f"{prefix}:w0", view.w0, "W0")
        reader.ray(f"{prefix}:ray-min", d, "ray of minimisers t·d, t > 0")
        reader.ray(f"{prefix}:ray-max", -d, "ray of maximisers t·d, t < 0")
    reader.arrow("chat:grad")
    low, high = view.chat_min, view.chat_max
    reader.contours("chat:contours", _chat_float(view), low, high,
                    lambda level: CHAT_TOL * (high - low), "contours of Ĉ")
    c_min = view.c_at_wstar if view.c_at_wstar is not None else -math.inf
    # Linear interpolation of a quadratic along a grid edge of length h errs by at most
    # h²/8 · (largest second derivative 2λmax): a bound, not a guess.
    largest = float(np.linalg.eigvalsh(np.array(view.c_quad))[-1])
    bound = grid_step(view) ** 2 * largest / 4
    reader.contours("c:contours", _c_float(view), c_min, math.inf,
                    lambda level: bound * (1 + 1e-6) + 1e-9 * abs(level), "contours of C")
    return tuple(reader.verified)


def verify_cone(fig: Figure, view: PlotView) -> tuple[str, ...]:
    reader = _Reader("cone", fig, view)
    d = vec(view.d)
    for reading in ("critical", "minimisers"):
        prefix = f"cone:{reading}"
        reader.wedge(reading)
        reader.ray(f"{prefix}:ray-min", d, f"ray of minimisers ({reading})")
        reader.ray(f"{prefix}:ray-max", -d, f"ray of maximisers ({reading})")
        reader.point(f"{prefix}:wstar", view.wstar, f"W* ({reading})")
        reader.point(f"{prefix}:w0", view.w0, f"W0 ({reading})")
        if view.wstar is not None:
            w = vec(view.wstar)
            reader.line(f"{prefix}:line-wstar", w, f"line of W* ({reading})")
            reader.line(f"{prefix}:hyp-line", np.array([-w[1], w[0]]),
                        f"boundary ⟨W0, W*⟩ = 0 ({reading})")
    return tuple(reader.verified)
