"""`bnreport check`: a table of claims on Example 3.2 (true ones, and false near-misses)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bnreport.claims.evaluate import evaluate
from bnreport.closed import Closed as Quantities
from bnreport.model import problem_from_rows

# (claim, expected verdict). The paper's statements first, then every quantity, relation, predicate.
CLAIMS = [
    # -- the paper's figures for ∇Ĉ(W*) and their near misses
    ("grad_Chat(Wstar) ~= (-0.34, 0.11)", "true"),
    ("grad_Chat(Wstar) ~= (-0.35, 0.11)", "false"),           # wrong last digit
    ("grad_Chat(Wstar) ~= (0.34, 0.11)", "false"),            # wrong sign
    ("grad_Chat(Wstar) ~= (-0.33, 0.11)", "false"),           # truncated instead of rounded
    ("grad_Chat(Wstar) ~= (-0.339, 0.113)", "true"),
    ("grad_Chat(Wstar) ~= (-0.340, 0.113)", "false"),         # off by rounding at 3 decimals
    ("grad_Chat(Wstar) ~= (-0.3393, 0.1131)", "true"),
    ("grad_Chat(Wstar) ~= (-0.3394, 0.1131)", "false"),
    ("grad_Chat(Wstar) ~= (\u22120.34, 0.11)", "true"),       # minus sign pasted from the PDF
    ("grad_Chat(Wstar) ~= (-0.34, 0.11, 0)", "error"),        # three figures for two values
    ("grad_Chat(Wstar) == (-54*sqrt(74)/1369, 18*sqrt(74)/1369)", "true"),
    ("grad_Chat(Wstar) == (-54*sqrt(74)/1369, 18*sqrt(74)/1368)", "false"),
    ("grad_Chat(W0) != (0, 0)", "true"),
    ("grad_Chat(Wstar) < (0, 1)", "true"),                    # tuples: component by component
    ("grad_Chat(Wstar) > (-1, 0.2)", "false"),
    # -- the counterexample and the critical ray 3 w1 = 5 w2
    ("is_critical(Chat, Wstar)", "false"),
    ("is_local_min(Chat, Wstar)", "false"),
    ("is_local_max(Chat, Wstar)", "false"),
    ("is_critical(Chat, (5, 3))", "true"),
    ("is_local_min(Chat, (5, 3))", "true"),                    # non-strict: singular Hessian
    ("is_local_min(Chat, (10, 6))", "true"),
    ("is_global_min(Chat, (5/2, 3/2))", "true"),
    ("is_global_min(Chat, (5*sqrt(2), 3*sqrt(2)))", "true"),   # on the ray, irrational point
    ("is_critical(Chat, (5*sqrt(2), 3*sqrt(2) + 1/10^9))", "false"),
    ("is_local_max(Chat, (5, 3))", "false"),
    ("is_local_min(Chat, (3, 5))", "false"),
    ("is_critical(Chat, (5, 4))", "false"),
    ("is_critical(Chat, (1, 1))", "false"),
    ("is_local_min(Chat, (-5, -3))", "false"),                 # the other half of the line
    ("is_global_max(Chat, (-5, -3))", "true"),
    ("is_local_max(Chat, (-5, -3))", "true"),
    ("is_global_max(Chat, (5, 3))", "false"),
    ("is_global_min(Chat, W0)", "false"),
    ("is_critical(Chat, 5, 3)", "true"),                       # shorthand, as for quantities
    ("is_local_min(Chat, (0, 0))", "error"),                   # Ĉ is undefined at w = 0
    ("is_critical(Chat, w)", "error"),
    # -- C: a convex quadratic with unique minimiser W*
    ("is_global_min(C, (1, 3))", "true"),
    ("is_local_min(C, Wstar)", "true"),
    ("is_critical(C, Wstar)", "true"),
    ("is_global_min(C, (1, 2))", "false"),
    ("is_global_min(C, (1, 3.0001))", "false"),
    ("is_critical(C, (3, 1))", "false"),
    ("is_local_max(C, Wstar)", "false"),
    ("is_global_max(C, (1, 3))", "false"),
    ("is_local_max(C, (0, 0))", "false"),
    ("is_global_min(C, (sqrt(1), 9^(1/2)))", "true"),
    # -- Ĉ values
    ("Chat(5, 3) == 201 - 2*sqrt(194)", "true"),
    ("Chat(5, 3) == 201 - 2*sqrt(193)", "false"),
    ("Chat(5, 3) == 201 + 2*sqrt(194)", "false"),                # wrong sign
    ("Chat(5, 3) < Chat(Wstar)", "true"),
    ("Chat(5, 3) > Chat(Wstar)", "false"),
    ("Chat(5, 3) ~= 173.14", "true"),
    ("Chat(5, 3) ~= 173.15", "false"),
    ("Chat(5, 3) ~= 173", "true"),                             # integer literal: 0 decimals
    ("Chat(5, 3) ~= 174", "false"),
    ("Chat(Wstar) == Chat(5, 3)", "false"),
    ("Chat(1, 0) == Chat(2, 0)", "true"),
    ("Chat(1, 0) == Chat(-1, 0)", "false"),
    ("Chat(0, 0) > 1", "error"),
    # -- identities in w
    ("Chat(2*w) == Chat(w)", "true"),                          # scale invariance
    ("Chat(w*3/7) == Chat(w)", "true"),
    ("Chat(-w) == Chat(w)", "false"),                          # invariance needs t > 0
    ("Chat(w + (1, 0)) == Chat(w)", "false"),
    ("dot(w, grad_Chat(w)) == 0", "true"),                     # Euler
    ("dot(w, grad_C(w)) == 0", "false"),
    ("mu(w) == 4/3*w1 + 2*w2", "true"),
    ("mu(w) == 4/3*w1 + 2*w2 + 1/1000", "false"),
    ("mu(w) == 4/3*w1 + 3*w2", "false"),
    ("mu(w) != 4/3*w1 + 2*w2", "false"),
    ("sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/3", "true"),
    ("sigma(w) == sqrt(2*w1^2+6*w1*w2+6*w2^2)/2", "false"),    # a wrong divisor
    ("sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)", "false"),  # a dropped factor
    ("z(w) == (w1 + w2, w1 + 2*w2, 2*w1 + 3*w2)", "true"),
    ("z(w) == (w1 + w2, w1 + 2*w2, 2*w1 + 3*w2 + 1)", "false"),
    ("C(w) == (w1 + w2 - 2)^2 + (w1 + 2*w2 - 5)^2 + (2*w1 + 3*w2 - 13)^2", "true"),
    ("C(w) == (w1 + w2 - 2)**2 + (w1 + 2*w2 - 5)**2", "false"),  # a dropped term
    ("grad_C(w) == 2*((6*w1 + 9*w2 - 33), (9*w1 + 14*w2 - 51))", "true"),
    ("grad_C(w) == 2*((6*w1 + 9*w2 - 33), (9*w1 + 14*w2 - 49))", "false"),  # a wrong constant
    ("hess_C(w) == hess_C(Wstar)", "true"),
    ("hess_Chat(2*w)*4 == hess_Chat(w)", "true"),              # homogeneous of degree -2
    ("hess_Chat(2*w)*2 == hess_Chat(w)", "false"),
    ("mu(w) < 1", "error"),                                    # no single value
    # -- plain values and arithmetic
    ("sigma(1, 3) == sqrt(74)/3", "true"),
    ("sigma(1, 3) >= 3", "false"),
    ("sigma(0, 1) == sqrt(6)/3", "true"),
    ("sigma(0, 1) == sqrt(6)/2", "false"),
    ("sigma(5, 3) ~= 4.64", "true"),
    ("sigma(5, 3) ~= 4.65", "false"),
    ("sigma(0, 0) == 0", "true"),                              # σ itself is defined at 0
    ("z(1, 3) == (4, 7, 11)", "true"),
    ("z(1, 3) == (4, 7, 12)", "false"),
    ("z(0, 1) == (1, 2, 4)", "false"),
    ("mu(Wstar) == 22/3", "true"),
    ("mu(Wstar) == 7", "false"),
    ("mu(Wstar) ~= 7.3", "true"),
    ("mu(Wstar) ~= 7.4", "false"),
    ("C(1, 3) == 12", "true"),
    ("C(1, 3) <= 11", "false"),
    ("C(0, 0) == 198", "true"),
    ("C(0, 0) > 198", "false"),
    ("grad_C(Wstar) == (0, 0)", "true"),
    ("grad_C(0, 0) == (-66, -102)", "true"),
    ("grad_C(0, 0) == (-66, 102)", "false"),
    ("hess_C(1, 3) == 2*hess_C(0, 0)", "false"),
    ("grad_Chat(5, 3) != (0, 0)", "false"),
    ("grad_Chat(-5, -3) == (0, 0)", "true"),
    ("hess_Chat(5, 3)*2 == hess_Chat(5, 3) + hess_Chat(5, 3)", "true"),
    ("dot((1, 0), hess_C(0, 0)*(1, 0)) > 0", "error"),         # matrix*vector is not in the language
    ("norm(Wstar)^2 == 10", "true"),
    ("norm(Wstar) == 10", "false"),
    ("dot(W0, Wstar) > 0", "true"),
    ("dot(W0, Wstar) < 0", "false"),
    ("norm(W0 - Wstar) == 0", "true"),
    ("norm((3, 4)) == 5", "true"),
    ("norm((3, 4)) == 7", "false"),
    ("dot((1, 2), (3, 4)) == 10", "false"),
    ("(1, 2) < (3, 4)", "true"),
    ("(1, 5) < (3, 4)", "false"),
    ("-(1) ** 2 == -1", "true"),
    ("-2^2 == 4", "false"),                                    # unary minus binds looser than ^
    ("2^3^2 == 64", "false"),                                  # ^ is right-associative: 2^9
    ("2^-1 == 0.5", "true"),
    ("2^-1 == 0.4", "false"),
    ("sqrt(2)^2 == 2", "true"),
    ("sqrt(2) > 1.5", "false"),
    ("(sqrt(2) + sqrt(3))^2 == 5 + 2*sqrt(6)", "true"),
    ("1/(sqrt(2) + 1) == sqrt(2) - 1", "true"),
    ("1/(sqrt(2) + 1) == sqrt(2) + 1", "false"),
    ("1/3 ~= 0.333", "true"),
    ("1/3 ~= 0.334", "false"),
    ("-1/200 ~= -0.01", "true"),                               # -0.005 rounds away from zero
    ("1/200 ~= 0.00", "false"),
    ("2.5 ~= 2", "false"),
    (".5 ~= 1", "true"),
]


def test_the_table_is_big_and_mostly_false() -> None:
    assert len(CLAIMS) >= 40
    assert 2 * sum(1 for _, verdict in CLAIMS if verdict == "false") >= len(CLAIMS)


def test_the_table_covers_the_language() -> None:
    text = " ".join(claim for claim, _ in CLAIMS)
    words = ["z(", "mu(", "sigma(", "C(", "Chat(", "grad_C(", "grad_Chat(", "hess_C(", "hess_Chat(",
             "is_critical(", "is_local_min(", "is_local_max(", "is_global_min(", "is_global_max(",
             "==", "!=", "<", "<=", ">", ">=", "~=", "sqrt(", "dot(", "norm(", "^", "**", "W0",
             "Wstar", "w1", "w2"]
    assert [word for word in words if word not in text] == []


@pytest.mark.parametrize(("claim", "expected"), CLAIMS, ids=[c for c, _ in CLAIMS])
def test_claim_verdict(q: Quantities, claim: str, expected: str) -> None:
    result = evaluate(q, claim)
    assert result.verdict == expected, result.message


def test_exact_value_and_decimals_are_reported(q: Quantities) -> None:
    result = evaluate(q, "grad_Chat(Wstar) ~= (-0.34, 0.11)")
    assert result.exact == "(-54*sqrt(74)/1369, 18*sqrt(74)/1369)"
    assert result.lhs == pytest.approx([-0.339317, 0.113106], abs=1e-6)
    assert "≈ (-0.339317, 0.113106)" in result.message
    assert "rounds (half away from zero) to (-0.34, 0.11)" in result.message


def test_a_false_rounding_says_what_the_value_rounds_to(q: Quantities) -> None:
    result = evaluate(q, "grad_Chat(Wstar) ~= (-0.340, 0.113)")
    assert result.verdict == "false"
    assert "rounds (half away from zero) to (-0.339, 0.113)" in result.message


def test_false_identity_names_a_counter_point(q: Quantities) -> None:
    result = evaluate(q, "sigma(w) == sqrt(2*w1^2 + 6*w1*w2 + 6*w2^2)/2")
    assert result.verdict == "false" and result.lhs is None and result.exact is None
    assert "at (w1, w2) = (" in result.message and "both sides are defined" in result.message
    assert "but the right side is " in result.message


def test_a_counter_point_is_really_one(q: Quantities) -> None:
    """The reported point must make the two sides differ when recomputed independently."""
    result = evaluate(q, "Chat(-w) == Chat(w)")
    point = result.message.split("= (")[1].split(")")[0]
    w1, w2 = (Fraction(c) for c in point.split(", "))
    again = evaluate(q, f"Chat(-({w1}), -({w2})) == Chat({w1}, {w2})")
    assert result.verdict == again.verdict == "false"
    assert again.exact is not None  # decided as two numbers, not as an identity


def test_identity_verdicts_are_reproducible(q: Quantities) -> None:
    first = evaluate(q, "Chat(w + (1, 0)) == Chat(w)")
    assert first == evaluate(q, "Chat(w + (1, 0)) == Chat(w)")


def test_huge_values_keep_every_digit_in_exact_but_not_in_the_message(q: Quantities) -> None:
    result = evaluate(q, "9^1000 > 1")
    assert result.verdict == "true"
    assert len(result.exact) == 955
    assert result.lhs == "1.7478712517226516e+954"  # too large for a double: a decimal string
    assert len(result.message) < 400


@pytest.mark.parametrize(("claim", "column"), [
    ("C(1, 3) === 12", 11), ("C(1, 3", 7), ("foo(1) == 1", 1), ("C(1, 2, 3) == 1", 1),
    ("Chat(0, 0) > 0", 1), ("mu(w) < 1", 7), ("w1 == ", 6), ("(1, 2) == 1", 8),
    ("1 == 1 == 1", 8), ("C(1, 3) == 12 @", 15), ("1/(w1 - w1) == 0", 2), ("sqrt(-2) > 0", 1),
])
def test_errors_say_where(q: Quantities, claim: str, column: int) -> None:
    result = evaluate(q, claim)
    assert result.verdict == "error"
    assert f"(column {column})" in result.message and result.column == column


@pytest.mark.parametrize(("claim", "words"), [
    ("Chat(0, 0) == 1", "undefined at (0, 0): σ = 0"),
    ("grad_Chat((0, 0)) == (0, 0)", "undefined"),
    ("hess_Chat(w - w) == hess_C(w)", "undefined"),
    ("Chat(sqrt(3 + 2*sqrt(2)) - 1 - sqrt(2), 0) > 0", "σ = 0"),  # a zero sympy does not see
    ("1/(sqrt(3 + 2*sqrt(2)) - 1 - sqrt(2)) > 0", "division by zero"),
    ("w9 == 1", "unknown name 'w9'"),
    ("Chat == 1", "Chat is a function"),
    ("is_critical(sigma, (1, 2))", "is_critical(C, point)"),
    ("is_critical(Chat, (1, 2)) == 1", "whole claim"),
    ("sqrt(-w1^2 - 1) == 0", "defined together on no open set of w"),
    ("(-8)^(1/3) == -2", "for numbers >= 0 only"),
    ("C(1,3) = 12", "write '==' for exact equality"),
    ("lemma_holds((-7, 4))", "depends on the reading of 'local optima'"),
    ("sqrt(w1 - 1) + sqrt(-w1 - 1) == 5", "the region may be empty"),
    ("sqrt(Chat(w)) == sqrt(Chat(2*w))", "no exact decision"),
])
def test_error_messages_say_what_is_wrong(q: Quantities, claim: str, words: str) -> None:
    result = evaluate(q, claim)
    assert result.verdict == "error" and words in result.message


# -- other learning sets: p = 1, gamma < 0, three features ----------------------------------------
def quantities(rows, **kwargs) -> Quantities:
    exact = [(tuple(Fraction(v) for v in x), Fraction(y)) for x, y in rows]
    return Quantities(problem_from_rows(exact, **kwargs))


@pytest.mark.parametrize(("claim", "expected"), [
    ("is_local_min(Chat, 2)", "true"), ("is_local_max(Chat, 2)", "true"),  # locally constant
    ("is_global_min(Chat, 2)", "true"), ("is_global_min(Chat, -2)", "false"),
    ("is_global_max(Chat, -1/2)", "true"), ("is_critical(Chat, 7)", "true"),
    ("Chat(3) == Chat(1/3)", "true"), ("Chat(w) == Chat(2*w)", "true"),
    ("is_critical(Chat, 0)", "error"),
])
def test_one_feature(claim: str, expected: str) -> None:
    q = quantities([((1,), 1), ((2,), 3), ((4,), 2)])
    assert evaluate(q, claim).verdict == expected


@pytest.mark.parametrize(("claim", "expected"), [
    ("is_global_min(Chat, (-5, -3))", "true"),  # γ < 0 swaps the minimising and maximising rays
    ("is_global_min(Chat, (5, 3))", "false"),
    ("is_global_max(Chat, (5, 3))", "true"),
    ("Chat(-5, -3) < Chat(5, 3)", "true"),
])
def test_negative_gamma(claim: str, expected: str) -> None:
    q = quantities([((1, 1), 2), ((1, 2), 5), ((2, 3), 13)], gamma=Fraction(-1))
    assert evaluate(q, claim).verdict == expected


@pytest.mark.parametrize(("claim", "expected"), [
    ("Chat(2*w) == Chat(w)", "true"), ("dot(w, grad_Chat(w)) == 0", "true"),
    ("mu(w) == (w1 + w2 + w3)/3", "false"), ("w3 == w3", "true"), ("w4 == 1", "error"),
    ("C(1, 2) > 0", "error"),  # a point with 2 coordinates for p = 3
    ("is_global_min(C, Wstar)", "true"), ("is_critical(Chat, Wstar)", "false"),
])
def test_three_features(claim: str, expected: str) -> None:
    q = quantities([((1, 0, 2), 1), ((0, 1, 1), 2), ((2, 1, 0), 0), ((1, 1, 1), 5), ((3, 0, 1), 3)],
                   gamma=Fraction(2), beta=Fraction(-1))
    assert evaluate(q, claim).verdict == expected
