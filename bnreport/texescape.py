"""Escaping of plain text for LaTeX (the default for every value a template prints)."""

from __future__ import annotations

import unicodedata


class TeX(str):
    """LaTeX written by bnreport's own code (never user text): rendered without escaping."""

    __slots__ = ()


_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
    "%": r"\%", "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
    "\N{MINUS SIGN}": "-", "\N{EN DASH}": "--", "\N{EM DASH}": "---",
    "\N{LEFT SINGLE QUOTATION MARK}": "`", "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{LEFT DOUBLE QUOTATION MARK}": "``", "\N{RIGHT DOUBLE QUOTATION MARK}": "''",
    "\N{HORIZONTAL ELLIPSIS}": r"\dots{}", "\N{NO-BREAK SPACE}": "~",
}

# Characters pdflatex with T1/utf8 cannot typeset directly but our texts (and users') use.
_MATH = {
    "²": "^2", "³": "^3", "ᵀ": r"^{\top}", "⁻": "^{-}", "ᵈ": "^{d}", "⁵": "^5", "⁰": "^0",
    "·": r"\cdot", "±": r"\pm", "≤": r"\le", "≥": r"\ge", "≠": r"\neq", "≈": r"\approx",
    "½": r"\tfrac12", "√": r"\surd", "∇": r"\nabla", "⟨": r"\langle", "⟩": r"\rangle",
    "∈": r"\in", "ℝ": r"\mathbb{R}", "∞": r"\infty", "×": r"\times", "⇒": r"\Rightarrow",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "μ": r"\mu", "σ": r"\sigma",
    "φ": r"\varphi", "ε": r"\varepsilon", "λ": r"\lambda", "Σ": r"\Sigma",
}


def _latin1_or_combined(char: str) -> str:
    """Accented Latin letters typeset with T1 + utf8; anything else becomes a visible '?'."""
    if ord(char) < 0x250:
        return char
    base = unicodedata.normalize("NFD", char)
    if char == "Ĉ" or (base and ord(base[0]) < 0x80 and base[1:] == "\u0302"):
        return rf"\^{{{base[0]}}}"
    return "?"


def escape(text: str) -> str:
    """Plain text → LaTeX that prints exactly that text (never a command, never a file read)."""
    out = []
    for char in str(text):
        if char in _SPECIAL:
            out.append(_SPECIAL[char])
        elif char in _MATH:
            out.append(rf"\ensuremath{{{_MATH[char]}}}")
        elif char in "\n\r\t":
            out.append(" ")
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            continue
        elif ord(char) < 0x80:
            out.append(char)
        else:
            out.append(_latin1_or_combined(char))
    return "".join(out)
