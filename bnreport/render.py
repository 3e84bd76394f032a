"""Stage 4: turn the steps into LaTeX through the Jinja templates.

Templates receive typed views (frozen dataclasses), never sympy objects: every piece of math is
printed here by :mod:`bnreport.printer` from the very terms the checker verified, and marked
trusted; every other string is escaped by the environment's finalize hook.  The wording of the note
branches only on :class:`~bnreport.findings.Findings`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import __version__
from .closed import rat
from .derive import Note
from .findings import Findings
from .model import Problem
from .notation import Notation, Term
from .printer import tex, tex_inline
from .relations import rel_tex
from .steps import Chain, Step, Verdict
from .templates import render
from .texescape import TeX


def show(term: Term, names: Notation) -> TeX:
    return term.shown if isinstance(term.shown, TeX) else TeX(tex(term.shown, names.tex))


def show_inline(term: Term, names: Notation) -> TeX:
    return term.shown if isinstance(term.shown, TeX) else TeX(tex_inline(term.shown, names.tex))


@dataclass(frozen=True)
class LinkView:
    rel: TeX
    expr: TeX
    inline: bool


@dataclass(frozen=True)
class ChainView:
    head: TeX
    links: tuple[LinkView, ...]
    condition: TeX


@dataclass(frozen=True)
class StepView:
    id: str
    title: str
    section: str
    chains: tuple[ChainView, ...]
    summary: TeX
    method: str
    detail: str


@dataclass(frozen=True)
class Meta:
    """Provenance printed at the top of every generated file."""

    version: str
    source: str
    digest: str
    date: str


@dataclass(frozen=True)
class MacroView:
    name: str
    value: TeX
    doc: str
    step: str


@dataclass(frozen=True)
class Setting:
    """The learning set as the note shows it (data, not results)."""

    n: int
    p: int
    gamma: TeX
    beta: TeX
    w0: TeX
    header: TeX
    column_spec: TeX
    data_rows: tuple[TeX, ...]
    source: str
    quoted: bool


@dataclass(frozen=True)
class Rendered:
    """Everything the build stage writes: fragments by step id, the body, the .sty, the index."""

    fragments: dict[str, TeX]
    snippets: dict[str, TeX]
    body: TeX
    sty: TeX
    views: tuple[StepView, ...]
    macros: tuple[MacroView, ...]
    meta: Meta


def chain_view(chain: Chain, names: Notation) -> ChainView:
    links = tuple(LinkView(TeX(rel_tex(link.rel)),
                           show(link.term, names) if link.term is not None else TeX(""),
                           link.inline) for link in chain.links)
    return ChainView(show(chain.head, names), links, chain.condition)


def step_view(step: Step, verdict: Verdict, names: Notation) -> StepView:
    chains = tuple(chain_view(c, names) for c in step.chains)
    return StepView(id=step.id, title=step.title, section=step.section, chains=chains,
                    summary=summary(chains), method=verdict.method,
                    detail=verdict.detail)


#: Statements longer than this (in LaTeX characters) are referred to by equation number only.
SUMMARY_LIMIT = 70


def summary(chains: tuple[ChainView, ...]) -> TeX:
    """A one-line statement for the table of checks: the first chain, whole or head + last link."""
    first = chains[0]
    links = [f"{link.rel} {link.expr}" for link in first.links]
    for candidate in (" ".join([first.head, *links]), " ".join([first.head, *links[-1:]])):
        if len(candidate) <= SUMMARY_LIMIT and r"\begin" not in candidate:
            return TeX(f"${candidate}$")
    return TeX("")


def meta_for(problem: Problem, date: str) -> Meta:
    return Meta(__version__, problem.source or "in-memory data", problem.digest or "-", date)


def setting_for(note: Note) -> Setting:
    problem, q = note.problem, note.closed
    rows: tuple[TeX, ...] = ()
    if problem.rows is not None:
        rows = tuple(TeX(" & ".join([str(i), *(tex(rat(v)) for v in x), tex(rat(y))]))
                     for i, (x, y) in enumerate(problem.rows, start=1))
    header = " & ".join([*(rf"x_{{i{j}}}" if q.p > 1 else "x_i" for j in range(1, q.p + 1)),
                         "y_i"])
    return Setting(n=problem.n, p=problem.p, gamma=TeX(tex(q.gamma)), beta=TeX(tex(q.beta)),
                   w0=TeX(tex_inline(q.w0)), header=TeX(header), column_spec=TeX("c" * q.p + "|c"),
                   data_rows=rows, source=problem.source, quoted=bool(problem.quoted.grad_chat_wstar))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def render_all(note: Note, verdicts: dict[str, Verdict], date: str = "") -> Rendered:
    meta = meta_for(note.problem, date)
    names = note.names
    views = tuple(step_view(step, verdicts[step.id], names) for step in note.steps)
    fragments = {view.id: render("step.tex.jinja", view=view) for view in views}
    snippets = {
        sid: render("snippet.tex.jinja", meta=meta, view=view, fragment=fragment,
                    content_hash=content_hash(fragment))
        for (sid, fragment), view in zip(fragments.items(), views, strict=True)
    }
    macros = tuple(MacroView(m.name, show(m.term, names), m.doc, step.id)
                   for step in note.steps for m in step.macros)
    inline = {m.name: show_inline(m.term, names) for step in note.steps for m in step.macros}
    body = render("note.tex.jinja", steps=fragments, views=views, findings=note.findings,
                  setting=setting_for(note), values=inline, count=len(views))
    sty = render("bnreport.sty.jinja", meta=meta, macros=macros)
    return Rendered(fragments, snippets, body, sty, views, macros, meta)


def title_of(problem: Problem) -> str:
    return problem.title or "Batch normalization does not improve initialization: a checked note"


def findings_of(note: Note) -> Findings:
    return note.findings
