"""Warm re-runs: decide, without parsing the data or importing sympy, that nothing needs doing.

A build's fingerprint covers the bnreport version, the code and templates, the input bytes (the
TOML file and the CSV it names: ``Problem.digest``) and ``SOURCE_DATE_EPOCH``.  The warm path
hashes the bytes of the same files — the CSV named in the last stamp, which the unchanged TOML
still names — so a 2,000,000-row CSV costs one SHA-256 pass, not a parse.  "Up to date" also needs
every output on disk to match the hash in the stamp (:func:`bnreport.output.is_fresh`).
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from . import __version__
from .errors import InputError
from .manifest import Stamp
from .model import Problem
from .reproducible import ENV

_PACKAGE = Path(__file__).resolve().parent
_BLOCK = 1 << 20


def cache_directory() -> Path:
    """Where bnreport keeps what outlives a run (the verdicts of ``check``, the TeX format):
    ``$BNREPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/bnreport``, else ``~/.cache/bnreport``."""
    if os.environ.get("BNREPORT_CACHE_DIR"):
        return Path(os.environ["BNREPORT_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "bnreport"


@cache
def code_digest() -> str:
    """The code and templates that shape the outputs: editing any of them invalidates the cache."""
    from .templates import templates_dir  # jinja2 only, cheap

    files = sorted(_PACKAGE.rglob("*.py")) + sorted(templates_dir().rglob("*.jinja"))
    digest = hashlib.sha256()
    for path in files:
        if "__pycache__" not in path.parts:
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint_of(digest: str, source: str, variant: str = "") -> str:
    """``variant`` names build options that change the outputs (e.g. ``no-formal``)."""
    epoch = os.environ.get(ENV, "").strip()
    text = f"{__version__}\0{digest}\0{source}\0{epoch}\0{code_digest()}\0{variant}"
    return hashlib.sha256(text.encode()).hexdigest()


def fingerprint(problem: Problem, variant: str = "") -> str:
    return fingerprint_of(problem.digest, problem.source, variant)


def quick_fingerprint(data: Path, stamp: Stamp | None, variant: str = "") -> str | None:
    """The fingerprint :func:`fingerprint` would give, from the input bytes alone; None when it
    cannot be had cheaply (then the caller loads the data, which reports any problem)."""
    from .loader import read_toml_bytes
    from .safeio import open_regular

    try:
        hasher = hashlib.sha256(read_toml_bytes(data))
        if stamp is not None and stamp.csv is not None:
            hasher.update(b"\0")
            with open_regular(data.parent / stamp.csv, "CSV file", "") as handle:
                while block := handle.read(_BLOCK):
                    hasher.update(block)
    except (InputError, OSError):
        return None
    return fingerprint_of(hasher.hexdigest()[:16], data.name, variant)
