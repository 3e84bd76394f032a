"""Theorem: Lemma 4.5 of Santurkar et al. at the initialisation W0, under both readings."""

from __future__ import annotations

import sympy as sp

from ..closed import dot
from ..notation import LINE
from ..steps import Link, Macro, Step, chain
from .context import Context
from .gradient import gradient_at


def _sign_link(value: sp.Rational, ctx: Context, strict_only: bool = False) -> Link:
    zero = ctx.term(sp.Integer(0))
    if value > 0:
        return Link(">", zero, inline=True)
    if value < 0 or strict_only:
        return Link("<" if value < 0 else "<=", zero, inline=True)
    return Link("=", zero, inline=True)


def gradient_at_w0(ctx: Context) -> Step:
    at = gradient_at(ctx, "W_0", ctx.defs.w0, ctx.closed.w0, ctx.findings.w0_critical)
    return Step("lemma-w0-gradient", "The BN gradient at the initialisation", "lemma", at.chains)


def steps(ctx: Context) -> list[Step]:
    d, q, f = ctx.defs, ctx.closed, ctx.findings
    w0, ws_def, d_def = d.w0, d.wstar, d.direction
    inner = ctx.term(dot(q.w0, q.wstar))
    rhs_def = (dot(w0 - ws_def, w0 - ws_def)
               - (dot(ws_def, ws_def) - dot(ws_def, w0)) ** 2 / dot(ws_def, ws_def))
    rhs = ctx.term(q.lemma_rhs)
    rhs_name = ctx.named(r"\rho", rhs_def)
    distance = sp.Add(*[(a - LINE * b) ** 2 for a, b in zip(w0, d_def, strict=True)])
    norm_d = dot(q.direction, q.direction)
    square = sp.Mul(norm_d, sp.UnevaluatedExpr(LINE - q.t_star) ** 2, evaluate=False)
    completed = (square if q.line_distance2 == 0
                 else sp.Add(q.line_distance2, square, evaluate=False))
    delta_def = dot(w0, w0) - dot(w0, d_def) ** 2 / dot(d_def, d_def)
    delta_rel = ">" if f.beyond else "<="
    delta, t_star = ctx.term(q.line_distance2), ctx.term(q.t_star)
    out = [
        Step("lemma-hypothesis", "The hypothesis of Lemma 4.5 at W0", "lemma", (
            chain(ctx.head(r"\langle W_0, W^{*}\rangle", dot(w0, ws_def)), ("=", inner),
                  _sign_link(inner.value, ctx, strict_only=True)),),
            macros=(Macro("bnLemmaInner", inner, "<W0, W*>"),)),
        Step("lemma-rhs", "The right-hand side of inequality (1) at W0", "lemma", (
            chain(ctx.head(r"\rho = \|W_0-W^{*}\|^2-\frac{(\|W^{*}\|^2-\langle W^{*},W_0\rangle)^2}"
                           r"{\|W^{*}\|^2}", rhs_def), ("=", rhs)),),
            macros=(Macro("bnLemmaRHS", rhs, "right-hand side of inequality (1) at W0"),)),
    ]
    if not f.w0_is_wstar:
        out.append(gradient_at_w0(ctx))
    out.append(Step("lemma-distances", "Distances from W0 to the critical line", "lemma", (
        chain(ctx.head(r"\|W_0 - t\,d\|^2", distance), ("=", ctx.term(completed)),
              condition=r"\text{for all real } t"),
        chain(ctx.head(r"\|W_0\|^2 - \frac{\langle W_0, d\rangle^2}{\|d\|^2}", delta_def),
              ("=", delta),
              Link(delta_rel, ctx.term(rhs_name), inline=True)),
        chain(ctx.head(r"t^{*} = \frac{\langle W_0, d\rangle}{\|d\|^2}",
                       dot(w0, d_def) / dot(d_def, d_def)),
              ("=", t_star), _sign_link(q.t_star, ctx)),
        chain(ctx.head(r"\|W_0\|^2 - \rho", dot(w0, w0) - rhs_def),
              ("=", ctx.term(dot(q.w0, q.w0) - q.lemma_rhs)),
              _sign_link(dot(q.w0, q.w0) - q.lemma_rhs, ctx)),
    ), macros=(Macro("bnDistance", delta, "squared distance from W0 to the critical line"),
                Macro("bnTStar", t_star, "t* = <W0, d>/|d|^2: the closest multiple of d"))))
    return out
