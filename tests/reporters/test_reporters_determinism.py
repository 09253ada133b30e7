"""Same input, byte-identical output, whatever order the engine produced things in."""

from __future__ import annotations

import random
from types import ModuleType

import pytest

from nq57check.findings import RunResult
from nq57check.reporters import csv_, github, html, junit, markdown, sarif, xlsx

try:
    from reporter_fixtures import make_run
except ImportError:  # tests/ imported as a package
    from tests.reporter_fixtures import make_run

RENDERERS = [sarif, junit, github, markdown, html, xlsx, csv_]


def _shuffled(seed: int) -> RunResult:
    run = make_run()
    rng = random.Random(seed)
    rng.shuffle(run.communes)
    for commune in run.communes:
        rng.shuffle(commune.findings)
        rng.shuffle(commune.problems)
        commune.inputs = dict(rng.sample(sorted(commune.inputs.items()), len(commune.inputs)))
    return run


@pytest.mark.parametrize("module", RENDERERS, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_render_twice_equal_and_order_independent(module: ModuleType, lang: str) -> None:
    first = module.render(make_run(), lang=lang)
    assert first == module.render(make_run(), lang=lang)
    for seed in (1, 2, 3):
        assert module.render(_shuffled(seed), lang=lang) == first


def test_return_types() -> None:
    run = make_run()
    assert isinstance(xlsx.render(run), bytes)
    for module in (sarif, junit, github, markdown, html, csv_):
        assert isinstance(module.render(run), str)


def test_empty_run_renders() -> None:
    run = RunResult(communes=[], packs=[("nq57-base", "1.0.0")], as_of="2026-01-01")
    for module in RENDERERS:
        assert module.render(run)
