"""Exact identities between algebraic functions with square roots: the symbolic half of a check.

An expression in the variables ``gens`` built from rationals, + − × ÷, integer powers, square roots,
``|·|`` and partial derivatives is mapped, on each *sign cell*, to a canonical element of

    ℚ(gens)[u₁, …, u_k],    u_i = √|f_i|  (f_i a monic irreducible polynomial)
                            u_j = √q_j    (q_j from a pairwise coprime set of non-square integers).

A sign cell fixes the sign ε_i of every f_i whose sign matters (an odd power under a root, or inside
``|·|``); there u_i² = ε_i·f_i.  Products of distinct u's are linearly independent over ℚ(gens) (the
f_i are distinct irreducibles, the q_j coprime non-squares), so an element is zero exactly when all
its coefficients are: equality on a cell is *decided*, not guessed.  An identity "lhs = rhs where both
sides are defined" holds iff the difference is zero on every cell where both sides are real.

The polynomial arithmetic is python-flint's sparse ``fmpq_mpoly``: the identities of a note with 20
features have tens of thousands of terms, which sympy's ``Expr`` trees cannot expand in reasonable
time.  Cells that cannot contain a point (f ≥ 0 by an exact certificate) are never enumerated.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction

import flint
import sympy as sp
from flint.utils.flint_exceptions import DomainError

from .exact import Undecided

Poly = flint.fmpq_mpoly
#: At most this many sign-relevant factors (2**k cells) and distinct square roots per identity.
MAX_SIGNS = 8
MAX_ROOTS = 12


class Undefined(Exception):
    """The expression is not real (or divides by zero) everywhere on the current cell."""


class _NeedSign(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


class _Restart(Exception):
    """The basis of constant radicands was refined: convert again from the start."""


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
            self.fixed_signs[key] = _certain_sign(poly, self)
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
        """n = s² · ∏ basis[j]^e_j exactly (n ≥ 1); may refine the basis (then :class:`_Restart`)."""
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
        raise _Restart

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


class Cell:
    """Exact arithmetic on one sign cell.

    An element is ``({mask: coefficient}, den)``: Σ coefficient·∏_{i ∈ mask} u_i divided by
    ∏ f^e over registered irreducible factors.  Keeping denominators factored makes common
    denominators free (exponent maxima) and cancellation cheap (trial division by known factors);
    without it, quotients such as Σ(z−μ)²/σ² keep their full degree and the derivatives of the BN
    cost grow to millions of terms for 20 features."""

    def __init__(self, space: Space, signs: dict[str, int]) -> None:
        self.space = space
        self.signs = signs
        self.zero_poly = space.ctx.constant(0)
        self.one_poly = space.ctx.constant(1)

    # -- element helpers ---------------------------------------------------------------------
    def elem(self, poly: Poly) -> Elem:
        return ({0: poly} if not poly.is_zero() else {}), {}

    def sign_of(self, key: str) -> int:
        fixed = self.space.fixed_signs.get(key, 0)
        if fixed:
            return fixed
        if key not in self.signs:
            raise _NeedSign(key)
        return self.signs[key]

    def square_of(self, i: int) -> Poly:
        root = self.space.roots[i]
        if root.poly is None:
            return self.space.const(root.number)
        return root.poly * self.sign_of(root.key)

    def den_poly(self, den: Den) -> Poly:
        product = self.one_poly
        for key, e in den.items():
            product = product * self.space.factors[key] ** e
        return product

    @staticmethod
    def is_zero(a: Elem) -> bool:
        return not a[0]

    def equal(self, a: Elem, b: Elem) -> bool:
        """a == b, by cross-multiplying over the least common denominator."""
        (ca, da), (cb, db) = a, b
        if set(ca) != set(cb):
            return False
        if da == db:
            return all(ca[m] == cb[m] for m in ca)
        lcm = {k: max(da.get(k, 0), db.get(k, 0)) for k in {*da, *db}}
        fa = self.den_poly({k: e - da.get(k, 0) for k, e in lcm.items()})
        fb = self.den_poly({k: e - db.get(k, 0) for k, e in lcm.items()})
        return all(ca[m] * fa == cb[m] * fb for m in ca)

    def _normal(self, comps: dict[int, Poly], den: Den) -> Elem:
        """Drop zero coefficients and cancel denominator factors that divide every coefficient."""
        comps = {m: c for m, c in comps.items() if not c.is_zero()}
        if not comps:
            return comps, {}
        den = {k: e for k, e in den.items() if e}
        for key in list(den):
            f = self.space.factors[key]
            while den[key]:
                try:
                    divided = {m: c / f for m, c in comps.items()}
                except DomainError:
                    break
                comps = divided
                den[key] -= 1
            if not den[key]:
                del den[key]
        return comps, den

    # -- arithmetic ----------------------------------------------------------------------------
    def add(self, a: Elem, b: Elem) -> Elem:
        (ca, da), (cb, db) = a, b
        if not ca:
            return b
        if not cb:
            return a
        if da == db:
            out = dict(ca)
            for m, c in cb.items():
                out[m] = out[m] + c if m in out else c
            return self._normal(out, dict(da))
        lcm = {k: max(da.get(k, 0), db.get(k, 0)) for k in {*da, *db}}
        fa = self.den_poly({k: e - da.get(k, 0) for k, e in lcm.items()})
        fb = self.den_poly({k: e - db.get(k, 0) for k, e in lcm.items()})
        out = {m: c * fa for m, c in ca.items()}
        for m, c in cb.items():
            out[m] = out[m] + c * fb if m in out else c * fb
        return self._normal(out, lcm)

    def neg(self, a: Elem) -> Elem:
        return {m: -c for m, c in a[0].items()}, a[1]

    def mul(self, a: Elem, b: Elem) -> Elem:
        out: dict[int, Poly] = {}
        squares: dict[int, Poly] = {}
        for ma, ca in a[0].items():
            for mb, cb in b[0].items():
                common, m = ma & mb, ma ^ mb
                term = ca * cb
                if common:
                    if common not in squares:
                        squares[common] = self._product_of_squares(common)
                    term = term * squares[common]
                out[m] = out[m] + term if m in out else term
        den = dict(a[1])
        for k, e in b[1].items():
            den[k] = den.get(k, 0) + e
        return self._normal(out, den)

    def _product_of_squares(self, mask: int) -> Poly:
        product = self.one_poly
        i = 0
        while mask:
            if mask & 1:
                product = product * self.square_of(i)
            mask >>= 1
            i += 1
        return product

    def _as_den(self, poly: Poly) -> tuple[Fraction, Den]:
        """A nonzero root-free polynomial as c·∏ f^e, reusing registered factors first."""
        den: Den = {}
        for key, f in self.space.factors.items():
            if poly.is_constant():
                break
            while True:
                try:
                    quotient = poly / f
                except DomainError:
                    break
                poly = quotient
                den[key] = den.get(key, 0) + 1
        if not poly.is_constant():
            c, parts = poly.factor()
            for f, e in parts:
                key = self.space.factor_key(f)
                den[key] = den.get(key, 0) + int(e)
        else:
            c = poly.leading_coefficient()
        return Fraction(int(c.p), int(c.q)), den

    def inverse(self, a: Elem) -> Elem:
        """1/a: multiply by conjugates until the denominator is free of roots, then factor it."""
        comps, den = a
        if not comps:
            raise Undefined("division by zero")
        numerator: Elem = (comps, {})
        factor: Elem = ({0: self.den_poly(den)}, {})
        present = 0
        for m in comps:
            present |= m
        i = 0
        while present:
            if present & 1:
                bit = 1 << i
                conj = ({m: (-c if m & bit else c) for m, c in numerator[0].items()}, {})
                numerator = self.mul(numerator, conj)
                factor = self.mul(factor, conj)
            present >>= 1
            i += 1
        if set(numerator[0]) != {0}:
            raise Undefined("division by zero")
        c, norm_den = self._as_den(numerator[0][0])
        inv_c = self.space.const(1 / c)
        return self._normal({m: v * inv_c for m, v in factor[0].items()}, norm_den)

    def power(self, a: Elem, n: int) -> Elem:
        if n < 0:
            return self.power(self.inverse(a), -n)
        result: Elem = self.elem(self.one_poly)
        base = a
        while n:
            if n & 1:
                result = self.mul(result, base)
            n >>= 1
            if n:
                base = self.mul(base, base)
        return result

    # -- roots and absolute values -------------------------------------------------------------
    def _root_free(self, a: Elem, what: str) -> tuple[Poly, Den]:
        if any(m for m in a[0]):
            raise Undecided(f"{what} of an expression that already contains a square root")
        return a[0].get(0, self.zero_poly), a[1]

    def _factored(self, num: Poly, den: Den) -> tuple[Fraction, list[tuple[str, Poly, int]]]:
        """num/den = c · ∏ f^e with monic irreducible f (e < 0 for the denominator)."""
        c, parts_num = self._as_den(num)
        exps = dict(parts_num)
        for k, e in den.items():
            exps[k] = exps.get(k, 0) - e
        return c, [(k, self.space.factors[k], e) for k, e in exps.items() if e]

    def sqrt(self, a: Elem) -> Elem:
        num, den = self._root_free(a, "a square root")
        if num.is_zero():
            return self.elem(self.zero_poly)
        c, parts = self._factored(num, den)
        sign = 1 if c > 0 else -1
        result = self.elem(self.one_poly)
        for key, poly, e in parts:
            half, odd = divmod(e, 2)
            eps = self.sign_of(key) if (odd or half % 2) else 1
            if odd and eps < 0:
                sign = -sign
            if half:
                result = self.mul(result, self.power(self.elem(poly * eps), half))
            if odd:
                i = self.space.root_index(key, poly)
                result = self.mul(result, ({1 << i: self.one_poly}, {}))
        if sign < 0:
            raise Undefined("a square root of a negative number")
        return self.mul(result, self._sqrt_rational(abs(c)))

    def _sqrt_rational(self, c: Fraction) -> Elem:
        """√c = √(num·den)/den with num·den = s²·∏ q_j^e_j in the coprime basis."""
        square, exponents = self.space.split_integer(c.numerator * c.denominator)
        mask = 0
        coeff = Fraction(square, c.denominator)
        for j, e in exponents.items():
            q = self.space.basis[j]
            coeff *= q ** (e // 2)
            if e % 2:
                mask |= 1 << self.space.root_index(f"#{q}", None, q)
        return {mask: self.space.const(coeff)}, {}

    def absolute(self, a: Elem) -> Elem:
        if any(m for m in a[0]):
            return a if self.sign_of_element(a) > 0 else self.neg(a)
        num, den = self._root_free(a, "|·|")
        if num.is_zero():
            return self.elem(self.zero_poly)
        c, parts = self._factored(num, den)
        result = self.elem(self.space.const(abs(c)))
        for key, poly, e in parts:
            eps = self.sign_of(key) if e % 2 else 1
            result = self.mul(result, self.power(self.elem(poly * eps), e))
        return result

    def _poly_sign(self, poly: Poly) -> int:
        """The sign of a nonzero root-free polynomial on this cell (splits cells as needed)."""
        c, den = self._as_den(poly)
        sign = 1 if c > 0 else -1
        for key, e in den.items():
            if e % 2:
                sign *= self.sign_of(key)
        return sign

    def sign_of_element(self, a: Elem) -> int:
        """The sign of a nonzero element c0 + c1·U on this cell, U a product of square roots
        (U > 0, U² a polynomial): the sign of c0 where c0 and c1 agree, else the sign of c0 times
        that of c0² − c1²·U²."""
        comps, den = a
        masks = [m for m in comps if m]
        if len(masks) != 1:
            raise Undecided("the sign of a sum of several different square roots")
        mask = masks[0]
        c0, c1 = comps.get(0, self.zero_poly), comps[mask]
        s1 = self._poly_sign(c1)
        if c0.is_zero():
            sign = s1
        else:
            s0 = self._poly_sign(c0)
            if s0 == s1:
                sign = s0
            else:
                norm = c0 * c0 - c1 * c1 * self._product_of_squares(mask)
                if norm.is_zero():
                    raise Undecided("a square root that is a rational function")
                sign = s0 * self._poly_sign(norm)
        for key, e in den.items():
            if e % 2:
                sign *= self.sign_of(key)
        return sign

    # -- derivatives ---------------------------------------------------------------------------
    def derivative(self, a: Elem, var: int) -> Elem:
        """∂a/∂x_var with D'/D = Σ e_k f_k'/f_k and u_i'/u_i = f_i'/(2 f_i) over P = ∏ f."""
        comps, den = a
        present = 0
        for m in comps:
            present |= m
        root_keys = {i: self.space.roots[i].key for i in range(len(self.space.roots))
                     if present >> i & 1 and self.space.roots[i].poly is not None}
        keys = sorted({*den, *root_keys.values()})
        factors = {k: self.space.factors[k] for k in keys}
        product = self.one_poly
        for f in factors.values():
            product = product * f
        cofactor = {k: product / f for k, f in factors.items()}
        slope = {k: f.derivative(var) * cofactor[k] for k, f in factors.items()}
        den_part = self.zero_poly
        for k, e in den.items():
            den_part = den_part + e * slope[k]
        out: dict[int, Poly] = {}
        for m, c in comps.items():
            term = 2 * (c.derivative(var) * product - c * den_part)
            for i, k in root_keys.items():
                if m >> i & 1:
                    term = term + c * slope[k]
            out[m] = term / 2
        new_den = dict(den)
        for k in keys:
            new_den[k] = new_den.get(k, 0) + 1
        return self._normal(out, new_den)

    # -- evaluation at a point -----------------------------------------------------------------
    def evaluate(self, a: Elem, point: Sequence[Fraction]) -> sp.Expr:
        """The exact value at a rational point of this cell (sympy radicals of rationals)."""
        values = [flint.fmpq(v.numerator, v.denominator) for v in point] or [flint.fmpq(0)]
        den = self.den_poly(a[1])(*values)
        if den == 0:
            raise Undefined("division by zero at this point")
        total = sp.Integer(0)
        for m, c in a[0].items():
            term = _rational(c(*values) / den)
            i = 0
            while m:
                if m & 1:
                    square = _rational(self.square_of(i)(*values))
                    if square < 0:
                        raise Undefined("the point is not in this cell")
                    term *= sp.sqrt(square)
                m >>= 1
                i += 1
            total += term
        return total


def _rational(value: flint.fmpq) -> sp.Rational:
    return sp.Rational(int(value.p), int(value.q))


# -- certificates that a factor has one sign on an open dense set --------------------------------
def _certain_sign(poly: Poly, space: Space) -> int:
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
class Converter:
    def __init__(self, cell: Cell) -> None:
        self.cell = cell
        self.space = cell.space
        self.memo: dict[sp.Basic, Elem] = {}

    def __call__(self, expr: sp.Basic | int) -> Elem:
        if isinstance(expr, int):
            expr = sp.Integer(expr)
        if expr in self.memo:
            return self.memo[expr]
        result = self._convert(expr)
        self.memo[expr] = result
        return result

    def _convert(self, expr: sp.Basic) -> Elem:
        cell = self.cell
        if expr.is_Rational:
            return cell.elem(self.space.const(Fraction(int(expr.p), int(expr.q))))
        if expr.is_Symbol:
            if expr not in self.space.index:
                raise Undecided(f"unexpected symbol {expr}")
            return cell.elem(self.space.ctx.gens()[self.space.index[expr]])
        if isinstance(expr, sp.Add):
            total = self(expr.args[0])
            for arg in expr.args[1:]:
                total = cell.add(total, self(arg))
            return total
        if isinstance(expr, sp.Mul):
            product = self(expr.args[0])
            for arg in expr.args[1:]:
                product = cell.mul(product, self(arg))
            return product
        if isinstance(expr, sp.Pow):
            return self._power(expr)
        if isinstance(expr, sp.Abs):
            return cell.absolute(self(expr.args[0]))
        if isinstance(expr, sp.sign):
            inner = self(expr.args[0])
            return cell.mul(inner, cell.inverse(cell.absolute(inner)))
        if isinstance(expr, sp.Derivative):
            result = self(expr.expr)
            for var, count in expr.variable_count:
                for _ in range(int(count)):
                    result = cell.derivative(result, self.space.index[var])
            return result
        if isinstance(expr, sp.UnevaluatedExpr):
            return self(expr.args[0])
        raise Undecided(f"cannot decide identities involving {type(expr).__name__}")

    def _power(self, expr: sp.Pow) -> Elem:
        exp = expr.exp
        if not exp.is_Rational or exp.q not in (1, 2):
            raise Undecided(f"exponent {exp}: only integer and half-integer powers are decided")
        inner = expr.base
        if (exp.q == 2 and isinstance(inner, sp.Pow) and inner.exp.is_Integer
                and inner.exp % 2 == 0 and inner.exp > 0):
            # √(X^(2k)) = |X|^k for real X, also when X holds square roots (sympy keeps it
            # unevaluated when it cannot tell that X is real)
            magnitude = self.cell.absolute(self(inner.base))
            return self.cell.power(magnitude, int(inner.exp) // 2 * int(exp.p))
        base = self(inner)
        if exp.q == 2:
            base = self.cell.sqrt(base)
        return self.cell.power(base, int(exp.p))


# -- the decision ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CellOutcome:
    """On one cell: whether each side is real there and, if both are, whether they agree."""

    signs: tuple[tuple[sp.Expr, int], ...]
    defined: bool
    equal: bool


def _sign_cells(space: Space, exprs: Sequence[sp.Basic]) -> Iterator[tuple[Cell, list[Elem] | None]]:
    """Every sign cell the expressions need, with their elements (None: not all defined there)."""
    pending: list[dict[str, int]] = [{}]
    while pending:
        signs = pending.pop()
        if len(signs) > MAX_SIGNS:
            raise Undecided(f"more than {MAX_SIGNS} factors whose signs matter")
        cell = Cell(space, signs)
        convert = Converter(cell)
        try:
            elements = [convert(e) for e in exprs]
        except _NeedSign as need:
            pending += [{**signs, need.key: 1}, {**signs, need.key: -1}]
            continue
        except Undefined:
            yield cell, None
            continue
        yield cell, elements


def compare_cells(lhs: Sequence[sp.Basic], rhs: Sequence[sp.Basic],
                  gens: Sequence[sp.Symbol]) -> tuple[Space, list[tuple[Cell, bool | None]]]:
    """For each sign cell: None if a side is undefined there, else whether lhs == rhs entrywise."""
    basis: list[int] = []
    for _ in range(64):  # each restart refines the basis of constant radicands; it terminates
        space = Space(gens)
        space.basis = basis
        try:
            return space, _compare(space, lhs, rhs)
        except _Restart:
            continue
    raise Undecided("the square roots of the constants could not be separated")


def _compare(space: Space, lhs: Sequence[sp.Basic], rhs: Sequence[sp.Basic]
             ) -> list[tuple[Cell, bool | None]]:
    outcomes: list[tuple[Cell, bool | None]] = []
    for cell, elements in _sign_cells(space, [*lhs, *rhs]):
        if elements is None:
            outcomes.append((cell, None))
            continue
        left, right = elements[:len(lhs)], elements[len(lhs):]
        equal = all(cell.equal(a, b) for a, b in zip(left, right, strict=True))
        outcomes.append((cell, equal))
    return outcomes


def cell_description(space: Space, cell: Cell) -> str:
    """Human text of a cell's sign conditions, e.g. 'w1 > 0, w1 + w2 < 0'."""
    names = [str(g) for g in space.gens]
    parts = []
    for key, s in sorted(cell.signs.items()):
        text = key
        for i, name in reversed(list(enumerate(names))):
            text = text.replace(f"x{i}", name)
        parts.append(f"{text} {'>' if s > 0 else '<'} 0")
    return ", ".join(parts) or "everywhere"


def identity_holds(lhs: Sequence[sp.Basic], rhs: Sequence[sp.Basic],
                   gens: Sequence[sp.Symbol]) -> bool:
    """True iff lhs == rhs (entrywise) on every cell where both are defined, and some cell is."""
    _, outcomes = compare_cells(lhs, rhs, gens)
    defined = [equal for _, equal in outcomes if equal is not None]
    return bool(defined) and all(defined)


def _point_signs(space: Space, point: Sequence[Fraction], needed: dict[str, int], key: str) -> None:
    value = space.factors[key](*[flint.fmpq(v.numerator, v.denominator) for v in point])
    if value == 0:
        raise Undefined("a factor under a root or |·| vanishes at this point")
    needed[key] = 1 if value > 0 else -1


def evaluate_at(value: sp.Basic, gens: Sequence[sp.Symbol], point: sp.MatrixBase | Sequence
                ) -> sp.Basic:
    """The exact value of ``value`` (a function of gens, a vector or matrix of them; derivatives
    allowed) at a rational point, as sympy radicals of rationals.  Raises :class:`Undefined` where
    it is not defined and :class:`Undecided` where the arithmetic cannot represent it."""
    coords = [Fraction(int(sp.Rational(c).p), int(sp.Rational(c).q)) for c in point]
    entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
    basis: list[int] = []
    for _ in range(64):
        space = Space(gens)
        space.basis = basis
        signs: dict[str, int] = {}
        try:
            while True:
                cell = Cell(space, signs)
                try:
                    convert = Converter(cell)
                    results = [cell.evaluate(convert(e), coords) for e in entries]
                    break
                except _NeedSign as need:
                    _point_signs(space, coords, signs, need.key)
        except _Restart:
            continue
        if isinstance(value, sp.MatrixBase):
            return sp.Matrix(value.rows, value.cols, results)
        return results[0]
    raise Undecided("the square roots of the constants could not be separated")



def symbolic_zero(expr: sp.Basic, gens: Sequence[sp.Symbol]) -> bool:
    """Exact: is ``expr`` zero on every sign cell where it is defined?"""
    return identity_holds([expr], [sp.Integer(0)], gens)
