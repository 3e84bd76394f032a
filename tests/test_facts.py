"""A checker that cannot fail proves nothing: every kind of fact accepts the true statement and
rejects a planted wrong one."""

from __future__ import annotations

import pytest
import sympy as sp

from bnreport.check import check_step
from bnreport.errors import CheckFailed
from bnreport.facts import Compare, Definite, Equal, Identity, NonZero, Refuted, Rounds
from bnreport.notation import Term
from bnreport.steps import Link, Step, chain
from bnreport.texescape import TeX

w1, w2 = sp.symbols("w1 w2", real=True)
t = sp.Symbol("t", positive=True)
Q = 2 * w1**2 + 6 * w1 * w2 + 6 * w2**2
r = sp.sqrt(194)

GOOD_AND_BAD = [
    ("identity", Identity((w1 + w2) ** 2, w1**2 + 2 * w1 * w2 + w2**2),
     Identity((w1 + w2) ** 2, w1**2 + w1 * w2 + w2**2)),
    ("radical identity", Identity(sp.sqrt(Q / 9), sp.sqrt(Q) / 3),
     Identity(sp.sqrt(Q / 6), sp.sqrt(Q) / 3)),
    ("scaling", Identity(sp.sqrt(t**2 * Q), t * sp.sqrt(Q)),
     Identity(sp.sqrt(t**2 * Q), t**2 * sp.sqrt(Q))),
    ("vector identity", Identity(sp.Matrix([sp.Derivative(Q, w1), sp.Derivative(Q, w2)]),
                                 sp.Matrix([4 * w1 + 6 * w2, 6 * w1 + 12 * w2])),
     Identity(sp.Matrix([sp.Derivative(Q, w1), sp.Derivative(Q, w2)]),
              sp.Matrix([4 * w1 + 6 * w2, 6 * w1 + 13 * w2]))),
    ("value", Equal(sp.sqrt(74) / 74**2 * 4, 2 * sp.sqrt(74) / 2738),
     Equal(sp.sqrt(74) / 74**2 * 4, 2 * sp.sqrt(75) / 2738)),
    ("compare", Compare(sp.Rational(72, 17), ">", 0), Compare(sp.Rational(72, 17), "<", 0)),
    ("compare radicals", Compare(201 - 2 * r, ">", 173), Compare(201 - 2 * r, ">", 174)),
    ("deep cancellation", Compare(sp.sqrt(10**400 + 1) - 10**200, ">", 0),
     Compare(sp.sqrt(10**400 + 1) - 10**200, "<", 0)),
    ("nonzero", NonZero(sp.Matrix([0, sp.sqrt(2) - 1])),
     NonZero(sp.Matrix([0, (sp.sqrt(2) + 1) * (sp.sqrt(2) - 1) - 1]))),
    ("definite", Definite(sp.Matrix([[12, 18], [18, 28]])),
     Definite(sp.Matrix([[12, 18], [18, 27]]))),
    ("semidefinite with kernel", Definite(sp.Matrix([[9, -15], [-15, 25]]), 1, sp.Matrix([5, 3])),
     Definite(sp.Matrix([[9, -15], [-15, 25]]), 1, sp.Matrix([3, 5]))),
    ("radical semidefinite", Definite(9 * r / 18818 * sp.Matrix([[3, -5], [-5, sp.Rational(25, 3)]]),
                                      1, sp.Matrix([5, 3])),
     Definite(-9 * r / 18818 * sp.Matrix([[3, -5], [-5, sp.Rational(25, 3)]]), 1,
              sp.Matrix([5, 3]))),
    ("negative semidefinite", Definite(sp.Matrix([[-9, 15], [15, -25]]), -1, sp.Matrix([5, 3])),
     Definite(sp.Matrix([[9, -15], [-15, 25]]), -1, sp.Matrix([5, 3]))),
    ("rounding", Rounds(sp.Matrix([-54 * sp.sqrt(74) / 1369]), ("-0.34",)),
     Rounds(sp.Matrix([-54 * sp.sqrt(74) / 1369]), ("-0.33",))),
]


@pytest.mark.parametrize(("kind", "good", "bad"), GOOD_AND_BAD, ids=[g[0] for g in GOOD_AND_BAD])
def test_fact_accepts_the_truth_and_rejects_the_planted_error(kind, good, bad):
    good.verify()
    with pytest.raises(Refuted):
        bad.verify()
    assert good.method and good.detail()


def test_identity_failure_names_a_counter_point():
    with pytest.raises(Refuted) as err:
        Identity(sp.sqrt(Q) / 2, sp.sqrt(Q) / 3).verify()
    assert err.value.point is not None and "w1 =" in err.value.point


def test_numerically_invisible_error_is_still_caught_exactly():
    with pytest.raises(Refuted):
        Identity(w1 + sp.Rational(1, 10**60) * w2, w1).verify()


def test_check_step_names_the_step_and_turns_undecided_into_a_failure():
    head = Term(TeX("x"), sp.exp(w1))
    step = Step("planted", "planted", "test", (chain(head, ("=", Term(sp.exp(w1), sp.exp(w1)))),))
    with pytest.raises(CheckFailed, match=r"planted.*undecided"):
        check_step(step)


def test_every_link_of_a_chain_becomes_a_fact():
    head = Term(TeX(r"\nabla^2 C"), sp.Matrix([[12, 18], [18, 28]]))
    c = chain(head, ("=", Term(sp.Matrix([[12, 18], [18, 28]]), sp.Matrix([[12, 18], [18, 28]]))),
              Link("pd", inline=True))
    kinds = [type(f).__name__ for f in c.facts()]
    assert kinds == ["Equal", "Definite"]


@pytest.mark.parametrize(("rel", "kernel"), [
    ("pd", sp.Matrix([1, 0])), ("nd", sp.Matrix([1, 0])), ("psd", None), ("nsd", None),
])
def test_the_printed_relation_decides_strict_or_semidefinite(rel, kernel):
    """≻ 0 with a kernel would print strictness but check only semidefiniteness: refused."""
    with pytest.raises(ValueError, match="kernel"):
        Link(rel, inline=True, kernel=kernel)
