"""Proposition 2: the plain cost C, its minimiser W* from the normal equations, and uniqueness."""

from __future__ import annotations

import sympy as sp

from ..closed import quadratic_form
from ..steps import Link, Macro, Step, chain
from .context import Context, W


def steps(ctx: Context) -> list[Step]:
    d, q = ctx.defs, ctx.closed
    head_c = ctx.head(rf"\mathcal{{C}}({W})", d.C)
    links: list[Link] = []
    if d.has_rows:
        terms = [(zi - y) ** 2 for zi, (_, y) in zip(q.z, d.rows, strict=True)]
        links.append(Link("=", ctx.term(sp.Add(*terms, evaluate=False))))
    c_shown = q.C if ctx.expanded else (
        ctx.named(rf"{W}^{{\top}}X^{{\top}}X\,{W}", quadratic_form(q.xtx, q.w))
        - 2 * ctx.named(rf"\langle {W}, X^{{\top}}y\rangle", sum(a * b for a, b in
                                                                   zip(q.xty, q.w, strict=True)))
        + q.sum_yy)
    c_term = ctx.term(c_shown)
    links.append(Link("=", c_term))
    grad_shown = q.grad_C if ctx.expanded else ctx.named(
        rf"2\,(X^{{\top}}X\,{W} - X^{{\top}}y)", q.grad_C)
    wstar = ctx.term(q.wstar)
    xtx = ctx.term(q.xtx)
    c_min = ctx.term(q.C_min)
    hess = ctx.term(q.hess_C)
    shifted = ctx.named(rf"\mathcal{{C}}(W^{{*}}) + ({W}-W^{{*}})^{{\top}} X^{{\top}}X\,({W}-W^{{*}})",
                        q.C_min + quadratic_form(q.xtx, tuple(q.wvec - q.wstar)))
    return [
        Step("cost-c", "Cost of the plain network", "cost", (chain(head_c, *links),),
             macros=(Macro("bnC", c_term, "cost C(w) without BN"),)),
        Step("normal-equations", "Normal equations and their solution", "cost", (
            chain(ctx.head(rf"\nabla\mathcal{{C}}({W})", d.grad_C), ("=", ctx.term(grad_shown))),
            chain(ctx.head(r"X^{\top}X", d.xtx), ("=", xtx)),
            chain(ctx.head(r"X^{\top}y", d.xty), ("=", ctx.term(q.xty))),
            chain(ctx.head(r"W^{*}", d.wstar), ("=", wstar)),
            chain(ctx.head(r"\nabla\mathcal{C}(W^{*})", d.at(d.grad_C, q.wstar)),
                  ("=", ctx.term(sp.zeros(q.p, 1)))),
        ), macros=(Macro("bnWstar", wstar, "the minimiser W* of C"),)),
        Step("hess-c", "The Hessian of C is constant and positive definite", "cost", (
            chain(ctx.head(r"\nabla^2\mathcal{C}", d.hessian(d.C)),
                  ("=", hess), Link("pd", inline=True)),
        ), macros=(Macro("bnHessC", hess, "Hessian of C (constant)"),)),
        Step("c-minimiser", "C is a positive definite quadratic around W*", "cost", (
            chain(head_c, ("=", ctx.term(shifted))),
            chain(ctx.head(r"\mathcal{C}(W^{*})", d.at(d.C, q.wstar)), ("=", c_min),
                  Link(">=", ctx.term(sp.Integer(0)), inline=True)),
        ), macros=(Macro("bnCmin", c_min, "minimum value C(W*)"),)),
    ]
