"""The derivation reproduces Example 3.2 exactly, and every displayed row is a checked fact."""

from __future__ import annotations

import pytest
import sympy as sp
from datasets import CASES, problem

from bnreport.check import check_steps
from bnreport.derive import derive
from bnreport.facts import Equal, Identity
from bnreport.printer import tex
from bnreport.render import render_all

w1, w2 = sp.symbols("w1 w2", real=True)
ROOT74 = sp.sqrt(74)

EXPECTED = [
    ("mu", sp.Rational(4, 3) * w1 + 2 * w2),
    ("sigma", sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2) / 3),
    ("C", sp.expand((w1 + w2 - 2) ** 2 + (w1 + 2 * w2 - 5) ** 2 + (2 * w1 + 3 * w2 - 13) ** 2)),
    ("wstar", sp.Matrix([1, 3])),
    ("hess_C", sp.Matrix([[12, 18], [18, 28]])),
    ("A", sp.Matrix([[sp.Rational(2, 3), 1], [1, 2]])),
    ("b", sp.Matrix([sp.Rational(19, 3), 11])),
    ("direction", sp.Matrix([5, 3])),
    ("m", sp.Rational(194, 3)),
    ("chat_min", 201 - 2 * sp.sqrt(194)),
    ("chat_max", 201 + 2 * sp.sqrt(194)),
    ("lemma_rhs", sp.Integer(0)),
    ("line_distance2", sp.Rational(72, 17)),
    ("const", sp.Integer(201)),
    ("C_min", sp.Integer(12)),
    ("z", [w1 + w2, w1 + 2 * w2, 2 * w1 + 3 * w2]),
    ("gap_matrix", sp.Matrix([[3, -5], [-5, sp.Rational(25, 3)]])),
    ("hess_scale", 9 * sp.sqrt(194) / 18818),
]


@pytest.mark.parametrize(("name", "expected"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_quantity_has_the_papers_exact_value(q, name, expected):
    value = getattr(q, name)
    pairs = zip(value, expected, strict=True) if isinstance(expected, list | sp.Matrix) else [
        (value, expected)]
    assert all(sp.expand(v - e) == 0 for v, e in pairs)


def test_gradient_of_chat_at_wstar_is_exact(q):
    exact = q.at(q.grad_Chat, q.wstar)
    assert list(exact) == [-54 * ROOT74 / 1369, 18 * ROOT74 / 1369]
    assert [round(float(v), 4) for v in exact] == [-0.3393, 0.1131]


def test_chat_in_the_papers_three_term_form(note):
    root = sp.sqrt(2 * w1**2 + 6 * w1 * w2 + 6 * w2**2)
    paper = ((-w1 - 3 * w2) / root - 2) ** 2 + (-w1 / root - 5) ** 2 + (
        (2 * w1 + 3 * w2) / root - 13) ** 2
    Identity(note.closed.Chat, paper).verify()
    Identity(derive(note.problem).closed.Chat, paper).verify()


def test_findings_on_the_papers_data(note):
    f = note.findings
    assert f.w0_is_wstar and f.hypothesis and f.rhs_zero and f.beyond
    assert not f.wstar_critical and not f.w0_critical
    assert f.critical.fails and f.minimisers.fails


def test_step_ids_are_unique_and_readable(note):
    ids = [s.id for s in note.steps]
    assert len(ids) == len(set(ids))
    assert all(i.replace("-", "").isalnum() and i == i.lower() for i in ids)


FAST = [name for name in CASES if "p=5" not in name]


@pytest.fixture(scope="module", params=FAST)
def checked(request):
    note = derive(problem(request.param))
    return note, check_steps(note.steps)


def test_every_displayed_link_is_a_checked_fact_on_the_printed_objects(checked):
    note, verdicts = checked
    rendered = render_all(note, verdicts)
    for step in note.steps:
        fragment = rendered.fragments[step.id]
        for chain in step.chains:
            facts = chain.facts()
            assert len(facts) == len(chain.links)  # no link without a fact
            for link, fact in zip(chain.links, facts, strict=True):
                if isinstance(fact, Identity | Equal):
                    # the checked sides are the head's meaning and the displayed term's value
                    assert fact.lhs is chain.head.value and fact.rhs is link.term.value
                if link.term is not None and not isinstance(link.term.shown, str):
                    assert tex(link.term.shown, note.names.tex) in fragment


def test_every_macro_is_a_displayed_term(checked):
    note, _ = checked
    for step in note.steps:
        shown = [id(t) for t in step.terms()]
        for macro in step.macros:
            assert id(macro.term) in shown, (step.id, macro.name)
