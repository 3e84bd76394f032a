"""Stage 3: establish every fact of every step, or stop the build naming the step.

What "checked" means lives with each kind of fact (:mod:`bnreport.facts`); this module only runs
them.  A refuted fact and an undecided one are both failures: nothing is counted as passed because
it could not be refuted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .errors import CheckFailed
from .exact import Undecided
from .facts import Refuted
from .radicals import Undefined
from .steps import Step, Verdict


def plan(step: Step) -> Verdict:
    """The verdict a step will carry if its checks pass (lets rendering overlap the checks)."""
    facts = step.facts()
    return Verdict(step.id, tuple(f.method for f in facts), tuple(f.detail() for f in facts))


def check_step(step: Step) -> Verdict:
    for fact in step.facts():
        try:
            fact.verify()
        except Refuted as err:
            raise CheckFailed(step.id, err.reason, err.point) from err
        except (Undecided, Undefined) as err:
            raise CheckFailed(step.id, f"undecided, so not passed: {err}") from err
    return plan(step)


def check_steps(steps: Iterable[Step], between: Callable[[], object] | None = None
                ) -> dict[str, Verdict]:
    """Check every step; the first failure raises :class:`CheckFailed`.  ``between`` runs after
    each step (the build starts TeX there as soon as the figures are drawn)."""
    verdicts = {}
    for step in steps:
        verdicts[step.id] = check_step(step)
        if between is not None:
            between()
    return verdicts
