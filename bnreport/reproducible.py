"""One build time for every output, so two builds of the same input give the same bytes.

Nothing bnreport writes may depend on the wall clock.  The rule (README, "Reproducible builds"):

* the date printed in the note is the input's ``date`` field; without it, the UTC date of
  ``SOURCE_DATE_EPOCH``; without both, no date is printed;
* timestamps embedded in files (the PDF's /CreationDate and /ModDate, figures, archives) are
  ``SOURCE_DATE_EPOCH``; without it, midnight UTC of the input's ``date``; without both, the PDF
  carries no dates at all (``\\pdfinfoomitdate``), nor do the figures;
* the PDF's trailer /ID is derived from the bnreport version and the input hash.

The build calls :func:`build_time` once; the figures get it with their view (their /CreationDate).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass

from .errors import InputError

#: The variable of https://reproducible-builds.org/specs/source-date-epoch/
ENV = "SOURCE_DATE_EPOCH"
_EPOCH = re.compile(r"[0-9]{1,12}\Z")
_UTC = datetime.UTC


@dataclass(frozen=True)
class BuildTime:
    """The one notion of "when" of a build: ``epoch`` (seconds, UTC) or None, and the note's date."""

    epoch: int | None
    date: datetime.date | None

    @property
    def note_date(self) -> str:
        """The date printed under the title ("" for none), e.g. 2025/03/01."""
        return self.date.strftime("%Y/%m/%d") if self.date else ""



def source_date_epoch(environ: dict[str, str] | None = None) -> int | None:
    """``SOURCE_DATE_EPOCH`` as an integer, None when unset or empty; a malformed one is an error."""
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    if not value:
        return None
    if not _EPOCH.match(value):
        shown = value if len(value) <= 20 else value[:17] + "..."
        raise InputError(f"{ENV}={shown!r} is not a number of seconds since 1970-01-01 UTC; "
                         f"unset it or give e.g. {ENV}=1700000000")
    return int(value)


def build_time(input_date: str = "", environ: dict[str, str] | None = None) -> BuildTime:
    """The build time for an input whose ``date`` field is ``input_date`` (ISO, or "")."""
    epoch = source_date_epoch(environ)
    date = datetime.date.fromisoformat(input_date) if input_date else None
    if date is None and epoch is not None:
        date = datetime.datetime.fromtimestamp(epoch, _UTC).date()
    if epoch is None and input_date:
        epoch = int(datetime.datetime.combine(date, datetime.time(), _UTC).timestamp())
    return BuildTime(epoch, date)


def tex_environment(when: BuildTime, base: dict[str, str]) -> dict[str, str]:
    """``base`` with the date variables pdfTeX reads: set from ``when``, or removed."""
    env = {k: v for k, v in base.items() if k not in (ENV, "FORCE_SOURCE_DATE")}
    if when.epoch is not None:
        env.update({ENV: str(when.epoch), "FORCE_SOURCE_DATE": "1"})
    return env


def trailer_id(version: str, digest: str) -> str:
    """The PDF /ID: the same for the same version and input, different otherwise."""
    return hashlib.sha256(f"bnreport {version} {digest}".encode()).hexdigest()[:32]


def pdf_preamble(when: BuildTime, version: str, digest: str) -> str:
    r"""pdfTeX primitives that take the clock and the build path out of the PDF.

    ``\pdftrailerid`` fixes /ID (pdfTeX otherwise hashes the time and the file name); without an
    epoch, ``\pdfinfoomitdate`` drops /CreationDate and /ModDate; ``\pdfsuppressptexinfo`` drops
    the /PTEX.* keys that name files included from the build directory."""
    lines = [r"\ifdefined\pdftrailerid",
             rf"  \pdftrailerid{{{trailer_id(version, digest)}}}",
             r"  \pdfsuppressptexinfo=-1"]
    if when.epoch is None:
        lines.append(r"  \pdfinfoomitdate=1")
    lines.append(r"\fi")
    return "\n".join(lines)


def provenance(version: str, digest: str) -> str:
    """What names the producer of an output: the same words in the PDF, the .sty, every snippet
    and index.json (the snippets compare theirs with the .sty's, byte for byte)."""
    return f"bnreport {version}, input sha256 {digest}"
