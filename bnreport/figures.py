"""The two figures of "All initialisations": vector PDF through matplotlib's PDF backend only.

Why matplotlib (and not pgfplots): its PDF backend needs nothing from TeX, draws filled contours,
and with fixed metadata writes identical bytes on every run; pgfplots needs texlive-pictures and
cannot compute contours under pdflatex without shell escape.  No pyplot state is used: each figure
is a :class:`matplotlib.figure.Figure` with its own :class:`FigureCanvasPdf`, rcParams are set in
a context, and fonts are embedded as TrueType subsets (``pdf.fonttype`` 42).

Every special point is taken from the :class:`~bnreport.figtypes.PlotView`, the exact view
rounded to floats by the build (this process never imports sympy), and every artist that shows
one carries a ``gid`` so that :mod:`bnreport.figcheck` can read the drawing back and compare it
with the view.  No user text is drawn; :func:`escape_mathtext` is what any future user label must go through.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import matplotlib
import numpy as np
from matplotlib.backends.backend_pdf import FigureCanvasPdf
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Polygon

from .errors import CheckFailed
from .figtypes import FigureFile, FiguresResult, PlotView, PlotWedge
from .reproducible import BuildTime, pdf_datetime

WIDTH = 15 / 2.54          # inches: one column of an A4 note
#: Heights in inches, tried in turn until every text is on the page (see :func:`fits`).
HEIGHTS = {"costs": (3.7, 3.95, 4.2, 4.5), "cone": (3.95, 4.2, 4.5)}
GRID = 161                 # contour grid points per axis
ARC_STEPS = 180            # polygon vertices along a wedge's arc
RC = {
    "pdf.fonttype": 42, "font.family": "DejaVu Serif", "mathtext.fontset": "dejavuserif",
    "font.size": 8, "axes.titlesize": 8.5, "axes.labelsize": 8, "legend.fontsize": 7.5,
    "xtick.labelsize": 7, "ytick.labelsize": 7, "hatch.linewidth": 0.5, "pdf.compression": 6,
    "axes.unicode_minus": True, "axes.formatter.use_mathtext": False,
}
STYLE = {
    "ray-min": {"color": "black", "lw": 1.6, "ls": "-"},
    "ray-max": {"color": "black", "lw": 1.3, "ls": (0, (4, 2))},
    "line-wstar": {"color": "0.35", "lw": 0.9, "ls": "-."},
    "hyp-line": {"color": "black", "lw": 0.9, "ls": ":"},
}
#: Every text of the figures (ours, never the user's): plain Unicode in DejaVu Serif, which has
#: all these glyphs.  No mathtext: parsing it costs ~20 ms per string and size.
TEXT = {
    "wedge": "Lemma 4.5 fails",
    "ray-min": "minimisers of Ĉ: t·d, t > 0", "ray-max": "maximisers of Ĉ: t·d, t < 0",
    "wstar": "W* (minimiser of C)", "w0": "W₀", "w0-projected": "W₀ (projected)",
    "chat-title": "BN cost Ĉ (darker = larger)", "chat-title-critical": "BN cost Ĉ (∇Ĉ(W*) = 0)",
    "c-title": "plain cost C (minimum at W*)", "grad": "direction of −∇Ĉ(W*)",
    "line-wstar": "line ℝW*", "hyp-line": "⟨W₀, W*⟩ = 0 (edge of the hypothesis)",
}
HATCH = {"critical": "////", "minimisers": "\\\\\\\\"}
TITLE = {"critical": "optima = all critical points", "minimisers": "optima = minimisers only"}
FILES = {"costs": "landscape-costs.pdf", "cone": "landscape-cone.pdf"}


class FigureMismatch(CheckFailed):
    """The drawing does not show what the exact view says (or does not fit on the page)."""


def escape_mathtext(text: str) -> str:
    """Plain text that mathtext shows literally: ``$`` and ``\\`` lose their meaning."""
    return text.replace("\\", r"\\").replace("$", r"\$")


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
    return 1.6 * max(sizes)


def grid(view: PlotView) -> tuple[np.ndarray, np.ndarray]:
    r = radius(view)
    axis = np.linspace(-r, r, GRID)
    return np.meshgrid(axis, axis)


def chat_values(view: PlotView, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    a, b = np.array(view.chat_a), vec(view.chat_b)
    quad = a[0, 0] * x * x + 2 * a[0, 1] * x * y + a[1, 1] * y * y
    with np.errstate(divide="ignore", invalid="ignore"):
        z = view.chat_const + view.chat_coef * (b[0] * x + b[1] * y) / np.sqrt(quad)
    return np.where(np.hypot(x, y) > 1e-3 * radius(view), z, np.nan)  # Ĉ is undefined at 0


def c_values(view: PlotView, x: np.ndarray, y: np.ndarray) -> np.ndarray:
    a, b = np.array(view.c_quad), vec(view.c_lin)
    return (a[0, 0] * x * x + 2 * a[0, 1] * x * y + a[1, 1] * y * y
            - 2 * (b[0] * x + b[1] * y) + view.c_const)


def c_levels(view: PlotView) -> np.ndarray:
    """Ellipses around the minimum, their long half-axes spread over the window (C is often very
    elongated: equal steps in C would show only parallel lines); the smallest one is still four
    grid steps across its short axis."""
    low = view.c_at_wstar if view.c_at_wstar is not None else view.c_const
    small, large = np.linalg.eigvalsh(np.array(view.c_quad))
    r, step = radius(view), grid_step(view)
    first = max(0.08, 4 * step / (r * np.sqrt(small / large)))
    return low + small * (r * np.geomspace(min(first, 1.0), 1.6, 7)) ** 2


def grid_step(view: PlotView) -> float:
    return 2 * radius(view) / (GRID - 1)


def chat_levels(view: PlotView) -> np.ndarray:
    return np.linspace(view.chat_min, view.chat_max, 13)


# -- drawing ----------------------------------------------------------------------------------------
def _frame(ax, view: PlotView, title: str) -> None:
    r = radius(view)
    ax.set_xlim(-r, r)
    ax.set_ylim(-r, r)
    ax.set_aspect("equal")
    ax.set_title(title)
    ax.set_xlabel(view.axis_labels[0])
    ax.set_ylabel(view.axis_labels[1])
    ax.axhline(0, color="0.8", lw=0.4, zorder=0)
    ax.axvline(0, color="0.8", lw=0.4, zorder=0)


def _rays(ax, view: PlotView, prefix: str) -> None:
    d = vec(view.d)
    far = 3 * radius(view) / np.linalg.norm(d)
    for name, sign_, label in (("ray-min", 1, TEXT["ray-min"]),
                               ("ray-max", -1, TEXT["ray-max"])):
        (line,) = ax.plot([0, sign_ * far * d[0]], [0, sign_ * far * d[1]], label=label,
                          **STYLE[name])
        line.set_gid(f"{prefix}:{name}")


def _points(ax, view: PlotView, prefix: str) -> None:
    if view.wstar is not None:
        w = vec(view.wstar)
        (star,) = ax.plot([w[0]], [w[1]], ls="none", marker="*", ms=10, color="black",
                          label=TEXT["wstar"], zorder=5)
        star.set_gid(f"{prefix}:wstar")
    w0 = vec(view.w0)
    label = TEXT["w0-projected"] if view.w0_projected else TEXT["w0"]
    (mark,) = ax.plot([w0[0]], [w0[1]], ls="none", marker="o", ms=11, mfc="none", mec="black",
                      mew=1.1, label=label, zorder=6)
    mark.set_gid(f"{prefix}:w0")


def _gradient(ax, view: PlotView) -> bool:
    """The arrow of −∇Ĉ(W*) (rescaled: its direction is what matters); False if there is none."""
    if view.wstar is None or view.grad is None or view.grad_zero or all(v == 0 for v in view.grad):
        return False
    tail, g = vec(view.wstar), vec(view.grad)
    tip = tail - 0.35 * radius(view) * g / np.linalg.norm(g)
    arrow = ax.annotate("", xy=(tip[0], tip[1]), xytext=(tail[0], tail[1]), zorder=7,
                        arrowprops={"arrowstyle": "-|>", "color": "black", "lw": 1.3,
                                    "shrinkA": 0, "shrinkB": 0, "mutation_scale": 10})
    arrow.set_gid("chat:grad")
    return True


def fits(fig: Figure) -> bool:
    """After saving: is every title, axis label, visible tick label and legend on the page?
    (Constrained layout with square axes can push a title past the top edge when the height is
    close to the width-limited regime.)"""
    renderer = fig._get_renderer()
    texts = [legend.get_window_extent(renderer) for legend in fig.legends]
    for ax in fig.axes:
        texts += [t.get_window_extent(renderer)
                  for t in (ax.title, ax.xaxis.label, ax.yaxis.label) if t.get_text()]
        for axis, (low, high) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            texts += [tick.label1.get_window_extent(renderer) for tick in axis.get_major_ticks()
                      if low <= tick.get_loc() <= high and tick.label1.get_text()]
    page = fig.bbox
    return all(b.x0 >= page.x0 - 0.5 and b.y0 >= page.y0 - 0.5 and b.x1 <= page.x1 + 0.5
               and b.y1 <= page.y1 + 0.5 for b in texts)


def draw_costs(view: PlotView, height: float = HEIGHTS["costs"][0]) -> Figure:
    """Figure 1: contours of Ĉ (left) and of C (right) over the plane."""
    with matplotlib.rc_context(RC):
        return _draw_costs(view, height)


def _draw_costs(view: PlotView, height: float) -> Figure:
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    FigureCanvasPdf(fig)
    left, right = fig.subplots(1, 2)
    x, y = grid(view)
    chat = chat_values(view, x, y)
    levels = chat_levels(view)
    left.contourf(x, y, chat, levels=levels, cmap="Greys", alpha=0.5).set_gid("chat:filled")
    left.contour(x, y, chat, levels=levels[1:-1], colors="0.3", linewidths=0.4).set_gid(
        "chat:contours")
    _frame(left, view, TEXT["chat-title-critical" if view.grad_zero else "chat-title"])
    _rays(left, view, "chat")
    _points(left, view, "chat")
    arrow = _gradient(left, view)
    cost = c_values(view, x, y)
    levels = c_levels(view)
    right.contourf(x, y, cost, levels=[*levels, max(float(np.nanmax(cost)), levels[-1] * 1.01)],
                   cmap="Greys", alpha=0.35).set_gid("c:filled")
    right.contour(x, y, cost, levels=levels, colors="0.3", linewidths=0.4).set_gid("c:contours")
    _frame(right, view, TEXT["c-title"])
    _rays(right, view, "c")
    _points(right, view, "c")
    handles, _ = left.get_legend_handles_labels()
    if arrow:
        handles.append(Line2D([], [], color="black", lw=1.3, marker=">", ms=4,
                              label=TEXT["grad"]))
    fig.legend(handles=handles, loc="outside lower center", ncol=3, frameon=False)
    return fig


def _wedge_polygon(view: PlotView, wedge: PlotWedge) -> np.ndarray:
    start = vec(wedge.start)
    a0, width = np.arctan2(start[1], start[0]), wedge.width
    angles = a0 + np.linspace(0.0, width, ARC_STEPS)
    rho = 1.5 * radius(view)  # beyond the corners of the window: the axes clip the polygon
    arc = np.column_stack([rho * np.cos(angles), rho * np.sin(angles)])
    return np.vstack([[0.0, 0.0], arc])


def _cone_panel(ax, view: PlotView, reading: str) -> None:
    wedge = next((w for w in view.wedges if w.reading == reading), None)
    prob = wedge.probability if wedge else "0"
    shown = prob if prob.startswith("≈") else f"= {prob}"
    _frame(ax, view, f"{TITLE[reading]}\nP(Lemma 4.5 fails) {shown}")
    if wedge is not None:
        patch = Polygon(_wedge_polygon(view, wedge), closed=True, facecolor="0.88",
                        edgecolor="black", lw=0.6, hatch=HATCH[reading], label=TEXT["wedge"])
        patch.set_gid(f"cone:{reading}:wedge")
        patch.set_in_layout(False)  # it reaches past the window (clipped): not part of the layout
        ax.add_patch(patch)
        if wedge.degrees is not None:
            r = radius(view)
            for end, vector, text in (("start", wedge.start, wedge.degrees[0]),
                                      ("end", wedge.end, wedge.degrees[1])):
                u = vec(vector) / np.linalg.norm(vec(vector))
                label = ax.text(0.75 * r * u[0], 0.75 * r * u[1], f"{text}°", fontsize=7,
                                ha="center", va="center", zorder=8,
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
                label.set_gid(f"cone:{reading}:deg-{end}")
    if view.wstar is not None:
        w = vec(view.wstar)
        far = 3 * radius(view) / np.linalg.norm(w)
        (line,) = ax.plot([-far * w[0], far * w[0]], [-far * w[1], far * w[1]],
                          label=TEXT["line-wstar"], **STYLE["line-wstar"])
        line.set_gid(f"cone:{reading}:line-wstar")
        (hyp,) = ax.plot([far * w[1], -far * w[1]], [-far * w[0], far * w[0]],
                         label=TEXT["hyp-line"], **STYLE["hyp-line"])
        hyp.set_gid(f"cone:{reading}:hyp-line")
    _rays(ax, view, f"cone:{reading}")
    _points(ax, view, f"cone:{reading}")


def draw_cone(view: PlotView, height: float = HEIGHTS["cone"][0]) -> Figure:
    """Figure 2: the W0 plane with the failure region of each reading shaded."""
    with matplotlib.rc_context(RC):
        return _draw_cone(view, height)


def _draw_cone(view: PlotView, height: float) -> Figure:
    fig = Figure(figsize=(WIDTH, height), layout="constrained")
    FigureCanvasPdf(fig)
    axes = fig.subplots(1, 2)
    for ax, reading in zip(axes, ("critical", "minimisers"), strict=True):
        _cone_panel(ax, view, reading)
    handles: dict[str, object] = {}
    for ax in axes:
        for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
            handles.setdefault(label, handle)
    order = list(TEXT.values())  # the same order whichever panel has which entries
    fig.legend(handles=[handles[k] for k in sorted(handles, key=order.index)],
               loc="outside lower center", ncol=3, frameon=False)
    return fig


# -- writing ----------------------------------------------------------------------------------------
def metadata(when: BuildTime) -> dict[str, object]:
    """Fixed PDF metadata: the build's timestamp (never the clock), or no date at all."""
    return {"Creator": "bnreport", "Producer": "bnreport (matplotlib PDF backend)",
            "CreationDate": pdf_datetime(when), "ModDate": None}


def save(fig: Figure, path: Path, when: BuildTime) -> tuple[str, int]:
    """Write atomically (a temporary file, then rename); return sha256 and size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with matplotlib.rc_context(RC):
        fig.savefig(partial, format="pdf", metadata=metadata(when))
    data = partial.read_bytes()
    os.replace(partial, path)
    return hashlib.sha256(data).hexdigest(), len(data)


def write_figures(view: PlotView, out_dir: Path) -> FiguresResult:
    """Draw, read back and verify, then write both figures into ``out_dir``.

    Deterministic: the same view gives the same heights and the same bytes."""
    from .figcheck import verify_cone, verify_costs

    start = time.perf_counter()
    files = []
    for key, draw, verify in (("costs", draw_costs, verify_costs), ("cone", draw_cone, verify_cone)):
        for height in HEIGHTS[key]:
            fig = draw(view, height)
            verified = verify(fig, view)
            digest, size = save(fig, out_dir / FILES[key], view.when)
            if fits(fig):
                break
        else:
            raise FigureMismatch(f"figure-{key}", f"the drawing does not fit on {WIDTH:.2f} in × "
                                                  f"{HEIGHTS[key][-1]} in")
        files.append(FigureFile(FILES[key], out_dir / FILES[key], digest, size, verified))
    return FiguresResult(tuple(files), time.perf_counter() - start)
