"""The whole pipeline, top to bottom: load → derive → check → render → write → compile.

Read this function first; each stage lives in its own module and only imports leftwards.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .check import check_steps
from .derive import derive
from .latex import compile_pdf, document_source
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
    """Derive and check every step, then write snippets, .sty, .tex and (if ``pdf``) the PDF.

    A failed check raises before anything is written; a failed compile keeps the previous PDF.
    """
    clock = _Clock(progress)
    q, steps = derive(problem)                          # 2. derive the steps with sympy
    clock.lap(f"derive: {len(steps)} steps")
    verdicts = check_steps(steps)                       # 3. check every step (or stop here)
    clock.lap(f"check: {len(verdicts)} of {len(steps)} steps passed")
    rendered = render_all(q, steps, verdicts)           # 4. render fragments, body, macros
    clock.lap(f"render: {len(rendered.fragments)} fragments, {len(rendered.macros)} macros")
    with staging(out_dir) as scratch:                   # 5. write, compile, publish atomically
        _write_snippets(rendered, scratch / "snippets", scratch / "bnreport.sty")
        publish(scratch / "snippets", out_dir / "snippets")
        publish(scratch / "bnreport.sty", out_dir / "bnreport.sty")
        if not pdf:
            clock.lap(f"snippets: written to {out_dir / 'snippets'}")
            return BuildResult(len(steps), None, None, out_dir / "snippets")
        source = document_source(title_of(problem), problem.author, rendered.meta.date,
                                 rendered.body)
        tex = write_text(scratch / "bnreport.tex", source)
        try:
            compiled = compile_pdf(tex)
        finally:
            # The .tex is published even when TeX fails or is missing: it is what one debugs.
            publish(tex, out_dir / "bnreport.tex")
        publish(compiled, out_dir / "bnreport.pdf")
        clock.lap(f"latex: {out_dir / 'bnreport.pdf'}")
    return BuildResult(len(steps), out_dir / "bnreport.pdf", out_dir / "bnreport.tex",
                       out_dir / "snippets")


def _write_snippets(rendered: Rendered, directory: Path, sty: Path) -> None:
    index = []
    for view in rendered.views:
        write_text(directory / f"{view.id}.tex", rendered.snippets[view.id])
        index.append({
            "id": view.id, "title": view.title, "file": f"{view.id}.tex", "label": f"bn:{view.id}",
            "macros": [m.name for m in rendered.macros if m.step == view.id],
            "check": {"method": view.method, "detail": view.detail},
        })
    document = {"generator": f"bnreport {rendered.meta.version}", "source": rendered.meta.source,
                "input_sha256": rendered.meta.digest, "steps": index}
    write_text(directory / "index.json", json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    write_text(sty, rendered.sty)

