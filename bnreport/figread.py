"""Read a figure PDF back: the paths and texts of every marked-content group, in page coordinates.

This reads the file TeX wrote, not the data it was written from: the page's content stream is
inflated, tokenised and interpreted (``q``/``Q``/``cm`` for the coordinate system, the path
operators, ``BDC``/``EMC`` for the groups) — the subset of PDF that pdfTeX and
:mod:`bnreport.figtex` produce.  Anything outside that subset is an error, not a guess.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np

NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
DELIMITERS = b"()<>[]{}/%"
WHITESPACE = b" \t\r\n\x0c\x00"


class UnreadablePdf(ValueError):
    """The file is not a figure this module can read."""


@dataclass
class Group:
    """One marked-content group: its subpaths (arrays of page points) and how each was painted."""

    tag: str
    paths: list[np.ndarray] = field(default_factory=list)
    painted: list[str] = field(default_factory=list)   # the painting operator of each subpath
    actual_text: str | None = None


def content_stream(pdf: bytes) -> bytes:
    """The inflated content stream of the (only) page."""
    page = re.search(rb"/Type\s*/Page\b(?!s).*?/Contents\s+(\d+)\s+0\s+R", pdf, re.S) or \
        re.search(rb"/Contents\s+(\d+)\s+0\s+R.*?/Type\s*/Page\b(?!s)", pdf, re.S)
    if page is None:
        raise UnreadablePdf("no page with a content stream")
    obj = re.search(rb"(?:^|\s)" + page[1] + rb"\s+0\s+obj\s*<<(.*?)>>\s*stream\r?\n", pdf, re.S)
    if obj is None:
        raise UnreadablePdf(f"content object {int(page[1])} not found")
    length = re.search(rb"/Length\s+(\d+)", obj[1])
    if length is None:
        raise UnreadablePdf("content stream without a direct /Length")
    data = pdf[obj.end():obj.end() + int(length[1])]
    return zlib.decompress(data) if b"/FlateDecode" in obj[1] else data


def tokens(stream: bytes):
    """PDF content tokens: floats, ``("name", …)``, ``("str", bytes)``, ``("op", …)``, and the
    delimiters ``<<``, ``>>``, ``[``, ``]`` as ``("delim", …)``."""
    i, n = 0, len(stream)
    while i < n:
        ch = stream[i:i + 1]
        if ch in (b" ", b"\t", b"\r", b"\n", b"\x0c", b"\x00"):
            i += 1
        elif ch == b"%":
            while i < n and stream[i:i + 1] not in (b"\r", b"\n"):
                i += 1
        elif stream.startswith((b"<<", b">>"), i):
            yield ("delim", stream[i:i + 2].decode())
            i += 2
        elif ch in (b"[", b"]"):
            yield ("delim", ch.decode())
            i += 1
        elif ch == b"<":
            end = stream.index(b">", i)
            yield ("str", bytes.fromhex(stream[i + 1:end].decode()))
            i = end + 1
        elif ch == b"(":
            value, i = _literal_string(stream, i)
            yield ("str", value)
        elif ch == b"/":
            j = i + 1
            while j < n and stream[j] not in WHITESPACE and stream[j] not in DELIMITERS:
                j += 1
            yield ("name", stream[i + 1:j].decode("latin-1"))
            i = j
        elif (match := NUMBER.match(stream, i)) is not None:
            yield float(match[0])
            i = match.end()
        else:
            j = i
            while j < n and stream[j] not in WHITESPACE and stream[j] not in DELIMITERS:
                j += 1
            if j == i:
                raise UnreadablePdf(f"unexpected {ch!r} in the content stream")
            yield ("op", stream[i:j].decode("latin-1"))
            i = j


def _literal_string(stream: bytes, i: int) -> tuple[bytes, int]:
    depth, out, i = 1, bytearray(), i + 1
    while depth:
        ch = stream[i]
        if ch == 0x5C:  # backslash: keep the escaped byte (octal escapes do not occur in tags)
            out.append(stream[i + 1])
            i += 2
            continue
        depth += (ch == 0x28) - (ch == 0x29)
        if depth:
            out.append(ch)
        i += 1
    return bytes(out), i


def _operands(items: list) -> dict[str, object]:
    """The dictionary operand of BDC (flat: names to strings or names)."""
    result, key = {}, None
    for item in items:
        if isinstance(item, tuple) and item[0] == "delim":
            continue
        if key is None and isinstance(item, tuple) and item[0] == "name":
            key = item[1]
        elif key is not None:
            result[key] = item[1] if isinstance(item, tuple) else item
            key = None
    return result


PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"}


def read_groups(pdf: bytes) -> dict[str, list[Group]]:
    """Every marked-content group with a ``/T`` tag, in order of appearance, by tag."""
    ctm = np.eye(3)
    saved: list[np.ndarray] = []
    stack: list[Group | None] = []
    groups: dict[str, list[Group]] = {}
    operands: list = []
    current: list[list[np.ndarray]] = []

    def point(x: float, y: float) -> np.ndarray:
        return (np.array([x, y, 1.0]) @ ctm)[:2]

    def innermost() -> Group | None:
        return next((g for g in reversed(stack) if g is not None), None)

    for token in tokens(content_stream(pdf)):
        if not (isinstance(token, tuple) and token[0] == "op"):
            operands.append(token)
            continue
        op, args = token[1], operands
        operands = []
        numbers = [a for a in args if isinstance(a, float)]
        if op == "q":
            saved.append(ctm.copy())
        elif op == "Q":
            ctm = saved.pop()
        elif op == "cm":
            a, b, c, d, e, f = numbers
            ctm = np.array([[a, b, 0], [c, d, 0], [e, f, 1]]) @ ctm
        elif op == "m":
            current.append([point(*numbers)])
        elif op == "l":
            current[-1].append(point(*numbers))
        elif op == "c":
            current[-1] += [point(*numbers[i:i + 2]) for i in (0, 2, 4)]
        elif op == "re":
            x, y, w, h = numbers
            current.append([point(x, y), point(x + w, y), point(x + w, y + h), point(x, y + h)])
        elif op in PAINT or op in ("W", "W*"):
            group = innermost()
            if op not in ("W", "W*"):
                if group is not None:
                    group.paths += [np.array(p) for p in current]
                    group.painted += [op] * len(current)
                current = []
        elif op == "BDC":
            props = _operands(args[1:])
            tag = props.get("T")
            if tag is None:
                stack.append(None)
                continue
            group = Group(tag.decode("latin-1") if isinstance(tag, bytes) else str(tag))
            text = props.get("ActualText")
            if isinstance(text, bytes):
                group.actual_text = text.decode("utf-16") if text.startswith(b"\xfe\xff") \
                    else text.decode("latin-1")
            groups.setdefault(group.tag, []).append(group)
            stack.append(group)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if not stack:
                raise UnreadablePdf("EMC without BDC")
            stack.pop()
    if stack:
        raise UnreadablePdf("a marked-content group is not closed")
    return groups
