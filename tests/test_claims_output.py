"""`check` output formats (strict JSON, Markdown for OpenReview), the command line as reviewers type
it ('-1<0', options after claims, a BOM), and the verdict cache (safe, versioned, never stale)."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bnreport.claims import cache as verdict_cache
from bnreport.claims.report import markdown
from bnreport.claims.result import Result
from bnreport.cli import main
from bnreport.commands import check
from bnreport.loader import load_problem

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BNREPORT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def cli(*argv: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


def _refuse(constant: str) -> None:
    raise AssertionError(f"not strict JSON: {constant}")


# -- strict JSON -------------------------------------------------------------------------------------
HUGE = ["9^1000 > 1", "10^-400 > 0", "(9^1000, 1) == (9^1000, 1)", "-(9^1000) < 0",
        "3^200 ~= 2.66e95", "sqrt(10^400 + 1) - 10^200 > 0"]


def test_json_is_strict_for_huge_and_tiny_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli("--json", *HUGE, capsys=capsys)
    payload = json.loads(out, parse_constant=_refuse)
    assert code == 0 and [p["verdict"] for p in payload] == ["true"] * len(HUGE)
    assert payload[0]["lhs"] == "1.7478712517226516e+954"
    assert payload[1]["lhs"] == "1e-400"
    assert payload[2]["lhs"] == ["1.7478712517226516e+954", 1.0]
    assert payload[3]["lhs"] == "-1.7478712517226516e+954"
    assert payload[4]["lhs"] == pytest.approx(2.6561398887587478e95)
    assert payload[5]["lhs"] == pytest.approx(5e-201)  # small, but a double holds it
    assert "Infinity" not in out and "NaN" not in out


def test_format_json_is_the_same_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    first = cli("--json", "C(1,3) == 12", capsys=capsys)
    assert cli("--format", "json", "C(1,3) == 12", capsys=capsys) == first


# -- Markdown for OpenReview ---------------------------------------------------------------------------
def test_markdown_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli("--format", "markdown", "∇Ĉ(W*) ≈ (−0.34, 0.11)", "is_critical(Ĉ, W*)",
                    "Chat(2*w) == Chat(w)", "C(1,3) = 12", capsys=capsys)
    lines = out.splitlines()
    assert code == 2
    assert lines[0] == "| Verdict | Claim | Exact value | Decimals | Why |"
    assert lines[1] == "|---|---|---|---|---|"
    assert lines[2].startswith("| **TRUE** | `∇Ĉ(W*) ≈ (−0.34, 0.11)` | "
                               r"$\left(- \frac{54 \sqrt{74}}{1369},\ \frac{18 \sqrt{74}}{1369}"
                               r"\right)$ | (-0.339317, 0.113106) | rounds (half away from zero)")
    assert lines[3].startswith("| **FALSE** | `is_critical(Ĉ, W*)` |  |  | grad\\_Chat = ")
    assert lines[4].startswith("| **TRUE** | `Chat(2*w) == Chat(w)` |  |  | identity in w")
    assert lines[5].startswith("| **ERROR** | `C(1,3) = 12` |  |  | '=' is not a relation")
    assert all(line.count(" | ") == 4 for line in lines[2:])  # 5 cells in every row


@pytest.mark.parametrize("claim", ["|w1| == abs(w1)", "`rm -rf` == 1", "``x`` | y", "a\nb",
                                   "$\\frac{1}{2}$ ~= 0.5", "<script>|", "C(1,3) == 12 |"])
def test_markdown_cannot_be_broken_by_a_claim(claim: str) -> None:
    results = [Result(claim, "error", f"unexpected '{claim}'", reason=f"unexpected '{claim}'")]
    row = markdown(results).splitlines()[2]
    cells = re.split(r"(?<!\\)\|", row)
    assert len(cells) == 7 and cells[0] == "" and cells[-1] == ""  # exactly 5 cells
    code = cells[2].strip()
    fence = re.match(r"`+", code).group()
    assert code.endswith(fence) and fence not in code[len(fence):-len(fence)]
    assert "\n" not in row and "<script>" not in cells[5]


def test_markdown_shows_long_values_as_shortened_code(capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli("--format", "markdown", "9^1000 > 1", capsys=capsys)
    row = out.splitlines()[2]
    assert "`174787125172265160965997461916466057052906248743518851781188801...`" not in row
    assert "..." in row and "$" not in row.split("|")[3]


# -- the command line as typed -----------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "verdicts"), [
    (["-1<0"], ["TRUE"]),
    (["-2^2 == -4", "--json"], None),
    (["1 == 1", "--format", "plain", "-(1) < 0"], ["TRUE", "TRUE"]),
    (["--", "-1 > 0", "--json"], ["FALSE", "ERROR"]),        # after --, everything is a claim
    (["−1 < 0"], ["TRUE"]),
])
def test_claims_starting_with_a_minus_and_options_anywhere(
        argv: list[str], verdicts: list[str] | None, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = cli(*argv, capsys=capsys)
    if verdicts is None:
        assert json.loads(out)[0]["verdict"] == "true"
    else:
        assert [line.split()[0] for line in out.splitlines()] == verdicts


def test_an_unknown_option_is_still_an_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--jsn", "1 == 1"]) == 2
    assert "unrecognized arguments: --jsn" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["\ufeffC(1,3) == 12\n", "\ufeff# a comment\nC(1,3) == 12\r\n"])
def test_a_claims_file_with_a_bom(tmp_path: Path, text: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "claims.txt"
    path.write_bytes(text.encode("utf-8"))
    code, out = cli("--file", str(path), capsys=capsys)
    assert code == 0 and out.startswith("TRUE   C(1,3) == 12  --")


@pytest.mark.parametrize("value", ["0", "-1", "abc", "1e9"])
def test_timeout_must_be_a_sensible_number(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--timeout", value, "1 == 1"]) == 2
    assert "--timeout" in capsys.readouterr().err


# -- the verdict cache --------------------------------------------------------------------------------
def test_a_second_run_reuses_verdicts_without_any_algebra(tmp_path: Path) -> None:
    """The parent never imports sympy (the worker does); remembered verdicts need no worker: the
    second run, whose worker cannot import sympy at all, prints the same verdicts."""
    env = {**os.environ, "BNREPORT_CACHE_DIR": str(tmp_path / "cache")}
    script = ("import sys; from bnreport.cli import main; {poison}"
              "code = main(['check', 'is_critical(Chat, W0)', 'lemma_holds(W0, M)']); "
              "print('sympy' in sys.modules, code)")
    runs = [subprocess.run([sys.executable, "-c", script.format(poison=poison)],
                           capture_output=True, text=True, env=env, timeout=120, cwd=ROOT)
            for poison in ("", "sys.modules['sympy'] = None; ")]
    assert runs[0].stdout.splitlines()[-1] == "False 1"
    assert runs[1].stdout.splitlines()[-1] == "True 1"  # the poison entry itself, never imported
    assert runs[0].stdout.splitlines()[:2] == runs[1].stdout.splitlines()[:2]
    assert all(line.startswith("FALSE") for line in runs[1].stdout.splitlines()[:2])


def test_no_worker_is_left_behind(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["C(1,3) == 12"], ["C(1,3) == 12"], ["--no-cache", "C(1,3) == 12"],
                 ["--data", "missing.toml", "C(1,3) == 12"]):
        main(["check", *argv])  # remembered verdicts, bad data: the worker is killed
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def _cache_file(where: Path) -> Path:
    (path,) = where.glob("claims-*.json")
    return path


def test_the_cache_file_is_json_with_a_version_and_a_fingerprint(
        private_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cli("C(1,3) == 12", "Chat(0,0) > 1", capsys=capsys)
    saved = json.loads(_cache_file(private_cache).read_text(encoding="utf-8"))
    assert saved["format"] == verdict_cache.FORMAT
    assert saved["fingerprint"] == verdict_cache.fingerprint(load_problem())
    assert set(saved["results"]) == {"C(1,3) == 12", "Chat(0,0) > 1"}
    assert [p.name for p in private_cache.iterdir()] == [_cache_file(private_cache).name]


@pytest.mark.parametrize("damage", [
    b"", b"{not json", b"[]", b'{"format": 999, "results": {}}', b"\xff\xfe\x00",
    b'{"format": 1, "fingerprint": "x", "results": {"C(1,3) == 12": {"verdict": "false"}}}',
])
def test_a_damaged_or_foreign_cache_is_ignored(private_cache: Path, damage: bytes,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    cli("C(1,3) == 12", capsys=capsys)
    path = _cache_file(private_cache)
    path.write_bytes(damage)
    code, out = cli("C(1,3) == 12", capsys=capsys)
    assert code == 0 and out.startswith("TRUE")
    assert json.loads(path.read_text(encoding="utf-8"))["results"]["C(1,3) == 12"]["verdict"] == "true"


def test_a_tampered_entry_of_the_right_shape_is_what_the_cache_would_return(
        private_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The cache is trusted for what it holds (it is the user's own directory), so it must only
    ever hold what the code decided: this planted verdict shows the cache really is consulted."""
    cli("C(1,3) == 12", capsys=capsys)
    path = _cache_file(private_cache)
    saved = json.loads(path.read_text(encoding="utf-8"))
    saved["results"]["C(1,3) == 12"]["verdict"] = "false"
    path.write_text(json.dumps(saved), encoding="utf-8")
    assert cli("C(1,3) == 12", capsys=capsys)[0] == 1
    assert cli("--no-cache", "C(1,3) == 12", capsys=capsys)[0] == 0


def test_timeouts_are_not_remembered(private_cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = cli("--timeout", "0.3", "(w1 + w2 + 1)^1000*(w1 - w2 + 2)^1000 == 0",
                    "C(1,3) == 12", capsys=capsys)
    assert code == 2 and "gave up after 0.3 s" in out
    saved = json.loads(_cache_file(private_cache).read_text(encoding="utf-8"))
    assert list(saved["results"]) == ["C(1,3) == 12"]


def test_an_unwritable_cache_directory_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("BNREPORT_CACHE_DIR", str(blocker / "cache"))
    assert cli("C(1,3) == 12", capsys=capsys)[0] == 0


def test_markdown_needs_latex_that_a_plain_run_did_not_store(capsys: pytest.CaptureFixture[str]) -> None:
    cli("C(1,3) == 12", capsys=capsys)
    _, out = cli("--format", "markdown", "C(1,3) == 12", capsys=capsys)
    assert "| $12$ |" in out


def test_the_fingerprint_changes_with_the_data_and_the_code(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    paper = load_problem()
    other = load_problem(ROOT / "examples" / "three_features.toml")
    assert verdict_cache.fingerprint(paper) != verdict_cache.fingerprint(other)
    fake = tmp_path / "pkg"
    (fake / "claims").mkdir(parents=True)
    (fake / "a.py").write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(verdict_cache, "_PACKAGE", fake)
    before = verdict_cache.fingerprint(paper)
    (fake / "a.py").write_text("x = 2\n", encoding="utf-8")
    assert verdict_cache.fingerprint(paper) != before


def test_run_accepts_its_own_output_stream() -> None:
    out = io.StringIO()
    namespace = argparse.Namespace(
        claims=["C(1,3) == 12"], file=None, format=None, json=False, timeout=None, cache=False,
        data=None, debug=False, quiet=False)
    assert check.run(namespace, out) == 0 and out.getvalue().startswith("TRUE")


@pytest.mark.parametrize("fmt", ["plain", "json", "markdown"])
def test_bytes_that_are_not_utf8_in_an_argument_are_an_error_not_a_traceback(
        fmt: str, tmp_path: Path) -> None:
    env = {**os.environ, "BNREPORT_CACHE_DIR": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-m", "bnreport", "check", "--format", fmt,
                           b"\xff == 1", "C(1,3) == 12"], capture_output=True, env=env,
                          timeout=120, cwd=ROOT)
    assert done.returncode == 2 and done.stderr == b""
    out = done.stdout.decode("utf-8")
    assert "\\xff == 1" in out and ("TRUE" in out or '"true"' in out)
    if fmt == "json":
        assert [p["verdict"] for p in json.loads(out)] == ["error", "true"]


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(st.text(max_size=40), min_size=1, max_size=3),
       fmt=st.sampled_from(["plain", "json", "markdown"]))
def test_any_text_through_the_whole_command_prints_one_verdict_each(
        claims: list[str], fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = main(["check", "--no-cache", "--format", fmt, "--", *claims])
    out = capsys.readouterr().out
    assert code in (0, 1, 2)
    if fmt == "json":
        assert len(json.loads(out, parse_constant=_refuse)) == len(claims)
    elif fmt == "plain":
        assert len(out.splitlines()) == len(claims)
    else:
        assert len(out.splitlines()) == len(claims) + 2


@pytest.mark.parametrize("result", [
    Result.gave_up("1 < 2", 5.0), Result.crashed("1 < 2"), Result.out_of_memory("1 < 2"),
    Result.not_started("1 < 2"),
])
def test_verdicts_that_depend_on_the_machine_are_never_remembered(result):
    assert not result.cacheable
    assert Result.error("1 <", "a parse error").cacheable
