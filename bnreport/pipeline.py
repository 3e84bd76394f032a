"""The whole pipeline: load → derive → (figures ∥ coqc ∥ render + check ∥ TeX) → publish.

Read :func:`build` first; each stage lives in its own module and only imports leftwards.  The
order is not the textbook one on purpose: the figures (a forked process) and coqc start as soon as
the derivation exists and run while the parent renders every step.  TeX needs the figures and
coqc's verdict (the note shows both): without coqc it starts as soon as the figures are drawn and
runs while the parent checks every step; with coqc the checks run while coqc works, and TeX last.
Nothing is published before every check, figure and proof has passed and TeX has succeeded; then
the whole set is published at once.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .check import check_steps, plan
from .derive import Note, derive, prepare
from .errors import CheckFailed, TexError, TexMissing
from .figjob import FigureWorker
from .formal.appendix import appendix_tex
from .formal.run import FormalJob
from .formal.spec import spec_from_note
from .landscape import Case, Landscape
from .latex import TEX_INSTALL_HINT, CompileJob, PdfInfo, document_source, tex_available
from .model import Problem
from .output import Session, Target, inspect
from .render import FIGURES, FigureRef, Rendered, note_body, render_all, title_of
from .reproducible import BuildTime, build_time
from .simulate import Simulation
from .texescape import TeX

Progress = Callable[[str], None]
SUBJECT = ("A checked re-derivation of the counterexample of Dannemann and Junike (2025) to "
           "Lemma 4.5 of Santurkar et al. (2018)")


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
          fingerprint: str = "", formal: bool = True,
          figures: FigureWorker | None = None) -> BuildResult:
    """Derive and check every step, then publish snippets, .sty and (if ``pdf``) the figures, the
    Coq proof, the .tex and the PDF — all at once, or nothing (:mod:`bnreport.output`).

    ``figures``: a worker forked at start-up (see :mod:`bnreport.figjob`); one is started here
    when the caller has none."""
    target = out if isinstance(out, Target) else inspect(out)
    when = build_time(problem.date)
    clock = _Clock(progress)
    prepared = prepare(problem)                         # 1. closed forms and the landscape
    with Session(target) as session, ExitStack() as jobs:
        scratch = session.staging
        coq = None
        simulation = None
        if pdf:                                         # 2. the figures start drawing now
            figures = _start_figures(prepared[1], when, scratch / "figures", figures, jobs)
            simulation = figures and partial(_simulation, figures, prepared[1])
        note = derive(problem, prepared=prepared, simulation=simulation)  # 3. the steps
        steps = note.steps
        clock.lap(f"derive: {len(steps)} steps")
        if pdf and formal:                              # 4. coqc starts meanwhile
            coq = _start_formal(note, scratch, progress, jobs)
        rendered = render_all(note, {step.id: plan(step) for step in steps})  # 5. fragments
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
        # TeX reads the figures and shows coqc's verdict; what it does not wait for overlaps it.
        launch = partial(_start_tex, problem, note, rendered, figures, when, scratch, clock, jobs)
        early = _EarlyTex(partial(launch, TeX("")), figures) if pdf and coq is None else None
        if early is not None:
            early.if_ready()  # the figures are usually drawn by now: TeX starts before the checks
        verdicts = check_steps(steps, between=early and early.if_ready)  # 6. every step: TeX
        clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")  # starts in between
        progress(f"verdict: {note.findings.verdict_line()}")
        tex_job = None
        if early is not None:
            tex_job = early.now()
        elif pdf:                                       # 7. coqc ran during the checks
            tex_job = launch(_finish_formal(coq, progress))
        compiled = tex_job is not None and _compile(tex_job, session)  # 8. TeX's PDF
        session.publish(fingerprint, pdf=compiled, csv=problem.csv)  # 9. all at once, stamp last
        if pdf and not compiled:
            raise TexMissing(f"no TeX engine found (pdflatex); {TEX_INSTALL_HINT}; "
                             f"{target.path / 'bnreport.tex'} and the snippets were written")
        clock.lap(f"latex: {target.path / 'bnreport.pdf'}" if pdf else
                  f"snippets: written to {target.path / 'snippets'}")
    out_dir = target.path
    return BuildResult(len(steps), out_dir / "bnreport.pdf" if pdf else None,
                       out_dir / "bnreport.tex" if pdf else None, out_dir / "snippets")


class _EarlyTex:
    """Starts TeX once: between two checks as soon as the figures are drawn, or at :meth:`now`."""

    def __init__(self, launch: Callable[[], CompileJob | None], figures: FigureWorker | None
                 ) -> None:
        self.launch, self.figures = launch, figures
        self.started = False
        self.job: CompileJob | None = None

    def if_ready(self) -> None:
        if not self.started and (self.figures is None or self.figures.ready()):
            self.now()

    def now(self) -> CompileJob | None:
        if not self.started:
            self.started = True
            self.job = self.launch()
        return self.job


def _start_tex(problem: Problem, note: Note, rendered: Rendered, figures: FigureWorker | None,
               when: BuildTime, scratch: Path, clock: _Clock, jobs: ExitStack,
               appendix: TeX) -> CompileJob | None:
    """Write the .tex (the figures must be on disk: TeX reads them) and start TeX in the
    background; None when there is no TeX (the caller reports it after publishing the rest)."""
    drawn = _finish_figures(figures, clock)
    tex = write_text(scratch / "bnreport.tex", document_source(
        title_of(problem), problem.author, rendered.meta.date,
        note_body(note, rendered, drawn, appendix), pdf_info(rendered, when)))
    if not tex_available():
        return None
    job = CompileJob(tex, when)
    jobs.callback(job.cancel)                           # killed on any failure or signal
    return job


def _compile(job: CompileJob, session: Session) -> bool:
    try:
        job.wait()
    except TexError as err:
        kept = session.keep_failed(job.tex_path, job.tex_path.with_suffix(".log"))
        raise TexError(f"{err} (source and log: {kept})") from None
    return True


def _start_figures(land: Landscape, when: BuildTime, directory: Path,
                   worker: FigureWorker | None, jobs: ExitStack) -> FigureWorker | None:
    """Hand the figure process the figure view and the simulation's draws (it draws both while
    the steps are derived); None when there are no figures (then the build draws itself)."""
    from .figview import figure_view
    from .simulate import draws_of

    view = figure_view(land, when)
    if view is None or not tex_available():  # p = 1: no plane to draw; no TeX: no PDF to show them
        if worker is not None:
            worker.close()
        return None
    worker = worker or FigureWorker()
    jobs.callback(worker.close)
    worker.draw(view, directory, draws_of(land) if land.geometry.case is Case.GENERIC else None)
    return worker


def _simulation(worker: FigureWorker, land: Landscape) -> Simulation:
    from .simulate import draws_of, finish

    return finish(land, draws_of(land), worker.counts())


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


def pdf_info(rendered: Rendered, when: BuildTime) -> PdfInfo:
    return PdfInfo(subject=SUBJECT, version=rendered.meta.version, source=rendered.meta.source,
                   digest=rendered.meta.digest, when=when)


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
