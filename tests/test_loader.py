"""Reading learning sets: exact numbers, CSV in one pass, and one clear line for every bad input."""

from __future__ import annotations

import random
from fractions import Fraction
from pathlib import Path

import pytest

from bnreport.cli import main
from bnreport.errors import InputError
from bnreport.loader import load_problem
from bnreport.model import Stats

GOOD_DATA = 'x = [[1, 1], [1, 2], [2, 3]]\ny = [2, 5, 13]\n'


def write(tmp_path: Path, toml: str, csv: str | None = None) -> Path:
    if csv is not None:
        (tmp_path / "set.csv").write_text(csv)
    path = tmp_path / "data.toml"
    path.write_text(toml)
    return path


BAD = [
    ("invalid TOML", "[data\nx = 1", None, "invalid TOML"),
    ("unknown top-level key", f"colour = 1\n[data]\n{GOOD_DATA}", None, "unknown key 'colour'"),
    ("unknown key in [bn]", f"[data]\n{GOOD_DATA}[bn]\ngama = 2\n", None, "unknown key 'bn.gama'"),
    ("unknown key in [data]", f"[data]\n{GOOD_DATA}z = 1\n", None, "unknown key 'data.z'"),
    ("ragged rows", "[data]\nx = [[1, 1], [1], [2, 3]]\ny = [2, 5, 13]\n", None, "data.x[1]"),
    ("x and y lengths", "[data]\nx = [[1, 1], [1, 2]]\ny = [2, 5, 13]\n", None, "2 rows"),
    ("non-numeric", "[data]\nx = [[1, 1], [1, 'a'], [2, 3]]\ny = [2, 5, 13]\n", None,
     "data.x[1][1]"),
    ("NaN", "[data]\nx = [[1, 1], [1, nan], [2, 3]]\ny = [2, 5, 13]\n", None, "not a finite"),
    ("infinite y", "[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [2, inf, 13]\n", None, "data.y[1]"),
    ("string nan", "[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [2, 'nan', 13]\n", None,
     "data.y[1]"),
    ("N < 2", "[data]\nx = [[1, 1]]\ny = [2]\n", None, "N >= 2"),
    ("both x/y and csv", f"[data]\n{GOOD_DATA}csv = 'set.csv'\n", "x1,x2,y\n1,1,2\n", "not both"),
    ("neither", "[data]\n", None, "needs both x and y"),
    ("csv missing", "[data]\ncsv = 'gone.csv'\n", None, "gone.csv: cannot read"),
    ("csv bad header", "[data]\ncsv = 'set.csv'\n", "a,b,c\n1,1,2\n", "header must be x1"),
    ("csv short row", "[data]\ncsv = 'set.csv'\n", "x1,x2,y\n1,1,2\n1,2\n", "set.csv:3: expected 3"),
    ("csv nan", "[data]\ncsv = 'set.csv'\n", "x1,x2,y\n1,1,2\n1,nan,5\n2,3,13\n",
     "set.csv:3: column 2"),
    ("csv inf", "[data]\ncsv = 'set.csv'\n", "x1,x2,y\n1,1,2\n1,2,inf\n2,3,13\n",
     "set.csv:3: column 3"),
    ("all rows equal", "[data]\nx = [[1, 2], [1, 2], [1, 2]]\ny = [2, 5, 13]\n", None,
     "all rows of x are equal"),
    ("XtX singular", "[data]\nx = [[1, 2], [2, 4], [3, 6]]\ny = [2, 5, 13]\n", None,
     "not unique"),
    ("constant column", "[data]\nx = [[1, 1], [1, 2], [1, 3]]\ny = [2, 5, 13]\n", None,
     "constant"),
    ("w0 wrong length", f"[data]\n{GOOD_DATA}[init]\nw0 = [1, 2, 3]\n", None, "init.w0 has 3"),
    ("w0 zero", f"[data]\n{GOOD_DATA}[init]\nw0 = [0, 0]\n", None, "zero vector"),
    ("gamma 0", f"[data]\n{GOOD_DATA}[bn]\ngamma = 0\n", None, "gamma = 0"),
    ("title not text", f"title = 3\n[data]\n{GOOD_DATA}", None, "title must be a string"),
    ("y uncorrelated", "[data]\nx = [[1, 1], [1, 2], [2, 3]]\ny = [4, 4, 4]\n", None,
     "uncorrelated"),
]


@pytest.mark.parametrize(("name", "toml", "csv", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_one_line_naming_the_place(tmp_path, name, toml, csv, message):
    path = write(tmp_path, toml, csv)
    with pytest.raises(InputError) as err:
        load_problem(path)
    text = str(err.value)
    assert message in text and "\n" not in text
    assert str(tmp_path) in text  # the file is named


@pytest.mark.parametrize(("name", "toml", "csv", "message"), BAD[:4], ids=[b[0] for b in BAD[:4]])
def test_cli_reports_bad_input_with_exit_2_and_writes_nothing(tmp_path, capsys, name, toml, csv,
                                                              message):
    path = write(tmp_path, toml, csv)
    out = tmp_path / "out"
    assert main(["--data", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1
    assert not out.exists()


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="cannot read the data file"):
        load_problem(tmp_path / "none.toml")


def test_numbers_are_exact(tmp_path):
    path = write(tmp_path, "[data]\nx = [[0.1, 1], [1, '1/3'], [2, 3]]\ny = [2, 5.25, 13]\n"
                           "[bn]\ngamma = '2/3'\nbeta = -0.5\n")
    problem = load_problem(path)
    assert problem.rows is not None
    assert problem.rows[0][0][0] == Fraction(1, 10) and problem.rows[1][0][1] == Fraction(1, 3)
    assert problem.gamma == Fraction(2, 3) and problem.beta == Fraction(-1, 2)
    assert problem.stats.sum_y == Fraction(81, 4)


def test_csv_and_inline_give_identical_statistics(tmp_path):
    inline = load_problem(write(tmp_path, "[data]\nx = [[1, 0.5], [2, '1/3'], [0, 3.25]]\n"
                                          "y = [1, 2, 4.125]\n"))
    (tmp_path / "c").mkdir()
    csv = load_problem(write(tmp_path / "c", "[data]\ncsv = 'set.csv'\n",
                             "x1,x2,y\n1,0.5,1\n2,1/3,2\n0,3.25,4.125\n"))
    assert csv.stats == inline.stats and csv.rows == inline.rows
    assert csv.digest != inline.digest


def test_digest_follows_the_csv_content(tmp_path):
    path = write(tmp_path, "[data]\ncsv = 'set.csv'\n", "x1,x2,y\n1,1,2\n1,2,5\n2,3,13\n")
    before = load_problem(path).digest
    (tmp_path / "set.csv").write_text("x1,x2,y\n1,1,2\n1,2,5\n2,3,14\n")
    assert load_problem(path).digest != before


def test_large_csv_is_one_exact_pass(tmp_path):
    rng = random.Random(7)
    rows = [(rng.randint(-999, 999), rng.randint(0, 99999), rng.randint(-5000, 5000))
            for _ in range(200_000)]
    lines = [f"{a / 100:.2f},{b / 1000:.3f},{c / 10:.1f}\n" for a, b, c in rows]
    problem = load_problem(write(tmp_path, "[data]\ncsv = 'set.csv'\n", "x1,x2,y\n" + "".join(lines)))
    assert problem.n == 200_000 and problem.rows is None
    assert problem.stats.sum_x[0] == Fraction(sum(a for a, _, _ in rows), 100)
    assert problem.stats.xtx[0][1] == Fraction(sum(a * b for a, b, _ in rows), 100_000)
    assert problem.stats.sum_yy == Fraction(sum(c * c for _, _, c in rows), 100)
    # The first 1,000 rows against the plain Fraction accumulation of the model.
    (tmp_path / "head").mkdir()
    head = load_problem(write(tmp_path / "head", "[data]\ncsv = 'set.csv'\n",
                              "x1,x2,y\n" + "".join(lines[:1000])))
    assert head.stats == Stats.from_rows([((Fraction(a, 100), Fraction(b, 1000)), Fraction(c, 10))
                                          for a, b, c in rows[:1000]])


def test_csv_chunks_with_growing_decimals_and_a_fraction_stay_exact(tmp_path):
    from bnreport import csvdata

    rows = [(Fraction(k % 7), Fraction(k % 5), Fraction(k % 3)) for k in range(40_000)]
    rows += [(Fraction(1, 10_000), Fraction(-25, 10), Fraction(1, 3))]
    rows += [(Fraction(k, 100), Fraction(3), Fraction(-k, 1000)) for k in range(50)]
    text = "x1,x2,y\n" + "".join(f"{_dec(a)},{_dec(b)},{_frac_or_dec(c)}\n" for a, b, c in rows)
    assert len(rows) > csvdata.CHUNK
    problem = load_problem(write(tmp_path, "[data]\ncsv = 'set.csv'\n", text))
    assert problem.stats == Stats.from_rows([((a, b), c) for a, b, c in rows])


def _dec(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{float(value):.6f}"


def _frac_or_dec(value: Fraction) -> str:
    return "1/3" if value == Fraction(1, 3) else _dec(value)
