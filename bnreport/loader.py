"""Stage 1: read a learning set from TOML (inline x/y or a CSV file) into an exact Problem.

Numbers are read exactly (TOML floats as Decimals, then Fractions; never through binary floats) and
nothing from the file is evaluated.  Every problem with the input is an :class:`InputError` whose one
line names the file and the field, row or column, before any algebra runs.
"""

from __future__ import annotations

import datetime
import hashlib
import tomllib
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from .csvdata import Hasher, Row, read_csv
from .errors import InputError
from .model import ROW_DISPLAY_LIMIT, Problem, Quoted, Stats, Sums, TooManyDenominators, Vector
from .numbers import exact_number, plain_decimal, ratios
from .safeio import read_capped
from .texescape import describe, unsupported
from .validate import MAX_FEATURES, validate

__all__ = ["SCHEMA", "default_data_path", "exact_number", "load_problem"]

#: Inline data is parsed whole by tomllib; anything this large belongs in a streamed CSV file.
MAX_TOML_BYTES = 32 << 20
#: A title or author list longer than this is not a title (and would overflow TeX's buffers).
MAX_TEXT = 300

SCHEMA: dict[str, tuple[str, ...]] = {
    "": ("title", "author", "date", "data", "bn", "init", "paper"),
    "data": ("x", "y", "csv"),
    "bn": ("gamma", "beta"),
    "init": ("w0",),
    "paper": ("grad_chat_wstar",),
}


def default_data_path() -> Path:
    """The shipped Example 3.2 (inside the wheel, or at the top of a source checkout)."""
    packaged = resources.files("bnreport") / "_data" / "examples" / "example_3_2.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "examples" / "example_3_2.toml"


def load_problem(path: Path | None = None) -> Problem:
    """Read, check and summarise a ``--data`` file (None: the paper's Example 3.2).

    Raises :class:`InputError` (one line) for anything the note cannot be about; returns only a
    Problem the derivation can work on."""
    path = path or default_data_path()
    where = str(path)
    raw, doc = _read_toml(path)
    top = _table(doc, "", where)
    data, bn, init, paper = (_table(doc, name, where) for name in ("data", "bn", "init", "paper"))
    # The digest covers every input byte (TOML, then NUL and the CSV: TOML cannot contain NUL, so
    # the two parts cannot be confused); the warm-rerun cache trusts it.
    hasher = hashlib.sha256(raw)
    stats, rows = _learning_set(data, path, hasher)
    w0 = init.get("w0")
    problem = Problem(
        stats=stats, rows=rows,
        gamma=exact_number(bn.get("gamma", 1), f"{where}: bn.gamma"),
        beta=exact_number(bn.get("beta", 0), f"{where}: bn.beta"),
        w0=None if w0 is None else _vector(w0, f"{where}: init.w0"),
        title=_text(top, "title", where), author=_text(top, "author", where),
        date=_date(top, where), quoted=_quoted(paper, stats.p, where),
        source=path.name, digest=hasher.hexdigest()[:16],
        csv=data.get("csv"),
    )
    validate(problem, where)
    return problem


def read_toml_bytes(path: Path) -> bytes:
    """The raw bytes of a ``--data`` file: a regular file of at most MAX_TOML_BYTES (else one line)."""
    return read_capped(path, "data file", "check the path given to --data", MAX_TOML_BYTES,
                       "put large learning sets in a CSV file (data.csv)")


def _read_toml(path: Path) -> tuple[bytes, dict[str, Any]]:
    raw = read_toml_bytes(path)
    try:
        return raw, tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text; save the TOML file as UTF-8") from None
    except RecursionError:  # tomllib recurses once per nesting level of [[[...]]]
        raise InputError(f"{path}: invalid TOML: arrays nested too deeply") from None
    except ValueError as err:  # TOMLDecodeError, or an integer with more than 4300 digits
        if "integer string conversion" in str(err):
            raise InputError(f"{path}: invalid TOML: an integer has more than 4300 digits; "
                             "rescale the data") from None
        raise InputError(f"{path}: invalid TOML: {_one_line(err)}") from None


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _table(doc: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    """The table ``[name]`` ({} if absent) after refusing keys the schema does not know."""
    table = doc.get(name, {}) if name else doc
    if not isinstance(table, dict):
        raise InputError(f"{where}: {name} must be a table, written [{name}]")
    allowed = SCHEMA[name]
    unknown = [key for key in table if key not in allowed]
    if unknown:
        from difflib import get_close_matches  # only on this error path

        key = unknown[0]
        guess = get_close_matches(key, allowed, n=1)
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        place = f" in [{name}]" if name else " at the top level"
        raise InputError(f"{where}: unknown key {'.'.join(filter(None, [name, key]))!r}; {hint}"
                         f"allowed{place}: {', '.join(allowed)}")
    return table


def _text(doc: dict[str, Any], key: str, where: str) -> str:
    """A label printed in the note: at most MAX_TEXT characters that the note's fonts can show."""
    value = doc.get(key, "")
    if not isinstance(value, str):
        raise InputError(f"{where}: {key} must be a string in quotes, e.g. {key} = \"...\"")
    if len(value) > MAX_TEXT:
        raise InputError(f"{where}: {key} has {len(value)} characters; keep it under {MAX_TEXT}")
    char = unsupported(value)
    if char is not None:
        raise InputError(f"{where}: {key} contains {describe(char)}, which pdflatex cannot "
                         "typeset with the note's fonts; write it in Latin letters")
    return value


def _date(doc: dict[str, Any], where: str) -> str:
    """The note's date (README, "Reproducible builds"): a TOML date or "YYYY-MM-DD", as ISO text."""
    value = doc.get("date")
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            pass
    raise InputError(f"{where}: date must be a date such as 2025-03-01 (the date printed in the "
                     "note)")


def _vector(value: Any, where: str) -> Vector:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list of numbers such as [1, 0.5, \"1/3\"]")
    return tuple(exact_number(v, f"{where}[{i}]") for i, v in enumerate(value))


def _quoted(paper: dict[str, Any], p: int, where: str) -> Quoted:
    figures = paper.get("grad_chat_wstar", [])
    field = f"{where}: paper.grad_chat_wstar"
    if not isinstance(figures, list):
        raise InputError(f"{field}: expected a list of the printed figures, e.g. [\"-1.25\", \"0.5\"]")
    if figures and len(figures) != p:
        raise InputError(f"{field}: has {len(figures)} figures but the data has p = {p} features; "
                         "give one figure per feature")
    return Quoted(tuple(plain_decimal(v, f"{field}[{i}]") for i, v in enumerate(figures)))


# -- the learning set --------------------------------------------------------------------------------
def _learning_set(data: dict[str, Any], path: Path, hasher: Hasher
                  ) -> tuple[Stats, tuple[Row, ...] | None]:
    where = str(path)
    inline = [key for key in ("x", "y") if key in data]
    if "csv" in data:
        if inline:
            raise InputError(f"{where}: [data] has both csv and {'/'.join(inline)}; give either "
                             "x and y, or csv, not both")
        if not isinstance(data["csv"], str) or not data["csv"].strip():
            raise InputError(f"{where}: data.csv must be a file name in quotes, e.g. csv = \"set.csv\"")
        hasher.update(b"\0")
        return read_csv(path.parent / data["csv"], hasher)
    if len(inline) < 2:
        missing = " and ".join(key for key in ("x", "y") if key not in data)
        raise InputError(f"{where}: [data] needs both x and y, or csv = \"file.csv\" "
                         f"(missing: {missing})")
    return _inline(data["x"], data["y"], where)


def _inline(x: Any, y: Any, where: str) -> tuple[Stats, tuple[Row, ...] | None]:
    """Statistics (and, for small sets, the rows) of ``data.x`` / ``data.y``, column by column."""
    p = _check_shape(x, y, where)
    columns = [ratios([row[j] for row in x], _cell(f"{where}: data.x", j)) for j in range(p)]
    columns.append(ratios(y, lambda i: f"{where}: data.y[{i}]"))
    sums = Sums(p)
    try:
        sums.add_ratios(columns)
    except TooManyDenominators as err:
        raise InputError(f"{where}: [data]: {err}") from None
    if sums.n > ROW_DISPLAY_LIMIT:
        return sums.stats(), None
    values = [[Fraction(*pair) for pair in col] for col in columns]
    rows = tuple((tuple(col[i] for col in values[:-1]), values[-1][i]) for i in range(sums.n))
    return sums.stats(), rows


def _cell(prefix: str, j: int) -> Callable[[int], str]:
    """Names entry [i][j]; built only when a value is bad (this sits in the inner loop)."""
    return lambda i: f"{prefix}[{i}][{j}]"


def _check_shape(x: Any, y: Any, where: str) -> int:
    """p, after checking that x is N rows of p > 0 entries and y has N entries."""
    if not isinstance(x, list):
        raise InputError(f"{where}: data.x must be a list of rows, e.g. x = [[1, 1], [1, 2]]")
    for i, row in enumerate(x):
        if not isinstance(row, list):
            raise InputError(f"{where}: data.x[{i}]: expected a list of numbers such as [1, 0.5]")
    if x and not x[0]:
        raise InputError(f"{where}: data.x[0] is empty; every row needs at least one feature")
    p = len(x[0]) if x else 0
    if p > MAX_FEATURES:
        raise InputError(f"{where}: data.x[0] has {p} features; bnreport handles at most "
                         f"{MAX_FEATURES}; select the features first")
    for i, row in enumerate(x):
        if len(row) != p:
            raise InputError(f"{where}: data.x[{i}] has {len(row)} numbers but data.x[0] has "
                             f"{p}; every row needs the same number of features")
    if not isinstance(y, list):
        raise InputError(f"{where}: data.y: expected a list of numbers such as [2, 0.5, \"1/3\"]")
    if len(x) != len(y):
        raise InputError(f"{where}: data.x has {len(x)} rows but data.y has {len(y)} values; "
                         "give one y per row of x")
    return p
