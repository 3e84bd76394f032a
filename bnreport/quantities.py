"""Compatibility name for the closed forms (``bnreport check`` evaluates claims with them)."""

from __future__ import annotations

from .closed import Closed as Quantities
from .closed import dot

__all__ = ["Quantities", "dot"]
