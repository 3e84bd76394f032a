"""The whole pipeline: load → derive → (figures ∥ coqc ∥ checks ∥ render → TeX) → publish.

Read :func:`build` first; each stage lives in its own module and only imports leftwards.  The
order is not the textbook one on purpose: TeX is primed on the preamble before the algebra starts
(:mod:`bnreport.texstart`), the figures and the simulation's draws run in a process forked at
start-up, and once the steps exist they are checked in a forked process (:mod:`bnreport.checkjob`)
while this one renders them and lets TeX typeset the body.  TeX needs the figures and coqc's
verdict (the note shows both): with coqc, TeX starts last.  Nothing is published before every
check, figure and proof has passed and TeX has succeeded; then the whole set is published at once.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .check import plan
from .checkjob import CheckJob
from .derive import Note, derive, prepare_closed
from .errors import CheckFailed, TexError, TexMissing
from .figjob import FigureWorker
from .figtypes import Draws
from .figview import figure_view
from .formal.appendix import appendix_tex
from .formal.run import FormalJob
from .formal.spec import spec_from_note
from .landscape import Landscape, landscape_of
from .latex import TEX_INSTALL_HINT, CompileJob, document_source, tex_available
from .meta import title_of
from .model import Problem
from .output import Session, Target, inspect
from .render import FIGURES, FigureRef, Rendered, note_body, render_all
from .reproducible import BuildTime, build_time
from .simulate import Simulation, draws_for, finish, simulate
from .texescape import TeX
from .texstart import pdf_info, primed_tex

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    steps: int
    pdf: Path | None
    tex: Path | None
    snippets: Path


class _Clock:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.start = time.perf_counter()

    def lap(self, message: str) -> None:
        now = time.perf_counter()
        self.progress(f"{message} ({now - self.start:.2f} s)")
        self.start = now


def build(problem: Problem, out: Target | Path, *, pdf: bool, progress: Progress,
          fingerprint: str = "", formal: bool = True, figures: FigureWorker | None = None,
          tex: CompileJob | None = None) -> BuildResult:
    """Derive and check every step, then publish snippets, .sty and (if ``pdf``) the figures, the
    Coq proof, the .tex and the PDF — all at once, or nothing (:mod:`bnreport.output`).

    ``figures``: a worker forked at start-up (see :mod:`bnreport.figjob`); one is started here
    when the caller has none.  ``tex``: TeX primed on the preamble by the caller before it
    imported sympy (:mod:`bnreport.texstart`); without coqc, one is primed here otherwise."""
    target = out if isinstance(out, Target) else inspect(out)
    with ExitStack() as opened:
        if tex is None and pdf and not formal:  # with coqc, TeX starts last (it shows its verdict)
            tex = opened.enter_context(primed_tex(problem))
        return _build(problem, target, tex, pdf=pdf, progress=progress,
                      fingerprint=fingerprint, formal=formal, figures=figures)


def _build(problem: Problem, target: Target, primed: CompileJob | None, *, pdf: bool,
           progress: Progress, fingerprint: str, formal: bool, figures: FigureWorker | None
           ) -> BuildResult:
    when = build_time(problem.date)
    clock = _Clock(progress)
    closed = prepare_closed(problem)                    # 1. the closed forms: W*, d, …
    land = landscape_of(closed)                         # and the landscape
    with Session(target) as session, ExitStack() as jobs:
        scratch = session.staging
        coq = None
        worker = _figure_worker(problem, figures, pdf, jobs)  # figures' and draws' process
        simulation = None                               # 2. drawn by the worker meanwhile
        if worker is not None:
            simulation = partial(_simulation, worker, draws_for(closed.wstar, closed.direction))
        view = figure_view(land, when) if worker is not None else None  # 3. the figures
        if worker is not None:
            worker.draw(view, scratch / "figures")
        drawing = worker if view is not None else None  # p = 1: no plane, no figures
        note = derive(problem, prepared=(closed, land),  # 4. the steps
                      simulation=simulation and partial(simulation, land))
        steps = note.steps
        clock.lap(f"derive: {len(steps)} steps")
        if pdf and formal:                              # 4. coqc starts meanwhile
            coq = _start_formal(note, scratch, progress, jobs)
        checks = CheckJob(steps)                        # 5. every step, in a forked process
        jobs.callback(checks.close)
        rendered = render_all(note, {step.id: plan(step) for step in steps})  # 6. fragments
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
        # TeX reads the figures and shows coqc's verdict; what it does not wait for overlaps it.
        launch = partial(_start_tex, problem, note, rendered, drawing, when, scratch, clock, jobs,
                         primed)
        try:
            tex_job = launch(TeX("")) if pdf and coq is None else None  # 7. TeX, during checks
        except CheckFailed:  # a figure does not match: a failed step, if any, says more
            checks.verdicts()
            raise
        verdicts = checks.verdicts()
        clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")
        progress(f"verdict: {note.findings.verdict_line()}")
        if pdf and coq is not None:                     # 8. coqc ran during the checks
            tex_job = launch(_finish_formal(coq, progress))
        compiled = tex_job is not None and _compile(tex_job, session)  # 9. TeX's PDF
        session.publish(fingerprint, pdf=compiled, csv=problem.csv)  # 10. all at once, stamp last
        if pdf and not compiled:
            raise TexMissing(f"no TeX engine found (pdflatex); {TEX_INSTALL_HINT}; "
                             f"{target.path / 'bnreport.tex'} and the snippets were written")
        clock.lap(f"latex: {target.path / 'bnreport.pdf'}" if pdf else
                  f"snippets: written to {target.path / 'snippets'}")
    out_dir = target.path
    return BuildResult(len(steps), out_dir / "bnreport.pdf" if pdf else None,
                       out_dir / "bnreport.tex" if pdf else None, out_dir / "snippets")


def _start_tex(problem: Problem, note: Note, rendered: Rendered, figures: FigureWorker | None,
               when: BuildTime, scratch: Path, clock: _Clock, jobs: ExitStack,
               primed: CompileJob | None, appendix: TeX) -> CompileJob | None:
    """Write the .tex (the figures must be on disk: TeX reads them) and start TeX in the
    background (or let the primed TeX go on); None when there is no TeX (the caller reports it
    after publishing the rest)."""
    drawn = _finish_figures(figures, clock)
    source = document_source(title_of(problem), problem.author, rendered.meta.date,
                             note_body(note, rendered, drawn, appendix),
                             pdf_info(rendered.meta, when))
    tex = write_text(scratch / "bnreport.tex", source)
    if primed is not None and tex_available():
        if drawn:  # TeX reads them from its own directory
            (primed.tex_path.parent / "figures").symlink_to(scratch / "figures")
        primed.feed(source)
        return primed
    if not tex_available():
        return None
    job = CompileJob(tex, when)
    jobs.callback(job.cancel)                           # killed on any failure or signal
    return job


def _compile(job: CompileJob, session: Session) -> bool:
    try:
        pdf = job.wait()
    except TexError as err:
        kept = session.keep_failed(job.tex_path, job.tex_path.with_suffix(".log"))
        raise TexError(f"{err} (source and log: {kept})") from None
    if pdf.parent != session.staging:  # a primed TeX runs in a directory of its own
        shutil.copyfile(pdf, session.staging / pdf.name)
    return True


def _figure_worker(problem: Problem, worker: FigureWorker | None, pdf: bool, jobs: ExitStack
                   ) -> FigureWorker | None:
    """The process for the figures and the simulation's draws: the caller's (forked at start-up,
    see :mod:`bnreport.figjob`) or a new one; None when there will be no PDF to show figures in
    (then the build draws the simulation itself)."""
    if not pdf or not tex_available():
        if worker is not None:
            worker.close()
        return None
    worker = worker or FigureWorker(problem)
    jobs.callback(worker.close)
    return worker


def _simulation(worker: FigureWorker, draws: Draws, land: Landscape) -> Simulation:
    """The worker's draws when they are ours (they always should be), else drawn here."""
    counts = worker.counts(draws)
    return simulate(land) if counts is None else finish(land, draws, counts)


def _finish_figures(job: FigureWorker | None, clock: _Clock) -> tuple[FigureRef, ...]:
    if job is None:
        return ()
    result = job.wait()
    clock.lap(f"figures: {len(result.files)} drawn and verified")
    return FIGURES


def _start_formal(note: Note, scratch: Path, progress: Progress, jobs: ExitStack) -> FormalJob:
    job = FormalJob(spec_from_note(note), scratch, progress)
    jobs.callback(job.cancel)
    return job


def _finish_formal(job: FormalJob | None, progress: Progress) -> TeX:
    if job is None:
        return TeX("")
    result = job.wait()
    if result.accepted is None:
        progress(f"formal: skipped, {result.message}")
    elif not result.accepted:
        raise CheckFailed(result.rejected_theorem or "formal",
                          f"coqc rejected the proof: {result.message}")
    return appendix_tex(result)


def _write_snippets(rendered: Rendered, directory: Path, sty: Path) -> None:
    index = []
    for view in rendered.views:
        write_text(directory / f"{view.id}.tex", rendered.snippets[view.id])
        index.append({
            "id": view.id, "title": view.title, "section": view.section, "file": f"{view.id}.tex",
            "label": f"bn:{view.id}",
            "macros": [m.name for m in rendered.macros if m.step == view.id],
            "check": {"method": view.method, "detail": view.detail},
        })
    meta = rendered.meta
    document = {"generator": f"bnreport {meta.version}", "version": meta.version,
                "source": meta.source, "input_sha256": meta.digest,
                "provenance": meta.provenance, "steps": index}
    write_text(directory / "index.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(sty, rendered.sty)


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
