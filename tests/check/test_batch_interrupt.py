"""An interruption outside the results generator still ends the batch's workers at once.

Why: Ctrl-C can land in the code that collects results (the progress bar), not inside the
generator that owns the pool. The generator was then only closed when collected, and the
exit freezes the collector: the pool's threads raced the interpreter's shutdown and printed
a traceback after "interrupted" (seen once in CI).
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing
from collections.abc import Iterator
from pathlib import Path

import pytest

from nq57check.check import batch
from nq57check.check.commune import Options
from nq57check.findings import CommuneResult

from conftest import MINIMAL_PLAN


def test_workers_are_gone_when_collecting_results_is_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(12):
        folder = tmp_path / f"c{number}"
        folder.mkdir()
        (folder / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")

    def interrupted(results: Iterator[CommuneResult], count: int, progress: bool) -> list:  # type: ignore[type-arg]
        next(results)  # the pool is running
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "_collect", interrupted)
    gc.disable()  # as at exit: nothing collects the generator for us
    try:
        with pytest.raises(KeyboardInterrupt):
            batch.run_batch(
                [tmp_path], Options(as_of=dt.date(2026, 5, 1)), dt.date(2026, 5, 1), jobs=2
            )
        for child in multiprocessing.active_children():  # terminated: reaped within moments
            child.join(timeout=10)
            assert not child.is_alive()
    finally:
        gc.enable()
