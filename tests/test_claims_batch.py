"""Batches: 1,000 mixed claims finish with every verdict right; a claim that runs out of time, or
takes its worker down, costs only its own verdict; nothing is left running afterwards."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import time
from pathlib import Path

import pytest
from test_claims_table import PAPER_TABLES

from bnreport.claims.batch import evaluate_all
from bnreport.claims.result import Result
from bnreport.cli import main
from bnreport.commands import check

EXPENSIVE = "(w1 + w2 + 1)^1000*(w1 - w2 + 2)^1000 == 0"  # a 2-million-term product


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BNREPORT_CACHE_DIR", str(tmp_path / "cache"))


def cost(a: int, b: int) -> int:
    """C(w) on Example 3.2, written out (independent of bnreport)."""
    return (a + b - 2) ** 2 + (a + 2 * b - 5) ** 2 + (2 * a + 3 * b - 13) ** 2


def thousand_claims() -> list[tuple[str, str]]:
    rows = [row for table in PAPER_TABLES.values() for row in table]
    claims = dict(rows)
    a = 0
    while len(claims) < 1000:
        a += 1
        for b in range(-3, 4):
            claims[f"C({a}, {b}) == {cost(a, b)}"] = "true"
            claims[f"C({a}, {b}) == {cost(a, b) + 1}"] = "false"
            claims[f"C({a}, {b}) > C(Wstar)"] = "false" if (a, b) == (1, 3) else "true"
    return list(claims.items())[:1000]


def test_a_batch_of_1000_mixed_claims_finishes_with_every_verdict_right(tmp_path: Path) -> None:
    table = thousand_claims()
    assert len(table) == 1000 and 3 * sum(v == "false" for _, v in table) >= 1000
    path = tmp_path / "claims.txt"
    path.write_text("".join(f"{claim}\n" for claim, _ in table), encoding="utf-8")
    parser = argparse.ArgumentParser()
    parser.add_argument("--debug", action="store_true")
    check.add_arguments(parser)
    out = io.StringIO()
    check.run(parser.parse_args(["--json", "--file", str(path)]), out)
    payload = json.loads(out.getvalue())
    assert len(payload) == 1000
    wrong = [(p["claim"], p["verdict"], p["message"]) for p, (_, want) in
             zip(payload, table, strict=True) if p["verdict"] != want]
    assert wrong == []


def test_an_expensive_claim_gives_up_and_the_rest_of_the_batch_is_printed(
        capsys: pytest.CaptureFixture[str]) -> None:
    start = time.perf_counter()
    code = main(["check", "--timeout", "1", "C(1,3) == 12", EXPENSIVE, "is_critical(Chat, W*)"])
    elapsed = time.perf_counter() - start
    lines = capsys.readouterr().out.splitlines()
    assert code == 2 and len(lines) == 3
    assert lines[0].startswith("TRUE") and lines[2].startswith("FALSE")
    assert lines[1].startswith("ERROR") and "gave up after 1 s" in lines[1]
    assert elapsed < 10  # the hard budget is 1 s + 1 s grace; 10 s is the bound


def _work(claim: str) -> Result:
    if claim == "crash":
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does when memory runs out
    if claim == "hang":
        signal.setitimer(signal.ITIMER_REAL, 0)
        while True:  # not interruptible by the soft budget: nothing but a kill stops it
            time.sleep(0.01)
    return Result(claim, "true", "ok")


def test_a_worker_that_dies_or_hangs_costs_one_verdict() -> None:
    claims = ["a", "crash", "b", "hang", "c"]
    results = list(evaluate_all(claims, lambda: _work, seconds=0.5))
    assert [r.claim for r in results] == claims
    assert [r.verdict for r in results] == ["true", "error", "true", "error", "true"]
    assert "crashed" in results[1].message and "gave up after 0.5 s" in results[3].message
    with pytest.raises(ChildProcessError):  # every worker was reaped
        os.waitpid(-1, os.WNOHANG)


def test_a_worker_that_cannot_start_answers_every_claim_with_an_error() -> None:
    def broken() -> None:
        raise ImportError("no sympy")

    results = list(evaluate_all(["a", "b"], broken, seconds=1))
    assert [r.verdict for r in results] == ["error", "error"]
    assert "could not start" in results[0].message


def test_without_isolation_claims_run_in_this_process() -> None:
    pid = os.getpid()
    def work(claim: str) -> Result:
        return Result(claim, "true", str(os.getpid()))

    results = list(evaluate_all(["x"], lambda: work, seconds=1, isolate=False))
    assert results[0].message == str(pid)


def test_debug_runs_in_process_so_that_a_traceback_reaches_the_terminal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from bnreport.claims import evaluate as evaluate_module

    def broken(self: object, node: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(evaluate_module.Evaluator, "value", broken)
    with pytest.raises(KeyError):
        main(["check", "--debug", "1 == 1"])
