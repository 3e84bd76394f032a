"""The whole pipeline, top to bottom: load → derive → check → render → write → compile.

Read this function first; each stage lives in its own module and only imports leftwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .check import check_steps, plan
from .derive import derive, verdict
from .errors import TexError, TexMissing
from .latex import TEX_INSTALL_HINT, CompileJob, PdfInfo, document_source, tex_available
from .model import Problem
from .output import Session, Target, inspect
from .render import Rendered, render_all, title_of
from .reproducible import BuildTime, build_time

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
          fingerprint: str = "") -> BuildResult:
    """Derive and check every step, then publish snippets, .sty, .tex and (if ``pdf``) the PDF.

    The compile overlaps the checks (two cores), but nothing leaves the staging directory until
    every check has passed and TeX has succeeded; then the whole set is published at once
    (:mod:`bnreport.output`).  A failed check or compile publishes nothing."""
    target = out if isinstance(out, Target) else inspect(out)
    when = build_time(problem.date)
    clock = _Clock(progress)
    q, steps = derive(problem)                          # 2. derive the steps with sympy
    clock.lap(f"derive: {len(steps)} steps")
    planned = {step.id: plan(step) for step in steps}
    rendered = render_all(q, steps, planned)            # 4. render fragments, body, macros
    clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
    with Session(target) as session:                    # 5. a private staging directory
        scratch = session.staging
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        tex = job = None
        if pdf:
            tex = write_text(scratch / "bnreport.tex", document_source(
                title_of(problem), problem.author, rendered.meta.date, rendered.body,
                pdf_info(rendered, when)))
            job = CompileJob(tex, when) if tex_available() else None  # 5. TeX starts meanwhile
        try:
            verdicts = check_steps(steps)               # 3. check every step (or stop here)
            clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")
            progress(f"verdict: {verdict(q)}")
            if pdf and job is not None:
                try:
                    job.wait()
                except TexError as err:
                    kept = session.keep_failed(scratch / "bnreport.tex", scratch / "bnreport.log")
                    raise TexError(f"{err} (source and log: {kept})") from None
        finally:
            if job is not None:
                job.cancel()                            # killed on any failure or signal
        # 6. publish the whole set at once; the stamp (output hashes) last
        session.publish(fingerprint, pdf=job is not None, csv=problem.csv)
        if job is None and pdf:
            raise TexMissing(f"no TeX engine found (pdflatex); {TEX_INSTALL_HINT}; "
                             f"{target.path / 'bnreport.tex'} and the snippets were written")
        clock.lap(f"latex: {target.path / 'bnreport.pdf'}" if pdf else
                  f"snippets: written to {target.path / 'snippets'}")
    out_dir = target.path
    return BuildResult(len(steps), out_dir / "bnreport.pdf" if pdf else None,
                       out_dir / "bnreport.tex" if pdf else None, out_dir / "snippets")


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
                "provenance": f"bnreport {meta.version}, input sha256 {meta.digest}", "steps": index}
    write_text(directory / "index.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(sty, rendered.sty)


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
