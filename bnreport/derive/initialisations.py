"""Section "All initialisations": where Lemma 4.5 fails, how often, and when W* stays critical.

Heads come from the definitions route (the lemma's own formula, d and W* of route 1); terms from the
closed forms and from :mod:`bnreport.landscape` (arcs, probabilities and wedges, computed from the
verdict at points).  The probability argument is geometric: the failure sets are intersections of
half-spaces with normals n₋ = ‖d‖W* − ‖W*‖d and n₊ = ‖d‖W* + ‖W*‖d, whose angles are checked through
their cosines (algebraic numbers), so no trigonometric identity is taken on trust.
"""

from __future__ import annotations

import sympy as sp

from ..closed import dot
from ..exact import sign
from ..landscape import Case, Landscape, Verdict, lemma_verdict
from ..notation import Term
from ..printer import tex
from ..steps import Link, Macro, Step, chain
from ..texescape import TeX
from .context import Context, W, rounded_term

ANGLE_DECIMALS = 2


def _norm(v: sp.MatrixBase) -> sp.Expr:
    return sp.sqrt(dot(v, v))


def _normals(ws: sp.MatrixBase, d: sp.MatrixBase) -> tuple[sp.Matrix, sp.Matrix]:
    return _norm(d) * ws - _norm(ws) * d, _norm(d) * ws + _norm(ws) * d


def _lemma_rhs(w: sp.MatrixBase, ws: sp.MatrixBase) -> sp.Expr:
    s = dot(ws, ws)
    return dot(w - ws, w - ws) - (s - dot(ws, w)) ** 2 / s


def rhs_step(ctx: Context) -> Step:
    d, q = ctx.defs, ctx.closed
    w = q.wvec
    s = dot(q.wstar, q.wstar)
    if ctx.expanded:
        square = sp.UnevaluatedExpr(sp.expand(dot(w, q.wstar))) ** 2
        shown = sp.Add(dot(w, w), sp.Mul(-1 / s, square, evaluate=False), evaluate=False)
    else:
        shown = ctx.named(rf"\|{W}\|^2 - \frac{{\langle {W}, W^{{*}}\rangle^2}}{{\|W^{{*}}\|^2}}",
                          dot(w, w) - dot(w, q.wstar) ** 2 / s)
    return Step("init-rhs", "The right-hand side of (1) is the squared distance to the line of W*",
                "initialisations",
                (chain(ctx.head(rf"\rho({W})", _lemma_rhs(sp.Matrix(d.w), d.wstar)),
                       ("=", ctx.term(shown)), condition=r"\text{for all } \mathbf{w}"),))


def cone_steps(ctx: Context, land: Landscape) -> list[Step]:
    d, q, geo = ctx.defs, ctx.closed, land.geometry
    w = sp.Matrix(d.w)
    ws_def, d_def = d.wstar, d.direction
    n_minus_def, n_plus_def = _normals(ws_def, d_def)
    dist_d = dot(w, w) - dot(w, d_def) ** 2 / dot(d_def, d_def)
    scale = 1 / (geo.s * geo.dd)
    lin_minus, lin_plus = sp.expand(dot(q.wvec, geo.n_minus)), sp.expand(dot(q.wvec, geo.n_plus))
    # The two linear forms carry radicals: named, with n± displayed right below.
    product = sp.Mul(scale, ctx.named(rf"\langle {W}, n_-\rangle", lin_minus),
                     ctx.named(rf"\langle {W}, n_+\rangle", lin_plus), evaluate=False)
    assert geo.cos_theta is not None
    cos_theta = ctx.term(geo.cos_theta)
    theta_def = sp.acos(dot(ws_def, d_def) / (_norm(ws_def) * _norm(d_def)))
    cos_minus_def = dot(ws_def, n_minus_def) / (_norm(ws_def) * _norm(n_minus_def))
    return [
        Step("init-cone", "Where the critical points are farther than (1) allows",
             "initialisations", (
                 chain(ctx.head(rf"\operatorname{{dist}}({W}, \mathbb{{R}}d)^2 - \rho({W})",
                                dist_d - _lemma_rhs(w, ws_def)), ("=", ctx.term(product)),
                       condition=r"\text{for all } \mathbf{w}"),
                 chain(ctx.head(r"n_- = \|d\|\,W^{*} - \|W^{*}\|\,d", n_minus_def),
                       ("=", ctx.term(geo.n_minus))),
                 chain(ctx.head(r"n_+ = \|d\|\,W^{*} + \|W^{*}\|\,d", n_plus_def),
                       ("=", ctx.term(geo.n_plus))),
             )),
        # Theorems for every W* and d (the test of independent routes exempts this step).
        Step("init-normals", "The two normals are orthogonal and add up along W*",
             "initialisations", (
                 chain(ctx.head(r"\langle n_-, n_+\rangle", dot(n_minus_def, n_plus_def)),
                       ("=", ctx.term(sp.Integer(0)))),
                 chain(ctx.head(r"n_- + n_+ - 2\|d\|\,W^{*}",
                                n_minus_def + n_plus_def - 2 * _norm(d_def) * ws_def),
                       ("=", ctx.term(sp.zeros(q.p, 1)))),
             )),
        Step("init-angle", "The angle between W* and d, and between W* and n-", "initialisations", (
            chain(ctx.head(r"\cos\theta = \frac{\langle W^{*}, d\rangle}{\|W^{*}\|\,\|d\|}",
                           dot(ws_def, d_def) / (_norm(ws_def) * _norm(d_def))),
                  ("=", cos_theta), Link("approx", ctx.decimals(geo.cos_theta), inline=True)),
            chain(ctx.head(r"\theta", theta_def * 180 / sp.pi),  # in degrees, as printed
                  ("approx", ctx.decimals(theta_def * 180 / sp.pi, ANGLE_DECIMALS, r"^{\circ}"))),
            chain(ctx.head(r"\cos\angle(W^{*}, n_-)", cos_minus_def),
                  ("=", ctx.term(sp.radsimp(sp.sqrt((1 - geo.cos_theta) / 2))))),
        ), macros=(Macro("bnCosTheta", cos_theta, "cos of the angle between W* and d"),)),
    ]


def probability_steps(ctx: Context, land: Landscape, theta: sp.Symbol) -> list[Step]:
    """P = (angle of the failing wedge)/2π in the plane of W* and d; heads from route 1 (the wedge
    argument on n± and θ of the definitions), terms from the arcs of :mod:`bnreport.landscape`."""
    d = ctx.defs
    ws, dd = d.wstar, d.direction
    n_minus, n_plus = _normals(ws, dd)
    angle_normals = sp.acos(sp.radsimp(dot(n_minus, n_plus) / (_norm(n_minus) * _norm(n_plus))))
    theta_def = sp.acos(sp.radsimp(dot(ws, dd) / (_norm(ws) * _norm(dd))))
    critical, minimisers = land.probability("critical"), land.probability("minimisers")
    half = sp.Rational(1, 2)
    k_fail, k_given = ctx.term(critical.fail), ctx.term(critical.given_hypothesis)
    m_fail = ctx.term(sp.Rational(1, 4) + theta / (4 * sp.pi))
    m_given = ctx.term(sp.Rational(1, 2) + theta / (2 * sp.pi))
    m_wedge = (sp.pi - (sp.pi - theta_def) / 2) / (2 * sp.pi)
    k_wedge = (sp.pi - angle_normals) / (2 * sp.pi)
    given = r"(\,\cdot \mid \langle W_0, W^{*}\rangle > 0)"
    return [
        # Reading (K) gives 1/4 and 1/2 whatever the data (a theorem; exempt from route planting).
        Step("init-probability-k", "Probability of failure, all critical points", "initialisations", (
            chain(ctx.head(r"P_{\mathrm{K}} = \frac{\pi - \angle(n_-, n_+)}{2\pi}", k_wedge),
                  ("=", k_fail)),
            chain(ctx.head(rf"P_{{\mathrm{{K}}}}{given}", k_wedge / half), ("=", k_given)),
        ), macros=(Macro("bnProbabilityK", k_fail, "P(the lemma fails), all critical points"),
                   Macro("bnProbabilityGivenK", k_given, "the same, given <W0, W*> > 0"))),
        Step("init-probability-m", "Probability of failure, local minimisers only",
             "initialisations", (
                 chain(ctx.head(r"P_{\mathrm{M}} = \frac{\pi - \angle(W^{*}, n_-)}{2\pi}", m_wedge),
                       ("=", m_fail), Link("approx", ctx.decimals(minimisers.fail), inline=True)),
                 chain(ctx.head(rf"P_{{\mathrm{{M}}}}{given}", m_wedge / half), ("=", m_given),
                       Link("approx", ctx.decimals(minimisers.given_hypothesis), inline=True)),
             ), macros=(Macro("bnProbabilityM", m_fail, "P(the lemma fails), minimisers only"),
                        Macro("bnProbabilityGivenM", m_given, "the same, given <W0, W*> > 0"))),
    ]


def degenerate_probability_step(ctx: Context, land: Landscape) -> Step:
    """W* on the line of d: K ≡ 0 and sign⟨W0, d⟩ = sign(s)·sign⟨W0, W*⟩, so the verdict is the
    same on the whole half-space ⟨W0, W*⟩ > 0 as at W0 = W* — probability 1/2 or 0."""
    half = sp.Rational(1, 2)
    chains = []
    macros = []
    for name, reading in (("K", "critical"), ("M", "minimisers")):
        fails = lemma_verdict(land.data, ctx.defs.wstar, reading) is Verdict.FAILS
        value = ctx.term(land.probability(reading).fail)
        shown = r"P(\langle W_0, W^{*}\rangle > 0)" if fails else r"0\cdot P(\langle W_0, W^{*}\rangle > 0)"
        chains.append(chain(ctx.head(rf"P_{{\mathrm{{{name}}}}}", half if fails else sp.Integer(0)),
                            ("=", Term(TeX(shown), half if fails else sp.Integer(0))),
                            ("=", value)))
        macros.append(Macro(f"bnProbability{name}", value, f"P(the lemma fails), reading ({name})"))
    return Step("init-probability", "Probability of failure when W* lies on the line of d",
                "initialisations", tuple(chains), macros=tuple(macros))


def wedge_step(ctx: Context, land: Landscape) -> Step | None:
    """For p = 2: the failing directions as polar angles (degrees), rounded rigorously."""
    if ctx.closed.p != 2 or not land.wedges:
        return None
    chains = []
    for wedge in land.wedges:
        if wedge.degrees is None:
            continue
        name = "K" if wedge.reading == "critical" else "M"
        for end, vector, rounding in (("from", wedge.start_unit, wedge.degrees[0]),
                                      ("to", wedge.end_unit, wedge.degrees[1])):
            angle = sp.atan2(vector[1], vector[0]) * 180 / sp.pi
            if sign(angle) < 0:  # polar angles in [0°, 360°)
                angle += 360
            chains.append(chain(
                ctx.head(rf"\varphi^{{\mathrm{{{name}}}}}_{{\mathrm{{{end}}}}}", angle),
                ("approx", rounded_term((rounding.text,), r"^{\circ}"))))
    return Step("init-wedge", "The failing directions in the plane (p = 2)", "initialisations",
                tuple(chains))


def simulation_step(ctx: Context, simulation: object, theta: sp.Symbol) -> Step:
    chains = []
    for estimate in simulation.estimates:  # type: ignore[attr-defined]
        if estimate.exact is None:
            continue
        low, high = simulation.interval(estimate.label)  # type: ignore[attr-defined]
        label = {"critical": r"\mathrm{K}", "minimisers": r"\mathrm{M}",
                 "hypothesis": r"\mathrm{hyp}", "critical | hypothesis": r"\mathrm{K}\mid\mathrm{hyp}",
                 "minimisers | hypothesis": r"\mathrm{M}\mid\mathrm{hyp}"}[estimate.label]
        shown = rf"\hat P_{{{label}}} = {estimate.successes}/{estimate.trials}"
        exact_shown = tex(estimate.exact.xreplace({ctx.names.meaning[theta]: theta}), ctx.names.tex)
        interval = Term(TeX(rf"[{low:.4f},\ {high:.4f}] \ni {exact_shown}"),
                        (estimate, simulation.alpha))  # type: ignore[attr-defined]
        chains.append(chain(ctx.head(shown, sp.Rational(estimate.successes,
                                                         max(estimate.trials, 1))),
                            ("in", interval)))
    return Step("init-simulation", "Simulation cross-check of the probabilities",
                "initialisations", tuple(chains))


def wstar_step(ctx: Context, land: Landscape) -> Step:
    d, q = ctx.defs, ctx.closed
    crit = land.wstar_criterion
    a_inv_b_def = d.a_inv_b
    coeff = q.N * crit.mean_residual
    combination = (f"{tex(q.wstar)} {'+' if coeff < 0 else '-'} {tex(abs(coeff))}\\,"
                   f"{tex(crit.a_inv_xbar)}")
    shown = Term(TeX(rf"W^{{*}} - N\,\bar r\,A^{{-1}}\bar x = {combination}"),
                 q.wstar - coeff * crit.a_inv_xbar)
    stats = d.problem.stats
    residual_def = (sp.Rational(stats.sum_y.numerator, stats.sum_y.denominator) / d.N
                    - dot(d.xbar, d.wstar))
    residual = ctx.term(crit.mean_residual)
    return Step("init-wstar", "When BN keeps W* critical", "initialisations", (
        chain(ctx.head(r"A^{-1}b", a_inv_b_def), ("=", shown), ("=", ctx.term(crit.a_inv_b))),
        chain(ctx.head(r"\bar r = \bar y - \langle \bar x, W^{*}\rangle", residual_def),
              ("=", residual)),
    ), macros=(Macro("bnMeanResidual", residual, "mean residual of the plain least-squares fit"),))


def steps(ctx: Context) -> list[Step]:
    land = ctx.landscape
    out = [rhs_step(ctx)]
    if land.geometry.case is Case.GENERIC:
        assert land.geometry.cos_theta is not None
        theta = ctx.named(r"\theta", sp.acos(land.geometry.cos_theta))
        out += cone_steps(ctx, land)
        out += probability_steps(ctx, land, theta)
        wedge = wedge_step(ctx, land)
        if wedge is not None:
            out.append(wedge)
        if ctx.simulation is not None:
            out.append(simulation_step(ctx, ctx.simulation, theta))
    elif land.geometry.case is not Case.WSTAR_ZERO:
        out.append(degenerate_probability_step(ctx, land))
    out.append(wstar_step(ctx, land))
    return out
