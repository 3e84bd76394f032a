"""Every mathematical object of the note, as exact sympy expressions (stage 2a: derive).

Two independent routes lead to each quantity so that the checker has something to compare:

* *definitions* follow the paper's formulas literally (row by row when the rows are kept, otherwise
  from the raw sums Σx, XᵀX, Xᵀy), e.g. ``sigma_def = sqrt((1/N) Σ (z_i - μ)²)``;
* *closed forms* are derived from the centred statistics A = XcᵀXc and b = Xcᵀy, e.g.
  ``sigma = sqrt(radicand) / scale``.

Attributes are computed lazily (``cached_property``) so that a claim that needs only μ does not pay
for the Hessian of Ĉ.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property

import sympy as sp

from .errors import InputError
from .model import Problem, Vector


def rat(value: Fraction | int) -> sp.Rational:
    value = Fraction(value)
    return sp.Rational(value.numerator, value.denominator)


def col(values: Vector) -> sp.Matrix:
    return sp.Matrix([rat(v) for v in values])


def dot(u: sp.Matrix, v: sp.Matrix) -> sp.Expr:
    return (u.T * v)[0, 0]


def primitive_direction(v: sp.Matrix) -> sp.Matrix:
    """The integer vector with coprime entries pointing the same way as the rational vector v."""
    denominators = math.lcm(*[int(sp.fraction(e)[1]) for e in v])
    ints = [int(e * denominators) for e in v]
    g = math.gcd(*ints)
    return sp.Matrix([sp.Integer(i // g) for i in ints])


def square_free_scale(q: sp.Rational) -> int:
    """Smallest positive integer d with d²·q an integer, so √(q·P) prints as √(d²q·P)/d."""
    d = 1
    for prime, exp in sp.factorint(sp.fraction(q)[1]).items():
        d *= prime ** ((exp + 1) // 2)
    return d


class Quantities:
    """Lazily derived quantities of one :class:`~bnreport.model.Problem`."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.p = problem.p
        self.w = sp.symbols(f"w1:{self.p + 1}", real=True)
        self.wvec = sp.Matrix(self.w)
        self.t = sp.Symbol("t", positive=True)
        self.N = sp.Integer(problem.n)
        self.gamma = rat(problem.gamma)
        self.beta = rat(problem.beta)

    # -- raw statistics -------------------------------------------------------------------------
    @cached_property
    def xtx(self) -> sp.Matrix:
        return sp.Matrix([[rat(v) for v in row] for row in self.problem.stats.xtx])

    @cached_property
    def xty(self) -> sp.Matrix:
        return col(self.problem.stats.xty)

    @cached_property
    def xbar(self) -> sp.Matrix:
        return col(self.problem.stats.sum_x) / self.N

    @cached_property
    def ybar(self) -> sp.Rational:
        return rat(self.problem.stats.sum_y) / self.N

    @cached_property
    def sum_yy(self) -> sp.Rational:
        return rat(self.problem.stats.sum_yy)

    @cached_property
    def A(self) -> sp.Matrix:
        """XcᵀXc: the centred Gram matrix, so that N σ(w)² = wᵀ A w."""
        return self.xtx - self.N * self.xbar * self.xbar.T

    @cached_property
    def b(self) -> sp.Matrix:
        """Xcᵀy: the centred cross moments."""
        return self.xty - self.N * self.ybar * self.xbar

    # -- rows (only for small learning sets) -----------------------------------------------------
    @property
    def has_rows(self) -> bool:
        return self.problem.rows is not None

    @cached_property
    def rows(self) -> list[tuple[sp.Matrix, sp.Rational]]:
        assert self.problem.rows is not None
        return [(col(x), rat(y)) for x, y in self.problem.rows]

    @cached_property
    def z(self) -> list[sp.Expr]:
        """The batch output z_i = ⟨w, x_i⟩ (expanded linear forms)."""
        return [sp.expand(dot(self.wvec, x)) for x, _ in self.rows]

    # -- definitions (the paper's formulas, literally) -------------------------------------------
    @cached_property
    def mu_def(self) -> sp.Expr:
        if self.has_rows:
            return sp.Add(*self.z) / self.N
        return dot(col(self.problem.stats.sum_x), self.wvec) / self.N

    @cached_property
    def var_def(self) -> sp.Expr:
        if self.has_rows:
            return sp.Add(*[(zi - self.mu_def) ** 2 for zi in self.z]) / self.N
        # Σ(z-μ)² = Σz² - Nμ², computed from XᵀX directly (not from A, which is the other route).
        return (self.wvec.T * self.xtx * self.wvec)[0, 0] / self.N - self.mu_def**2

    @cached_property
    def sigma_def(self) -> sp.Expr:
        return sp.sqrt(self.var_def)

    @cached_property
    def c_terms(self) -> list[sp.Expr]:
        return [zi - y for zi, (_, y) in zip(self.z, self.rows, strict=True)]

    @cached_property
    def C_def(self) -> sp.Expr:
        if self.has_rows:
            return sp.Add(*[term**2 for term in self.c_terms])
        wv = self.wvec
        return (wv.T * self.xtx * wv)[0, 0] - 2 * dot(wv, self.xty) + self.sum_yy

    @cached_property
    def Chat_def(self) -> sp.Expr:
        """Ĉ from Definition 2.6, term by term when rows are kept, else from the raw moments."""
        g, beta, sigma, mu = self.gamma, self.beta, self.sigma_def, self.mu_def
        if self.has_rows:
            return sp.Add(*[(g * (zi - mu) / sigma + beta - y) ** 2
                            for zi, (_, y) in zip(self.z, self.rows, strict=True)])
        # Σ(γ(z-μ)/σ + β - y)² expanded with Σ(z-μ)² = Nσ² and Σ(z-μ) = 0 written out literally.
        wv = self.wvec
        s_zz = (wv.T * self.xtx * wv)[0, 0]
        s_zy = dot(wv, self.xty)
        s_y, s_yy = self.N * self.ybar, self.sum_yy
        s_cc = s_zz - self.N * mu**2
        s_cy = s_zy - mu * s_y
        return (g**2 * s_cc / sigma**2 - 2 * g * s_cy / sigma
                + self.N * beta**2 - 2 * beta * s_y + s_yy)

    @cached_property
    def grad_C_def(self) -> sp.Matrix:
        return self.gradient(self.C_def)

    @cached_property
    def grad_Chat_def(self) -> sp.Matrix:
        return self.gradient(self.Chat_def)

    # -- closed forms ----------------------------------------------------------------------------
    @cached_property
    def mu(self) -> sp.Expr:
        return sp.expand(dot(self.xbar, self.wvec))

    @cached_property
    def quad(self) -> sp.Expr:
        """wᵀ A w = N σ(w)²."""
        return sp.expand((self.wvec.T * self.A * self.wvec)[0, 0])

    @cached_property
    def scale(self) -> sp.Integer:
        """σ = √radicand / scale with an integer-friendly radicand (the paper's 1/3 √(…))."""
        content = sp.Poly(self.quad, *self.w).content() if self.quad != 0 else sp.Integer(1)
        if content == 0:
            raise InputError("σ(w) is 0 for every w: all rows of x are equal; use varied data")
        return sp.Integer(square_free_scale(sp.Rational(content) / self.N))

    @cached_property
    def radicand(self) -> sp.Expr:
        return sp.expand(self.scale**2 * self.quad / self.N)

    @cached_property
    def sigma(self) -> sp.Expr:
        return sp.sqrt(self.radicand) / self.scale

    @cached_property
    def C(self) -> sp.Expr:
        return sp.expand(self.C_def)

    @cached_property
    def grad_C(self) -> sp.Matrix:
        return 2 * (self.xtx * self.wvec - self.xty)

    @cached_property
    def hess_C(self) -> sp.Matrix:
        return 2 * self.xtx

    @cached_property
    def wstar(self) -> sp.Matrix:
        """The least-squares minimiser from the normal equations XᵀX W* = Xᵀy."""
        if self.xtx.det() == 0:
            raise InputError("XᵀX is singular: the minimiser W* of C is not unique; "
                             "use data whose feature columns are linearly independent")
        return self.xtx.LUsolve(self.xty)

    @cached_property
    def w0(self) -> sp.Matrix:
        if self.problem.w0 is None:
            return self.wstar
        return col(self.problem.w0)

    @cached_property
    def const(self) -> sp.Expr:
        """The part of Ĉ that does not depend on w: Nγ² + Σ(β - y_i)²."""
        s_y = self.N * self.ybar
        return self.N * self.gamma**2 + self.N * self.beta**2 - 2 * self.beta * s_y + self.sum_yy

    @cached_property
    def linear(self) -> sp.Expr:
        """wᵀ b = ⟨w, Xcᵀy⟩."""
        return sp.expand(dot(self.wvec, self.b))

    @cached_property
    def centred_terms(self) -> list[sp.Expr]:
        """scale·(z_i - μ): the paper's numerators such as -w1 - 3w2."""
        return [sp.expand(self.scale * (zi - self.mu)) for zi in self.z]

    @cached_property
    def phi_hat(self) -> list[sp.Expr]:
        root = sp.sqrt(self.radicand)
        return [self.gamma * u / root + self.beta for u in self.centred_terms]

    @cached_property
    def Chat_terms(self) -> list[sp.Expr]:
        """The summands φ̂_w(x_i) - y_i of Ĉ (the paper's three-term form)."""
        return [ph - y for ph, (_, y) in zip(self.phi_hat, self.rows, strict=True)]

    @cached_property
    def Chat(self) -> sp.Expr:
        """Compact form: Nγ² + Σ(β-y_i)² - 2γ·scale·⟨w, b⟩/√radicand (sqrt N absorbed in scale)."""
        return self.const - 2 * self.gamma * self.scale * self.linear / sp.sqrt(self.radicand)

    @cached_property
    def grad_numerator(self) -> sp.Matrix:
        """G(w) with ∇Ĉ(w) = G(w) / radicand^(3/2); G is a vector of quadratic forms."""
        half_grad = sp.Matrix([sp.diff(self.radicand, wi) / 2 for wi in self.w])
        coeff = -2 * self.gamma * self.scale
        return (coeff * (self.b * self.radicand - self.linear * half_grad)).applyfunc(sp.expand)

    @cached_property
    def grad_Chat(self) -> sp.Matrix:
        return self.grad_numerator / self.radicand ** sp.Rational(3, 2)

    @cached_property
    def hess_Chat(self) -> sp.Matrix:
        return sp.Matrix(self.p, self.p, lambda i, j: sp.diff(self.grad_Chat[i], self.w[j]))

    # -- the minimisers of Ĉ ---------------------------------------------------------------------
    @cached_property
    def direction(self) -> sp.Matrix:
        """A⁻¹b scaled to coprime integers, oriented so that its positive multiples minimise Ĉ."""
        d = primitive_direction(self.A.LUsolve(self.b))
        return d if self.gamma > 0 else -d

    @cached_property
    def m(self) -> sp.Rational:
        """bᵀA⁻¹b, the maximum of (wᵀb)² / (wᵀAw)."""
        return dot(self.b, self.A.LUsolve(self.b))

    @cached_property
    def chat_min(self) -> sp.Expr:
        return self.const - 2 * abs(self.gamma) * sp.sqrt(self.N * self.m)

    @cached_property
    def critical_numerator(self) -> sp.Matrix:
        """H(w) = (wᵀAw) b - (wᵀb) A w: ∇Ĉ(w) = 0 exactly when H(w) = 0."""
        return (self.quad * self.b - self.linear * self.A * self.wvec).applyfunc(sp.expand)

    @cached_property
    def gap(self) -> sp.Expr:
        """m·wᵀAw - (wᵀb)²  ≥ 0 (Cauchy–Schwarz in the A inner product), 0 only on the line of d."""
        return sp.expand(self.m * self.quad - self.linear**2)

    @cached_property
    def gap_matrix(self) -> sp.Matrix:
        return self.m * self.A - self.b * self.b.T

    @cached_property
    def ray_form(self) -> sp.Expr:
        """For p = 2: d2·w1 - d1·w2, whose zero set is the line of critical points."""
        d = self.direction
        return d[1] * self.w[0] - d[0] * self.w[1]

    # -- evaluation helpers ----------------------------------------------------------------------
    def at(self, expr: sp.Basic, point: sp.Matrix) -> sp.Basic:
        """Substitute a point for w (exact)."""
        subs = dict(zip(self.w, list(point), strict=True))
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(lambda e: sp.radsimp(e.xreplace(subs)))
        return sp.radsimp(expr.xreplace(subs))

    def gradient(self, expr: sp.Expr) -> sp.Matrix:
        return sp.Matrix([sp.diff(expr, wi) for wi in self.w])

    def hessian(self, expr: sp.Expr) -> sp.Matrix:
        return sp.hessian(expr, self.w)

    # -- Lemma 4.5 ---------------------------------------------------------------------------------
    @cached_property
    def lemma_rhs(self) -> sp.Rational:
        w0, ws = self.w0, self.wstar
        ns = dot(ws, ws)
        return dot(w0 - ws, w0 - ws) - (ns - dot(ws, w0)) ** 2 / ns

    @cached_property
    def line_distance2(self) -> sp.Rational:
        """Squared distance from W0 to the line of critical points of Ĉ."""
        w0, d = self.w0, self.direction
        return dot(w0, w0) - dot(w0, d) ** 2 / dot(d, d)

    # -- facts that decide how the note argues (exact rational comparisons) ---------------------
    def _on_critical_line(self, point: sp.Matrix) -> bool:
        d = self.direction
        return point != sp.zeros(self.p, 1) and dot(point, point) * dot(d, d) == dot(point, d) ** 2

    @cached_property
    def w0_critical(self) -> bool:
        return self._on_critical_line(self.w0)

    @cached_property
    def wstar_critical(self) -> bool:
        return self._on_critical_line(self.wstar)

    @cached_property
    def lemma_applies(self) -> bool:
        """The hypothesis ⟨W0, W*⟩ > 0 of Lemma 4.5."""
        return bool(dot(self.w0, self.wstar) > 0)

    @cached_property
    def lemma_fails(self) -> bool:
        """Every critical point of Ĉ violates inequality (1) although its hypothesis holds."""
        return self.lemma_applies and bool(self.line_distance2 > self.lemma_rhs)
