"""Planted errors in either route, or in a display, stop the build at the step that shows them."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sympy as sp
from planted import PLANTED, PLANTED_IDS, plant

from bnreport.check import check_steps
from bnreport.closed import Closed
from bnreport.derive import derive
from bnreport.errors import CheckFailed
from bnreport.loader import load_problem
from bnreport.model import Quoted


@pytest.mark.parametrize(("name", "owner", "attribute", "wrong", "step_id"), PLANTED,
                         ids=PLANTED_IDS)
def test_planted_error_is_caught_at_its_step(monkeypatch, name, owner, attribute, wrong, step_id):
    plant(monkeypatch, owner, attribute, wrong)
    note = derive(load_problem())
    with pytest.raises(CheckFailed) as err:
        check_steps(note.steps)
    assert err.value.step_id == step_id


def test_misquoted_paper_figure_is_caught():
    problem = replace(load_problem(), quoted=Quoted(("-0.35", "0.11")))
    with pytest.raises(CheckFailed) as err:
        check_steps(derive(problem).steps)
    assert err.value.step_id == "grad-chat-wstar-rounded"


def test_a_value_that_fools_a_60_digit_evaluation_is_still_rejected(monkeypatch):
    # √(10⁴⁰⁰+1) − 10²⁰⁰ ≈ 5·10⁻²⁰¹, which evalf(60) returns as -0.e+9: planted as the gap
    # between the extreme values, the rigorous sign must reject "Ĉ(−d) − Ĉ(d) > 0".
    gap = 10**200 - sp.sqrt(10**400 + 1)
    monkeypatch.setattr(Closed, "chat_max", property(lambda self: self.chat_min + gap))
    with pytest.raises(CheckFailed) as err:
        check_steps(derive(load_problem()).steps)
    assert err.value.step_id == "chat-extremes"
