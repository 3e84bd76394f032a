r"""A scene (:mod:`bnreport.figscene`) as a plain-TeX page that pdfTeX turns into a vector PDF.

Why plain pdfTeX and not a plotting library: the lines, fills and markers are PDF path operators
written here (``\pdfliteral``), and every text is set by TeX in Computer Modern, the note's own
fonts, with the note's notation ($\hat C$, $W_0$, $\langle W_0, W^*\rangle$).  pdfTeX with the
plain format starts in 0.02 s and embeds subsetted Type 1 fonts; matplotlib cost 0.35 s to import
and 0.3 s to draw, on the build's critical path.  The page is as large as what is on it (TeX
measures every text), so nothing can fall off the edge.

Every tagged item of the scene becomes a marked-content group ``/BN <</T (tag)>> BDC … EMC``; the
printed angles carry their text as ``/ActualText`` (what text extraction and the read-back see).
The texts are ours (:data:`TEXT`), derived numbers, or refused: no user string reaches this page.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import time
from pathlib import Path

import numpy as np

from . import children, texrun
from .errors import TexError, TexMissing
from .figscene import Arrow, Label, LegendEntry, Marker, Panel, Scene, Shape, Stroke
from .reproducible import BuildTime, tex_environment

WIDTH = "15cm"              # one column of an A4 note
SIDE = 150.0                # bp: the square window of one panel
STAR = (5.2, 2.1)           # bp: outer and inner radius of the star marking W*
CIRCLE = 5.5                # bp: radius of the ring marking W0
HEAD = (5.5, 2.2)           # bp: length and half-width of an arrow head
HATCH_STEP = 4.0            # bp between hatch lines
TEXT = {
    "wedge": r"Lemma 4.5 fails",
    "ray-min": r"minimisers of $\hat C$: $t\,d$, $t>0$",
    "ray-max": r"maximisers of $\hat C$: $t\,d$, $t<0$",
    "wstar": r"$W^*$ (minimiser of $C$)", "w0": r"$W_0$", "w0-projected": r"$W_0$ (projected)",
    "chat-title": r"BN cost $\hat C$ (darker $=$ larger)",
    "chat-title-critical": r"BN cost $\hat C$ ($\nabla\hat C(W^*)=0$)",
    "c-title": r"plain cost $C$ (minimum at $W^*$)",
    "grad": r"direction of $-\nabla\hat C(W^*)$",
    "line-wstar": r"line $\R W^*$",
    "hyp-line": r"$\langle W_0,W^*\rangle=0$ (edge of the hypothesis)",
    "optima-critical": r"optima $=$ all critical points",
    "optima-minimisers": r"optima $=$ minimisers only",
}
AXES = {"w": (r"$w_1$", r"$w_2$"), "plane": (r"along $W^*$", r"orthogonal to $W^*$, towards $d$")}
PREAMBLE = r"""\pdfoutput=1 \pdfcompresslevel=9 \pdfobjcompresslevel=0 \pdfminorversion=5
\pdftrailerid{} \pdfsuppressptexinfo=-1
\hoffset=-1in \voffset=-1in \parindent=0pt \offinterlineskip
\font\eightrm=cmr8 \font\sixrm=cmr6 \font\eighti=cmmi8 \font\sixi=cmmi6
\font\eightsy=cmsy8 \font\sixsy=cmsy6 \font\eightbb=msbm8
\skewchar\eighti='177 \skewchar\sixi='177 \skewchar\eightsy='60 \skewchar\sixsy='60
\textfont0=\eightrm \scriptfont0=\sixrm \scriptscriptfont0=\fiverm
\textfont1=\eighti \scriptfont1=\sixi \scriptscriptfont1=\fivei
\textfont2=\eightsy \scriptfont2=\sixsy \scriptscriptfont2=\fivesy \eightrm
\def\R{\hbox{\eightbb R}}
\def\tick#1{{\sevenrm#1}} \def\minus{{\sevensy\char0}}
\newbox\lbl \newbox\fig \newbox\legend \newdimen\lx \newdimen\ly \newdimen\ytw
% \at{x}{y}{h}{v}{text}: the text's box placed at (x, y) bp from the window's corner, h of its
% width left of x, its baseline v of (height - depth) below y; takes no room along the line.
\def\at#1#2#3#4#5{\setbox\lbl\hbox{#5}\lx=#1bp \advance\lx by -#3\wd\lbl
  \ly=#2bp \advance\ly by -#4\ht\lbl \advance\ly by #4\dp\lbl \rlap{\kern\lx\raise\ly\box\lbl}}
% \up{x}{y}{text}: turned a quarter counter-clockwise, baseline at x (a dimension), centred on y.
\def\up#1#2#3{\setbox\lbl\hbox{#3}\ly=#2bp \advance\ly by -.5\wd\lbl
  \rlap{\kern#1\raise\ly\hbox{\pdfsave\pdfsetmatrix{0 1 -1 0}\rlap{\box\lbl}\pdfrestore}}}
\def\boxed#1{\setbox\lbl\hbox{\kern1.5bp#1\kern1.5bp}\pdfliteral page{q 1 g}%
  \rlap{\lower\dimexpr\dp\lbl+1bp\relax\hbox{\vrule width\wd\lbl height\dimexpr\ht\lbl+\dp\lbl+2bp}}%
  \pdfliteral page{Q}\box\lbl}
\def\widest#1{\setbox\lbl\hbox{#1}\ifdim\wd\lbl>\ytw \ytw=\wd\lbl \fi}
"""


def num(value: float) -> str:
    """A coordinate for the PDF: four decimals of a bp, no exponent, no "-0"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def probability_tex(printed: str) -> str:
    """``1/4``, ``0`` or ``≈ 0.3064`` (derived, see :class:`~bnreport.figtypes.PlotWedge`)."""
    match = re.fullmatch(r"(≈ )?(\d+(?:\.\d+)?(?:/\d+)?)", printed)
    if match is None:
        raise ValueError(f"not a printed probability: {printed!r}")
    relation = r"\approx" if match[1] else "="
    return rf"$P$(Lemma 4.5 fails) ${relation}{match[2]}$"


def degrees_tex(printed: str) -> str:
    if re.fullmatch(r"\d+(\.\d+)?", printed) is None:
        raise ValueError(f"not a printed angle: {printed!r}")
    return rf"${printed}^\circ$"


def utf16_hex(text: str) -> str:
    return "FEFF" + text.encode("utf-16-be").hex().upper()


# -- axes: ticks -------------------------------------------------------------------------------------
def ticks(r: float) -> tuple[list[float], int, int]:
    """Tick values in [-r, r] at a round step (three to seven of them), the decimals to print, and the
    power of ten they are given in (0 unless the window is very large or very small)."""
    power = math.floor(math.log10(r))
    power = power if power >= 4 or power <= -3 else 0
    scaled = r / 10.0**power
    raw = 2 * scaled / 6
    exponent = math.floor(math.log10(raw))
    mantissa = next(m for m in (1, 2, 5, 10) if m * 10.0**exponent >= raw)
    step = mantissa * 10.0**exponent
    count = math.floor(scaled / step + 1e-9)
    values = [k * step for k in range(-count, count + 1)]
    decimals = max(0, -exponent - (mantissa == 10))
    return values, decimals, power


def tick_label(value: float, decimals: int) -> str:
    text = f"{abs(value):.{decimals}f}"
    return rf"\tick{{{text}}}" if float(text) == 0 or value > 0 else rf"\minus\tick{{{text}}}"


# -- drawing: PDF operators in bp, relative to the window's lower left corner ----------------------
class _Ops:
    def __init__(self, r: float) -> None:
        self.r, self.k = r, SIDE / (2 * r)
        self.out: list[str] = []

    def xy(self, point: np.ndarray | tuple[float, float]) -> tuple[float, float]:
        return (float(point[0]) + self.r) * self.k, (float(point[1]) + self.r) * self.k

    def emit(self, *ops: str) -> None:
        self.out.extend(ops)

    def stroke_style(self, stroke: Stroke) -> None:
        dash = " ".join(num(v) for v in stroke.dash)
        self.emit(f"{num(stroke.grey)} G {num(stroke.width)} w [{dash}] 0 d")

    def polyline(self, points: np.ndarray, closed: bool) -> None:
        coords = [self.xy(p) for p in points]
        self.emit(f"{num(coords[0][0])} {num(coords[0][1])} m")
        self.emit(*(f"{num(x)} {num(y)} l" for x, y in coords[1:]))
        if closed:
            self.emit("h")

    def shape(self, shape: Shape) -> None:
        self.emit(f"/BN <</T ({shape.tag})>> BDC q")
        if shape.fill is not None:
            self.emit(f"{num(shape.fill)} g")
            for path in shape.paths:
                self.polyline(path, True)
            self.emit("f*")
        if shape.hatch is not None:
            self.emit("q")
            for path in shape.paths:
                self.polyline(path, True)
            self.emit("W n 0 G 0.4 w [] 0 d", *self._hatch(shape.hatch), "S Q")
        if shape.stroke is not None:
            self.stroke_style(shape.stroke)
            for path in shape.paths:
                self.polyline(path, shape.closed)
            self.emit("S")
        self.emit("Q EMC")

    @staticmethod
    def _hatch(kind: str) -> list[str]:
        lines, reach = [], 2 * SIDE
        for i in range(-int(reach / HATCH_STEP), int(reach / HATCH_STEP) + 1):
            c = i * HATCH_STEP * math.sqrt(2)
            if kind == "/":
                lines.append(f"{num(c - reach)} {num(-reach)} m {num(c + reach)} {num(reach)} l")
            else:
                lines.append(f"{num(c - reach)} {num(reach)} m {num(c + reach)} {num(-reach)} l")
        return lines

    def marker(self, marker: Marker) -> None:
        self.emit(f"/BN <</T ({marker.tag})>> BDC q")
        self.emit(*marker_ops(marker.kind, *self.xy(marker.at)), "Q EMC")

    def arrow(self, arrow: Arrow) -> None:
        tail, tip = np.array(self.xy(arrow.tail)), np.array(self.xy(arrow.tip))
        self.emit(f"/BN <</T ({arrow.tag})>> BDC q", *arrow_ops(tail, tip), "Q EMC")

    def text(self) -> str:
        lines, line = [], ""
        for op in self.out:  # short lines: TeX reads the literal line by line
            if len(line) + len(op) > 200:
                lines.append(line)
                line = ""
            line = f"{line} {op}" if line else op
        return "\n".join([*lines, line])


def marker_ops(kind: str, x: float, y: float) -> list[str]:
    """A star (filled) or a ring centred on (x, y) bp: the mean of its distinct points is the
    centre (what the read-back takes as the marker's position)."""
    if kind == "star":
        outer, inner = STAR
        points = [(x + (outer if i % 2 == 0 else inner) * math.sin(i * math.pi / 5),
                   y + (outer if i % 2 == 0 else inner) * math.cos(i * math.pi / 5))
                  for i in range(10)]
        path = [f"{num(points[0][0])} {num(points[0][1])} m"]
        path += [f"{num(px)} {num(py)} l" for px, py in points[1:]]
        return ["0 g", *path, "h f"]
    c, k = CIRCLE, CIRCLE * 0.5523
    return ["0 G 1 w [] 0 d", f"{num(x + c)} {num(y)} m",
            f"{num(x + c)} {num(y + k)} {num(x + k)} {num(y + c)} {num(x)} {num(y + c)} c",
            f"{num(x - k)} {num(y + c)} {num(x - c)} {num(y + k)} {num(x - c)} {num(y)} c",
            f"{num(x - c)} {num(y - k)} {num(x - k)} {num(y - c)} {num(x)} {num(y - c)} c",
            f"{num(x + k)} {num(y - c)} {num(x + c)} {num(y - k)} {num(x + c)} {num(y)} c", "h S"]


def arrow_ops(tail: np.ndarray, tip: np.ndarray) -> list[str]:
    """Shaft from the tail, then the head with its point first (the read-back's tip)."""
    u = (tip - tail) / np.linalg.norm(tip - tail)
    n = np.array([-u[1], u[0]])
    base = tip - HEAD[0] * u
    left, right = base + HEAD[1] * n, base - HEAD[1] * n
    return ["0 G 0 g 1.1 w [] 0 d", f"{num(tail[0])} {num(tail[1])} m {num(base[0])} {num(base[1])} l S",
            f"{num(tip[0])} {num(tip[1])} m {num(left[0])} {num(left[1])} l "
            f"{num(right[0])} {num(right[1])} l h f"]


# -- the page ---------------------------------------------------------------------------------------
def _artwork(panel: Panel) -> str:
    ops = _Ops(panel.radius)
    s = num(SIDE)
    ops.emit(f"q 0 0 {s} {s} re W n")
    half = num(SIDE / 2)
    ops.stroke_style(Stroke(0.8, 0.3))
    ops.emit(f"0 {half} m {s} {half} l {half} 0 m {half} {s} l S")
    for item in panel.items:
        if isinstance(item, Shape):
            ops.shape(item)
        elif isinstance(item, Marker):
            ops.marker(item)
        elif isinstance(item, Arrow):
            ops.arrow(item)
    ops.emit("Q", f"/BN <</T ({panel.prefix}:frame)>> BDC 0 G 0.6 w [] 0 d 0 0 {s} {s} re S EMC")
    values, _, power = ticks(panel.radius)
    marks = []
    for v in values:
        at = num((v * 10.0**power + panel.radius) * ops.k)
        marks.append(f"{at} 0 m {at} -3 l 0 {at} m -3 {at} l")
    ops.emit("0.5 w", *marks, "S")
    return ops.text()


def _labels(panel: Panel) -> list[str]:
    out = []
    for item in panel.items:
        if isinstance(item, Label):
            x, y = _Ops(panel.radius).xy(item.at)
            text = rf"\boxed{{{degrees_tex(item.text)}}}"
            span = f"/Span <</T ({item.tag}) /ActualText <{utf16_hex(item.text + '°')}>>> BDC"
            out += [rf"\pdfliteral page{{{span}}}%",
                    rf"\at{{{num(x)}}}{{{num(y)}}}{{.5}}{{.5}}{{{text}}}%", r"\pdfliteral page{EMC}%"]
    return out


def _title(line: str) -> str:
    return probability_tex(line[5:]) if line.startswith("prob:") else TEXT[line]


def panel_tex(panel: Panel, box: str) -> str:
    values, decimals, power = ticks(panel.radius)
    k = SIDE / (2 * panel.radius)
    labels = [tick_label(v, decimals) for v in values]
    xlabel, ylabel = AXES[panel.axes]
    if power:
        factor = rf" ($\times10^{{{power}}}$)"
        xlabel, ylabel = xlabel + factor, ylabel + factor
    at = [num((v * 10.0**power + panel.radius) * k) for v in values]
    centre = num(SIDE / 2)
    lines = [r"\ytw=0pt", *(rf"\widest{{{label}}}" for label in labels),
             rf"\setbox{box}\hbox{{\kern\dimexpr\ytw+17bp\relax\hbox to {num(SIDE)}bp{{%",
             rf"\pdfliteral{{{_artwork(panel)}}}%"]
    lines += [rf"\at{{{x}}}{{-11}}{{.5}}{{0}}{{{label}}}%" for x, label in zip(at, labels, strict=True)]
    lines += [rf"\at{{-5}}{{{y}}}{{1}}{{.5}}{{{label}}}%" for y, label in zip(at, labels, strict=True)]
    lines += [rf"\at{{{centre}}}{{-23}}{{.5}}{{0}}{{{xlabel}}}%",
              rf"\up{{\dimexpr-\ytw-10bp\relax}}{{{centre}}}{{{ylabel}}}%"]
    lines += _labels(panel)
    height = SIDE + 6
    for line in reversed(panel.title):
        lines.append(rf"\at{{{centre}}}{{{num(height)}}}{{.5}}{{0}}{{{_title(line)}}}%")
        height += 10
    lines.append(rf"\vrule width0pt height{num(SIDE)}bp\hss}}\kern8bp}}")
    return "\n".join(lines)


def sample_tex(sample: str) -> str:
    """The legend's little picture of an entry, 18 bp wide, centred on the maths axis."""
    ops = ["q"]
    if sample in ("ray-min", "ray-max", "line-wstar", "hyp-line"):
        from .figscene import STYLE

        dash = " ".join(num(v) for v in STYLE[sample].dash)
        ops.append(f"0 G {num(STYLE[sample].width)} w [{dash}] 0 d 0 2.5 m 18 2.5 l S")
    elif sample in ("star", "circle"):
        ops += marker_ops(sample, 9, 2.5)
    elif sample == "arrow":
        ops += arrow_ops(np.array([1.0, 2.5]), np.array([17.0, 2.5]))
    elif sample == "wedge":
        ops.append("0.88 g 0 G 0.5 w 2 -1 14 7 re B q 2 -1 14 7 re W n 0.4 w "
                   "2 -3 m 12 7 l 6 -3 m 16 7 l 10 -3 m 20 7 l -2 -3 m 8 7 l S Q")
    else:
        raise ValueError(f"no legend sample {sample!r}")
    ops.append("Q")
    return rf"\hbox to 18bp{{\pdfliteral{{{' '.join(ops)}}}\vrule width0pt height8.5bp depth4bp\hss}}"


def legend_tex(entries: tuple[LegendEntry, ...], columns: int = 3) -> str:
    """Filled column by column (related entries stay together), like matplotlib's legends."""
    cells = [rf"{sample_tex(e.sample)}\kern4bp {TEXT[e.text]}" for e in entries]
    height = -(-len(cells) // columns)
    rows = [" & ".join(cells[i::height]) + r"\cr" for i in range(height)]
    return (r"\setbox\legend\vbox{\halign{#\hfil&&\kern14bp#\hfil\cr" + "\n"
            + "\n".join(rows) + r"\noalign{\kern1bp}}}")


def page_tex(scene: Scene, when: BuildTime) -> str:
    """The whole page: both panels side by side, the legend under them, the page cut to fit."""
    boxes = [r"\box0", r"\box2"]
    parts = [PREAMBLE, r"\pdfinfo{/Creator (bnreport) /Producer (bnreport via pdfTeX)}"]
    if when.epoch is None:
        parts.append(r"\pdfinfoomitdate=1")
    for panel, box in zip(scene.panels, boxes, strict=True):
        parts.append(panel_tex(panel, box.replace(r"\box", "")))
    parts.append(legend_tex(scene.legend))
    # \hfil, not \hss: what is wider than the page is an overfull box (a failed check), not
    # silently cut off at the page's edges
    parts.append(rf"""\setbox\fig\vbox{{\kern4bp\hbox to {WIDTH}{{\hfil\box0\hfil\box2\hfil}}\kern6bp
\hbox to {WIDTH}{{\hfil\box\legend\hfil}}\kern3bp}}
\pdfpagewidth={WIDTH} \pdfpageheight=\dimexpr\ht\fig+\dp\fig\relax
\shipout\box\fig
\end
""")
    return "\n".join(parts)


# -- running pdfTeX ---------------------------------------------------------------------------------
def pdftex_available() -> bool:
    return shutil.which("pdftex") is not None


class PageJob:
    """Plain pdfTeX on ``source`` in ``directory``, running in the background (locked down like
    the note's compile: no shell escape, no file access outside the directory, a timeout, its own
    process group); :meth:`result` is the PDF's bytes."""

    def __init__(self, source: str, directory: Path, name: str, when: BuildTime) -> None:
        if not pdftex_available():
            raise TexMissing("pdftex is needed for the figures")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{name}.tex").write_text(source, encoding="utf-8")
        self.directory, self.name = directory, name
        self.deadline = time.monotonic() + texrun.tex_timeout()
        env = tex_environment(when, texrun.safe_environment())
        with (directory / f"{name}.out").open("wb") as log:
            self.process = children.spawn(["pdftex", *texrun.ENGINE_FLAGS, f"{name}.tex"],
                                           cwd=directory, env=env, stdin=subprocess.DEVNULL,
                                           stdout=log, stderr=subprocess.STDOUT)

    def result(self) -> bytes:
        try:
            finished = children.wait_exit(self.process.pid, self.deadline)
        finally:
            children.kill_group(self.process)
        pdf, log = self.directory / f"{self.name}.pdf", self.directory / f"{self.name}.log"
        if not finished or self.process.returncode != 0 or not pdf.is_file():
            tail = log.read_text(errors="replace").strip()[-300:] if log.is_file() else ""
            raise TexError(f"pdfTeX failed on the figure {self.name}: {tail}")
        return pdf.read_bytes()

    def overfull(self) -> bool:
        """Did something stick out of its box (a label wider than the page, say)?"""
        log = self.directory / f"{self.name}.log"
        return log.is_file() and "Overfull \\" in log.read_text(errors="replace")

    def cancel(self) -> None:
        children.kill_group(self.process)
