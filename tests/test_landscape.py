"""The landscape of Lemma 4.5: known exact values, the verdict function, and independent checks."""

from __future__ import annotations

import math
import random
import re
import zlib
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from landscape_cases import GENERIC, NAMES, SPECS, land, minimiser_signs, problem, quantities

from bnreport.landscape import Case, H, Verdict, lemma_decision, lemma_verdict

F = Fraction
ROOT = Path(__file__).resolve().parent.parent


# -- the paper's data: known exact values --------------------------------------------------------
def test_paper_geometry_and_probabilities():
    paper = land("paper")
    geo = paper.geometry
    assert geo.case is Case.GENERIC
    assert (geo.s, geo.dd, geo.cross) == (10, 34, 14)
    assert geo.form == sp.Matrix([[-216, -48], [-48, 216]])
    assert geo.cos_theta == 7 / sp.sqrt(85)
    critical, minimisers = paper.probability("critical"), paper.probability("minimisers")
    assert (critical.fail, critical.given_hypothesis, critical.hypothesis) == (F(1, 4), F(1, 2), F(1, 2))
    theta = sp.acos(7 / sp.sqrt(85))
    assert sp.simplify(minimisers.fail - (sp.Rational(1, 4) + theta / (4 * sp.pi))) == 0
    assert sp.simplify(minimisers.given_hypothesis - (sp.Rational(1, 2) + theta / (2 * sp.pi))) == 0
    assert minimisers.in_h == sp.Rational(1, 4) + H / (2 * sp.pi)
    assert (critical.fail_rounded.text, minimisers.fail_rounded.text) == ("0.2500", "0.3064")
    assert minimisers.given_rounded.text == "0.6128"
    assert paper.theta_degrees.text == "40.60"


@pytest.mark.parametrize(("reading", "start", "end", "width"), [
    ("critical", "51.26", "141.26", sp.pi / 2),
    ("minimisers", "51.26", "161.57", sp.pi / 2 + sp.acos(7 / sp.sqrt(85)) / 2),
])
def test_paper_wedges(reading, start, end, width):
    wedge = land("paper").wedge(reading)
    assert (wedge.degrees[0].text, wedge.degrees[1].text) == (start, end)
    assert sp.simplify(wedge.width - width) == 0
    for rounded in wedge.degrees:  # the enclosure certifies the rounding
        half = F(1, 200)
        assert rounded.rounded - half <= rounded.lower <= rounded.upper < rounded.rounded + half
    # independent floats: the bisector of W* = (1, 3) and d = (5, 3) lies at the mean angle
    mean = (math.degrees(math.atan2(3, 1)) + math.degrees(math.atan2(3, 5))) / 2
    assert float(wedge.degrees[0].value) == pytest.approx(mean, abs=1e-12)


def test_paper_critical_wedge_edges_are_the_unit_bisectors():
    wedge = land("paper").wedge("critical")
    u, v = sp.Matrix([1, 3]) / sp.sqrt(10), sp.Matrix([5, 3]) / sp.sqrt(34)
    for edge, bisector in ((wedge.start_unit, u + v), (wedge.end_unit, u - v)):
        target = bisector / sp.sqrt((bisector.T * bisector)[0])
        assert all(sp.N(a - b, 50) == 0 or abs(sp.N(a - b, 50)) < 1e-45
                   for a, b in zip(edge, target, strict=True))


def test_paper_wstar_criterion():
    crit = land("paper").wstar_criterion
    assert crit.a_inv_b == sp.Matrix([5, 3])
    assert crit.mean_residual == sp.Rational(-2, 3)
    assert (crit.multiple, crit.role) == (None, "not critical")


# -- every data set --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", NAMES)
def test_case_is_the_expected_one(name):
    assert land(name).geometry.case is SPECS[name].case


@pytest.mark.parametrize("name", NAMES)
def test_signature_of_the_cone_form_against_its_eigenvalues(name):
    """(1, 1, p − 2) or (0, 0, p), compared with numpy's eigenvalues of M."""
    geo = land(name).geometry
    values = np.linalg.eigvalsh(np.array(geo.form.tolist(), dtype=float))
    scale = max(1.0, float(np.max(np.abs(values))))
    counted = (int(np.sum(values > 1e-9 * scale)), int(np.sum(values < -1e-9 * scale)),
               int(np.sum(np.abs(values) <= 1e-9 * scale)))
    assert geo.signature == counted
    p = land(name).data.p
    assert geo.signature == ((1, 1, p - 2) if geo.case is Case.GENERIC else (0, 0, p))


@pytest.mark.parametrize("name", GENERIC)
def test_generic_probabilities_against_independent_floats(name):
    """1/4 and 1/2 exactly; 1/4 + θ/(4π) with θ from numpy's arccos of the float vectors."""
    the = land(name)
    critical, minimisers = the.probability("critical"), the.probability("minimisers")
    assert (critical.fail, critical.given_hypothesis) == (F(1, 4), F(1, 2))
    w = np.array([float(v) for v in the.data.wstar])
    d = np.array([float(v) for v in the.data.d])
    theta = math.acos(w @ d / (np.linalg.norm(w) * np.linalg.norm(d)))
    assert float(minimisers.fail) == pytest.approx(0.25 + theta / (4 * math.pi), abs=1e-12)
    assert float(minimisers.given_hypothesis) == pytest.approx(0.5 + theta / (2 * math.pi), abs=1e-12)
    assert sp.simplify(sum(a.length for a in the.arcs) - 2 * sp.pi) == 0


@pytest.mark.parametrize(("name", "critical", "minimisers"), [
    ("W* critical: y linear, p=2", (0, 0), (0, 0)),
    ("W* critical: y linear, gamma<0, p=3", (0, 0), (F(1, 2), 1)),
    ("W* critical: centred x, p=2", (0, 0), (0, 0)),
    # p = 1: every w ≠ 0 is a local minimiser (Ĉ is constant on each half-line), readings agree.
    ("p=1, W* a maximiser with r̄ != 0", (0, 0), (0, 0)),
])
def test_probabilities_when_wstar_is_on_the_line_of_d(name, critical, minimisers):
    the = land(name)
    for reading, (fail, given) in (("critical", critical), ("minimisers", minimisers)):
        prob = the.probability(reading)
        assert (prob.fail, prob.given_hypothesis) == (fail, given)


def test_wstar_zero_makes_the_hypothesis_impossible():
    the = land("p=1, W* = 0")
    assert the.probability("critical").given_hypothesis is None
    assert lemma_verdict(the.data, [F(3)], "critical") is Verdict.HYPOTHESIS_FALSE
    assert lemma_verdict(the.data, [F(-3)], "minimisers") is Verdict.HYPOTHESIS_FALSE


@pytest.mark.parametrize("name", NAMES)
def test_wstar_criterion_against_the_rows(name):
    """A⁻¹b = W* − N r̄ A⁻¹x̄ with r̄ the mean residual computed row by row; role from Ĉ itself."""
    q, the = quantities(name), land(name)
    rows = SPECS[name].rows or [(x, y) for x, y in problem(name).rows]
    w = [F(int(v.p), int(v.q)) for v in q.wstar]
    r_bar = sum((y - sum((a * b for a, b in zip(x, w, strict=True)), F(0)) for x, y in rows),
                F(0)) / len(rows)
    crit = the.wstar_criterion
    assert crit.mean_residual == sp.Rational(r_bar.numerator, r_bar.denominator)
    assert crit.a_inv_b == q.wstar - q.N * crit.mean_residual * q.A.LUsolve(q.xbar)
    if crit.role == "undefined":
        return
    critical = q.multiple_of_d(q.wstar) is not None
    assert (crit.role != "not critical") is critical
    if critical:  # a minimiser of Ĉ attains its minimum value; a maximiser does not
        at_wstar = sp.N(q.at(q.Chat, q.wstar), 30)
        assert bool(abs(at_wstar - sp.N(q.chat_min, 30)) < 1e-20) is (crit.role == "minimiser")
    expected = {Case.ON_MINIMISERS: "minimiser", Case.ON_MAXIMISERS: "maximiser"}
    if crit.role != "not critical":
        assert expected[the.geometry.case] == crit.role


# -- the verdict at one W0 -------------------------------------------------------------------------
@pytest.mark.parametrize(("w0", "critical", "minimisers"), [
    ((1, 3), "fails", "fails"),            # W0 = W*: the paper's counterexample
    ((5, 3), "holds", "holds"),            # on the ray of minimisers
    ((1, 0), "holds", "holds"),            # K < 0 and ⟨W0, d⟩ > 0
    ((-1, 1), "fails", "fails"),           # K > 0
    ((-3, 2), "holds", "fails"),           # K < 0 but the closest critical point is a maximiser
    ((-3, 5), "fails", "fails"),           # ⟨W0, d⟩ = 0: no closest optimum exists
    ((3, -1), "hypothesis-false", "hypothesis-false"),  # ⟨W0, W*⟩ = 0
    ((-1, -3), "hypothesis-false", "hypothesis-false"),
    ((F(1, 3), F(7, 2)), "fails", "fails"),
])
def test_verdict_on_the_paper(w0, critical, minimisers):
    data = land("paper").data
    assert lemma_verdict(data, w0, "critical").value == critical
    assert lemma_verdict(data, w0, "minimisers").value == minimisers


def test_verdict_on_the_boundary_of_the_cone_is_holds_with_equality():
    paper = land("paper")
    n_plus = paper.geometry.n_plus  # K(n₊) = 0 exactly: dist to ℝd equals RHS
    decision = lemma_decision(paper.data, n_plus, "critical")
    assert decision.verdict is Verdict.HOLDS
    assert sp.simplify(decision.distance2 - decision.rhs) == 0


@pytest.mark.parametrize("bad", [(1.0, 3), (1, 3, 0), (sp.Float(1), 3), (sp.Symbol("a"), 1), (True, 1)])
def test_verdict_refuses_inexact_or_malformed_points(bad):
    with pytest.raises((TypeError, ValueError)):
        lemma_verdict(land("paper").data, bad, "critical")


def test_verdict_refuses_unknown_readings():
    with pytest.raises(ValueError, match="reading"):
        lemma_verdict(land("paper").data, (1, 3), "local")  # type: ignore[arg-type]


def _brute_force(w0: np.ndarray, wstar: np.ndarray, d: np.ndarray, reading: str,
                 minimiser_signs: set[int]) -> str | None:
    """The definition, numerically: minimise ‖W0 − t d‖² over the optima t d on a grid, then on a
    finer grid around the best point (reading (M): the signs of t where t d is a local minimiser)."""
    c = float(w0 @ wstar)
    if c <= 0:
        return "hypothesis-false"
    rhs = float(w0 @ w0 - c**2 / (wstar @ wstar))
    reach = 4 * np.linalg.norm(w0) / np.linalg.norm(d)
    signs = {1, -1} if reading == "critical" else minimiser_signs
    best = math.inf
    for sign_ in signs:
        low, high = reach * 1e-12, reach
        for _ in range(3):
            ts = np.linspace(low, high, 2001)
            dist = np.sum((w0[None, :] - sign_ * ts[:, None] * d[None, :]) ** 2, axis=1)
            i = int(np.argmin(dist))
            step = (high - low) / 2000
            low, high = max(ts[i] - 2 * step, low), min(ts[i] + 2 * step, high)
        best = min(best, float(dist[i]))
    if best == math.inf:
        return "fails"  # no optimum at all
    if abs(best - rhs) < 1e-6 * (1 + abs(rhs)):
        return None  # too close to call numerically
    return "fails" if best > rhs else "holds"


@pytest.mark.parametrize("name", [n for n in NAMES if SPECS[n].case is not Case.WSTAR_ZERO])
def test_verdict_agrees_with_a_brute_force_minimisation(name):
    the = land(name)
    rng = random.Random(zlib.crc32(name.encode()))
    wstar = np.array([float(v) for v in the.data.wstar])
    d = np.array([float(v) for v in the.data.d])
    signs = minimiser_signs(the.data)
    compared = 0
    for _ in range(60):
        w0 = [F(rng.randint(-40, 40), rng.randint(1, 8)) for _ in range(the.data.p)]
        if not any(w0):
            continue
        for reading in ("critical", "minimisers"):
            expected = _brute_force(np.array([float(v) for v in w0]), wstar, d, reading, signs)
            if expected is not None:
                assert lemma_verdict(the.data, w0, reading).value == expected, (w0, reading)
                compared += 1
    assert compared >= 40


@pytest.mark.parametrize("name", NAMES)
def test_the_rational_fast_path_agrees_with_the_exact_decision(name):
    the = land(name)
    rng = random.Random(zlib.crc32(name.encode()) + 1)
    for _ in range(40):
        w0 = [F(rng.randint(-30, 30), rng.randint(1, 6)) for _ in range(the.data.p)]
        for reading in ("critical", "minimisers"):
            assert lemma_verdict(the.data, w0, reading) is lemma_decision(the.data, w0, reading).verdict


@pytest.mark.parametrize("name", NAMES)
def test_arc_verdicts_match_the_probabilities(name):
    the = land(name)
    for reading in ("critical", "minimisers"):
        prob = the.probability(reading)
        if the.geometry.case is Case.GENERIC:
            failing = [a for a in the.arcs if getattr(a, reading) is Verdict.FAILS]
            share = sum(a.length for a in failing) / (2 * sp.pi)
            assert sp.simplify(share - prob.in_h) == 0
        assert 0 <= float(prob.fail) <= float(prob.hypothesis) <= 1


# -- nothing of this section's results is typed into the code -------------------------------------
LANDSCAPE_SOURCES = [*ROOT.joinpath("bnreport", "landscape").glob("*.py"),
                     *(ROOT / "bnreport" / name for name in
                       ("exact.py", "simulate.py", "figures.py", "figview.py", "figcheck.py",
                        "figtypes.py"))]
TYPED = {  # the paper's results of "All initialisations", as they would be typed
    "wedge angles": r"51\.26|141\.26|161\.57|40\.60?\b",
    "probabilities": r"0\.3064|0\.6128|0\.25\b|1/4\b(?!\s*\+)",
    "eigenvalue": r"48960|216\b",
    "bisector": r"sqrt\(34\)|sqrt\(10\)|√85|sqrt\(85\)",
}


PLANTED_LINES = {"wedge angles": "start = 51.26", "probabilities": "P = 0.3064",
                 "eigenvalue": "g = 48960", "bisector": "n = sqrt(34)*w + sqrt(10)*d"}


@pytest.mark.parametrize("label", list(TYPED))
def test_no_landscape_result_is_typed(label):
    pattern = re.compile(TYPED[label])
    assert pattern.search(PLANTED_LINES[label])  # the pattern can fail
    hits = [f"{p.name}:{n}: {line.strip()}" for p in LANDSCAPE_SOURCES
            for n, line in enumerate(p.read_text().splitlines(), start=1)
            if pattern.search(line) and not line.lstrip().startswith(("#", '"""'))
            and "docstring" not in line]
    assert hits == [], "\n".join(hits)
