"""Non-ASCII characters → LaTeX that pdflatex typesets with the fonts every TeX Live has (T1 + TS1).

Nothing is left to inputenc's tables: every character becomes explicit ASCII LaTeX, so what compiles
here compiles everywhere.  The rule, in order (see :func:`latex_for`):

1. a table of letters and symbols with their own command (Ł → ``\\L``, € → ``\\texteuro``, α → math),
   the note's own notation first (− → ``-``, ≤ → ``\\le``, φ → ``\\varphi``);
2. a letter with diacritics (NFD) → its base letter under nested accent commands (ễ → ``\\~{\\^{e}}``);
   marks T1 has no accent for (horn, hook above, ...) are left out: Ơ → O, ả → a;
3. a compatibility form (NFKD: ŉ, ǅ, ﬁ, ſ) → the characters it stands for;
4. a Latin letter "X WITH STROKE/HOOK/BAR/..." without its own glyph → X (Ħ → H, Ɓ → B);
5. anything else (Cyrillic, CJK, emoji, private use, unassigned) has no safe rendering: ``None``,
   and the loader refuses the text with one line naming the character.
"""

from __future__ import annotations

import unicodedata
from functools import cache

#: Combining marks drawn by LaTeX text accents (T1 composes the common letter+accent pairs).
ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u",
    "\u0307": ".", "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d",
    "\u0327": "c", "\u0328": "k", "\u0331": "b", "\u0326": "c",  # comma below: cedilla, as usual
}
#: Marks below the letter: an i or j under them keeps its dot.
_BELOW = {"\u0323", "\u0327", "\u0328", "\u0331", "\u0326"}

LETTERS = {
    "Ł": r"\L{}", "ł": r"\l{}", "Đ": r"\DJ{}", "đ": r"\dj{}", "Ø": r"\O{}", "ø": r"\o{}",
    "Æ": r"\AE{}", "æ": r"\ae{}", "Œ": r"\OE{}", "œ": r"\oe{}", "ß": r"\ss{}", "ẞ": r"\SS{}",
    "Þ": r"\TH{}", "þ": r"\th{}", "Ð": r"\DH{}", "ð": r"\dh{}", "Ŋ": r"\NG{}", "ŋ": r"\ng{}",
    "ı": r"\i{}", "ȷ": r"\j{}", "ĸ": r"\textsc{k}",
    # transliterations with a tradition: Azerbaijani wrote Ä for Ə (1991–92); Akan/Ewe write e, o
    "Ə": r"\"{A}", "ə": r"\"{a}", "Ɛ": "E", "ɛ": "e", "Ɔ": "O", "ɔ": "o", "Ǝ": "E", "ǝ": r"\"{a}",
    "ʼ": "'", "ʻ": "`", "Ɖ": r"\DJ{}", "ɖ": "d", "Ɣ": r"\ensuremath{\gamma}", "ɣ": r"\ensuremath{\gamma}",
    "Ɩ": "I", "ɩ": "i", "Ʉ": "U", "ʉ": "u", "Ʌ": r"\ensuremath{\Lambda}", "ʌ": r"\ensuremath{\wedge}",
    "Ɋ": "Q", "ɋ": "q", "ƛ": r"\ensuremath{\lambda}", "Ʀ": "R",
    # Old English and Gothic letters, Khoisan clicks, glottal stops, Zhuang tone letters: their
    # usual transcriptions
    "Ƿ": "W", "ƿ": "w", "Ȝ": "Y", "ȝ": "y", "Ƕ": "Hw", "ƕ": "hw", "Ȣ": "Ou", "ȣ": "ou", "ȸ": "db",
    "ȹ": "qp", "Ƣ": "Oi", "ƣ": "oi", "ǀ": r"\textbar{}", "ǁ": r"\textbar\textbar{}",
    "ǂ": r"\ensuremath{\neq}", "ǃ": "!", "Ɂ": "'", "ɂ": "'", "ʔ": "'", "Ƨ": "2", "ƨ": "2",
    "Ƽ": "5", "ƽ": "5", "Ƅ": "6", "ƅ": "6", "ƻ": "2",
}

SYMBOLS = {
    "\u00a1": r"\textexclamdown{}", "¢": r"\textcent{}", "£": r"\textsterling{}",
    "¤": r"\textcurrency{}", "¥": r"\textyen{}", "¦": r"\textbrokenbar{}", "§": r"\S{}",
    "¨": r"\textasciidieresis{}", "©": r"\textcopyright{}", "ª": r"\textordfeminine{}",
    "«": r"\guillemotleft{}", "¬": r"\textlnot{}", "\u00ad": r"\-", "®": r"\textregistered{}",
    "¯": r"\textasciimacron{}", "°": r"\textdegree{}", "´": r"\textasciiacute{}", "µ": r"\textmu{}",
    "¶": r"\P{}", "¸": r"\c{ }", "¹": r"\textonesuperior{}", "º": r"\textordmasculine{}",
    "»": r"\guillemotright{}", "¼": r"\textonequarter{}", "¾": r"\textthreequarters{}",
    "¿": r"\textquestiondown{}", "÷": r"\textdiv{}", "‐": "-", "‑": "-", "‒": "--", "―": "---",
    "‚": r"\quotesinglbase{}", "„": r"\quotedblbase{}", "†": r"\dag{}", "‡": r"\ddag{}",
    "•": r"\textbullet{}", "‰": r"\textperthousand{}", "‹": r"\guilsinglleft{}",
    "›": r"\guilsinglright{}", "⁄": "/", "€": r"\texteuro{}", "™": r"\texttrademark{}",
    "№": r"\textnumero{}", "℃": r"\textcelsius{}", "′": r"\ensuremath{'}", "″": r"\ensuremath{''}",
    "‖": r"\ensuremath{\|}", "→": r"\ensuremath{\to}", "←": r"\ensuremath{\leftarrow}",
    "↔": r"\ensuremath{\leftrightarrow}", "⇔": r"\ensuremath{\Leftrightarrow}",
    "∀": r"\ensuremath{\forall}", "∃": r"\ensuremath{\exists}", "∂": r"\ensuremath{\partial}",
    "∑": r"\ensuremath{\sum}", "∏": r"\ensuremath{\prod}", "∫": r"\ensuremath{\int}",
    "≡": r"\ensuremath{\equiv}", "∼": r"\ensuremath{\sim}", "≪": r"\ensuremath{\ll}",
    "≫": r"\ensuremath{\gg}", "∩": r"\ensuremath{\cap}", "∪": r"\ensuremath{\cup}",
    "⊂": r"\ensuremath{\subset}", "⊆": r"\ensuremath{\subseteq}", "∅": r"\ensuremath{\emptyset}",
    "ℕ": r"\ensuremath{\mathbb{N}}", "ℤ": r"\ensuremath{\mathbb{Z}}",
    "ℚ": r"\ensuremath{\mathbb{Q}}", "ℂ": r"\ensuremath{\mathbb{C}}", "∓": r"\ensuremath{\mp}",
    "√": r"\ensuremath{\surd}",
}

#: Greek: capitals that look Latin are Latin letters; the others are math symbols.
_GREEK_LATIN = dict(zip("ΑΒΕΖΗΙΚΜΝΟΡΤΧ", "ABEZHIKMNOPTX", strict=True))
_GREEK_CAPITALS = {"Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda", "Ξ": "Xi", "Π": "Pi",
                   "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega"}
_GREEK_SMALL = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
                "lambda", "mu", "nu", "xi", "o", "pi", "rho", "varsigma", "sigma", "tau", "upsilon",
                "phi", "chi", "psi", "omega"]


def _greek() -> dict[str, str]:
    table = dict(_GREEK_LATIN)
    table.update({char: rf"\ensuremath{{\{name}}}" for char, name in _GREEK_CAPITALS.items()})
    for offset, name in enumerate(_GREEK_SMALL):
        char = chr(0x03B1 + offset)
        table[char] = "o" if name == "o" else rf"\ensuremath{{\{name}}}"
    table["µ"] = r"\textmu{}"
    return table


#: The notation of our own texts (and users'): punctuation as TeX spells it, and the symbols of
#: the note in math mode.  It comes first: φ and ε are the note's \varphi and \varepsilon.
_TEXT_PUNCTUATION = {
    "\N{MINUS SIGN}": "-", "\N{EN DASH}": "--", "\N{EM DASH}": "---",
    "\N{LEFT SINGLE QUOTATION MARK}": "`", "\N{RIGHT SINGLE QUOTATION MARK}": "'",
    "\N{LEFT DOUBLE QUOTATION MARK}": "``", "\N{RIGHT DOUBLE QUOTATION MARK}": "''",
    "\N{HORIZONTAL ELLIPSIS}": r"\dots{}", "\N{NO-BREAK SPACE}": "~",
}
_NOTATION_MATH = {
    "²": "^2", "³": "^3", "ᵀ": r"^{\top}", "⁻": "^{-}", "ᵈ": "^{d}", "⁵": "^5", "⁰": "^0",
    "·": r"\cdot", "±": r"\pm", "≤": r"\le", "≥": r"\ge", "≠": r"\neq", "≈": r"\approx",
    "½": r"\tfrac12", "√": r"\surd", "∇": r"\nabla", "⟨": r"\langle", "⟩": r"\rangle",
    "∈": r"\in", "ℝ": r"\mathbb{R}", "∞": r"\infty", "×": r"\times", "⇒": r"\Rightarrow",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "μ": r"\mu", "σ": r"\sigma",
    "φ": r"\varphi", "ε": r"\varepsilon", "λ": r"\lambda", "Σ": r"\Sigma",
}
NOTATION = {**_TEXT_PUNCTUATION,
            **{char: rf"\ensuremath{{{latex}}}" for char, latex in _NOTATION_MATH.items()}}

TABLE = {**_greek(), **SYMBOLS, **LETTERS, **NOTATION}


@cache
def latex_for(char: str) -> str | None:
    """LaTeX for one non-ASCII character, or None when there is no faithful or safe rendering."""
    if char in TABLE:
        return TABLE[char]
    category = unicodedata.category(char)
    if category in ("Cc", "Cf"):  # controls, zero-width and bidi marks: nothing to print
        return ""
    if category in ("Zs", "Zl", "Zp"):  # the many widths of space
        return " "
    if category in ("Co", "Cn", "Cs"):  # private use, unassigned, surrogates
        return None
    return _decomposed(char) or _compatible(char) or _without_attachment(char)


def _decomposed(char: str) -> str | None:
    """A base letter (ASCII or from the table) under the accents LaTeX can draw."""
    base, *marks = unicodedata.normalize("NFD", char)
    if not marks or not all(unicodedata.category(m) == "Mn" for m in marks):
        return None
    if not base.isalpha():  # a symbol's mark is part of its meaning (≰, ∄): never dropped
        math = TABLE.get(base, "")
        if marks == [_NEGATION] and math.startswith(_MATH):
            return _MATH + r"\not" + math[len(_MATH):]
        return None
    drawn = [m for m in marks if m in ACCENTS]
    if base in "ij" and drawn and drawn[0] not in _BELOW:
        base = r"\i{}" if base == "i" else r"\j{}"  # an accent above replaces the dot
    elif base.isascii() and base.isalpha():
        pass
    elif base in TABLE and base not in _GREEK_SMALL_CHARS:
        base = TABLE[base]
    elif base in TABLE:
        return TABLE[base]  # Greek with tonos: the letter, without accent
    else:
        return None
    for mark in drawn:
        base = rf"\{ACCENTS[mark]}{{{base}}}"
    return base


_GREEK_SMALL_CHARS = {chr(0x03B1 + k) for k in range(len(_GREEK_SMALL))}
_NEGATION = "\u0338"  # combining long solidus overlay: ≰ is ≤ with it
_MATH = "\\ensuremath{"


def _compatible(char: str) -> str | None:
    form = unicodedata.normalize("NFC", unicodedata.normalize("NFKD", char))
    if form == char or not form:
        return None
    parts = [part if part.isascii() else latex_for(part) for part in form]
    if any(part is None for part in parts):
        return None
    return "".join(part for part in parts if part is not None)


def _without_attachment(char: str) -> str | None:
    """'LATIN CAPITAL LETTER H WITH STROKE' → H: the letter without a stroke, hook or bar T1 lacks."""
    name = unicodedata.name(char, "")
    if not name.startswith("LATIN ") or " WITH " not in name:
        return None
    try:
        base = unicodedata.lookup(name.split(" WITH ")[0])
    except KeyError:
        return None
    return base if base.isascii() else latex_for(base)
