"""The variables, the flint context and the registry of square roots and factors."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

import flint
import sympy as sp

from ..exact import Undecided

Poly = flint.fmpq_mpoly
#: At most this many sign-relevant factors (2**k cells) and distinct square roots per identity.
MAX_SIGNS = 8
MAX_ROOTS = 12


class Undefined(Exception):
    """The expression is not real (or divides by zero) everywhere on the current cell."""


class NeedSign(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class Restart(Exception):
    """The basis of constant radicands was refined: convert again from the start."""


T = TypeVar("T")
RESTARTS = 64  # each restart refines the basis of constant radicands, so this terminates


def with_restarts(gens: Sequence[sp.Symbol], attempt: Callable[[Space], T]) -> tuple[Space, T]:
    """``attempt`` on a space of ``gens``, again after each :class:`Restart`, keeping the basis
    refined so far (a fresh basis would meet the same restart every time)."""
    basis: list[int] = []
    for _ in range(RESTARTS):
        space = Space(gens)
        space.basis = basis
        try:
            return space, attempt(space)
        except Restart:
            continue
    raise Undecided("the square roots of the constants could not be separated")


@dataclass(frozen=True)
class Root:
    """u with u² = ε·poly (a polynomial factor, sign from the cell) or u² = number."""

    key: str
    poly: Poly | None
    number: int = 0


Den = dict[str, int]  # denominator: ∏ factor^exponent over registered irreducible factors
Elem = tuple[dict[int, Poly], Den]  # ({mask of roots: coefficient}, denominator)


class Space:
    """The variables, the flint context, and the registry of square roots shared by all cells."""

    def __init__(self, gens: Sequence[sp.Symbol]) -> None:
        self.gens = tuple(gens)
        self.index = {g: i for i, g in enumerate(self.gens)}
        names = tuple(f"x{i}" for i in range(len(self.gens))) or ("x0",)
        self.ctx = flint.fmpq_mpoly_ctx.get(names, "lex")
        self.roots: list[Root] = []
        self.root_of: dict[str, int] = {}
        self.factors: dict[str, Poly] = {}  # key → monic irreducible polynomial
        self.basis: list[int] = []  # pairwise coprime non-square integers
        self.fixed_signs: dict[str, int] = {}

    # -- polynomials --------------------------------------------------------------------------
    def const(self, value: Fraction | int) -> Poly:
        return self.ctx.constant(flint.fmpq(Fraction(value).numerator, Fraction(value).denominator))

    def factor_key(self, poly: Poly) -> str:
        key = str(poly)
        if key not in self.factors:
            self.factors[key] = poly
            self.fixed_signs[key] = certain_sign(poly, self)
        return key

    def root_index(self, key: str, poly: Poly | None, number: int = 0) -> int:
        if key not in self.root_of:
            if len(self.roots) >= MAX_ROOTS:
                raise Undecided(f"more than {MAX_ROOTS} distinct square roots")
            self.root_of[key] = len(self.roots)
            self.roots.append(Root(key, poly, number))
        return self.root_of[key]

    # -- constant radicands: a coprime basis of non-squares -------------------------------------
    def split_integer(self, n: int) -> tuple[int, dict[int, int]]:
        """n = s² · ∏ basis[j]^e_j exactly (n ≥ 1); may refine the basis (then :class:`Restart`)."""
        exponents: dict[int, int] = {}
        rest = n
        for j, q in enumerate(self.basis):
            g = math.gcd(rest, q)
            if g == 1:
                continue
            if g != q:
                self._refine(j, g)
            e = 0
            while rest % q == 0:
                rest //= q
                e += 1
            if math.gcd(rest, q) != 1:
                self._refine(j, math.gcd(rest, q))
            exponents[j] = e
        square = 1
        root = math.isqrt(rest)
        if root * root == rest:
            square = root
        elif rest > 1:
            self.basis.append(rest)
            exponents[len(self.basis) - 1] = 1
        return square, exponents

    def _refine(self, j: int, g: int) -> None:
        q = self.basis.pop(j)
        for part in (g, q // g):
            self._add_to_basis(part)
        raise Restart

    def _add_to_basis(self, n: int) -> None:
        while n > 1:
            root = math.isqrt(n)
            if root * root == n:
                n = root
                continue
            for j, q in enumerate(self.basis):
                g = math.gcd(n, q)
                if g > 1:
                    self.basis.pop(j)
                    for part in (g, q // g, n // g):
                        self._add_to_basis(part)
                    return
            self.basis.append(n)
            return



def certain_sign(poly: Poly, space: Space) -> int:
    """+1 (−1) when poly ≥ 0 (≤ 0) everywhere, so the other open cell is empty; else 0."""
    for s in (1, -1):
        if _nonnegative(poly * s, space):
            return s
    return 0


def _nonnegative(poly: Poly, space: Space) -> bool:
    terms = list(zip(poly.monoms(), poly.coeffs(), strict=True))
    gens = space.gens
    single = [i for i, g in enumerate(gens) if g.is_positive]
    if all(c > 0 and all(e % 2 == 0 or i in single for i, e in enumerate(m)) for m, c in terms):
        return True
    if poly.total_degree() == 2:
        return _psd_quadratic(terms, len(gens))
    return False


def _psd_quadratic(terms: list, n: int) -> bool:
    """Is the (possibly inhomogeneous) quadratic ≥ 0?  Homogenise and test the Gram matrix."""
    size = n + 1
    gram = [[Fraction(0)] * size for _ in range(size)]
    for monom, coeff in terms:
        c = Fraction(int(coeff.p), int(coeff.q))
        idx = [i for i, e in enumerate(monom) for _ in range(e)]
        idx += [n] * (2 - len(idx))
        i, j = idx
        if i == j:
            gram[i][i] += c
        else:
            gram[i][j] += c / 2
            gram[j][i] += c / 2
    return is_psd(gram)


def is_psd(matrix: list[list[Fraction]]) -> bool:
    """Exact test: symmetric rational matrix positive semidefinite (LDLᵀ with diagonal pivoting)."""
    m = [row[:] for row in matrix]
    n = len(m)
    active = list(range(n))
    while active:
        pivot = max(active, key=lambda i: m[i][i])
        if m[pivot][pivot] < 0:
            return False
        if m[pivot][pivot] == 0:
            return all(m[i][j] == 0 for i in active for j in active)
        active.remove(pivot)
        p = m[pivot][pivot]
        for i in active:
            factor = m[i][pivot] / p
            if factor:
                for j in active:
                    m[i][j] -= factor * m[pivot][j]
    return True


# -- sympy → cell elements ----------------------------------------------------------------------
