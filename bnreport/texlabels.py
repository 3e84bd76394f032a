"""One TeX pass instead of three: the cross-references of the note, predicted before TeX runs.

LaTeX resolves ``\\ref``, ``\\eqref`` and ``\\cite`` from the ``.aux`` file of the *previous* pass,
so a cold compile normally needs two or three passes.  bnreport wrote every numbered thing of the
note itself, so it can number them: :func:`predict` walks the generated source the way LaTeX's
counters would (sections, equations, the theorem environments, figures, bibliography items) and
writes the ``\\newlabel``/``\\bibcite`` lines the first pass will produce.  :func:`digest` is the
part of an ``.aux`` that references depend on (numbers and link anchors, not page numbers or titles);
the compile loop stops as soon as a pass leaves it unchanged — after one pass when the prediction is
right, after more when it is not, so a wrong prediction costs time, never correctness.
"""

from __future__ import annotations

import re
import string

_TOKEN = re.compile(
    r"\\(?P<cmd>section\*?|caption|label|bibitem)(?:\[[^\]]*\])?\{(?P<arg>[^{}]*)"
    r"|\\(?P<appendix>appendix)\b"
    r"|\\begin\{(?P<env>equation|definition|proposition|theorem|figure)\}"
    r"|(?P<comment>(?<!\\)%[^\n]*)")
_THEOREMS = ("definition", "proposition", "theorem")


def predict(source: str) -> str:
    """The ``\\newlabel`` and ``\\bibcite`` lines pdflatex will write for ``source``."""
    counters = {"section": 0, "equation": 0, "figure": 0, **dict.fromkeys(_THEOREMS, 0)}
    appendix = False
    current = ("", "")  # (number as printed, hyperref anchor) of the last numbered thing
    citations = 0
    lines = []
    body = source.split(r"\begin{document}", 1)[-1]
    for match in _TOKEN.finditer(body):
        cmd, env = match["cmd"], match["env"]
        if match["comment"] or cmd == "section*":
            continue
        if match["appendix"]:
            appendix, counters["section"] = True, 0
        elif cmd == "section":
            counters["section"] += 1
            number = _section_number(counters["section"], appendix)
            current = (number, f"{'appendix' if appendix else 'section'}.{number}")
        elif env == "equation":
            counters["equation"] += 1
            section = _section_number(counters["section"], appendix)
            current = (str(counters["equation"]), f"equation.{section}.{counters['equation']}")
        elif env in _THEOREMS:
            counters[env] += 1
            current = (str(counters[env]), f"{env}.{counters[env]}")
        elif cmd == "caption":
            counters["figure"] += 1
            current = (str(counters["figure"]), f"figure.{counters['figure']}")
        elif cmd == "label":
            lines.append(rf"\newlabel{{{match['arg']}}}{{{{{current[0]}}}{{1}}{{}}{{{current[1]}}}{{}}}}")
        elif cmd == "bibitem":
            citations += 1
            lines.append(rf"\bibcite{{{match['arg']}}}{{{citations}}}")
    return "\\relax\n" + "\n".join(lines) + "\n"


def _section_number(n: int, appendix: bool) -> str:
    return string.ascii_uppercase[n - 1] if appendix and n else str(n)


def digest(aux: str) -> str:
    """What references depend on: each label's number and anchor, each citation's number."""
    entries = []
    for line in aux.splitlines():
        if line.startswith(r"\bibcite{"):
            entries.append(line)
        elif line.startswith(r"\newlabel{"):
            key, rest = _group(line, len(r"\newlabel"))
            fields = _groups(_group(rest, 0)[0])
            if len(fields) >= 4:
                entries.append(f"{key}={fields[0]}@{fields[3]}")
            elif fields:
                entries.append(f"{key}={fields[0]}")
    return "\n".join(sorted(entries))


def _group(text: str, start: int) -> tuple[str, str]:
    """The brace group starting at ``text[start]`` and what follows it."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif text[i] == "}" and text[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return text[start + 1:i], text[i + 1:]
    return text[start + 1:], ""


def _groups(text: str) -> list[str]:
    out = []
    rest = text
    while rest.startswith("{"):
        group, rest = _group(rest, 0)
        out.append(group)
    return out

