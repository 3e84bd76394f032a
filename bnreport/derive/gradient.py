"""Proposition 4: the gradient of the BN cost, and its value at the plain minimiser W*."""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from ..notation import Term
from ..printer import tex
from ..steps import Chain, Link, Macro, Step, chain
from ..texescape import TeX
from .context import Context, W, rounded_term


def _gradient_display(ctx: Context) -> Term:
    q = ctx.closed
    radical = q.radicand ** sp.Rational(3, 2)
    if ctx.expanded:
        return ctx.term(sp.Matrix([sp.factor(g) for g in q.grad_numerator]) / radical)
    # Matrix notation: G(w) = −2γk (R(w)·b − (k²/N)⟨w, b⟩·A w), R = k²·wᵀAw/N.
    coeff, k2n = -2 * q.gamma * q.scale, q.scale**2 / q.N
    shown = (rf"\frac{{{tex(coeff)}}}{{R({W})^{{3/2}}}}\Bigl(R({W})\,b - {tex(k2n)}\,"
             rf"\langle {W}, b\rangle\, A{W}\Bigr),\quad R({W}) = {tex(k2n)}\,{W}^{{\top}}\!A{W}")
    return Term(TeX(shown), q.grad_Chat)


@dataclass(frozen=True)
class GradientAt:
    """∇Ĉ at one point: its chains (exact value, ≈ decimals if irrational, ≠ 0 if not critical)."""

    head: Term
    exact: Term
    approx: Term | None
    chains: tuple[Chain, ...]


def gradient_at(ctx: Context, point_tex: str, point_def: sp.Matrix, point: sp.Matrix,
                critical: bool) -> GradientAt:
    """The definition's gradient at the point (route 1) = the closed form's value (route 2)."""
    d, q = ctx.defs, ctx.closed
    head = ctx.head(rf"\nabla\hat{{\mathcal{{C}}}}({point_tex})", d.at(d.grad_Chat, point_def))
    exact = ctx.term(q.at(q.grad_Chat, point))
    links: list[Link] = [Link("=", exact)]
    approx = None
    if not all(e.is_Rational for e in exact.value):
        approx = ctx.decimals(exact.value)
        links.append(Link("approx", approx, inline=True))
    chains = [chain(head, *links)]
    if not critical:
        chains.append(chain(head, Link("nonzero")))
    return GradientAt(head, exact, approx, tuple(chains))


def steps(ctx: Context) -> list[Step]:
    d, q, f = ctx.defs, ctx.closed, ctx.findings
    at = gradient_at(ctx, "W^{*}", d.wstar, q.wstar, f.wstar_critical)
    head, exact_value, approx, chains = at.head, at.exact, at.approx, at.chains
    quoted = ctx.problem.quoted.grad_chat_wstar
    printed_term = rounded_term(quoted or ctx.decimals(exact_value.value, 2).value, vector=True)
    macros = [Macro("bnGradChatWstar", exact_value, "exact gradient of the BN cost at W*")]
    if approx is not None:
        macros.append(Macro("bnGradChatWstarApprox", approx, "the same, rounded to 4 decimals"))
    return [
        Step("grad-chat", "Gradient of the BN cost", "gradient",
             (chain(ctx.head(rf"\nabla\hat{{\mathcal{{C}}}}({W})", d.grad_Chat),
                    ("=", _gradient_display(ctx))),)),
        Step("grad-chat-wstar", "The BN gradient at W*", "gradient", tuple(chains),
             macros=tuple(macros)),
        Step("grad-chat-wstar-rounded",
             "The paper's figures are the exact gradient rounded" if quoted
             else "The gradient rounded to two decimals", "gradient",
             (chain(head, ("approx", printed_term)),),
             macros=(Macro("bnGradChatWstarPaper", printed_term,
                           "the gradient at W* as printed (paper) or to 2 decimals"),)),
    ]
