"""The kinds of checked fact, each owning its check and the words that describe the check.

One class per kind; ``verify`` is the only place a kind is decided and ``method``/``detail`` the only
place it is described (in the PDF and in ``snippets/index.json``).  A failed check raises
:class:`Refuted`; an undecidable one raises :class:`~bnreport.exact.Undecided` — both stop the build.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from typing import ClassVar

import sympy as sp

from . import exact
from .radicals import PointEvaluator, Undefined, compare_cells

#: Random rational points at which every identity is also evaluated exactly.
POINTS = 5


class Refuted(Exception):
    """The fact is false; ``point`` names a counter-point when there is one."""

    def __init__(self, reason: str, point: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.point = point


def entries(value: sp.Basic) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _variables(*values: sp.Basic) -> tuple[sp.Symbol, ...]:
    found: set[sp.Symbol] = set()
    for value in values:
        for e in entries(value):
            found |= e.free_symbols
    return tuple(sorted(found, key=lambda s: (not s.is_positive, s.name)))


# -- identities -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Identity:
    """lhs = rhs for every value of the free symbols where both sides are defined (real, finite).

    Symbols declared positive (the scale t) range over t > 0; the weights over ℝᵖ."""

    lhs: sp.Basic
    rhs: sp.Basic
    seed: str = ""

    method: ClassVar[str] = "exact identity + sample points"

    def detail(self) -> str:
        return ("both sides in canonical form over ℚ(w)[√f₁, …] on every sign cell (square roots "
                "named u with u² = |f|, f irreducible), coefficients equal; "
                f"{POINTS} random rational points agree exactly")

    def verify(self) -> None:
        lhs, rhs = entries(self.lhs), entries(self.rhs)
        if len(lhs) != len(rhs):
            raise Refuted(f"the sides have {len(lhs)} and {len(rhs)} entries")
        gens = _variables(self.lhs, self.rhs)
        self._sample(gens)
        space, outcomes = compare_cells(lhs, rhs, gens)
        if not any(equal is not None for _, equal in outcomes):
            raise Refuted("the two sides are nowhere both defined")
        for cell, equal in outcomes:
            if equal is False:
                from .radicals import cell_description
                raise Refuted("the two sides are different functions",
                              f"the region {cell_description(space, cell)}")

    def _sample(self, gens: tuple[sp.Symbol, ...]) -> None:
        sides = [_Side(v, gens) for v in (self.lhs, self.rhs)]
        passed = 0
        # Seeded by the claim's own label (never by printing the expressions: they can be huge).
        seed = self.seed or ",".join(g.name for g in gens)
        for tried, point in enumerate(_points(seed, gens)):
            if passed == POINTS:
                return
            if tried >= 12 * POINTS:
                raise Refuted(f"only {passed} of {POINTS} sample points were in the domain")
            try:
                left, right = (side.at(point) for side in sides)
            except Undefined:
                continue
            if left is None or right is None:
                continue
            for a, b in zip(entries(left), entries(right), strict=True):
                if exact.sign(a - b) != 0:
                    where = ", ".join(f"{g} = {v}" for g, v in zip(gens, point, strict=True))
                    raise Refuted(f"the two sides differ by about {float(exact.approx(a - b)):.6g}",
                                  where)
            passed += 1


def _points(seed: str, gens: tuple[sp.Symbol, ...]) -> Iterator[tuple[Fraction, ...]]:
    # Seeded by the claim: a failure is reproducible, and each claim gets its own points.
    rng = random.Random(zlib.crc32(seed.encode()))
    while True:
        yield tuple(Fraction(rng.randint(1, 12) if g.is_positive else rng.randint(-12, 12),
                             rng.randint(1, 7)) for g in gens)


class _Side:
    """Exact values of one side at rational points: sympy's own substitution, or exact
    differentiation where the side holds unevaluated derivatives.  None where it is not real."""

    def __init__(self, value: sp.Basic, gens: tuple[sp.Symbol, ...]) -> None:
        self.value, self.gens = value, gens
        derivatives = any(e.has(sp.Derivative) for e in entries(value))
        self.evaluator = PointEvaluator(value, gens) if derivatives else None

    def at(self, point: tuple[Fraction, ...]) -> sp.Basic | None:
        exact_point = [sp.Rational(v.numerator, v.denominator) for v in point]
        if self.evaluator is not None:
            return self.evaluator(exact_point)
        result = self.value.xreplace(dict(zip(self.gens, exact_point, strict=True)))
        for e in entries(result):
            if e.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
                return None
        return result


# -- exact constants --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Equal:
    """Two exact constants (numbers, vectors or matrices, possibly with radicals) are equal."""

    lhs: sp.Basic
    rhs: sp.Basic

    method: ClassVar[str] = "exact value"

    def detail(self) -> str:
        return ("the difference is exactly 0 (rational arithmetic; radicals in canonical form, else "
                "by the minimal polynomial)")

    def verify(self) -> None:
        lhs, rhs = entries(self.lhs), entries(self.rhs)
        if len(lhs) != len(rhs):
            raise Refuted(f"the sides have {len(lhs)} and {len(rhs)} entries")
        for a, b in zip(lhs, rhs, strict=True):
            if exact.sign(a - b) != 0:
                raise Refuted(f"the two values differ by about {float(exact.approx(a - b)):.6g}")


_RELATIONS = {">": lambda s: s > 0, "<": lambda s: s < 0, ">=": lambda s: s >= 0,
              "<=": lambda s: s <= 0, "!=": lambda s: s != 0}


@dataclass(frozen=True)
class Compare:
    """An exact comparison ``lhs rel rhs`` of real constants, rel in > < >= <= !=."""

    lhs: sp.Basic
    rel: str
    rhs: sp.Basic

    method: ClassVar[str] = "rigorous sign"

    def detail(self) -> str:
        return ("sign of the exact difference: rationals exactly; algebraic numbers by interval "
                "arithmetic with outward-rounded rational bounds, refined until 0 is excluded, or "
                "an exact zero test")

    def verify(self) -> None:
        if not _RELATIONS[self.rel](exact.compare(self.lhs, self.rhs)):
            raise Refuted(f"{sp.sstr(self.lhs)} {self.rel} {sp.sstr(self.rhs)} is false")


@dataclass(frozen=True)
class NonZero:
    """An exact vector (or number) is not zero."""

    value: sp.Basic

    method: ClassVar[str] = "rigorous sign"
    detail = Compare.detail

    def verify(self) -> None:
        if all(exact.sign(e) == 0 for e in entries(self.value)):
            raise Refuted("the value is exactly zero")


@dataclass(frozen=True)
class Definite:
    """A symmetric exact matrix is positive definite (``sign`` = 1) or negative definite (−1); with
    ``kernel``: semidefinite with kernel exactly the span of that vector."""

    matrix: sp.MatrixBase
    sign: int = 1
    kernel: sp.MatrixBase | None = None

    method: ClassVar[str] = "Sylvester's criterion (exact)"

    def detail(self) -> str:
        if self.kernel is not None:
            return "M·d = 0 exactly and M + d dᵀ has leading principal minors > 0 (rigorous signs)"
        return "leading principal minors > 0, signs decided rigorously"

    def verify(self) -> None:
        matrix = self.sign * self.matrix
        scale, rational = _common_scale(matrix)
        if rational is not None:
            # κ·R with R rational (e.g. the Hessian of Ĉ on the ray): sign of κ, then R exactly.
            if exact.sign(scale) <= 0:
                raise Refuted("the matrix is not positive (semi)definite: its scale is not > 0")
            self._verify_rational(rational)
            return
        if not all(exact.sign(a - b) == 0 for a, b in zip(matrix, matrix.T, strict=True)):
            raise Refuted("the matrix is not symmetric")
        if self.kernel is not None:
            k = self.kernel
            if any(exact.sign(e) != 0 for e in matrix * k):
                raise Refuted("the claimed kernel vector is not mapped to 0")
            matrix = matrix + k * k.T
        for size in range(1, matrix.rows + 1):
            minor = matrix[:size, :size].det(method="berkowitz")
            if exact.sign(minor) <= 0:
                raise Refuted(f"leading principal minor {size} is "
                              f"{float(exact.approx(minor)):.6g} <= 0")

    def _verify_rational(self, m: list[list[Fraction]]) -> None:
        n = len(m)
        if any(m[i][j] != m[j][i] for i in range(n) for j in range(i)):
            raise Refuted("the matrix is not symmetric")
        if self.kernel is not None:
            k = [Fraction(int(v.p), int(v.q)) for v in self.kernel]
            if any(sum(m[i][j] * k[j] for j in range(n)) for i in range(n)):
                raise Refuted("the claimed kernel vector is not mapped to 0")
            m = [[m[i][j] + k[i] * k[j] for j in range(n)] for i in range(n)]
        if not is_positive_definite(m):
            raise Refuted("a leading principal minor is <= 0")


def _common_scale(matrix: sp.MatrixBase) -> tuple[sp.Expr, list[list[Fraction]] | None]:
    """(κ, R) with matrix = κ·R and R rational, when every entry is a rational multiple of one
    entry (exact ratios); else (1, None)."""
    pivot = next((e for e in matrix if e != 0), None)
    if pivot is None:
        return sp.Integer(1), [[Fraction(0)] * matrix.cols for _ in range(matrix.rows)]
    ratios = [sp.radsimp(e / pivot) for e in matrix]
    if not all(r.is_Rational for r in ratios):
        return sp.Integer(1), None
    rows = [[Fraction(int(r.p), int(r.q)) for r in ratios[i * matrix.cols:(i + 1) * matrix.cols]]
            for i in range(matrix.rows)]
    return pivot, rows


def is_positive_definite(matrix: list[list[Fraction]]) -> bool:
    """Exact: LDLᵀ without pivoting succeeds with every pivot > 0 (Sylvester's criterion)."""
    m = [row[:] for row in matrix]
    n = len(m)
    for k in range(n):
        if m[k][k] <= 0:
            return False
        for i in range(k + 1, n):
            factor = m[i][k] / m[k][k]
            for j in range(k, n):
                m[i][j] -= factor * m[k][j]
    return True


@dataclass(frozen=True)
class Rounds:
    """Each printed decimal is the exact value rounded half away from zero to its own decimals."""

    value: sp.Basic
    printed: tuple[str, ...]

    method: ClassVar[str] = "exact rounding"

    def detail(self) -> str:
        return "the exact value lies in [printed ± ½·10⁻ᵈ), decided by rigorous signs"

    def verify(self) -> None:
        values = entries(self.value)
        if len(values) != len(self.printed):
            raise Refuted("the printed figures do not match the value's length")
        for value, text in zip(values, self.printed, strict=True):
            printed, decimals = exact.decimal_parts(text)
            if not exact.rounds_to(value, printed, decimals):
                raise Refuted(f"{text} is not {float(exact.approx(value)):.8g} rounded to "
                              f"{decimals} decimals")




@dataclass(frozen=True)
class Covers:
    """A simulated frequency's guaranteed-coverage interval contains the exact probability."""

    estimate: object  # bnreport.simulate.Estimate (imported lazily: numpy is not needed elsewhere)
    alpha: Fraction

    method: ClassVar[str] = "simulation interval"

    def detail(self) -> str:
        return (f"Hoeffding interval of coverage at least 1 - {self.alpha} contains the exact "
                "probability, decided with rigorous enclosures")

    def verify(self) -> None:
        from .simulate import covers

        if not covers(self.estimate, self.alpha):  # type: ignore[arg-type]
            raise Refuted("the exact probability lies outside the simulation's interval")


Fact = Identity | Equal | Compare | NonZero | Definite | Rounds | Covers
