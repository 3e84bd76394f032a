"""The whole pipeline: load → derive → render → (compile ∥ check) → publish.

Read :func:`build` first; each stage lives in its own module and only imports leftwards.  The
order is not the textbook one on purpose: every step's verdict text is known before its check runs
(:func:`~bnreport.check.plan`), so rendering comes before checking and TeX compiles on the other core
while the checks run.  Nothing is published before every check has passed.
"""

from __future__ import annotations

import datetime
import json
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from .check import check_steps, plan
from .derive import Note, derive
from .errors import CheckFailed, TexMissing
from .figjob import FigureJob
from .formal.appendix import appendix_tex
from .formal.run import FormalJob
from .formal.spec import spec_from_note
from .latex import TEX_INSTALL_HINT, CompileJob, document_source, tex_available
from .model import Problem
from .output import publish, staging, write_text
from .render import FIGURES, FigureRef, Rendered, note_body, render_all, title_of
from .texescape import TeX

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


def build(problem: Problem, out_dir: Path, *, pdf: bool, progress: Progress,
          formal: bool = True) -> BuildResult:
    """Derive and check every step, then publish snippets, .sty and (if ``pdf``) the figures, the
    Coq proof, the .tex and the PDF.

    The figures (a forked process) and coqc run while the parent checks every step; TeX starts
    when all three are done, because the note shows the figures and the verdict of coqc.  Nothing
    leaves the staging directory until every check has passed: a failed check, figure or proof
    publishes nothing; a failed compile keeps the old PDF.
    """
    clock = _Clock(progress)
    note = derive(problem)                              # 1. the steps, from both routes
    steps = note.steps
    clock.lap(f"derive: {len(steps)} steps")
    with staging(out_dir) as scratch, ExitStack() as jobs:
        figures = coq = None
        if pdf:                                         # 2. figures and coqc start meanwhile
            figures = _start_figures(note, scratch / "figures", jobs)
            coq = _start_formal(note, scratch, progress, jobs) if formal else None
        planned = {step.id: plan(step) for step in steps}
        rendered = render_all(note, planned, build_date())  # 3. fragments and macros
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
        verdicts = check_steps(steps)                   # 4. check every step (or stop here)
        clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")
        progress(f"verdict: {note.findings.verdict_line()}")
        if not pdf:
            publish(scratch / "snippets", out_dir / "snippets")
            publish(scratch / "bnreport.sty", out_dir / "bnreport.sty")
            clock.lap(f"snippets: written to {out_dir / 'snippets'}")
            return BuildResult(len(steps), None, None, out_dir / "snippets")
        drawn = _finish_figures(figures, clock)         # 5. the figures, read back and verified
        appendix = _finish_formal(coq, progress)        # 6. coqc's verdict (a rejection stops)
        clock.lap("formal: done" if coq is not None else "formal: skipped (--no-formal)")
        body = note_body(note, rendered, drawn, appendix)
        tex = write_text(scratch / "bnreport.tex", document_source(
            title_of(problem), problem.author, rendered.meta.date, body))
        try:
            if not tex_available():
                raise TexMissing(f"no TeX engine found (latexmk/pdflatex); {TEX_INSTALL_HINT}; "
                                 f"{out_dir / 'bnreport.tex'} and the snippets were written")
            compiled = CompileJob(tex).wait()               # 7. one compile
        finally:  # even if TeX failed: the sources are what one debugs
            for name in ("snippets", "bnreport.sty", "figures", "formal", "bnreport.tex"):
                if (scratch / name).exists():
                    publish(scratch / name, out_dir / name)
        publish(compiled, out_dir / "bnreport.pdf")
        clock.lap(f"latex: {out_dir / 'bnreport.pdf'}")
    return BuildResult(len(steps), out_dir / "bnreport.pdf", out_dir / "bnreport.tex",
                       out_dir / "snippets")


def _start_figures(note: Note, directory: Path, jobs: ExitStack) -> FigureJob | None:
    from .figview import figure_view

    view = figure_view(note.landscape)
    if view is None:  # p = 1: there is no plane to draw
        return None
    job = FigureJob(view, directory)
    jobs.callback(job.cancel)
    return job


def _finish_figures(job: FigureJob | None, clock: _Clock) -> tuple[FigureRef, ...]:
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
        raise CheckFailed(result.rejected_theorem or "formal", f"coqc rejected the proof: "
                                                               f"{result.message}")
    return appendix_tex(result)


def build_date() -> str:
    return datetime.date.today().strftime("%Y/%m/%d")


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
    document = {"generator": f"bnreport {rendered.meta.version}", "source": rendered.meta.source,
                "input_sha256": rendered.meta.digest, "steps": index}
    write_text(directory / "index.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(sty, rendered.sty)

