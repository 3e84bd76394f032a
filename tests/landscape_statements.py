"""What the section "All initialisations" asserts, as small statements a checker can verify (a test
helper: the note itself checks its own steps, derive/initialisations.py; these are a second,
independent account of the same mathematics, verified by tests/landscape_checker.py).

Each :class:`Statement` is one exact fact about sympy objects, of one of four kinds:

* ``identity`` — ``lhs == rhs`` for every value of ``variables`` (where both sides are defined);
* ``equal``    — two exact constants (numbers, vectors or matrices, possibly with radicals) are equal;
* ``sign``     — ``lhs rel rhs`` for exact real constants, rel in ``> < >= <= !=``;
* ``definite`` — the symmetric matrix ``lhs − rhs`` is positive definite (rel ``>``).

The statements carry no verdict: whoever renders them checks them (tests/landscape_checker.py does
so independently).  Together with three facts stated in words — Sylvester's law of inertia, the
uniform angle of an isotropic vector projected onto a plane, and the half-angle formulas — they
prove every claim of the section; DESIGN-level prose is in the docstrings of each builder.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import sympy as sp

from bnreport.exact import Rounded, sign
from bnreport.landscape import Landscape
from bnreport.landscape.arcs import Arc, H, orientation, verdict_on
from bnreport.landscape.geometry import READINGS, Case, LandscapeInput, Matrix, Verdict, dot
from bnreport.landscape.plane import polar_degrees

Kind = Literal["identity", "equal", "sign", "definite"]
Rel = Literal["==", ">", "<", ">=", "<=", "!="]

LAMBDA = sp.Symbol("lambda")


@dataclass(frozen=True)
class Statement:
    id: str
    section: str
    title: str
    kind: Kind
    lhs: sp.Basic
    rhs: sp.Basic
    rel: Rel = "=="
    variables: tuple[sp.Symbol, ...] = ()


def _sign(id_: str, section: str, title: str, value: sp.Expr, rel: Rel) -> Statement:
    return Statement(id_, section, title, "sign", sp.radsimp(value), sp.Integer(0), rel)


def _strict(value: sp.Expr) -> Rel:
    """The true strict relation of an exact constant to 0 (used to *state* signs we derived)."""
    s = sign(value)
    if s == 0:
        raise AssertionError(f"{value} is 0 where a strict sign was expected")
    return ">" if s > 0 else "<"


def w_symbols(p: int) -> Matrix:
    """The symbolic initialisation W0 = (w1, …, wp), the same symbols as the note's w."""
    return Matrix(sp.symbols(f"w1:{p + 1}", real=True))


def _proj_residual(w: Matrix, line: Matrix) -> Matrix:
    return Matrix(w - line * (dot(w, line) / dot(line, line)))


# -- right-hand side of (1) ---------------------------------------------------------------------
def rhs_statements(data: LandscapeInput) -> list[Statement]:
    """RHS(W0) = ‖W0 − P W0‖² with P the orthogonal projection onto ℝW*: the squared distance."""
    w, ws = w_symbols(data.p), data.wstar
    if dot(ws, ws) == 0:
        return []
    s, c = dot(ws, ws), dot(w, ws)
    residual = _proj_residual(w, ws)
    rhs = dot(w - ws, w - ws) - (s - c) ** 2 / s
    return [
        Statement("rhs-distance", "rhs", "The right-hand side of (1) is the squared distance from W0 "
                  "to the line of W*", "identity", rhs, dot(residual, residual), variables=tuple(w)),
        Statement("rhs-orthogonal", "rhs", "W0 minus its projection is orthogonal to W* (so the "
                  "projection is the closest point of the line)", "identity", dot(residual, ws),
                  sp.Integer(0), variables=tuple(w)),
    ]


# -- the failure cone: a quadratic form of signature (1, 1, p − 2) -----------------------------
def cone_statements(land: Landscape) -> list[Statement]:
    data, geo = land.data, land.geometry
    w, ws, d = w_symbols(data.p), data.wstar, data.d
    s, dd, cross = geo.s, geo.dd, geo.cross
    if s == 0:
        return []
    k_of_w = dot(w, ws) ** 2 * dd - dot(w, d) ** 2 * s
    r_d, r_w = _proj_residual(w, d), _proj_residual(w, ws)
    out = [
        Statement("cone-difference", "cone", "Distance² to the critical line minus distance² to "
                  "the line of W* is K(W0)/(‖W*‖²‖d‖²)", "identity",
                  dot(r_d, r_d) - dot(r_w, r_w), k_of_w / (s * dd), variables=tuple(w)),
        Statement("cone-form", "cone", "K(W0) = W0ᵀ M W0 with M = ‖d‖² W*W*ᵀ − ‖W*‖² d dᵀ",
                  "identity", (w.T * geo.form * w)[0, 0], k_of_w, variables=tuple(w)),
    ]
    if geo.case is not Case.GENERIC:
        return [*out, Statement("cone-zero", "cone", "W* is on the line of d, so M = 0 and K ≡ 0: "
                                "the lemma never fails under the all-critical reading", "equal",
                                geo.form, Matrix.zeros(data.p, data.p))]
    basis = Matrix.hstack(ws, d)
    weights = sp.diag(dd, -s)
    g = s * dd * (s * dd - cross**2)
    sq_d, sq_s = sp.sqrt(dd), sp.sqrt(s)
    lam = LAMBDA
    return [
        *out,
        Statement("cone-factor", "cone", "M = B diag(‖d‖², −‖W*‖²) Bᵀ with B = (W*, d)", "equal",
                  geo.form, Matrix(basis * weights * basis.T)),
        Statement("cone-gram", "cone", "BᵀB is positive definite: W* and d are linearly "
                  "independent (rank B = 2)", "definite", Matrix(basis.T * basis),
                  Matrix.zeros(2, 2), ">"),
        _sign("cone-weight-positive", "cone", "The weight ‖d‖² is positive", dd, ">"),
        _sign("cone-weight-negative", "cone", "The weight −‖W*‖² is negative", -s, "<"),
        Statement("cone-charpoly", "cone", "Characteristic polynomial of M: eigenvalues ±√g and "
                  f"0 ({data.p - 2} times)", "identity",
                  sp.expand((lam * sp.eye(data.p) - geo.form).det(method="berkowitz")),
                  sp.expand(lam ** (data.p - 2) * (lam**2 - g)), variables=(lam,)),
        _sign("cone-charpoly-g", "cone", "g = ‖W*‖²‖d‖²(‖W*‖²‖d‖² − ⟨W*, d⟩²) > 0", g, ">"),
        Statement("cone-normals", "cone", "K(W0) = ⟨W0, n₋⟩⟨W0, n₊⟩ with n± = ‖d‖W* ± ‖W*‖d",
                  "identity", k_of_w, sp.expand(dot(w, geo.n_minus) * dot(w, geo.n_plus)),
                  variables=tuple(w)),
        Statement("cone-normals-split", "cone", "⟨W0, n±⟩ = ‖d‖⟨W0, W*⟩ ± ‖W*‖⟨W0, d⟩", "identity",
                  Matrix([dot(w, geo.n_minus), dot(w, geo.n_plus)]),
                  Matrix([sq_d * dot(w, ws) - sq_s * dot(w, d), sq_d * dot(w, ws) + sq_s * dot(w, d)]),
                  variables=tuple(w)),
        Statement("cone-normals-orthogonal", "cone", "The normals are orthogonal: ⟨n₋, n₊⟩ = 0",
                  "equal", dot(geo.n_minus, geo.n_plus), sp.Integer(0)),
        Statement("cone-bisectors", "cone", "n± = ‖W*‖‖d‖ (W*/‖W*‖ ± d/‖d‖): the bisectors of the "
                  "lines ℝW* and ℝd", "equal", Matrix.hstack(geo.n_minus, geo.n_plus),
                  Matrix.hstack(sq_s * sq_d * (ws / sq_s - d / sq_d),
                                sq_s * sq_d * (ws / sq_s + d / sq_d))),
    ]


# -- the arcs of directions in the plane of W* and d -------------------------------------------
def arc_statements(land: Landscape) -> list[Statement]:
    """Six rays ±f, ±n₋, ±n₊ cut the circle of the plane into arcs.  ⟨·, W*⟩ vanishes there only
    on ℝf, K only on ℝn₋ ∪ ℝn₊ (a nonzero indefinite binary form has exactly two zero lines), ⟨·, n₋⟩
    only on ℝn₊; so every verdict is constant on each arc and read off at its interior point."""
    if land.geometry.case is not Case.GENERIC:
        return []
    data, geo = land.data, land.geometry
    ws, d = data.wstar, data.d
    kform = geo.form
    out = [
        Statement("plane-f", "arcs", "f = ‖W*‖² d − ⟨W*, d⟩ W* is orthogonal to W*", "equal",
                  dot(geo.f, ws), sp.Integer(0)),
        _sign("plane-f-side", "arcs", "f is on the side of d: ⟨f, d⟩ > 0", dot(geo.f, d), ">"),
        Statement("plane-zeros-k", "arcs", "K vanishes on n₋ and n₊", "equal",
                  Matrix([_quad(kform, geo.n_minus), _quad(kform, geo.n_plus)]), Matrix([0, 0])),
        _sign("plane-k-at-wstar", "arcs", "K(W*) > 0", _quad(kform, ws), ">"),
        _sign("plane-k-at-d", "arcs", "K(d) < 0", _quad(kform, d), "<"),
        _sign("plane-nminus-nonzero", "arcs", "n₋ ≠ 0", dot(geo.n_minus, geo.n_minus), ">"),
        _sign("plane-nplus-nonzero", "arcs", "n₊ ≠ 0", dot(geo.n_plus, geo.n_plus), ">"),
        Statement("half-angle", "arcs", "cos²h = (1 + cos 2h)/2 and sin²h = (1 − cos 2h)/2",
                  "identity", Matrix([sp.cos(H) ** 2, sp.sin(H) ** 2]),
                  Matrix([(1 + sp.cos(2 * H)) / 2, (1 - sp.cos(2 * H)) / 2]), variables=(H,)),
    ]
    for arc in land.arcs:
        out.extend(_one_arc(land, arc))
    out.append(Statement("arcs-total", "arcs", "The six arcs go once around: their lengths add up "
                         "to 2π", "identity", sp.Add(*[a.length for a in land.arcs]), 2 * sp.pi,
                         variables=(H,)))
    return out


def _quad(form: Matrix, x: Matrix) -> sp.Expr:
    return sp.radsimp(sp.expand((x.T * form * x)[0, 0]))


def _one_arc(land: Landscape, arc: Arc) -> list[Statement]:
    data, geo = land.data, land.geometry
    k, x, y, z = arc.index, arc.start, arc.end, arc.interior
    name = f"arc {k} (length {arc.length})"
    inner = dot(x, y)
    out = [
        _sign(f"arc-{k}-orientation", "arcs", f"{name}: its end is counter-clockwise from its start",
              orientation(data, geo, x, y), ">"),
        Statement(f"arc-{k}-angle", "arcs", f"{name}: cos² of the angle between its rays",
                  "equal", sp.radsimp(inner**2), sp.radsimp(dot(x, x) * dot(y, y) * arc.cos2)),
    ]
    if arc.cos2 != 0:
        out.append(_sign(f"arc-{k}-acute", "arcs", f"{name}: the angle is acute", inner, ">"))
    for label, value in (("hypothesis", dot(z, data.wstar)), ("cone", _quad(geo.form, z)),
                         ("minus", dot(z, geo.n_minus))):
        out.append(_sign(f"arc-{k}-{label}", "arcs", f"{name}: sign of "
                         + {"hypothesis": "⟨·, W*⟩", "cone": "K", "minus": "⟨·, n₋⟩"}[label]
                         + " inside", value, _strict(value)))
    return out


# -- probabilities ----------------------------------------------------------------------------------
def probability_statements(land: Landscape) -> list[Statement]:
    """P(fail) = (length of the failing arcs)/2π: the angle of the projection of an isotropic W0
    onto the plane of W* and d is uniform."""
    if land.geometry.case is not Case.GENERIC:
        return []
    hyp = sp.Add(*[a.length for a in land.arcs
                   if verdict_on(a, "critical") is not Verdict.HYPOTHESIS_FALSE]) / (2 * sp.pi)
    out = [Statement("probability-hypothesis", "probability", "P(⟨W0, W*⟩ > 0) = 1/2", "identity",
                     hyp, sp.cancel(hyp), variables=(H,))]
    for reading in READINGS:
        prob = land.probability(reading)
        failing = sp.Add(*[a.length for a in land.arcs if verdict_on(a, reading) is Verdict.FAILS])
        out.append(Statement(f"probability-{reading}", "probability",
                             f"P(the lemma fails), reading '{reading}'", "identity",
                             failing / (2 * sp.pi), prob.in_h, variables=(H,)))
        out.append(Statement(f"probability-{reading}-given", "probability",
                             f"P(the lemma fails | hypothesis), reading '{reading}'", "identity",
                             failing / (2 * sp.pi) / hyp, prob.given_in_h, variables=(H,)))
        out.extend(rounding_statements(f"probability-{reading}", "probability",
                                       f"P(fail), reading '{reading}'", prob.fail_rounded))
    return out


def rounding_statements(id_: str, section: str, what: str, value: Rounded) -> list[Statement]:
    """``value`` rounds (half away from zero) to its printed decimals: two signs."""
    half = sp.Rational(1, 2 * 10**value.decimals)
    r = sp.Rational(value.rounded.numerator, value.rounded.denominator)
    upward = r > 0 or (r == 0 and sign(value.value) >= 0)  # [r − ½, r + ½) above 0, else (…]
    low_rel: Rel = ">=" if upward else ">"
    high_rel: Rel = "<" if upward else "<="
    return [
        Statement(f"{id_}-decimals-low", section, f"{what} ≥ {value.text} − ½·10^-{value.decimals}",
                  "sign", value.value, r - half, low_rel),
        Statement(f"{id_}-decimals-high", section, f"{what} < {value.text} + ½·10^-{value.decimals}",
                  "sign", value.value, r + half, high_rel),
    ]


# -- the wedges for p = 2 --------------------------------------------------------------------------
def wedge_statements(land: Landscape) -> list[Statement]:
    out = []
    for wedge in land.wedges:
        if wedge.degrees is None:
            continue
        for end, vector, rounded_ in (("start", wedge.start, wedge.degrees[0]),
                                      ("end", wedge.end, wedge.degrees[1])):
            assert rounded_.value == polar_degrees(vector)
            out.extend(rounding_statements(f"wedge-{wedge.reading}-{end}", "wedge",
                                           f"polar angle of the {end} of the wedge "
                                           f"('{wedge.reading}') in degrees", rounded_))
    return out


# -- W* on the line of d -------------------------------------------------------------------------
def degenerate_statements(land: Landscape) -> list[Statement]:
    data, geo = land.data, land.geometry
    if geo.case is Case.WSTAR_ZERO:
        return [Statement("wstar-zero", "degenerate", "W* = 0: the hypothesis ⟨W0, W*⟩ > 0 never "
                          "holds", "equal", data.wstar, Matrix.zeros(data.p, 1))]
    if geo.k is None:
        return []
    w = w_symbols(data.p)
    where = "minimisers" if geo.k > 0 else "maximisers"
    return [
        Statement("degenerate-parallel", "degenerate", "W* = k·d", "equal", data.wstar,
                  Matrix(geo.k * data.d)),
        _sign("degenerate-k", "degenerate", f"W* is on the ray of {where}", geo.k, _strict(geo.k)),
        Statement("degenerate-d-sign", "degenerate", "⟨W0, d⟩ = ⟨W0, W*⟩/k: its sign is fixed on "
                  "the hypothesis half-space", "identity", dot(w, data.d), dot(w, data.wstar) / geo.k,
                  variables=tuple(w)),
    ]


# -- at the note's own W0 ------------------------------------------------------------------------
def w0_statements(land: Landscape) -> list[Statement]:
    data, geo = land.data, land.geometry
    if geo.s == 0:
        return []
    w0 = data.w0
    c = dot(w0, data.wstar)
    out = [_sign("w0-hypothesis", "w0", "⟨W0, W*⟩ at the note's W0", c, _relation(c))]
    k = _quad(geo.form, w0)
    out.append(_sign("w0-cone", "w0", "K(W0) at the note's W0", k, _relation(k)))
    xd = dot(w0, data.d)
    out.append(_sign("w0-direction", "w0", "⟨W0, d⟩ at the note's W0", xd, _relation(xd)))
    return out


def _relation(value: sp.Expr) -> Rel:
    return {1: ">", -1: "<", 0: "<="}[sign(value)]  # type: ignore[return-value]


# -- is W* critical for Ĉ? -------------------------------------------------------------------------
def wstar_statements(land: Landscape) -> list[Statement]:
    """A W* − b = N·r̄·x̄ (an identity in the statistics, with Xᵀy = XᵀX W*), so
    A⁻¹b = W* − N·r̄·A⁻¹x̄; W* is critical iff A⁻¹b = μW*, a minimiser iff γμ > 0."""
    data, crit = land.data, land.wstar_criterion
    p = data.p
    sym = sp.Matrix(p, p, lambda i, j: sp.Symbol(f"S{min(i, j) + 1}{max(i, j) + 1}", real=True))
    xbar = Matrix(sp.symbols(f"m1:{p + 1}", real=True))
    v = Matrix(sp.symbols(f"v1:{p + 1}", real=True))
    ybar, n = sp.Symbol("ybar", real=True), sp.Symbol("N", positive=True)
    a_sym = sym - n * xbar * xbar.T
    b_sym = sym * v - n * ybar * xbar  # Xᵀy = XᵀX W* (normal equations) substituted
    variables = (*sorted(sym.free_symbols, key=str), *xbar, ybar, *v, n)
    a_inv_b = crit.a_inv_b
    t = next(a / e for a, e in zip(a_inv_b, data.d, strict=True) if e != 0)
    out = [
        Statement("wstar-normal-equations", "wstar", "W* solves the normal equations XᵀX W* = Xᵀy",
                  "equal", Matrix(data.xtx * data.wstar), data.xty),
        Statement("direction-of-minimisers", "wstar", "A⁻¹b = t·d: d is the direction of A⁻¹b",
                  "equal", a_inv_b, Matrix(t * data.d)),
        _sign("direction-orientation", "wstar", "γ·t > 0: the positive multiples of d minimise Ĉ",
              data.gamma * t, ">"),
        Statement("wstar-critical-identity", "wstar", "A W* − b = N·r̄·x̄ (r̄ = ȳ − ⟨x̄, W*⟩)",
                  "identity", Matrix(a_sym * v - b_sym), Matrix(n * (ybar - dot(xbar, v)) * xbar),
                  variables=variables),
        Statement("wstar-critical-data", "wstar", "A⁻¹b = W* − N·r̄·A⁻¹x̄ on the data", "equal",
                  a_inv_b, Matrix(data.wstar - data.N * crit.mean_residual * crit.a_inv_xbar)),
    ]
    if crit.multiple is not None:
        mu = crit.multiple
        out += [
            Statement("wstar-critical-parallel", "wstar", "A⁻¹b = μ·W*: W* is a critical point of "
                      "Ĉ", "equal", crit.a_inv_b, Matrix(mu * data.wstar)),
            _sign("wstar-critical-role", "wstar", f"γ·μ decides: W* is a {crit.role} of Ĉ",
                  data.gamma * mu, _strict(data.gamma * mu)),
        ]
    elif crit.role == "not critical":
        i, j = _nonzero_minor(crit.a_inv_b, data.wstar)
        minor = crit.a_inv_b[i] * data.wstar[j] - crit.a_inv_b[j] * data.wstar[i]
        out.append(_sign("wstar-not-critical", "wstar", "A⁻¹b is not parallel to W* (a nonzero "
                         "2×2 minor): W* is not a critical point of Ĉ", minor, "!="))
    return out


def _nonzero_minor(u: Matrix, v: Matrix) -> tuple[int, int]:
    return next((i, j) for i in range(len(u)) for j in range(i + 1, len(u))
                if u[i] * v[j] - u[j] * v[i] != 0)


def statements(land: Landscape) -> tuple[Statement, ...]:
    """Every statement of the section, in the order of the note."""
    groups: Iterable[list[Statement]] = (
        rhs_statements(land.data), cone_statements(land), arc_statements(land),
        probability_statements(land), wedge_statements(land), degenerate_statements(land),
        w0_statements(land), wstar_statements(land))
    out = tuple(s for group in groups for s in group)
    ids = [s.id for s in out]
    if len(set(ids)) != len(ids):
        raise AssertionError("duplicate statement ids")
    return out
