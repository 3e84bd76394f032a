"""Stage 2: turn the derived quantities into the ordered list of :class:`Step` objects of the note.

Each section function returns its steps; the claim of every step pairs an independent route
(definition, row by row) with the derived closed form, so that the checker can catch an error in
either.  Nothing numeric is typed here: every number comes from :class:`Quantities`.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from .check import decimal_text, round_half_away
from .model import Problem
from .quantities import Quantities, dot
from .steps import (
    Claim,
    Compare,
    Deferred,
    Equal,
    Identity,
    Macro,
    NonZero,
    PositiveDefinite,
    Rounds,
    Row,
    Step,
    TeX,
)

W = TeX(r"\mathbf{w}")
WSTAR = TeX(r"W^{*}")
C_OF_W = TeX(r"\mathcal{C}(\mathbf{w})")
CHAT_OF_W = TeX(r"\hat{\mathcal{C}}(\mathbf{w})")
GRAD_CHAT = TeX(r"\nabla\hat{\mathcal{C}}")
#: Decimals shown next to exact irrational values (presentation only).
SHOWN_DECIMALS = 4


def eq(*exprs: object) -> tuple[Row, ...]:
    return tuple(Row("=", e) for e in exprs)  # type: ignore[arg-type]


def later(kind: type, build: Callable[[], Claim]) -> Deferred:
    """Build the claim only when it is checked (see :class:`~bnreport.steps.Deferred`)."""
    return Deferred(kind, build)


def _vars(q: Quantities) -> tuple[sp.Symbol, ...]:
    return tuple(q.w)


def batch_statistics(q: Quantities) -> list[Step]:
    n = sp.latex(q.N)
    steps = []
    if q.has_rows:
        steps.append(Step(
            "batch-output", "Output of the neuron on the batch", "batch",
            TeX(r"\mathbb{Z}"), eq(sp.Matrix([q.z])),
            Identity(sp.Matrix([[dot(q.wvec, x) for x, _ in q.rows]]), sp.Matrix([q.z]), _vars(q)),
        ))
    steps.append(Step(
        "bn-mean", "Batch mean", "batch", TeX(r"\mu"),
        eq(TeX(rf"\frac{{1}}{{{n}}}\sum_{{i=1}}^{{{n}}} z_i"), q.mu),
        Identity(q.mu_def, q.mu, _vars(q)),
        macros=(Macro("bnMu", q.mu, "batch mean as a function of w"),),
    ))
    steps.append(Step(
        "bn-std", "Batch standard deviation (divisor N)", "batch", TeX(r"\sigma"),
        eq(TeX(rf"\sqrt{{\frac{{1}}{{{n}}}\sum_{{i=1}}^{{{n}}} (z_i-\mu)^2}}"), q.sigma),
        Identity(q.sigma_def, q.sigma, _vars(q)),
        macros=(Macro("bnSigma", q.sigma, "batch standard deviation (population, divisor N)"),),
    ))
    return steps


def plain_cost(q: Quantities) -> list[Step]:
    rows_form: tuple[Row, ...] = ()
    if q.has_rows:
        terms = [Row("+" if i else "=", t**2) for i, t in enumerate(q.c_terms)]
        rows_form = tuple(terms)
    w, ws = q.wvec, q.wstar
    return [
        Step("cost-c", "Cost of the plain network", "cost", C_OF_W, (*rows_form, Row("=", q.C)),
             Identity(q.C_def, q.C, _vars(q)),
             macros=(Macro("bnC", q.C, "cost C(w) without BN, expanded"),)),
        Step("normal-equations", "Normal equations and their solution", "cost",
             TeX(r"X^{\top}X"),
             (Row("=", q.xtx), Row(r",\quad X^{\top}y =", q.xty, inline=True),
              Row(r"\quad\Longrightarrow\quad W^{*} = (X^{\top}X)^{-1}X^{\top}y =", ws, inline=True)),
             Equal(q.xtx * ws, q.xty),
             macros=(Macro("bnWstar", ws, "the minimiser W* of C"),)),
        Step("grad-c-wstar", "The gradient of C vanishes at W*", "cost",
             TeX(r"\nabla\mathcal{C}(W^{*})"), eq(q.at(q.grad_C_def, ws)),
             Equal(q.at(q.grad_C_def, ws), sp.zeros(q.p, 1))),
        Step("hess-c", "Hessian of C", "cost", TeX(r"\nabla^2\mathcal{C}"), eq(q.hess_C),
             Identity(q.hessian(q.C_def), q.hess_C, _vars(q)),
             macros=(Macro("bnHessC", q.hess_C, "Hessian of C (constant)"),)),
        Step("hess-c-definite", "The Hessian of C is positive definite", "cost",
             TeX(r"\Delta_{1}"),
             tuple(Row(rf",\quad \Delta_{{{k + 1}}} =" if k else "=", q.hess_C[:k + 1, :k + 1].det(),
                       inline=k > 0) for k in range(q.p)),
             PositiveDefinite(q.hess_C)),
        Step("c-minimiser", "C is a quadratic around W*", "cost", C_OF_W,
             (Row("=", TeX(r"\mathcal{C}(W^{*}) + (\mathbf{w}-W^{*})^{\top} X^{\top}X\,"
                           r"(\mathbf{w}-W^{*})")),
              Row(r"\quad\text{with}\quad \mathcal{C}(W^{*}) =", q.at(q.C, ws), inline=True)),
             Identity(q.C, q.at(q.C, ws) + ((w - ws).T * q.xtx * (w - ws))[0, 0], _vars(q)),
             macros=(Macro("bnCmin", q.at(q.C, ws), "minimum value C(W*)"),)),
    ]


def bn_cost(q: Quantities) -> list[Step]:
    root = sp.sqrt(q.radicand)
    steps = []
    if q.has_rows:
        steps.append(Step(
            "bn-transform", "The BN neuron on the learning set", "bn-cost",
            TeX(r"\hat\varphi_{\mathbf{w}}(\bar{\mathbf{x}}^{(i)})"),
            eq(TeX(r"\gamma\,\frac{z_i-\mu}{\sigma}+\beta"), sp.Matrix([q.phi_hat])),
            Identity(sp.Matrix([[q.gamma * (zi - q.mu_def) / q.sigma_def + q.beta for zi in q.z]]),
                     sp.Matrix([q.phi_hat]), _vars(q)),
        ))
        terms = tuple(Row("+" if i else "=", t**2) for i, t in enumerate(q.Chat_terms))
        steps.append(Step(
            "chat-terms", "The BN cost, term by term", "bn-cost", CHAT_OF_W, terms,
            later(Identity, lambda: Identity(q.Chat_def, sp.Add(*[t**2 for t in q.Chat_terms]),
                                             _vars(q))),
        ))
    steps.append(Step(
        "chat-compact", "The BN cost in compact form", "bn-cost", CHAT_OF_W,
        eq(q.const + sp.Mul(-2 * q.gamma, sp.expand(q.scale * q.linear) / root, evaluate=False)),
        later(Identity, lambda: Identity(q.Chat_def, q.Chat, _vars(q))),
        macros=(Macro("bnChat", q.Chat, "BN cost in compact form"),),
    ))
    return steps


def gradient(q: Quantities) -> list[Step]:
    ws = q.wstar
    exact = q.at(q.grad_Chat, ws)
    approx = tuple(decimal_text(round_half_away(e, SHOWN_DECIMALS), SHOWN_DECIMALS) for e in exact)
    printed = q.problem.quoted.grad_chat_wstar or tuple(
        decimal_text(round_half_away(e, 2), 2) for e in exact)
    radical = q.radicand ** sp.Rational(3, 2)
    factored = sp.Matrix([sp.factor(g) for g in q.grad_numerator]) / radical
    return [
        Step("grad-chat", "Gradient of the BN cost", "gradient",
             TeX(r"\nabla\hat{\mathcal{C}}(\mathbf{w})"), eq(factored),
             later(Identity, lambda: Identity(q.grad_Chat_def, q.grad_Chat, _vars(q)))),
        Step("grad-chat-wstar", "The BN gradient at W*", "gradient",
             TeX(r"\nabla\hat{\mathcal{C}}(W^{*})"),
             (Row("=", exact), Row(r"\approx", TeX(_tuple_tex(approx)))),
             later(Equal, lambda: Equal(q.at(q.grad_Chat_def, ws), exact)),
             macros=(Macro("bnGradChatWstar", exact, "exact gradient of the BN cost at W*"),
                     Macro("bnGradChatWstarApprox", TeX(_tuple_tex(approx)),
                           f"the same rounded to {SHOWN_DECIMALS} decimals"))),
        Step("grad-chat-wstar-rounded", "The paper's figures are the rounded exact gradient"
             if q.problem.quoted.grad_chat_wstar else "The gradient rounded to two decimals",
             "gradient", TeX(r"\nabla\hat{\mathcal{C}}(W^{*})"),
             (Row(r"\approx", TeX(_tuple_tex(printed))),),
             Rounds(exact, tuple(printed)), condition=TeX(r"\text{(to the printed decimals)}"),
             macros=(Macro("bnGradChatWstarPaper", TeX(_tuple_tex(printed)),
                           "the gradient as printed in the paper"),)),
    ]


def _tuple_tex(values: tuple[str, ...]) -> str:
    return r"\left(" + r",\ ".join(values) + r"\right)"


def scale_invariance(q: Quantities) -> list[Step]:
    tw = {wi: q.t * wi for wi in q.w}
    return [
        Step("scale-invariance", "The BN cost is invariant under scaling", "scale",
             TeX(r"\hat{\mathcal{C}}(t\,\mathbf{w})"), eq(CHAT_OF_W),
             later(Identity, lambda: Identity(q.Chat_def.xreplace(tw), q.Chat_def, _vars(q),
                                              (q.t,))),
             condition=TeX(r"\text{for all } t > 0")),
        Step("euler", "Euler's identity for a scale-invariant cost", "scale",
             TeX(r"\langle \mathbf{w}, \nabla\hat{\mathcal{C}}(\mathbf{w})\rangle"),
             eq(sp.Integer(0)),
             later(Identity, lambda: Identity(dot(q.wvec, q.grad_Chat_def), sp.Integer(0),
                                              _vars(q)))),
    ]


def minima(q: Quantities) -> list[Step]:
    d = q.direction
    kappa = (d.T * q.grad_numerator)[0, 0]
    steps = [
        Step("critical-ray", "The gradient vanishes on the ray of d", "minima",
             TeX(r"\nabla\hat{\mathcal{C}}(t\,d)"),
             (Row("=", sp.zeros(q.p, 1)), Row(r"\quad\text{for all } t > 0, \quad d =", d, inline=True)),
             later(Identity, lambda: Identity(
                 q.grad_Chat_def.xreplace(dict(zip(q.w, q.t * d, strict=True))),
                 sp.zeros(q.p, 1), (), (q.t,))),
             macros=(Macro("bnDirection", d, "direction d of the ray of minimisers of Ĉ"),)),
    ]
    if q.p == 2:
        ell = q.ray_form
        coeff = sp.expand(kappa).coeff(q.w[0], 2) / ell.coeff(q.w[0]) ** 2
        steps.append(Step(
            "critical-line", "Only the line of d is critical", "minima",
            TeX(r"\langle d, G(\mathbf{w})\rangle"), eq(coeff * sp.UnevaluatedExpr(ell) ** 2),
            Identity(kappa, coeff * ell**2, _vars(q)),
            macros=(Macro("bnRay", sp.Eq(d[1] * q.w[0], d[0] * q.w[1], evaluate=False),
                          "equation of the line of critical points"),)))
    else:
        steps.append(Step(
            "critical-line", "Only the line of d is critical", "minima",
            TeX(r"m\,A - b\,b^{\top}"), eq(q.gap_matrix),
            PositiveDefinite(q.gap_matrix, kernel=d)))
    ratio = q.N * q.m - q.N * q.gap / q.quad
    gap_shown = q.gap if q.p != 2 else coeff_gap(q)
    ratio_shown = q.N * q.m + sp.Mul(-q.scale**2, gap_shown / q.radicand, evaluate=False)
    hess_d = q.at(q.hess_Chat, d)
    steps += [
        Step("chat-bound", "A Cauchy–Schwarz bound for the BN cost", "minima",
             TeX(r"\frac{\langle\mathbf{w}, X_c^{\top} y\rangle^2}{\sigma(\mathbf{w})^2}"),
             eq(ratio_shown), Identity((q.linear / q.sigma) ** 2, ratio, _vars(q))),
        Step("chat-min-value", "Minimum value of the BN cost", "minima",
             TeX(r"\hat{\mathcal{C}}(d)"), eq(q.chat_min),
             later(Equal, lambda: Equal(
                 sp.radsimp(q.Chat_def.xreplace(dict(zip(q.w, d, strict=True)))), q.chat_min)),
             macros=(Macro("bnChatMin", q.chat_min, "minimum value of the BN cost"),)),
        Step("hess-chat-ray", "Second-order condition across the ray", "minima",
             TeX(r"\nabla^2\hat{\mathcal{C}}(d)"), eq(hess_d),
             # The closed-form gradient is checked identical to the definition (grad-chat), so its
             # Jacobian is the Hessian; differentiating the three-term form again costs 5x more.
             PositiveDefinite(hess_d, kernel=d)),
    ]
    return steps


def coeff_gap(q: Quantities) -> sp.Expr:
    """For p = 2 the gap is k·ℓ(w)², displayed factored (ℓ = 0 is the critical line)."""
    ell = q.ray_form
    k = q.gap.coeff(q.w[0], 2) / ell.coeff(q.w[0]) ** 2
    return sp.Mul(k, sp.UnevaluatedExpr(ell) ** 2, evaluate=False)


def lemma(q: Quantities) -> list[Step]:
    """Inequality (1) at W0; the claims follow the facts of the data (it fails on the paper's)."""
    w0, ws = q.w0, q.wstar
    v = w0 - ws
    projected = v - dot(ws, v) / dot(ws, ws) * ws
    inner = dot(w0, ws)
    w0_grad = (TeX(r"\nabla\hat{\mathcal{C}}(W_0)"), eq(q.at(q.grad_Chat, w0)))
    not_critical = (
        Step("lemma-not-critical", "W0 is not a critical point of the BN cost", "lemma", *w0_grad,
             later(NonZero, lambda: NonZero(q.at(q.grad_Chat_def, w0))))
        if not q.w0_critical else
        Step("lemma-not-critical", "W0 is a critical point of the BN cost", "lemma", *w0_grad,
             later(Equal, lambda: Equal(q.at(q.grad_Chat_def, w0), sp.zeros(q.p, 1)))))
    return [
        Step("lemma-inner", "The hypothesis of Lemma 4.5 " + ("holds" if q.lemma_applies
                                                              else "does not hold"), "lemma",
             TeX(r"\langle W_0, W^{*}\rangle"), eq(inner),
             Compare(inner, ">" if q.lemma_applies else "<=", 0)),
        Step("lemma-rhs", "Right-hand side of inequality (1) at W0", "lemma",
             TeX(r"\|W_0-W^{*}\|^2-\frac{(\|W^{*}\|^2-\langle W^{*},W_0\rangle)^2}{\|W^{*}\|^2}"),
             eq(q.lemma_rhs), Equal(q.lemma_rhs, dot(projected, projected)),
             macros=(Macro("bnLemmaRHS", q.lemma_rhs, "right-hand side of (1) at W0"),)),
        not_critical,
        Step("lemma-distance", "Every critical point of the BN cost is " + (
                 "farther away" if q.lemma_fails else "not farther away"), "lemma",
             TeX(r"\min_{\hat W\ \text{critical}} \|W_0-\hat W\|^2 \geq "
                 r"\|W_0\|^2 - \frac{\langle W_0, d\rangle^2}{\|d\|^2}"),
             eq(q.line_distance2),
             Compare(q.line_distance2, ">" if q.lemma_fails else "<=", q.lemma_rhs),
             macros=(Macro("bnDistance", q.line_distance2,
                           "squared distance from W0 to the critical line of Ĉ"),)),
    ]


def remark(q: Quantities) -> list[Step]:
    def grad() -> sp.Matrix:
        return q.at(q.grad_Chat_def, q.wstar)

    if q.wstar_critical:
        return [Step("remark-witness", "W* is optimal with and without BN on this data", "remark",
                     TeX(r"\nabla\mathcal{C}(W^{*}) = 0,\quad \nabla\hat{\mathcal{C}}(W^{*})"),
                     eq(sp.zeros(q.p, 1)), later(Equal, lambda: Equal(grad(), sp.zeros(q.p, 1))))]
    return [
        Step("remark-witness", "W* is optimal without BN but not with BN", "remark",
             TeX(r"\nabla\mathcal{C}(W^{*}) = 0,\quad \nabla\hat{\mathcal{C}}(W^{*})"),
             (Row(r"\neq", sp.zeros(q.p, 1)),), later(NonZero, lambda: NonZero(grad()))),
    ]


SECTIONS: tuple[Callable[[Quantities], list[Step]], ...] = (
    batch_statistics, plain_cost, bn_cost, gradient, scale_invariance, minima, lemma, remark,
)


def verdict(q: Quantities) -> str:
    """One sentence for the terminal: does Lemma 4.5 fail on this data at W0?"""
    if q.lemma_fails:
        return ("Lemma 4.5 fails on this data: every critical point of the BN cost is farther "
                "from W0 than inequality (1) allows")
    if not q.lemma_applies:
        return "Lemma 4.5 does not apply at this W0 (<W0, W*> <= 0)"
    return ("Lemma 4.5 is not refuted at this W0: the critical line of the BN cost comes within "
            "the bound of inequality (1)")


def derive(problem: Problem) -> tuple[Quantities, list[Step]]:
    q = Quantities(problem)
    steps = [step for section in SECTIONS for step in section(q)]
    return q, steps
