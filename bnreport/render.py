"""Stage 4: turn the steps into LaTeX through the Jinja templates.

Templates receive typed views (frozen dataclasses), never sympy objects: every piece of math is
printed here by :mod:`bnreport.printer` from the very terms the checker verified, and marked
trusted; every other string is escaped by the environment's finalize hook.  The wording of the note
branches only on :class:`~bnreport.findings.Findings`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from .closed import rat
from .derive import Note
from .meta import Meta, meta_for
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
class MacroView:
    name: str
    value: TeX
    doc: str
    step: str
    #: For a real number: its value rounded to 0..PLAIN_DECIMALS decimals (``\<name>NumDigits{d}``).
    plain: tuple[str, ...] = ()

    @property
    def plain_default(self) -> str:
        r"""What ``\<name>Num`` gives: :data:`PLAIN_DEFAULT` decimals."""
        return self.plain[PLAIN_DEFAULT]


#: Plain number macros carry every rounding from 0 to this many decimals; ``\<name>Num`` has
#: PLAIN_DEFAULT of them.
PLAIN_DECIMALS = 10
PLAIN_DEFAULT = 4


def plain_numbers(value: object) -> tuple[str, ...]:
    """Rigorous roundings of a real constant, as plain ASCII numbers for siunitx's ``\num``."""
    import sympy as sp

    from .exact import roundings

    if not isinstance(value, sp.Expr) or value.free_symbols or not value.is_real:
        return ()
    return tuple(r.text for r in roundings(value, range(PLAIN_DECIMALS + 1)))


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
class FigureRef:
    """A figure file the note includes (path relative to the .tex) and its caption line."""

    path: str
    caption: str


NO_TEX = TeX("")
#: The figures of the section "All initialisations" (drawn by :mod:`bnreport.figures`).
FIGURES = (
    FigureRef("figures/landscape-costs.pdf",
              "Left: contours of the BN cost with its rays of minimisers and maximisers, W*, W0 and "
              "the direction of steepest descent at W*. Right: contours of the plain cost."),
    FigureRef("figures/landscape-cone.pdf",
              "Directions of W0 at which Lemma 4.5 fails (hatched), for each reading of local optima."),
)


@dataclass(frozen=True)
class SimulationView:
    samples: int
    seed: int
    alpha: TeX


@dataclass(frozen=True)
class Rendered:
    """Everything the build stage writes: fragments by step id, the body, the .sty, the index."""

    fragments: dict[str, TeX]
    snippets: dict[str, TeX]
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


def simulation_view(note: Note) -> SimulationView | None:
    sim = note.simulation
    if sim is None:
        return None
    alpha = sim.alpha
    power = len(str(alpha.denominator)) - 1
    shown = f"10^{{-{power}}}" if alpha.numerator == 1 and alpha.denominator == 10**power else tex(
        rat(alpha))
    return SimulationView(sim.samples, sim.seed, TeX(shown))


def render_all(note: Note, verdicts: dict[str, Verdict]) -> Rendered:
    """Fragments, snippets and macros: everything but the body of the note (:func:`note_body`)."""
    meta = meta_for(note.problem)
    names = note.names
    views = tuple(step_view(step, verdicts[step.id], names) for step in note.steps)
    fragments = {view.id: render("step.tex.jinja", view=view) for view in views}
    snippets = {
        sid: render("snippet.tex.jinja", meta=meta, view=view, fragment=fragment,
                    content_hash=content_hash(fragment))
        for (sid, fragment), view in zip(fragments.items(), views, strict=True)
    }
    macros = tuple(MacroView(m.name, show(m.term, names), m.doc, step.id,
                             plain_numbers(m.term.value))
                   for step in note.steps for m in step.macros)
    sty = render("bnreport.sty.jinja", meta=meta, macros=macros)
    return Rendered(fragments, snippets, sty, views, macros, meta)


def note_body(note: Note, rendered: Rendered, figures: tuple[FigureRef, ...] = (),
              appendix: TeX = NO_TEX) -> TeX:
    """The body of the note from the same fragments as the snippets; ``figures``: the figure files
    the build has drawn; ``appendix``: the formal-proof appendix (rendered once coqc has run)."""
    inline = {m.name: show_inline(m.term, note.names) for step in note.steps for m in step.macros}
    return render("note.tex.jinja", steps=rendered.fragments, views=rendered.views,
                  findings=note.findings, setting=setting_for(note), values=inline,
                  count=len(rendered.views), simulation=simulation_view(note), figures=figures,
                  appendix=appendix)


