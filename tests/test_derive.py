"""The derivation reproduces the exact values of Example 3.2 (asserted here, computed there)."""

from __future__ import annotations

import pytest
import sympy as sp

from bnreport.check import check_steps

w1, w2 = sp.symbols("w1 w2", real=True)
ROOT74 = sp.sqrt(74)

EXPECTED = [
    ("mu", sp.Rational(4, 3) * w1 + 2 * w2),
    ("sigma", sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2) / 3),
    ("C", sp.expand((w1 + w2 - 2) ** 2 + (w1 + 2 * w2 - 5) ** 2 + (2 * w1 + 3 * w2 - 13) ** 2)),
    ("wstar", sp.Matrix([1, 3])),
    ("hess_C", sp.Matrix([[12, 18], [18, 28]])),
    ("direction", sp.Matrix([5, 3])),
    ("chat_min", 201 - 2 * sp.sqrt(194)),
    ("lemma_rhs", sp.Integer(0)),
    ("line_distance2", sp.Rational(72, 17)),
    ("const", sp.Integer(201)),
    ("z", [w1 + w2, w1 + 2 * w2, 2 * w1 + 3 * w2]),
    ("centred_terms", [-w1 - 3 * w2, -w1, 2 * w1 + 3 * w2]),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_quantity_has_the_papers_exact_value(q, name, expected):
    value = getattr(q, name)
    pairs = zip(value, expected, strict=True) if isinstance(expected, list | sp.Matrix) else [
        (value, expected)]
    assert all(sp.expand(v - e) == 0 for v, e in pairs)
    if isinstance(expected, sp.Matrix):
        assert value.shape == expected.shape


def test_gradient_of_chat_at_wstar_is_exact(q):
    exact = q.at(q.grad_Chat, q.wstar)
    assert list(exact) == [-54 * ROOT74 / 1369, 18 * ROOT74 / 1369]
    assert [round(float(v), 4) for v in exact] == [-0.3393, 0.1131]


def test_chat_in_the_papers_three_term_form(q):
    root = sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)
    paper = ((-w1 - 3 * w2) / root - 2) ** 2 + (-w1 / root - 5) ** 2 + (
        (2 * w1 + 3 * w2) / root - 13) ** 2
    point = {w1: sp.Rational(2, 7), w2: sp.Rational(-5, 3)}
    assert abs(sp.N((q.Chat - paper).xreplace(point), 50)) < 1e-40
    assert abs(sp.N((q.Chat_def - paper).xreplace(point), 50)) < 1e-40


def test_critical_line_is_3w1_equals_5w2(q):
    assert sp.expand(q.ray_form - (3 * w1 - 5 * w2)) == 0
    assert sp.factor(q.gap) == (3 * w1 - 5 * w2) ** 2 / 3


def test_gradient_vanishes_on_the_ray_and_not_at_wstar(q):
    assert q.at(q.grad_Chat, sp.Matrix([10, 6])) == sp.zeros(2, 1)
    assert q.at(q.grad_Chat, q.wstar) != sp.zeros(2, 1)


def test_every_step_of_the_note_passes_its_check(derived):
    _, steps = derived
    verdicts = check_steps(steps)
    assert list(verdicts) == [s.id for s in steps]
    assert len(verdicts) >= 20


def test_step_ids_are_unique_and_readable(derived):
    ids = [s.id for s in derived[1]]
    assert len(ids) == len(set(ids))
    assert all(i.replace("-", "").isalnum() and i == i.lower() for i in ids)
    for expected in ("bn-mean", "bn-std", "grad-chat-wstar", "critical-ray", "chat-min-value"):
        assert expected in ids
