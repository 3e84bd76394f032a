"""Names, printed terms and proof certificates shared by the generators of the Coq sections.

A :class:`Ctx` is computed once from a :class:`FormalSpec`: the printed forms of ρ, L, the gradient
numerators, the LDLᵀ certificates of ρ and of the Cauchy–Schwarz gap, and small helpers that write
argument lists and disjunctions for any number p of features.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from . import coq
from .document import Block, theorem
from .linalg import LDL, Matrix, Vector, as_matrix, inverse, ldl, quad, square_free_split
from .spec import FormalSpec, Surd


def split_tac(count: int) -> str:
    """Split A1 /\\ ... /\\ A_count into exactly count goals.

    Never `repeat split`: it would also split the A_i themselves (is_derive is a conjunction)."""
    tac = "split"
    for _ in range(count - 2):
        tac = f"split; [|{tac}]"
    return tac if count > 1 else "idtac"


def conj_intro(name: str, count: int) -> str:
    """Intro pattern naming the parts of A1 /\\ ... /\\ A_count: [D1 [D2 D3]]."""
    pattern = f"{name}{count}"
    for k in reversed(range(1, count)):
        pattern = f"[{name}{k} {pattern}]"
    return pattern


def take_apart(term: str, name: str, count: int) -> str:
    """Name the parts of a proof of A1 /\\ ... /\\ A_count as name1, name2, ...

    With one part it is named as it is: `destruct` would take apart the part itself."""
    if count == 1:
        return f"pose proof {term} as {name}1"
    return f"destruct {term} as {conj_intro(name, count)}"


def subst_intro(count: int) -> str:
    """Intro pattern substituting x1 = e1 /\\ ... /\\ x_count = e_count: [-> [-> ->]]."""
    pattern = "->"
    for _ in range(count - 1):
        pattern = f"[-> {pattern}]"
    return pattern


@dataclass(frozen=True)
class Ctx:
    spec: FormalSpec

    # -- names -----------------------------------------------------------------------------------
    @property
    def p(self) -> int:
        return self.spec.p

    @cached_property
    def w(self) -> list[str]:
        return coq.weights(self.p)

    @property
    def ws(self) -> str:
        """The weights as Coq arguments: ``w1 w2 …``."""
        return " ".join(self.w)

    @cached_property
    def v(self) -> list[str]:
        return coq.weights(self.p, "v")

    @cached_property
    def a(self) -> list[str]:
        return coq.weights(self.p, "a")

    @cached_property
    def wstar(self) -> list[str]:
        return [f"Wstar{k + 1}" for k in range(self.p)]

    @cached_property
    def w0(self) -> list[str]:
        return [f"W0_{k + 1}" for k in range(self.p)]

    @cached_property
    def d(self) -> list[str]:
        return [f"d{k + 1}" for k in range(self.p)]

    @property
    def wbind(self) -> str:
        return coq.binders(self.w)

    def call(self, function: str, args: Sequence[str]) -> str:
        return coq.apply(function, args)

    def line(self, function: str, k: int, point: Sequence[str], var: str = "t") -> str:
        """fun t => F a1 .. t .. ap: the restriction of F to the k-th coordinate line through a."""
        args = [var if j == k else point[j] for j in range(self.p)]
        return f"(fun {var} => {self.call(function, args)})"

    def nonzero_others(self, k: int, point: Sequence[str]) -> str:
        """The disjunction "some coordinate other than k is nonzero" (False when p = 1)."""
        others = [f"{point[j]} <> 0" for j in range(self.p) if j != k]
        return " \\/ ".join(others) if others else "False"

    def conj_part(self, name: str, k: int, count: int) -> str:
        """The k-th conjunct (0-based) of a proof ``name`` of A1 /\\ ... /\\ A_count."""
        term = name
        for _ in range(k):
            term = f"(proj2 {term})"
        return f"(proj1 {term})" if k < count - 1 else term

    def conj(self, parts: Sequence[str]) -> str:
        return " /\\ ".join(parts)

    def disj_pattern(self, hyp: str = "H") -> str:
        """Intro pattern splitting nonzero a1 .. ap into its p cases: H, [H|H], [H|[H|H]], …"""
        pattern = hyp
        for _ in range(self.p - 1):
            pattern = f"[{hyp}|{pattern}]"
        return pattern

    def cases_nonzero(self, hyp: str = "Hnz") -> str:
        """Split a hypothesis nonzero a1 .. ap into p goals, each with H : a_k <> 0."""
        if self.p == 1:
            return f"pose proof {hyp} as H"
        return f"destruct {hyp} as {self.disj_pattern()}"

    def pick(self, k: int) -> str:
        """Tactics choosing the k-th disjunct of a p-fold disjunction (empty for p = 1)."""
        if self.p == 1:
            return "idtac"
        steps = ["right"] * k + (["left"] if k < self.p - 1 else [])
        return "; ".join(steps)

    def eqs(self, lhs: Sequence[str], rhs: Sequence[str]) -> str:
        return self.conj([f"{a} = {b}" for a, b in zip(lhs, rhs, strict=True)])

    # -- data-derived matrices and certificates --------------------------------------------------
    @cached_property
    def rho_matrix(self) -> Matrix:
        return self.spec.rho

    @cached_property
    def rho_ldl(self) -> LDL:
        return ldl(self.rho_matrix)

    @cached_property
    def rho_inverse(self) -> Matrix:
        return inverse(self.rho_matrix)

    @cached_property
    def m_rho(self) -> Fraction:
        """bᵀ M⁻¹ b = N·m/κ²: the bound of (⟨w, b⟩)² / ρ(w) by Cauchy–Schwarz."""
        return self.spec.n * self.spec.m / self.spec.scale**2

    @cached_property
    def gap_matrix(self) -> Matrix:
        b, m = self.spec.centred_xty, self.m_rho
        return as_matrix([[m * self.rho_matrix[i][j] - b[i] * b[j] for j in range(self.p)]
                          for i in range(self.p)])

    @cached_property
    def pivot(self) -> int:
        """A coordinate where d is nonzero: it goes last in the semidefinite LDLᵀ of the gap."""
        d = self.spec.direction
        return next((j for j in reversed(range(self.p)) if d[j] != 0), self.p - 1)

    @cached_property
    def gap_ldl(self) -> LDL:
        order = [j for j in range(self.p) if j != self.pivot] + [self.pivot]
        full = ldl(self.gap_matrix, order)
        # The last pivot of a rank p − 1 matrix is 0: only the first p − 1 squares are stated.
        return full

    @property
    def gap_terms(self) -> int:
        return self.p - 1

    # -- printed forms -----------------------------------------------------------------------------
    def rho_term(self, names: Sequence[str]) -> str:
        return coq.quadratic(self.rho_matrix, names)

    def linear_b(self, names: Sequence[str]) -> str:
        return coq.linear(self.spec.centred_xty, names)

    def half_grad_rho(self, k: int, names: Sequence[str]) -> str:
        """(M w)_k = ½ ∂ρ/∂w_k."""
        return coq.linear(self.rho_matrix[k], names)

    def ldl_forms(self, fact: LDL, names: Sequence[str],
                  terms: int | None = None) -> list[tuple[Fraction, str]]:
        """[(D_k, ℓ_k(names))]: the squares of a LDLᵀ written over the given coordinate terms."""
        count = len(fact.diag) if terms is None else terms
        out = []
        for k, form in enumerate(fact.forms()[:count]):
            coeffs = [Fraction(0)] * self.p
            for j, c in form:
                coeffs[j] = c
            out.append((fact.diag[k], coq.linear(coeffs, names)))
        return out

    @staticmethod
    def sos(forms: Sequence[tuple[Fraction, str]]) -> str:
        if not forms:
            return "0"
        return " + ".join(f"{coq.num(c)} * ({f}) ^ 2" for c, f in forms)

    def sos_lemmas(self, prefix: str, diag: Sequence[Fraction], part: str) -> list[Block]:
        """``prefix_nonneg`` and ``prefix_zero`` for Σ D_k u_k² over abstract u_k (D_k > 0).

        Proved once on variables, then applied to the linear forms by unification: `lra` never
        sees the expanded squares (with their large coefficients)."""
        k = len(diag)
        if k == 0:
            return []
        u = [f"u{j + 1}" for j in range(k)]
        total = self.sos(list(zip(diag, u, strict=True)))
        squares = " ".join(f"pose proof (pow2_ge_0 {x})." for x in u)
        zeros = self.conj([f"{x} = 0" for x in u])
        return [
            theorem("Lemma", f"{prefix}_nonneg", f"forall {' '.join(u)}, 0 <= {total}",
                    [f"intros. {squares} lra."], part),
            theorem("Lemma", f"{prefix}_zero", f"forall {' '.join(u)}, {total} = 0 -> {zeros}",
                    [f"intros {' '.join(u)} H. {squares}", f"{split_tac(k)}; apply sq_zero; lra."], part),
        ]

    # -- numbers at points -----------------------------------------------------------------------
    def rho_at(self, point: Vector) -> Fraction:
        return quad(self.rho_matrix, point)

    @staticmethod
    def sqrt_split(value: Fraction, radicand: int | None = None) -> tuple[Fraction, int]:
        """√value = r·√s with r ≥ 0 rational.

        With ``radicand`` given, s is that radicand whenever value / radicand is a rational square;
        otherwise (inconsistent data) the own split is returned and the proof fails, as it
        should."""
        if value < 0:
            return Fraction(0), 1
        if radicand is not None:
            root = exact_sqrt(value / radicand)
            if root is not None:
                return root, radicand
        return square_free_split(value)

    @cached_property
    def rho_star_split(self) -> tuple[Fraction, int]:
        return self.sqrt_split(self.rho_at(self.spec.wstar))

    @cached_property
    def grad_values(self) -> tuple[Surd, ...]:
        """∇Ĉ(W*) from the spec, each written over the radical of ρ(W*) (one radical for all)."""
        radicand = self.rho_star_split[1]
        return tuple(on_radicand(g, radicand) for g in self.spec.grad_chat_wstar)

    @cached_property
    def m_split(self) -> tuple[Fraction, int]:
        return self.sqrt_split(self.m_rho)

    @cached_property
    def chat_min(self) -> Surd:
        return on_radicand(self.spec.chat_min, self.m_split[1])

    @cached_property
    def chat_max(self) -> Surd:
        low = self.chat_min
        return Surd(2 * self.spec.const - low.rational, -low.coeff, low.radicand)


def exact_sqrt(value: Fraction) -> Fraction | None:
    """The rational square root of ``value``, or None when it has none."""
    if value < 0:
        return None
    num, den = math.isqrt(value.numerator), math.isqrt(value.denominator)
    if num * num == value.numerator and den * den == value.denominator:
        return Fraction(num, den)
    return None


def on_radicand(value: Surd, radicand: int) -> Surd:
    """The same number written with √radicand, when the two radicals differ by a rational factor.

    (Our square-free splits factor by trial division only, so two splits of one square class may
    leave different large squares inside the radical.)"""
    if value.coeff == 0 or value.radicand == radicand:
        return value
    factor = exact_sqrt(Fraction(value.radicand, radicand))
    if factor is None:
        return value
    return Surd(value.rational, value.coeff * factor, radicand)
