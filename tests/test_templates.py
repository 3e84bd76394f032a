"""The compiled-template cache is a speed-up only: a fresh, kept, corrupt or unwritable cache
gives the same snippets, byte for byte."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _snippets(cache: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "BNREPORT_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run([sys.executable, "-m", "bnreport", "snippets", "--out", str(out), "-q"],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and ".bnreport" not in p.parts}


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    base = tmp_path_factory.mktemp("honest")
    first = _snippets(base / "cache", base / "out1")
    assert list((base / "cache" / "jinja").iterdir())  # the compiled templates were kept
    assert _snippets(base / "cache", base / "out2") == first  # and rendered the same
    return first


@pytest.mark.parametrize("damage", ["corrupt", "unwritable"])
def test_a_damaged_cache_only_costs_the_compile(tmp_path, honest, damage):
    cache = tmp_path / "cache"
    if damage == "corrupt":
        _snippets(cache, tmp_path / "warm")
        for file in (cache / "jinja").iterdir():
            file.write_bytes(b"\x00garbage")
    else:
        cache.write_text("a file where the cache directory should be")
    assert _snippets(cache, tmp_path / "out") == honest
