"""Authors' side: snippets and bnreport.sty compile in other people's papers, with plain pdflatex."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from bnreport.cli import main

pytestmark = pytest.mark.latex
GOLDEN_IDS = sorted(p.stem for p in (Path(__file__).parent / "golden").glob("*.tex"))
PDFLATEX = ["pdflatex", "-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode"]

HOSTS = {
    "article-twocolumn": r"\documentclass[twocolumn]{article}" "\n"
                         r"\usepackage{amsmath,amssymb}",
    "amsart": r"\documentclass{amsart}",
}
USED = ["bn-mean", "bn-std", "grad-chat-wstar", "critical-line", "chat-extremes"]


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("paper")
    assert main(["snippets", "--out", str(out), "-q"]) == 0
    return out


def compile_tex(directory: Path, name: str, source: str) -> str:
    (directory / f"{name}.tex").write_text(source)
    for _ in range(2):  # twice, so \eqref resolves
        result = subprocess.run([*PDFLATEX, f"{name}.tex"], cwd=directory, capture_output=True,
                                text=True, stdin=subprocess.DEVNULL, timeout=120, check=False)
        assert result.returncode == 0, result.stdout[-1500:]
    text = subprocess.run(["pdftotext", f"{name}.pdf", "-"], cwd=directory, capture_output=True,
                          text=True, check=True).stdout
    return re.sub(r"\s+", " ", text.replace("\N{MINUS SIGN}", "-"))


def macro_names(written: Path) -> list[str]:
    return re.findall(r"\\newcommand\{\\(bn[A-Za-z]+)\}", (written / "bnreport.sty").read_text())


def test_index_lists_every_fragment_with_its_check(written):
    index = json.loads((written / "snippets" / "index.json").read_text())
    ids = [entry["id"] for entry in index["steps"]]
    assert sorted(ids) == GOLDEN_IDS
    for entry in index["steps"]:
        assert (written / "snippets" / entry["file"]).is_file()
        assert entry["check"]["method"] and entry["label"] == f"bn:{entry['id']}"
    assert "bnGradChatWstar" in next(e for e in index["steps"]
                                     if e["id"] == "grad-chat-wstar")["macros"]


@pytest.mark.parametrize("host", list(HOSTS))
def test_host_paper_uses_fragments_and_every_macro(written, host):
    macros = macro_names(written)
    body = "\n".join([
        r"\section{Results} As shown in \eqref{bn:grad-chat-wstar}, the gradient is",
        *(rf"\par {name}: $\{name}$" for name in macros),
        *(rf"\input{{snippets/{sid}}}" for sid in USED),
    ])
    source = (f"{HOSTS[host]}\n\\usepackage{{bnreport}}\n\\begin{{document}}\n{body}\n"
              "\\end{document}\n")
    text = compile_tex(written, host, source)
    assert "54" in text and "74" in text and "1369" in text  # the exact gradient (stacked)
    assert "(-0.3393, 0.1131)" in text and "(-0.34, 0.11)" in text
    assert "3w1 - 5w2" in text and "201 - 2" in text
    assert all(name in text for name in macros)


@pytest.mark.parametrize("step_id", GOLDEN_IDS)
def test_each_fragment_compiles_alone_with_amsmath_only(written, step_id, tmp_path):
    (tmp_path / "snippets").symlink_to(written / "snippets")
    source = ("\\documentclass{article}\n\\usepackage{amsmath,amssymb}\n\\begin{document}\n"
              f"\\input{{snippets/{step_id}}}\n\\end{{document}}\n")
    assert compile_tex(tmp_path, "alone", source).strip()
