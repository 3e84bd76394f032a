"""Stage 4: turn checked steps into LaTeX through the Jinja templates.

Templates receive typed views (frozen dataclasses), never sympy objects: every piece of math is
printed here by :mod:`bnreport.printer` and marked trusted; every other string is escaped by the
environment's finalize hook.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import __version__
from .model import Problem
from .printer import tex, tex_inline
from .quantities import Quantities
from .reproducible import build_time
from .steps import Shown, Step, TeX, Verdict
from .templates import render


def show(value: Shown) -> TeX:
    return value if isinstance(value, TeX) else TeX(tex(value))


@dataclass(frozen=True)
class StepView:
    id: str
    title: str
    section: str
    lhs: TeX
    rows: tuple[tuple[TeX, TeX, bool], ...]
    summary: TeX
    condition: TeX
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
class Facts:
    """Values the section prose mentions (all printed from derived objects)."""

    count: int
    n: int
    p: int
    gamma: TeX
    beta: TeX
    wstar: TeX
    w0: TeX
    w0_is_wstar: bool
    w0_critical: bool
    quoted: bool
    wstar_critical: bool
    lemma_applies: bool
    lemma_fails: bool
    direction: TeX
    grad_wstar: TeX
    chat_min: TeX
    ray: TeX
    ray_is_min: bool
    header: TeX
    column_spec: TeX
    data_rows: tuple[TeX, ...]
    source: str


@dataclass(frozen=True)
class MacroView:
    name: str
    value: TeX
    doc: str
    step: str


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


def step_view(step: Step, verdict: Verdict) -> StepView:
    return StepView(
        id=step.id, title=step.title, section=step.section, lhs=show(step.lhs),
        rows=tuple((TeX(row.rel), show(row.expr), row.inline) for row in step.rows),
        summary=summary(step), condition=step.condition, method=verdict.method,
        detail=verdict.detail,
    )


#: Statements longer than this (in LaTeX characters) are referred to by equation number only.
SUMMARY_LIMIT = 70


def summary(step: Step) -> TeX:
    """A one-line statement for the table of checks: the whole chain, or its head and last link."""
    head = show(step.lhs)
    links = [f"{row.rel} {show(row.expr)}" for row in step.rows]
    last_line = [f"{row.rel} {show(row.expr)}" for row in step.rows if not row.inline][-1:]
    for candidate in (" ".join([head, *links]), " ".join([head, *last_line]), head):
        if len(candidate) <= SUMMARY_LIMIT and r"\begin" not in candidate:
            return TeX(f"${candidate}$")
    return TeX("")


def meta_for(problem: Problem) -> Meta:
    # The date comes from the input or SOURCE_DATE_EPOCH, never the clock (bnreport.reproducible).
    return Meta(__version__, problem.source or "in-memory data", problem.digest or "-",
                build_time(problem.date).note_date)


def facts_for(q: Quantities, count: int) -> Facts:
    problem = q.problem
    rows: tuple[TeX, ...] = ()
    if q.has_rows:
        rows = tuple(TeX(" & ".join([str(i), *(tex(v) for v in x), tex(y)]))
                     for i, (x, y) in enumerate(q.rows, start=1))
    header = " & ".join([*(rf"x_{{{j}}}" for j in range(1, q.p + 1)), "y"])
    d = q.direction
    ray = TeX(rf"{tex(d[1] * q.w[0])} = {tex(d[0] * q.w[1])}") if q.p == 2 else TeX("")
    return Facts(
        count=count, n=problem.n, p=q.p, gamma=show(q.gamma), beta=show(q.beta),
        wstar=show(q.wstar), w0=show(q.w0), w0_is_wstar=problem.w0 is None or q.w0 == q.wstar,
        w0_critical=q.w0_critical, quoted=bool(problem.quoted.grad_chat_wstar),
        wstar_critical=q.wstar_critical,
        lemma_applies=q.lemma_applies, lemma_fails=q.lemma_fails,
        direction=show(d), grad_wstar=TeX(tex_inline(q.at(q.grad_Chat, q.wstar))),
        chat_min=TeX(tex_inline(q.chat_min)), ray=ray, ray_is_min=bool(q.p >= 1 and d[0] > 0),
        header=TeX(header), column_spec=TeX("c" * q.p + "|c"), data_rows=rows,
        source=problem.source,
    )


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def render_all(q: Quantities, steps: list[Step], verdicts: dict[str, Verdict]) -> Rendered:
    meta = meta_for(q.problem)
    views = tuple(step_view(step, verdicts[step.id]) for step in steps)
    fragments = {view.id: render("step.tex.jinja", view=view) for view in views}
    snippets = {
        sid: render("snippet.tex.jinja", meta=meta, view=view, fragment=fragment,
                    content_hash=content_hash(fragment))
        for (sid, fragment), view in zip(fragments.items(), views, strict=True)
    }
    facts = facts_for(q, len(steps))
    body = render("note.tex.jinja", steps=fragments, views=views, facts=facts)
    macros = tuple(MacroView(m.name, show(m.value), m.doc, step.id)
                   for step in steps for m in step.macros)
    sty = render("bnreport.sty.jinja", meta=meta, macros=macros)
    return Rendered(fragments, snippets, body, sty, views, macros, meta)


def title_of(problem: Problem) -> str:
    return problem.title or "Batch normalization does not improve initialization: a checked note"
