"""Proposition 5: the critical points of the BN cost are exactly the nonzero multiples of d."""

from __future__ import annotations

import sympy as sp

from ..closed import dot, quadratic_form
from ..exact import Undecided
from ..notation import LINE
from ..radicals import substitute
from ..steps import Link, Macro, Step, chain
from .context import Context, W


def line_gradient(ctx: Context) -> sp.Matrix:
    """∇Ĉ of the definition at w = t·d (t real, d from route 2), differentiated exactly."""
    d = ctx.defs
    line = list(LINE * ctx.closed.direction)
    try:
        return substitute(d.grad_Chat, d.w, line)
    except Undecided:  # a case split by sign (p = 1: |w₁|): let sympy differentiate
        on_line = dict(zip(d.w, line, strict=True))
        return sp.Matrix([sp.diff(d.Chat, wi).xreplace(on_line) for wi in d.w])


def rank_one(ctx: Context) -> tuple[sp.Rational, sp.Expr] | None:
    """For p = 2, M = λ·vvᵀ with v ⊥ d, so wᵀMw = λ·(d₂w₁ − d₁w₂)²: (λ, d₂w₁ − d₁w₂)."""
    q = ctx.closed
    if q.p != 2:
        return None
    d1, d2 = q.direction
    lam = q.gap_matrix[0, 0] / d2**2 if d2 != 0 else q.gap_matrix[1, 1] / d1**2
    return lam, d2 * q.w[0] - d1 * q.w[1]


def gap_display(ctx: Context, factor: sp.Rational = sp.S.One) -> sp.Basic:
    """factor·wᵀMw as displayed: a square for p = 2, expanded for small p, else M named."""
    q = ctx.closed
    square = rank_one(ctx)
    if square is not None:
        lam, ell = square
        return sp.Mul(factor * lam, sp.UnevaluatedExpr(ell) ** 2, evaluate=False)
    gap = quadratic_form(q.gap_matrix, q.w)
    if ctx.expanded:
        return factor * gap
    return factor * ctx.named(rf"{W}^{{\top}}\! M{W}", gap)


def steps(ctx: Context) -> list[Step]:
    d, q = ctx.defs, ctx.closed
    direction = ctx.term(q.direction)
    a_inv_b = d.a_inv_b
    m_def = dot(d.centred_cross_vector, a_inv_b)
    gap_def = m_def * d.centred_gram - d.centred_cross_vector * d.centred_cross_vector.T
    radicand_def = q.scale**2 * d.variance  # R(w) = k²σ(w)², so that ∇Ĉ = G/R^{3/2}
    pairing_def = radicand_def ** sp.Rational(3, 2) * dot(q.direction, d.grad_Chat)
    line: list = []
    macros: list[Macro] = []
    if q.p == 2:
        # The critical line as an equation: ℓ(w) = d₂w₁ − d₁w₂ = 0.
        ell = ctx.term(q.direction[1] * q.w[0] - q.direction[0] * q.w[1])
        line = [chain(ctx.head(r"\ell(\mathbf{w}) = d_2 w_1 - d_1 w_2",
                               d.direction[1] * d.w[0] - d.direction[0] * d.w[1]), ("=", ell))]
        macros = [Macro("bnLine", ell, "l(w), whose zero set is the critical line (p = 2)")]
    return [
        Step("direction", "The direction of the critical line", "critical", (
            chain(ctx.head(r"b = \textstyle\sum_i (x_i-\bar x)\,y_i", d.centred_cross_vector),
                  ("=", ctx.term(q.b))),
            chain(ctx.head(r"A^{-1}b", a_inv_b), ("=", ctx.term(q.A_inv_b))),
            chain(ctx.head(r"d", d.direction), ("=", direction)),
            chain(ctx.head(r"\gamma\,\langle d, A^{-1}b\rangle", d.gamma * dot(q.direction, a_inv_b)),
                  ("=", ctx.term(q.gamma * dot(q.direction, q.A_inv_b))),
                  Link(">", ctx.term(sp.Integer(0)), inline=True)),
        ), macros=(Macro("bnDirection", direction, "direction d of the minimisers of the BN cost"),)),
        Step("critical-line", "The BN gradient vanishes on the line of d", "critical",
             (chain(ctx.head(r"\nabla\hat{\mathcal{C}}(t\,d)", line_gradient(ctx)),
                    ("=", ctx.term(sp.zeros(q.p, 1))),
                    condition=r"\text{for all real } t \neq 0"),)),
        Step("critical-pairing", "Only the line of d is critical", "critical", (
            chain(ctx.head(rf"\langle d, G({W})\rangle", pairing_def),
                  ("=", ctx.term(gap_display(ctx, q.pairing)))),
            chain(ctx.head(r"M = m\,A - b\,b^{\top},\ m = b^{\top}A^{-1}b", gap_def),
                  ("=", ctx.term(q.gap_matrix)), Link("psd", inline=True, kernel=q.direction)),
            *line,
        ), macros=tuple(macros)),
    ]
