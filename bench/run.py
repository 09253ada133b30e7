"""Benchmark: speed, memory and planted-fault recall of ``nq57check`` on synthetic communes.

Why one script and one run: the figures are only comparable when they come from the same
files on the same machine at the same moment: checking N communes serially in-process
(load + validate + facts + engine + findings, via ``run_check``) against the floors of
merely composing the same YAML with libyaml (``yaml.compose``, CSafeLoader: what any
YAML-reading checker pays) and of loading it into Python objects (``yaml.load``, the older
figure), with memory sampled during the run and findings scored against the manifest.

    python bench/run.py --communes 1000 [--reports 12] [--seed 1] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import write
from nq57check.check.batch import run_check
from nq57check.check.commune import Options
from nq57check.check.evaluate import Checker
from nq57check.findings import RunResult

TODAY = dt.date(2026, 11, 23)  # fixed: the check never reads the clock (as_of is passed)


def rss_mb() -> float:
    """Current resident set size (peak comes from getrusage, current from /proc)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return float("nan")


def peak_mb() -> float:
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


class Probe:
    """Wraps ``Checker.evaluate`` for one run: counts facts, engine time, RSS at commune 100."""

    def __init__(self, sample_at: int = 100) -> None:
        self.facts = 0
        self.communes = 0
        self.engine_s = 0.0
        self.sample_at = sample_at
        self.rss_at_sample: float | None = None
        self._original: Callable[..., Any] = Checker.evaluate

    def __enter__(self) -> Probe:
        original, probe = self._original, self

        def evaluate(checker: Checker, facts: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(checker, facts, **kwargs)
            finally:
                probe.engine_s += time.perf_counter() - start
                probe.facts += len(facts.facts)
                probe.communes += 1
                if probe.communes == probe.sample_at:
                    probe.rss_at_sample = rss_mb()

        Checker.evaluate = evaluate  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Checker.evaluate = self._original  # type: ignore[method-assign]


def check(root: Path, as_of: dt.date) -> RunResult:
    return run_check([root], Options(as_of=as_of), TODAY)


def key_of(path: str, root: Path) -> str:
    return Path(path).resolve().relative_to(root.resolve()).as_posix()


def baseline(work: Path, seed: int, reports: int, as_of: dt.date, count: int = 30) -> set[str]:
    """Requirement IDs the clean template itself triggers (allowed beside planted faults)."""
    clean = work / "clean"
    write(clean, count, seed=seed + 10_000, reports=reports, faults=False)
    found = {f.requirement for c in check(clean, as_of).communes for f in c.findings}
    shutil.rmtree(clean)
    return found


def parse_floor(root: Path) -> tuple[float, int, int]:
    """Seconds to merely parse every YAML file under ``root`` with the C loader."""
    files = sorted(p for p in root.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in files)
    start = time.perf_counter()
    for path in files:
        with path.open("rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, len(files), size


def compose_floor(root: Path) -> float:
    """Seconds to merely compose every YAML file under ``root`` with libyaml (no Python
    objects but the node tree): the floor of any YAML checker."""
    files = sorted(p for p in root.rglob("*.yaml"))
    start = time.perf_counter()
    for path in files:
        with path.open("rb") as handle:
            yaml.compose(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start


def _compose_one(path: Path) -> None:
    with path.open("rb") as handle:
        yaml.compose(handle, Loader=yaml.CSafeLoader)


def _parse_one(path: Path) -> None:
    with path.open("rb") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)


def _load_one(folder: Path) -> None:
    """Load and validate a commune's files, as the check does, without checking them."""
    from nq57check.loading.plan import load_plan
    from nq57check.loading.reports import load_reports

    loaded = load_plan(folder / "plan.yaml")
    if (folder / "reports").is_dir():
        load_reports(folder / "reports", loaded.plan, str)


def parallel_floors(
    root: Path, jobs: int, folders: list[Path] | None = None
) -> tuple[float, float, float]:
    """Wall time, on ``jobs`` cores, to parse every file / to load and validate every commune
    / to compose every file."""
    folders = folders if folders is not None else sorted(p.parent for p in root.rglob("plan.yaml"))
    files = [p for folder in folders for p in sorted(folder.rglob("*.yaml"))]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context) as pool:
        list(pool.map(_parse_one, files[:jobs]))  # start the workers outside the timing
        start = time.perf_counter()
        list(pool.map(_parse_one, files, chunksize=64))
        parse_s = time.perf_counter() - start
        start = time.perf_counter()
        list(pool.map(_load_one, folders, chunksize=16))
        load_s = time.perf_counter() - start
        start = time.perf_counter()
        list(pool.map(_compose_one, files, chunksize=64))
        compose_s = time.perf_counter() - start
    return parse_s, load_s, compose_s


def parallel_check(root: Path, as_of: dt.date, jobs: int) -> float:
    from nq57check.check.batch import run_batch

    start = time.perf_counter()
    run_batch([root], Options(as_of=as_of), TODAY, jobs=jobs)
    return time.perf_counter() - start


def score(result: RunResult, root: Path, manifest: dict[str, Any], allowed: set[str]) -> None:
    """Recall of planted faults (requirement + task) and findings beyond planted/baseline."""
    planted: dict[str, list[dict[str, Any]]] = manifest["planted"]
    hits = misses = 0
    missed: Counter[str] = Counter()
    extra: Counter[str] = Counter()
    extra_communes = problems = 0
    for commune in result.communes:
        key = key_of(commune.path, root)
        problems += bool(commune.problems)
        faults = planted.get(key, [])
        seen = {(f.requirement, f.task) for f in commune.findings}
        seen_req = {f.requirement for f in commune.findings}
        for fault in faults:
            ok = (
                (fault["requirement"], fault["task"]) in seen
                if fault["task"]
                else (fault["requirement"] in seen_req)
            )
            hits += ok
            misses += not ok
            if not ok:
                missed[fault["kind"]] += 1
        beyond = seen_req - allowed - {f["requirement"] for f in faults}
        extra.update(beyond)
        extra_communes += bool(beyond)
    total = hits + misses
    by_kind = Counter(f["kind"] for faults in planted.values() for f in faults)
    print(f"planted faults        {total} ({dict(sorted(by_kind.items()))})")
    print(f"recall                {hits}/{total} = {hits / total:.1%}" if total else "recall  n/a")
    if missed:
        print(f"  missed by kind      {dict(missed)}")
    print(f"unexpected findings   {extra_communes} communes {dict(extra) or ''}")
    print(f"unusable communes     {problems}")


def _wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


# What any process of this stack pays before checking anything: the floor of the single plan.
STACK_FLOOR = """
import yaml, click, durable.engine
from pydantic import BaseModel, ConfigDict, Field, field_validator
class M(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: int = Field(0)
    b: str = ""
M.model_validate({"a": 1, "b": "x"})
"""


def single_plan(plan: Path, as_of: dt.date, rounds: int = 15) -> None:
    """One commune through the CLI (process start, imports, engine host), beside yamllint.

    The two commands take turns, so a machine that slows down mid-run slows both; the
    figures are the best and the median of ``rounds`` runs each, and their ratios.
    """
    import compileall

    # An editable install is not byte-compiled, and with PYTHONDONTWRITEBYTECODE set every
    # run would compile the package again (~80 ms): time the check, not the compiler.
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "nq57check", quiet=1)
    cli = shutil.which("nq57check") or str(Path(sys.executable).parent / "nq57check")
    ours = [cli, "check", str(plan), "--as-of", as_of.isoformat()]
    if find_spec("yamllint") is None:
        t = min(_wall(ours) for _ in range(rounds))
        print(f"single-plan CLI       {t * 1000:.0f} ms (best of {rounds})")
        print("yamllint              not installed (pip install yamllint to compare)")
        return
    theirs = [sys.executable, "-m", "yamllint", str(plan)]
    stack = [sys.executable, "-c", STACK_FLOOR]
    _wall(ours), _wall(theirs), _wall(stack)  # warm the page cache and the pack cache
    triples = [(_wall(ours), _wall(theirs), _wall(stack)) for _ in range(rounds)]
    a, b, c = (sorted(t[i] for t in triples) for i in range(3))
    mid = rounds // 2
    print(
        f"single-plan CLI       {a[0] * 1000:.0f} ms best, {a[mid] * 1000:.0f} ms median"
        f" ({rounds} runs, taking turns with yamllint: nq57check check one/plan.yaml)"
    )
    print(f"yamllint              {b[0] * 1000:.0f} ms best, {b[mid] * 1000:.0f} ms median")
    ratio = f"{a[0] / b[0]:.2f} best, {a[mid] / b[mid]:.2f} median"
    print(f"  ratio               {ratio} (target <= 1.0)")
    print(f"stack alone           {c[0] * 1000:.0f} ms best, {c[mid] * 1000:.0f} ms median")
    print(
        f"  of yamllint         {c[0] / b[0]:.2f} best, {c[mid] / b[mid]:.2f} median"
        " (imports PyYAML, click, durable-rules; validates one pydantic model)"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", type=int, default=0, choices=[0, 12])
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        default=None,
        help="default: 2026-03-31 (plans only) or 2027-01-20 (with reports)",
    )
    parser.add_argument("--out", type=Path, default=None, help="keep the communes here")
    args = parser.parse_args(argv)
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    as_of = args.as_of or (dt.date(2027, 1, 20) if args.reports else dt.date(2026, 3, 31))
    work = args.out or Path(tempfile.mkdtemp(prefix="nq57bench-"))
    root = work / "communes"
    if root.exists():
        shutil.rmtree(root)

    start = time.perf_counter()
    allowed = baseline(work, args.seed, args.reports, as_of)
    print(
        f"template baseline     {sorted(allowed) or 'none'} ({time.perf_counter() - start:.1f} s)"
    )
    start = time.perf_counter()
    manifest = write(root, args.communes, seed=args.seed, reports=args.reports)
    print(f"generated             {args.communes} communes in {time.perf_counter() - start:.1f} s")
    parse_s, files, size = parse_floor(root)
    compose_s = compose_floor(root)

    rss_before = rss_mb()
    with Probe() as probe:
        start = time.perf_counter()
        result = check(root, as_of)
        check_s = time.perf_counter() - start
    rss_after = rss_mb()

    n = args.communes
    print(
        f"as of                 {as_of}  reports/commune: {args.reports}  "
        f"files: {files} ({size / 2**20:.1f} MiB)"
    )
    print(
        f"check (serial)        {check_s:.2f} s = {n / check_s:.0f} communes/s "
        f"({check_s / n * 1000:.2f} ms/commune)"
    )
    print(f"parse floor (CSafe)   {parse_s:.2f} s = {n / parse_s:.0f} communes/s")
    print(f"compose floor (CSafe) {compose_s:.2f} s = {n / compose_s:.0f} communes/s")
    print(f"check / parse         {check_s / parse_s:.2f}")
    print(f"check / compose       {check_s / compose_s:.2f}")
    print(
        f"engine facts          {probe.facts} ({probe.facts / max(n, 1):.0f}/commune): "
        f"{probe.facts / check_s:,.0f} facts/s end-to-end, "
        f"{probe.facts / probe.engine_s:,.0f} facts/s in evaluate "
        f"({probe.engine_s / check_s:.0%} of check time)"
    )
    sample = f"{probe.rss_at_sample:.0f}" if probe.rss_at_sample is not None else "n/a"
    print(
        f"RSS                   before {rss_before:.0f} MB, after 100 communes {sample} MB, "
        f"after {n} {rss_after:.0f} MB, peak {peak_mb():.0f} MB"
    )
    jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    jobs = jobs or 1
    parse_par, load_par, compose_par = parallel_floors(root, jobs)
    check_par = parallel_check(root, as_of, jobs)
    print(
        f"all {jobs} cores          check {check_par:.2f} s = {n / check_par:.0f} communes/s; "
        f"parse floor {parse_par:.2f} s; load+validate floor {load_par:.2f} s; "
        f"compose floor {compose_par:.2f} s"
    )
    print(
        f"  check / parse       {check_par / parse_par:.2f} (both on {jobs} cores); "
        f"check / load+validate {check_par / load_par:.2f}; "
        f"check / compose {check_par / compose_par:.2f}"
    )
    score(result, root, manifest, allowed)
    first = sorted(root.rglob("plan.yaml"))[0]
    single_plan(first, as_of)
    print(
        json.dumps(
            {
                "communes_per_s": round(n / check_s, 1),
                "check_parse_ratio": round(check_s / parse_s, 2),
                "check_compose_ratio": round(check_s / compose_s, 2),
                "parallel_check_parse_ratio": round(check_par / parse_par, 2),
                "parallel_check_load_ratio": round(check_par / load_par, 2),
                "parallel_check_compose_ratio": round(check_par / compose_par, 2),
            }
        )
    )
    if args.out is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
