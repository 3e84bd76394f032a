"""Issue 13: outputs say which bnreport and which input made them; a paper that mixes fragments of
different inputs or versions gets a LaTeX warning naming both."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from bnreport import __version__
from bnreport.cli import main
from bnreport.loader import load_problem

PDFLATEX = ["pdflatex", "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode"]


@pytest.fixture(scope="module")
def two(tmp_path_factory, other_input):
    """Snippets of the paper's example and of another input."""
    first, second = tmp_path_factory.mktemp("first"), tmp_path_factory.mktemp("second")
    assert main(["snippets", "--out", str(first), "-q"]) == 0
    assert main(["snippets", "--out", str(second), "-q", "--data", str(other_input)]) == 0
    return first, second, load_problem(None).digest, load_problem(other_input).digest


def test_sty_and_index_carry_version_and_input_hash(two):
    first, _, digest, _ = two
    sty = (first / "bnreport.sty").read_text()
    provenance = f"bnreport {__version__}, input sha256 {digest}"
    assert rf"\def\bnreportProvenance{{{provenance}}}" in sty
    assert rf"\def\bnreportVersion{{{__version__}}}" in sty
    assert rf"\def\bnreportInputHash{{{digest}}}" in sty
    index = json.loads((first / "snippets" / "index.json").read_text())
    assert index["version"] == __version__ and index["input_sha256"] == digest
    assert index["provenance"] == provenance
    for fragment in (first / "snippets").glob("*.tex"):
        assert rf"\def\bnreportThisFragment{{{provenance}}}" in fragment.read_text()


def host(directory: Path, sty: bool, inputs: list[str]) -> str:
    """Compile a paper that \\input's the given fragments; its log with messages unwrapped."""
    lines = [r"\documentclass{article}", r"\usepackage{amsmath,amssymb}"]
    lines += [r"\usepackage{bnreport}"] if sty else []
    lines += [r"\begin{document}", "Values: ", *(rf"\input{{{name}}}" for name in inputs)]
    lines += [r"\bnreportProvenance" if sty else "", r"\end{document}"]
    (directory / "paper.tex").write_text("\n".join(lines) + "\n")
    result = subprocess.run([*PDFLATEX, "paper.tex"], cwd=directory, capture_output=True,
                            text=True, stdin=subprocess.DEVNULL, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-1500:]
    log = (directory / "paper.log").read_text(errors="replace")
    # TeX breaks log lines at 79 characters and continues a message with "(bnreport)   ".
    return re.sub(r"\(bnreport\)\s*", " ", log.replace("\n", ""))


@pytest.fixture
def paper(tmp_path, two):
    first, second, _, _ = two
    shutil.copy(first / "bnreport.sty", tmp_path)
    shutil.copytree(first / "snippets", tmp_path / "mine")
    shutil.copytree(second / "snippets", tmp_path / "other")
    return tmp_path


WARNING = "Package bnreport Warning: Fragment {step} comes from bnreport {version}, input sha256 " \
          "{fragment}, but this paper uses bnreport {paper_version}, input sha256 {paper}"


@pytest.mark.latex
def test_fragments_of_one_input_compile_without_warning(paper):
    log = host(paper, sty=True, inputs=["mine/bn-mean", "mine/bn-std", "mine/critical-line"])
    assert "Package bnreport Warning" not in log


@pytest.mark.latex
def test_a_fragment_of_another_input_warns(paper, two):
    _, _, digest, other = two
    log = host(paper, sty=True, inputs=["mine/bn-mean", "other/bn-std"])
    assert WARNING.format(step="bn-std", version=__version__, fragment=other,
                          paper_version=__version__, paper=digest) in log
    assert "Fragment bn-mean" not in log


@pytest.mark.latex
def test_without_the_sty_the_first_fragment_decides(paper, two):
    _, _, digest, other = two
    log = host(paper, sty=False, inputs=["other/bn-std", "mine/bn-mean"])
    assert WARNING.format(step="bn-mean", version=__version__, fragment=digest,
                          paper_version=__version__, paper=other) in log


@pytest.mark.latex
def test_a_fragment_of_another_version_warns(paper, two):
    _, _, digest, _ = two
    fragment = paper / "mine" / "bn-mean.tex"
    fragment.write_text(fragment.read_text().replace(
        rf"\def\bnreportThisFragment{{bnreport {__version__},",
        r"\def\bnreportThisFragment{bnreport 0.0.9,"))
    log = host(paper, sty=True, inputs=["mine/bn-std", "mine/bn-mean"])
    assert WARNING.format(step="bn-mean", version="0.0.9", fragment=digest,
                          paper_version=__version__, paper=digest) in log
