"""The one Jinja environment of bnreport (LaTeX-safe delimiters, strict, escaping by default)."""

from __future__ import annotations

import contextlib
import pickle
from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from .texescape import TeX, escape


def templates_dir() -> Path:
    """Templates ship inside the wheel; in a source checkout they sit at the top level."""
    packaged = resources.files("bnreport") / "_data" / "templates"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent / "templates"


def _finalize(value: object) -> str:
    # Every printed value is escaped unless our own code marked it as trusted LaTeX.
    if isinstance(value, TeX):
        return value
    return escape(str(value))


class _KeptCompiled(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept between runs, like ``__pycache__`` (keyed by each template's source
    and the Python version, so an edit recompiles): compiling all of them costs 40 ms of every
    cold build.  A missing, unreadable or unwritable cache only costs that compile."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def _compiled_cache() -> jinja2.BytecodeCache | None:
    from .cache import cache_directory

    directory = cache_directory() / "jinja"
    try:
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _KeptCompiled(str(directory))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        bytecode_cache=_compiled_cache(),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=_finalize,
    )
    env.filters["tex"] = lambda v: v if isinstance(v, TeX) else TeX(escape(str(v)))
    return env


def render(template: str, **context: object) -> TeX:
    """Render ``template`` (a ``*.tex.jinja`` name) and mark the result as trusted LaTeX."""
    return TeX(environment().get_template(template).render(**context))
