"""Rigorous signs and roundings: deep cancellations are decided right or not at all, never wrong."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from bnreport import exact
from bnreport.exact import Undecided

s = sp.sqrt
BIG = s(10**400 + 1) - 10**200  # ≈ +5·10⁻²⁰¹: a 60-digit evalf says -0.e+9


@pytest.mark.parametrize(("value", "expected"), [
    (BIG, 1),
    (-BIG, -1),
    (s(10**400 - 1) - 10**200, -1),
    ((s(2) + 1) * (s(2) - 1) - 1, 0),                    # exact zero written as a product
    (s(2) + s(3) - s(5 + 2 * s(6)), 0),                  # denested zero: minimal polynomial
    (-(1 + s(2)) ** 2 + 2 * s(2) + 3, 0),                # the factor from issue 10
    (sum(s(k) for k in range(2, 20)) - 20, 1),
    (sp.pi - sp.Rational(355, 113), -1),
    (-54 * s(74) / 1369, -1),
    (sp.Rational(-3, 7), -1),
    (sp.Integer(0), 0),
])
def test_sign_is_decided_rigorously(value, expected):
    assert exact.sign(value) == expected


def test_a_lying_numeric_evaluation_cannot_change_a_sign(monkeypatch):
    # The decision never consults evalf; make evalf lie and the answer must not move.
    monkeypatch.setattr(sp.Expr, "evalf", lambda self, *a, **k: sp.Float(-1))
    assert exact.sign(BIG) == 1
    assert exact.sign((s(2) + 1) * (s(2) - 1) - 1) == 0


@pytest.mark.parametrize("value", [s(-1), sp.zoo, sp.nan, sp.Symbol("x"), 1 / (s(2) - s(2))])
def test_non_real_or_non_constant_values_are_undecided(value):
    with pytest.raises(Undecided):
        exact.sign(value)


@pytest.mark.parametrize(("value", "printed", "decimals", "ok"), [
    (sp.Rational(-345, 1000), Fraction(-35, 100), 2, True),   # half away from zero
    (sp.Rational(345, 1000), Fraction(35, 100), 2, True),
    (sp.Rational(345, 1000), Fraction(34, 100), 2, False),
    (-54 * s(74) / 1369, Fraction(-34, 100), 2, True),
    (18 * s(74) / 1369, Fraction(11, 100), 2, True),
    (18 * s(74) / 1369, Fraction(12, 100), 2, False),
    (sp.Integer(2), Fraction(2), 0, True),
    (sp.Rational(1, 2) + BIG, Fraction(1), 0, True),          # just above one half: rounds up
    (sp.Rational(1, 2) - BIG, Fraction(0), 0, True),
])
def test_rounding_is_decided_exactly(value, printed, decimals, ok):
    assert exact.rounds_to(value, printed, decimals) is ok


def test_round_half_away_and_decimal_text():
    assert exact.decimal_text(exact.round_half_away(-54 * s(74) / 1369, 4), 4) == "-0.3393"
    assert exact.decimal_text(Fraction(1, 20), 2) == "0.05"
    assert exact.round_half_away(sp.Rational(1, 2) + BIG, 0) == 1
    assert exact.decimal_parts("\N{MINUS SIGN}0.34") == (Fraction(-34, 100), 2)


def test_text_is_never_converted():
    with pytest.raises(TypeError):
        exact.sign("1 - 1")  # type: ignore[arg-type]


def test_an_exact_zero_under_a_root_is_decided_by_the_zero_test():
    # The radicand's enclosure straddles 0 at every precision; the exact zero test decides.
    radicand = sp.Add((1 + s(2)) * (s(2) - 1), -1, evaluate=False)
    assert exact.sign(sp.sqrt(radicand)) == 0


NESTED = s(85 - 7 * s(85))


@pytest.mark.parametrize(("value", "zero"), [
    (s(170) * NESTED / 170 - s(170 * (85 - 7 * s(85))) / 170, True),     # one nested root, squared away
    (s(170) * NESTED / 170 - s(171 * (85 - 7 * s(85))) / 170, False),
    (s(3 + s(5)) - (1 + s(5)) / s(2), True),                              # a denestable root
    (s(3 + s(5)) + (1 + s(5)) / s(2), False),                             # same signs: not zero
    (s(3 + s(5)) - (1 + s(6)) / s(2), False),
    (s(2 + s(3)) - s(2 - s(3)) - s(2), True),                             # three terms: minimal polynomial
])
def test_two_term_zero_test_agrees_with_the_minimal_polynomial(value, zero):
    x = sp.Dummy("x")
    assert (sp.minimal_polynomial(value, x) == x) is zero   # the independent decision
    assert exact.is_zero(value) is zero
    assert (exact.sign(value) == 0) is zero


def test_the_two_term_test_leaves_undecidable_signs_to_the_minimal_polynomial():
    """A term that the enclosures cannot tell from 0 (at 256 bits) is not guessed."""
    tiny = sp.Add(s(10**200 + 1), -(10**100), evaluate=False)  # ≈ 5·10⁻¹⁰¹ > 0
    assert exact._two_terms_zero(sp.Add(tiny * NESTED, -NESTED / 10**300, evaluate=False)) is None
    assert exact._two_terms_zero(sp.Integer(1)) is None


@pytest.mark.parametrize("value", [s(2), -s(3) / 7, sp.pi / 4, sp.Rational(-5, 8), 1 + s(2) / 10**6,
                                   sp.acos(s(2) / 3)])
def test_roundings_from_one_enclosure_are_right_to_every_place(value):
    """An independent oracle: 40 significant digits, rounded half away from zero by decimal (none
    of these values is near a tie)."""
    from decimal import ROUND_HALF_UP, Decimal

    together = exact.roundings(value, range(11))
    assert [r.decimals for r in together] == list(range(11))
    digits = Decimal(str(sp.N(value, 40)))
    for r in together:
        assert Fraction(digits.quantize(Decimal(1).scaleb(-r.decimals), ROUND_HALF_UP)) == r.rounded
        assert r.lower <= r.value.evalf(30) <= r.upper


def test_a_radicand_with_a_large_square_factor_is_not_taken_as_square_free():
    """Found by review: sympy leaves √(p²q) unsimplified for p ≈ 10⁶; it is zero here."""
    p, q = 1000003, 1000033
    value = s(sp.Integer(p**2 * q)) - p * s(q)
    assert exact.is_zero(value) is True
    assert exact.sign(value) == 0
    assert exact.sign(value + sp.Rational(1, 10**30)) == 1
