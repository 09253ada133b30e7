"""National scale: every commune-level unit of Vietnam (3,321 in 34 provinces), each with a
plan and twelve monthly reports, checked on all cores.

Prints, from one run: wall time for the whole country on all cores; the same for merely
loading and validating the files, for a bare C-loader parse into Python objects, and for a
bare libyaml compose (the floor any YAML-reading checker pays), taking turns with the check
over four slices of the communes; their ratios; facts per second through the engine (from a
serial sample); peak RSS of the parent and of the largest worker; and how time and memory
grow from 100 to 1,000 to 3,321 communes (each size measured in a fresh process, so RSS is its
own). Then the planted faults are scored (recall, and findings beyond them), and a single
plan is timed through the CLI beside yamllint.

    python bench/national.py [--communes 3321] [--sizes 100,1000,3321] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import write
from bench.run import Probe, parallel_floors, score, single_plan
from nq57check.check.batch import run_batch, run_check
from nq57check.check.commune import Options
from nq57check.engine.durable_adapter import release_freed_memory
from nq57check.loading.yamlio import load_document
from nq57check.packs.loader import default_pack

TODAY = dt.date(2026, 11, 23)
AS_OF = dt.date(2027, 1, 20)  # after the December report was due: the whole year is judged


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def peak_kib(who: int) -> int:
    return resource.getrusage(who).ru_maxrss


def measure(root: Path, limit: int) -> dict[str, Any]:
    """One size, in this (fresh) process: floors and the all-cores check of ``limit`` communes.

    From 1,000 communes on, the floors and the check take turns over four slices of the
    communes, so a shared machine that slows down during the run (seen here: +-20% within
    minutes) slows both alike. The check pays its pool start-up once per slice, which is
    noise at that size but not for 100 communes (25 a slice), measured in one piece.
    """
    blocks = 4 if limit >= 1000 else 1
    folders = sample(root, limit)
    jobs = cores()
    parse_s = load_s = compose_s = check_s = 0.0
    communes = findings = 0
    step = -(-len(folders) // blocks)
    for first in range(0, len(folders), step):
        block = folders[first : first + step]
        block_parse, block_load, block_compose = parallel_floors(root, jobs, block)
        release_freed_memory()  # the check's workers fork from here: not the floors' garbage
        start = time.perf_counter()
        result = run_batch(block, Options(as_of=AS_OF), TODAY, jobs=jobs)
        check_s += time.perf_counter() - start
        parse_s += block_parse
        load_s += block_load
        compose_s += block_compose
        communes += len(result.communes)
        findings += sum(len(c.findings) for c in result.communes)
        del result  # nor the previous slice's results, which a real run would not hold
    return {
        "communes": communes,
        "jobs": jobs,
        "check_s": round(check_s, 2),
        "load_s": round(load_s, 2),
        "parse_s": round(parse_s, 2),
        "compose_s": round(compose_s, 2),
        "findings": findings,
        "peak_parent_mb": round(peak_kib(resource.RUSAGE_SELF) / 1024),
        "peak_worker_mb": round(peak_kib(resource.RUSAGE_CHILDREN) / 1024),
    }


def sample(root: Path, limit: int) -> list[Path]:
    """The first ``limit`` communes by name, with the largest commune of all (by bytes) and
    the first commune of every pack the country's plans name among them.

    A worker's peak RSS is set by the largest commune it checks: its engine session and
    its files' trees are the transient on top of a flat base (checked serially here: 98
    communes plus the two largest peak at 81 MB, all 3,321 at 78 MB). And a worker compiles
    each pack once, the first time a commune names it (the Lai Chau pack: ~4 MB, at the
    1,757th commune by name). The first 100 by name alone would compare a small sample's
    largest commune, and its one pack, with the country's: the size of the input and of
    the configuration, not memory that accumulates with the communes.
    """
    folders = sorted(p.parent for p in root.rglob("plan.yaml"))
    largest = max(folders, key=lambda f: sum(p.stat().st_size for p in f.rglob("*.yaml")))
    first_of_pack: dict[str, Path] = {}
    for folder in folders:
        pack = load_document(folder / "plan.yaml").data.get("pack") or default_pack()
        first_of_pack.setdefault(str(pack), folder)
    needed = list(dict.fromkeys([largest, *first_of_pack.values()]))
    chosen = folders[:limit]
    if any(folder not in chosen for folder in needed):
        others = [folder for folder in chosen if folder not in needed][: limit - len(needed)]
        chosen = sorted({*others, *needed})
    return chosen


def workers_only(root: Path, limit: int) -> dict[str, Any]:
    """Peak RSS of the check's own workers and of its parent, in this fresh process.

    Apart from :func:`measure`, whose floors run in worker processes of their own (the
    kernel reports one peak for all children a process has had), and whose slices fork
    each slice's workers from a parent that has held the previous slices' results.
    """
    result = run_batch(sample(root, limit), Options(as_of=AS_OF), TODAY, jobs=cores())
    del result  # one batch, as a user's run is: its workers fork once, from a fresh parent
    return {
        "peak_parent_mb": round(peak_kib(resource.RUSAGE_SELF) / 1024),
        "peak_worker_mb": round(peak_kib(resource.RUSAGE_CHILDREN) / 1024),
    }


def in_fresh_process(root: Path, limit: int, mode: str = "--measure") -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, mode, str(root), "--limit", str(limit)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"{mode} {limit} failed (exit {done.returncode}):\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=3321)
    parser.add_argument("--sizes", default="100,1000,3321")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.limit)))
        return
    if args.workers:
        print(json.dumps(workers_only(args.workers, args.limit)))
        return

    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    work = args.out or Path(tempfile.mkdtemp(prefix="nq57national-"))
    root = work / "communes"
    if not root.exists():
        start = time.perf_counter()
        manifest = write(root, args.communes, provinces=34, seed=args.seed, reports=12)
        (work / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        print(
            f"generated      {args.communes} communes x (plan + 12 reports) in "
            f"{time.perf_counter() - start:.0f} s"
        )
    manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
    files = sum(1 for _ in root.rglob("*.yaml"))
    size = sum(p.stat().st_size for p in root.rglob("*.yaml"))
    print(f"input          {files} files, {size / 2**20:.0f} MiB, as of {AS_OF}")

    rows = [in_fresh_process(root, int(n)) for n in args.sizes.split(",")]
    for row in rows:  # the check's own workers, in a fresh process without the floors
        row.update(in_fresh_process(root, row["communes"], "--workers"))
    print(
        f"{'communes':>9} {'check s':>8} {'load+val s':>10} {'parse s':>8} {'compose s':>9} "
        f"{'check/load':>10} {'check/parse':>11} {'check/compose':>13} {'ms/commune':>10} "
        f"{'parent MB':>9} {'worker MB':>9}"
    )
    print("(communes: the first by name, with the largest commune of all and the first of each")
    print(" pack among them; MB: peak RSS of the check's parent and of its largest worker,")
    print(" measured without the floors)")
    for row in rows:
        print(
            f"{row['communes']:>9} {row['check_s']:>8.2f} {row['load_s']:>10.2f} "
            f"{row['parse_s']:>8.2f} {row['compose_s']:>9.2f} "
            f"{row['check_s'] / row['load_s']:>10.2f} "
            f"{row['check_s'] / row['parse_s']:>11.2f} "
            f"{row['check_s'] / row['compose_s']:>13.2f} "
            f"{row['check_s'] / row['communes'] * 1000:>10.2f} {row['peak_parent_mb']:>9} "
            f"{row['peak_worker_mb']:>9}"
        )
    first, last = rows[0], rows[-1]
    per_commune = [r["check_s"] / r["communes"] for r in rows]
    print(
        f"growth         time per commune x{per_commune[-1] / per_commune[0]:.2f} from "
        f"{first['communes']} to {last['communes']} communes (1.00 = linear); worker RSS "
        f"x{last['peak_worker_mb'] / first['peak_worker_mb']:.2f}, parent RSS "
        f"x{last['peak_parent_mb'] / first['peak_parent_mb']:.2f}"
    )

    sample = sorted(p.parent for p in root.rglob("plan.yaml"))[:100]
    with Probe() as probe:
        start = time.perf_counter()
        run_check(sample, Options(as_of=AS_OF), TODAY)
        serial_s = time.perf_counter() - start
    print(
        f"engine         {probe.facts / len(sample):.0f} facts/commune; "
        f"{probe.facts / serial_s:,.0f} facts/s end-to-end, "
        f"{probe.facts / probe.engine_s:,.0f} facts/s through evaluate "
        f"(serial sample of {len(sample)})"
    )

    result = run_batch([root], Options(as_of=AS_OF), TODAY)
    score(result, root, manifest, allowed=set())
    alone = work / "single" / "plan.yaml"  # a plan file by itself, as pre-commit passes it
    alone.parent.mkdir(exist_ok=True)
    shutil.copyfile(sorted(root.rglob("plan.yaml"))[0], alone)
    single_plan(alone, AS_OF)
    if args.out is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
