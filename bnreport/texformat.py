"""A precompiled preamble: pdflatex starts from a format file that already holds the note's class
and packages, instead of reading them on every build (a third of a pass).

The generated ``.tex`` keeps its whole preamble, so it compiles anywhere as usual; the fixed part
(class and packages, which never depend on the input) sits inside ``\\ifdefined\\bnreportFormat
\\else … \\fi`` and is skipped when the format defines that macro.  The format is an artefact of
the TeX installation, like ``pdflatex.fmt``: it is cached under the bnreport cache directory, named
by the fixed preamble and the pdftex binary, and dumped (``pdftex -ini``) beside the first build
that finds it missing.  A PDF made with it is byte-identical to one made without (a test compares).
If pdflatex cannot load it, the compile falls back to no format and the format is removed.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from . import __version__
from .cache import cache_directory

GUARD = r"\bnreportFormat"
_FIXED_END = "{hyperref}%\n"   # the last package: everything up to here is the fixed preamble
_VERSION = 1                   # bump when the way the format is made changes


_OPEN = rf"\ifdefined{GUARD}\else" + "\n"
_CLOSE = "\\fi\n"


def guarded(source: str) -> str:
    """``source`` with its fixed preamble inside the guard (unchanged if it has none)."""
    start, end = source.find(r"\documentclass"), source.find(_FIXED_END)
    if start < 0 or end < start or GUARD in source:
        return source
    end += len(_FIXED_END)
    return source[:start] + _OPEN + source[start:end] + _CLOSE + source[end:]


def fixed_preamble(source: str) -> str | None:
    """The guarded class and packages of ``source`` (None if it has no guard)."""
    start = source.find(_OPEN)
    end = source.find(_FIXED_END + _CLOSE, start)
    if start < 0 or end < 0:
        return None
    return source[start + len(_OPEN):end + len(_FIXED_END)]


def dump_source(preamble: str) -> str:
    """What ``pdftex -ini "&pdflatex"`` reads to make the format."""
    return preamble + rf"\def{GUARD}{{}}" + "\n\\dump\n"


def format_name(preamble: str) -> str | None:
    """A name unique to the preamble and the pdftex binary (None without pdftex)."""
    binary = shutil.which("pdftex")
    if binary is None:
        return None
    real = Path(binary).resolve()
    try:
        stat = real.stat()
    except OSError:
        return None
    key = f"{_VERSION}\0{__version__}\0{real}\0{stat.st_size}\0{stat.st_mtime_ns}\0{preamble}"
    return "bnreport-" + hashlib.sha256(key.encode()).hexdigest()[:20]


def directory() -> Path:
    """The formats' place in bnreport's cache directory."""
    return cache_directory() / "tex"
