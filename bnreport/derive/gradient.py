"""Proposition 4: the gradient of the BN cost, and its value at the plain minimiser W*."""

from __future__ import annotations

import sympy as sp

from ..exact import decimal_text, round_half_away
from ..notation import Term
from ..printer import tex
from ..steps import Link, Macro, Step, chain
from ..texescape import TeX
from .context import Context, W


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


def steps(ctx: Context) -> list[Step]:
    d, q, f = ctx.defs, ctx.closed, ctx.findings
    at_wstar = d.at(d.grad_Chat, d.wstar)
    exact_value = ctx.term(q.at(q.grad_Chat, q.wstar))
    head = ctx.head(r"\nabla\hat{\mathcal{C}}(W^{*})", at_wstar)
    value_chain = [("=", exact_value)]
    approx = None
    if not all(e.is_Rational for e in exact_value.value):
        approx = ctx.decimals(exact_value.value)
        value_chain.append(Link("approx", approx, inline=True))
    chains = [chain(head, *value_chain)]
    if not f.wstar_critical:
        chains.append(chain(head, Link("nonzero")))
    quoted = ctx.problem.quoted.grad_chat_wstar
    printed = quoted or tuple(decimal_text(round_half_away(e, 2), 2) for e in exact_value.value)
    printed_term = Term(TeX(r"\left(" + r",\ ".join(printed) + r"\right)"), printed)
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
