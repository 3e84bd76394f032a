"""Pasted notation → the plain claim language, token by token (columns are kept for errors).

A reviewer copies from the PDF (through pdftotext: ``∇Ĉ(W ∗) ≈ (−1.23, 4.56)``, ``Cˆ``, ``w₁``,
``⟨W0 , W ∗ ⟩``, ``∥v∥``, ``̸=``) or from the LaTeX of the note and its snippets
(``\\nabla\\hat{\\mathcal{C}}(W^{*}) \\approx \\left(-1.23,\\ 4.56\\right)``, ``\\frac{4}{3} w_{1}``,
``\\sqrt{2}``, ``\\begin{matrix}1 & 2\\\\3 & 4\\end{matrix}``).  Two passes turn that into the
tokens of the plain language:

1. :func:`_translate` maps each symbol or LaTeX command to plain tokens (commands with arguments,
   ``\\frac``, ``\\sqrt``, ``\\hat``, fonts and matrix environments, in :mod:`.latex`); braces
   become parentheses.  What it cannot place alone (a ∇, a hat, a star, a subscript) becomes a
   *marker*.
2. :func:`_merge` attaches the markers to their neighbours: ``∇`` + ``Ĉ`` is ``grad_Chat``,
   ``W`` + ``*`` is ``Wstar``, ``w`` + ``_1`` is ``w1``, ``(…)_1`` is ``(…)[1]``.

Nothing here evaluates anything: the result is a token list for :mod:`.parser`.
"""

from __future__ import annotations

import re

from .latex import command, group_end, is_op, tok
from .lexer import ClaimError, Token

_PRODUCT = re.compile(r"(?:w[0-9]+){2,}")

_DROP = frozenset({
    r"\,", r"\;", r"\:", r"\!", "\\ ", r"\quad", r"\qquad", r"\left", r"\right", r"\bigl",
    r"\bigr", r"\Bigl", r"\Bigr", r"\biggl", r"\biggr", r"\big", r"\Big", r"\bigg", r"\middle",
    r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", r"\mathstrut", "$", "&",
})
#: Symbols and commands that are one plain token (or a marker, kind "marker").
_PLAIN: dict[str, tuple[str, str]] = {
    "≈": ("op", "~="), r"\approx": ("op", "~="),
    "≤": ("op", "<="), "⩽": ("op", "<="), "≦": ("op", "<="), r"\leq": ("op", "<="),
    r"\le": ("op", "<="), r"\leqslant": ("op", "<="),
    "≥": ("op", ">="), "⩾": ("op", ">="), "≧": ("op", ">="), r"\geq": ("op", ">="),
    r"\ge": ("op", ">="), r"\geqslant": ("op", ">="),
    "≠": ("op", "!="), r"\neq": ("op", "!="), r"\ne": ("op", "!="),
    r"\lt": ("op", "<"), r"\gt": ("op", ">"),
    "−": ("op", "-"), "–": ("op", "-"),
    "·": ("op", "*"), "×": ("op", "*"), "⋅": ("op", "*"), r"\cdot": ("op", "*"),
    r"\times": ("op", "*"), r"\div": ("op", "/"),
    "µ": ("name", "mu"), "μ": ("name", "mu"), r"\mu": ("name", "mu"),
    "σ": ("name", "sigma"), r"\sigma": ("name", "sigma"),
    "Ĉ": ("name", "Chat"),
    "∇": ("marker", "nabla"), r"\nabla": ("marker", "nabla"),
    "ˆ": ("marker", "hat"), "\u0302": ("marker", "hat"),
    "∗": ("marker", "star"), "⋆": ("marker", "star"), "★": ("marker", "star"),
    r"\ast": ("marker", "star"), r"\star": ("marker", "star"),
    "\u0338": ("marker", "not"),
    "⟨": ("marker", "langle"), "〈": ("marker", "langle"), r"\langle": ("marker", "langle"),
    "⟩": ("marker", "rangle"), "〉": ("marker", "rangle"), r"\rangle": ("marker", "rangle"),
    "∥": ("marker", "norm"), "‖": ("marker", "norm"), r"\|": ("marker", "norm"),
    r"\Vert": ("marker", "norm"), r"\lVert": ("marker", "norm"), r"\rVert": ("marker", "norm"),
    "|": ("marker", "abs"), "∣": ("marker", "abs"), r"\vert": ("marker", "abs"),
    r"\lvert": ("marker", "abs"), r"\rvert": ("marker", "abs"), r"\mid": ("marker", "abs"),
}
_SUPERSCRIPT = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
                "⁸": "8", "⁹": "9"}
_SUBSCRIPT = {chr(0x2080 + i): str(i) for i in range(10)}
#: Names as the note or a reviewer may spell them → the language's names.
ALIASES = {
    "W_0": "W0", "W_star": "Wstar", "Wopt": "Wstar", "C_hat": "Chat", "hatC": "Chat",
    "nabla_C": "grad_C", "nabla_Chat": "grad_Chat", "grad_Ĉ": "grad_Chat",
}


def normalise(tokens: list[Token]) -> list[Token]:
    """The plain tokens of a claim (the last one is the "end" token)."""
    end = tokens[-1]
    return [*_merge(_translate(tokens[:-1])), end]


# -- pass 1: symbols and LaTeX commands -----------------------------------------------------------
def _translate(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        text = token.text
        i += 1
        if text in _DROP and token.kind in ("latex", "op"):
            continue
        if token.kind == "latex" and text in _PLAIN:
            kind, plain = _PLAIN[text]
            out.append(tok(kind, plain, token))
        elif token.kind == "latex":
            i = command(tokens, i, token, out, _translate)
        elif is_op(token, "{"):
            end = group_end(tokens, i - 1)
            out += [tok("op", "(", token), *_translate(tokens[i:end - 1]),
                    tok("op", ")", tokens[end - 1])]
            i = end
        elif is_op(token, "}"):
            raise ClaimError("'}' without a matching '{'", token.column)
        elif is_op(token, "|"):
            out.append(tok("marker", "abs", token))
        elif token.kind == "symbol":
            i = _symbol(tokens, i, token, out)
        else:
            out.append(token)
    return out


def _symbol(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    char = token.text
    if char in _PLAIN:
        kind, plain = _PLAIN[char]
        out.append(tok(kind, plain, token))
        return i
    if char in _SUPERSCRIPT or char == "⁻":
        digits, negative = "", char == "⁻"
        if not negative:
            digits = _SUPERSCRIPT[char]
        while i < len(tokens) and tokens[i].joined and tokens[i].text in _SUPERSCRIPT:
            digits += _SUPERSCRIPT[tokens[i].text]
            i += 1
        if not digits:
            raise ClaimError("a superscript minus needs digits after it (x⁻¹)", token.column)
        exponent = [tok("number", digits, token)]
        if negative:
            exponent = [tok("op", "(", token), tok("op", "-", token), *exponent,
                        tok("op", ")", token)]
        out += [tok("op", "^", token), *exponent]
        return i
    if char in _SUBSCRIPT:
        digits = _SUBSCRIPT[char]
        while i < len(tokens) and tokens[i].joined and tokens[i].text in _SUBSCRIPT:
            digits += _SUBSCRIPT[tokens[i].text]
            i += 1
        out.append(tok("marker", "sub:" + digits, token))
        return i
    if char == "√":
        out.append(tok("name", "sqrt", token))
        if i < len(tokens) and tokens[i].kind in ("number", "name") and not (
                i + 1 < len(tokens) and is_op(tokens[i + 1], "(")):
            out += [tok("op", "(", token), tokens[i], tok("op", ")", tokens[i])]
            return i + 1
        return i
    if char == "ĉ":
        raise ClaimError("lower-case ĉ: the BN cost is Ĉ (or Chat)", token.column)
    raise ClaimError(f"unexpected character {char!r}", token.column)


# -- pass 2: markers ----------------------------------------------------------------------------------
def _merge(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    bars = {"norm": 0, "abs": 0}
    i = 0
    while i < len(tokens):
        token = tokens[i]
        i += 1
        if token.kind == "name":
            token, i = _name(tokens, i, token)
            out.append(token)
        elif token.kind == "marker":
            i = _marker(tokens, i, token, out, bars)
        elif is_op(token, "=") and i < len(tokens) and is_op(tokens[i], "not") and tokens[i].joined:
            out.append(tok("op", "!=", token))
            i += 1
        elif is_op(token, "_") and out and is_op(out[-1], ")"):
            index, i = _subscript(tokens, i, token)
            out += [tok("op", "[", token), tok("number", index, token), tok("op", "]", token)]
        elif is_op(token, "_"):
            raise ClaimError("a subscript is read only in W_0, w_1, … and (…)_1 (a component)",
                             token.column)
        else:
            out.append(token)
    for kind, is_open in bars.items():
        if is_open:
            raise ClaimError(f"a {'norm ‖…‖' if kind == 'norm' else 'bar |…|'} is never closed",
                             tokens[-1].column if tokens else 0)
    return out


def _subscript(tokens: list[Token], i: int, at: Token) -> tuple[str, int]:
    """The digits after ``_``: ``_1`` or ``_(1)`` (a LaTeX ``_{1}`` after pass 1)."""
    if i < len(tokens) and tokens[i].kind == "number" and tokens[i].text.isdigit():
        return tokens[i].text, i + 1
    if (i + 2 < len(tokens) and is_op(tokens[i], "(") and tokens[i + 1].kind == "number"
            and tokens[i + 1].text.isdigit() and is_op(tokens[i + 2], ")")):
        return tokens[i + 1].text, i + 3
    if i < len(tokens) and tokens[i].kind == "marker" and tokens[i].text.startswith("sub:"):
        return tokens[i].text[4:], i + 1
    raise ClaimError("a subscript must be a number here, as in W_0 or w_1", at.column)


def _star_at(tokens: list[Token], i: int) -> int:
    """If a star follows (``*``, ``∗``, ``^*``, ``^(*)``, ``_*``), the index past it, else -1."""
    j = i
    if j < len(tokens) and is_op(tokens[j], "^", "_"):
        j += 1
    if j < len(tokens) and (is_op(tokens[j], "star") or is_op(tokens[j], "*")):
        return j + 1
    if (j + 2 < len(tokens) and is_op(tokens[j], "(") and is_op(tokens[j + 1], "star", "*")
            and is_op(tokens[j + 2], ")")):
        return j + 3
    return -1


def _name(tokens: list[Token], i: int, token: Token) -> tuple[Token, int]:
    text = ALIASES.get(token.text, token.text)
    if _PRODUCT.fullmatch(text):  # "w1w2" as pasted from 6w1w2: the product w1 w2
        parts = re.findall(r"w[0-9]+", text)
        for offset, part in enumerate(parts[1:], start=1):
            tokens.insert(i + offset - 1, Token("name", part, token.column, True))
        text = parts[0]
    if text == "W":
        past = _star_at(tokens, i)
        if past >= 0:
            return tok("name", "Wstar", token), past
    if text in ("W", "w") and i < len(tokens) and (
            is_op(tokens[i], "_") or (tokens[i].kind == "marker" and tokens[i].text.startswith("sub:"))):
        start = i + 1 if is_op(tokens[i], "_") else i
        digits, i = _subscript(tokens, start, tokens[i])
        text += digits
    if text == "C" and i < len(tokens) and is_op(tokens[i], "hat") and tokens[i].joined:
        text, i = "Chat", i + 1
    if text.startswith("w_") and text[2:].isdigit():
        text = "w" + text[2:]
    return tok("name", text, token), i


def _marker(tokens: list[Token], i: int, token: Token, out: list[Token],
            bars: dict[str, int]) -> int:
    kind = token.text
    if kind == "nabla":
        return _nabla(tokens, i, token, out)
    if kind == "star":
        out.append(tok("op", "*", token))
        return i
    if kind == "langle":
        out += [tok("name", "dot", token), tok("op", "(", token)]
        return i
    if kind == "rangle":
        out.append(tok("op", ")", token))
        return i
    if kind in bars:
        # A bar after an operand closes (|x|, ||x||), elsewhere it opens: nesting works.
        ends_operand = bool(out) and (out[-1].kind in ("number", "name") or is_op(out[-1], ")", "]"))
        if bars[kind] and ends_operand:
            out.append(tok("op", ")", token))
            bars[kind] -= 1
        else:
            out += [tok("name", "norm" if kind == "norm" else "abs", token), tok("op", "(", token)]
            bars[kind] += 1
        return i
    if kind == "not" and i < len(tokens) and is_op(tokens[i], "="):
        out.append(tok("op", "!=", token))
        return i + 1
    if kind == "hat":
        raise ClaimError("a hat ˆ is read only on C (Ĉ, the BN cost)", token.column)
    if kind.startswith("sub:"):
        raise ClaimError("a subscript is read only in W₀, w₁, …", token.column)
    raise ClaimError(f"unexpected {token.text!r}", token.column)


def _nabla(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    """∇C, ∇Ĉ, ∇²C (also ∇^2 C, and ∇2 C as pdftotext prints it) → grad_C, grad_Chat, hess_…"""
    prefix = "grad_"
    if i + 1 < len(tokens) and is_op(tokens[i], "^") and tokens[i + 1].text == "2":
        prefix, i = "hess_", i + 2
    elif (i + 3 < len(tokens) and is_op(tokens[i], "^") and is_op(tokens[i + 1], "(")
          and tokens[i + 2].text == "2" and is_op(tokens[i + 3], ")")):
        prefix, i = "hess_", i + 4
    elif i < len(tokens) and tokens[i].kind == "number" and tokens[i].text == "2":
        prefix, i = "hess_", i + 1
    if i < len(tokens) and tokens[i].kind == "name":
        name, i = _name(tokens, i + 1, tokens[i])
        if name.text in ("C", "Chat"):
            out.append(tok("name", prefix + name.text, token))
            return i
    raise ClaimError("∇ is read only before C or Ĉ: ∇C, ∇Ĉ, ∇²C, ∇²Ĉ", token.column)
