from __future__ import annotations

import os
import shutil

import pytest

from bnreport.derive import derive
from bnreport.loader import load_problem

TEX_TOOLS = ("latexmk", "pdflatex", "pdftotext")


def tex_installed() -> bool:
    return all(shutil.which(tool) for tool in TEX_TOOLS)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/*.tex from the current rendering")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # LaTeX tests are skipped only where TeX is absent; in CI (which installs TeX) they must run.
    if tex_installed():
        return
    reason = "TeX (latexmk, pdflatex, pdftotext) is not installed; `make test` installs it"
    if os.environ.get("CI") and any("latex" in item.keywords for item in items):
        raise pytest.UsageError(f"{reason}: CI must run the LaTeX tests, not skip them")
    for item in items:
        if "latex" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def paper():
    return load_problem()


@pytest.fixture(scope="session")
def note(paper):
    return derive(paper)


@pytest.fixture(scope="session")
def q(note):
    return note.closed


@pytest.fixture(scope="session")
def steps(note):
    return {step.id: step for step in note.steps}


@pytest.fixture(scope="session")
def rendered(note):
    from bnreport.check import check_steps
    from bnreport.render import render_all

    return render_all(note, check_steps(note.steps))


OTHER_INPUT = """\
title = "Another learning set"
[data]
x = [[1, 2], [2, 1], [3, 5], [0, 1]]
y = [1, 4, 2, 3]
"""


@pytest.fixture(scope="session")
def other_input(tmp_path_factory):
    """A second small input (p = 2), so tests can tell outputs of two inputs apart."""
    path = tmp_path_factory.mktemp("other") / "other.toml"
    path.write_text(OTHER_INPUT)
    return path


@pytest.fixture(autouse=True, scope="session")
def _private_verdict_cache(tmp_path_factory):
    """`bnreport check` remembers verdicts; tests never write into the user's cache."""
    os.environ.setdefault("BNREPORT_CACHE_DIR", str(tmp_path_factory.mktemp("verdict-cache")))
