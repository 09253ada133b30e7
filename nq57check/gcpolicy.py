"""Cyclic garbage collection around one command-line run.

Start-up (click, pydantic, PyYAML, our models and the pack) makes ~35,000 tracked objects that
live until exit. While they are being made the collector walks them again and again, and once
more at exit: ~90 ms of a ~0.4 s single-file check, as pre-commit runs it. So the console
entry point turns collection off for start-up, :func:`startup_done` moves what start-up made
into the permanent generation (``gc.freeze``, which also spares forked workers from copying
those pages) and turns collection back on for the work itself, and :func:`before_exit`
freezes what is left so the interpreter's last collection has nothing to walk.

Code that imports :mod:`nq57check` as a library is unaffected: nothing here runs unless
the console entry point called :func:`pause_for_startup`.
"""

from __future__ import annotations

import gc

_paused = False


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
