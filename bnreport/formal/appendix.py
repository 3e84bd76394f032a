"""The typed view the appendix "Formally verified statements" renders from.

Plain strings (headlines, names, versions, messages) are escaped by the template environment's
finalize hook; the Coq statements and the recorded `Print Assumptions` are typeset here as
typewriter LaTeX, character by character, so that no character of them can act as a TeX command.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..templates import render
from ..texescape import TeX, escape
from .run import FormalResult

TEMPLATE = "appendix_formal.tex.jinja"


@dataclass(frozen=True)
class ClaimView:
    name: str
    headline: str
    statement: TeX


@dataclass(frozen=True)
class FormalAppendix:
    status: str                  # "accepted", "rejected" or "unchecked"
    detail: str                  # why rejected or unchecked (plain text)
    file_name: str
    sha256_head: str             # the digest in two halves, so that it can break across lines
    sha256_tail: str
    coq_version: str             # "" when coqc is missing
    libraries: str               # "Coquelicot 3.2.0, Interval 4.6.1"
    seconds: str
    main: str
    claims: tuple[ClaimView, ...]
    assumptions: TeX


def coq_tex(text: str) -> TeX:
    """Coq source as LaTeX: typewriter lines, leading spaces kept, every character escaped."""
    lines = []
    for raw in text.strip("\n").splitlines():
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        lead = rf"\hspace*{{{indent // 2}em}}" if indent else ""
        lines.append(lead + escape(stripped))
    body = "\\\\\n".join(lines)
    return TeX("{\\raggedright\\ttfamily\\small\n" + body + "\\par}\n")


def appendix_view(result: FormalResult) -> FormalAppendix:
    status = {True: "accepted", False: "rejected", None: "unchecked"}[result.accepted]
    libraries = ", ".join(f"{name} {version}" for name, version in result.libraries)
    half = len(result.sha256) // 2
    return FormalAppendix(
        status=status, detail=result.message, file_name=result.path.name,
        sha256_head=result.sha256[:half], sha256_tail=result.sha256[half:],
        coq_version=result.coq_version, libraries=libraries, seconds=f"{result.seconds:.1f}",
        main=result.main,
        claims=tuple(ClaimView(c.name, c.headline[:1].upper() + c.headline[1:], coq_tex(c.statement))
                     for c in result.claims),
        assumptions=coq_tex(result.assumptions) if result.assumptions else TeX(""),
    )


def appendix_tex(result: FormalResult) -> TeX:
    """The appendix body for the note (needs nothing beyond the note's preamble)."""
    return render(TEMPLATE, view=appendix_view(result))
