"""The formal proof: coqc accepts the generated file on ten learning sets, rejects planted errors
naming the theorem, and the files admit nothing and contain no user text."""

from __future__ import annotations

import hashlib
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from fractions import Fraction as F

import pytest
from formal_cases import cases, needs_coq

from bnreport.derive import derive
from bnreport.formal import FILE_NAME, FormalJob, Surd, generate, run_formal, spec_from_problem
from bnreport.formal.coqc import describe_rejection
from bnreport.formal.run import REJECTED_NAME
from bnreport.formal.spec import spec_from_note
from bnreport.loader import load_problem

CASES = cases()
#: Coq's axioms for its standard reals (the first three) and the excluded middle Coquelicot uses.
ALLOWED_AXIOMS = {
    "ClassicalDedekindReals.sig_not_dec",
    "ClassicalDedekindReals.sig_forall_dec",
    "FunctionalExtensionality.functional_extensionality_dep",
    "Classical_Prop.classic",
}
FORBIDDEN = re.compile(r"\b(Admitted|admit|Axiom|Axioms|Parameter|Parameters|Conjecture|Hypothesis|"
                       r"Variable|Abort|Redirect|Load|Extraction|Drop)\b")


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> dict:
    """run_formal on every case, two coqc processes at a time (machines have two cores)."""
    root = tmp_path_factory.mktemp("formal")

    def one(item):
        index, (name, (problem, _)) = item
        return name, run_formal(problem, root / f"case{index}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, enumerate(CASES.items())))


@needs_coq
@pytest.mark.parametrize("name", list(CASES))
def test_coqc_accepts_the_generated_file(checked, name):
    result = checked[name]
    assert result.accepted is True, result.message
    assert result.main == CASES[name][1]
    assert result.path.is_file() and result.path.name == FILE_NAME
    assert not (result.path.parent / REJECTED_NAME).exists()
    print(f"coqc {name}: {result.seconds:.2f} s")  # shown with -s; the bench reports ratios


@needs_coq
@pytest.mark.parametrize("name", list(CASES))
def test_print_assumptions_lists_only_the_standard_axioms(checked, name):
    text = checked[name].assumptions
    assert text.startswith("Axioms:")
    # One axiom per unindented line (its type may continue on indented lines).
    names = {line.split()[0] for line in text.splitlines()[1:] if line and not line[0].isspace()}
    assert names and names <= ALLOWED_AXIOMS, names - ALLOWED_AXIOMS


@pytest.mark.parametrize("name", list(CASES))
def test_nothing_is_admitted_or_assumed(name):
    text = generate(spec_from_problem(CASES[name][0])).text
    code = re.sub(r"\(\*.*?\*\)", " ", text, flags=re.DOTALL)  # comments may say "axioms"
    assert FORBIDDEN.findall(code) == []
    assert "Print Assumptions" in code
    assert text.isascii()


def test_generation_is_deterministic_and_only_numbers_reach_coq():
    evil = "*) Axiom evil : False. (* \\input{/etc/passwd} $x^2$"
    plain = load_problem()
    titled = replace(plain, title=evil, author=evil)
    first, second = generate(spec_from_problem(plain)).text, generate(spec_from_problem(titled)).text
    assert first == second
    assert "evil" not in second and "passwd" not in second


def test_statements_follow_the_derivation():
    document = generate(spec_from_problem(load_problem()))
    text = document.text
    assert "Definition sigma (w1 w2 : R) : R := sqrt (variance w1 w2)." in text
    assert "sum_rows (fun i => (z i w1 w2 - mu w1 w2) ^ 2) / N" in text  # divisor N
    assert "Definition Wstar1 : R := 1." in text and "Definition Wstar2 : R := 3." in text
    grad = next(c for c in document.claims if c.name == "grad_Chat_Wstar").statement
    assert "((-54 / 1369) * sqrt 74)" in grad and "((18 / 1369) * sqrt 74)" in grad
    assert "Definition Chat_min : R := 201 + (-2) * sqrt 194." in text
    assert [c.name for c in document.claims][-2:] == ["Lemma_4_5_refuted_at_W0", "Lemma_4_5_is_false"]


def test_a_coqc_error_line_maps_back_to_its_theorem():
    document = generate(spec_from_problem(load_problem()))
    line = next(b for b in document.blocks if b.name == "grad_Chat_Wstar").first + 3
    output = (f'File "./{FILE_NAME}", line 19, characters 0-42:\nWarning: something harmless\n\n'
              f'File "./{FILE_NAME}", line {line}, characters 2-7:\nError: Tactic failure: not a '
              "valid field equation.\n")
    error = describe_rejection(output, document, FILE_NAME)
    assert error.theorem == "grad_Chat_Wstar"
    assert "\n" not in str(error) and "not a valid field equation" in str(error)
    assert "partial derivatives" in str(error)


def _paper_spec():
    return spec_from_problem(load_problem())


def _wrong_gradient(spec):
    first, *rest = spec.grad_chat_wstar
    return replace(spec, grad_chat_wstar=(Surd(first.rational, first.coeff * F(101, 100),
                                                first.radicand), *rest))


PLANTED = {
    "wrong gradient value": (_wrong_gradient, "grad_Chat_Wstar"),
    "wrong W*": (lambda s: replace(s, wstar=(s.wstar[0] + F(1, 10), *s.wstar[1:])), "C_sum_of_squares"),
    "wrong sign of gamma": (lambda s: replace(s, gamma=-s.gamma), "grad_Chat_Wstar"),
    "wrong direction d": (lambda s: replace(s, direction=(s.direction[0] + 1, *s.direction[1:])),
                          "critical_points_of_Chat"),
    "wrong minimum": (lambda s: replace(s, chat_min=replace(s.chat_min, rational=s.chat_min.rational + 1)),
                      "Chat_minimum_and_maximum"),
    "wrong verdict (lemma holds)": (lambda s: replace(s, lemma_fails=False), "Lemma_4_5_holds_at_W0"),
}


@pytest.fixture(scope="module")
def rejected(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("planted")
    spec = _paper_spec()

    def one(item):
        index, (name, (plant, _)) = item
        return name, run_formal(plant(spec), root / f"plant{index}")

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(one, enumerate(PLANTED.items())))


@needs_coq
@pytest.mark.parametrize("name", list(PLANTED))
def test_a_planted_error_makes_coqc_reject_the_file(rejected, name):
    result = rejected[name]
    assert result.accepted is False
    assert result.rejected_theorem == PLANTED[name][1], result.message
    assert result.message.startswith(f"coqc rejected theorem {PLANTED[name][1]} ")
    assert "\n" not in result.message
    assert (result.path.parent / REJECTED_NAME).is_file()
    assert not result.path.exists()  # nothing rejected is published as the checked file


@needs_coq
def test_a_rejected_file_keeps_the_last_accepted_one(tmp_path):
    stale = tmp_path / "formal" / REJECTED_NAME
    stale.parent.mkdir(parents=True)
    stale.write_text("(* from an earlier failed build *)")
    good = run_formal(load_problem(), tmp_path)
    assert good.accepted and not stale.exists()  # an accepted build clears the old rejection
    bad = run_formal(_wrong_gradient(_paper_spec()), tmp_path)
    assert bad.accepted is False
    assert good.path.read_text() == generate(_paper_spec(), _version()).text
    assert stale.read_text() == generate(_wrong_gradient(_paper_spec()), _version()).text


@needs_coq
def test_a_cancelled_job_leaves_no_coqc_and_publishes_nothing(tmp_path):
    job = FormalJob(load_problem(), tmp_path)  # coqc runs in the background (build: beside TeX)
    assert job.coq is not None and job.coq.process.poll() is None
    job.cancel()
    assert job.coq.process.poll() is not None
    assert list((tmp_path / "formal").iterdir()) == []


@needs_coq
def test_coqc_is_stopped_at_the_timeout(tmp_path):
    result = run_formal(load_problem(), tmp_path, timeout=0.05)
    assert result.accepted is False
    assert "did not finish within" in result.message


def test_without_coqc_the_file_is_written_but_not_checked(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    result = run_formal(load_problem(), tmp_path / "out")
    assert result.accepted is None
    assert "apt-get install coq libcoq-coquelicot" in result.message
    assert result.path.read_text() == generate(_paper_spec(), _version()).text
    assert result.sha256 == hashlib.sha256(result.path.read_bytes()).hexdigest()


def _version() -> str:
    from bnreport import __version__

    return __version__


def test_formal_files_stay_in_their_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    run_formal(load_problem(), tmp_path)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "formal", f"formal/{FILE_NAME}"]


@pytest.mark.parametrize("name", list(CASES))
def test_the_command_and_the_build_prove_the_same_spec(name):
    """`bnreport formal` takes the spec from the closed forms and findings; the build from its
    derived note: the same values either way."""
    problem = CASES[name][0]
    assert spec_from_problem(problem) == spec_from_note(derive(problem))
