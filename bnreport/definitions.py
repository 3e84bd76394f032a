"""Route 1 of every check: the paper's definitions, literally (Definition 2.6, the costs of §3).

Everything here is built from the learning set as given — row by row when the rows are kept
(N ≤ ``ROW_DISPLAY_LIMIT``), otherwise from the raw sums N, Σx, XᵀX, Xᵀy, Σy, Σy² — and never from
the centred statistics or any closed form (that is :mod:`bnreport.closed`, route 2; a test keeps the
two modules from importing each other).  Derivatives stay unevaluated (``sp.Derivative``): the
checker differentiates them exactly, so no hand-derived formula enters this route.
"""

from __future__ import annotations

from fractions import Fraction
from functools import cached_property

import flint
import sympy as sp

from .model import Problem, Vector
from .notation import weights
from .radicals import affine_system, evaluate_at
from .vectors import primitive_direction


def _rat(value: Fraction | int) -> sp.Rational:
    value = Fraction(value)
    return sp.Rational(value.numerator, value.denominator)


def _dot(values: Vector, w: tuple[sp.Symbol, ...]) -> sp.Expr:
    return sp.Add(*[_rat(v) * wi for v, wi in zip(values, w, strict=True)])


class Definitions:
    """The functions of the paper on one learning set (exact sympy expressions in w)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.p = problem.p
        self.w = weights(self.p)
        self.N = sp.Integer(problem.n)
        self.gamma = _rat(problem.gamma)
        self.beta = _rat(problem.beta)
        self.has_rows = problem.rows is not None

    # -- the batch ------------------------------------------------------------------------------
    @cached_property
    def rows(self) -> list[tuple[Vector, sp.Rational]]:
        assert self.problem.rows is not None
        return [(x, _rat(y)) for x, y in self.problem.rows]

    @cached_property
    def z(self) -> list[sp.Expr]:
        """z_i = ⟨w, x_i⟩, the neuron's outputs on the batch."""
        return [_dot(x, self.w) for x, _ in self.rows]

    @cached_property
    def mu(self) -> sp.Expr:
        """μ = (1/N) Σ z_i."""
        if self.has_rows:
            return sp.Add(*self.z) / self.N
        return _dot(self.problem.stats.sum_x, self.w) / self.N

    @cached_property
    def variance(self) -> sp.Expr:
        """σ² = (1/N) Σ (z_i − μ)², the population variance (divisor N, no ε)."""
        if self.has_rows:
            return sp.Add(*[(zi - self.mu) ** 2 for zi in self.z]) / self.N
        return self._sum_zz / self.N - self.mu**2

    @cached_property
    def sigma(self) -> sp.Expr:
        return sp.sqrt(self.variance)

    @cached_property
    def _sum_zz(self) -> sp.Expr:
        """Σ z_i² = wᵀ(XᵀX)w from the raw sums (large N only)."""
        xtx, w = self.problem.stats.xtx, self.w
        return sp.Add(*[_rat(xtx[i][j]) * w[i] * w[j]
                        for i in range(self.p) for j in range(self.p)])

    @cached_property
    def phi_hat(self) -> list[sp.Expr]:
        """φ̂_w(x_i) = γ (z_i − μ)/σ + β."""
        return [self.gamma * (zi - self.mu) / self.sigma + self.beta for zi in self.z]

    # -- centred statistics, by the definition of centring ---------------------------------------
    @cached_property
    def xbar(self) -> sp.Matrix:
        """x̄ = (1/N) Σ x_i."""
        return sp.Matrix([_rat(v) for v in self.problem.stats.sum_x]) / self.N

    @cached_property
    def centred_gram(self) -> sp.Matrix:
        """Σ (x_i − x̄)(x_i − x̄)ᵀ (from the raw sums: XᵀX − N x̄x̄ᵀ)."""
        xbar = self.xbar
        if self.has_rows:
            total = sp.zeros(self.p, self.p)
            for x, _ in self.rows:
                u = sp.Matrix([_rat(v) for v in x]) - xbar
                total += u * u.T
            return total
        xtx = sp.Matrix([[_rat(v) for v in r] for r in self.problem.stats.xtx])
        return xtx - self.N * xbar * xbar.T

    @cached_property
    def centred_cross_vector(self) -> sp.Matrix:
        """Σ (x_i − x̄) y_i (from the raw sums: Xᵀy − x̄ Σy)."""
        if self.has_rows:
            total = sp.zeros(self.p, 1)
            for x, y in self.rows:
                total += (sp.Matrix([_rat(v) for v in x]) - self.xbar) * y
            return total
        stats = self.problem.stats
        return sp.Matrix([_rat(v) for v in stats.xty]) - self.xbar * _rat(stats.sum_y)

    @cached_property
    def xtx(self) -> sp.Matrix:
        """Σ x_i x_iᵀ."""
        if self.has_rows:
            total = sp.zeros(self.p, self.p)
            for x, _ in self.rows:
                u = sp.Matrix([_rat(v) for v in x])
                total += u * u.T
            return total
        return sp.Matrix([[_rat(v) for v in r] for r in self.problem.stats.xtx])

    @cached_property
    def xty(self) -> sp.Matrix:
        """Σ x_i y_i."""
        if self.has_rows:
            total = sp.zeros(self.p, 1)
            for x, y in self.rows:
                total += sp.Matrix([_rat(v) for v in x]) * y
            return total
        return sp.Matrix([_rat(v) for v in self.problem.stats.xty])

    # -- the costs ------------------------------------------------------------------------------
    @cached_property
    def C(self) -> sp.Expr:
        """C(w) = Σ (z_i − y_i)²."""
        if self.has_rows:
            return sp.Add(*[(zi - y) ** 2 for zi, (_, y) in zip(self.z, self.rows, strict=True)])
        stats = self.problem.stats
        return (self._sum_zz - 2 * _dot(stats.xty, self.w) + _rat(stats.sum_yy))

    @cached_property
    def Chat(self) -> sp.Expr:
        """Ĉ(w) = Σ (φ̂_w(x_i) − y_i)²."""
        if self.has_rows:
            return sp.Add(*[(ph - y) ** 2 for ph, (_, y) in zip(self.phi_hat, self.rows, strict=True)])
        # The same sum over N rows, expanded term by term with the raw sums:
        # Σ(γu_i/σ + β − y_i)² with u_i = z_i − μ, Σu_i² = Σz_i² − Nμ², Σu_i y_i = Σz_i y_i − μΣy_i.
        stats, g, s = self.problem.stats, self.gamma, self.sigma
        sum_uu = self._sum_zz - self.N * self.mu**2
        sum_uy = _dot(stats.xty, self.w) - self.mu * _rat(stats.sum_y)
        sum_u = _dot(stats.sum_x, self.w) - self.N * self.mu
        sum_y, sum_yy = _rat(stats.sum_y), _rat(stats.sum_yy)
        return (g**2 * sum_uu / s**2 + 2 * g * (self.beta * sum_u - sum_uy) / s
                + self.N * self.beta**2 - 2 * self.beta * sum_y + sum_yy)

    @cached_property
    def centred_cross(self) -> sp.Expr:
        """Σ (z_i − μ) y_i = ⟨w, X_cᵀy⟩, the numerator of the BN cost's only non-constant term."""
        if self.has_rows:
            return sp.Add(*[(zi - self.mu) * y for zi, (_, y) in zip(self.z, self.rows, strict=True)])
        stats = self.problem.stats
        return _dot(stats.xty, self.w) - self.mu * _rat(stats.sum_y)

    # -- derivatives (unevaluated: the checker differentiates exactly) ---------------------------
    def gradient(self, f: sp.Expr) -> sp.Matrix:
        return sp.Matrix([sp.Derivative(f, wi) for wi in self.w])

    def hessian(self, f: sp.Expr) -> sp.Matrix:
        return sp.Matrix(self.p, self.p, lambda i, j: sp.Derivative(f, self.w[i], self.w[j]))

    @cached_property
    def grad_C(self) -> sp.Matrix:
        return self.gradient(self.C)

    @cached_property
    def grad_Chat(self) -> sp.Matrix:
        return self.gradient(self.Chat)

    def at(self, value: sp.Basic, point: sp.Matrix) -> sp.Basic:
        """The exact value of a function of w (entries may be derivatives) at a rational point."""
        return evaluate_at(value, self.w, point)

    # -- the least-squares minimiser, from the definition of C -----------------------------------
    @cached_property
    def wstar(self) -> sp.Matrix:
        """The solution of ∇C(w) = 0 for the C above: its gradient is affine in w, so the system is
        read off the exact derivatives and solved exactly."""
        matrix, rhs = affine_system(list(self.grad_C), self.w)
        flat = [flint.fmpq(v.numerator, v.denominator) for row in matrix for v in row]
        solution = flint.fmpq_mat(self.p, self.p, flat).solve(
            flint.fmpq_mat(self.p, 1, [flint.fmpq(v.numerator, v.denominator) for v in rhs]))
        return sp.Matrix([sp.Rational(int(solution[i, 0].p), int(solution[i, 0].q))
                          for i in range(self.p)])

    @cached_property
    def w0(self) -> sp.Matrix:
        """The initialisation: given, or W* as in the paper."""
        if self.problem.w0 is None:
            return self.wstar
        return sp.Matrix([_rat(v) for v in self.problem.w0])

    @cached_property
    def a_inv_b(self) -> sp.Matrix:
        """A⁻¹b from the centred statistics of this route (solved once: p up to 20)."""
        return self.centred_gram.LUsolve(self.centred_cross_vector)

    @cached_property
    def direction(self) -> sp.Matrix:
        """d: the integer vector with coprime entries along sign(γ)·A⁻¹b."""
        return primitive_direction(self.a_inv_b if self.gamma > 0 else -self.a_inv_b)

