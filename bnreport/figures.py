"""The two figures of "All initialisations": drawn, read back and verified, then written.

:mod:`bnreport.figscene` lays each figure out from the :class:`~bnreport.figtypes.PlotView` (the
exact view rounded to floats by the build; this process never imports sympy),
:mod:`bnreport.figtex` turns it into a plain-TeX page that pdfTeX compiles into a vector PDF, and
:mod:`bnreport.figcheck` reads that PDF back and compares every special object with the view.  Only
a verified file is written to the output; the bytes depend only on the view and the build's time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from pathlib import Path

from .figcheck import FigureMismatch, verify_cone, verify_costs
from .figscene import cone_scene, costs_scene
from .figtex import WIDTH, PageJob, page_tex
from .figtypes import FigureFile, FiguresResult, PlotView

FILES = {"costs": "landscape-costs.pdf", "cone": "landscape-cone.pdf"}
FIGURES = (("costs", costs_scene, verify_costs), ("cone", cone_scene, verify_cone))

__all__ = ["FILES", "FigureMismatch", "draw", "write_figures"]


def _page(key: str, view: PlotView) -> tuple[str, str]:
    make = next(make for name, make, _ in FIGURES if name == key)
    scene = make(view)
    return scene.name, page_tex(scene, view.when)


def draw(key: str, view: PlotView, scratch: Path) -> bytes:
    """The PDF of figure ``key`` ("costs" or "cone"), compiled in ``scratch``."""
    name, source = _page(key, view)
    return PageJob(source, scratch, name, view.when).result()


def write_figures(view: PlotView, out_dir: Path) -> FiguresResult:
    """Draw (both pdfTeX runs at once), read back and verify, then write both figures into
    ``out_dir`` (atomically: a temporary file, then rename)."""
    start = time.perf_counter()
    out_dir.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=".figures-", dir=out_dir.parent))
    jobs: list[PageJob] = []
    files = []
    try:
        for key, _, _ in FIGURES:
            name, source = _page(key, view)
            jobs.append(PageJob(source, scratch, name, view.when))
        for (key, _, verify), job in zip(FIGURES, jobs, strict=True):
            data = job.result()
            if job.overfull():
                raise FigureMismatch(f"figure-{key}", f"the drawing does not fit on its "
                                                      f"{WIDTH} page (TeX: overfull box)")
            verified = verify(data, view)
            path = out_dir / FILES[key]
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(data)
            os.replace(partial, path)
            files.append(FigureFile(FILES[key], path, hashlib.sha256(data).hexdigest(), len(data),
                                    verified))
    finally:
        for job in jobs:
            job.cancel()
        shutil.rmtree(scratch, ignore_errors=True)
    return FiguresResult(tuple(files), time.perf_counter() - start)
