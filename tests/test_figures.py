"""The figures: laid out from the exact view (rounded to floats by the build), compiled by plain
pdfTeX, read back from the PDF and compared, deterministic bytes, fonts embedded; the figure
process never imports sympy."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from landscape_cases import NAMES, SPECS, land, problem

from bnreport import figscene, figtex
from bnreport.figcheck import verify_cone, verify_costs
from bnreport.figread import read_groups
from bnreport.figures import FigureMismatch, draw, write_figures
from bnreport.figview import figure_view
from bnreport.landscape import Case

pytestmark = pytest.mark.skipif(shutil.which("pdftex") is None, reason="the figures need pdftex")
ROOT = Path(__file__).resolve().parent.parent
DRAWN = ["paper", "p=3", "p=5", "W* critical: y linear, gamma<0, p=3", "W* critical: centred x, p=2",
         "p=2, W* = 0 (Xᵀy = 0)"]


@pytest.fixture(scope="module")
def views():
    views = {name: figure_view(land(name)) for name in NAMES}
    return {name: view for name, view in views.items() if view is not None}


@pytest.fixture(scope="module")
def paper_pdfs(views, tmp_path_factory):
    scratch = tmp_path_factory.mktemp("paper")
    return {key: draw(key, views["paper"], scratch) for key in ("costs", "cone")}


@pytest.mark.parametrize("name", DRAWN)
def test_write_figures_reads_back_every_special_object(views, tmp_path, name):
    result = write_figures(views[name], tmp_path / "figures")
    assert [f.name for f in result.files] == ["landscape-costs.pdf", "landscape-cone.pdf"]
    for file in result.files:
        data = file.path.read_bytes()
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == file.sha256
        assert file.size == len(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures"]  # no scratch left behind
    costs, cone = (f.verified for f in result.files)
    assert any(v.startswith("W* at") for v in costs) is (SPECS[name].case is not Case.WSTAR_ZERO)
    assert any("contours of Ĉ" in v for v in costs) and any(v.startswith("W0 at") for v in costs)
    assert any("contours of C:" in v for v in costs)
    assert any(v.startswith("failure wedge (critical)") for v in cone) or \
        SPECS[name].case is not Case.GENERIC
    arrow = any("arrow of −∇Ĉ(W*)" in v for v in costs)
    assert arrow is (SPECS[name].case is Case.GENERIC)  # ∇Ĉ(W*) = 0 exactly when W* ∈ ℝd


def test_paper_wedge_angles_are_printed(views, paper_pdfs):
    verified = verify_cone(paper_pdfs["cone"], views["paper"])
    assert "wedge angles (critical) printed as 51.26° and 141.26°" in verified
    assert "wedge angles (minimisers) printed as 51.26° and 161.57°" in verified


@pytest.mark.latex  # pdftotext comes with poppler-utils, installed with TeX
def test_the_angles_and_probabilities_are_text_in_the_pdf(tmp_path, paper_pdfs):
    (tmp_path / "cone.pdf").write_bytes(paper_pdfs["cone"])
    text = subprocess.run(["pdftotext", str(tmp_path / "cone.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    for shown in ("51.26°", "141.26°", "161.57°", "1/4", "0.3064", "Lemma 4.5 fails"):
        assert shown in text


def test_no_figure_for_one_feature():
    assert figure_view(land("p=1, W* a maximiser with r̄ != 0")) is None
    assert figure_view(land("p=1, W* = 0")) is None


# -- planted errors: a wrong point must be caught ------------------------------------------------
def _moved(view, field: str):
    x, y = getattr(view, field)
    return dataclasses.replace(view, **{field: (x + 1e-3, y + 1e-3)})


@pytest.mark.parametrize(("field", "figure"), [
    ("wstar", "costs"), ("w0", "costs"), ("d", "costs"), ("grad", "costs"),
    ("wstar", "cone"), ("d", "cone"), ("w0", "cone"),
])
def test_a_planted_wrong_point_is_caught(views, paper_pdfs, tmp_path, field, figure):
    """Drawn from a view with one point moved by 10⁻³, checked against the derived view."""
    view = views["paper"]
    verify = verify_costs if figure == "costs" else verify_cone
    verify(paper_pdfs[figure], view)  # the honest drawing passes
    with pytest.raises(FigureMismatch):
        verify(draw(figure, _moved(view, field), tmp_path), view)


def test_a_wrong_wedge_is_caught(views, tmp_path):
    view = views["paper"]
    wedges = tuple(dataclasses.replace(w, width=w.width + 1e-4) for w in view.wedges)
    with pytest.raises(FigureMismatch, match="wedge"):
        verify_cone(draw("cone", dataclasses.replace(view, wedges=wedges), tmp_path), view)
    printed = tuple(dataclasses.replace(w, degrees=("51.27", w.degrees[1])) for w in view.wedges)
    with pytest.raises(FigureMismatch, match="angle printed"):
        verify_cone(draw("cone", dataclasses.replace(view, wedges=printed), tmp_path), view)


def test_a_wrong_hatching_is_caught(views, tmp_path, monkeypatch):
    monkeypatch.setitem(figscene.HATCH, "critical", "\\")
    pdf = draw("cone", views["paper"], tmp_path)
    monkeypatch.setitem(figscene.HATCH, "critical", "/")
    with pytest.raises(FigureMismatch, match="hatched"):
        verify_cone(pdf, views["paper"])


def test_a_drawing_that_does_not_fit_its_page_is_caught(views, tmp_path, monkeypatch):
    monkeypatch.setitem(figtex.TEXT, "hyp-line", "a label far too long " * 12)
    with pytest.raises(FigureMismatch, match="does not fit"):
        write_figures(views["paper"], tmp_path / "figures")


@pytest.mark.latex  # pdftotext comes with poppler-utils, installed with TeX
@pytest.mark.parametrize("name", DRAWN)
def test_every_word_is_on_the_page(views, tmp_path, name):
    result = write_figures(views[name], tmp_path)
    for file in result.files:
        boxes = subprocess.run(["pdftotext", "-bbox", str(file.path), "-"], capture_output=True,
                               text=True, check=True).stdout
        width, height = map(float, re.search(r'<page width="([\d.]+)" height="([\d.]+)"',
                                             boxes).groups())
        words = re.findall(r'<word xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                           r'yMax="([-\d.]+)">', boxes)
        assert len(words) > 20
        for x0, y0, x1, y1 in (map(float, w) for w in words):
            assert 0 <= x0 < x1 <= width and 0 <= y0 < y1 <= height


def test_a_wrong_level_of_chat_is_caught(views, tmp_path, monkeypatch):
    """Ĉ's level rays turned by 0.01 rad: off their level."""
    view = views["paper"]
    honest = figscene.level_rays
    turn = np.array([[np.cos(0.01), -np.sin(0.01)], [np.sin(0.01), np.cos(0.01)]])
    monkeypatch.setattr(figscene, "level_rays", lambda v, c: [turn @ u for u in honest(v, c)])
    with pytest.raises(FigureMismatch, match="contours of Ĉ"):
        verify_costs(draw("costs", view, tmp_path), view)


@pytest.mark.parametrize("name", ["paper", "ill-conditioned"])
def test_a_level_of_c_drawn_one_level_off_is_caught(views, tmp_path, monkeypatch, name):
    """Each ellipse of C drawn at the next level (also where XᵀX is ill-conditioned, where a
    contouring tolerance used to let it pass)."""
    view = views["paper"] if name == "paper" else figure_view(land_of_rows(ILL, (1, 1)))
    honest = figscene.c_levels

    def shifted(v):
        levels = honest(v)
        return np.append(levels[1:], 2 * levels[-1] - levels[-2])

    verify_costs(draw("costs", view, tmp_path / "honest"), view)
    monkeypatch.setattr(figscene, "c_levels", shifted)
    with pytest.raises(FigureMismatch, match="contours of C"):
        verify_costs(draw("costs", view, tmp_path / "planted"), view)


ILL = [((101, 100), 3), ((100, 101), 1), ((102, 101), 4), ((100, 99), 1), ((99, 100), 5)]
CORRELATED = [((1, 1), 2), ((1, "11/10"), 5), ((2, "21/10"), 13), ((3, 3), 7)]


def land_of_rows(rows, w0=None, gamma=1):
    from fractions import Fraction

    from bnreport.closed import Closed
    from bnreport.landscape import landscape_of
    from bnreport.model import problem_from_rows

    made = problem_from_rows([(tuple(Fraction(v) for v in x), Fraction(y)) for x, y in rows],
                             gamma=Fraction(gamma), w0=None if w0 is None else
                             tuple(Fraction(v) for v in w0))
    return landscape_of(Closed(made))


@pytest.mark.parametrize(("rows", "gamma"), [(CORRELATED, 1), (ILL, 1), (CORRELATED, "1e-16"),
                                             (ILL, "-1e-20")])
def test_ill_conditioned_data_and_tiny_gamma_draw_and_verify(tmp_path, rows, gamma):
    """Found by review: correlated columns made the contoured Ĉ fail its own check, and a γ tiny
    against the scale of y made Ĉ's levels equal in floats (a crash).  The level sets are solved
    now, in a scale-free form."""
    from fractions import Fraction

    view = figure_view(land_of_rows(rows, gamma=Fraction(gamma)))
    result = write_figures(view, tmp_path / "figures")
    assert any("contours of Ĉ: 11 levels" in v for v in result.files[0].verified)


def test_a_wrong_window_is_caught(views, tmp_path, monkeypatch):
    """The frame maps the page to the plane: a window drawn larger than derived moves every point."""
    view = views["paper"]
    honest = figscene.radius
    monkeypatch.setattr(figscene, "radius", lambda v: 1.01 * honest(v))
    pdf = draw("cone", view, tmp_path)
    monkeypatch.setattr(figscene, "radius", honest)
    with pytest.raises(FigureMismatch):
        verify_cone(pdf, view)


def test_a_missing_or_extra_group_is_caught(views, paper_pdfs, tmp_path):
    view = views["paper"]
    critical_view = views["W* critical: centred x, p=2"]
    with_arrow = dataclasses.replace(critical_view, grad=(1.0, 0.5), grad_zero=False)
    with pytest.raises(FigureMismatch, match="chat:grad"):  # an arrow where ∇Ĉ(W*) = 0
        verify_costs(draw("costs", with_arrow, tmp_path), critical_view)
    with pytest.raises(FigureMismatch, match="chat:grad"):  # no arrow where ∇Ĉ(W*) ≠ 0
        no_grad = dataclasses.replace(view, grad=None)
        verify_costs(draw("costs", no_grad, tmp_path), view)


@pytest.mark.parametrize("damage", ["truncated", "no EMC", "not a PDF"])
def test_a_damaged_pdf_is_a_mismatch_not_a_crash(paper_pdfs, views, damage):
    pdf = paper_pdfs["cone"]
    damaged = {"truncated": pdf[:300], "not a PDF": b"hello",
               "no EMC": pdf}[damage]
    if damage == "no EMC":
        pytest.importorskip("zlib")
        import zlib

        groups = read_groups(pdf)
        assert groups  # the honest file reads; now drop every EMC of its content stream
        stream_start = pdf.index(b"stream\n") + 7
        length = int(re.search(rb"/Length (\d+)", pdf[:stream_start])[1])
        content = zlib.decompress(pdf[stream_start:stream_start + length]).replace(b"EMC", b"")
        packed = zlib.compress(content)
        damaged = (pdf[:stream_start].replace(f"/Length {length}".encode(),
                                              f"/Length {len(packed)}".encode())
                   + packed + pdf[stream_start + length:])
    with pytest.raises(FigureMismatch, match="cannot be read back"):
        verify_cone(damaged, views["paper"])


# -- text, fonts, determinism ------------------------------------------------------------------------
def test_every_text_is_ours(views):
    """Every text on a page is a fixed label of ours, a tick or a derived number; the labels
    reach TeX only through TEXT and AXES (no user string can)."""
    allowed = {*figtex.TEXT.values(), *(a for pair in figtex.AXES.values() for a in pair)}
    for name in DRAWN:
        for make in (figscene.costs_scene, figscene.cone_scene):
            source = figtex.page_tex(make(views[name]), views[name].when)
            placed = re.findall(r"^\\at\{[^}]*\}\{[^}]*\}\{[^}]*\}\{[^}]*\}\{(.*)\}%$", source,
                                re.M)
            assert len(placed) > 10
            for text in placed:
                assert (text in allowed or re.fullmatch(r"(\\minus)?\\tick\{[\d.]+\}", text)
                        or text.startswith(r"$P$(Lemma 4.5 fails)")
                        or re.fullmatch(r"\\boxed\{\$[\d.]+\^\\circ\$\}", text)
                        or any(text.startswith(a) for a in allowed)), text


@pytest.mark.parametrize(("printed", "tex"), [
    ("1/4", r"$P$(Lemma 4.5 fails) $=1/4$"), ("≈ 0.3064", r"$P$(Lemma 4.5 fails) $\approx0.3064$"),
    ("0", r"$P$(Lemma 4.5 fails) $=0$"),
])
def test_probability_titles(printed, tex):
    assert figtex.probability_tex(printed) == tex


@pytest.mark.parametrize("bad", ["1/4}", r"\input x", "≈0.3", "1e-3", ""])
def test_anything_else_is_refused_before_it_reaches_tex(bad):
    with pytest.raises(ValueError):
        figtex.probability_tex(bad)
    with pytest.raises(ValueError):
        figtex.degrees_tex(bad)


@pytest.mark.parametrize(("r", "values", "decimals", "power"), [
    (5.06, [-4, -2, 0, 2, 4], 0, 0), (0.8, [-0.5, 0, 0.5], 1, 0), (1.3, [-1, -0.5, 0, 0.5, 1], 1, 0),
    (160.0, [-100, 0, 100], 0, 0), (3.2e5, [-2, 0, 2], 0, 5), (2.5e-4, [-2, -1, 0, 1, 2], 0, -4),
    (7.0, [-5, 0, 5], 0, 0), (9.9, [-5, 0, 5], 0, 0),
])
def test_ticks(r, values, decimals, power):
    got, got_decimals, got_power = figtex.ticks(r)
    assert got == pytest.approx(values) and (got_decimals, got_power) == (decimals, power)


@pytest.mark.parametrize(("value", "label"), [
    (-4.0, r"\minus\tick{4}"), (0.0, r"\tick{0}"), (-1e-17, r"\tick{0.0}"), (2.5, r"\tick{2.5}"),
])
def test_tick_labels(value, label):
    decimals = 1 if "." in label else 0
    assert figtex.tick_label(value, decimals) == label


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
    from bnreport.figlevels import g_levels

    levels = view.chat_const + view.chat_coef * g_levels(view)
    assert sorted([levels[0], levels[-1]]) == pytest.approx([view.chat_min, view.chat_max])
    assert np.all(np.diff(figscene.c_levels(view)) > 0)


@pytest.mark.parametrize(("modules", "absent"), [
    # the figure process: drawing and read-back need no sympy (the view arrives in floats)
    ("bnreport.figjob, bnreport.figures, bnreport.figcheck, bnreport.figtypes", "sympy"),
    # the build: reading the figure process's answer needs no contouring
    ("bnreport.pipeline, bnreport.figtypes, bnreport.figview", "numpy"),
])
def test_each_side_of_the_figure_pipe_spares_the_other_sides_imports(modules, absent):
    code = f"import sys, {modules}; print(sorted(m for m in sys.modules if m.startswith({absent!r})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    assert done.stdout.strip() == "[]"


# -- the figure process: draws first, then figures; failures are one line ---------------------------
def test_the_worker_draws_the_same_simulation_as_the_build_would(views, tmp_path):
    """The worker solves for W* and d from the statistics (flint) while the build imports sympy;
    its draws are the build's own, and so are the counts."""
    from bnreport.closed import Closed
    from bnreport.figjob import FigureWorker
    from bnreport.loader import load_problem
    from bnreport.simulate import draws_for, draws_of, finish, simulate

    the = land("paper")
    problem = load_problem(None)
    worker = FigureWorker(problem)
    try:
        closed = Closed(problem)
        draws = draws_for(closed.wstar, closed.direction)
        assert draws == draws_of(the)
        counts = worker.counts(draws)
        assert counts is not None
        worker.draw(views["paper"], tmp_path / "figures")
        assert [f.name for f in worker.wait().files] == ["landscape-costs.pdf", "landscape-cone.pdf"]
    finally:
        worker.close()
    remote, local = finish(the, draws, counts), simulate(the)
    assert remote.estimates == local.estimates and remote.rechecked == local.rechecked


@pytest.mark.parametrize("name", [n for n in NAMES if SPECS[n].case is Case.GENERIC])
def test_the_early_draws_are_the_builds_on_every_generic_data_set(name):
    """Computed from the statistics alone, they equal the draws of the exact landscape (or the
    build would draw again itself)."""
    from bnreport.montecarlo import early_draws
    from bnreport.simulate import draws_of

    the = land(name)
    assert early_draws(problem(name)) == draws_of(the)


def test_other_draws_are_not_taken_for_the_builds(tmp_path):
    """A worker that drew for other data answers None: the build then draws itself."""
    import dataclasses as dc

    from bnreport.closed import Closed
    from bnreport.figjob import FigureWorker
    from bnreport.loader import load_problem
    from bnreport.simulate import draws_for

    problem = load_problem(None)
    worker = FigureWorker(problem)
    try:
        closed = Closed(problem)
        other = dc.replace(draws_for(closed.wstar, closed.direction), seed=12)
        assert worker.counts(other) is None
    finally:
        worker.close()


def test_a_worker_that_dies_is_a_failed_check_not_a_hang(views, tmp_path):
    import os
    import signal

    from bnreport.errors import CheckFailed
    from bnreport.figjob import FigureWorker

    worker = FigureWorker(None)
    os.kill(worker.process.pid, signal.SIGKILL)
    worker.process.join()
    worker.draw(views["paper"], tmp_path / "figures")
    with pytest.raises(CheckFailed, match="ended without an answer"):
        worker.wait()
    worker.close()


def test_a_mismatch_in_the_worker_is_the_figure_check_failing(views, tmp_path, monkeypatch):
    from bnreport.errors import CheckFailed
    from bnreport.figjob import FigureWorker

    honest = figscene.wedge_polygon

    def wider(view, wedge):  # drawn 10⁻³ rad wider than derived (the forked worker inherits it)
        return honest(view, dataclasses.replace(wedge, width=wedge.width + 1e-3))

    monkeypatch.setattr(figscene, "wedge_polygon", wider)
    worker = FigureWorker(None)
    try:
        worker.draw(views["paper"], tmp_path / "figures")
        with pytest.raises(CheckFailed, match="figure-cone") as failed:
            worker.wait()
        assert "wedge" in str(failed.value)
    finally:
        worker.close()


@pytest.mark.latex
def test_the_build_itself_never_imports_numpy(tmp_path):
    """The draws and the figures run in the figure process; numpy's import (0.06 s) and the
    draws (0.05 s) are off the build's critical path."""
    code = ("import sys; from bnreport.cli import main; "
            f"rc = main(['--out', {str(tmp_path)!r}, '--no-formal', '-q']); "
            "print(rc, 'numpy' in sys.modules, 'bnreport.figscene' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          check=True)
    assert done.stdout.split() == ["0", "False", "False"]
    assert "Simulation" in (tmp_path / "bnreport.tex").read_text()


@pytest.mark.parametrize("job", ["figures", "checks"])
def test_forked_workers_die_with_the_build(job):
    """Found by review: the figure process outlived a SIGKILLed build, blocked on its pipe."""
    import time

    start = {"figures": "from bnreport.figjob import FigureWorker; w = FigureWorker(None)",
             "checks": "from bnreport.checkjob import CheckJob; from bnreport.derive import "
                       "derive; from bnreport.loader import load_problem; "
                       "import bnreport.checkjob as c; c.check_steps = lambda s, between=None: "
                       "__import__('time').sleep(60); w = CheckJob(derive(load_problem()).steps)"}
    code = (f"{start[job]}; print(w.process.pid, flush=True); import os, signal; "
            "os.kill(os.getpid(), signal.SIGKILL)")
    build = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT)
    pid = int(build.stdout.readline())  # not read to its end: an orphan would hold it open
    build.wait()
    build.stdout.close()
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    alive = Path(f"/proc/{pid}").exists()
    if alive:
        os.kill(pid, 9)
    assert not alive


def test_a_figure_mismatch_does_not_surface_through_the_simulations_counts(views, tmp_path,
                                                                           monkeypatch):
    """Found by the full suite under load: the mismatch arrived before the build asked for the
    counts and was raised there, before the checks could name a failed step."""
    import time

    from bnreport.closed import Closed
    from bnreport.errors import CheckFailed
    from bnreport.figjob import FigureWorker
    from bnreport.loader import load_problem
    from bnreport.simulate import draws_for

    honest = figscene.wedge_polygon
    monkeypatch.setattr(figscene, "wedge_polygon", lambda view, wedge: honest(
        view, dataclasses.replace(wedge, width=wedge.width + 1e-3)))
    problem = load_problem(None)
    worker = FigureWorker(problem)
    try:
        worker.draw(views["paper"], tmp_path / "figures")
        deadline = time.monotonic() + 30
        while not worker.ready() and time.monotonic() < deadline:  # the mismatch is in
            time.sleep(0.05)
        closed = Closed(problem)
        assert worker.counts(draws_for(closed.wstar, closed.direction)) is not None
        with pytest.raises(CheckFailed, match="figure-cone"):
            worker.wait()
    finally:
        worker.close()
