"""Exact arithmetic on one sign cell: the canonical elements and their operations."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import flint
import sympy as sp
from flint.utils.flint_exceptions import DomainError

from ..exact import Undecided
from .space import Den, Elem, NeedSign, Poly, Space, Undefined


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
            raise NeedSign(key)
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
        return self.mul(result, self._sqrtrational(abs(c)))

    def _sqrtrational(self, c: Fraction) -> Elem:
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
        den = flint.fmpq(1)
        for key, e in a[1].items():  # factor by factor: never expand ∏ f^e
            den *= self.space.factors[key](*values) ** e
        if den == 0:
            raise Undefined("division by zero at this point")
        total = sp.Integer(0)
        for m, c in a[0].items():
            term = rational(c(*values) / den)
            i = 0
            while m:
                if m & 1:
                    square = rational(self.square_of(i)(*values))
                    if square < 0:
                        raise Undefined("the point is not in this cell")
                    term *= sp.sqrt(square)
                m >>= 1
                i += 1
            total += term
        return total


def rational(value: flint.fmpq) -> sp.Rational:
    return sp.Rational(int(value.p), int(value.q))


# -- certificates that a factor has one sign on an open dense set --------------------------------
