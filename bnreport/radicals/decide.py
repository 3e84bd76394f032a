"""The decisions: identities on every sign cell, exact values at rational points."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from fractions import Fraction

import flint
import sympy as sp

from ..exact import Undecided
from .cell import Cell
from .convert import Converter
from .space import MAX_SIGNS, RESTARTS, Elem, NeedSign, Restart, Space, Undefined, with_restarts


def sign_cells(space: Space, exprs: Sequence[sp.Basic]) -> Iterator[tuple[Cell, list[Elem] | None]]:
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
        except NeedSign as need:
            pending += [{**signs, need.key: 1}, {**signs, need.key: -1}]
            continue
        except Undefined:
            yield cell, None
            continue
        yield cell, elements


def compare_cells(lhs: Sequence[sp.Basic], rhs: Sequence[sp.Basic],
                  gens: Sequence[sp.Symbol]) -> tuple[Space, list[tuple[Cell, bool | None]]]:
    """For each sign cell: None if a side is undefined there, else whether lhs == rhs entrywise."""
    return with_restarts(gens, lambda space: _compare(space, lhs, rhs))


def _compare(space: Space, lhs: Sequence[sp.Basic], rhs: Sequence[sp.Basic]
             ) -> list[tuple[Cell, bool | None]]:
    outcomes: list[tuple[Cell, bool | None]] = []
    for cell, elements in sign_cells(space, [*lhs, *rhs]):
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


class PointEvaluator:
    """Exact values of one expression (a function of gens, or a vector/matrix of them; derivatives
    allowed) at many rational points: converted once per sign pattern, evaluated per point."""

    def __init__(self, value: sp.Basic, gens: Sequence[sp.Symbol]) -> None:
        self.value = value
        self.gens = tuple(gens)
        self.entries = list(value) if isinstance(value, sp.MatrixBase) else [value]
        self.basis: list[int] = []
        self.converted: dict[tuple, tuple[Cell, list[Elem]]] = {}

    def __call__(self, point: sp.MatrixBase | Sequence) -> sp.Basic:
        """Raises :class:`Undefined` where the value is not defined at the point."""
        coords = [Fraction(int(sp.Rational(c).p), int(sp.Rational(c).q)) for c in point]
        for _ in range(RESTARTS):
            try:
                cell, elements = self._cell_for(coords)
            except Restart:  # the constants' basis was refined: roots change meaning, start over
                self.converted.clear()
                self.__dict__.pop("_space", None)
                continue
            results = [cell.evaluate(e, coords) for e in elements]
            if isinstance(self.value, sp.MatrixBase):
                return sp.Matrix(self.value.rows, self.value.cols, results)
            return results[0]
        raise Undecided("the square roots of the constants could not be separated")

    def _cell_for(self, coords: list[Fraction]) -> tuple[Cell, list[Elem]]:
        values = [flint.fmpq(v.numerator, v.denominator) for v in coords] or [flint.fmpq(0)]
        signs: dict[str, int] = {}
        while True:
            key = tuple(sorted(signs.items()))
            if key in self.converted:
                return self.converted[key]
            space = self.space_for()
            cell = Cell(space, signs)
            try:
                convert = Converter(cell)
                elements = [convert(e) for e in self.entries]
            except NeedSign as need:
                at = space.factors[need.key](*values)
                if at == 0:
                    raise Undefined("a factor under a root or |·| vanishes at this point") from None
                signs = {**signs, need.key: 1 if at > 0 else -1}
                continue
            self.converted[key] = (cell, elements)
            return cell, elements

    def space_for(self) -> Space:
        if not hasattr(self, "_space"):
            self._space = Space(self.gens)
            self._space.basis = self.basis
        return self._space


def evaluate_at(value: sp.Basic, gens: Sequence[sp.Symbol], point: sp.MatrixBase | Sequence
                ) -> sp.Basic:
    """The exact value of ``value`` (a function of gens, a vector or matrix of them; derivatives
    allowed) at a rational point, as sympy radicals of rationals.  Raises :class:`Undefined` where
    it is not defined and :class:`Undecided` where the arithmetic cannot represent it."""
    return PointEvaluator(value, gens)(point)


def symbolic_zero(expr: sp.Basic, gens: Sequence[sp.Symbol]) -> bool:
    """Exact: is ``expr`` zero on every sign cell where it is defined?"""
    return identity_holds([expr], [sp.Integer(0)], gens)
