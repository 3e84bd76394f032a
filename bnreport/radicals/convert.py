"""sympy expressions → canonical elements of one cell."""

from __future__ import annotations

from fractions import Fraction

import sympy as sp

from ..exact import Undecided
from .cell import Cell
from .space import Elem


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
