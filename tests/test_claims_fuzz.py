"""Random claim trees, decided by ``bnreport check`` and by an independent numeric oracle.

The oracle shares no code with bnreport: it evaluates the same tree with mpmath at 80 digits, with
the definitions of Example 3.2 written out directly (z_i = ⟨w, x_i⟩, μ, σ with divisor N, the two
costs as sums; gradients by mpmath's numerical differentiation).  A tolerance cannot flip a
verdict: a difference below 1e-40 counts as exactly 0, one above 1e-15 as nonzero, anything in
between (and a radicand or divisor too close to 0) is too close to call and the example is skipped.

* A constant claim: the verdict must be the oracle's; ERROR is accepted only where the oracle sees
  an exact zero (a zero test may be out of reach) or an undefined side (then ERROR is required).
* An identity in w: TRUE needs agreement at every sampled point where both sides are defined;
  FALSE needs the reported counter-point to be one for the oracle too.
Each tree is printed in one of three styles (ASCII, Unicode as in the PDF, LaTeX), so the pasted
notation is fuzzed against the same oracle.
"""

from __future__ import annotations

import os
import random
import re
from fractions import Fraction

import mpmath
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bnreport.claims.evaluate import evaluate
from bnreport.closed import Closed

mp = mpmath.mp
mp.dps = 80
ZERO, CLEAR = mpmath.mpf("1e-40"), mpmath.mpf("1e-15")
X = [(1, 1), (1, 2), (2, 3)]
Y = [2, 5, 13]


class Undefined(Exception):
    pass


class TooClose(Exception):
    pass


# -- the oracle ------------------------------------------------------------------------------------
def _nonzero(value):
    if abs(value) < CLEAR:
        raise TooClose if abs(value) > ZERO else Undefined
    return value


def cost(w):
    return mpmath.fsum((w[0] * a + w[1] * b - y) ** 2 for (a, b), y in zip(X, Y, strict=True))


def bn_cost(w):
    z = [w[0] * a + w[1] * b for a, b in X]
    mu = mpmath.fsum(z) / 3
    sigma = mpmath.sqrt(mpmath.fsum((zi - mu) ** 2 for zi in z) / 3)
    _nonzero(sigma)
    return mpmath.fsum(((zi - mu) / sigma - y) ** 2 for zi, y in zip(z, Y, strict=True))


def grad(f, w):
    return [mpmath.diff(lambda a, b: f((a, b)), tuple(w), tuple(int(i == k) for i in range(2)))
            for k in range(2)]


def oracle(node, w):
    """The value of a tree (a scalar, or a 2-vector for points) at weights w."""
    kind = node[0]
    if kind == "num":
        return mpmath.mpf(node[1].numerator) / node[1].denominator
    if kind == "w":
        return w[node[1]]
    if kind == "point":
        return [oracle(node[1], w), oracle(node[2], w)]
    if kind == "named":
        return {"Wstar": [1, 3], "W0": [1, 3], "d": [5, 3]}[node[1]]
    if kind == "sqrt":
        arg = oracle(node[1], w)
        if arg < -CLEAR:
            raise Undefined
        if abs(arg) < CLEAR and arg != 0:
            raise TooClose
        return mpmath.sqrt(max(arg, 0))
    if kind == "abs":
        return abs(oracle(node[1], w))
    if kind in ("add", "sub", "mul", "div"):
        a, b = oracle(node[1], w), oracle(node[2], w)
        return {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                "div": lambda: a / _nonzero(b)}[kind]()
    if kind == "pow":
        base = oracle(node[1], w)
        if node[2] < 0:
            _nonzero(base)
        return base ** node[2]
    if kind == "quantity":
        point = [mpmath.mpf(c) for c in oracle(node[2], w)]
        return _quantity(node[1], point, node[3])
    raise AssertionError(kind)


def _quantity(name, p, index):
    z = [p[0] * a + p[1] * b for a, b in X]
    if name == "mu":
        return mpmath.fsum(z) / 3
    if name == "sigma":
        mu = mpmath.fsum(z) / 3
        return mpmath.sqrt(mpmath.fsum((zi - mu) ** 2 for zi in z) / 3)
    if name == "C":
        return cost(p)
    if name == "Chat":
        return bn_cost(p)
    if name == "grad_C":
        return grad(cost, p)[index]
    if name == "grad_Chat":
        bn_cost(p)  # undefined at 0
        return grad(bn_cost, p)[index]
    raise AssertionError(name)


# -- the trees and their text -----------------------------------------------------------------------
SMALL = st.fractions(min_value=-9, max_value=9, max_denominator=5)
NUMBER = SMALL.map(lambda f: ("num", f))
CONSTANT_POINT = (st.tuples(NUMBER, NUMBER).map(lambda t: ("point", *t))
                  | st.sampled_from(["Wstar", "W0", "d"]).map(lambda n: ("named", n)))
SCALARS = ["mu", "sigma", "C", "Chat"]
VECTORS = ["grad_C", "grad_Chat"]


def quantities(points):
    scalar = st.tuples(st.sampled_from(SCALARS), points).map(lambda t: ("quantity", *t, 0))
    vector = st.tuples(st.sampled_from(VECTORS), points, st.integers(0, 1)).map(
        lambda t: ("quantity", *t))
    return scalar | vector


def trees(leaves):
    def extend(inner):
        binary = st.tuples(st.sampled_from(["add", "sub", "mul", "div"]), inner, inner)
        return (binary | st.tuples(st.just("sqrt"), inner) | st.tuples(st.just("abs"), inner)
                | st.tuples(st.just("pow"), inner, st.sampled_from([-1, 2, 3])))
    return st.recursive(leaves, extend, max_leaves=5)


CONSTANT = trees(NUMBER | quantities(CONSTANT_POINT))
W = st.sampled_from([("w", 0), ("w", 1)])
SYMBOLIC_POINT = st.tuples(NUMBER | W, NUMBER | W).map(lambda t: ("point", *t))
SYMBOLIC = trees(NUMBER | W | quantities(SYMBOLIC_POINT))


def text(node, style):
    kind = node[0]
    minus = {"ascii": "-", "unicode": "−", "latex": "-"}[style]
    if kind == "num":
        f = node[1]
        body = str(abs(f.numerator)) if f.denominator == 1 else f"{abs(f.numerator)}/{f.denominator}"
        if style == "latex" and f.denominator != 1:
            body = f"\\frac{{{abs(f.numerator)}}}{{{f.denominator}}}"
        return f"({minus}{body})" if f < 0 else f"({body})"
    if kind == "w":
        return {"ascii": f"w{node[1] + 1}", "unicode": "w" + "₁₂"[node[1]],
                "latex": f"w_{{{node[1] + 1}}}"}[style]
    if kind == "point":
        return f"({text(node[1], style)}, {text(node[2], style)})"
    if kind == "named":
        return {"Wstar": {"ascii": "Wstar", "unicode": "W*", "latex": "W^{*}"}[style],
                "W0": {"ascii": "W0", "unicode": "W₀", "latex": "W_0"}[style], "d": "d"}[node[1]]
    if kind == "sqrt":
        inner = text(node[1], style)
        return {"ascii": f"sqrt({inner})", "unicode": f"√({inner})",
                "latex": f"\\sqrt{{{inner}}}"}[style]
    if kind == "abs":
        return f"abs({text(node[1], style)})" if style == "ascii" else f"|{text(node[1], style)}|"
    if kind in ("add", "sub", "mul", "div"):
        a, b = text(node[1], style), text(node[2], style)
        if kind == "div" and style == "latex":
            return f"\\frac{{{a}}}{{{b}}}"
        op = {"add": "+", "sub": minus, "mul": {"ascii": "*", "unicode": "·", "latex": r"\cdot"}[
            style], "div": "/"}[kind]
        return f"({a} {op} {b})"
    if kind == "pow":
        exponent = f"({minus}1)" if node[2] < 0 else str(node[2])
        return f"({text(node[1], style)})^{exponent}"
    if kind == "quantity":
        name, point, index = node[1], text(node[2], style), node[3]
        if style != "ascii":
            name = {"Chat": "Ĉ", "grad_Chat": "∇Ĉ", "grad_C": "∇C", "mu": "µ",
                    "sigma": "σ"}.get(name, name)
            if style == "latex":
                name = {"Ĉ": "\\hat{\\mathcal{C}}", "∇Ĉ": "\\nabla\\hat{C}", "∇C": "\\nabla C",
                        "µ": "\\mu", "σ": "\\sigma"}.get(name, name)
        call = f"{name}({point})"
        return f"{call}[{index + 1}]" if node[1] in VECTORS else call
    raise AssertionError(kind)


RELATIONS = {"==": {"unicode": "==", "latex": "=="}, "!=": {"unicode": "≠", "latex": "\\neq"},
             "<": {"unicode": "<", "latex": "<"}, "<=": {"unicode": "≤", "latex": "\\leq"},
             ">": {"unicode": ">", "latex": ">"}, ">=": {"unicode": "≥", "latex": "\\geq"}}
STYLES = st.sampled_from(["ascii", "unicode", "latex"])
#: BNREPORT_FUZZ=2000 runs a long, randomised fuzz; the suite runs 120 fixed examples per test.
LONG = int(os.environ.get("BNREPORT_FUZZ", "0"))
FUZZ = settings(max_examples=LONG or 120, deadline=None, derandomize=not LONG,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _claim(left, relation, right, style):
    shown = relation if style == "ascii" else RELATIONS[relation][style]
    return f"{text(left, style)} {shown} {text(right, style)}"


def _expected(relation, difference):
    if abs(difference) < ZERO:
        sign = 0
    elif abs(difference) > CLEAR:
        sign = 1 if difference > 0 else -1
    else:
        raise TooClose
    return {"==": sign == 0, "!=": sign != 0, "<": sign < 0, "<=": sign <= 0, ">": sign > 0,
            ">=": sign >= 0}[relation], sign


@FUZZ
@given(CONSTANT, st.sampled_from(list(RELATIONS)), CONSTANT, STYLES)
def test_constant_claims_agree_with_the_oracle(q: Closed, left, relation, right, style) -> None:
    claim = _claim(left, relation, right, style)
    try:
        difference = oracle(left, None) - oracle(right, None)
        holds, sign = _expected(relation, difference)
    except TooClose:
        assume(False)
    except Undefined:
        result = evaluate(q, claim)
        assert result.verdict == "error", (claim, result.message)
        return
    result = evaluate(q, claim)
    if result.verdict == "error":
        # An exact zero may need a zero test out of reach; a nonzero value never does.
        assert sign == 0, (claim, result.message)
        return
    assert result.verdict == ("true" if holds else "false"), (claim, result.message)


@FUZZ
@given(CONSTANT, st.integers(0, 6), st.sampled_from([0, 1, -1]), STYLES)
def test_printed_decimals_agree_with_the_oracle(q: Closed, tree, decimals, shift, style) -> None:
    try:
        value = oracle(tree, None)
    except (Undefined, TooClose):
        assume(False)
    scaled = value * 10**decimals
    rounded = mpmath.floor(abs(scaled) + mpmath.mpf(1) / 2)
    assume(abs(abs(scaled) + mpmath.mpf(1) / 2 - rounded) > CLEAR)  # not at a rounding boundary
    assume(abs(scaled) < 10**30)
    printed = int(rounded) * (1 if value >= 0 else -1) + shift
    digits = str(abs(printed)).rjust(decimals + 1, "0")
    figure = ("-" if printed < 0 else "") + (
        f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits)
    claim = f"{text(tree, style)} {'~=' if style == 'ascii' else '≈'} {figure}"
    result = evaluate(q, claim)
    assert result.verdict == ("true" if shift == 0 else "false"), (claim, result.message)


def _points(count: int, seed: int):
    rng = random.Random(seed)
    return [(Fraction(rng.randint(-40, 40), rng.randint(1, 9)),
             Fraction(rng.randint(-40, 40), rng.randint(1, 9))) for _ in range(count)]


def _at(tree, point):
    return oracle(tree, [mpmath.mpf(c.numerator) / c.denominator for c in point])


@FUZZ
@given(SYMBOLIC, st.sampled_from(["==", "!="]), SYMBOLIC, STYLES, st.integers(0, 10**6))
def test_identities_agree_with_the_oracle(q: Closed, left, relation, right, style, seed) -> None:
    claim = _claim(left, relation, right, style)
    assume("w" in claim)
    result = evaluate(q, claim)
    if result.verdict == "error":
        return  # undecided or no domain: never a wrong verdict
    says_identity = (result.verdict == "true") == (relation == "==")
    if says_identity:
        for point in _points(40, seed):
            try:
                difference = _at(left, point) - _at(right, point)
            except (Undefined, TooClose):
                continue
            assert abs(difference) < CLEAR, (claim, point, result.message)
    else:
        found = re.search(r"at \((?:w1, w2)\) = \(([^,]+), ([^)]+)\)", result.message)
        assert found, (claim, result.message)
        point = (Fraction(found[1]), Fraction(found[2]))
        try:
            difference = _at(left, point) - _at(right, point)
        except TooClose:
            assume(False)  # the counter-point is too close to a singularity for the oracle
        assert abs(difference) > ZERO, (claim, point, result.message)


def test_the_oracle_knows_the_papers_figures() -> None:
    """The oracle itself, against values the issue and the paper state."""
    g = grad(bn_cost, [mpmath.mpf(1), mpmath.mpf(3)])
    assert abs(g[0] - (-54 * mpmath.sqrt(74) / 1369)) < ZERO
    assert abs(g[1] - 18 * mpmath.sqrt(74) / 1369) < ZERO
    assert abs(bn_cost([5, 3]) - (201 - 2 * mpmath.sqrt(194))) < ZERO
    assert cost([1, 3]) == 12
