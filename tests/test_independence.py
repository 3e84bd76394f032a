"""Two routes for real: the definitions and the closed forms cannot derive one from the other.

Statically, neither module imports the other.  Dynamically, every equality of the note is shown to
compare two independently computed sides: planting a change in the data of one route only must make
it fail.  A fact that survives both plantings compares an expression with a rewrite of itself —
unless it is a theorem that holds for all data (scale invariance, Euler's identity)."""

from __future__ import annotations

import ast
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from datasets import CASES, problem

from bnreport.definitions import Definitions
from bnreport.derive import derive
from bnreport.exact import Undecided
from bnreport.facts import Equal, Identity, Refuted
from bnreport.model import problem_from_rows
from bnreport.radicals import Undefined

PACKAGE = Path(__file__).resolve().parent.parent / "bnreport"
DATA_FREE = {"scale-invariance", "euler", "init-normals", "init-probability-k"}
# Values fixed by the case (W* on a ray of d) rather than by the numbers: may survive.
CASE_FIXED = {"init-probability"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            names.add((node.module or "").split(".")[-1])
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[-1] for alias in node.names)
    return names


@pytest.mark.parametrize(("module", "forbidden"), [
    ("definitions.py", {"closed", "quantities", "derive", "findings"}),
    ("closed.py", {"definitions", "derive", "findings"}),
])
def test_the_routes_do_not_import_each_other(module, forbidden):
    assert not imported_modules(PACKAGE / module) & forbidden


def perturb(name):
    p = problem(name)
    rows = [list(x) for x, _ in CASES[name]["rows"]]
    ys = [y for _, y in CASES[name]["rows"]]
    rows[0][0] += 1
    ys[0] += 1
    gamma = p.gamma + 1 if p.gamma != -1 else Fraction(2)
    w0 = None if p.w0 is None else tuple(v + (1 if i == 0 else 0) for i, v in enumerate(p.w0))
    return problem_from_rows([(tuple(x), y) for x, y in zip(rows, ys, strict=True)],
                             gamma=gamma, beta=p.beta + Fraction(1, 2), w0=w0)


def equality_facts(note):
    for step in note.steps:
        for i, chain in enumerate(step.chains):
            for j, fact in enumerate(chain.facts()):
                if isinstance(fact, Identity | Equal):
                    yield (step.id, i, j), fact


def fails(fact) -> bool:
    try:
        fact.verify()
    except (Refuted, Undecided, Undefined):
        return True
    return False


# Not p = 1: there the BN cost is constant on each half-line, so its gradient, Hessian, critical
# line and distances are the same for all data — true theorems that survive any planting.
@pytest.mark.parametrize("name", ["paper", "p=3", "gamma<0 beta!=0", "W0 elsewhere p=3",
                                  "W* critical: y linear", "W* maximiser: centred x, gamma<0",
                                  "N=20 rows not kept"])
def test_every_equality_compares_independent_routes(name):
    original = problem(name)
    other = perturb(name)
    notes = [derive(original, definitions=Definitions(other)),   # route 1 planted
             derive(other, definitions=Definitions(original))]   # route 2 planted
    planted = [dict(equality_facts(n)) for n in notes]
    # With W0 = W* the right-hand side of (1) is 0 for every data set: also a theorem.
    data_free = DATA_FREE | ({"lemma-rhs"} if original.w0 is None else set())
    for key, _ in equality_facts(derive(original)):
        caught = any(key in facts and fails(facts[key]) for facts in planted)
        if key[0] in data_free:
            assert not caught, key
        elif key[0] not in CASE_FIXED:
            assert caught, f"{key}: survives a change in either route alone"


def test_rows_not_kept_use_raw_sums_on_route_one():
    p = problem("N=20 rows not kept")
    assert p.rows is None or len(p.rows) > 8 or replace(p).rows is None
    d = Definitions(p)
    assert not d.has_rows and d.C.free_symbols
