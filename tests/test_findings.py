"""The findings that choose the note's wording agree with an independent float computation (brute
force over the critical line and over directions), on every branch, and each is backed by a step."""

from __future__ import annotations

import math
import random

import pytest
import sympy as sp
from datasets import CASES, problem

from bnreport.closed import Closed
from bnreport.derive import derive
from bnreport.findings import FAILS, HOLDS, VACUOUS, lemma_verdicts
from bnreport.landscape import Verdict, landscape_input, lemma_verdict


def floats(v):
    return [float(x) for x in v]


def chat(rows, gamma, beta, w):
    z = [sum(wi * float(xi) for wi, xi in zip(w, x, strict=True)) for x, _ in rows]
    mu = sum(z) / len(z)
    sigma = math.sqrt(sum((zi - mu) ** 2 for zi in z) / len(z))
    return sum((gamma * (zi - mu) / sigma + beta - float(y)) ** 2
               for zi, (_, y) in zip(z, rows, strict=True))


def solve(a, b):
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for c in range(n):
        pivot = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[pivot] = m[pivot], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [u - f * v for u, v in zip(m[r], m[c], strict=True)]
    return [m[i][n] / m[i][i] for i in range(n)]


def oracle(name):
    """Everything by floats and brute force, sharing no code with bnreport."""
    spec = CASES[name]
    rows, gamma, beta = spec["rows"], float(spec.get("gamma", 1)), float(spec.get("beta", 0))
    p, n = len(rows[0][0]), len(rows)
    x = [floats(r[0]) for r in rows]
    y = [float(r[1]) for r in rows]
    wstar = solve([[sum(xi[i] * xi[j] for xi in x) for j in range(p)] for i in range(p)],
                  [sum(xi[i] * yi for xi, yi in zip(x, y, strict=True)) for i in range(p)])
    w0 = floats(spec["w0"]) if "w0" in spec else wstar
    xbar = [sum(xi[i] for xi in x) / n for i in range(p)]
    A = [[sum((xi[i] - xbar[i]) * (xi[j] - xbar[j]) for xi in x) for j in range(p)] for i in range(p)]
    b = [sum((xi[i] - xbar[i]) * yi for xi, yi in zip(x, y, strict=True)) for i in range(p)]
    d = [v * (1 if gamma > 0 else -1) for v in solve(A, b)]
    # brute force: the direction of least BN cost is d (p = 2: scan the circle)
    if p == 2:
        best = min((chat(rows, gamma, beta, [math.cos(a), math.sin(a)]), a)
                   for a in [k * 2 * math.pi / 20000 for k in range(20000)])[1]
        cos = (d[0] * math.cos(best) + d[1] * math.sin(best)) / math.hypot(*d)
        assert cos > 0.9999
    def dot(u, v):
        return sum(a * c for a, c in zip(u, v, strict=True))
    nw = dot(wstar, wstar)
    rho = dot([a - c for a, c in zip(w0, wstar, strict=True)],
              [a - c for a, c in zip(w0, wstar, strict=True)]) - (nw - dot(wstar, w0)) ** 2 / nw
    def satisfies(t):
        point = [t * v for v in d]
        diff = [a - c for a, c in zip(w0, point, strict=True)]
        return dot(diff, diff) <= rho + 1e-9 * (1 + abs(rho))
    t_star = dot(w0, d) / dot(d, d)
    grid = [t_star] + [k / 200 for k in range(-4000, 4001) if k]
    hyp = dot(w0, wstar) > 1e-12
    def verdict(ts):
        if not hyp:
            return VACUOUS
        return HOLDS if any(satisfies(t) for t in ts if t != 0) else FAILS
    cos_wd = dot(wstar, d) / math.sqrt(nw * dot(d, d))
    return {
        "critical": verdict(grid),
        "minimisers": verdict([t for t in grid if t > 0] if p > 1 else grid),
        "wstar_critical": abs(abs(cos_wd) - 1) < 1e-12,
        "hypothesis": hyp,
    }


@pytest.mark.parametrize("name", list(CASES))
def test_findings_match_a_brute_force_float_computation(name):
    f = derive(problem(name)).findings
    expected = oracle(name)
    assert f.critical.verdict == expected["critical"]
    assert f.minimisers.verdict == expected["minimisers"]
    assert f.wstar_critical == expected["wstar_critical"]
    assert f.hypothesis == expected["hypothesis"]


def relation(note, step_id, chain, link=-1):
    step = next(s for s in note.steps if s.id == step_id)
    return step.chains[chain].links[link].rel


@pytest.mark.parametrize("name", list(CASES))
def test_each_finding_is_the_relation_a_step_checks(name):
    note = derive(problem(name))
    f = note.findings
    assert (relation(note, "lemma-hypothesis", 0) == ">") is f.hypothesis
    assert relation(note, "lemma-distances", 1) == (">" if f.beyond else "<=")
    assert relation(note, "lemma-distances", 2) == {1: ">", -1: "<", 0: "="}[f.t_star_sign]
    grad = next(s for s in note.steps if s.id == "grad-chat-wstar")
    assert any(link.rel == "nonzero" for c in grad.chains for link in c.links) is (
        not f.wstar_critical)
    witness = next(s for s in note.steps if s.id == "remark-witness")
    if f.wstar_critical:
        assert witness.chains[-1].links[-1].rel == (">" if f.wstar_multiple > 0 else "<")
    if not f.w0_is_wstar:
        w0 = next(s for s in note.steps if s.id == "lemma-w0-gradient")
        assert any(link.rel == "nonzero" for c in w0.chains for link in c.links) is (
            not f.w0_critical)


# -- the note's verdict at W0 and the landscape's, at many W0 ------------------------------------
@pytest.mark.parametrize("name", list(CASES))
def test_the_landscape_decides_the_lemma_as_the_findings_do(name):
    """Two implementations decide Lemma 4.5 at a point (the Theorem's, and the one behind the
    probabilities and the simulation); on every branch data set they agree at random W0."""
    q = Closed(problem(name))
    if all(v == 0 for v in q.wstar):
        pytest.skip("W* = 0: the build refuses such data")
    data = landscape_input(q)
    rng = random.Random(name)
    word = {Verdict.FAILS: FAILS, Verdict.HOLDS: HOLDS, Verdict.HYPOTHESIS_FALSE: VACUOUS}
    for _ in range(15):
        w0 = [sp.Rational(rng.randint(-30, 30), rng.randint(1, 6)) for _ in range(q.p)]
        if not any(w0):
            continue
        at = lemma_verdicts(q, sp.Matrix(w0))
        for reading, finding in (("critical", at.critical), ("minimisers", at.minimisers)):
            assert word[lemma_verdict(data, w0, reading)] == finding.verdict, (w0, reading)
