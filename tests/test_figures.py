"""The figures: drawn from the exact view (rounded to floats by the build), read back and compared,
deterministic bytes, fonts embedded; the figure process never imports sympy."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from landscape_cases import NAMES, SPECS, land
from matplotlib.text import Text

from bnreport import figures
from bnreport.figcheck import verify_cone, verify_costs
from bnreport.figures import FigureMismatch, draw_cone, draw_costs, escape_mathtext, write_figures
from bnreport.figview import figure_view
from bnreport.landscape import Case

ROOT = Path(__file__).resolve().parent.parent
DRAWN = ["paper", "p=3", "p=5", "W* critical: y linear, gamma<0, p=3", "W* critical: centred x, p=2",
         "p=2, W* = 0 (Xᵀy = 0)"]


@pytest.fixture(scope="module")
def views():
    views = {name: figure_view(land(name)) for name in NAMES}
    return {name: view for name, view in views.items() if view is not None}


@pytest.mark.parametrize("name", DRAWN)
def test_write_figures_reads_back_every_special_object(views, tmp_path, name):
    result = write_figures(views[name], tmp_path)
    assert [f.name for f in result.files] == ["landscape-costs.pdf", "landscape-cone.pdf"]
    for file in result.files:
        data = file.path.read_bytes()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == file.sha256
        assert file.size == len(data)
    costs, cone = (f.verified for f in result.files)
    assert any(v.startswith("W* at") for v in costs) is (SPECS[name].case is not Case.WSTAR_ZERO)
    assert any("contours of Ĉ" in v for v in costs) and any(v.startswith("W0 at") for v in costs)
    assert any(v.startswith("failure wedge (critical)") for v in cone) or \
        SPECS[name].case is not Case.GENERIC
    arrow = any("arrow of −∇Ĉ(W*)" in v for v in costs)
    assert arrow is (SPECS[name].case is Case.GENERIC)  # ∇Ĉ(W*) = 0 exactly when W* ∈ ℝd


def test_paper_wedge_angles_are_printed(views):
    verified = verify_cone(draw_cone(views["paper"]), views["paper"])
    assert "wedge angles (critical) printed as 51.26° and 141.26°" in verified
    assert "wedge angles (minimisers) printed as 51.26° and 161.57°" in verified


def test_no_figure_for_one_feature():
    assert figure_view(land("p=1, W* a maximiser with r̄ != 0")) is None
    assert figure_view(land("p=1, W* = 0")) is None


# -- planted errors: a wrong point must be caught ------------------------------------------------
def _moved(view, field: str):
    x, y = getattr(view, field)
    return dataclasses.replace(view, **{field: (x + 1e-3, y + 1e-3)})


@pytest.mark.parametrize(("field", "figure"), [
    ("wstar", "costs"), ("w0", "costs"), ("d", "costs"), ("grad", "costs"),
    ("wstar", "cone"), ("d", "cone"),
])
def test_a_planted_wrong_point_is_caught(views, field, figure):
    """Drawn from a view with one point moved by 10⁻³, checked against the derived view."""
    view = views["paper"]
    draw, verify = (draw_costs, verify_costs) if figure == "costs" else (draw_cone, verify_cone)
    verify(draw(view), view)  # the honest drawing passes
    with pytest.raises(FigureMismatch):
        verify(draw(_moved(view, field)), view)


def test_a_wrong_wedge_is_caught(views):
    view = views["paper"]
    wedges = tuple(dataclasses.replace(w, width=w.width + 1e-6) for w in view.wedges)
    with pytest.raises(FigureMismatch, match="wedge"):
        verify_cone(draw_cone(dataclasses.replace(view, wedges=wedges)), view)
    printed = tuple(dataclasses.replace(w, degrees=("51.27", w.degrees[1])) for w in view.wedges)
    with pytest.raises(FigureMismatch, match="angle printed"):
        verify_cone(draw_cone(dataclasses.replace(view, wedges=printed)), view)


def test_a_wrong_cost_surface_is_caught(views, monkeypatch):
    view = views["paper"]
    honest = figures.chat_values
    monkeypatch.setattr(figures, "chat_values", lambda v, x, y: 2 * fl_const(v) - honest(v, x, y))
    with pytest.raises(FigureMismatch, match="contours of Ĉ"):
        verify_costs(draw_costs(view), view)


def fl_const(view) -> float:
    return view.chat_const


def test_a_missing_or_extra_artist_is_caught(views):
    view = views["paper"]
    fig = draw_costs(view)
    next(a for a in fig.findobj() if a.get_gid() == "chat:grad").set_gid(None)
    with pytest.raises(FigureMismatch, match="chat:grad"):
        verify_costs(fig, view)
    critical_view = views["W* critical: centred x, p=2"]
    fig = draw_costs(view)  # has an arrow, but the critical view says ∇Ĉ(W*) = 0
    with pytest.raises(FigureMismatch):
        verify_costs(fig, critical_view)


# -- text, fonts, determinism ------------------------------------------------------------------------
def test_no_mathtext_and_no_user_text(views):
    """Every text is ours (a fixed label, a tick, or a derived number); none is parsed as math."""
    for draw in (draw_costs, draw_cone):
        fig = draw(views["paper"])
        fig.draw_without_rendering()
        texts = [t.get_text() for t in fig.findobj(Text)]
        assert texts and not any("$" in t for t in texts)


@pytest.mark.parametrize(("text", "escaped"), [
    ("cost in $", r"cost in \$"), (r"a\b", r"a\\b"), ("$x$", r"\$x\$"), ("plain", "plain"),
])
def test_escape_mathtext(text, escaped):
    assert escape_mathtext(text) == escaped


_WRITE = """
import sys
sys.path.insert(0, {tests!r})
from pathlib import Path
from landscape_cases import land
from bnreport.figview import figure_view
from bnreport.figures import write_figures
from bnreport.reproducible import build_time
for f in write_figures(figure_view(land("paper"), build_time(sys.argv[2])), Path(sys.argv[1])).files:
    print(f.name, f.sha256)
"""


def _start(out: Path, seed: str, epoch: str | None, date: str = "") -> subprocess.Popen:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    env.pop("SOURCE_DATE_EPOCH", None)
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    code = _WRITE.format(tests=str(ROOT / "tests"))
    return subprocess.Popen([sys.executable, "-c", code, str(out), date], stdout=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def test_bytes_are_identical_run_to_run_and_honour_source_date_epoch(tmp_path):
    """Four fresh processes (different hash seeds) at once; the third sets SOURCE_DATE_EPOCH, the
    fourth only an input date (midnight UTC of it, as for the PDF)."""
    runs = [_start(tmp_path / "a", "1", None), _start(tmp_path / "b", "2", None),
            _start(tmp_path / "c", "3", "1700000000"), _start(tmp_path / "d", "4", None, "2025-03-01")]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0]
    assert outputs[0] == outputs[1] and outputs[0].count("\n") == 2
    for name in ("landscape-costs.pdf", "landscape-cone.pdf"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
        assert b"CreationDate" not in (tmp_path / "a" / name).read_bytes()
        assert b"D:20231114" in (tmp_path / "c" / name).read_bytes()
        assert b"D:20250301000000" in (tmp_path / "d" / name).read_bytes()  # the input's date


@pytest.mark.latex  # pdffonts and pdftoppm come with poppler-utils, installed with TeX
def test_fonts_are_embedded_and_the_pages_render(views, tmp_path):
    result = write_figures(views["paper"], tmp_path)
    for file in result.files:
        fonts = subprocess.run(["pdffonts", str(file.path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        assert fonts and all(line.split()[-5] == "yes" for line in fonts)  # the "emb" column
        width = subprocess.run(["pdfinfo", str(file.path)], capture_output=True, text=True,
                               check=True).stdout
        size = next(line for line in width.splitlines() if line.startswith("Page size"))
        assert abs(float(size.split()[2]) - 15 / 2.54 * 72) < 0.5  # 15 cm wide
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(file.path),
                        str(tmp_path / f"page-{file.path.stem}")], check=True)
    assert shutil.which("pdftoppm") and len(list(tmp_path.glob("page*.png"))) == 2


def test_contour_levels_cover_the_range(views):
    view = views["paper"]
    levels = figures.chat_levels(view)
    assert levels[0] == pytest.approx(float(view.chat_min))
    assert levels[-1] == pytest.approx(float(view.chat_max))
    assert np.all(np.diff(figures.c_levels(view)) > 0)


@pytest.mark.parametrize(("modules", "absent"), [
    # the figure process: drawing and read-back need no sympy (the view arrives in floats)
    ("bnreport.figjob, bnreport.figures, bnreport.figcheck, bnreport.figtypes", "sympy"),
    # the build: reading the figure process's answer needs no matplotlib
    ("bnreport.pipeline, bnreport.figtypes, bnreport.figview", "matplotlib"),
])
def test_each_side_of_the_figure_pipe_spares_the_other_sides_imports(modules, absent):
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.startswith({absent!r})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    assert done.stdout.strip() == "[]"
