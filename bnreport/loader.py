"""Stage 1: read a learning set from TOML (inline x/y or a CSV file) into an exact Problem.

Numbers are read exactly (TOML floats as Decimals, then Fractions; never through binary floats) and
nothing from the file is evaluated.  Every problem with the input is an :class:`InputError` whose one
line names the file and the field, row or column, before any algebra runs.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from .csvdata import read_csv
from .errors import InputError
from .model import ROW_DISPLAY_LIMIT, Problem, Quoted, Stats, Vector
from .validate import validate

SCHEMA: dict[str, set[str]] = {
    "": {"title", "author", "data", "bn", "init", "paper"},
    "data": {"x", "y", "csv"},
    "bn": {"gamma", "beta"},
    "init": {"w0"},
    "paper": {"grad_chat_wstar"},
}


def default_data_path() -> Path:
    """The shipped Example 3.2 (inside the wheel, or at the top of a source checkout)."""
    packaged = resources.files("bnreport") / "_data" / "examples" / "example_3_2.toml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "examples" / "example_3_2.toml"


def exact_number(value: Any, where: str) -> Fraction:
    """An int, an exact decimal, or a string such as ``"1/3"`` or ``"-0.25"`` → Fraction."""
    if isinstance(value, bool):
        raise InputError(f"{where}: expected a number, got {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"{where}: {value} is not a finite number")
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(value.strip())
        except (ValueError, ZeroDivisionError):
            raise InputError(f"{where}: {value!r} is not a number (use 3, 0.25 or \"1/3\")") from None
    raise InputError(f"{where}: expected a number, got {type(value).__name__}")


def _table(doc: dict[str, Any], name: str, where: str) -> dict[str, Any]:
    table = doc.get(name, {}) if name else doc
    if not isinstance(table, dict):
        raise InputError(f"{where}: [{name}] must be a table")
    unknown = sorted(set(table) - SCHEMA[name])
    if unknown:
        allowed = ", ".join(sorted(SCHEMA[name]))
        raise InputError(f"{where}: unknown key {'.'.join(filter(None, [name, unknown[0]]))!r} "
                         f"(allowed{' in [' + name + ']' if name else ''}: {allowed})")
    return table


def _vector(value: Any, where: str) -> Vector:
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list of numbers")
    return tuple(exact_number(v, f"{where}[{i}]") for i, v in enumerate(value))


def _inline_rows(data: dict[str, Any], where: str) -> list[tuple[Vector, Fraction]]:
    if "x" not in data or "y" not in data:
        raise InputError(f"{where}: [data] needs both x and y (or csv = \"file.csv\")")
    if not isinstance(data["x"], list):
        raise InputError(f"{where}: data.x must be a list of rows")
    xs = [_vector(row, f"{where}: data.x[{i}]") for i, row in enumerate(data["x"])]
    ys = _vector(data["y"], f"{where}: data.y")
    for i, row in enumerate(xs):
        if len(row) != len(xs[0]):
            raise InputError(f"{where}: data.x[{i}] has {len(row)} numbers, data.x[0] has "
                             f"{len(xs[0])}: every row needs the same number of features")
    if len(xs) != len(ys):
        raise InputError(f"{where}: data.x has {len(xs)} rows but data.y has {len(ys)} values")
    if xs and not xs[0]:
        raise InputError(f"{where}: data.x rows are empty; give at least one feature")
    return list(zip(xs, ys, strict=True))


def _learning_set(data: dict[str, Any], path: Path, hasher: Any
                  ) -> tuple[Stats, tuple[tuple[Vector, Fraction], ...] | None]:
    where = str(path)
    if "csv" in data:
        if "x" in data or "y" in data:
            raise InputError(f"{where}: give either data.x/data.y or data.csv, not both")
        if not isinstance(data["csv"], str):
            raise InputError(f"{where}: data.csv must be a file name")
        csv_path = path.parent / data["csv"]
        try:
            hasher.update(csv_path.read_bytes())
        except OSError as err:
            raise InputError(f"{csv_path}: cannot read the CSV file ({err.strerror})") from None
        return read_csv(csv_path)
    rows = _inline_rows(data, where)
    kept = tuple(rows) if len(rows) <= ROW_DISPLAY_LIMIT else None
    return Stats.from_rows(rows), kept


def _read_toml(path: Path) -> tuple[bytes, dict[str, Any]]:
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise InputError(f"{path}: cannot read the data file ({err.strerror})") from None
    try:
        return raw, tomllib.loads(raw.decode("utf-8"), parse_float=Decimal)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: invalid TOML: {err}") from None


def _text(doc: dict[str, Any], key: str, where: str) -> str:
    value = doc.get(key, "")
    if not isinstance(value, str):
        raise InputError(f"{where}: {key} must be a string")
    return value


def load_problem(path: Path | None = None) -> Problem:
    path = path or default_data_path()
    raw, doc = _read_toml(path)
    where = str(path)
    top = _table(doc, "", where)
    data, bn, init, paper = (_table(doc, name, where) for name in ("data", "bn", "init", "paper"))
    hasher = hashlib.sha256(raw)
    stats, rows = _learning_set(data, path, hasher)
    w0 = init.get("w0")
    quoted: Sequence[Any] = paper.get("grad_chat_wstar", ())
    problem = Problem(
        stats=stats, rows=rows,
        gamma=exact_number(bn.get("gamma", 1), f"{where}: bn.gamma"),
        beta=exact_number(bn.get("beta", 0), f"{where}: bn.beta"),
        w0=None if w0 is None else _vector(w0, f"{where}: init.w0"),
        title=_text(top, "title", where), author=_text(top, "author", where),
        quoted=Quoted(tuple(str(v) for v in quoted)),
        source=path.name, digest=hasher.hexdigest()[:16],
    )
    validate(problem, where)
    return problem
