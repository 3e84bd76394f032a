"""Pasted notation → the plain claim language, token by token (columns are kept for errors).

A reviewer copies from the PDF (through pdftotext: ``∇Ĉ(W ∗) ≈ (−1.23, 4.56)``, ``Cˆ``, ``w₁``,
``⟨W0 , W ∗ ⟩``, ``∥v∥``, ``̸=``) or from the LaTeX of the note and its snippets
(``\\nabla\\hat{\\mathcal{C}}(W^{*}) \\approx \\left(-1.23,\\ 4.56\\right)``, ``\\frac{4}{3} w_{1}``,
``\\sqrt{2}``, ``\\begin{matrix}1 & 2\\\\3 & 4\\end{matrix}``).  Two passes turn that into the
tokens of the plain language:

1. :func:`_translate` maps each symbol or LaTeX command to plain tokens and reads the arguments of
   ``\\frac``, ``\\sqrt``, ``\\hat``, font commands and matrix environments; braces become
   parentheses.  What it cannot place alone (a ∇, a hat, a star, a subscript) becomes a *marker*.
2. :func:`_merge` attaches the markers to their neighbours: ``∇`` + ``Ĉ`` is ``grad_Chat``,
   ``W`` + ``*`` is ``Wstar``, ``w`` + ``_1`` is ``w1``, ``(…)_1`` is ``(…)[1]``.

Nothing here evaluates anything: the result is a token list for :mod:`.parser`.
"""

from __future__ import annotations

import re

from .lexer import ClaimError, Token, tokenize

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
_FONTS = frozenset({r"\mathcal", r"\mathbf", r"\boldsymbol", r"\bm", r"\mathrm", r"\mathit",
                    r"\mathsf", r"\operatorname", r"\vec", r"\mathbb"})
_FRACTIONS = frozenset({r"\frac", r"\dfrac", r"\tfrac"})
_HATS = frozenset({r"\hat", r"\widehat"})
_MATRICES = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "array"})
#: Names as the note or a reviewer may spell them → the language's names.
ALIASES = {
    "W_0": "W0", "W_star": "Wstar", "Wopt": "Wstar", "C_hat": "Chat", "hatC": "Chat",
    "nabla_C": "grad_C", "nabla_Chat": "grad_Chat", "grad_Ĉ": "grad_Chat",
}


#: The macros of ``bnreport.sty`` that name a quantity (those holding printed decimals do not).
MACROS = {
    r"\bnWstar": "Wstar", r"\bnMu": "mu(w)", r"\bnSigma": "sigma(w)", r"\bnC": "C(w)",
    r"\bnChat": "Chat(w)", r"\bnHessC": "hess_C(w)", r"\bnCmin": "C(Wstar)",
    r"\bnGradChatWstar": "grad_Chat(Wstar)", r"\bnDirection": "d", r"\bnChatMin": "Chat(d)",
    r"\bnChatMax": "Chat(-d)", r"\bnLemmaInner": "dot(W0, Wstar)",
}


def normalise(tokens: list[Token]) -> list[Token]:
    """The plain tokens of a claim (the last one is the "end" token)."""
    end = tokens[-1]
    return [*_merge(_translate(tokens[:-1])), end]


def _tok(kind: str, text: str, at: Token) -> Token:
    return Token(kind, text, at.column, at.joined)


def _is(token: Token, *texts: str) -> bool:
    return token.kind in ("op", "marker") and token.text in texts


# -- pass 1: symbols and LaTeX commands -----------------------------------------------------------
def _group_end(tokens: list[Token], start: int) -> int:
    """Index just past the ``}`` matching the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        if _is(tokens[i], "{"):
            depth += 1
        elif _is(tokens[i], "}"):
            depth -= 1
            if depth == 0:
                return i + 1
    raise ClaimError("'{' is never closed", tokens[start].column)


def _argument(tokens: list[Token], i: int, command: Token) -> tuple[list[Token], int]:
    """The argument of a LaTeX command at ``i``: a {group}, a font command with its argument, or
    one token."""
    if i >= len(tokens):
        raise ClaimError(f"{command.text} needs an argument", command.column)
    if _is(tokens[i], "{"):
        end = _group_end(tokens, i)
        return tokens[i + 1:end - 1], end
    if tokens[i].kind == "latex" and (tokens[i].text in _FONTS or tokens[i].text in _HATS):
        inner, end = _argument(tokens, i + 1, tokens[i])
        return [tokens[i], *inner] if tokens[i].text in _HATS else tokens[i:end], end
    token = tokens[i]
    if token.kind == "number" and len(token.text) > 1 and token.text.isdigit():
        # \frac12: an undelimited argument is one character, the rest stays for what follows
        tokens[i] = Token("number", token.text[1:], token.column + 1, True)
        return [Token("number", token.text[0], token.column, token.joined)], i
    return tokens[i:i + 1], i + 1


def _translate(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        text = token.text
        i += 1
        if text in _DROP and token.kind in ("latex", "op"):
            continue
        if token.kind == "latex":
            i = _command(tokens, i, token, out)
        elif _is(token, "{"):
            end = _group_end(tokens, i - 1)
            out += [_tok("op", "(", token), *_translate(tokens[i:end - 1]),
                    _tok("op", ")", tokens[end - 1])]
            i = end
        elif _is(token, "}"):
            raise ClaimError("'}' without a matching '{'", token.column)
        elif _is(token, "|"):
            out.append(_tok("marker", "abs", token))
        elif token.kind == "symbol":
            i = _symbol(tokens, i, token, out)
        else:
            out.append(token)
    return out


def _command(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    text = token.text
    if text in _PLAIN:
        kind, plain = _PLAIN[text]
        out.append(_tok(kind, plain, token))
        return i
    if text in MACROS:
        out += [_tok(t.kind, t.text, token) for t in tokenize(MACROS[text])[:-1]]
        return i
    if text == r"\sqrt":
        if i < len(tokens) and _is(tokens[i], "["):
            raise ClaimError("only square roots: \\sqrt{x}, not \\sqrt[n]{x}", token.column)
        arg, i = _argument(tokens, i, token)
        out += [_tok("name", "sqrt", token), _tok("op", "(", token), *_translate(arg),
                _tok("op", ")", token)]
        return i
    if text in _FRACTIONS:
        top, i = _argument(tokens, i, token)
        bottom, i = _argument(tokens, i, token)
        out += [_tok("op", "(", token), _tok("op", "(", token), *_translate(top),
                _tok("op", ")", token), _tok("op", "/", token), _tok("op", "(", token),
                *_translate(bottom), _tok("op", ")", token), _tok("op", ")", token)]
        return i
    if text in _HATS:
        arg, i = _argument(tokens, i, token)
        inner = _translate(arg)
        if len(inner) != 1 or inner[0].kind != "name" or inner[0].text != "C":
            raise ClaimError(f"{text} is read only on C (the BN cost \\hat{{C}})", token.column)
        out.append(_tok("name", "Chat", token))
        return i
    if text in _FONTS:
        arg, i = _argument(tokens, i, token)
        out += _translate(arg)
        return i
    if text == r"\begin":
        return _matrix(tokens, i, token, out)
    if text == "\\\\":
        raise ClaimError("a line break (\\\\): give one claim at a time", token.column)
    if text in (r"\text", r"\textrm", r"\mbox"):
        raise ClaimError("text is not part of a claim; keep only the formula", token.column)
    raise ClaimError(f"the LaTeX command {text} is not part of the claim language", token.column)


def _environment(tokens: list[Token], i: int, token: Token) -> tuple[str, int]:
    arg, i = _argument(tokens, i, token)
    return "".join(t.text for t in arg), i


def _matrix(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    """``\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}`` → ``((a, b), (c, d))``."""
    name, i = _environment(tokens, i, token)
    if name not in _MATRICES:
        raise ClaimError(f"the environment {name!r} is not part of the claim language",
                         token.column)
    if name == "array" and i < len(tokens) and _is(tokens[i], "{"):
        i = _group_end(tokens, i)  # the column specification
    rows: list[list[list[Token]]] = [[[]]]
    depth = 0
    while True:
        if i >= len(tokens):
            raise ClaimError(f"\\begin{{{name}}} without \\end{{{name}}}", token.column)
        t = tokens[i]
        if t.kind == "latex" and t.text == r"\end" and depth == 0:
            _, i = _environment(tokens, i + 1, t)
            break
        if _is(t, "{"):
            depth += 1
        elif _is(t, "}"):
            depth -= 1
        if depth == 0 and _is(t, "&"):
            rows[-1].append([])
        elif depth == 0 and t.kind == "latex" and t.text == "\\\\":
            rows.append([[]])
        else:
            rows[-1][-1].append(t)
        i += 1
    if rows and rows[-1] == [[]]:
        rows.pop()  # a trailing \\ before \end
    out.append(_tok("op", "(", token))
    for r, row in enumerate(rows):
        if r:
            out.append(_tok("op", ",", token))
        out.append(_tok("op", "(", token))
        for c, cell in enumerate(row):
            if c:
                out.append(_tok("op", ",", token))
            out += [_tok("op", "(", token), *_translate(cell), _tok("op", ")", token)]
        out.append(_tok("op", ")", token))
    out.append(_tok("op", ")", token))
    return i


def _symbol(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    char = token.text
    if char in _PLAIN:
        kind, plain = _PLAIN[char]
        out.append(_tok(kind, plain, token))
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
        exponent = [_tok("number", digits, token)]
        if negative:
            exponent = [_tok("op", "(", token), _tok("op", "-", token), *exponent,
                        _tok("op", ")", token)]
        out += [_tok("op", "^", token), *exponent]
        return i
    if char in _SUBSCRIPT:
        digits = _SUBSCRIPT[char]
        while i < len(tokens) and tokens[i].joined and tokens[i].text in _SUBSCRIPT:
            digits += _SUBSCRIPT[tokens[i].text]
            i += 1
        out.append(_tok("marker", "sub:" + digits, token))
        return i
    if char == "√":
        out.append(_tok("name", "sqrt", token))
        if i < len(tokens) and tokens[i].kind in ("number", "name") and not (
                i + 1 < len(tokens) and _is(tokens[i + 1], "(")):
            out += [_tok("op", "(", token), tokens[i], _tok("op", ")", tokens[i])]
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
        elif _is(token, "=") and i < len(tokens) and _is(tokens[i], "not") and tokens[i].joined:
            out.append(_tok("op", "!=", token))
            i += 1
        elif _is(token, "_") and out and _is(out[-1], ")"):
            index, i = _subscript(tokens, i, token)
            out += [_tok("op", "[", token), _tok("number", index, token), _tok("op", "]", token)]
        elif _is(token, "_"):
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
    if (i + 2 < len(tokens) and _is(tokens[i], "(") and tokens[i + 1].kind == "number"
            and tokens[i + 1].text.isdigit() and _is(tokens[i + 2], ")")):
        return tokens[i + 1].text, i + 3
    if i < len(tokens) and tokens[i].kind == "marker" and tokens[i].text.startswith("sub:"):
        return tokens[i].text[4:], i + 1
    raise ClaimError("a subscript must be a number here, as in W_0 or w_1", at.column)


def _star_at(tokens: list[Token], i: int) -> int:
    """If a star follows (``*``, ``∗``, ``^*``, ``^(*)``, ``_*``), the index past it, else -1."""
    j = i
    if j < len(tokens) and _is(tokens[j], "^", "_"):
        j += 1
    if j < len(tokens) and (_is(tokens[j], "star") or _is(tokens[j], "*")):
        return j + 1
    if (j + 2 < len(tokens) and _is(tokens[j], "(") and _is(tokens[j + 1], "star", "*")
            and _is(tokens[j + 2], ")")):
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
            return _tok("name", "Wstar", token), past
    if text in ("W", "w") and i < len(tokens) and (
            _is(tokens[i], "_") or (tokens[i].kind == "marker" and tokens[i].text.startswith("sub:"))):
        start = i + 1 if _is(tokens[i], "_") else i
        digits, i = _subscript(tokens, start, tokens[i])
        text += digits
    if text == "C" and i < len(tokens) and _is(tokens[i], "hat") and tokens[i].joined:
        text, i = "Chat", i + 1
    if text.startswith("w_") and text[2:].isdigit():
        text = "w" + text[2:]
    return _tok("name", text, token), i


def _marker(tokens: list[Token], i: int, token: Token, out: list[Token],
            bars: dict[str, int]) -> int:
    kind = token.text
    if kind == "nabla":
        return _nabla(tokens, i, token, out)
    if kind == "star":
        out.append(_tok("op", "*", token))
        return i
    if kind == "langle":
        out += [_tok("name", "dot", token), _tok("op", "(", token)]
        return i
    if kind == "rangle":
        out.append(_tok("op", ")", token))
        return i
    if kind in bars:
        # A bar after an operand closes (|x|, ||x||), elsewhere it opens: nesting works.
        ends_operand = bool(out) and (out[-1].kind in ("number", "name") or _is(out[-1], ")", "]"))
        if bars[kind] and ends_operand:
            out.append(_tok("op", ")", token))
            bars[kind] -= 1
        else:
            out += [_tok("name", "norm" if kind == "norm" else "abs", token), _tok("op", "(", token)]
            bars[kind] += 1
        return i
    if kind == "not" and i < len(tokens) and _is(tokens[i], "="):
        out.append(_tok("op", "!=", token))
        return i + 1
    if kind == "hat":
        raise ClaimError("a hat ˆ is read only on C (Ĉ, the BN cost)", token.column)
    if kind.startswith("sub:"):
        raise ClaimError("a subscript is read only in W₀, w₁, …", token.column)
    raise ClaimError(f"unexpected {token.text!r}", token.column)


def _nabla(tokens: list[Token], i: int, token: Token, out: list[Token]) -> int:
    """∇C, ∇Ĉ, ∇²C (also ∇^2 C, and ∇2 C as pdftotext prints it) → grad_C, grad_Chat, hess_…"""
    prefix = "grad_"
    if i + 1 < len(tokens) and _is(tokens[i], "^") and tokens[i + 1].text == "2":
        prefix, i = "hess_", i + 2
    elif (i + 3 < len(tokens) and _is(tokens[i], "^") and _is(tokens[i + 1], "(")
          and tokens[i + 2].text == "2" and _is(tokens[i + 3], ")")):
        prefix, i = "hess_", i + 4
    elif i < len(tokens) and tokens[i].kind == "number" and tokens[i].text == "2":
        prefix, i = "hess_", i + 1
    if i < len(tokens) and tokens[i].kind == "name":
        name, i = _name(tokens, i + 1, tokens[i])
        if name.text in ("C", "Chat"):
            out.append(_tok("name", prefix + name.text, token))
            return i
    raise ClaimError("∇ is read only before C or Ĉ: ∇C, ∇Ĉ, ∇²C, ∇²Ĉ", token.column)
