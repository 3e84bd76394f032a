"""Route 2 of every check: closed forms from the centred statistics A = XcᵀXc and b = Xcᵀy.

Nothing here reads :mod:`bnreport.definitions` (route 1); a test keeps it that way.  Linear algebra
runs on exact rationals in python-flint (``fmpq_mat``); polynomials are built term by term from
their coefficients, never by expanding products, so 20 features stay cheap.  The same object is the
source of the exact values that ``bnreport check`` decides claims with.
"""

from __future__ import annotations

import math
from fractions import Fraction
from functools import cached_property

import flint
import sympy as sp

from .model import Problem, Vector
from .notation import weights
from .vectors import dot, primitive_direction

__all__ = ["Closed", "dot", "primitive_direction", "quadratic_form", "rat"]


def rat(value: Fraction | int | flint.fmpq) -> sp.Rational:
    if isinstance(value, flint.fmpq):
        return sp.Rational(int(value.p), int(value.q))
    value = Fraction(value)
    return sp.Rational(value.numerator, value.denominator)


def col(values: Vector | list) -> sp.Matrix:
    return sp.Matrix([rat(v) for v in values])


def quadratic_form(matrix: sp.MatrixBase, w: tuple[sp.Symbol, ...]) -> sp.Expr:
    """wᵀMw for symmetric M, collected term by term (w_i w_j once, coefficient 2M_ij)."""
    n = len(w)
    terms = [matrix[i, i] * w[i] ** 2 for i in range(n)]
    terms += [2 * matrix[i, j] * w[i] * w[j] for i in range(n) for j in range(i + 1, n)]
    return sp.Add(*terms)


def _fmat(rows: list[list[Fraction]]) -> flint.fmpq_mat:
    flat = [flint.fmpq(v.numerator, v.denominator) for row in rows for v in row]
    return flint.fmpq_mat(len(rows), len(rows[0]) if rows else 0, flat)


def _from_fmat(m: flint.fmpq_mat) -> sp.Matrix:
    return sp.Matrix(m.nrows(), m.ncols(), lambda i, j: rat(m[i, j]))


def square_free_scale(q: sp.Rational) -> int:
    """Smallest positive integer k with k²·q an integer, so √(q·P) prints as √(k²q·P)/k."""
    k = 1
    for prime, exp in sp.factorint(sp.fraction(q)[1]).items():
        k *= prime ** ((exp + 1) // 2)
    return k


class Closed:
    """Closed forms and derived values of one learning set (lazily computed)."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.p = problem.p
        self.w = weights(self.p)
        self.wvec = sp.Matrix(self.w)
        self.N = sp.Integer(problem.n)
        self.gamma = rat(problem.gamma)
        self.beta = rat(problem.beta)
        self.has_rows = problem.rows is not None

    # -- statistics ------------------------------------------------------------------------------
    @cached_property
    def _centred(self) -> tuple[flint.fmpq_mat, flint.fmpq_mat]:
        s, n = self.problem.stats, self.problem.n
        p = self.p
        A = [[s.xtx[i][j] - s.sum_x[i] * s.sum_x[j] / n for j in range(p)] for i in range(p)]
        b = [[s.xty[i] - s.sum_x[i] * s.sum_y / n] for i in range(p)]
        return _fmat(A), _fmat(b)

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
    def sum_y(self) -> sp.Rational:
        return rat(self.problem.stats.sum_y)

    @cached_property
    def ybar(self) -> sp.Rational:
        return self.sum_y / self.N

    @cached_property
    def sum_yy(self) -> sp.Rational:
        return rat(self.problem.stats.sum_yy)

    @cached_property
    def A(self) -> sp.Matrix:
        """XcᵀXc: N σ(w)² = wᵀAw."""
        return _from_fmat(self._centred[0])

    @cached_property
    def b(self) -> sp.Matrix:
        """Xcᵀy: Σ(z_i − μ)y_i = ⟨w, b⟩."""
        return _from_fmat(self._centred[1])

    @cached_property
    def A_inv_b(self) -> sp.Matrix:
        return _from_fmat(self._centred[0].solve(self._centred[1]))

    # -- the plain network ---------------------------------------------------------------------
    @cached_property
    def wstar(self) -> sp.Matrix:
        """W* = (XᵀX)⁻¹Xᵀy (XᵀX is invertible: the loader refuses data where it is not)."""
        s = self.problem.stats
        return _from_fmat(_fmat([list(r) for r in s.xtx]).solve(_fmat([[v] for v in s.xty])))

    @cached_property
    def w0(self) -> sp.Matrix:
        return self.wstar if self.problem.w0 is None else col(self.problem.w0)

    @cached_property
    def z(self) -> list[sp.Expr]:
        assert self.problem.rows is not None
        return [dot(col(x), self.w) for x, _ in self.problem.rows]

    @cached_property
    def mu(self) -> sp.Expr:
        return dot(self.xbar, self.w)

    @cached_property
    def C(self) -> sp.Expr:
        """wᵀXᵀXw − 2⟨w, Xᵀy⟩ + Σy², collected."""
        return quadratic_form(self.xtx, self.w) - 2 * dot(self.xty, self.w) + self.sum_yy

    @cached_property
    def grad_C(self) -> sp.Matrix:
        return 2 * (self.xtx * self.wvec - self.xty)

    @cached_property
    def hess_C(self) -> sp.Matrix:
        return 2 * self.xtx

    @cached_property
    def C_min(self) -> sp.Rational:
        """C(W*) = Σy² − ⟨W*, Xᵀy⟩."""
        return self.sum_yy - dot(self.wstar, self.xty)

    # -- σ and the BN cost ----------------------------------------------------------------------
    @cached_property
    def quad(self) -> sp.Expr:
        """wᵀAw = N σ(w)²."""
        return quadratic_form(self.A, self.w)

    @cached_property
    def scale(self) -> sp.Integer:
        """σ = √radicand / scale with an integer-friendly radicand (the paper's ⅓√(…))."""
        entries = [self.A[i, i] for i in range(self.p)]
        entries += [2 * self.A[i, j] for i in range(self.p) for j in range(i + 1, self.p)]
        content = sp.Rational(math.gcd(*[int(e.p) for e in entries]),
                              math.lcm(*[int(e.q) for e in entries]))
        return sp.Integer(square_free_scale(content / self.N))

    @cached_property
    def radicand(self) -> sp.Expr:
        """scale²·wᵀAw/N, a polynomial with integer coefficients."""
        return quadratic_form(self.scale**2 * self.A / self.N, self.w)

    @cached_property
    def sigma(self) -> sp.Expr:
        return sp.sqrt(self.radicand) / self.scale

    @cached_property
    def const(self) -> sp.Rational:
        """The part of Ĉ that does not depend on w: Nγ² + Σ(β − y_i)²."""
        return (self.N * self.gamma**2 + self.N * self.beta**2 - 2 * self.beta * self.sum_y
                + self.sum_yy)

    @cached_property
    def linear(self) -> sp.Expr:
        """⟨w, b⟩."""
        return dot(self.b, self.w)

    @cached_property
    def Chat(self) -> sp.Expr:
        """Ĉ(w) = Nγ² + Σ(β − y_i)² − 2γ⟨w, b⟩/σ(w)."""
        return self.const - 2 * self.gamma * self.scale * self.linear / sp.sqrt(self.radicand)

    @cached_property
    def grad_numerator(self) -> sp.Matrix:
        """G(w) with ∇Ĉ(w) = G(w) / radicand^(3/2):  G = −2γ·scale·(b·R − ⟨w,b⟩·scale²·Aw/N)."""
        aw = self.A * self.wvec
        coeff = -2 * self.gamma * self.scale
        k = self.scale**2 / self.N
        return sp.Matrix([coeff * (bi * self.radicand - k * self.linear * awi)
                          for bi, awi in zip(self.b, aw, strict=True)])

    @cached_property
    def grad_Chat(self) -> sp.Matrix:
        return self.grad_numerator / self.radicand ** sp.Rational(3, 2)

    @cached_property
    def hess_Chat(self) -> sp.Matrix:
        """Symbolic Hessian of the closed form (for reviewers' claims; not used by the note)."""
        return sp.Matrix(self.p, self.p, lambda i, j: sp.diff(self.grad_Chat[i], self.w[j]))

    # -- critical points, minimisers, maximisers -------------------------------------------------
    @cached_property
    def direction(self) -> sp.Matrix:
        """d: A⁻¹b scaled to coprime integers, oriented by the sign of γ (t·d, t > 0 minimise)."""
        d = primitive_direction(self.A_inv_b)
        return d if self.gamma > 0 else -d

    @cached_property
    def d_scale(self) -> sp.Rational:
        """c with d = c·A⁻¹b (its sign is the sign of γ)."""
        i = next(k for k in range(self.p) if self.A_inv_b[k] != 0)
        return self.direction[i] / self.A_inv_b[i]

    @cached_property
    def m(self) -> sp.Rational:
        """bᵀA⁻¹b = max over w ≠ 0 of ⟨w, b⟩²/wᵀAw."""
        return dot(self.b, self.A_inv_b)

    @cached_property
    def gap_matrix(self) -> sp.Matrix:
        """M = m·A − b bᵀ: wᵀMw = m·wᵀAw − ⟨w, b⟩² ≥ 0 with kernel ℝd."""
        return self.m * self.A - self.b * self.b.T

    @cached_property
    def pairing(self) -> sp.Rational:
        """k with ⟨d, G(w)⟩ = k·wᵀMw."""
        return -2 * self.gamma * self.d_scale * self.scale**3 / self.N

    @cached_property
    def chat_min(self) -> sp.Expr:
        return self.const - 2 * abs(self.gamma) * sp.sqrt(self.N * self.m)

    @cached_property
    def chat_max(self) -> sp.Expr:
        return self.const + 2 * abs(self.gamma) * sp.sqrt(self.N * self.m)

    @cached_property
    def hess_scale(self) -> sp.Expr:
        """κ > 0 with ∇²Ĉ(d) = κ·M (and ∇²Ĉ(−d) = −κ·M)."""
        c = self.d_scale
        return 2 * abs(self.gamma) * sp.sqrt(self.N) / (c**2 * self.m ** sp.Rational(3, 2))

    # -- Lemma 4.5 at W0 (and, for the findings and claims, at any point) ------------------------
    def lemma_rhs_at(self, w0: sp.MatrixBase) -> sp.Expr:
        """‖W0 − W*‖² − (‖W*‖² − ⟨W*, W0⟩)²/‖W*‖², the right-hand side of inequality (1)."""
        ws = self.wstar
        ns = dot(ws, ws)
        return dot(w0 - ws, w0 - ws) - (ns - dot(ws, w0)) ** 2 / ns

    def t_star_at(self, w0: sp.MatrixBase) -> sp.Expr:
        """⟨W0, d⟩/‖d‖²: the multiple of d closest to W0."""
        d = self.direction
        return dot(w0, d) / dot(d, d)

    def line_distance2_at(self, w0: sp.MatrixBase) -> sp.Expr:
        """dist²(W0, ℝd) = ‖W0‖² − ⟨W0, d⟩²/‖d‖²."""
        d = self.direction
        return dot(w0, w0) - dot(w0, d) ** 2 / dot(d, d)

    @cached_property
    def lemma_rhs(self) -> sp.Rational:
        return self.lemma_rhs_at(self.w0)

    @cached_property
    def t_star(self) -> sp.Rational:
        return self.t_star_at(self.w0)

    @cached_property
    def line_distance2(self) -> sp.Rational:
        return self.line_distance2_at(self.w0)

    def multiple_of_d(self, point: sp.MatrixBase) -> sp.Rational | None:
        """s with point = s·d, or None when the point is not on the line of d (exact)."""
        d = self.direction
        s = dot(point, d) / dot(d, d)
        return s if point == s * d else None

    # -- evaluation ------------------------------------------------------------------------------
    def at(self, expr: sp.Basic, point: sp.MatrixBase) -> sp.Basic:
        """A closed form at an exact point, radicals in canonical form."""
        subs = dict(zip(self.w, list(point), strict=True))
        if isinstance(expr, sp.MatrixBase):
            return expr.applyfunc(lambda e: sp.radsimp(e.xreplace(subs)))
        return sp.radsimp(expr.xreplace(subs))
