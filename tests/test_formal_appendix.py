"""The appendix "Formally verified statements": rendered from its typed view with the project's
Jinja environment, escaped (Coq statements and messages), and compiled stand-alone with TeX."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from bnreport.formal import generate, spec_from_problem
from bnreport.formal.appendix import TEMPLATE, appendix_view, coq_tex
from bnreport.formal.run import FormalResult
from bnreport.latex import CompileJob, document_source
from bnreport.loader import load_problem
from bnreport.templates import render

HOSTILE = r"\input{/etc/passwd} $x$ & # % ^ _ ~ { } \\ \end{document}"
ASSUMPTIONS = """Axioms:
ClassicalDedekindReals.sig_not_dec : forall P : Prop, {~ ~ P} + {~ P}
Classical_Prop.classic : forall P : Prop, P \\/ ~ P"""


def result(accepted: bool | None, message: str = "") -> FormalResult:
    document = generate(spec_from_problem(load_problem()))
    return FormalResult(
        path=Path("output/formal/Counterexample.v"), sha256="ab" * 32,
        coq_version="8.16.1" if accepted is not None else "",
        libraries=(("Coquelicot", "3.2.0"), ("Interval", "4.6.1")) if accepted is not None else (),
        accepted=accepted, claims=document.claims, main=document.main,
        assumptions=ASSUMPTIONS if accepted else "", seconds=2.5, message=message)


VIEWS = {
    "accepted": result(True),
    "rejected": result(False, f"coqc rejected theorem grad_Chat_Wstar: {HOSTILE}"),
    "unchecked": result(None, f"coqc with Coquelicot not found; {HOSTILE}"),
}


@pytest.mark.parametrize("status", list(VIEWS))
def test_the_appendix_renders_every_statement_escaped(status):
    body = render(TEMPLATE, view=appendix_view(VIEWS[status]))
    assert r"\section{Formally verified statements}" in body
    assert r"\input{/etc" not in body and r"\end{document}" not in body
    assert r"Lemma\_4\_5\_refuted\_at\_W0" in body
    assert r"/\textbackslash{}" in body  # Coq's /\ typeset, not interpreted
    assert ("accepted the file." in body) is (status == "accepted")


def test_coq_text_is_typewriter_with_every_character_escaped():
    tex = coq_tex("forall w1, 0 <= w1 ^ 2 /\\ {x_1} = 100%\n  -> True")
    assert tex.startswith("{\\raggedright\\ttfamily")
    for raw in ("\\/", "{x_1}", "100%", "^ 2"):
        assert raw not in tex
    assert r"\hspace*{1em}-\textgreater{} True" in tex


@pytest.mark.latex
@pytest.mark.parametrize("status", list(VIEWS))
def test_the_appendix_compiles_stand_alone(tmp_path, status):
    body = render(TEMPLATE, view=appendix_view(VIEWS[status]))
    tex = tmp_path / "appendix.tex"
    tex.write_text(document_source("Appendix test", "bnreport", "", body))
    pdf = CompileJob(tex).wait()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Formally verified statements" in text
    assert "Lemma_4_5_refuted_at_W0" in text
    assert "((-54 / 1369) * sqrt 74)" in text
    assert "ab" * 16 in text
    if status == "accepted":
        assert "Classical_Prop.classic" in text and "Coquelicot 3.2.0" in text
    else:
        assert "/etc/passwd" in text  # shown as text, never read
