"""Stage 2: the note as an ordered list of :class:`~bnreport.steps.Step` objects.

Each section module builds the steps of one part of the note from the two routes — the paper's
definitions (:mod:`bnreport.definitions`) and the closed forms (:mod:`bnreport.closed`) — and the
findings decided from them (:mod:`bnreport.findings`).  No number is typed here: every value comes
from the data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..closed import Closed
from ..definitions import Definitions
from ..findings import Findings, decide
from ..landscape import Case, Landscape, landscape, landscape_input
from ..model import Problem, require_wstar
from ..notation import Notation
from ..steps import Step
from . import batch, bncost, cost, critical, extrema, gradient, initialisations, lemma, remark
from .context import Context

if TYPE_CHECKING:
    from ..simulate import Simulation


@dataclass(frozen=True)
class Note:
    """Everything the later stages need: the steps, the findings, and the objects behind them."""

    problem: Problem
    closed: Closed
    names: Notation
    findings: Findings
    simulation: Simulation | None
    steps: tuple[Step, ...]


SECTIONS: tuple[Callable[[Context], list[Step]], ...] = (
    cost.steps, batch.steps, bncost.steps, gradient.steps, critical.steps, extrema.steps,
    lemma.steps, remark.steps, initialisations.steps,
)


def prepare(problem: Problem) -> tuple[Closed, Landscape]:
    """The closed forms and the landscape: what the figures need, before any step is built."""
    closed = prepare_closed(problem)
    return closed, landscape(landscape_input(closed))


def prepare_closed(problem: Problem) -> Closed:
    """The closed forms (W*, d, … in exact arithmetic), for data with W* ≠ 0."""
    require_wstar(problem)
    closed = Closed(problem)
    if not any(closed.wstar):  # the closed forms agree with the statistics (or this is a bug)
        raise AssertionError("W* = 0 although Xᵀy ≠ 0")
    return closed


def derive(problem: Problem, definitions: Definitions | None = None,
           prepared: tuple[Closed, Landscape] | None = None,
           simulation: Callable[[], Simulation] | None = None) -> Note:
    """All steps of the note.  ``definitions`` may be replaced (tests plant errors in route 1);
    ``prepared`` is :func:`prepare`'s result when the caller already has it; ``simulation`` gives
    the Monte Carlo cross-check when it is asked for (the build's figure process draws it
    meanwhile), else it is drawn here."""
    closed, land = prepared or prepare(problem)
    if land.geometry.case is not Case.GENERIC:
        simulated: Callable[[], Simulation | None] = lambda: None  # noqa: E731
    else:
        simulated = functools.cache(simulation or partial(_simulate, land))
    ctx = Context(problem, definitions or Definitions(problem), closed, Notation(), decide(closed),
                  land, simulated)
    steps = tuple(step for section in SECTIONS for step in section(ctx))
    return Note(problem, closed, ctx.names, ctx.findings, ctx.simulation, steps)


def _simulate(land: Landscape) -> Simulation:
    from ..simulate import simulate  # numpy, only when there is something to simulate

    return simulate(land)
