"""The generated .v file as a list of blocks, so that a line of a coqc error maps back to a theorem."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .coq import ident


@dataclass(frozen=True)
class Block:
    """One piece of the file: a comment, definitions, or a lemma/theorem with its proof.

    ``part`` names the numbered claim of the file the block belongs to (its public theorem), so
    that an error in a helper lemma is reported against the claim it supports."""

    text: str
    name: str = ""
    part: str = ""


@dataclass(frozen=True)
class Claim:
    """A public theorem: what the CLI lists and the appendix typesets."""

    name: str
    headline: str
    statement: str


def theorem(kind: str, name: str, statement: str, proof: Sequence[str], part: str) -> Block:
    body = "\n".join(f"  {line}" if line else "" for line in proof)
    text = f"{kind} {ident(name)} :\n  {statement}.\nProof.\n{body}\nQed.\n"
    return Block(text, name, part)


def definition(text: str, part: str = "") -> Block:
    return Block(text if text.endswith("\n") else text + "\n", "", part)


@dataclass(frozen=True)
class Located:
    name: str
    part: str
    first: int
    last: int


@dataclass(frozen=True)
class CoqDocument:
    """The assembled file: its text, where each block sits, and the public claims."""

    text: str
    blocks: tuple[Located, ...]
    claims: tuple[Claim, ...]
    main: str

    def block_at(self, line: int) -> Located | None:
        return next((b for b in self.blocks if b.first <= line <= b.last), None)


def assemble(blocks: Sequence[Block], claims: Sequence[Claim], main: str) -> CoqDocument:
    lines: list[str] = []
    located: list[Located] = []
    for block in blocks:
        chunk = block.text.rstrip("\n").split("\n")
        first = len(lines) + 1
        lines.extend(chunk)
        lines.append("")
        located.append(Located(block.name, block.part, first, first + len(chunk) - 1))
    return CoqDocument("\n".join(lines), tuple(located), tuple(claims), main)
