"""Check many communes: in parallel across cores, with a progress bar, same output as serial.

Forked workers (Linux) start from a :class:`Session` into which the parent compiled every
pack the batch names: durable-rules' own host runs two timer threads and must not be forked
once started, but the adapter's host starts none, so its rulesets fork with the process.
Spawned workers (elsewhere) build their own. Results are put back in input order, so a
parallel run prints exactly what a serial one does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import signal
import sys
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import click

from nq57check import __version__, gcpolicy
from nq57check.check.commune import Options, Session
from nq57check.check.discovery import discover, display_path
from nq57check.check.evaluate import rule_metas
from nq57check.check.replacements import find_replacements
from nq57check.core.allocator import fix_mmap_threshold
from nq57check.core.problems import InputError
from nq57check.findings import CommuneResult, InputProblem, RuleMeta, RunResult
from nq57check.loading.yamlio import read_bytes

_worker: tuple[Session, dt.date] | None = None
# ``pack: lai-chau`` (YAML) or ``"pack": "lai-chau"`` (JSON) on a plan's own line
_PACK_LINE = re.compile(rb'^\s*"?pack"?\s*:\s*["\']?([A-Za-z0-9][A-Za-z0-9_-]*)', re.MULTILINE)
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARALLEL_THRESHOLD = 8  # below this many communes, process start-up costs more than it saves


def _init(
    options: Options, today: dt.date, parent: int | None = None, session: Session | None = None
) -> None:
    """A worker's start: ``session`` is the parent's, with the batch's packs compiled, when
    the worker is forked (it is inherited, not pickled); a spawned worker makes its own."""
    global _worker
    if parent is not None:
        _die_with(parent)
    fix_mmap_threshold()  # before the session allocates anything lasting
    _worker = (session if session is not None else Session(options), today)
    gcpolicy.for_worker()


def _die_with(parent: int) -> None:
    """Make this worker end when the batch's process does, however that ends.

    Killed by SIGTERM (or SIGKILL), the parent left its workers running for ever, orphans
    blocked on the pool's queue. Linux sends a worker a signal of our choice when the
    process that forked it dies (``PR_SET_PDEATHSIG``); if the parent is already gone,
    the worker ends now. Elsewhere only :func:`iter_results`' own cleanup applies.
    """
    if sys.platform.startswith("linux"):
        import contextlib
        import ctypes

        with contextlib.suppress(OSError, AttributeError):  # a libc without prctl
            ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:
        os._exit(1)


def _check(path: Path) -> CommuneResult:
    assert _worker is not None
    session, today = _worker
    return session.check_file(path, today)


def default_jobs(count: int) -> int:
    if count < PARALLEL_THRESHOLD:
        return 1
    return max(
        1,
        min(
            count,
            len(os.sched_getaffinity(0))
            if hasattr(os, "sched_getaffinity")
            else (os.cpu_count() or 1),
        ),
    )


def iter_results(
    files: list[Path], options: Options, today: dt.date, jobs: int, session: Session
) -> Generator[CommuneResult, None, None]:
    """Results in input order; serial in this process when ``jobs`` is 1."""
    if jobs <= 1 or len(files) < 2:
        for path in files:
            yield session.check_file(path, today)
        return
    import multiprocessing  # only a parallel run pays for importing these (~20 ms)
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from nq57check.engine.durable_adapter import release_freed_memory

    method = "fork" if sys.platform.startswith("linux") else "spawn"
    inherited = _compiled_for_workers(files, options) if method == "fork" else None
    # The workers fork from here: what discovery and the replacement scan freed goes back
    # to the system first, or every worker would start with it counted as its own.
    release_freed_memory()
    context = multiprocessing.get_context(method)
    # A commune takes ~50 ms: chunks of at most 8 keep the per-task overhead small and
    # let the last chunks spread over every core.
    chunk = max(1, min(8, len(files) // (jobs * 4)))
    done = 0
    try:
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_init,
            initargs=(options, today, os.getpid(), inherited),
        ) as pool:
            try:
                for result in pool.map(_check, files, chunksize=chunk):
                    yield result
                    done += 1
            except (KeyboardInterrupt, SystemExit, GeneratorExit):
                _stop(pool, context)  # else leaving the pool waits for every commune
                raise
    except BrokenProcessPool:  # a worker died (a crash in C code): isolate the culprit
        for path in files[done:]:
            yield _check_alone(path, options, today, context)


def _compiled_for_workers(files: list[Path], options: Options) -> Session:
    """A session with every pack the batch's plans name already compiled, for forked workers.

    Compiled here once, a pack is not compiled again in every worker the first time one of
    its communes comes up (the Lai Chau pack, mid-run, at the 1,757th commune of the
    country), and each worker holds from its start every pack it may need: its memory no
    longer depends on which communes it drew. The engine's host starts no thread (engine
    adapter), so forking after it is safe. A pack that cannot be used is left to the
    communes that name it, which report it at their ``pack:`` line.
    """
    session = Session(options)
    for name in _packs_named(files, options):
        try:
            session.checker(name)
        except Exception:  # whatever it is, each commune naming the pack meets it again
            continue
    return session


def _packs_named(files: list[Path], options: Options) -> list[str]:
    """The packs the batch checks against: ``--pack``, else each plan's, else the default."""
    from nq57check.packs.loader import default_pack

    if options.pack:
        return [options.pack]
    names: set[str] = set()
    for path in files:
        if path.suffix.lower() not in (".yaml", ".yml", ".json"):
            names.add(default_pack())  # an office document, imported on the fly: no pack line
            continue
        try:
            found = _PACK_LINE.search(read_bytes(path, str(path)))
        except InputError:
            continue  # its own check reports it
        names.add(found.group(1).decode() if found else default_pack())
    return sorted(names)


def _stop(pool: Any, context: Any) -> None:
    """Cancel what is queued and end the workers now (an interrupted batch).

    The pool's manager thread then finds its workers gone and tries to fail futures that
    were just cancelled (``InvalidStateError``); that is the interruption itself, not a
    bug, and must not print a traceback after "interrupted".
    """
    import threading
    from concurrent.futures import InvalidStateError

    previous = threading.excepthook

    def quiet(args: Any) -> None:
        if not isinstance(args.exc_value, InvalidStateError):
            previous(args)

    threading.excepthook = quiet
    pool.shutdown(wait=False, cancel_futures=True)
    for process in context.active_children():
        process.terminate()


def _check_alone(path: Path, options: Options, today: dt.date, context: Any) -> CommuneResult:
    """Check one commune in a process of its own; if that process dies too, say so."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(
            max_workers=1,
            mp_context=context,
            initializer=_init,
            initargs=(options, today, os.getpid()),
        ) as pool:
            return pool.submit(_check, path).result()
    except BrokenProcessPool:
        shown = display_path(path)
        problem = InputProblem(
            file=shown,
            line=None,
            message="checking this file crashed the checker's process (a bug in nq57check;"
            " please report it with the file)",
        )
        return CommuneResult(path=display_path(path.parent), problems=[problem])


def run_batch(
    paths: list[Path],
    options: Options,
    today: dt.date,
    *,
    jobs: int | None = None,
    progress: bool = False,
    session_factory: Callable[[Options], Session] = Session,
) -> RunResult:
    """Discover communes under ``paths``, check them all, and describe the run.

    ``session_factory`` lets a caller keep what each plan read (the web page shows the task
    table as imported); with ``jobs`` above 1 the workers' sessions are plain ones."""
    gcpolicy.startup_done()  # everything a check needs is imported by now
    with gcpolicy.for_batch():
        return _run_batch(paths, options, today, jobs, progress, session_factory)


def _run_batch(
    paths: list[Path],
    options: Options,
    today: dt.date,
    jobs: int | None,
    progress: bool,
    session_factory: Callable[[Options], Session],
) -> RunResult:
    files, problems = discover(paths)
    if len(files) > 1:  # R-THAY-THE: a plan replaced by another plan of this run
        options = dataclasses.replace(options, replaced=find_replacements(files, display_path))
    named = frozenset(str(p.resolve()) for p in paths if p.exists() and not p.is_dir())
    if named:  # plan files named alone are plan checks (Session.is_commune)
        options = dataclasses.replace(options, named_files=options.named_files | named)
    session = session_factory(options)
    workers = default_jobs(len(files)) if jobs is None else max(1, min(jobs, len(files)))
    results = iter_results(files, options, today, workers, session)
    try:
        communes = _collect(results, len(files), progress)
    finally:
        # An interruption raised here rather than inside the generator left its pool running
        # until the generator was collected, which the exit's frozen collector never does;
        # the pool's threads then raced the interpreter's shutdown ("Bad file descriptor").
        results.close()
    communes += [CommuneResult(path=p.file, problems=[p]) for p in problems]
    communes.sort(key=lambda c: c.path)
    return describe_run(communes, options, today, session)


def _collect(results: Iterator[CommuneResult], count: int, progress: bool) -> list[CommuneResult]:
    if not (progress and count):
        return list(results)
    with click.progressbar(
        results,
        length=count,
        label="nq57check",
        file=sys.stderr,
        show_pos=True,  # "12/40" and the commune just checked
        item_show_func=lambda c: (c.unit or c.path)[:40] if c is not None else None,
    ) as bar:
        return list(bar)


def describe_run(
    communes: list[CommuneResult], options: Options, today: dt.date, session: Session
) -> RunResult:
    """Packs, versions and rule descriptors of the packs the communes were checked against."""
    packs: list[tuple[str, str]] = []
    metas: dict[str, RuleMeta] = {}
    for name in sorted({c.pack for c in communes if c.pack}):
        pack = session.pack(name)  # loaded once per process
        for entry in pack.lineage:
            if entry not in packs:
                packs.append(entry)
        for meta in rule_metas(pack, options.only, options.lang, options.skip):
            metas.setdefault(meta.id, meta)
    for commune in communes:  # what could not be read, in the run's language
        commune.problems = [problem.localized(options.lang) for problem in commune.problems]
    return RunResult(
        communes=communes,
        packs=packs,
        as_of=(options.as_of or today).isoformat(),
        lang=options.lang,
        tool_version=__version__,
        rules=[metas[k] for k in sorted(metas)],
    )


def run_check(paths: list[Path], options: Options, today: dt.date) -> RunResult:
    """Check every commune under ``paths`` in this process (a batch of ``-j 1``)."""
    return run_batch(paths, options, today, jobs=1)
