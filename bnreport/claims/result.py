"""The verdict on one claim, as every output format needs it (plain line, JSON, Markdown row)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .relations import Outcome
    from .values import Value

Json = float | str | list


@dataclass(frozen=True)
class Result:
    """``message`` is the one-line explanation (with the exact value when there is one); ``reason``
    the same without the value; ``exact``/``latex``/``decimals``/``lhs`` describe a constant left
    side (None otherwise); ``column`` locates an error in the claim text."""

    claim: str
    verdict: str  # "true", "false", "error"
    message: str
    exact: str | None = None
    lhs: Json | None = None
    column: int | None = None
    reason: str = ""
    latex: str | None = None
    decimals: str | None = None

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def cacheable(self) -> bool:
        """Depends only on the claim, the data and the code (a timeout depends on the machine)."""
        return not self.message.startswith(("gave up after", "the claim crashed"))

    @classmethod
    def error(cls, claim: str, reason: str) -> Result:
        return cls(claim, "error", reason, reason=reason)

    @classmethod
    def gave_up(cls, claim: str, seconds: float) -> Result:
        return cls.error(claim, f"gave up after {seconds:g} s: the claim is too expensive to "
                                "decide exactly within the time budget (--timeout)")

    @classmethod
    def of(cls, claim: str, outcome: Outcome, latex: bool = False) -> Result:
        from . import values as v  # sympy: imported only when a claim is actually evaluated

        verdict = "true" if outcome.holds else "false"
        if outcome.left is None:
            return cls(claim, verdict, outcome.reason, reason=outcome.reason)
        left = outcome.left
        exact = v.exact_text(left)
        decimals = v.approx_text(left)
        # The message stays one readable line; the JSON field keeps every digit.
        shown = v.shorten(exact) if exact == decimals else f"{v.shorten(exact)} ≈ {decimals}"
        message = f"left side = {shown}; {outcome.reason}"
        return cls(claim, verdict, message, exact, v.as_json(left), reason=outcome.reason,
                   latex=_latex(left) if latex else None, decimals=decimals)

    def with_claim(self, claim: str) -> Result:
        return replace(self, claim=claim)


def _latex(value: Value) -> str:
    from ..printer import tex  # only for --format markdown

    return tex(value)
