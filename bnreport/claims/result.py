"""The verdict on one claim, as every output format needs it (plain line, JSON, Markdown row)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .relations import Outcome
    from .values import Value

Json = float | str | list
_TYPES = {"claim": str, "verdict": str, "message": str, "exact": (str, type(None)),
          "column": (int, type(None)), "reason": str, "latex": (str, type(None)),
          "decimals": (str, type(None))}


def _is_json_value(value: object, depth: int = 0) -> bool:
    """``lhs``: None, a finite number, a decimal string, or (nested twice at most) lists of them."""
    if value is None or isinstance(value, str):
        return True
    if isinstance(value, float | int) and not isinstance(value, bool):
        return value == value and abs(value) != float("inf")
    return isinstance(value, list) and depth < 2 and all(_is_json_value(v, depth + 1)
                                                         for v in value)


#: How the machine-dependent verdicts (the constructors below) begin: never remembered.
_MACHINE_DEPENDENT = ("gave up after", "the claim crashed", "the claim needs too much memory",
                      "the worker process could not start")


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

    @classmethod
    def from_dict(cls, data: object) -> Result:
        """The inverse of :meth:`as_dict`, for data read back (from the worker, from the cache);
        anything but a well-formed verdict raises TypeError or ValueError."""
        if not isinstance(data, dict) or set(data) != set(cls.__dataclass_fields__):
            raise ValueError("not a verdict")
        for name, kinds in _TYPES.items():
            if not isinstance(data[name], kinds):
                raise TypeError(f"{name} has the wrong type")
        if data["verdict"] not in ("true", "false", "error") or not _is_json_value(data["lhs"]):
            raise ValueError("not a verdict")
        return cls(**data)

    @property
    def cacheable(self) -> bool:
        """Depends only on the claim, the data and the code: not one of the verdicts below that
        depend on the machine and its load (time, memory, processes)."""
        return not self.message.startswith(_MACHINE_DEPENDENT)

    @classmethod
    def error(cls, claim: str, reason: str) -> Result:
        return cls(claim, "error", reason, reason=reason)

    @classmethod
    def gave_up(cls, claim: str, seconds: float) -> Result:
        return cls.error(claim, f"gave up after {seconds:g} s: the claim is too expensive to "
                                "decide exactly within the time budget (--timeout)")

    @classmethod
    def crashed(cls, claim: str) -> Result:
        return cls.error(claim, "the claim crashed the worker process (out of memory?); it is too "
                                "expensive to decide exactly")

    @classmethod
    def out_of_memory(cls, claim: str) -> Result:
        return cls.error(claim, "the claim needs too much memory")

    @classmethod
    def not_started(cls, claim: str) -> Result:
        return cls.error(claim, "the worker process could not start")

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


def _latex(value: Value) -> str:
    from ..printer import tex  # only for --format markdown

    return tex(value)


def strict_json(text: str | bytes) -> object:
    """JSON without NaN or Infinity (what bnreport writes; anything else is refused)."""
    return json.loads(text, parse_constant=_refuse)


def _refuse(constant: str) -> None:
    raise ValueError(f"not strict JSON: {constant}")
