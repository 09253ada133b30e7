"""Cyclic garbage collection around one command-line run.

Start-up (click, pydantic, PyYAML, our models and the pack) makes ~35,000 tracked objects that
live until exit. While they are being made the collector walks them again and again, and once
more at exit: ~90 ms of a ~0.4 s single-file check, as pre-commit runs it. So the console
entry point turns collection off for start-up, :func:`startup_done` moves what start-up made
into the permanent generation (``gc.freeze``, which also spares forked workers from copying
those pages) and turns collection back on for the work itself, and :func:`before_exit`
freezes what is left so the interpreter's last collection has nothing to walk.

Code that imports :mod:`nq57check` as a library is unaffected by those: nothing of them runs
unless the console entry point called :func:`pause_for_startup`.

A batch (:func:`for_batch`, every caller's) sets the collector for its own length and puts it
back after. Measured on 1,000 synthetic communes with twelve reports: ~9 ms a commune went to
the collector, two thirds in ~280 full collections. They were not caused by the results the
batch holds (dropping each result at once gave as many), but by each file's node tree: it
lives through the parse, so young collections promote it, it dies old, and the old
generation's count of new survivors reaches the quarter that triggers a full collection every
few communes, each walking everything start-up made. Start-up frozen, young collections
every 10,000 new objects instead of 700, and every few communes a collection of what they
left (:func:`settle`): ~0.5 ms a commune, and no more memory than before.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_paused = False
_in_batch = False
BATCH_YOUNG_THRESHOLD = 10_000


def pause_for_startup() -> None:
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def startup_done() -> None:
    global _paused
    if _paused:
        gc.freeze()
        gc.enable()
        _paused = False


def before_exit() -> None:
    gc.freeze()


@contextmanager
def for_batch() -> Iterator[None]:
    """Freeze what exists (start-up, the caller's objects) and collect young objects less
    often, for the batch; then the caller's thresholds again, and unfrozen if it was."""
    global _in_batch
    was_frozen, was_in_batch = gc.get_freeze_count() > 0, _in_batch
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], BATCH_YOUNG_THRESHOLD), *thresholds[1:])
    _in_batch = True
    try:
        yield
    finally:
        _in_batch = was_in_batch
        gc.set_threshold(*thresholds)
        if not was_frozen:
            gc.unfreeze()


def for_worker() -> None:
    """A batch's worker process: as :func:`for_batch`, for the process's life (a forked
    worker inherits it already; a spawned one starts with the defaults)."""
    global _in_batch
    gc.freeze()
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], BATCH_YOUNG_THRESHOLD), *threshold[1:])
    _in_batch = True


def settle() -> None:
    """Between communes of a batch: collect, then freeze what is left (results held, caches).

    With collections rarer, a commune's cycles (~80 objects of the engine's closures) that
    a collection saw alive reach the old generation, and full collections, rare too, came
    too late: a serial run grew ~40 KB a commune. Collected every few communes, then frozen,
    each collection walks only what the last few communes made, never the results held.
    """
    if _in_batch:
        gc.collect()
        gc.freeze()
