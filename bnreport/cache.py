"""Warm re-runs: decide, without importing sympy, whether the outputs are already up to date."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import __version__
from .model import Problem

STAMP = ".bnreport-stamp.json"
SNIPPET_OUTPUTS = ["snippets/index.json", "bnreport.sty"]
PDF_OUTPUTS = ["bnreport.pdf", "bnreport.tex", *SNIPPET_OUTPUTS]
_PACKAGE = Path(__file__).resolve().parent


def _code_files() -> list[Path]:
    # The code and templates that shaped the outputs: editing any of them invalidates the cache.
    from .templates import templates_dir  # jinja2 only, cheap

    files = sorted(_PACKAGE.rglob("*.py")) + sorted(templates_dir().rglob("*.jinja"))
    return [f for f in files if "__pycache__" not in f.parts]


def fingerprint(problem: Problem) -> str:
    digest = hashlib.sha256(f"{__version__}\0{problem.digest}\0{problem.source}".encode())
    for path in _code_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def is_fresh(out_dir: Path, stamp: str, need_pdf: bool) -> bool:
    try:
        saved = json.loads((out_dir / STAMP).read_text())
    except (OSError, ValueError):
        return False
    if saved.get("fingerprint") != stamp or (need_pdf and not saved.get("pdf")):
        return False
    outputs = PDF_OUTPUTS if need_pdf else SNIPPET_OUTPUTS
    return all((out_dir / name).exists() for name in outputs)


def save(out_dir: Path, stamp: str, pdf: bool) -> None:
    (out_dir / STAMP).write_text(json.dumps({"fingerprint": stamp, "pdf": pdf}))
