"""Reading learning sets: exact numbers, CSV in one pass, and one clear line for every bad input."""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
import time
from fractions import Fraction
from pathlib import Path

import pytest

from bnreport import csvdata
from bnreport.cli import main
from bnreport.errors import InputError
from bnreport.loader import default_data_path, exact_number, load_problem
from bnreport.model import ROW_DISPLAY_LIMIT, Stats, Sums
from bnreport.numbers import MAX_EXPONENT, parse_number, plain_decimal

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
GOOD = "x = [[1, 1], [1, 2], [2, 3]]\ny = [2, 5, 13]\n"
GOOD_CSV = "x1,x2,y\n1,1,2\n1,2,5\n2,3,13\n"
FROM_CSV = "[data]\ncsv = 'set.csv'\n"


def write(directory: Path, toml: str | bytes | None, csv: str | bytes | None = None) -> Path:
    """data.toml (and set.csv) in ``directory``; ``toml=None`` leaves the TOML file missing."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in (("set.csv", csv), ("data.toml", toml)):
        if isinstance(content, str):
            (directory / name).write_text(content, encoding="utf-8", newline="")
        elif content is not None:
            (directory / name).write_bytes(content)
    return directory / "data.toml"


def _data(x: str = "[[1, 1], [1, 2], [2, 3]]", y: str = "[2, 5, 13]", extra: str = "") -> str:
    return f"[data]\nx = {x}\ny = {y}\n{extra}"


# (id, TOML text or None for a missing file, CSV text or None, substrings of the one-line message)
BAD: list[tuple[str, str | bytes | None, str | bytes | None, tuple[str, ...]]] = [
    # the TOML file itself
    ("missing file", None, None, ("data.toml", "cannot read the data file")),
    ("invalid TOML", "[data\nx = 1", None, ("invalid TOML",)),
    ("TOML not UTF-8", b"title = '\xff'\n", None, ("not UTF-8",)),
    ("TOML nested too deep", "a = " + "[" * 5000 + "]" * 5000, None, ("nested too deeply",)),
    ("TOML integer too long", _data(y=f"[2, 5, {'1' * 5000}]"), None, ("invalid TOML",)),
    # unknown keys: which one, and what is allowed there
    ("unknown top-level key", f"colour = 1\n{_data()}", None,
     ("unknown key 'colour'", "allowed at the top level: title, author, date, data, bn, init, paper")),
    ("unknown key in [data]", _data(extra="z = 1\n"), None,
     ("unknown key 'data.z'", "allowed in [data]: x, y, csv")),
    ("unknown key in [bn]", f"{_data()}[bn]\ngama = 2\n", None,
     ("unknown key 'bn.gama'", "did you mean 'gamma'?", "allowed in [bn]: gamma, beta")),
    ("unknown key in [init]", f"{_data()}[init]\nw = [1, 2]\n", None,
     ("unknown key 'init.w'", "allowed in [init]: w0")),
    ("unknown key in [paper]", f"{_data()}[paper]\ngrad = ['1']\n", None,
     ("unknown key 'paper.grad'", "allowed in [paper]: grad_chat_wstar")),
    ("table is a value", f"bn = 3\n{_data()}", None, ("bn must be a table",)),
    # the shape of inline data
    ("ragged rows", _data(x="[[1, 1], [1], [2, 3]]"), None, ("data.x[1] has 1 numbers",)),
    ("empty rows", _data(x="[[], [], []]"), None, ("data.x[0] is empty",)),
    ("x not rows", _data(x="[1, 2, 3]"), None, ("data.x[0]", "list of numbers")),
    ("x not a list", _data(x="3"), None, ("data.x must be a list of rows",)),
    ("x and y lengths", _data(x="[[1, 1], [1, 2]]"), None, ("2 rows but data.y has 3",)),
    ("both x/y and csv", _data(extra="csv = 'set.csv'\n"), GOOD_CSV, ("not both",)),
    ("neither x/y nor csv", "[data]\n", None, ("needs both x and y", "missing: x and y")),
    ("no [data] at all", "title = 't'\n", None, ("needs both x and y",)),
    ("only x", "[data]\nx = [[1, 1], [1, 2]]\n", None, ("missing: y",)),
    ("csv not a name", "[data]\ncsv = 3\n", None, ("data.csv must be a file name",)),
    # values
    ("non-numeric", _data(x="[[1, 1], [1, 'a'], [2, 3]]"), None, ("data.x[1][1]", "'a' is not")),
    ("boolean", _data(y="[2, true, 13]"), None, ("data.y[1]", "got true")),
    ("list for a number", _data(y="[2, [5], 13]"), None, ("data.y[1]", "got a list")),
    ("TOML nan", _data(x="[[1, 1], [1, nan], [2, 3]]"), None, ("data.x[1][1]", "not a finite")),
    ("TOML inf", _data(y="[2, -inf, 13]"), None, ("data.y[1]", "not a finite")),
    ("string nan", _data(y="[2, 'nan', 13]"), None, ("data.y[1]", "'nan' is not a finite")),
    ("string inf", _data(y="[2, 'inf', 13]"), None, ("data.y[1]", "'inf' is not a finite")),
    ("division by zero", _data(y="[2, '1/0', 13]"), None, ("data.y[1]", "divides by zero")),
    ("huge exponent (text)", _data(y="[2, '1e999999999', 13]"), None, ("data.y[1]", "out of range")),
    ("huge exponent (TOML)", _data(y="[2, 1e999999999, 13]"), None, ("data.y[1]", "out of range")),
    ("underscore digits", _data(y="[2, '1_000', 13]"), None, ("data.y[1]", "not a finite")),
    ("N < 2", _data(x="[[1, 1]]", y="[2]"), None, ("1 row(s)", "N >= 2")),
    ("N = 0", _data(x="[]", y="[]"), None, ("0 row(s)",)),
    # the CSV file
    ("csv missing", "[data]\ncsv = 'gone.csv'\n", None, ("gone.csv: cannot read the CSV file",)),
    ("csv empty", FROM_CSV, "", ("set.csv: the CSV file is empty",)),
    ("csv bad header", FROM_CSV, "a,b,c\n1,1,2\n", ("set.csv:1: the first line must be the header",)),
    ("csv header order", FROM_CSV, "x2,x1,y\n1,1,2\n", ("set.csv:1:", "3 comma-separated names")),
    ("csv header only y", FROM_CSV, "y\n2\n5\n", ("set.csv:1: the first line must be the header",)),
    ("csv short row", FROM_CSV, "x1,x2,y\n1,1,2\n1,2\n2,3,13\n", ("set.csv:3: expected 3", "found 2")),
    ("csv long row", FROM_CSV, "x1,x2,y\n1,1,2\n1,2,5\n2,3,13,4\n", ("set.csv:4: expected 3",)),
    ("csv nan", FROM_CSV, "x1,x2,y\n1,1,2\n1,nan,5\n2,3,13\n", ("set.csv:3: column 2 (x2)", "'nan'")),
    ("csv inf", FROM_CSV, "x1,x2,y\n1,1,2\n1,2,inf\n2,3,13\n", ("set.csv:3: column 3 (y)", "'inf'")),
    ("csv NaN", FROM_CSV, "x1,x2,y\nNaN,1,2\n1,2,5\n2,3,13\n", ("set.csv:2: column 1 (x1)",)),
    ("csv empty field", FROM_CSV, "x1,x2,y\n1,1,2\n1,,5\n2,3,13\n", ("set.csv:3: column 2", "''")),
    ("csv two dots", FROM_CSV, "x1,x2,y\n1,1,2\n1,2,5\n2,1.2.3,13\n", ("set.csv:4: column 2",)),
    ("csv inner space", FROM_CSV, "x1,x2,y\n1,1,2\n1,2 0,5\n2,3,13\n", ("set.csv:3: column 2",)),
    ("csv huge exponent", FROM_CSV, "x1,x2,y\n1,1,2\n1,2,5e9999\n2,3,13\n", ("set.csv:3:", "out of range")),
    ("csv not UTF-8", FROM_CSV, b"x1,x2,y\n1,1,2\n1,2,5\xff\n", ("set.csv:3: not UTF-8",)),
    ("csv N < 2", FROM_CSV, "x1,x2,y\n1,1,2\n", ("1 row(s)",)),
    # data the note cannot be about
    ("all rows equal", _data(x="[[1, 2], [1, 2], [1, 2]]"), None, ("all rows of x are equal", "σ(w) = 0")),
    ("csv all rows equal", FROM_CSV, "x1,y\n0.5,1\n0.50,2\n.5,3\n", ("all rows of x are equal",)),
    ("XtX singular", _data(x="[[1, 2], [2, 4], [3, 6]]"), None, ("XᵀX is singular", "not unique")),
    ("constant column", _data(x="[[1, 1], [1, 2], [1, 3]]"), None, ("constant",)),
    ("y uncorrelated", _data(y="[4, 4, 4]"), None, ("uncorrelated",)),
    ("w0 wrong length", f"{_data()}[init]\nw0 = [1, 2, 3]\n", None, ("init.w0 has 3", "p = 2")),
    ("w0 zero", f"{_data()}[init]\nw0 = [0, 0.0]\n", None, ("init.w0 is the zero vector",)),
    ("w0 not a list", f"{_data()}[init]\nw0 = 1\n", None, ("init.w0: expected a list",)),
    ("w0 not numeric", f"{_data()}[init]\nw0 = [1, 'x']\n", None, ("init.w0[1]",)),
    ("gamma 0", f"{_data()}[bn]\ngamma = 0\n", None, ("gamma = 0", "constant")),
    ("gamma 0 as text", f"{_data()}[bn]\ngamma = '0/7'\n", None, ("gamma = 0",)),
    ("beta not numeric", f"{_data()}[bn]\nbeta = 'b'\n", None, ("bn.beta", "'b' is not")),
    # labels and the paper's figures
    ("title not text", f"title = 3\n{_data()}", None, ("title must be a string",)),
    ("author not text", f"author = ['A', 'B']\n{_data()}", None, ("author must be a string",)),
    ("figures not a list", f"{_data()}[paper]\ngrad_chat_wstar = '-0.34'\n", None,
     ("paper.grad_chat_wstar: expected a list",)),
    ("figures wrong length", f"{_data()}[paper]\ngrad_chat_wstar = ['-0.34']\n", None,
     ("has 1 figures", "p = 2")),
    ("figure is TeX", f"{_data()}[paper]\ngrad_chat_wstar = ['\\\\input{{x}}', '0.11']\n", None,
     ("paper.grad_chat_wstar[0]", "not a plain decimal")),
    ("figure with exponent", f"{_data()}[paper]\ngrad_chat_wstar = ['-3.4e-1', 0.11]\n", None,
     ("paper.grad_chat_wstar[0]", "not a plain decimal")),
]


@pytest.mark.parametrize(("toml", "csv", "needles"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_naming_the_file_and_place(tmp_path, toml, csv, needles):
    path = write(tmp_path, toml, csv)
    with pytest.raises(InputError) as err:
        load_problem(path)
    text = str(err.value)
    assert "\n" not in text and str(tmp_path) in text
    for needle in needles:
        assert needle in text


CLI_BAD = [b for b in BAD if b[0] in ("missing file", "unknown key in [bn]", "csv nan", "XtX singular")]


@pytest.mark.parametrize(("toml", "csv", "needles"), [b[1:] for b in CLI_BAD],
                         ids=[b[0] for b in CLI_BAD])
def test_cli_reports_bad_input_with_exit_2_and_writes_nothing(tmp_path, capsys, toml, csv, needles):
    path = write(tmp_path / "in", toml, csv)
    out = tmp_path / "out"
    assert main(["snippets", "--data", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert needles[0] in err and "Traceback" not in err and err.count("\n") == 1
    assert not out.exists()


# -- exact numbers -------------------------------------------------------------------------------
EXACT = [
    ("0.1", Fraction(1, 10)),
    ("'1/3'", Fraction(1, 3)),
    ("'-2/6'", Fraction(-1, 3)),
    ("-0.25", Fraction(-1, 4)),
    ("'-.5'", Fraction(-1, 2)),
    ("'7.'", Fraction(7)),
    ("1e-3", Fraction(1, 1000)),
    ("'2.5E2'", Fraction(250)),
    ("0.30000000000000004", Fraction(30000000000000004, 10**17)),
    ("' +12 '", Fraction(12)),
    ("-3", Fraction(-3)),
    (f"'1e-{MAX_EXPONENT}'", Fraction(1, 10**MAX_EXPONENT)),
]


@pytest.mark.parametrize(("literal", "expected"), EXACT, ids=[e[0] for e in EXACT])
def test_toml_numbers_are_read_exactly(tmp_path, literal, expected):
    problem = load_problem(write(tmp_path, f"{_data()}[bn]\nbeta = {literal}\n"))
    assert problem.beta == expected and type(problem.beta) is Fraction


@pytest.mark.parametrize(("literal", "expected"), EXACT, ids=[e[0] for e in EXACT])
def test_csv_fields_are_read_exactly(tmp_path, literal, expected):
    field = literal.strip("'")
    problem = load_problem(write(tmp_path, FROM_CSV, f"x1,y\n0,0\n{field},1\n"))
    assert problem.stats.sum_x == (expected,) and problem.stats.xtx == ((expected * expected,),)


@pytest.mark.parametrize("text", ["1_000", "٣", "0x10", "", "+", ".", "-.", "1 / 3", "1/-3", "1/0",
                                  "nan", "-inf", "Infinity", "1e", "1e1.5", "--1", "1e999999999"])
def test_text_that_is_not_an_exact_number_is_refused(text):
    with pytest.raises(InputError) as err:
        parse_number(text, "here")
    assert str(err.value).startswith("here: ") and "\n" not in str(err.value)


def test_the_number_helpers_keep_their_contracts():
    assert exact_number(3, "w") == 3 and exact_number("1/3", "w") == Fraction(1, 3)
    assert plain_decimal("-0.340", "w") == "-0.340"  # trailing zeros are part of what was printed
    with pytest.raises(InputError, match="got true"):
        exact_number(True, "w")


# -- CSV and inline data agree -----------------------------------------------------------------
SETS = [
    ("integers", [[1, 1], [1, 2], [2, 3]], [2, 5, 13]),
    ("decimals of mixed places", [["0.5", "-1.25"], ["2", "0.125"], ["-3.5", "4"]], ["1", "-2.75", "0.1"]),
    ("fractions", [["1/3", "1"], ["2", "-2/7"], ["0.5", "3"]], ["1/9", "2", "4.125"]),
    ("one feature", [["1"], ["2.5"], ["-1"], ["4"]], ["1", "2", "3", "0.5"]),
    ("three features", [[1, 0, 2], [0, 1, 1], [2, 1, 0], [1, 1, 1], [3, 0, 1]], [1, 2, 0, 5, 3]),
]


def _toml_list(values: list) -> str:
    return "[" + ", ".join(f"'{v}'" if isinstance(v, str) else str(v) for v in values) + "]"


def _csv_text(x: list, y: list, newline: str = "\n") -> str:
    header = ",".join(f"x{j + 1}" for j in range(len(x[0]))) + ",y"
    return newline.join([header, *(",".join(map(str, [*r, v])) for r, v in zip(x, y, strict=True))]) + newline


@pytest.mark.parametrize(("x", "y"), [s[1:] for s in SETS], ids=[s[0] for s in SETS])
def test_csv_and_inline_give_identical_statistics_and_rows(tmp_path, x, y):
    rows = "[" + ", ".join(_toml_list(r) for r in x) + "]"
    inline = load_problem(write(tmp_path / "inline", _data(x=rows, y=_toml_list(y))))
    csv = load_problem(write(tmp_path / "csv", FROM_CSV, _csv_text(x, y)))
    expected = Stats.from_rows([(tuple(Fraction(str(v)) for v in r), Fraction(str(v)))
                                for r, v in zip(x, y, strict=True)])
    assert csv.stats == inline.stats == expected
    assert csv.rows == inline.rows and csv.rows is not None and len(csv.rows) == len(y)
    assert csv.digest != inline.digest


LAYOUTS = [
    ("CRLF", lambda text: text.replace("\n", "\r\n")),
    ("byte order mark", lambda text: "\ufeff" + text),
    ("spaces around fields", lambda text: text.replace(",", " , ")),
    ("blank lines", lambda text: text.replace("\n", "\n\n", 2) + "\n  \n"),
    ("no final newline", lambda text: text.rstrip("\n")),
]


@pytest.mark.parametrize("layout", [layout for _, layout in LAYOUTS], ids=[name for name, _ in LAYOUTS])
def test_common_csv_layouts_read_the_same(tmp_path, layout):
    x, y = SETS[1][1], SETS[1][2]
    plain = load_problem(write(tmp_path / "plain", FROM_CSV, _csv_text(x, y)))
    other = load_problem(write(tmp_path / "other", FROM_CSV, layout(_csv_text(x, y))))
    assert other.stats == plain.stats and other.rows == plain.rows and other.n == 3


@pytest.mark.parametrize("n", [2, ROW_DISPLAY_LIMIT, ROW_DISPLAY_LIMIT + 1, 50])
@pytest.mark.parametrize("form", ["inline", "csv"])
def test_rows_are_kept_only_for_small_sets(tmp_path, n, form):
    x = [[k + 1] for k in range(n)]
    y = [k * k % 5 for k in range(n)]
    toml = _data(x=str(x), y=str(y)) if form == "inline" else FROM_CSV
    problem = load_problem(write(tmp_path, toml, _csv_text(x, y) if form == "csv" else None))
    assert problem.n == n
    assert (problem.rows is not None) == (n <= ROW_DISPLAY_LIMIT)
    if problem.rows is not None:
        assert problem.rows == tuple(((Fraction(r[0]),), Fraction(v)) for r, v in zip(x, y, strict=True))


# -- one exact pass, however the file is cut into blocks ---------------------------------------
def _mixed_rows() -> list[tuple[tuple[Fraction, Fraction], Fraction]]:
    """Integers first, then more decimal places, a fraction and an exponent in later blocks."""
    rows = [((Fraction(k % 7), Fraction(k % 5 - 2)), Fraction(k % 3)) for k in range(300)]
    rows += [((Fraction(1, 10_000), Fraction(-25, 10)), Fraction(1, 3))]
    rows += [((Fraction(k, 100), Fraction(3)), Fraction(-k, 1000)) for k in range(300)]
    rows += [((Fraction(2000), Fraction(1, 8)), Fraction(5))]
    return rows


def _field(value: Fraction, k: int) -> str:
    if value == Fraction(1, 3):
        return "1/3"
    if value == 2000:
        return "2e3"
    if value.denominator == 1:
        return str(value.numerator) + ("." if k % 4 == 0 else "")  # "7." is a plain decimal too
    return f"{float(value):.6f}".rstrip("0")


@pytest.mark.parametrize("block", [7, 64, 4096, csvdata.BLOCK])
def test_csv_stays_exact_across_blocks_growing_decimals_and_fractions(tmp_path, monkeypatch, block):
    monkeypatch.setattr(csvdata, "BLOCK", block)
    rows = _mixed_rows()
    text = "x1,x2,y\n" + "".join(f"{_field(a, k)},{_field(b, k)},{_field(c, k)}\n"
                                 for k, ((a, b), c) in enumerate(rows))
    problem = load_problem(write(tmp_path, FROM_CSV, text))
    assert problem.stats == Stats.from_rows(rows)
    assert problem.digest == load_problem(write(tmp_path / "again", FROM_CSV, text)).digest


@pytest.mark.parametrize("block", [5, 64, csvdata.BLOCK])
def test_a_bad_field_far_down_names_its_line(tmp_path, monkeypatch, block):
    monkeypatch.setattr(csvdata, "BLOCK", block)
    lines = [f"{k},{k * k % 11},{k % 4}" for k in range(1, 500)]
    lines[400] = "401,x,1"  # line 402 of the file (after the header)
    with pytest.raises(InputError, match=r"set\.csv:402: column 2 \(x2\): 'x'"):
        load_problem(write(tmp_path, FROM_CSV, "x1,x2,y\n" + "\n".join(lines) + "\n"))


def _large_csv(n: int, seed: int) -> tuple[str, list[tuple[int, int, int]]]:
    rng = random.Random(seed)
    ints = [(rng.randint(-999, 999), rng.randint(0, 99999), rng.randint(-5000, 5000)) for _ in range(n)]
    text = "x1,x2,y\n" + "".join(f"{a / 100:.2f},{b / 1000:.3f},{c / 10:.1f}\n" for a, b, c in ints)
    return text, ints


def test_200k_rows_are_one_fast_exact_pass(tmp_path):
    text, ints = _large_csv(200_000, seed=7)
    path = write(tmp_path, FROM_CSV, text)
    start = time.perf_counter()
    problem = load_problem(path)
    elapsed = time.perf_counter() - start
    assert problem.n == 200_000 and problem.rows is None
    # An independent computation: plain integer sums of the generating integers.
    a, b, c = (list(col) for col in zip(*ints, strict=True))
    dot = lambda u, v: sum(p * q for p, q in zip(u, v, strict=True))  # noqa: E731
    assert problem.stats.sum_x == (Fraction(sum(a), 100), Fraction(sum(b), 1000))
    assert problem.stats.xtx == ((Fraction(dot(a, a), 10**4), Fraction(dot(a, b), 10**5)),
                                 (Fraction(dot(a, b), 10**5), Fraction(dot(b, b), 10**6)))
    assert problem.stats.xty == (Fraction(dot(a, c), 1000), Fraction(dot(b, c), 10**4))
    assert problem.stats.sum_y == Fraction(sum(c), 10) and problem.stats.sum_yy == Fraction(dot(c, c), 100)
    # The first rows against the plain Fraction accumulation of the model.
    head = load_problem(write(tmp_path / "head", FROM_CSV, "".join(text.splitlines(True)[:1001])))
    assert head.stats == Stats.from_rows([((Fraction(p, 100), Fraction(q, 1000)), Fraction(r, 10))
                                          for p, q, r in ints[:1000]])
    assert elapsed < 3.0  # typically ~0.4 s; generous for slow CI machines


@pytest.mark.slow
def test_200k_inline_rows_match_the_csv(tmp_path):
    text, _ = _large_csv(200_000, seed=11)
    rows = text.splitlines()[1:]
    x = "[" + ", ".join(f"[{r.split(',')[0]}, '{r.split(',')[1]}']" for r in rows) + "]"
    y = "[" + ", ".join(r.split(",")[2] for r in rows) + "]"
    inline = load_problem(write(tmp_path / "inline", _data(x=x, y=y)))
    csv = load_problem(write(tmp_path / "csv", FROM_CSV, text))
    assert inline.stats == csv.stats and inline.n == 200_000 and inline.rows is None


def test_inline_rows_of_every_kind_match_the_fraction_reference(tmp_path):
    rng = random.Random(5)
    kinds = [lambda: rng.randint(-50, 50), lambda: f"{rng.randint(-999, 999) / 100}",
             lambda: f"'{rng.randint(-9, 9)}/{rng.randint(1, 9)}'",
             lambda: f"{rng.randint(1, 9)}e-{rng.randint(0, 4)}"]
    table = [[rng.choice(kinds)() for _ in range(3)] for _ in range(2000)]
    x = "[" + ", ".join(f"[{a}, {b}]" for a, b, _ in table) + "]"
    y = "[" + ", ".join(str(c) for _, _, c in table) + "]"
    problem = load_problem(write(tmp_path, _data(x=x, y=y)))
    value = lambda v: Fraction(str(v).strip("'"))  # noqa: E731  (Fraction is the reference here)
    assert problem.stats == Stats.from_rows([((value(a), value(b)), value(c)) for a, b, c in table])


@pytest.mark.parametrize(("scales", "expected_scale"), [((1, 10, 100), 100), ((10, 3, 1), 30),
                                                         ((7, 7), 7), ((100, 1), 100)])
def test_sums_in_any_units_equal_the_fraction_reference(scales, expected_scale):
    rng = random.Random(sum(scales))
    sums, rows = Sums(2), []
    for scale in scales:
        block = [[rng.randint(-99, 99) for _ in range(20)] for _ in range(3)]
        sums.add(scale, block)
        rows += [((Fraction(a, scale), Fraction(b, scale)), Fraction(c, scale))
                 for a, b, c in zip(*block, strict=True)]
    assert sums.stats() == Stats.from_rows(rows)
    assert sums.scale == expected_scale and sums.n == 20 * len(scales)


@pytest.mark.parametrize(("limit", "content", "needles"), [
    ("MAX_TOML_BYTES", "toml", ("data.toml: the data file is larger than", "CSV file")),
    ("MAX_LINE", "csv", ("set.csv:2: line longer than", "is this a CSV file?")),
])
def test_oversized_input_is_refused_before_it_fills_memory(tmp_path, monkeypatch, limit, content, needles):
    import bnreport.loader as loader

    monkeypatch.setattr(loader if limit == "MAX_TOML_BYTES" else csvdata, limit, 1 << 20)
    huge = "1" * (2 << 20)
    path = write(tmp_path, FROM_CSV + (f"# {huge}\n" if content == "toml" else ""),
                 f"x1,y\n{huge}" if content == "csv" else GOOD_CSV)
    with pytest.raises(InputError) as err:
        load_problem(path)
    assert all(needle in str(err.value) for needle in needles) and "\n" not in str(err.value)


# -- digest, defaults, examples, import cost -----------------------------------------------------
def test_digest_follows_every_input_byte(tmp_path):
    base = load_problem(write(tmp_path / "a", FROM_CSV, GOOD_CSV)).digest
    same = load_problem(write(tmp_path / "b", FROM_CSV, GOOD_CSV)).digest
    csv_edit = load_problem(write(tmp_path / "c", FROM_CSV, GOOD_CSV.replace("13", "14"))).digest
    csv_space = load_problem(write(tmp_path / "d", FROM_CSV, GOOD_CSV + "\n")).digest
    toml_edit = load_problem(write(tmp_path / "e", FROM_CSV + "[bn]\nbeta = 0\n", GOOD_CSV)).digest
    assert base == same
    assert len({base, csv_edit, csv_space, toml_edit}) == 4


def test_digest_is_a_hash_of_the_toml_and_the_csv(tmp_path):
    path = write(tmp_path, FROM_CSV, GOOD_CSV)
    raw = path.read_bytes()
    expected = hashlib.sha256(raw + b"\0" + GOOD_CSV.encode()).hexdigest()
    assert load_problem(path).digest == expected[:16]
    inline = write(tmp_path / "inline", _data())
    assert load_problem(inline).digest == hashlib.sha256(inline.read_bytes()).hexdigest()[:16]


def test_default_is_the_papers_example():
    problem = load_problem(None)
    assert default_data_path().name == "example_3_2.toml"
    assert problem.rows == (((Fraction(1), Fraction(1)), Fraction(2)),
                            ((Fraction(1), Fraction(2)), Fraction(5)),
                            ((Fraction(2), Fraction(3)), Fraction(13)))
    assert (problem.gamma, problem.beta, problem.w0) == (1, 0, None)
    assert problem.quoted.grad_chat_wstar == ("-0.34", "0.11")
    assert problem.source == "example_3_2.toml" and len(problem.digest) == 16


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_shipped_examples_load(example):
    problem = load_problem(example)
    assert problem.n >= 2 and problem.p >= 1 and problem.title


def test_loading_does_not_import_sympy():
    code = ("import sys; from bnreport.loader import load_problem; load_problem(None); "
            "print('sympy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
