"""The frozen, typed input of the Coq generator, and the one function that builds it from a Problem.

:func:`spec_from_problem` is the only place where the formal package meets the derivation
(:class:`bnreport.derive.Note`: closed forms and findings); everything else works on exact Fractions.  The
values taken from the derivation (W*, ∇Ĉ(W*), d, m, the minimum, the facts about Lemma 4.5) are
*claims* for Coq: the generated proofs only go through when they are right.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import InputError
from ..model import Problem, Stats
from .linalg import LDL, Matrix, Vector, as_matrix, ldl, square_free_split

if TYPE_CHECKING:
    from ..closed import Closed
    from ..derive import Note
    from ..findings import Findings


@dataclass(frozen=True)
class Surd:
    """The real number rational + coeff·√radicand (radicand a square-free positive integer)."""

    rational: Fraction
    coeff: Fraction
    radicand: int

    @property
    def is_zero(self) -> bool:
        return self.rational == 0 and self.coeff == 0


@dataclass(frozen=True)
class FormalSpec:
    """Everything the Coq file states and proves, as exact numbers.

    ``rows`` holds the learning set when it is small enough to be written out (then C and Ĉ are
    sums over the rows in Coq); otherwise it is None and Coq works on the exact sums in ``stats``,
    which bnreport computed from the file (this reduction is not checked by Coq, and the file says
    so)."""

    p: int
    n: int
    rows: tuple[tuple[Vector, Fraction], ...] | None
    stats: Stats
    gamma: Fraction
    beta: Fraction
    w0: Vector
    w0_is_wstar: bool
    # -- derived by bnreport, proved by Coq --------------------------------------------------------
    wstar: Vector                  # the minimiser of C (normal equations)
    xtx_ldl: LDL                   # XᵀX = L D Lᵀ: C(w) - C(W*) as a sum of squares
    scale: Fraction                # κ with σ(w) = √ρ(w) / κ
    rho: Matrix                    # ρ(w) = wᵀ M w, M = κ² XcᵀXc / N
    centred_xty: Vector            # b = Xcᵀy, so Σ (z_i - μ) y_i = ⟨w, b⟩
    const: Fraction                # K = Nγ² + Σ (β - y_i)²
    grad_chat_wstar: tuple[Surd, ...]
    direction: Vector              # d: its positive multiples minimise Ĉ
    m: Fraction                    # bᵀ (XcᵀXc)⁻¹ b
    chat_min: Surd
    lemma_rhs: Fraction            # right-hand side of inequality (1) at W0
    line_distance2: Fraction       # squared distance from W0 to the line of d
    lemma_applies: bool            # ⟨W0, W*⟩ > 0
    lemma_fails: bool              # every critical point of Ĉ violates (1)

    @property
    def wstar_critical(self) -> bool:
        return all(g.is_zero for g in self.grad_chat_wstar)


def surd_of(value: object) -> Surd:
    """An exact sympy number a + c·√s (s ≥ 1, at most one radical) as a :class:`Surd`."""
    import sympy as sp

    if not isinstance(value, sp.Expr):
        raise TypeError(f"expected a sympy number, got {type(value).__name__}")
    expr = sp.radsimp(sp.expand(value))
    rational_part, rest = expr.as_independent(sp.Pow, as_Add=True)
    if not rational_part.is_Rational:
        raise ValueError(f"not of the form a + c*sqrt(s): {expr}")
    rest = sp.expand(rest)
    square = sp.expand(rest**2)
    if not square.is_Rational or (rest != 0 and not (rest.is_positive or rest.is_negative)):
        raise ValueError(f"not of the form a + c*sqrt(s): {expr}")
    r, s = square_free_split(_fraction(square))
    coeff = -r if rest.is_negative else r
    if s == 1:
        return Surd(_fraction(rational_part) + coeff, Fraction(0), 1)
    return Surd(_fraction(rational_part), coeff, s)


def _fraction(value: object) -> Fraction:
    import sympy as sp

    assert isinstance(value, sp.Rational)
    return Fraction(int(value.p), int(value.q))


def spec_from_problem(problem: Problem) -> FormalSpec:
    """The spec from the closed forms and findings of ``problem`` (what a note would hold; no
    steps are needed for it: Coq checks the file on its own)."""
    from ..closed import Closed
    from ..findings import decide

    closed = Closed(problem)
    _require_wstar(closed)  # before the findings, which divide by ‖W*‖²
    return spec_from(problem, closed, decide(closed))


def spec_from_note(note: Note) -> FormalSpec:
    """The spec from the derived note (see :func:`spec_from`)."""
    return spec_from(note.problem, note.closed, note.findings)


def _require_wstar(q: Closed) -> None:
    if not any(q.wstar):
        # Xᵀy = 0: σ(W*) = 0, so Ĉ and its gradient are undefined at W* (the note needs W* ≠ 0).
        raise InputError("W* = 0 (Xᵀy = 0): the BN cost is undefined at W*, so there is nothing to "
                         "prove about it; use data where y is not orthogonal to every column of x")


def spec_from(problem: Problem, q: Closed, findings: Findings) -> FormalSpec:
    """The spec from the closed forms (the values the note displays and checks) and the findings
    (which verdict to prove).  The only coupling to the derivation."""
    p, n = problem.p, problem.n
    stats = problem.stats
    scale = _fraction(q.scale)
    a = as_matrix([[_fraction(q.A[i, j]) for j in range(p)] for i in range(p)])
    rho = as_matrix([[scale**2 * a[i][j] / n for j in range(p)] for i in range(p)])
    _require_wstar(q)
    wstar = tuple(_fraction(v) for v in q.wstar)
    grad = q.at(q.grad_Chat, q.wstar)
    return FormalSpec(
        p=p, n=n, rows=problem.rows, stats=stats, gamma=problem.gamma, beta=problem.beta,
        w0=tuple(_fraction(v) for v in q.w0), w0_is_wstar=problem.w0 is None,
        wstar=wstar, xtx_ldl=ldl(as_matrix(stats.xtx)), scale=scale, rho=rho,
        centred_xty=tuple(_fraction(v) for v in q.b), const=_fraction(q.const),
        grad_chat_wstar=tuple(surd_of(g) for g in grad),
        direction=tuple(_fraction(v) for v in q.direction), m=_fraction(q.m),
        chat_min=surd_of(q.chat_min), lemma_rhs=_fraction(q.lemma_rhs),
        line_distance2=_fraction(q.line_distance2), lemma_applies=findings.hypothesis,
        lemma_fails=findings.critical.fails,
    )
