"""The input of the landscape section and the geometry of W* and d (Lemma 4.5 at every W0).

Notation (DESIGN.md §1): A = XcᵀXc, b = Xcᵀy, W* = (XᵀX)⁻¹Xᵀy, d the direction of A⁻¹b oriented so that
{t·d : t > 0} are the minimisers of Ĉ and {t·d : t < 0} its maximisers; the critical set is ℝd ∖ {0}.
With s = ‖W*‖² and c = ⟨W0, W*⟩:

* the right-hand side of inequality (1) is RHS(W0) = ‖W0‖² − c²/s = dist²(W0, ℝW*);
* the lemma *fails* at W0 when its hypothesis c > 0 holds and no optimum satisfies (1).  Under the
  reading "optima = all critical points" that is c > 0 and K(W0) > 0, with the quadratic form
  K(W0) = c²‖d‖² − ⟨W0, d⟩² s = W0ᵀ M W0 (= s‖d‖² (dist²(W0, ℝd) − dist²(W0, ℝW*)));
  under "optima = minimisers only" it is c > 0 and (⟨W0, d⟩ ≤ 0 or K(W0) > 0), which is
  c > 0 and ⟨W0, n₋⟩ > 0 because K = ⟨W0, n₋⟩⟨W0, n₊⟩ with the orthogonal normals
  n± = ‖d‖ W* ± ‖W*‖ d (bisectors of the lines ℝW* and ℝd).

Every value here is an exact sympy object; decisions on irrational constants go through
:mod:`bnreport.enclose` (guaranteed enclosures), never through floats.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import sympy as sp

from ..closed import Closed as Quantities

Reading = Literal["critical", "minimisers"]
READINGS: tuple[Reading, ...] = ("critical", "minimisers")


Matrix = sp.ImmutableMatrix


class Verdict(StrEnum):
    FAILS = "fails"
    HOLDS = "holds"
    HYPOTHESIS_FALSE = "hypothesis-false"


def optima_of(p: int, reading: Reading) -> Reading:
    """The reading whose optima are meant.  For p = 1, Ĉ is constant on each half-line, so every
    w ≠ 0 is a (non-strict) local minimiser as well as a critical point: the readings coincide.
    The one statement of this rule for the findings, the landscape and the simulation."""
    return "critical" if p == 1 else reading


class Case(StrEnum):
    GENERIC = "generic"                  # W* ∉ ℝd: the angle θ between W* and d is in (0, π)
    ON_MINIMISERS = "wstar-on-minimisers"  # W* = k·d with k > 0 (θ = 0)
    ON_MAXIMISERS = "wstar-on-maximisers"  # W* = k·d with k < 0 (θ = π)
    WSTAR_ZERO = "wstar-zero"            # W* = 0: the hypothesis ⟨W0, W*⟩ > 0 never holds


def dot(u: sp.MatrixBase, v: sp.MatrixBase) -> sp.Expr:
    return sp.expand((u.T * v)[0, 0])


# -- input --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class LandscapeInput:
    """The exact inputs this module needs, so that the lead can re-point them to checked values."""

    p: int
    N: sp.Integer
    gamma: sp.Rational
    xtx: Matrix         # XᵀX
    xty: Matrix         # Xᵀy
    xbar: Matrix        # mean input x̄
    ybar: sp.Rational   # mean target ȳ
    sum_yy: sp.Rational  # Σ yᵢ²
    chat_const: sp.Rational  # Nγ² + Σ(β − yᵢ)², the w-free part of Ĉ
    chat_range: tuple[sp.Expr, sp.Expr]  # min and max of Ĉ (the note's checked values)
    A: Matrix           # XcᵀXc
    b: Matrix           # Xcᵀy
    wstar: Matrix       # minimiser of C
    d: Matrix           # direction of the minimisers of Ĉ
    w0: Matrix          # the initialisation of the note
    grad_chat_wstar: Matrix | None  # ∇Ĉ(W*), exact (None if W* = 0, where Ĉ is undefined)


def landscape_input(q: Quantities) -> LandscapeInput:
    return LandscapeInput(
        p=q.p, N=q.N, gamma=q.gamma, xtx=Matrix(q.xtx), xty=Matrix(q.xty), xbar=Matrix(q.xbar),
        ybar=q.ybar, sum_yy=q.sum_yy, chat_const=q.const, chat_range=(q.chat_min, q.chat_max),
        A=Matrix(q.A), b=Matrix(q.b),
        wstar=Matrix(q.wstar), d=Matrix(q.direction), w0=Matrix(q.w0),
        grad_chat_wstar=None if q.wstar.is_zero_matrix else Matrix(q.at(q.grad_Chat, q.wstar)))


# -- geometry of W* and d -------------------------------------------------------------------------
@dataclass(frozen=True)
class Geometry:
    case: Case
    s: sp.Rational          # ‖W*‖²
    dd: sp.Rational         # ‖d‖²
    cross: sp.Rational      # ⟨W*, d⟩
    form: Matrix            # M = ‖d‖² W*W*ᵀ − ‖W*‖² d dᵀ, K(W0) = W0ᵀ M W0
    n_minus: Matrix         # ‖d‖ W* − ‖W*‖ d
    n_plus: Matrix          # ‖d‖ W* + ‖W*‖ d
    f: Matrix               # ‖W*‖² d − ⟨W*, d⟩ W*: in the plane of W* and d, orthogonal to W*
    k: sp.Rational | None   # W* = k·d when W* ∈ ℝd
    cos_theta: sp.Expr | None  # cos of the angle θ between W* and d (None if W* = 0)

    @property
    def theta(self) -> sp.Expr | None:
        return None if self.cos_theta is None else sp.acos(self.cos_theta)

    @property
    def signature(self) -> tuple[int, int, int]:
        """(positive, negative, zero) eigenvalues of M.  Generic: M = B diag(‖d‖², −‖W*‖²) Bᵀ
        with B = (W*, d) of rank 2, so Sylvester's law of inertia gives the signs of the two
        weights and p − 2 zeros; otherwise M = 0."""
        p = len(self.f)
        if self.case is not Case.GENERIC:
            return (0, 0, p)
        weights = (self.dd, -self.s)
        return (sum(bool(w > 0) for w in weights), sum(bool(w < 0) for w in weights), p - 2)


def geometry(data: LandscapeInput) -> Geometry:
    w, d = data.wstar, data.d
    s, dd, cross = dot(w, w), dot(d, d), dot(w, d)
    form = Matrix(dd * w * w.T - s * d * d.T)
    n_minus = Matrix(sp.sqrt(dd) * w - sp.sqrt(s) * d).applyfunc(sp.radsimp)
    n_plus = Matrix(sp.sqrt(dd) * w + sp.sqrt(s) * d).applyfunc(sp.radsimp)
    f = Matrix(s * d - cross * w)
    if s == 0:
        return Geometry(Case.WSTAR_ZERO, s, dd, cross, form, n_minus, n_plus, f, None, None)
    cos_theta = sp.radsimp(cross / (sp.sqrt(s) * sp.sqrt(dd)))
    if any(e != 0 for e in f):
        return Geometry(Case.GENERIC, s, dd, cross, form, n_minus, n_plus, f, None, cos_theta)
    k = cross / dd  # W* = k·d exactly (f = 0 says W* ∥ d)
    case = Case.ON_MINIMISERS if k > 0 else Case.ON_MAXIMISERS
    return Geometry(case, s, dd, cross, form, n_minus, n_plus, f, k, cos_theta)
