"""LaTeX in a claim: commands with their arguments (``\\frac``, ``\\sqrt``, ``\\hat``, fonts,
matrix environments, the macros of ``bnreport.sty``), read into plain tokens.

Pass 1 of :mod:`.notation` hands every command here with a ``translate`` callback for the arguments
(they may hold LaTeX again); single-token commands (``\\approx``, ``\\nabla``) are mapped there.
"""

from __future__ import annotations

from collections.abc import Callable

from .lexer import ClaimError, Token, tokenize

Translate = Callable[[list[Token]], list[Token]]

_FONTS = frozenset({r"\mathcal", r"\mathbf", r"\boldsymbol", r"\bm", r"\mathrm", r"\mathit",
                    r"\mathsf", r"\operatorname", r"\vec", r"\mathbb"})
_FRACTIONS = frozenset({r"\frac", r"\dfrac", r"\tfrac"})
_HATS = frozenset({r"\hat", r"\widehat"})
_MATRICES = frozenset({"matrix", "pmatrix", "bmatrix", "Bmatrix", "smallmatrix", "array"})
#: The macros of ``bnreport.sty`` that name a quantity (those holding printed decimals do not).
MACROS = {
    r"\bnWstar": "Wstar", r"\bnMu": "mu(w)", r"\bnSigma": "sigma(w)", r"\bnC": "C(w)",
    r"\bnChat": "Chat(w)", r"\bnHessC": "hess_C(w)", r"\bnCmin": "C(Wstar)",
    r"\bnGradChatWstar": "grad_Chat(Wstar)", r"\bnDirection": "d", r"\bnChatMin": "Chat(d)",
    r"\bnChatMax": "Chat(-d)", r"\bnLemmaInner": "dot(W0, Wstar)",
}


def tok(kind: str, text: str, at: Token) -> Token:
    """A token made for ``at``: its column (for errors) and whether it was joined to the last."""
    return Token(kind, text, at.column, at.joined)


def is_op(token: Token, *texts: str) -> bool:
    return token.kind in ("op", "marker") and token.text in texts


def group_end(tokens: list[Token], start: int) -> int:
    """Index just past the ``}`` matching the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(tokens)):
        if is_op(tokens[i], "{"):
            depth += 1
        elif is_op(tokens[i], "}"):
            depth -= 1
            if depth == 0:
                return i + 1
    raise ClaimError("'{' is never closed", tokens[start].column)


def _argument(tokens: list[Token], i: int, command: Token) -> tuple[list[Token], int]:
    """The argument of a LaTeX command at ``i``: a {group}, a font command with its argument, or
    one token."""
    if i >= len(tokens):
        raise ClaimError(f"{command.text} needs an argument", command.column)
    if is_op(tokens[i], "{"):
        end = group_end(tokens, i)
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


def command(tokens: list[Token], i: int, token: Token, out: list[Token],
            translate: Translate) -> int:
    """Read the command ``token`` (its arguments start at ``i``) into ``out``; the index after it."""
    text = token.text
    if text in MACROS:
        out += [tok(t.kind, t.text, token) for t in tokenize(MACROS[text])[:-1]]
        return i
    if text == r"\sqrt":
        if i < len(tokens) and is_op(tokens[i], "["):
            raise ClaimError("only square roots: \\sqrt{x}, not \\sqrt[n]{x}", token.column)
        arg, i = _argument(tokens, i, token)
        out += [tok("name", "sqrt", token), tok("op", "(", token), *translate(arg),
                tok("op", ")", token)]
        return i
    if text in _FRACTIONS:
        top, i = _argument(tokens, i, token)
        bottom, i = _argument(tokens, i, token)
        out += [tok("op", "(", token), tok("op", "(", token), *translate(top),
                tok("op", ")", token), tok("op", "/", token), tok("op", "(", token),
                *translate(bottom), tok("op", ")", token), tok("op", ")", token)]
        return i
    if text in _HATS:
        arg, i = _argument(tokens, i, token)
        inner = translate(arg)
        if len(inner) != 1 or inner[0].kind != "name" or inner[0].text != "C":
            raise ClaimError(f"{text} is read only on C (the BN cost \\hat{{C}})", token.column)
        out.append(tok("name", "Chat", token))
        return i
    if text in _FONTS:
        arg, i = _argument(tokens, i, token)
        out += translate(arg)
        return i
    if text == r"\begin":
        return _matrix(tokens, i, token, out, translate)
    if text == "\\\\":
        raise ClaimError("a line break (\\\\): give one claim at a time", token.column)
    if text in (r"\text", r"\textrm", r"\mbox"):
        raise ClaimError("text is not part of a claim; keep only the formula", token.column)
    raise ClaimError(f"the LaTeX command {text} is not part of the claim language", token.column)


def _environment(tokens: list[Token], i: int, token: Token) -> tuple[str, int]:
    arg, i = _argument(tokens, i, token)
    return "".join(t.text for t in arg), i


def _matrix(tokens: list[Token], i: int, token: Token, out: list[Token],
            translate: Translate) -> int:
    """``\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}`` → ``((a, b), (c, d))``."""
    name, i = _environment(tokens, i, token)
    if name not in _MATRICES:
        raise ClaimError(f"the environment {name!r} is not part of the claim language",
                         token.column)
    if name == "array" and i < len(tokens) and is_op(tokens[i], "{"):
        i = group_end(tokens, i)  # the column specification
    rows: list[list[list[Token]]] = [[[]]]
    depth = 0
    while True:
        if i >= len(tokens):
            raise ClaimError(f"\\begin{{{name}}} without \\end{{{name}}}", token.column)
        t = tokens[i]
        if t.kind == "latex" and t.text == r"\end" and depth == 0:
            _, i = _environment(tokens, i + 1, t)
            break
        if is_op(t, "{"):
            depth += 1
        elif is_op(t, "}"):
            depth -= 1
        if depth == 0 and is_op(t, "&"):
            rows[-1].append([])
        elif depth == 0 and t.kind == "latex" and t.text == "\\\\":
            rows.append([[]])
        else:
            rows[-1][-1].append(t)
        i += 1
    if rows and rows[-1] == [[]]:
        rows.pop()  # a trailing \\ before \end
    out.append(tok("op", "(", token))
    for r, row in enumerate(rows):
        if r:
            out.append(tok("op", ",", token))
        out.append(tok("op", "(", token))
        for c, cell in enumerate(row):
            if c:
                out.append(tok("op", ",", token))
            out += [tok("op", "(", token), *translate(cell), tok("op", ")", token)]
        out.append(tok("op", ")", token))
    out.append(tok("op", ")", token))
    return i


