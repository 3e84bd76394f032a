"""Proposition 1: the batch statistics μ and σ, and σ > 0 away from w = 0."""

from __future__ import annotations

import sympy as sp

from ..steps import Link, Macro, Step, chain
from .context import Context, W, row


def steps(ctx: Context) -> list[Step]:
    d, q = ctx.defs, ctx.closed
    out = []
    if d.has_rows:
        z = ctx.term(row(q.z))
        out.append(Step("batch-output", "Outputs of the neuron on the batch", "batch",
                        (chain(ctx.head(r"\bigl(z_1, \dots, z_N\bigr)", row(d.z)), ("=", z)),)))
    mu = ctx.term(q.mu)
    out.append(Step("bn-mean", "Batch mean", "batch",
                    (chain(ctx.head(rf"\mu({W})", d.mu), ("=", mu)),),
                    macros=(Macro("bnMu", mu, "batch mean as a function of w"),)))
    if ctx.expanded:
        sigma = ctx.term(q.sigma)
        quad = ctx.term(q.quad)
    else:
        quad_name = ctx.named(rf"{W}^{{\top}}\! A\,{W}", q.quad)
        sigma = ctx.term(sp.sqrt(quad_name / q.N))
        quad = ctx.term(quad_name)
    out.append(Step("bn-std", "Batch standard deviation (divisor N)", "batch",
                    (chain(ctx.head(rf"\sigma({W})", d.sigma), ("=", sigma)),),
                    macros=(Macro("bnSigma", sigma,
                                  "batch standard deviation (population, divisor N)"),)))
    gram = ctx.term(q.A)
    out.append(Step(
        "sigma-positive", "The centred Gram matrix is positive definite, so σ > 0 for w ≠ 0",
        "batch",
        (chain(ctx.head(rf"N\,\sigma({W})^2", q.N * d.variance), ("=", quad)),
         chain(ctx.head(r"A = \textstyle\sum_i (x_i-\bar x)(x_i-\bar x)^{\top}", d.centred_gram),
               ("=", gram), Link("pd", inline=True))),
        macros=(Macro("bnCentredGram", gram, "centred Gram matrix A"),)))
    return out
