"""The refutation of Lemma 4.5 as a Coq proof, generated from the derivation and checked by coqc.

    spec_from_problem(problem) -> FormalSpec      the exact values (the only link to the derivation)
    generate(spec) -> CoqDocument                  Counterexample.v, its blocks and public claims
    run_formal(problem_or_spec, out_dir, progress) -> FormalResult
    FormalJob(problem_or_spec, out_dir, progress): coqc in the background; .wait() / .cancel()
"""

from .coqc import CoqMissing, FormalRejected
from .document import Claim, CoqDocument
from .generate import FILE_NAME, generate
from .run import FormalJob, FormalResult, raise_for, run_formal
from .spec import FormalSpec, Surd, spec_from_problem

__all__ = ["FILE_NAME", "Claim", "CoqDocument", "CoqMissing", "FormalJob", "FormalRejected", "FormalResult",
           "FormalSpec", "Surd", "generate", "raise_for", "run_formal", "spec_from_problem"]
