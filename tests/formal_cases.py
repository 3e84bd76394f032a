"""Learning sets and the Coq toolchain shared by the tests of the formal proof (test_formal*.py)."""

from __future__ import annotations

import os
from fractions import Fraction as F

import pytest

from bnreport.formal.coqc import find_toolchain
from bnreport.loader import load_problem
from bnreport.model import Problem, problem_from_rows

TOOLCHAIN = find_toolchain()
REASON = "coqc with Coquelicot is not installed; `make test` installs it (scripts/install-coq.sh)"
# Like the `latex` marker in conftest.py: skipped only where Coq is absent, never in CI.
if TOOLCHAIN is None and os.environ.get("CI"):
    raise pytest.UsageError(f"{REASON}: CI must run the Coq tests, not skip them")
needs_coq = pytest.mark.skipif(TOOLCHAIN is None, reason=REASON)


def rows(xs: list[list[object]], ys: list[object]) -> list[tuple[tuple[F, ...], F]]:
    return [(tuple(F(str(v)) for v in x), F(str(y))) for x, y in zip(xs, ys, strict=True)]


PAPER_X = [[1, 1], [1, 2], [2, 3]]
PAPER_Y = [2, 5, 13]
LINEAR_X = [[1, 1], [1, 2], [2, 3], [0, 1]]
LINEAR_Y = [3, 5, 8, 2]  # y = x1 + 2 x2 exactly: W* lies on the line of critical points of Ĉ


def _big() -> Problem:
    """40 rows: too many to write out, so Coq works on the exact sums of the data."""
    xs = [[(7 * i) % 11 - 3, (5 * i) % 7 - 2] for i in range(40)]
    ys = [(3 * i) % 13 - 4 for i in range(40)]
    return problem_from_rows(rows(xs, ys), gamma=F(3), beta=F(-2))


def cases() -> dict[str, tuple[Problem, str]]:
    """name -> (problem, the main theorem the derivation's verdict leads to)."""
    three = load_problem(_example("three_features.toml"))
    return {
        "paper": (load_problem(), "Lemma_4_5_refuted_at_W0"),
        "p=2 gamma<0": (problem_from_rows(
            rows([[1, 0], [0, 1], [2, 1], [1, 3]], [1, 4, "1/2", 7]), gamma=F(-2)),
            "Lemma_4_5_refuted_at_W0"),
        "p=2 beta!=0 and W0": (problem_from_rows(
            rows([[1, 2], [3, 1], [0, 1], [2, 2], [1, -1]], [3, 1, 2, "0.5", 4]),
            gamma=F(1, 2), beta=F(3, 2), w0=(F(2), F(-1))), "Lemma_4_5_refuted_at_W0"),
        "p=3": (three, "Lemma_4_5_refuted_at_W0"),
        "p=3 W0 not refuting": (problem_from_rows(
            list(three.rows or ()), gamma=three.gamma, beta=three.beta,
            w0=(F(1, 2), F(1), F(1, 4))), "Lemma_4_5_holds_at_W0"),
        "hypothesis fails (<W0,W*> < 0)": (problem_from_rows(
            rows(PAPER_X, PAPER_Y), w0=(F(-1), F(-1))), "Lemma_4_5_vacuous_at_W0"),
        "W* critical (minimiser)": (problem_from_rows(rows(LINEAR_X, LINEAR_Y)),
                                    "Lemma_4_5_holds_at_W0"),
        "W* critical (maximiser, gamma<0)": (problem_from_rows(
            rows(LINEAR_X, LINEAR_Y), gamma=F(-1), beta=F(2)), "Lemma_4_5_holds_at_W0"),
        "p=1": (problem_from_rows(rows([[1], [2], [4]], [1, 3, 2])), "Lemma_4_5_holds_at_W0"),
        # m = 25 is a square: the extreme values of Ĉ are rational (no √ left to cancel).
        "p=1, N=2, extremes rational": (problem_from_rows(rows([[1], [3]], [2, 7])),
                                        "Lemma_4_5_holds_at_W0"),
        "N=40 (sums only)": (_big(), "Lemma_4_5_refuted_at_W0"),
    }


def _example(name: str):
    from bnreport.loader import default_data_path

    return default_data_path().with_name(name)
