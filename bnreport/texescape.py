"""Escaping of plain text for LaTeX (the default for every value a template prints)."""

from __future__ import annotations

import unicodedata

from .texchars import latex_for


class TeX(str):
    """LaTeX written by bnreport's own code (never user text): rendered without escaping."""

    __slots__ = ()


_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}


def unsupported(text: str) -> str | None:
    """The first character of ``text`` that :func:`escape` cannot typeset, or None."""
    for char in unicodedata.normalize("NFC", str(text)):
        if ord(char) >= 0x80 and latex_for(char) is None:
            return char
    return None


def describe(char: str) -> str:
    """'Ж' (U+0416 CYRILLIC CAPITAL LETTER ZHE): how a message names a character."""
    shown = char if char.isprintable() else ""
    name = unicodedata.name(char, "unnamed")
    return f"{shown!r} (U+{ord(char):04X} {name})" if shown else f"U+{ord(char):04X} ({name})"


def escape(text: str) -> str:
    """Plain text → ASCII LaTeX that prints exactly that text (never a command, never a file read).

    Non-ASCII characters become explicit commands (:mod:`bnreport.texchars`); one without a safe
    rendering prints as '?' (user texts are refused earlier, naming it: :func:`unsupported`)."""
    out = []
    for char in unicodedata.normalize("NFC", str(text)):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in "\n\r\t":
            out.append(" ")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        elif ord(char) < 0x80:
            out.append(char)
        else:
            latex = latex_for(char)
            out.append("?" if latex is None else latex)
    return "".join(out)


def pdf_text(text: str) -> str:
    """Plain text for a PDF metadata field set through hyperref (``pdftitle={...}``).

    hyperref turns the value into a Unicode PDF string itself, so characters stay as they are;
    only what TeX would read as syntax is escaped, and controls become spaces."""
    out = []
    for char in unicodedata.normalize("NFC", str(text)):
        if char in _PDF_SPECIAL:
            out.append(_PDF_SPECIAL[char])
        elif unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


#: What TeX reads as syntax inside a hyperref string: the first ten of :data:`_SPECIAL`.
_PDF_SPECIAL = {char: _SPECIAL[char] for char in "\\{}$&#%_^~"}
