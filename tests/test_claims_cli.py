"""The `check` command: claims from arguments and files, plain and JSON output, exit codes."""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from bnreport.commands import check
from bnreport.errors import InputError

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test remembers verdicts in its own directory, never in the user's cache."""
    monkeypatch.setenv("BNREPORT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def parse_args(*argv: str) -> argparse.Namespace:
    """The namespace the CLI hands to ``run``: check's own options plus --debug/--quiet."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--debug", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    check.add_arguments(parser)
    return parser.parse_args(argv)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = check.run(parse_args(*argv), out)
    return code, out.getvalue()


@pytest.mark.parametrize(("claims", "code"), [
    (["C(1,3) == 12"], 0),
    (["C(1,3) == 12", "C(1,3) == 13"], 1),
    (["C(1,3) == 12", "C(1,3) == 13", "C(("], 2),
    (["C((", "C(1,3) == 12"], 2),
])
def test_exit_code_is_the_worst_verdict(claims: list[str], code: int) -> None:
    status, out = run(*claims)
    assert status == code
    assert len(out.splitlines()) == len(claims)


def test_plain_output_one_line_per_claim() -> None:
    code, out = run("grad_Chat(Wstar) ~= (-0.34, 0.11)", "is_critical(Chat, Wstar)", "Chat(0, 0) > 1")
    lines = out.splitlines()
    assert code == 2
    assert lines[0].startswith("TRUE   grad_Chat(Wstar) ~= (-0.34, 0.11)  --  left side = ")
    assert "(-54*sqrt(74)/1369, 18*sqrt(74)/1369) ≈ (-0.339317, 0.113106)" in lines[0]
    assert lines[1].startswith("FALSE  is_critical(Chat, Wstar)  --  grad_Chat = ")
    assert lines[2].startswith("ERROR  Chat(0, 0) > 1  --  ") and "(column 1)" in lines[2]


def test_json_output(tmp_path: Path) -> None:
    code, out = run("--json", "grad_Chat(Wstar) ~= (-0.34, 0.11)", "is_critical(Chat, Wstar)",
                    "hess_C(0, 0) == hess_C(1, 1)", "C(1,", "Chat(w) == Chat(3*w)")
    payload = json.loads(out)
    assert code == 2
    assert [p["verdict"] for p in payload] == ["true", "false", "true", "error", "true"]
    assert all(set(p) >= {"claim", "verdict", "message", "exact", "lhs"} for p in payload)
    assert payload[0]["exact"] == "(-54*sqrt(74)/1369, 18*sqrt(74)/1369)"
    assert payload[0]["lhs"] == pytest.approx([-0.3393174, 0.1131058])
    assert payload[1]["exact"] is None and payload[1]["lhs"] is None      # a predicate
    assert payload[2]["lhs"] == [[12.0, 18.0], [18.0, 28.0]]
    assert payload[0]["latex"] is None and payload[0]["decimals"] == "(-0.339317, 0.113106)"
    assert payload[3]["exact"] is None and payload[3]["column"] == 5
    assert payload[4]["exact"] is None and payload[4]["lhs"] is None      # an identity in w


def test_claims_file_with_comments_and_blank_lines(tmp_path: Path) -> None:
    claims = tmp_path / "claims.txt"
    claims.write_text("# reviewer 2\n\n  grad_Chat(Wstar) ~= (-0.34, 0.11)  \n"
                      "is_critical(Chat, Wstar)  # the paper says no\n   # only a comment\n",
                      encoding="utf-8")
    code, out = run("--json", "--file", str(claims), "C(1, 3) == 12")
    payload = json.loads(out)
    assert code == 1
    # arguments first, then the file, in order
    assert [p["claim"] for p in payload] == ["C(1, 3) == 12", "grad_Chat(Wstar) ~= (-0.34, 0.11)",
                                             "is_critical(Chat, Wstar)"]


@pytest.mark.parametrize(("argv", "words"), [
    ((), "no claims given"),
    (("--file", "{tmp}/missing.txt"), r"cannot read the claims file \(No such file"),
    (("--file", "{tmp}/empty.txt"), "no claims given"),
    (("--file", "{tmp}/latin1.txt"), "not UTF-8"),
    (("--data", "{tmp}/nope.toml", "C(1,3) == 12"), "nope.toml"),
])
def test_whole_command_problems_are_input_errors(tmp_path: Path, argv: tuple[str, ...], words: str) -> None:
    (tmp_path / "empty.txt").write_text("# nothing\n\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("C(1,3) == 12 # caf\xe9\n".encode("latin-1"))
    with pytest.raises(InputError, match=words):
        check.run(parse_args(*(a.format(tmp=tmp_path) for a in argv)), io.StringIO())


def test_data_option_selects_the_learning_set() -> None:
    code, out = run("--data", str(ROOT / "examples" / "three_features.toml"),
                    "Chat(2*w) == Chat(w)", "w3 == w3")
    assert code == 0 and out.count("TRUE") == 2


def test_control_characters_cannot_forge_output_lines() -> None:
    code, out = run("1 == 1\nTRUE   forged", "\x1b[2J1 == 1")
    assert code == 2
    assert len(out.splitlines()) == 2
    assert "\x1b" not in out and "\\n" in out and "\\x1b" in out


def test_add_arguments_leaves_a_cli_data_option_alone() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path)
    check.add_arguments(parser)
    assert parser.parse_args(["--data", "x.toml", "1 == 1"]).data == Path("x.toml")


def test_help_epilog_is_the_documented_language() -> None:
    """docs/check.md and `check --help` show the same claim-language reference."""
    docs = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    reference = check.HELP_EPILOG.split("output:")[0]
    missing = [line for line in reference.splitlines() if line.strip() and line not in docs]
    assert missing == []


def test_cli_check_in_a_subprocess(tmp_path: Path) -> None:
    """`python -m bnreport check`: exit code 1 for a false claim, the verdict on stdout."""
    done = subprocess.run([sys.executable, "-m", "bnreport", "check", "is_critical(Chat, Wstar)",
                           "--json"], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          env={**os.environ, "BNREPORT_CACHE_DIR": str(tmp_path / "cache")})
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)[0]["verdict"] == "false"


def test_cli_help_shows_the_epilog() -> None:
    done = subprocess.run([sys.executable, "-m", "bnreport", "check", "--help"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
    assert "claim language:" in done.stdout and "is_global_max(F, p)" in done.stdout


def _sessions(path: Path) -> list[str]:
    """The shell sessions of a document that run ``bnreport check``."""
    blocks = re.findall(r"```\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    return [block for block in blocks if "$ python -m bnreport check" in block]


DOCUMENTED = [pytest.param(path, index, id=f"{path.name}-{index}")
              for path in (ROOT / "docs" / "check.md", ROOT / "README.md")
              for index in range(len(_sessions(path)))]


@pytest.mark.parametrize(("path", "index"), DOCUMENTED)
def test_the_documented_output_is_what_check_prints(
        path: Path, index: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Every session of docs/check.md and of the README is real: rerun it, compare line by line
    (``$ cat FILE`` blocks create the file, ``$ echo $?`` is the exit code)."""
    from bnreport.cli import main

    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    lines = _sessions(path)[index].splitlines()
    code = None
    while lines:
        command = lines.pop(0)
        assert command.startswith("$ "), command
        command = command[2:]
        while command.endswith("\\"):
            command = command[:-1] + " " + lines.pop(0).strip()
        shown = []
        while lines and not lines[0].startswith("$ "):
            shown.append(lines.pop(0))
        words = shlex.split(command)
        if words[0] == "cat":
            (tmp_path / words[1]).write_text("\n".join(shown) + "\n", encoding="utf-8")
        elif words[0] == "echo":
            assert shown == [str(code)]
        else:
            assert words[:4] == ["python", "-m", "bnreport", "check"], command
            code = main(words[3:])
            assert capsys.readouterr().out.splitlines() == shown


def test_a_rounded_matrix_is_shown_as_rows() -> None:
    code, out = run("hess_C(Wstar) ~= ((12, 18), (18, 28))")
    assert code == 0 and "rounds (half away from zero) to ((12, 18), (18, 28))" in out
