"""Rigorous decisions on exact real constants: sign, zero, comparison, rounding.

A plain ``evalf`` is not a bound: at 60 digits it returns ``-0.e+9`` for √(10⁴⁰⁰+1) − 10²⁰⁰, whose
true value is about +5·10⁻²⁰¹.  Here every decision comes from one of two places:

* an *enclosure*: the constant evaluated in interval arithmetic whose endpoints are exact rationals,
  rounded outward after every operation (so the true value is always inside), refined until zero is
  excluded;
* an *exact zero test*: canonical forms for ℚ-linear combinations of square roots of rationals
  (linearly independent over ℚ), else the minimal polynomial.

A nonzero constant is always decided by refinement (up to :data:`MAX_PREC` bits); an exact zero is
decided by the zero test.  Anything else raises :class:`Undecided`, which every caller treats as a
failure — never as a pass.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from mpmath import iv, libmp

#: Working precisions (bits) tried in turn; 2**16 bits ≈ 19,700 decimal digits.
FIRST_PREC = 64
MAX_PREC = 2**16
#: The precisions a caller refining its own enclosure tries (bits).
PRECISIONS = (64, 256, 1024, 4096)
#: Constants with atan/acos have no exact zero test; an exact zero among them stays undecided.
MAX_TRANSCENDENTAL_PREC = 2**12


class Undecided(Exception):
    """No rigorous decision could be made; callers turn this into a failed check or an error."""


class _Imprecise(Exception):
    """The enclosure is too wide for this operation (e.g. a divisor containing 0): refine."""


# -- outward-rounded rational intervals ---------------------------------------------------------
def _round(x: Fraction, prec: int, up: bool) -> Fraction:
    """x rounded to ``prec`` significant bits, downward or upward (exact when x is short)."""
    n, d = x.numerator, x.denominator
    if n == 0 or (d & (d - 1) == 0 and n.bit_length() <= prec):
        return x
    shift = prec - (abs(n).bit_length() - d.bit_length())
    if shift >= 0:
        q, r = divmod(n << shift, d)
    else:
        q, r = divmod(n, d << -shift)
    if r and up:
        q += 1
    return Fraction(q, 1 << shift) if shift >= 0 else Fraction(q << -shift)


@dataclass(frozen=True)
class Interval:
    lo: Fraction
    hi: Fraction

    @staticmethod
    def exact(value: Fraction) -> Interval:
        return Interval(value, value)

    def rounded(self, prec: int) -> Interval:
        return Interval(_round(self.lo, prec, up=False), _round(self.hi, prec, up=True))

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __mul__(self, other: Interval) -> Interval:
        products = (self.lo * other.lo, self.lo * other.hi, self.hi * other.lo, self.hi * other.hi)
        return Interval(min(products), max(products))

    def inverse(self) -> Interval:
        if self.lo <= 0 <= self.hi:
            raise _Imprecise
        return Interval(1 / self.hi, 1 / self.lo)

    def power(self, n: int) -> Interval:
        if n < 0:
            return self.power(-n).inverse()
        ends = (self.lo**n, self.hi**n)
        if n % 2 == 0 and self.lo < 0 < self.hi:
            return Interval(Fraction(0), max(ends))
        return Interval(min(ends), max(ends))

    def root(self, q: int, prec: int) -> Interval:
        """The real q-th root (q ≥ 2), rounded outward to ``prec`` bits."""
        if self.hi < 0 and q % 2 == 0:
            raise Undecided("the square root of a negative number is not real")
        if self.lo < 0 and q % 2 == 0:
            raise _Imprecise  # sign of the radicand not known yet
        if q % 2 == 1 and self.lo < 0:
            negative = Interval(-self.hi, -self.lo).root(q, prec)
            return Interval(-negative.hi, -negative.lo)
        if q > 2 and q % 2 == 0:
            # x^(1/2^k) as k square roots: a direct bound would scale x by 2^(prec·q) bits
            return self.root(2, prec + 4).root(q // 2, prec)
        return Interval(_root_bound(self.lo, q, prec, up=False), _root_bound(self.hi, q, prec, up=True))

    def absolute(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return Interval(-self.hi, -self.lo)
        return Interval(Fraction(0), max(-self.lo, self.hi))


def _iroot(n: int, q: int) -> int:
    """⌊n^(1/q)⌋ for n ≥ 0 (integer Newton iteration)."""
    if n < 2:
        return n
    if q == 2:
        return math.isqrt(n)
    # An upper bound close to the root: Newton from 2^ceil(bits/q) needs about q·ln 2 steps
    # before it converges quadratically (minutes for q = 997); from a float estimate, a few.
    bits = n.bit_length()
    top = n >> max(bits - 64, 0)
    log2 = math.log2(top) + max(bits - 64, 0)
    x = int(2 ** (log2 / q + 1e-9)) + 2 if log2 / q < 1000 else 1 << -(-bits // q)
    while True:
        y = ((q - 1) * x + n // x ** (q - 1)) // q
        if y >= x:
            break
        x = y
    while x**q > n:
        x -= 1
    while (x + 1) ** q <= n:
        x += 1
    return x


def _root_bound(x: Fraction, q: int, prec: int, up: bool) -> Fraction:
    """A dyadic lower (or upper) bound of x^(1/q), x ≥ 0, with about ``prec`` significant bits."""
    if x == 0:
        return x
    magnitude = (x.numerator.bit_length() - x.denominator.bit_length()) // q
    k = max(prec - magnitude, 0) + 2
    scaled = x * (1 << (k * q))  # x·2^(kq): its q-th root is x^(1/q)·2^k
    floor_scaled = scaled.numerator // scaled.denominator
    r = _iroot(floor_scaled, q)
    if up and (r**q != scaled):
        r += 1
    return Fraction(r, 1 << k)


def _pi(prec: int) -> Interval:
    """π from Machin's formula with alternating-series remainder bounds."""
    def arctan_inv(n: int) -> Interval:  # arctan(1/n) for n ≥ 2
        terms, k, total = prec // 2 + 8, 0, Fraction(0)
        while k < terms:
            total += Fraction((-1) ** k, (2 * k + 1) * n ** (2 * k + 1))
            k += 1
        tail = Fraction(1, (2 * k + 1) * n ** (2 * k + 1))
        return Interval(total - tail, total + tail)

    a, b = arctan_inv(5), arctan_inv(239)
    return Interval(16 * a.lo - 4 * b.hi, 16 * a.hi - 4 * b.lo).rounded(prec)


def _to_iv(box: Interval) -> iv.mpf:
    low = iv.mpf(box.lo.numerator) / iv.mpf(box.lo.denominator)
    high = iv.mpf(box.hi.numerator) / iv.mpf(box.hi.denominator)
    return iv.mpf([low.a, high.b])


def iv_endpoints(x: iv.mpf) -> tuple[Fraction, Fraction]:
    """The exact (binary) endpoints of an mpmath interval, as Fractions."""
    low, high = x._mpi_
    return Fraction(*libmp.to_rational(low)), Fraction(*libmp.to_rational(high))


def _transcendental(expr: sp.Basic, prec: int) -> Interval:
    """atan, acos, atan2 through mpmath's interval context, whose every operation rounds outward;
    the arguments' enclosures come from our own arithmetic, the endpoints return as rationals."""
    args = [enclose(a, prec) for a in expr.args]
    saved = iv.prec
    iv.prec = prec + 8
    try:
        x = [_to_iv(a) for a in args]
        if isinstance(expr, sp.atan):
            result = iv.atan2(x[0], iv.mpf(1))
        elif isinstance(expr, sp.atan2):
            if args[1].lo <= 0 <= args[1].hi and args[0].lo <= 0 <= args[0].hi:
                raise _Imprecise
            result = iv.atan2(x[0], x[1])
        else:  # acos(x) = atan2(√(1 − x²), x) on [−1, 1]
            box = args[0]
            if box.hi < -1 or box.lo > 1:
                raise Undecided("acos of a number outside [-1, 1]")
            if box.lo < -1 or box.hi > 1:
                raise _Imprecise
            square = box.power(2)
            one_minus = Interval(1 - square.hi, 1 - square.lo)
            result = iv.atan2(iv.sqrt(_to_iv(one_minus)), x[0])
        return Interval(*iv_endpoints(result))
    finally:
        iv.prec = saved


def enclose(expr: sp.Basic, prec: int) -> Interval:
    """An interval with rational endpoints that contains the real constant ``expr``."""
    if expr.is_Rational:
        return Interval.exact(Fraction(int(expr.p), int(expr.q)))
    if expr is sp.pi:
        return _pi(prec)
    if isinstance(expr, sp.Add):
        total = Interval.exact(Fraction(0))
        for arg in expr.args:
            total = total + enclose(arg, prec)
        return total.rounded(prec)
    if isinstance(expr, sp.Mul):
        product = Interval.exact(Fraction(1))
        for arg in expr.args:
            product = (product * enclose(arg, prec)).rounded(prec)
        return product
    if isinstance(expr, sp.Pow) and expr.exp.is_Rational:
        base = enclose(expr.base, prec)
        p, q = int(expr.exp.p), int(expr.exp.q)
        if q > 1:
            base = base.root(q, prec)
        return base.power(p).rounded(prec)
    if isinstance(expr, sp.Abs):
        return enclose(expr.args[0], prec).absolute()
    if isinstance(expr, sp.atan | sp.acos | sp.atan2):
        return _transcendental(expr, prec)
    if expr.is_Symbol or expr.free_symbols:
        raise Undecided(f"{expr} is not a constant")
    if expr.has(sp.I) or expr in (sp.zoo, sp.nan, sp.oo, -sp.oo):
        raise Undecided(f"{expr} is not a finite real number")
    raise Undecided(f"cannot bound {type(expr).__name__} rigorously")


# -- exact zero test ----------------------------------------------------------------------------
#: sympy takes square factors out of √n by trial division up to 2¹⁵, so √n is square-free (the
#: surds' linear independence applies) only when n < 2³⁰; larger radicands go to the minimal
#: polynomial.  Found by review: √(p²q) with p ≈ 10⁶ stayed unsimplified and was called nonzero.
SQUARE_FREE_BELOW = 2**30


def _is_surd_term(term: sp.Expr) -> bool:
    """q·√s with q rational and s a positive square-free integer (sympy's canonical surd)."""
    coeff, rest = term.as_coeff_Mul()
    if rest == 1:
        return True
    return (isinstance(rest, sp.Pow) and rest.exp == sp.S.Half and rest.base.is_Integer
            and 1 < rest.base < SQUARE_FREE_BELOW and coeff.is_Rational)


def surd_zero(value: sp.Expr, *, radsimp: bool = True) -> bool | None:
    """The fast path of :func:`is_zero` alone: decided when ``value`` reduces to a ℚ-combination
    of square roots of integers, None otherwise (then only a minimal polynomial decides);
    ``radsimp=False`` skips the dearest rewrite."""
    # Cheapest first: expand alone (no root left in a denominator), then the numerator over a
    # common denominator (value = n/d with d ≠ 0, as value is finite: zero exactly when n is),
    # then radsimp, ten times dearer.
    candidates = (lambda: sp.expand(value),
                  lambda: sp.expand(sp.fraction(sp.together(value))[0]),
                  lambda: sp.expand(sp.radsimp(value)))
    for make in (candidates if radsimp else candidates[:2]) if value.has(sp.Pow) else candidates[:1]:
        canonical = make()
        if canonical.is_Rational:
            return canonical == 0
        if all(_is_surd_term(t) for t in sp.Add.make_args(canonical)):
            return False
    return None


def is_zero(value: sp.Basic) -> bool:
    """Exact: is the real algebraic constant ``value`` zero?

    Fast path: a ℚ-combination of square roots of square-free integers is zero only if every
    coefficient is (the roots are linearly independent over ℚ), and sympy collects equal roots.
    Otherwise the minimal polynomial decides (x means 0)."""
    value = _expr(value)
    if value.is_Rational:
        return value == 0
    if value.free_symbols:
        raise Undecided(f"{value} is not a constant")
    fast = surd_zero(value, radsimp=False)
    if fast is None:
        fast = _two_terms_zero(value)
    if fast is None:
        fast = surd_zero(value)
    if fast is not None:
        return fast
    x = sp.Dummy("x")
    try:
        return sp.minimal_polynomial(value, x) == x
    except (NotImplementedError, ValueError) as err:
        raise Undecided(f"no minimal polynomial for {value}: {err}") from err


def _two_terms_zero(value: sp.Expr) -> bool | None:
    """t₁ + t₂ = 0 exactly when t₁ and t₂ have opposite signs and t₁² = t₂²; the squares often
    lose a nested root the sum keeps (√(a − b√c)² = a − b√c), which saves the minimal
    polynomial (tens of ms).  None when this does not decide (then the minimal polynomial does)."""
    if not isinstance(value, sp.Add) or len(value.args) != 2:
        return None
    first, second = value.args
    try:
        signs = enclosure_sign(first, FIRST_PREC * 4), enclosure_sign(second, FIRST_PREC * 4)
    except Undecided:
        return None
    if None in signs:
        return None
    if signs[0] == signs[1]:
        return False
    return surd_zero(sp.expand(first**2 - second**2))


def _expr(value: sp.Basic | int | Fraction) -> sp.Expr:
    """sympy objects and Python numbers only: text is never converted (no sympify of strings)."""
    if isinstance(value, bool):
        raise TypeError("expected a number, got a bool")
    if isinstance(value, int):
        return sp.Integer(value)
    if isinstance(value, Fraction):
        return sp.Rational(value.numerator, value.denominator)
    if not isinstance(value, sp.Basic):
        raise TypeError(f"expected a sympy expression, got {type(value).__name__}")
    return value


# -- decisions ----------------------------------------------------------------------------------
def sign(value: sp.Basic | int | Fraction) -> int:
    """The sign (-1, 0, 1) of a real constant, decided rigorously, or :class:`Undecided`."""
    value = _expr(value)
    if value.is_Rational:
        return int(value.p > 0) - int(value.p < 0)
    if value.free_symbols:
        raise Undecided(f"{value} is not a constant")
    if value.has(sp.zoo, sp.nan, sp.oo, -sp.oo, sp.I):
        raise Undecided(f"{value} is not a finite real number")
    transcendental = value.has(sp.atan, sp.acos, sp.atan2)
    if transcendental and sp.expand(value) == 0:  # an exact rewrite cancels it: zero
        return 0
    zero_tested = transcendental  # constants with atan/acos have no exact zero test
    for box in _enclosures(value, last=MAX_TRANSCENDENTAL_PREC if transcendental else MAX_PREC):
        if box is not None and box.lo > 0:
            return 1
        if box is not None and box.hi < 0:
            return -1
        if box is not None and box.lo == box.hi == 0:
            return 0
        if not zero_tested:
            zero_tested = True
            if is_zero(value):
                return 0
    raise Undecided(f"the sign of {sp.sstr(value)[:80]} could not be decided at {MAX_PREC} bits")


def enclosure_sign(value: sp.Basic, max_prec: int = 4096) -> int | None:
    """The sign of a real constant from enclosures alone (up to ``max_prec`` bits), or None when 0
    could not be excluded: cheap, and never a zero test (callers decide whether one is affordable)."""
    value = _expr(value)
    if value.is_Rational:
        return int(value.p > 0) - int(value.p < 0)
    for box in _enclosures(value, last=max_prec):
        if box is not None and (box.lo > 0 or box.hi < 0):
            return 1 if box.lo > 0 else -1
    return None


def compare(lhs: sp.Basic | int, rhs: sp.Basic | int) -> int:
    """sign(lhs − rhs), rigorously."""
    return sign(_expr(lhs) - _expr(rhs))


def _enclosures(value: sp.Expr, first: int = FIRST_PREC, last: int = MAX_PREC
                ) -> Iterator[Interval | None]:
    """Ever tighter enclosures of ``value`` (precision ×4 each time, up to ``last`` bits); None
    where the precision was too low for an operation (a divisor or radicand straddling 0)."""
    prec = first
    while prec <= last:
        try:
            yield enclose(value, prec)
        except _Imprecise:
            yield None
        prec *= 4


def approx(value: sp.Basic, digits: int = 6) -> Fraction:
    """A rational within 10^-digits relative of ``value`` (for messages, from an enclosure)."""
    value = _expr(value)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    for box in _enclosures(value, max(FIRST_PREC, 4 * digits)):
        if box is None:
            continue
        mid = (box.lo + box.hi) / 2
        width = box.hi - box.lo
        if width == 0 or (mid != 0 and width <= abs(mid) * Fraction(1, 10**digits)):
            return mid
        if sign(value) == 0:
            return Fraction(0)
    raise Undecided(f"cannot approximate {value}")


# -- printed decimals ---------------------------------------------------------------------------
def decimal_parts(text: str) -> tuple[Fraction, int]:
    """``"-1.25"`` → (Fraction(-5, 4), 2): the printed value and its number of decimals."""
    text = text.strip().replace("\N{MINUS SIGN}", "-")
    whole, _, decimals = text.partition(".")
    negative = whole.startswith("-")
    digits = whole.lstrip("+-") + decimals
    if not digits.isdigit() or not digits.isascii():
        raise ValueError(f"{text!r} is not a plain decimal")
    number = Fraction(int(digits), 10 ** len(decimals))
    return (-number if negative else number), len(decimals)


def decimal_text(value: Fraction, decimals: int) -> str:
    """A rounded value with exactly ``decimals`` digits after the point (``-1.2500``)."""
    scaled = value * 10**decimals
    if scaled.denominator != 1:
        raise ValueError(f"{value} has more than {decimals} decimals")
    sign_text = "-" if scaled < 0 else ""
    digits = str(abs(scaled.numerator)).rjust(decimals + 1, "0")
    return f"{sign_text}{digits[:-decimals]}.{digits[-decimals:]}" if decimals else f"{sign_text}{digits}"


def rounds_to(value: sp.Basic, printed: Fraction, decimals: int) -> bool:
    """Is ``printed`` the exact ``value`` rounded half away from zero to ``decimals`` places?"""
    half = Fraction(1, 2 * 10**decimals)
    low, high = _expr(printed - half), _expr(printed + half)
    value = _expr(value)
    if printed > 0 or (printed == 0 and sign(value) >= 0):
        return compare(value, low) >= 0 and compare(value, high) < 0
    return compare(value, low) > 0 and compare(value, high) <= 0


def round_half_away(value: sp.Basic, decimals: int) -> Fraction:
    """The exact ``value`` rounded half away from zero to ``decimals`` places (decided rigorously)."""
    return rounded(_expr(value), decimals).rounded


@dataclass(frozen=True)
class Rounded:
    """An exact value, its certain rounding (half away from zero) and the enclosure proving it."""

    value: sp.Expr
    decimals: int
    rounded: Fraction
    lower: Fraction  # value lies in [lower, upper], and every number there rounds to ``rounded``
    upper: Fraction

    @property
    def text(self) -> str:
        return decimal_text(self.rounded, self.decimals)

    @property
    def error_bound(self) -> Fraction:
        """|value - rounded| is at most this (half a unit, certified by the enclosure)."""
        return max(abs(self.upper - self.rounded), abs(self.rounded - self.lower))


def _round_fraction(value: Fraction, decimals: int) -> Fraction:
    scaled = abs(value) * 10**decimals
    whole = scaled.numerator // scaled.denominator
    if scaled - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole if value >= 0 else -whole, 10**decimals)


def rounded(value: sp.Expr, decimals: int) -> Rounded:
    """Round a real constant (transcendental allowed) half away from zero, refining the enclosure
    until both of its ends round alike: rounding is monotone, so every value inside does too."""
    return roundings(value, (decimals,))[0]


def roundings(value: sp.Expr, places: Iterable[int]) -> tuple[Rounded, ...]:
    """:func:`rounded` to each number of decimals in ``places``, from one sequence of enclosures
    (a macro's eleven plain roundings cost one enclosure, not eleven)."""
    value = _expr(value)
    wanted = list(places)
    if value.is_Rational:
        exact = Fraction(int(value.p), int(value.q))
        return tuple(Rounded(value, d, _round_fraction(exact, d), exact, exact) for d in wanted)
    done: dict[int, Rounded] = {}
    for box in _enclosures(value):
        if box is None:
            continue
        for d in wanted:
            if d in done:
                continue
            low, high = _round_fraction(box.lo, d), _round_fraction(box.hi, d)
            if low == high:
                done[d] = Rounded(value, d, low, box.lo, box.hi)
        if len(done) == len(wanted):
            return tuple(done[d] for d in wanted)
    missing = min(d for d in wanted if d not in done)
    raise Undecided(f"cannot round {value} to {missing} decimals with certainty")
