"""Crashes the fuzzer found, kept as tests (tests/fuzz/fuzz_loaders.py finds new ones).

The fuzzer's first run found damaged zip members (zlib "invalid distance too far back",
EOFError) escaping the importers as tracebacks. The same seeded mutations are replayed
here: every damaged office file must be refused with ImportFailure, nothing else.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "fuzz"))

from fuzz_loaders import mutate, office_seed

from nq57check.core.problems import InputError
from nq57check.importers import ImportFailure, import_document
from nq57check.loading.plan import load_plan


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_damaged_office_files_are_refused_not_crashed(tmp_path: Path, suffix: str) -> None:
    rng = random.Random(1)
    seed = office_seed(suffix)
    path = tmp_path / f"input{suffix}"
    refused = 0
    for _ in range(400):
        path.write_bytes(mutate(seed, rng))
        try:
            import_document(path)
        except ImportFailure:
            refused += 1
    assert refused > 100  # the mutations really do damage the files


def test_mutated_plans_load_or_are_refused(tmp_path: Path) -> None:
    rng = random.Random(2)
    seeds = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*/plan.yaml"))]
    path = tmp_path / "plan.yaml"
    refused = 0
    for _ in range(300):
        path.write_bytes(mutate(rng.choice(seeds), rng))
        try:
            load_plan(path)
        except InputError as exc:
            refused += 1
            assert all(p.file == str(path) for p in exc.problems)
    assert refused > 50
