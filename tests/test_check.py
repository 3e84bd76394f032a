"""A checker that cannot fail proves nothing: every kind of check rejects a planted wrong claim."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from planted import PLANTED, PLANTED_IDS

from bnreport.check import check_step, decimal_text, round_half_away, rounds_to, symbolic_zero
from bnreport.derive import derive
from bnreport.errors import CheckFailed
from bnreport.loader import load_problem
from bnreport.model import Quoted
from bnreport.quantities import Quantities
from bnreport.steps import (
    Compare,
    Equal,
    Identity,
    NonZero,
    PositiveDefinite,
    Rounds,
    Step,
    TeX,
)

w1, w2 = sp.symbols("w1 w2", real=True)
t = sp.Symbol("t", positive=True)
Q = 2 * w1**2 + 6 * w1 * w2 + 6 * w2**2


def as_step(claim) -> Step:
    return Step("planted", "planted", "test", TeX("x"), (), claim)


GOOD_AND_BAD = [
    ("identity", Identity((w1 + w2) ** 2, w1**2 + 2 * w1 * w2 + w2**2, (w1, w2)),
     Identity((w1 + w2) ** 2, w1**2 + w1 * w2 + w2**2, (w1, w2))),
    ("radical identity", Identity(sp.sqrt(Q / 9), sp.sqrt(Q) / 3, (w1, w2)),
     Identity(sp.sqrt(Q / 6), sp.sqrt(Q) / 3, (w1, w2))),
    ("scaling", Identity(sp.sqrt(t**2 * Q), t * sp.sqrt(Q), (w1, w2), (t,)),
     Identity(sp.sqrt(t**2 * Q), t**2 * sp.sqrt(Q), (w1, w2), (t,))),
    ("value", Equal(sp.sqrt(74) / 74**2 * 4, 2 * sp.sqrt(74) / 2738),
     Equal(sp.sqrt(74) / 74**2 * 4, 2 * sp.sqrt(75) / 2738)),
    ("compare", Compare(sp.Rational(72, 17), ">", 0), Compare(sp.Rational(72, 17), "<", 0)),
    ("compare radicals", Compare(201 - 2 * sp.sqrt(194), ">", 173),
     Compare(201 - 2 * sp.sqrt(194), ">", 174)),
    ("nonzero", NonZero(sp.Matrix([0, sp.sqrt(2) - 1])), NonZero(sp.Matrix([0, sp.sqrt(4) - 2]))),
    ("definite", PositiveDefinite(sp.Matrix([[12, 18], [18, 28]])),
     PositiveDefinite(sp.Matrix([[12, 18], [18, 27]]))),
    ("semidefinite", PositiveDefinite(sp.Matrix([[9, -15], [-15, 25]]), sp.Matrix([5, 3])),
     PositiveDefinite(sp.Matrix([[9, -15], [-15, 25]]), sp.Matrix([3, 5]))),
    ("rounding", Rounds(sp.Matrix([-54 * sp.sqrt(74) / 1369]), ("-0.34",)),
     Rounds(sp.Matrix([-54 * sp.sqrt(74) / 1369]), ("-0.33",))),
]


@pytest.mark.parametrize(("kind", "good", "bad"), GOOD_AND_BAD, ids=[g[0] for g in GOOD_AND_BAD])
def test_checker_accepts_the_true_claim_and_rejects_the_planted_one(kind, good, bad):
    assert check_step(as_step(good)).step_id == "planted"
    with pytest.raises(CheckFailed, match="planted"):
        check_step(as_step(bad))


def test_identity_failure_names_a_counter_point():
    bad = Identity(sp.sqrt(Q) / 2, sp.sqrt(Q) / 3, (w1, w2))
    with pytest.raises(CheckFailed) as err:
        check_step(as_step(bad))
    assert err.value.point is not None and "w1 =" in err.value.point


def test_numerically_invisible_error_is_still_caught_symbolically():
    # Differs only by 10^-60 at every point: sampling alone would pass, the symbolic half must not.
    tiny = sp.Rational(1, 10**60)
    with pytest.raises(CheckFailed):
        check_step(as_step(Identity(w1 + tiny * w2, w1, (w1, w2))))


def test_symbolic_zero_handles_powers_of_the_same_radical():
    expr = Q ** sp.Rational(3, 2) / sp.sqrt(Q) - Q
    assert symbolic_zero(expr, (w1, w2))
    assert not symbolic_zero(expr + 1, (w1, w2))


@pytest.mark.parametrize(("value", "printed", "decimals", "ok"), [
    (sp.Rational(-345, 1000), Fraction(-35, 100), 2, True),   # half away from zero
    (sp.Rational(345, 1000), Fraction(35, 100), 2, True),
    (sp.Rational(345, 1000), Fraction(34, 100), 2, False),
    (-54 * sp.sqrt(74) / 1369, Fraction(-34, 100), 2, True),
    (18 * sp.sqrt(74) / 1369, Fraction(11, 100), 2, True),
    (18 * sp.sqrt(74) / 1369, Fraction(12, 100), 2, False),
    (sp.Integer(2), Fraction(2), 0, True),
])
def test_rounding_is_decided_exactly(value, printed, decimals, ok):
    assert rounds_to(value, printed, decimals) is ok


def test_round_half_away_and_decimal_text():
    assert decimal_text(round_half_away(-54 * sp.sqrt(74) / 1369, 4), 4) == "-0.3393"
    assert decimal_text(Fraction(1, 20), 2) == "0.05"


# -- planted wrong steps in the derivation: each one must stop the build ------------------------
@pytest.mark.parametrize(("name", "attribute", "wrong", "step_id"), PLANTED, ids=PLANTED_IDS)
def test_planted_error_in_the_derivation_is_caught(monkeypatch, name, attribute, wrong, step_id):
    from bnreport.check import check_steps

    monkeypatch.setattr(Quantities, attribute, property(wrong))
    _, steps = derive(load_problem())
    with pytest.raises(CheckFailed) as err:
        check_steps(steps)
    assert err.value.step_id == step_id


def test_misquoted_paper_figure_is_caught():
    from dataclasses import replace

    from bnreport.check import check_steps

    problem = replace(load_problem(), quoted=Quoted(("-0.35", "0.11")))
    _, steps = derive(problem)
    with pytest.raises(CheckFailed) as err:
        check_steps(steps)
    assert err.value.step_id == "grad-chat-wstar-rounded"
