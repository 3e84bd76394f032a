"""Every statement of "All initialisations" holds (independent checker), and wrong ones are caught."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

import pytest
import sympy as sp
from landscape_cases import NAMES, SPECS, land
from landscape_checker import StatementFailed, verify
from landscape_statements import Statement, statements

from bnreport import exact as enclose
from bnreport.landscape import Case, Matrix, landscape

KINDS = {"identity", "equal", "sign", "definite"}


@pytest.mark.parametrize("name", NAMES)
def test_every_statement_holds(name):
    failures = []
    for statement in statements(land(name)):
        assert statement.kind in KINDS
        try:
            verify(statement)
        except StatementFailed as err:
            failures.append(str(err))
    assert failures == []


EXPECTED = {  # statement ids each case must contain (the rest is checked above)
    Case.GENERIC: {"rhs-distance", "cone-difference", "cone-factor", "cone-gram", "cone-charpoly",
                   "cone-charpoly-g", "cone-normals", "cone-normals-orthogonal", "plane-zeros-k",
                   "half-angle", "arc-0-orientation", "arc-5-minus", "arcs-total",
                   "probability-critical", "probability-minimisers-given",
                   "probability-minimisers-decimals-low", "wstar-critical-identity",
                   "wstar-critical-data", "direction-of-minimisers", "w0-cone"},
    Case.ON_MINIMISERS: {"cone-zero", "degenerate-parallel", "degenerate-k", "degenerate-d-sign",
                         "wstar-critical-parallel", "wstar-critical-role"},
    Case.ON_MAXIMISERS: {"cone-zero", "degenerate-parallel", "degenerate-k", "wstar-critical-role"},
    Case.WSTAR_ZERO: {"wstar-zero", "wstar-critical-identity", "direction-of-minimisers"},
}


@pytest.mark.parametrize("name", NAMES)
def test_the_statements_cover_the_case(name):
    the = land(name)
    ids = {s.id for s in statements(the)}
    assert EXPECTED[the.geometry.case] <= ids
    if the.geometry.case is not Case.GENERIC:
        assert not any(i.startswith(("arc-", "cone-gram", "probability-")) for i in ids)
    if the.data.p == 2 and the.geometry.case is Case.GENERIC:
        assert {"wedge-critical-start-decimals-low", "wedge-minimisers-end-decimals-high"} <= ids


def test_paper_statements_say_what_the_note_prints():
    by_id = {s.id: s for s in statements(land("paper"))}
    assert by_id["cone-charpoly"].rhs == sp.Symbol("lambda") ** 2 - 48960
    assert by_id["probability-critical"].rhs == sp.Rational(1, 4)
    low = by_id["wedge-critical-start-decimals-low"]
    assert (low.rel, low.rhs) == (">=", sp.Rational(5126, 100) - sp.Rational(1, 200))
    assert by_id["wstar-not-critical"].rel == "!="


# -- planted errors: the checker must reject each ------------------------------------------------
def _replace(statement: Statement, **changes) -> Statement:
    return dataclasses.replace(statement, **changes)


def _bump(value: sp.Basic) -> sp.Basic:
    tiny = sp.Rational(1, 10**6)
    return value.applyfunc(lambda e: e + tiny) if isinstance(value, sp.MatrixBase) else value + tiny


PLANTS = {
    # id of the statement → how to break it
    "rhs-distance": lambda s: _replace(s, rhs=_bump(s.rhs)),
    "cone-normals": lambda s: _replace(s, rhs=sp.expand(s.rhs * (1 + sp.Rational(1, 10**9)))),
    "cone-factor": lambda s: _replace(s, rhs=s.rhs.applyfunc(lambda e: -e)),
    "cone-gram": lambda s: _replace(s, lhs=Matrix([[1, 2], [2, 1]])),
    "cone-charpoly": lambda s: _replace(s, rhs=s.rhs + 1),
    "cone-normals-orthogonal": lambda s: _replace(s, lhs=s.lhs + sp.sqrt(2) - sp.Rational(1414, 1000)),
    "plane-k-at-d": lambda s: _replace(s, rel=">"),
    "arc-0-angle": lambda s: _replace(s, rhs=s.rhs * (1 + sp.Rational(1, 10**30))),
    "half-angle": lambda s: _replace(s, rhs=Matrix([sp.cos(2 * sp.Symbol("h", positive=True)), 0])),
    "arcs-total": lambda s: _replace(s, rhs=2 * sp.pi + sp.Rational(1, 10**12)),
    "probability-minimisers": lambda s: _replace(s, rhs=s.rhs + sp.Symbol("h", positive=True) / 100),
    "wedge-critical-start-decimals-high": lambda s: _replace(s, rhs=s.rhs - sp.Rational(1, 100)),
    "probability-minimisers-decimals-low": lambda s: _replace(s, rhs=s.rhs + sp.Rational(1, 100)),
    "wstar-critical-identity": lambda s: _replace(s, rhs=s.rhs * 2),
    "wstar-critical-data": lambda s: _replace(s, rhs=_bump(s.rhs)),
}


@pytest.mark.parametrize("target", sorted(PLANTS))
def test_a_planted_wrong_statement_is_rejected(target):
    original = next(s for s in statements(land("paper")) if s.id == target)
    verify(original)
    with pytest.raises(StatementFailed):
        verify(PLANTS[target](original))


def test_a_statement_of_an_unknown_kind_is_rejected():
    s = next(s for s in statements(land("paper")) if s.id == "cone-factor")
    with pytest.raises(StatementFailed, match="unknown kind"):
        verify(_replace(s, kind="maybe"))


def _failing(the) -> set[str]:
    failed = set()
    for statement in statements(the):
        try:
            verify(statement)
        except StatementFailed:
            failed.add(statement.id)
    return failed


@pytest.mark.parametrize(("field", "wrong", "caught_by"), [
    ("wstar", Matrix([1, 2]), {"wstar-normal-equations", "wstar-critical-data"}),
    ("d", Matrix([3, 5]), {"direction-of-minimisers"}),
    ("d", Matrix([-5, -3]), {"direction-orientation"}),
])
def test_wrong_inputs_are_caught_by_the_statements(field, wrong, caught_by):
    """Re-pointing the input to a wrong W* or d (e.g. after a refactoring) cannot go unnoticed."""
    data = dataclasses.replace(land("paper").data, **{field: wrong})
    assert caught_by <= _failing(landscape(data))


def test_a_wrong_quadratic_form_is_caught():
    the = land("p=3")
    geo = dataclasses.replace(the.geometry, form=Matrix(the.geometry.form + sp.eye(3)))
    planted = dataclasses.replace(the, geometry=geo)
    assert {"cone-form", "cone-factor"} <= _failing(planted)


# -- enclosures ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("value", "expected"), [
    (sp.sqrt(10**400 + 1) - 10**200, 1),            # evalf's classic trap: a deep cancellation
    (sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6), 0),      # an exact zero needs the minimal polynomial
    (sp.Rational(-3, 7), -1),
    (sp.pi - sp.Rational(355, 113), -1),
    (sp.Integer(0), 0),
    (7 * sp.sqrt(85) / 85 - sp.Rational(759, 1000), 1),
])
def test_enclosed_signs(value, expected):
    assert enclose.sign(value) == expected


def test_transcendental_zero_is_undecided_not_guessed():
    with pytest.raises(enclose.Undecided):
        enclose.sign(sp.Symbol("x") + 1)  # not a constant
    with pytest.raises(enclose.Undecided):
        enclose.sign(sp.acos(sp.Rational(1, 3)) - 2 * sp.atan(sp.sqrt(2) / 2))  # exactly 0


@pytest.mark.parametrize(("value", "decimals", "text"), [
    (sp.Rational(1, 4), 4, "0.2500"),
    (sp.Rational(5, 2) / 100, 2, "0.03"),            # half away from zero, exactly
    (-sp.Rational(5, 1000), 2, "-0.01"),
    (sp.sqrt(2), 10, "1.4142135624"),
    (sp.Rational(1, 4) + sp.acos(7 / sp.sqrt(85)) / (4 * sp.pi), 4, "0.3064"),
])
def test_certified_rounding(value, decimals, text):
    result = enclose.rounded(value, decimals)
    assert result.text == text
    assert result.error_bound <= Fraction(1, 2 * 10**decimals)


def test_every_case_has_statements():
    assert all(statements(land(name)) for name in NAMES)
    assert {SPECS[n].case for n in NAMES} == set(Case)
