"""Serial check against the bare compose floor, stage by stage, at growing numbers of communes.

Why: a total per commune hides a stage that grows faster than the work (the collector did:
it walked start-up again every few communes). Each size runs in a fresh process: a serial
``run_check`` of its communes (plan + twelve reports each) and a bare libyaml compose of the
same files (``yaml.compose`` with ``CSafeLoader``, the floor any YAML-reading checker pays)
take turns of ~50 communes, so a machine that slows down slows both alike; the ratio of
each turn is printed too, as the spread one run has. Printed per
size: both costs per commune (process CPU and wall), their ratio, the exclusive time of each
stage (bench/stages.py), the collector's share, and the process's RSS; then how each grows.

    python bench/scale.py --sizes 100,1000,3321 [--out DIR]   # ~5 min on 2 cores
    python bench/scale.py --sizes 100,300                     # ~1 min
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import write
from bench.stages import ORDER, StageClock
from nq57check.check.batch import run_check
from nq57check.check.commune import Options
from nq57check.findings import RunResult

TODAY = dt.date(2026, 11, 23)
AS_OF = dt.date(2027, 1, 20)  # after the December report was due: the whole year is judged


def rss_mb() -> float:
    pages = int(Path("/proc/self/statm").read_text().split()[1])
    return pages * resource.getpagesize() / 2**20


def compose_floor(files: list[Path]) -> tuple[float, float]:
    """(cpu s, wall s) to compose every file, as a bare script would: the collector at its
    defaults, with this process's own long-lived objects (the checker's) set aside."""
    gc.freeze()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        for path in files:
            with path.open("rb") as handle:
                yaml.compose(handle, Loader=yaml.CSafeLoader)
        return time.process_time() - cpu, time.perf_counter() - wall
    finally:
        gc.unfreeze()


def measure(root: Path, limit: int) -> dict[str, Any]:
    """One size, in this fresh process."""
    folders = sorted(p.parent for p in root.rglob("plan.yaml"))[:limit]
    run_check(folders[:1], Options(as_of=AS_OF), TODAY)  # the pack cache, not timed
    # turns of about 50 communes (~2 s): a load that comes and goes on this shared machine
    # (the floor alone varies 12.4-14.9 ms a commune between runs) hits both alike
    blocks = max(1, min(limit // 50, 20))
    step = -(-len(folders) // blocks)
    held: list[RunResult] = []  # a serial run holds every result until it reports
    floor_cpu = floor_wall = check_cpu = check_wall = 0.0
    rss: list[float] = []
    slice_ratios: list[float] = []
    with StageClock() as clock:
        for first in range(0, len(folders), step):
            block = folders[first : first + step]
            files = [p for folder in block for p in sorted(folder.rglob("*.yaml"))]
            with clock.paused():
                cpu, wall = compose_floor(files)
            floor_slice = cpu
            floor_cpu += cpu
            floor_wall += wall
            cpu, wall = time.process_time(), time.perf_counter()
            held.append(run_check(block, Options(as_of=AS_OF), TODAY))
            slice_ratios.append((time.process_time() - cpu) / floor_slice)
            check_cpu += time.process_time() - cpu
            check_wall += time.perf_counter() - wall
            rss.append(round(rss_mb(), 1))
    communes = sum(len(r.communes) for r in held)
    problems = sum(bool(c.problems) for r in held for c in r.communes)
    return {
        "communes": communes,
        "files": sum(1 for folder in folders for _ in folder.rglob("*.yaml")),
        "unusable": problems,
        "check_cpu_ms": check_cpu * 1000 / communes,
        "check_wall_ms": check_wall * 1000 / communes,
        "floor_cpu_ms": floor_cpu * 1000 / communes,
        "floor_wall_ms": floor_wall * 1000 / communes,
        "stages_ms": clock.per_commune_ms(communes),
        "collections": clock.collections,
        "rss_mb_by_slice": rss,
        "slice_ratios": sorted(slice_ratios),
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def in_fresh_process(root: Path, limit: int) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure", str(root), "--limit", str(limit)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def quarters(values: list[float]) -> list[float]:
    """The first, two in between and the last of ``values`` (RSS after each turn)."""
    if len(values) <= 4:
        return values
    return [values[i * (len(values) - 1) // 3] for i in range(4)]


def report(rows: list[dict[str, Any]]) -> None:
    print(
        f"{'communes':>8} {'files':>6} {'check cpu':>9} {'compose cpu':>11} {'ratio':>5}"
        f" {'check wall':>10} {'compose wall':>12} {'ratio':>5} {'RSS MB by turn':>24} {'peak':>5}"
    )
    for r in rows:
        print(
            f"{r['communes']:>8} {r['files']:>6} {r['check_cpu_ms']:>9.2f}"
            f" {r['floor_cpu_ms']:>11.2f} {r['check_cpu_ms'] / r['floor_cpu_ms']:>5.2f}"
            f" {r['check_wall_ms']:>10.2f} {r['floor_wall_ms']:>12.2f}"
            f" {r['check_wall_ms'] / r['floor_wall_ms']:>5.2f}"
            f" {' '.join(f'{m:.0f}' for m in quarters(r['rss_mb_by_slice'])):>24}"
            f" {r['peak_mb']:>5.0f}"
        )
    print("(ms per commune-year = plan + 12 reports; ratio = check / bare compose floor)")
    for r in rows:
        ratios = r["slice_ratios"]
        print(
            f"{r['communes']:>8} communes: cpu ratio per turn, median"
            f" {statistics.median(ratios):.2f} (min {ratios[0]:.2f}, max {ratios[-1]:.2f},"
            f" {len(ratios)} turns)"
        )
    print(f"{'stage ms/commune':<16} " + " ".join(f"{r['communes']:>8}" for r in rows) + "  growth")
    for stage in [*ORDER, "total", "gc"]:
        values = [r["stages_ms"][stage] for r in rows]
        growth = f"x{values[-1] / values[0]:.2f}" if values[0] > 0.05 else ""
        print(f"{stage:<16} " + " ".join(f"{v:>8.2f}" for v in values) + f"  {growth}")
    print(
        f"{'collections':<16} "
        + " ".join(f"{r['collections'] / r['communes']:>8.2f}" for r in rows)
        + "  (per commune; gc: collector time inside the stages)"
    )
    first, last = rows[0], rows[-1]
    print(
        f"growth           check cpu per commune"
        f" x{last['check_cpu_ms'] / first['check_cpu_ms']:.2f}"
        f" from {first['communes']} to {last['communes']} communes (1.00 = linear), compose"
        f" x{last['floor_cpu_ms'] / first['floor_cpu_ms']:.2f}; peak RSS"
        f" x{last['peak_mb'] / first['peak_mb']:.2f} (a serial run holds every result)"
    )
    unusable = sum(r["unusable"] for r in rows)
    print(f"unusable communes {unusable} (0 expected: else their rules never ran)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,3321")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, help="keep (and reuse) the communes here")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--limit", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.limit)))
        return
    print("command:", shlex.join([Path(sys.executable).name, *sys.argv]))
    sizes = [int(n) for n in args.sizes.split(",")]
    work = args.out or Path(tempfile.mkdtemp(prefix="nq57scale-"))
    root = work / "communes"
    if sum(1 for _ in root.glob("*/*/plan.yaml")) < max(sizes):
        start = time.perf_counter()
        shutil.rmtree(root, ignore_errors=True)
        write(root, max(sizes), provinces=34, seed=args.seed, reports=12)
        print(
            f"generated {max(sizes)} communes x (plan + 12 reports) in"
            f" {time.perf_counter() - start:.0f} s (seed {args.seed}, as of {AS_OF})"
        )
    rows = [in_fresh_process(root, n) for n in sizes]
    report(rows)
    if args.out is None:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
