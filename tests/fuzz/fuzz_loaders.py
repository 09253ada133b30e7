"""Fuzz the plan loader and the importers for a fixed time budget.

    python tests/fuzz/fuzz_loaders.py --seconds 60 [--target plan|docx|xlsx]

Mutates seed inputs (the bundled example plans, and office files built from them) with
random byte flips, insertions, truncations and splices, and feeds each to the loader or
importer. Any exception other than the expected "bad input" ones (InputError,
ImportFailure) is a crash: the input is written to tests/fuzz/crashes/ and the script
exits 1, so each crash can be turned into a test. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from nq57check.core.problems import InputError  # noqa: E402
from nq57check.importers import ImportFailure, import_document  # noqa: E402
from nq57check.loading.plan import load_plan  # noqa: E402

CRASHES = Path(__file__).resolve().parent / "crashes"


def mutate(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        choice = rng.random()
        position = rng.randrange(len(buf) + 1)
        if choice < 0.3 and buf:
            buf[min(position, len(buf) - 1)] = rng.randrange(256)
        elif choice < 0.5:
            buf[position:position] = rng.choice(
                [
                    b"&a ",
                    b"*a",
                    b"!!python/object ",
                    b"\x00",
                    b"{",
                    b"]",
                    b"- ",
                    b": ",
                    "Đ".encode(),
                    b"\xff\xfe",
                    b"\n  ",
                    b"2026-02-31",
                    b"'",
                ]
            )
        elif choice < 0.7:
            del buf[position : position + rng.randint(1, 16)]
        elif choice < 0.85:
            start = rng.randrange(len(buf) + 1)
            buf[position:position] = buf[start : start + rng.randint(1, 64)]
        else:
            del buf[position:]
    return bytes(buf)


def office_seed(suffix: str) -> bytes:
    from nq57check.importers import TemplateRow, write_template

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"seed{suffix}"
        rows = [TemplateRow("Ban hành danh mục cơ sở dữ liệu", ["R-DANH-MUC-CSDL"], "Quý I/2026")]
        write_template(path, rows, title="Kèm theo Kế hoạch số 12/KH-UBND ngày 20/02/2026")
        return path.read_bytes()


def run(target: str, seconds: float, seed: int) -> int:
    rng = random.Random(seed)
    if target == "plan":
        seeds = [p.read_bytes() for p in sorted((ROOT / "examples").glob("*/plan.yaml"))]
        suffix, expected = ".yaml", (InputError,)
        call: Callable[[Path], object] = load_plan
    else:
        suffix = f".{target}"
        seeds = [office_seed(suffix)]
        expected = (ImportFailure,)
        call = import_document
    deadline = time.monotonic() + seconds
    runs = crashes = 0
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        while time.monotonic() < deadline:
            data = mutate(rng.choice(seeds), rng)
            path.write_bytes(data)
            runs += 1
            try:
                call(path)
            except expected:
                pass
            except Exception as exc:  # a crash: keep the input for a regression test
                crashes += 1
                CRASHES.mkdir(exist_ok=True)
                name = hashlib.sha256(data).hexdigest()[:16] + suffix
                (CRASHES / name).write_bytes(data)
                print(f"crash {type(exc).__name__}: {exc} -> {CRASHES / name}", file=sys.stderr)
    print(f"{target}: {runs} inputs in {seconds:.0f} s, {crashes} crashes")
    return 1 if crashes else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--target", choices=["plan", "docx", "xlsx", "all"], default="all")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    targets = ["plan", "docx", "xlsx"] if args.target == "all" else [args.target]
    status = 0
    for target in targets:
        status |= run(target, args.seconds / len(targets), args.seed)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
