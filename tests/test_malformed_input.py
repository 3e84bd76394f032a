"""Issue 14: every malformed input — hostile, huge or merely wrong — ends in one line, exit 2, with
nothing written, and never prints the content of a file the user did not type.

Each row runs the real CLI in a subprocess (several at a time) with ``-q``, so that stderr holds
nothing but the error (one row, x = 1e308, fails in the algebra, after the progress line naming the
input).  The timeout is a hang guard, not a measurement: rows take well under a second, except
that one."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

HANG_GUARD = 120
GOOD_X, GOOD_Y = "[[1, 1], [1, 2], [2, 3]]", "[2, 5, 13]"
SHADOW_LINE = "root:$y$j9T$secretsecretsecret:19000:0:99999:7:::"
ENV_SECRET = "BNREPORT_TEST_SECRET=do-not-print-me-7f3a"


def data(x: str = GOOD_X, y: str = GOOD_Y, extra: str = "", top: str = "") -> str:
    return f"{top}[data]\nx = {x}\ny = {y}\n{extra}"


def csv_toml(name: str) -> str:
    return f"[data]\ncsv = {name!r}\n"


def nested(depth: int) -> str:
    return "[" * depth + "1" + "]" * depth


def primes(count: int) -> list[int]:
    found: list[int] = []
    candidate = 2
    while len(found) < count:
        if all(candidate % p for p in found if p * p <= candidate):
            found.append(candidate)
        candidate += 1
    return found


@dataclass
class Case:
    id: str
    toml: str | bytes | None = None    # data.toml content (None: --data names `data_path`)
    needle: str = ""                   # must appear in the one line
    csv: str | bytes | None = None     # set.csv content
    data_path: str | None = None       # --data given as this path ({tmp} is replaced)
    out: str | None = None             # --out given as this path ({tmp} is replaced)
    prepare: Callable[[Path], None] | None = None
    env: dict[str, str] = field(default_factory=dict)
    command: str = "snippets"
    secret: str = ""                   # text that must not appear in the message


def fifo(name: str) -> Callable[[Path], None]:
    return lambda tmp: os.mkfifo(tmp / "in" / name)


def foreign_out(tmp: Path) -> None:
    (tmp / "foreign").mkdir()
    (tmp / "foreign" / "bnreport.tex").write_text("my thesis\n")


def linked_snippets(tmp: Path) -> None:
    (tmp / "linked").mkdir()
    (tmp / "elsewhere").mkdir()
    (tmp / "linked" / "snippets").symlink_to(tmp / "elsewhere")


def shared_out(tmp: Path) -> None:
    (tmp / "shared").mkdir()
    (tmp / "shared").chmod(0o1777)


def shadow(tmp: Path) -> None:
    (tmp / "in" / "shadow").write_text(SHADOW_LINE + "\n")


CASES = [
    # -- the list ---------------------------------------------------------------------
    Case("x nested 500 deep", data(x=nested(500)), "nested too deeply"),
    Case("title nested 500 deep", f"title = {nested(500)}\n" + data(), "nested too deeply"),
    Case("x nested 50 deep", data(x=f"[[{nested(48)}, 1], [1, 2], [2, 3]]"), "data.x[0][0]"),
    Case("y nested 5000 deep", data(y=nested(5000)), "nested too deeply"),
    Case("integer over 4300 digits", data(y=f"[2, 5, {'7' * 4400}]"), "invalid TOML"),
    Case("integer of 4001 digits", data(y=f"[2, 5, {'7' * 4001}]"), "more than 1000 digits"),
    Case("x = 1e308", data(x="[[1, 1], [1, 2], [2, 1e308]]"), "too far apart in magnitude"),
    Case("1/10^4000", data(y='[2, 5, "1/10^4000"]'), "is not a finite number"),
    Case("denominator of 4001 digits", data(y=f'[2, 5, "1/1{"0" * 4000}"]'), "more than 1000"),
    Case("1e99999999 (TOML)", data(y="[2, 5, 1e99999999]"), "out of range"),
    Case("1e99999999 (text)", data(y='[2, 5, "1e99999999"]'), "out of range"),
    Case("CSV of 1000 columns", csv_toml("set.csv"), "1000 feature columns",
         csv=",".join(f"x{j}" for j in range(1, 1001)) + ",y\n" + ",".join(["1"] * 1001) + "\n"),
    Case("paper figure of 3000 digits", data(extra=f"[paper]\ngrad_chat_wstar = ['-0.34', "
                                                   f"'0.{'1' * 3000}']\n"), "not a plain decimal"),
    Case("paper figure is a list", data(extra="[paper]\ngrad_chat_wstar = [[1], [2]]\n"),
         "not a plain decimal"),
    Case("paper figures are booleans", data(extra="[paper]\ngrad_chat_wstar = [true, false]\n"),
         "not a plain decimal"),
    Case("paper figures a table", data(extra="[paper]\ngrad_chat_wstar = {a = 1}\n"),
         "expected a list"),
    Case("paper is a number", "paper = 3\n" + data(), "paper must be a table"),
    Case("paper figure with exponent", data(extra="[paper]\ngrad_chat_wstar = ['-3e-1', '1']\n"),
         "not a plain decimal"),
    Case("csv = /etc/shadow-like file", csv_toml("shadow"), "the first line must be the header",
         prepare=shadow, secret=SHADOW_LINE[:12]),
    Case("csv = /proc/self/environ", csv_toml("/proc/self/environ"), "set.csv" and "environ",
         env={"BNREPORT_TEST_SECRET": ENV_SECRET.split("=", 1)[1]}, secret="do-not-print-me"),
    Case("csv = /dev/zero", csv_toml("/dev/zero"), "is a device"),
    Case("csv = a FIFO", csv_toml("pipe"), "is a FIFO", prepare=fifo("pipe")),
    Case("csv = a directory", csv_toml("."), "is a directory"),
    Case("--data /dev/zero", None, "is a device", data_path="/dev/zero"),
    Case("--data a FIFO", None, "is a FIFO", data_path="{tmp}/in/pipe.toml",
         prepare=fifo("pipe.toml")),
    Case("--data a directory", None, "is a directory", data_path="{tmp}/in"),
    Case("--data /proc/self/environ", None, "invalid TOML", data_path="/proc/self/environ",
         env={"BNREPORT_TEST_SECRET": ENV_SECRET.split("=", 1)[1]}, secret="do-not-print-me"),
    Case("fractions of 500 primes", csv_toml("set.csv"), "too many different denominators",
         csv="x1,y\n" + "".join(f"1/{p},{k % 7}\n" for k, p in enumerate(primes(500)))),
    Case("inline fractions of 500 primes",
         data(x="[" + ", ".join(f'["1/{p}"]' for p in primes(500)) + "]",
              y="[" + ", ".join(str(k % 7) for k in range(500)) + "]"),
         "too many different denominators"),
    Case("binary CSV line", csv_toml("set.csv"), "line longer than",
         csv=b"x1,y\n" + b"1" * (2 << 20)),
    Case("21 features inline", data(x="[" + ", ".join(["[" + ", ".join(["1"] * 21) + "]"] * 3) + "]"),
         "at most 20"),
    # -- labels and settings ---------------------------------------------------------------------
    Case("title in Cyrillic", data(top='title = "Жук"\n'), "U+0416 CYRILLIC CAPITAL LETTER ZHE"),
    Case("author with an emoji", data(top='author = "A. \U0001F600"\n'), "U+1F600"),
    Case("title of 10,000 characters", data(top=f'title = "{"t" * 10_000}"\n'), "characters"),
    Case("date not a date", data(top='date = "yesterday"\n'), "date must be a date"),
    Case("SOURCE_DATE_EPOCH not a number", data(), "SOURCE_DATE_EPOCH",
         env={"SOURCE_DATE_EPOCH": "tomorrow"}),
    Case("TeX timeout not a number", data(), "BNREPORT_TEX_TIMEOUT", command="build",
         env={"BNREPORT_TEX_TIMEOUT": "forever"}),
    # -- cases handled before ----------------------------------------------------------------------
    Case("invalid TOML", "[data\nx = 1", "invalid TOML"),
    Case("TOML not UTF-8", b"title = '\xff'\n", "not UTF-8"),
    Case("unknown key", data(extra="z = 1\n"), "unknown key 'data.z'"),
    Case("ragged rows", data(x="[[1, 1], [1], [2, 3]]"), "data.x[1] has 1 numbers"),
    Case("x and y lengths", data(x="[[1, 1], [1, 2]]"), "2 rows but data.y has 3"),
    Case("NaN", data(x="[[1, 1], [1, nan], [2, 3]]"), "not a finite number"),
    Case("inf as text", data(y="[2, 'inf', 13]"), "'inf' is not a finite number"),
    Case("N < 2", data(x="[[1, 1]]", y="[2]"), "N >= 2"),
    Case("both x/y and csv", data(extra="csv = 'set.csv'\n"), "not both", csv="x1,x2,y\n1,1,2\n"),
    Case("all rows equal", data(x="[[1, 2], [1, 2], [1, 2]]"), "all rows of x are equal"),
    Case("XtX singular", data(x="[[1, 2], [2, 4], [3, 6]]"), "XᵀX is singular"),
    Case("constant column", data(x="[[1, 1], [1, 2], [1, 3]]"), "constant"),
    Case("y uncorrelated", data(y="[4, 4, 4]"), "uncorrelated"),
    Case("w0 wrong length", data(extra="[init]\nw0 = [1, 2, 3]\n"), "init.w0 has 3"),
    Case("w0 zero", data(extra="[init]\nw0 = [0, 0]\n"), "zero vector"),
    Case("gamma 0", data(extra="[bn]\ngamma = 0\n"), "gamma = 0"),
    Case("csv missing", csv_toml("gone.csv"), "cannot read the CSV file"),
    Case("csv bad header", csv_toml("set.csv"), "the first line must be the header",
         csv="a,b,c\n1,1,2\n"),
    Case("csv NaN", csv_toml("set.csv"), "column 2 (x2)", csv="x1,x2,y\n1,1,2\n1,nan,5\n2,3,13\n"),
    Case("csv huge exponent", csv_toml("set.csv"), "out of range",
         csv="x1,x2,y\n1,1,2\n1,2,5e9999\n2,3,13\n"),
    Case("csv not UTF-8", csv_toml("set.csv"), "not UTF-8", csv=b"x1,x2,y\n1,1,2\n1,2,5\xff\n"),
    # -- the output directory ------------------------------------------------------------------------
    Case("--out /", data(), "root directory", out="/"),
    Case("--out a file", data(), "not a directory", out="{tmp}/in/data.toml"),
    Case("--out with a foreign bnreport.tex", data(), "bnreport.tex was not written by bnreport",
         out="{tmp}/foreign", prepare=foreign_out, command="build"),
    Case("--out with a linked snippets/", data(), "snippets is a symbolic link",
         out="{tmp}/linked", prepare=linked_snippets),
    Case("--out world-writable", data(), "writable by every user", out="{tmp}/shared",
         prepare=shared_out),
    Case("--out /proc", data(), "system directory", out="/proc/bnreport"),
]


def snapshot(tmp: Path) -> dict[str, int]:
    """Every path under tmp (but the inputs) with its size: 'nothing written' is equality."""
    return {str(p.relative_to(tmp)): (p.lstat().st_size if not p.is_dir() else 0)
            for p in tmp.rglob("*") if p.relative_to(tmp).parts[0] != "in"}


def launch(case: Case, tmp: Path) -> tuple[subprocess.Popen[str], dict[str, int]]:
    (tmp / "in").mkdir(parents=True)
    if isinstance(case.toml, str):
        (tmp / "in" / "data.toml").write_text(case.toml, encoding="utf-8")
    elif case.toml is not None:
        (tmp / "in" / "data.toml").write_bytes(case.toml)
    if isinstance(case.csv, str):
        (tmp / "in" / "set.csv").write_text(case.csv)
    elif case.csv is not None:
        (tmp / "in" / "set.csv").write_bytes(case.csv)
    if case.prepare:
        case.prepare(tmp)
    data = (case.data_path or "{tmp}/in/data.toml").format(tmp=tmp)
    out = (case.out or "{tmp}/out").format(tmp=tmp)
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH",)}
    env.update(case.env)
    before = snapshot(tmp)
    run = subprocess.Popen([sys.executable, "-m", "bnreport", case.command, "-q", "--data", data,
                            "--out", out], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return run, before


def test_the_table_is_large_enough():
    assert len(CASES) >= 40 and len({case.id for case in CASES}) == len(CASES)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    """Run every case, eight at a time; (exit code, stderr, files before, files after)."""
    results = {}
    for start in range(0, len(CASES), 8):
        batch = [(case, tmp_path_factory.mktemp("case")) for case in CASES[start:start + 8]]
        running = [(case, tmp, *launch(case, tmp)) for case, tmp in batch]
        for case, tmp, run, before in running:
            try:
                _, err = run.communicate(timeout=HANG_GUARD)
            except subprocess.TimeoutExpired:
                run.kill()
                _, err = run.communicate()
                err = f"HUNG: {err}"
            results[case.id] = (run.returncode, err, before, snapshot(tmp))
    return results


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_malformed_input_is_one_line_exit_2_nothing_written(outcomes, case):
    code, err, before, after = outcomes[case.id]
    assert code == 2, err
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert len(err) < 300 and "Traceback" not in err
    assert err.startswith("bnreport: error: ") and case.needle in err, err
    assert after == before, "something was written"
    if case.secret:
        assert case.secret not in err
