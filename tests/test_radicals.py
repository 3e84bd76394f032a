"""The identity engine: canonical forms over ℚ(w)[√f] on sign cells decide, they do not guess."""

from __future__ import annotations

import pytest
import sympy as sp

from bnreport.exact import Undecided
from bnreport.radicals import compare_cells, evaluate_at, identity_holds, symbolic_zero
from bnreport.radicals.rewrite import substitute

x, y = sp.symbols("x y", real=True)
t = sp.Symbol("t", positive=True)
Q = 2 * x**2 + 6 * x * y + 6 * y**2
s = sp.sqrt

IDENTITIES = [
    ("expanded square", (x + y) ** 2, x**2 + 2 * x * y + y**2, True),
    ("wrong middle term", (x + y) ** 2, x**2 + x * y + y**2, False),
    ("constant under the root", s(Q / 9), s(Q) / 3, True),
    ("wrong constant under the root", s(Q / 6), s(Q) / 3, False),
    ("positive scaling", s(t**2 * Q), t * s(Q), True),
    ("scaling squared", s(t**2 * Q), t**2 * s(Q), False),
    ("sqrt of a square of a sum of squares", s(x**4 + 2 * x**2 * y**2 + y**4), x**2 + y**2, True),
    ("sqrt(P^2) is |P|", s((x + y) ** 2), sp.Abs(x + y), True),
    ("sqrt(P^2) is not P", s(x**2 + 2 * x * y + y**2), x + y, False),
    ("symmetric in its sides", s((x + y) ** 2), s(x**2 + 2 * x * y + y**2), True),
    ("product of roots where both are defined", s(x) * s(y), s(x * y), True),
    ("sqrt(1-x^2) on its domain", s(1 - x**2), s(1 - x) * s(1 + x), True),
    ("surds", s(8) * x, 2 * s(2) * x, True),
    ("surd products", s(6) * x, s(2) * s(3) * x, True),
    ("distinct surds", s(6) * x, s(5) * x, False),
    ("powers of one radical", Q ** sp.Rational(3, 2) / s(Q), Q, True),
    ("derivative of a root", sp.Derivative(s(Q), x), (2 * x + 3 * y) / s(Q), True),
    ("wrong derivative", sp.Derivative(s(Q), x), (4 * x + 6 * y) / s(Q), False),
    ("second derivative", sp.Derivative(x**3 * y, x, x), 6 * x * y, True),
    ("rational function", 1 / (x + 1) - 1 / (x + 2), 1 / ((x + 1) * (x + 2)), True),
    ("a difference of 1e-60", x + sp.Rational(1, 10**60) * y, x, False),
]


@pytest.mark.parametrize(("name", "lhs", "rhs", "holds"), IDENTITIES, ids=[c[0] for c in IDENTITIES])
def test_identity_is_decided(name, lhs, rhs, holds):
    gens = tuple(sorted(lhs.free_symbols | rhs.free_symbols | {x}, key=lambda g: g.name))
    assert identity_holds([lhs], [rhs], gens) is holds
    assert identity_holds([rhs], [lhs], gens) is holds  # symmetric


def test_cells_say_where_each_side_is_defined():
    _, outcomes = compare_cells([s(x) * s(y)], [s(x * y)], (x, y))
    defined = [equal for _, equal in outcomes if equal is not None]
    assert defined == [True]
    assert any(equal is None for _, equal in outcomes)  # x < 0 or y < 0: not both defined


def test_a_side_defined_nowhere_is_not_an_identity():
    assert not identity_holds([s(-x**2 - 1)], [sp.Integer(0)], (x,))


def test_exact_evaluation_of_derivatives_at_a_point():
    value = evaluate_at(sp.Derivative(s(Q), x), (x, y), sp.Matrix([1, 3]))
    assert sp.simplify(value - sp.Rational(11) / s(74)) == 0
    grad = evaluate_at(sp.Matrix([sp.Derivative(Q, x), sp.Derivative(Q, y)]), (x, y),
                       sp.Matrix([1, 1]))
    assert grad == sp.Matrix([10, 18])


def test_unsupported_functions_are_undecided_not_false():
    with pytest.raises(Undecided):
        identity_holds([sp.exp(x)], [sp.exp(x)], (x,))
    with pytest.raises(Undecided):
        identity_holds([x ** sp.Rational(1, 3)], [x ** sp.Rational(1, 3)], (x,))


def test_symbolic_zero():
    assert symbolic_zero(Q ** sp.Rational(3, 2) / s(Q) - Q, (x, y))
    assert not symbolic_zero(Q ** sp.Rational(3, 2) / s(Q) - Q + 1, (x, y))


def test_substitute_keeps_the_refined_basis_of_constant_roots():
    # √6 and √2 share the factor 2: the basis is refined once (a restart), then the result follows.
    x, y, t = sp.symbols("x y t")
    result = substitute(sp.sqrt(6) * x + sp.sqrt(2) * y, [x, y], [t, 2 * t])
    assert sp.expand(result - (sp.sqrt(6) + 2 * sp.sqrt(2)) * t) == 0
