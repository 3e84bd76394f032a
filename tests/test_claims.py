"""`bnreport check`: a table of claims on Example 3.2 (true ones, and false near-misses)."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from bnreport.claims.evaluate import evaluate
from bnreport.cli import main
from bnreport.commands import check
from bnreport.quantities import Quantities

# (claim, expected verdict). The paper's statements first, then every quantity, relation, predicate.
CLAIMS = [
    ("grad_Chat(Wstar) ~= (-0.34, 0.11)", "true"),
    ("grad_Chat(Wstar) ~= (-0.35, 0.11)", "false"),           # wrong last digit
    ("grad_Chat(Wstar) ~= (0.34, 0.11)", "false"),            # wrong sign
    ("grad_Chat(Wstar) ~= (-0.339, 0.113)", "true"),
    ("grad_Chat(Wstar) ~= (-0.340, 0.113)", "false"),         # off by rounding at 3 decimals
    ("grad_Chat(Wstar) ~= (-0.3393, 0.1131)", "true"),
    ("grad_Chat(Wstar) ~= (-0.3394, 0.1131)", "false"),
    ("grad_Chat(Wstar) == (-54*sqrt(74)/1369, 18*sqrt(74)/1369)", "true"),
    ("grad_Chat(Wstar) == (-54*sqrt(74)/1369, 18*sqrt(74)/1368)", "false"),
    ("grad_Chat(W0) != (0, 0)", "true"),
    ("is_critical(Chat, Wstar)", "false"),                     # the counterexample
    ("is_local_min(Chat, Wstar)", "false"),
    ("is_local_min(C, Wstar)", "true"),
    ("is_global_min(C, (1, 3))", "true"),
    ("is_global_min(C, (1, 2))", "false"),
    ("is_critical(C, (3, 1))", "false"),
    ("is_local_max(C, Wstar)", "false"),
    ("is_global_max(C, (1, 3))", "false"),
    ("is_critical(Chat, (5, 3))", "true"),                     # the ray 3 w1 = 5 w2
    ("is_local_min(Chat, (5, 3))", "true"),                    # non-strict minimum
    ("is_local_min(Chat, (10, 6))", "true"),
    ("is_global_min(Chat, (5/2, 3/2))", "true"),
    ("is_local_max(Chat, (5, 3))", "false"),
    ("is_local_min(Chat, (3, 5))", "false"),
    ("is_critical(Chat, (5, 4))", "false"),
    ("is_local_min(Chat, (-5, -3))", "false"),                 # the other half of the line
    ("is_global_max(Chat, (-5, -3))", "true"),
    ("is_local_max(Chat, (-5, -3))", "true"),
    ("is_global_max(Chat, (5, 3))", "false"),
    ("Chat(5, 3) == 201 - 2*sqrt(194)", "true"),
    ("Chat(5, 3) == 201 - 2*sqrt(193)", "false"),
    ("Chat(5, 3) < Chat(Wstar)", "true"),
    ("Chat(5, 3) > Chat(Wstar)", "false"),
    ("Chat(5, 3) ~= 173.14", "true"),
    ("Chat(5, 3) ~= 173.15", "false"),
    ("Chat(5, 3) ~= 173", "true"),                             # integer literal: 0 decimals
    ("Chat(2*w) == Chat(w)", "true"),                          # scale invariance
    ("Chat(w + (1, 0)) == Chat(w)", "false"),
    ("dot(w, grad_Chat(w)) == 0", "true"),                     # Euler
    ("dot(w, grad_C(w)) == 0", "false"),
    ("mu(w) == 4/3*w1 + 2*w2", "true"),
    ("mu(w) == 4/3*w1 + 2*w2 + 1/1000", "false"),
    ("sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/3", "true"),
    ("sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/2", "false"),  # divisor N-1 instead of N
    ("sigma(1, 3) == sqrt(74)/3", "true"),
    ("sigma(1, 3) >= 3", "false"),
    ("z(w) == (w1 + w2, w1 + 2*w2, 2*w1 + 3*w2)", "true"),
    ("z(1, 3) == (4, 7, 11)", "true"),
    ("z(1, 3) == (4, 7, 12)", "false"),
    ("C(1, 3) == 12", "true"),
    ("C(1, 3) <= 11", "false"),
    ("C(w) == (w1 + w2 - 2)^2 + (w1 + 2*w2 - 5)^2 + (2*w1 + 3*w2 - 13)^2", "true"),
    ("C(w) == (w1 + w2 - 2)**2 + (w1 + 2*w2 - 5)**2", "false"),  # a dropped term
    ("grad_C(Wstar) == (0, 0)", "true"),
    ("grad_C(0, 0) == (-66, -102)", "true"),
    ("grad_C(0, 0) == (-66, 102)", "false"),
    ("hess_C(w) == hess_C(Wstar)", "true"),
    ("dot((1, 0), hess_C(0, 0)*(1, 0)) > 0", "error"),         # matrix*vector is not in the language
    ("hess_Chat(5, 3)*2 == hess_Chat(5, 3) + hess_Chat(5, 3)", "true"),
    ("norm(Wstar)^2 == 10", "true"),
    ("norm(Wstar) == 10", "false"),
    ("dot(W0, Wstar) > 0", "true"),
    ("dot(W0, Wstar) < 0", "false"),
    ("norm(W0 - Wstar) == 0", "true"),
    ("-(1) ** 2 == -1", "true"),
    ("2^-1 == 0.5", "true"),
    ("2^-1 == 0.4", "false"),
    ("1/3 ~= 0.333", "true"),
    ("1/3 ~= 0.334", "false"),
    ("-1/200 ~= -0.01", "true"),                              # -0.005 rounds away from zero
    ("1/200 ~= 0.00", "false"),
    ("is_critical(Chat, (1, 1))", "false"),
    ("is_global_min(Chat, W0)", "false"),
    ("is_local_max(C, (0, 0))", "false"),
    ("Chat(Wstar) == Chat(5, 3)", "false"),
    ("mu(Wstar) == 22/3", "true"),
    ("mu(Wstar) == 7", "false"),
    ("mu(Wstar) ~= 7.3", "true"),
    ("mu(Wstar) ~= 7.4", "false"),
    ("sigma(0, 1) == sqrt(6)/3", "true"),
    ("sigma(0, 1) == sqrt(6)/2", "false"),
    ("sigma(5, 3) ~= 4.64", "true"),
    ("sigma(5, 3) ~= 4.65", "false"),
    ("grad_Chat(5, 3) != (0, 0)", "false"),
    ("grad_Chat(-5, -3) == (0, 0)", "true"),
    ("hess_C(1, 3) == 2*hess_C(0, 0)", "false"),
    ("z(0, 1) == (1, 2, 4)", "false"),
    ("C(0, 0) == 198", "true"),
    ("C(0, 0) > 198", "false"),
    ("Chat(1, 0) == Chat(2, 0)", "true"),
    ("Chat(1, 0) == Chat(-1, 0)", "false"),
    ("norm((3, 4)) == 5", "true"),
    ("norm((3, 4)) == 7", "false"),
    ("dot((1, 2), (3, 4)) == 10", "false"),
    ("sqrt(2)^2 == 2", "true"),
    ("sqrt(2) > 1.5", "false"),
]


@pytest.fixture(scope="module")
def quantities(q: Quantities) -> Quantities:
    return q


def test_the_table_is_big_and_mostly_false():
    assert len(CLAIMS) >= 40
    assert 2 * sum(1 for _, v in CLAIMS if v == "false") >= len(CLAIMS)


@pytest.mark.parametrize(("claim", "expected"), CLAIMS, ids=[c for c, _ in CLAIMS])
def test_claim_verdict(quantities, claim, expected):
    result = evaluate(quantities, claim)
    assert result.verdict == expected, result.message


def test_exact_value_and_decimals_are_reported(quantities):
    result = evaluate(quantities, "grad_Chat(Wstar) ~= (-0.34, 0.11)")
    assert result.exact == "(-54*sqrt(74)/1369, 18*sqrt(74)/1369)"
    assert result.lhs == pytest.approx([-0.339317, 0.113106], abs=1e-6)
    assert "≈ (-0.339317, 0.113106)" in result.message


def test_false_identity_names_a_counter_point(quantities):
    result = evaluate(quantities, "sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/2")
    assert result.verdict == "false" and "w1 =" in result.message and result.lhs is None


@pytest.mark.parametrize(("claim", "column"), [
    ("C(1, 3) === 12", 11), ("C(1, 3", 7), ("foo(1) == 1", 1), ("C(1, 2, 3) == 1", 1),
    ("Chat(0, 0) > 0", 1), ("mu(w) < 1", 0), ("w1 == ", 7),
])
def test_errors_say_where(quantities, claim, column):
    result = evaluate(quantities, claim)
    assert result.verdict == "error"
    if column:
        assert f"(column {column})" in result.message


def parse_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    check.add_arguments(parser)
    return parser.parse_args(argv)


@pytest.mark.parametrize(("claims", "code"), [
    (["C(1,3) == 12"], 0), (["C(1,3) == 12", "C(1,3) == 13"], 1),
    (["C(1,3) == 12", "C(1,3) == 13", "C(("], 2),
])
def test_exit_code_is_the_worst_verdict(claims, code):
    out = io.StringIO()
    assert check.run(parse_args(*claims), out) == code
    assert len(out.getvalue().splitlines()) == len(claims)


def test_json_output_and_claims_file(tmp_path, capsys):
    claims = tmp_path / "claims.txt"
    claims.write_text("# reviewer 2\n\ngrad_Chat(Wstar) ~= (-0.34, 0.11)\n"
                      "is_critical(Chat, Wstar)  # the paper says no\n")
    assert main(["check", "--json", "--file", str(claims)]) == 1
    payload = json.loads(capsys.readouterr().out)
    assert [p["verdict"] for p in payload] == ["true", "false"]
    assert set(payload[0]) >= {"claim", "verdict", "message", "exact", "lhs"}
    assert payload[1]["exact"] is None and payload[1]["lhs"] is None


def test_plain_output_lines(capsys):
    assert main(["check", "C(1,3) == 12", "is_critical(Chat, Wstar)"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("TRUE ") and lines[1].startswith("FALSE")


def test_no_claims_is_a_usage_error(capsys):
    assert main(["check"]) == 2
    assert "no claims" in capsys.readouterr().err
