"""Stage 3: establish every step, or stop the build naming the step and a counter-point.

"Checked" means (see DESIGN.md §3):

* identities in w: the difference reduces to 0 by canonical algebra (square roots of polynomials are
  replaced by symbols s with s² = P, then ``together``/``expand``/remainder mod s² - P) **and** it
  vanishes at random exact rational points (exactly, or to 50 digits when radicals remain);
* exact constants: the difference has minimal polynomial x (a proof for algebraic numbers) **and** is
  below 10⁻⁵⁰ at 60 digits;
* signs, definiteness and rounding: exact comparisons (rationals exactly, algebraic numbers by a
  60-digit evaluation whose magnitude clears the error by ten orders).

Anything undecided is a failure: nothing is counted as passed because it could not be refuted.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable, Iterable
from fractions import Fraction

import sympy as sp

from .errors import CheckFailed
from .steps import (
    Claim,
    Compare,
    Deferred,
    Equal,
    Identity,
    NonZero,
    PositiveDefinite,
    Rounds,
    Step,
    Verdict,
)

DIGITS = 60
ZERO_BELOW = sp.Float("1e-50", DIGITS)
SIGN_ABOVE = sp.Float("1e-40", DIGITS)
POINTS = 5


class Undecided(Exception):
    """An exact decision could not be made; callers turn this into a failed check."""


# -- helpers on exact numbers --------------------------------------------------------------------
def _entries(value: sp.Basic) -> list[sp.Expr]:
    return list(value) if isinstance(value, sp.MatrixBase) else [value]


def _expr(value: sp.Basic | int) -> sp.Expr:
    """sympy objects and Python ints only: text is never converted (no sympify of strings)."""
    if isinstance(value, int):
        return sp.Integer(value)
    if not isinstance(value, sp.Basic):
        raise TypeError(f"expected a sympy expression, got {type(value).__name__}")
    return value


def exact_sign(value: sp.Expr | int) -> int:
    """The sign of an exact real constant (rational or algebraic), or :class:`Undecided`."""
    value = _expr(value)
    if value.is_Rational:
        return int(sp.sign(value))
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo) or value.free_symbols:
        raise Undecided(f"{value} is not a finite constant")
    approx = value.evalf(DIGITS)
    if not approx.is_real:
        raise Undecided(f"{value} is not real")
    if abs(approx) > SIGN_ABOVE:
        return 1 if approx > 0 else -1
    if is_zero_constant(value):
        return 0
    raise Undecided(f"the sign of {value} is too close to 0 to decide")


def is_zero_constant(value: sp.Expr) -> bool:
    """Exact zero test for algebraic constants: minimal polynomial x (or a rational 0)."""
    value = sp.expand(value)
    if value.is_Rational:
        return value == 0
    x = sp.Dummy("x")
    try:
        return sp.minimal_polynomial(value, x) == x
    except (NotImplementedError, ValueError) as err:
        raise Undecided(f"no minimal polynomial for {value}: {err}") from err


def _numerically_zero(value: sp.Expr) -> bool:
    if value.is_Rational:
        return value == 0
    if value.free_symbols:
        return False
    approx = value.evalf(DIGITS)
    return bool(approx.is_number and abs(approx) < ZERO_BELOW)


def decimal_parts(text: str) -> tuple[Fraction, int]:
    """``"-1.25"`` → (Fraction(-5, 4), 2): the printed value and its number of decimals."""
    text = text.strip().replace("\N{MINUS SIGN}", "-")
    number = Fraction(text)
    decimals = len(text.split(".", 1)[1]) if "." in text else 0
    return number, decimals


def decimal_text(value: Fraction, decimals: int) -> str:
    """A rounded value with exactly ``decimals`` digits after the point (``-1.2500``)."""
    scaled = value * 10**decimals
    if scaled.denominator != 1:
        raise ValueError(f"{value} has more than {decimals} decimals")
    sign = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(decimals + 1, "0")
    return f"{sign}{digits[:-decimals]}.{digits[-decimals:]}" if decimals else f"{sign}{digits}"


def rounds_to(value: sp.Expr, printed: Fraction, decimals: int) -> bool:
    """Is ``printed`` the exact ``value`` rounded half away from zero to ``decimals`` places?"""
    half = sp.Rational(1, 2 * 10**decimals)
    q = sp.Rational(printed.numerator, printed.denominator)
    if q > 0 or (q == 0 and exact_sign(value) >= 0):
        return exact_sign(value - (q - half)) >= 0 and exact_sign(value - (q + half)) < 0
    return exact_sign(value - (q - half)) > 0 and exact_sign(value - (q + half)) <= 0


def round_half_away(value: sp.Expr, decimals: int) -> Fraction:
    """The exact value rounded half away from zero (decided exactly, see :func:`rounds_to`)."""
    approx = Fraction(str(sp.N(value, DIGITS)))
    candidate = Fraction(round(abs(approx) * 10**decimals), 10**decimals)
    candidate = candidate if approx >= 0 else -candidate
    for shift in (0, 1, -1):
        guess = candidate + Fraction(shift, 10**decimals)
        if rounds_to(value, guess, decimals):
            return guess
    raise Undecided(f"cannot round {value} to {decimals} decimals")


# -- identities with square roots ----------------------------------------------------------------
def _split_radicand(base: sp.Expr, gens: tuple[sp.Symbol, ...]) -> tuple[sp.Expr, sp.Expr]:
    """base = factor · P with P a primitive polynomial (positive leading coefficient) and
    factor = c·m where c > 0 is rational and m a monomial in the positive generators."""
    poly = sp.Poly(sp.expand(base), *gens)
    monomial, poly = poly.terms_gcd()
    content, poly = poly.primitive()
    if poly.LC() < 0:
        content, poly = -content, -poly
    if content < 0:
        raise Undecided(f"radicand {base} is negative where defined")
    factor = sp.Integer(1) * content
    inner = poly.as_expr()
    for gen, exp in zip(gens, monomial, strict=True):
        if gen.is_positive:
            factor *= gen**exp
        else:
            inner *= gen**exp
    return factor, sp.expand(inner)


def eliminate_radicals(
    expr: sp.Expr, gens: tuple[sp.Symbol, ...]
) -> tuple[sp.Expr, dict[sp.Symbol, sp.Expr]]:
    """Replace each P(w)^(k/2) by (√c·…)^k·s^k with a symbol s standing for √P (s² = P)."""
    roots: dict[sp.Expr, sp.Symbol] = {}

    def is_root(e: sp.Basic) -> bool:
        return (e.is_Pow and e.exp.is_Rational and e.exp.q == 2
                and bool(e.base.free_symbols & set(gens)))

    def replace(e: sp.Pow) -> sp.Expr:
        factor, inner = _split_radicand(e.base, gens)
        if inner not in roots:
            roots[inner] = sp.Dummy(f"s{len(roots)}", positive=True)
        return sp.sqrt(factor) ** e.exp.p * roots[inner] ** e.exp.p

    # |e| = (e²)^(1/2) and sign(e) = e·(e²)^(-1/2): with p = 1, σ(w) = c·|w1| is such a radical.
    expr = expr.replace(sp.Abs, lambda e: sp.Pow(e**2, sp.S.Half, evaluate=False))
    expr = expr.replace(sp.sign, lambda e: e * sp.Pow(e**2, -sp.S.Half, evaluate=False))
    reduced = expr.replace(is_root, replace)
    return reduced, {s: inner for inner, s in roots.items()}


def symbolic_zero(expr: sp.Expr, gens: tuple[sp.Symbol, ...]) -> bool:
    """Exact: does ``expr`` vanish identically (as an algebraic function of gens)?"""
    reduced, roots = eliminate_radicals(expr, gens)
    for s, inner in roots.items():
        reduced = _reduce_root(reduced, s, inner)
    numerator = sp.expand(sp.fraction(sp.together(reduced))[0])
    if numerator == 0:
        return True
    return bool(not numerator.free_symbols and is_zero_constant(numerator))


def _reduce_root(expr: sp.Expr, s: sp.Symbol, inner: sp.Expr) -> sp.Expr:
    """Rewrite a Laurent polynomial in s as A + B·s using s² = inner (A, B free of s).

    Folding the powers of s term by term before bringing everything over a common denominator
    halves the cost on the p = 3 gradients."""
    even: list[sp.Expr] = []
    odd: list[sp.Expr] = []
    for term in sp.Add.make_args(sp.expand(expr)):
        coeff, power = term.as_coeff_exponent(s)
        if coeff.has(s) or not power.is_Integer:
            # s inside a denominator sum: use the common-denominator route instead.
            numerator = sp.expand(sp.fraction(sp.together(expr))[0])
            return sp.expand(sp.rem(numerator, s**2 - inner, s))
        half, parity = divmod(int(power), 2)
        (odd if parity else even).append(coeff * inner**half)
    return sp.Add(*even) + sp.Add(*odd) * s


def _points(step_id: str, variables: tuple[sp.Symbol, ...], positive: tuple[sp.Symbol, ...]
            ) -> Iterable[dict[sp.Symbol, sp.Rational]]:
    # Seeded by the step id: a failure is reproducible, and every step gets its own points.
    rng = random.Random(zlib.crc32(step_id.encode()))
    while True:
        point = {}
        for v in dict.fromkeys((*variables, *positive)):
            num = rng.randint(1, 12) if v in positive or v.is_positive else rng.randint(-12, 12)
            point[v] = sp.Rational(num, rng.randint(1, 7))
        yield point


def _format_point(point: dict[sp.Symbol, sp.Expr]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in point.items())


# -- verifiers: each raises CheckFailed (or Undecided) unless the claim holds --------------------
def verify_identity(step_id: str, claim: Identity) -> None:
    diffs = [lhs - rhs for lhs, rhs in zip(_entries(claim.lhs), _entries(claim.rhs), strict=True)]
    tried = passed = 0
    for point in _points(step_id, claim.variables, claim.positive):
        if passed == POINTS:
            break
        tried += 1
        if tried > 12 * POINTS:
            raise CheckFailed(step_id, f"only {passed} of {POINTS} sample points were in the domain")
        values = [d.xreplace(point) for d in diffs]
        if any(v.has(sp.zoo, sp.nan, sp.oo, sp.I) for v in values):
            continue  # outside the domain where both sides are defined
        for value in values:
            if not _numerically_zero(value):
                raise CheckFailed(step_id, f"the two sides differ by {sp.N(value, 8)}",
                                  _format_point(point))
        passed += 1
    gens = tuple(dict.fromkeys((*claim.variables, *claim.positive)))
    if not all(symbolic_zero(d, gens) for d in diffs):
        raise CheckFailed(step_id, "the difference of the two sides does not reduce to 0")


def verify_equal(step_id: str, claim: Equal) -> None:
    for lhs, rhs in zip(_entries(claim.lhs), _entries(claim.rhs), strict=True):
        diff = _expr(lhs - rhs)
        if not _numerically_zero(diff):
            raise CheckFailed(step_id, f"the two values differ by {sp.N(diff, 8)}")
        if not is_zero_constant(diff):
            raise CheckFailed(step_id, "the difference is not exactly 0")


_RELATIONS: dict[str, Callable[[int], bool]] = {
    ">": lambda s: s > 0, "<": lambda s: s < 0, "!=": lambda s: s != 0,
    ">=": lambda s: s >= 0, "<=": lambda s: s <= 0,
}


def verify_compare(step_id: str, claim: Compare) -> None:
    if not _RELATIONS[claim.rel](exact_sign(claim.lhs - claim.rhs)):
        raise CheckFailed(step_id, f"{claim.lhs} {claim.rel} {claim.rhs} is false")


def verify_nonzero(step_id: str, claim: NonZero) -> None:
    if all(exact_sign(e) == 0 for e in claim.vector):
        raise CheckFailed(step_id, "the vector is exactly zero")


def verify_definite(step_id: str, claim: PositiveDefinite) -> None:
    matrix = claim.matrix
    if claim.kernel is not None:
        k = claim.kernel
        if not all(is_zero_constant(e) for e in matrix * k):
            raise CheckFailed(step_id, "the claimed kernel vector is not mapped to 0")
        matrix = matrix + k * k.T
    if not all(is_zero_constant(e) for e in matrix - matrix.T):
        raise CheckFailed(step_id, "the matrix is not symmetric")
    for size in range(1, matrix.rows + 1):
        minor = sp.radsimp(matrix[:size, :size].det(method="berkowitz"))
        if exact_sign(minor) <= 0:
            raise CheckFailed(step_id, f"leading principal minor {size} is {sp.N(minor, 8)} <= 0")


def verify_rounds(step_id: str, claim: Rounds) -> None:
    values = _entries(claim.value)
    if len(values) != len(claim.printed):
        raise CheckFailed(step_id, "the printed figures do not match the value's length")
    for value, text in zip(values, claim.printed, strict=True):
        printed, decimals = decimal_parts(text)
        if not rounds_to(value, printed, decimals):
            raise CheckFailed(step_id, f"{text} is not {sp.N(value, 8)} rounded to "
                                       f"{decimals} decimals")


# -- descriptions: what the PDF says about how a step was established ---------------------------
def describe(kind: type, claim: Claim | None = None) -> tuple[str, str]:
    """(method, detail) of the check a claim of this kind gets; known before the check runs."""
    if kind is Identity:
        return ("symbolic identity + sample points",
                "difference reduces to 0 (square roots replaced by s with s² = P, denominators "
                f"cleared); {POINTS} random rational points agree (exactly, or to 50 digits)")
    if kind is Equal:
        return ("exact value", "difference is exactly 0 (rational arithmetic, or minimal "
                               "polynomial x for radicals); a 60-digit evaluation agrees")
    if kind in (Compare, NonZero):
        return "exact comparison", "sign of the exact value decided exactly"
    if kind is PositiveDefinite:
        kernel = isinstance(claim, PositiveDefinite) and claim.kernel is not None
        return ("Sylvester's criterion (exact)", "M·d = 0 and M + d dᵀ has leading principal "
                "minors > 0" if kernel else "leading principal minors > 0")
    return "exact rounding", "value lies in [printed ± ½·10⁻ᵈ), decided exactly"


_VERIFIERS: dict[type, Callable[[str, Claim], None]] = {
    Identity: verify_identity,  # type: ignore[dict-item]
    Equal: verify_equal,  # type: ignore[dict-item]
    Compare: verify_compare,  # type: ignore[dict-item]
    NonZero: verify_nonzero,  # type: ignore[dict-item]
    PositiveDefinite: verify_definite,  # type: ignore[dict-item]
    Rounds: verify_rounds,  # type: ignore[dict-item]
}


def plan(step: Step) -> Verdict:
    """The verdict a step will carry if its check passes (lets rendering overlap the checks)."""
    claim = step.claim
    kind = claim.kind if isinstance(claim, Deferred) else type(claim)
    method, detail = describe(kind, None if isinstance(claim, Deferred) else claim)
    return Verdict(step.id, method, detail)


def check_step(step: Step) -> Verdict:
    claim = step.claim.build() if isinstance(step.claim, Deferred) else step.claim
    if isinstance(step.claim, Deferred) and type(claim) is not step.claim.kind:
        raise CheckFailed(step.id, f"deferred claim is a {type(claim).__name__}, "
                                   f"planned as {step.claim.kind.__name__}")
    try:
        _VERIFIERS[type(claim)](step.id, claim)
    except Undecided as err:
        raise CheckFailed(step.id, f"undecided, so not passed: {err}") from err
    return plan(step)


def check_steps(steps: Iterable[Step]) -> dict[str, Verdict]:
    """Check every step; the first failure raises :class:`CheckFailed`."""
    return {step.id: check_step(step) for step in steps}
