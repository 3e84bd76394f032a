"""`python -m bnreport check CLAIM` (one claim) against a bare `python -c "import sympy"`, same run.

Target <= 1.5 (issue) / 1.2 (design): only what the claim needs is derived, lazily.
"""

from __future__ import annotations

from _timing import PYTHON, import_sympy, report, seconds

CLAIMS = [
    "grad_Chat(Wstar) ~= (-0.34, 0.11)",
    "is_local_min(Chat, (5, 3))",
    "Chat(2*w) == Chat(w)",
]


def main() -> None:
    baseline = import_sympy()
    for claim in CLAIMS:
        # exit code 0/1 are verdicts, not failures: run through a shell-free wrapper that ignores it
        elapsed = seconds([PYTHON, "-c", "import sys; from bnreport.cli import main; "
                           f"main(['check', {claim!r}]); sys.exit(0)"], repeat=5)
        report(f"check {claim!r} vs import sympy", elapsed, baseline, target=1.5)


if __name__ == "__main__":
    main()
