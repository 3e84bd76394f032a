"""Proposition 3: the BN cost — term by term, in compact form, and its invariance under scaling."""

from __future__ import annotations

import sympy as sp

from ..notation import SCALE
from ..steps import Macro, Step, chain
from .context import Context, W, row


def steps(ctx: Context) -> list[Step]:
    d, q = ctx.defs, ctx.closed
    root = sp.sqrt(q.radicand)
    chat_head = ctx.head(rf"\hat{{\mathcal{{C}}}}({W})", d.Chat)
    out = []
    if d.has_rows:
        phi = [q.gamma * sp.expand(q.scale * (zi - q.mu)) / root + q.beta for zi in q.z]
        out.append(Step("bn-transform", "The BN neuron on the learning set", "bn-cost", (
            chain(ctx.head(r"\bigl(\hat\varphi_{\mathbf{w}}(x_1), \dots, "
                           r"\hat\varphi_{\mathbf{w}}(x_N)\bigr)", row(d.phi_hat)),
                  ("=", ctx.term(row(phi)))),)))
        terms = [(ph - y) ** 2 for ph, (_, y) in zip(phi, d.rows, strict=True)]
        out.append(Step("chat-terms", "The BN cost, term by term", "bn-cost", (
            chain(chat_head, ("=", ctx.term(sp.Add(*terms, evaluate=False)))),)))
    if ctx.expanded:
        compact = q.const + sp.Mul(-2 * q.gamma, sp.expand(q.scale * q.linear) / root,
                                   evaluate=False)
    else:
        inner = ctx.named(rf"\langle {W}, b\rangle", q.linear)
        sigma = ctx.named(rf"\sigma({W})", q.sigma)
        compact = q.const + sp.Mul(-2 * q.gamma, inner / sigma, evaluate=False)
    compact_term = ctx.term(compact)
    out.append(Step("chat-compact", "The BN cost in compact form", "bn-cost",
                    (chain(chat_head, ("=", compact_term)),),
                    macros=(Macro("bnChat", compact_term, "BN cost in compact form"),)))
    scaled = d.Chat.xreplace({wi: SCALE * wi for wi in d.w})
    euler = sp.Add(*[wi * g for wi, g in zip(d.w, d.grad_Chat, strict=True)])
    out += [
        Step("scale-invariance", "The BN cost is invariant under positive scaling", "bn-cost",
             (chain(ctx.head(rf"\hat{{\mathcal{{C}}}}(t\,{W})", scaled),
                    ("=", ctx.term(ctx.named(rf"\hat{{\mathcal{{C}}}}({W})", d.Chat))),
                    condition=r"\text{for all } t > 0 \text{ and } \mathbf{w} \neq 0"),)),
        Step("euler", "Euler's identity: the gradient is orthogonal to the weights", "bn-cost",
             (chain(ctx.head(rf"\langle {W}, \nabla\hat{{\mathcal{{C}}}}({W})\rangle", euler),
                    ("=", ctx.term(sp.Integer(0)))),)),
    ]
    return out
