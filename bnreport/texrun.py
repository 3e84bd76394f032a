"""How every TeX run of bnreport is locked down: the engine flags, the environment (no reads or
writes outside the build tree, no shell escape) and the timeout (shared by the note's pdflatex
and the figures' pdftex)."""

from __future__ import annotations

import os

from .errors import InputError

ENGINE_FLAGS = ("-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", "-file-line-error")
TIMEOUT_SECONDS = 120
#: Overrides TIMEOUT_SECONDS (seconds, 1 to 3600), e.g. for slow machines or for tests.
TIMEOUT_ENV = "BNREPORT_TEX_TIMEOUT"


def safe_environment() -> dict[str, str]:
    env = dict(os.environ)
    # kpathsea: 'p'aranoid forbids dot files and absolute paths or '..' outside the working tree.
    env.update(openin_any="p", openout_any="p", shell_escape="f", TEXMFOUTPUT="")
    return env


def tex_timeout() -> float:
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    if not value:
        return TIMEOUT_SECONDS
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0.0
    if not 1 <= seconds <= 3600:
        raise InputError(f"{TIMEOUT_ENV}={value[:20]!r}: expected seconds between 1 and 3600")
    return seconds
