"""Proposition 6: the minimisers t·d (t > 0) and maximisers t·d (t < 0) of the BN cost."""

from __future__ import annotations

import sympy as sp

from ..notation import Term
from ..printer import tex
from ..steps import Link, Macro, Step, chain
from ..texescape import TeX
from .context import Context, W
from .critical import gap_display


def steps(ctx: Context) -> list[Step]:
    d, q = ctx.defs, ctx.closed
    quad = q.quad if ctx.expanded else ctx.named(rf"{W}^{{\top}}\! A{W}", q.quad)
    # p = 1: M = 0 and the ratio is the constant m.
    bound = ctx.term(q.m if q.gap_matrix.is_zero_matrix
                     else q.m - sp.Mul(gap_display(ctx), 1 / quad, evaluate=False))
    minus_d = -q.direction
    low, high = ctx.term(q.chat_min), ctx.term(q.chat_max)
    kappa, gap = q.hess_scale, q.gap_matrix
    shown_kappa = tex(kappa)
    hess_d = Term(TeX(shown_kappa + r"\,M"), kappa * gap)
    hess_minus_d = Term(TeX("-" + shown_kappa + r"\,M"), -kappa * gap)
    hessian = d.hessian(d.Chat)
    return [
        Step("chat-bound", "A Cauchy–Schwarz identity for the BN cost", "extrema", (
            chain(ctx.head(rf"\frac{{\langle {W}, X_c^{{\top}}y\rangle^2}}{{N\sigma({W})^2}}",
                           d.centred_cross**2 / (q.N * d.variance)), ("=", bound)),)),
        Step("chat-extremes", "Least and largest value of the BN cost", "extrema", (
            chain(ctx.head(r"\hat{\mathcal{C}}(d)", d.at(d.Chat, q.direction)), ("=", low),
                  Link("approx", ctx.decimals(q.chat_min), inline=True)),
            chain(ctx.head(r"\hat{\mathcal{C}}(-d)", d.at(d.Chat, minus_d)), ("=", high),
                  Link("approx", ctx.decimals(q.chat_max), inline=True)),
            chain(ctx.head(r"\hat{\mathcal{C}}(-d) - \hat{\mathcal{C}}(d)",
                           d.at(d.Chat, minus_d) - d.at(d.Chat, q.direction)),
                  ("=", ctx.term(q.chat_max - q.chat_min)),
                  Link(">", ctx.term(sp.Integer(0)), inline=True)),
        ), macros=(Macro("bnChatMin", low, "minimum value of the BN cost"),
                   Macro("bnChatMax", high, "maximum value of the BN cost"))),
        Step("hess-chat-ray", "Second-order conditions on the two rays", "extrema", (
            chain(ctx.head(r"\nabla^2\hat{\mathcal{C}}(d)", d.at(hessian, q.direction)),
                  ("=", hess_d), Link("psd", inline=True, kernel=q.direction)),
            chain(ctx.head(r"\nabla^2\hat{\mathcal{C}}(-d)", d.at(hessian, minus_d)),
                  ("=", hess_minus_d), Link("nsd", inline=True, kernel=q.direction)),
        )),
    ]
