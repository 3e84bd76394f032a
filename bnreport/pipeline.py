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
from dataclasses import dataclass
from pathlib import Path

from .check import check_steps, plan
from .derive import derive
from .errors import TexMissing
from .latex import TEX_INSTALL_HINT, CompileJob, document_source, tex_available
from .model import Problem
from .output import publish, staging, write_text
from .render import Rendered, render_all, title_of

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


def build(problem: Problem, out_dir: Path, *, pdf: bool, progress: Progress) -> BuildResult:
    """Derive and check every step, then publish snippets, .sty, .tex and (if ``pdf``) the PDF.

    The compile overlaps the checks (two cores), but nothing leaves the staging directory until
    every check has passed: a failed check publishes nothing; a failed compile keeps the old PDF.
    """
    clock = _Clock(progress)
    note = derive(problem)                              # 1. the steps, from both routes
    steps = note.steps
    clock.lap(f"derive: {len(steps)} steps")
    planned = {step.id: plan(step) for step in steps}
    rendered = render_all(note, planned, build_date())  # 2. fragments, body, macros
    clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
    with staging(out_dir) as scratch:
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        tex = job = None
        if pdf:
            tex = write_text(scratch / "bnreport.tex", document_source(
                title_of(problem), problem.author, rendered.meta.date, rendered.body))
            job = CompileJob(tex) if tex_available() else None  # 3. TeX starts meanwhile
        try:
            verdicts = check_steps(steps)               # 4. check every step (or stop here)
        except BaseException:
            if job:
                job.cancel()
            raise
        clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")
        progress(f"verdict: {note.findings.verdict_line()}")
        publish(scratch / "snippets", out_dir / "snippets")
        publish(scratch / "bnreport.sty", out_dir / "bnreport.sty")
        if tex is None:
            clock.lap(f"snippets: written to {out_dir / 'snippets'}")
            return BuildResult(len(steps), None, None, out_dir / "snippets")
        try:
            if job is None:
                raise TexMissing(f"no TeX engine found (latexmk/pdflatex); {TEX_INSTALL_HINT}; "
                                 f"{out_dir / 'bnreport.tex'} and the snippets were written")
            publish(job.wait(), out_dir / "bnreport.pdf")
        finally:
            publish(tex, out_dir / "bnreport.tex")  # even if TeX failed: it is what one debugs
        clock.lap(f"latex: {out_dir / 'bnreport.pdf'}")
    return BuildResult(len(steps), out_dir / "bnreport.pdf", out_dir / "bnreport.tex",
                       out_dir / "snippets")


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

