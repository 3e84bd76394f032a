"""Rewriting through the engine: substitution into derivatives, affine systems."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import sympy as sp

from ..exact import Undecided
from .cell import Cell, rational
from .convert import Converter
from .decide import sign_cells
from .space import Elem, Poly, Space, with_restarts


def _single_cell(space: Space, value: sp.Basic) -> tuple[Cell, Elem]:
    for cell, elements in sign_cells(space, [value]):
        if cell.signs or elements is None:
            break
        return cell, elements[0]
    raise Undecided("the expression needs a case split by sign; substitute with sympy instead")


def substitute(value: sp.Basic, gens: Sequence[sp.Symbol], images: Sequence[sp.Expr]
               ) -> sp.Basic:
    """``value`` (derivatives allowed) with gens replaced by polynomial ``images``, as a sympy
    expression: differentiated and expanded in the engine, then rebuilt from the composed
    polynomials (small when the images live in few variables, e.g. w = t·d).  Needs one sign
    cell for ``value`` (e.g. the BN cost, whose only radicand is σ² ≥ 0); else Undecided."""
    entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
    _, results = with_restarts(gens, lambda space: [_substituted(space, e, images) for e in entries])
    if isinstance(value, sp.MatrixBase):
        return sp.Matrix(value.rows, value.cols, results)
    return results[0]


def _substituted(space: Space, entry: sp.Basic, images: Sequence[sp.Expr]) -> sp.Expr:
    cell, (comps, den) = _single_cell(space, entry)
    targets = sorted(set().union(*(i.free_symbols for i in images if isinstance(i, sp.Basic))) if images
                     else set(), key=lambda g: g.name)
    image_space = Space(targets)
    image_cell = Cell(image_space, {})
    image_polys = [Converter(image_cell)(i)[0].get(0, image_cell.zero_poly) for i in images]

    def back(poly: Poly) -> sp.Expr:
        return poly_expr(poly.compose(*image_polys, ctx=image_space.ctx), targets)

    total = sp.Integer(0)
    for m, c in comps.items():
        term = back(c)
        i = 0
        while m:
            if m & 1:
                term *= sp.sqrt(back(cell.square_of(i)))
            m >>= 1
            i += 1
        total += term
    den_expr = sp.Mul(*[back(space.factors[k]) ** e for k, e in den.items()])
    return total / den_expr


def poly_expr(poly: Poly, gens: Sequence[sp.Symbol]) -> sp.Expr:
    terms = []
    for monom, coeff in zip(poly.monoms(), poly.coeffs(), strict=True):
        term = rational(coeff)
        for g, e in zip(gens, monom, strict=False):
            if e:
                term *= g**e
        terms.append(term)
    return sp.Add(*terms)


def affine_system(values: Sequence[sp.Basic], gens: Sequence[sp.Symbol]
                  ) -> tuple[list[list[Fraction]], list[Fraction]]:
    """(M, r) with values = M·gens − r, for values affine in gens (derivatives allowed)."""
    return with_restarts(gens, lambda space: _affine_system(space, values, gens))[1]


def _affine_system(space: Space, values: Sequence[sp.Basic], gens: Sequence[sp.Symbol]
                   ) -> tuple[list[list[Fraction]], list[Fraction]]:
    cell = Cell(space, {})
    convert = Converter(cell)
    matrix, rhs = [], []
    for value in values:
        comps, den = convert(value)
        if set(comps) - {0} or den:
            raise Undecided("not a polynomial")
        poly = comps.get(0, cell.zero_poly)
        if poly.total_degree() > 1:
            raise Undecided("not affine")
        row = [Fraction(0)] * len(gens)
        constant = Fraction(0)
        for monom, coeff in zip(poly.monoms(), poly.coeffs(), strict=True):
            c = Fraction(int(coeff.p), int(coeff.q))
            if any(monom):
                row[list(monom).index(1)] = c
            else:
                constant = c
        matrix.append(row)
        rhs.append(-constant)
    return matrix, rhs


