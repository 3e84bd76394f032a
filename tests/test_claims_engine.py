"""The small additions issue 10 made to the shared engines, each with errors it must reject:
integer roots and nested square roots in :mod:`bnreport.exact`, signs from enclosures alone, the
surd zero test; |X| and √(X²) for X with square roots in :mod:`bnreport.radicals`."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest
import sympy as sp

from bnreport import exact
from bnreport.radicals import compare_cells, identity_holds

w1, w2 = sp.symbols("w1 w2", real=True)


@pytest.mark.parametrize("q", [2, 3, 5, 97, 125, 997, 1000, 4096])
def test_integer_roots_are_floors(q: int) -> None:
    rng = random.Random(q)
    for n in [0, 1, 2, 10**50, 2**66 * 997 + 1, rng.getrandbits(3000), rng.getrandbits(70_000)]:
        r = exact._iroot(n, q)
        assert r**q <= n < (r + 1) ** q


@pytest.mark.parametrize(("value", "expected"), [
    (sp.Integer(2) ** sp.Rational(1, 2**30) - 1, 1),          # 30 nested square roots
    (1 - sp.Integer(2) ** sp.Rational(1, 2**30), -1),
    (sp.Integer(2) ** sp.Rational(1, 997) - 1, 1),
    (sp.Integer(3) ** sp.Rational(1, 997) - sp.Integer(2) ** sp.Rational(1, 997), 1),
])
def test_signs_of_high_roots_are_decided(value: sp.Expr, expected: int) -> None:
    assert exact.sign(value) == expected
    assert exact.enclosure_sign(value) == expected


def test_enclosure_sign_never_guesses_a_zero() -> None:
    zero = sp.sqrt(3 + 2 * sp.sqrt(2)) - 1 - sp.sqrt(2)
    assert exact.enclosure_sign(zero) is None  # 0 cannot be excluded: no answer, not 0
    assert exact.sign(zero) == 0
    tiny = sp.sqrt(sp.Integer(10) ** 400 + 1) - sp.Integer(10) ** 200
    assert exact.enclosure_sign(tiny) == 1


@pytest.mark.parametrize(("value", "expected"), [
    ((sp.sqrt(2) + sp.sqrt(3) + sp.sqrt(5)) ** 2 - 10 - 2 * sp.sqrt(6) - 2 * sp.sqrt(10)
     - 2 * sp.sqrt(15), True),
    ((sp.sqrt(2) + sp.sqrt(3) + sp.sqrt(5)) ** 2 - 10 - 2 * sp.sqrt(6) - 2 * sp.sqrt(10)
     - 3 * sp.sqrt(15), False),                                # a planted wrong coefficient
    (sp.sqrt(8) - 2 * sp.sqrt(2) + sp.sqrt(7) - sp.sqrt(7), True),
    (sp.sqrt(3 + 2 * sp.sqrt(2)) - 1 - sp.sqrt(2), None),      # nested: not for the fast path
])
def test_the_surd_fast_path(value: sp.Expr, expected: bool | None) -> None:
    assert exact.surd_zero(value) is expected


@pytest.mark.parametrize(("lhs", "rhs", "holds"), [
    (sp.Abs(201 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)),
     201 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2), True),
    (sp.Abs(200 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)),
     200 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2), True),
    # the ratio ranges over [−√194, √194]: 30 − 2·ratio ≥ 30 − 2√194 > 0, 20 − 2·ratio is not
    (sp.Abs(30 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)),
     30 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2), True),
    (sp.Abs(20 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)),
     20 - 2 * (19 * w1 + 33 * w2) / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2), False),
    (sp.Abs(sp.sqrt(w1**2 + 1) - 1), sp.sqrt(w1**2 + 1) - 1, True),
    (sp.Abs(sp.sqrt(w1**2 + 1) - 2), sp.sqrt(w1**2 + 1) - 2, False),
    (sp.Abs(sp.sqrt(2) * w1 - w2), sp.sqrt(2) * w1 - w2, False),
    (sp.Abs(sp.sqrt(2) * w1**2 + sp.sqrt(3)), sp.sqrt(2) * w1**2 + sp.sqrt(3), True),
])
def test_absolute_values_of_expressions_with_roots(lhs: sp.Expr, rhs: sp.Expr, holds: bool) -> None:
    assert identity_holds([lhs], [rhs], (w1, w2)) is holds


def test_the_square_root_of_a_square_is_the_absolute_value() -> None:
    # sympy cannot tell that x is real (the radicand's sign is unknown to it): √(x²) stays
    x = 1 - 2 * w1 / sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)
    root = sp.sqrt(x**2)
    assert isinstance(root, sp.Pow) and root.exp == sp.Rational(1, 2)
    assert identity_holds([root], [sp.Abs(x)], (w1, w2))
    assert not identity_holds([root], [x], (w1, w2))          # x < 0 for w = (1, 0)
    assert identity_holds([sp.sqrt(x**4)], [x**2], (w1, w2))
    _, outcomes = compare_cells([root], [x], (w1, w2))
    assert {equal for _, equal in outcomes} == {True, False}  # one cell each way


def test_sums_of_several_roots_are_left_undecided_not_guessed() -> None:
    with pytest.raises(exact.Undecided):
        identity_holds([sp.Abs(sp.sqrt(w1**2 + 1) - sp.sqrt(w2**2 + 2))],
                       [sp.sqrt(w1**2 + 1) - sp.sqrt(w2**2 + 2)], (w1, w2))


def test_rounds_to_with_exponents_via_scaling() -> None:
    """``~=`` with 1.2e3 rounds at the hundreds: the claim layer scales to whole units."""
    from bnreport.claims.relations import _rounded_at, printed_value

    value, decimals = printed_value("1.2e3", 1)
    assert (value, decimals) == (Fraction(1200), -2)
    assert _rounded_at(sp.Integer(1234), decimals) == value
    assert _rounded_at(sp.Integer(1250), decimals) == 1300  # half away from zero: 1.3e3
    assert printed_value("-1.25", 1) == (Fraction(-5, 4), 2)
    assert printed_value("1.2e-3", 1) == (Fraction(3, 2500), 4)
