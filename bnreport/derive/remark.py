"""Remark 3.3: an optimum of the plain cost need not be an optimum of the BN cost."""

from __future__ import annotations

import sympy as sp

from ..closed import dot
from ..notation import Term
from ..printer import tex
from ..steps import Link, Step, chain
from ..texescape import TeX
from .context import Context


def steps(ctx: Context) -> list[Step]:
    d, q, f = ctx.defs, ctx.closed, ctx.findings
    grad_c = chain(ctx.head(r"\nabla\mathcal{C}(W^{*})", d.at(d.grad_C, q.wstar)),
                   ("=", ctx.term(sp.zeros(q.p, 1))))
    if not f.wstar_critical:
        return [Step("remark-witness", "W* is optimal without BN but not even critical with BN",
                     "remark", (grad_c, chain(ctx.head(r"\nabla\hat{\mathcal{C}}(W^{*})",
                                                       d.at(d.grad_Chat, q.wstar)),
                                              Link("nonzero"))))]
    s = f.wstar_multiple
    assert s is not None
    multiple = Term(TeX(tex(s) + r"\,d"), s * q.direction)
    s_def = dot(d.wstar, q.direction) / dot(q.direction, q.direction)
    sign = Link(">" if s > 0 else "<", ctx.term(sp.Integer(0)), inline=True)
    kind = "minimiser" if s > 0 else "maximiser"
    return [Step("remark-witness", f"W* lies on the ray of {kind}s of the BN cost", "remark", (
        grad_c,
        chain(ctx.head(r"W^{*}", d.wstar), ("=", multiple)),
        chain(ctx.head(r"s = \frac{\langle W^{*}, d\rangle}{\|d\|^2}", s_def),
              ("=", ctx.term(s)), sign),
    ))]
