"""The three output formats of ``bnreport check``: plain lines, strict JSON, a Markdown table.

User text (the claims, and messages that quote them) is made safe for each format: control
characters are shown escaped in plain output (a claim cannot forge a verdict line), JSON is strict
(``allow_nan=False``: non-finite numbers never appear, large values are decimal strings), and in
Markdown every ``|`` is escaped and claims sit in code spans fenced by more backticks than they
contain, so a claim cannot break the table or inject markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from .result import Result

FORMATS = ("plain", "json", "markdown")
#: Longer LaTeX is shown as shortened text: a table cell is no place for a 4000-digit number.
MAX_LATEX = 300


def printable(text: str) -> str:
    """``text`` on one line: control characters (newlines, terminal escapes) shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def plain(results: Sequence[Result]) -> str:
    return "".join(f"{r.verdict.upper():5}  {printable(r.claim)}  --  {printable(r.message)}\n"
                   for r in results)


def as_json(results: Sequence[Result]) -> str:
    payload = [result.as_dict() for result in results]
    return json.dumps(payload, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _code(text: str) -> str:
    """A Markdown code span that shows ``text`` literally (CommonMark: a longer fence)."""
    text = printable(text)
    fence = "`" * (max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return _cell(f"{fence}{pad}{text}{pad}{fence}")


def _cell(text: str) -> str:
    # GFM splits cells at every unescaped |, even inside code spans and math
    return text.replace("|", "\\|")


def _prose(text: str) -> str:
    """Running text with Markdown and MathJax syntax escaped."""
    return _cell(re.sub(r"([\\`*_\[\]<>$~#])", r"\\\1", printable(text)))


def _value(result: Result) -> str:
    if result.exact is None:
        return ""
    if result.latex is not None and len(result.latex) <= MAX_LATEX:
        return _cell(f"${result.latex}$")
    from .values import shorten

    return _code(shorten(result.exact, 80))


def markdown(results: Sequence[Result]) -> str:
    lines = ["| Verdict | Claim | Exact value | Decimals | Why |", "|---|---|---|---|---|"]
    for r in results:
        decimals = _prose(r.decimals) if r.decimals else ""
        lines.append(f"| **{r.verdict.upper()}** | {_code(r.claim)} | {_value(r)} | {decimals} | "
                     f"{_prose(r.reason or r.message)} |")
    return "\n".join(lines) + "\n"


def render(results: Sequence[Result], fmt: str) -> str:
    return {"plain": plain, "json": as_json, "markdown": markdown}[fmt](results)
