"""Deterministic synthetic communes for benchmarks and recall tests.

Why: 3,321 real commune plans are not at hand, but speed and recall must be measured at
that scale. Each commune is built from real task wording (``bench/corpus.yaml``), real
lead units, every deadline form seen in real plans, and faults planted at known rates; the
planted faults go to ``manifest.json`` so a checker run can be scored against them.

Nothing here imports ``nq57check``: the generator is the independent side of the test.
The same seed always gives the same bytes (each commune has its own seeded RNG).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
CORPUS: dict[str, Any] = yaml.safe_load((HERE / "corpus.yaml").read_text(encoding="utf-8"))
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

TABLES: dict[str, Any] = yaml.safe_load((HERE / "tables.yaml").read_text(encoding="utf-8"))
PROVINCES: list[str] = TABLES["provinces"]
SYLLABLES: list[str] = TABLES["syllables"]
UNITS: dict[str, list[str]] = TABLES["units"]  # key -> [lead unit, head responsible]
SUPPORT: list[str] = TABLES["support"]
REQUIREMENTS: dict[str, list[str]] = TABLES["requirements"]  # -> [deadline class, unit key]
D = dt.date
SECTION = "<section>"  # the deadline is the quarter heading the task sits under
FORMS: dict[str, list[tuple[str, D | None]]] = {
    name: [(text, D.fromisoformat(end) if end else None) for text, end in forms]
    for name, forms in TABLES["deadline_forms"].items()
}
QUARTERS = ["I", "II", "III", "IV"]
LATE_CATALOG: list[str] = TABLES["late_catalog"]
UNREADABLE: list[str] = TABLES["unreadable"]
OUTPUTS: list[str] = TABLES["outputs"]
FLOORS: dict[str, int] = TABLES["floors"]
FLOORED_EVERYWHERE: list[str] = TABLES["floored_everywhere"]
FAULT_KINDS = ["missing_task", "blank_lead", "unreadable_deadline", "late_catalog", "low_target"]


@dataclass
class Commune:
    """One generated commune: where it goes, its files as data, and what was planted."""

    path: str  # "<province>/<commune>"
    plan: dict[str, Any]
    reports: dict[str, dict[str, Any]] = field(default_factory=dict)
    faults: list[dict[str, Any]] = field(default_factory=list)
    ends: dict[str, D | None] = field(default_factory=dict)  # task id -> deadline end


def slug(text: str) -> str:
    """ASCII folder names: 'Lai Châu' -> 'lai-chau'."""
    text = text.replace("Đ", "D").replace("đ", "d")
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "-".join(ascii_.lower().split())


def localise(text: str, kind: str) -> str:
    return text.replace(" xã", " phường") if kind == "phuong" else text


def _task(
    rng: random.Random, entry: dict[str, str], forms: str, unit: str, kind: str, place: str
) -> tuple[dict[str, Any], D | None]:
    lead, head = UNITS[unit]
    text, end = rng.choice(FORMS[forms])
    name = entry["name"]
    if rng.random() < 0.3 and not name.endswith(place):
        name = f"{name.rstrip('.')} trên địa bàn {place}"
    task: dict[str, Any] = {
        "id": "",
        "name": name,
        "head": localise(head, kind),
        "lead": localise(lead, kind),
        "support": [localise(s, kind) for s in rng.sample(SUPPORT, rng.randint(1, 2))],
        "output": entry["output"] or rng.choice(OUTPUTS),
        "deadline": text,
    }
    return task, end


def generate_commune(
    index: int,
    seed: int,
    provinces: int = 34,
    faults: bool = True,
    rate: float = 0.1,
    reports: int = 0,
) -> Commune:
    """Commune ``index`` of a run; independent of every other commune (own RNG)."""
    rng = random.Random(f"nq57-bench:{seed}:{index}")
    province = PROVINCES[index % provinces]
    kind = rng.choices(["xa", "phuong", "dac_khu"], [80, 19, 1])[0]
    name = " ".join(rng.sample(SYLLABLES, 2))
    word = {"xa": "xã", "phuong": "phường", "dac_khu": "đặc khu"}[kind]
    place = f"{word} {name}"
    planted = [k for k in FAULT_KINDS if faults and rng.random() < rate]

    mandatory = list(REQUIREMENTS)
    missing = rng.choice([r for r in mandatory if r != "R-DANH-MUC-CSDL"])
    rows: list[tuple[dict[str, Any], D | None, str | None]] = []
    for req in mandatory:
        if "missing_task" in planted and req == missing:
            continue
        forms, unit = REQUIREMENTS[req]
        task, end = _task(rng, rng.choice(CORPUS["mandatory"][req]), forms, unit, kind, place)
        rows.append((task, end, req))
    for entry in rng.sample(CORPUS["filler"], rng.randint(4, 28)):
        task, end = _task(rng, entry, "filler", rng.choice(list(UNITS)), kind, place)
        rows.append((task, end, None))
    rng.shuffle(rows)
    quarterly_layout = rng.random() < 0.3  # Bum Nưa style: tasks under "I Quý I năm 2026"
    if not quarterly_layout:  # the quarter heading is only a deadline in that layout
        rows = [(_own_deadline(t, end), end, r) for t, end, r in rows]
    rows.sort(key=lambda row: _quarter(row[1]) if quarterly_layout else 0)

    found: list[dict[str, Any]] = []
    fillers = [i for i, (_, _, req) in enumerate(rows) if req is None]
    blank, unreadable = rng.sample(fillers, 2)
    for number, (task, end, req) in enumerate(rows, start=1):
        task["id"] = str(number)
        if quarterly_layout:
            task["section"] = QUARTERS[_quarter(end)] if end and end.year == 2026 else "V"
        if task["deadline"] == SECTION:
            task["deadline"] = ""
        if req == "R-DANH-MUC-CSDL" and "late_catalog" in planted:
            task["deadline"] = rng.choice(LATE_CATALOG)
            end = D(2026, 12, 31)
            found.append({"kind": "late_catalog", "requirement": req, "task": task["id"]})
        if "blank_lead" in planted and number - 1 == blank:
            task["lead"] = ""
            found.append({"kind": "blank_lead", "requirement": "R-RO-NGUOI", "task": task["id"]})
        if "unreadable_deadline" in planted and number - 1 == unreadable:
            task["deadline"] = rng.choice(UNREADABLE)
            end = None
            found.append(
                {"kind": "unreadable_deadline", "requirement": "R-RO-THOI-HAN", "task": task["id"]}
            )
        rows[number - 1] = (task, end, req)
    if "missing_task" in planted:
        found.append({"kind": "missing_task", "requirement": missing, "task": None})

    targets: dict[str, Any] = {}
    for indicator in sorted(rng.sample(sorted(FLOORS), rng.randint(6, 14))):
        value = rng.choice([FLOORS[indicator], FLOORS[indicator], 100])
        targets[indicator] = {"value": value, "by": "Năm 2026"}
    if "low_target" in planted:
        indicator = rng.choice(FLOORED_EVERYWHERE)
        targets[indicator] = {"value": rng.choice([80, 85, 90, 95]), "by": "Năm 2026"}
        found.append(
            {
                "kind": "low_target",
                "requirement": "R-CHI-TIEU-SAN",
                "task": None,
                "indicator": indicator,
            }
        )

    # January: every monthly report of the year is then due (none is before the plan)
    issued = D(2026, 1, 12) + dt.timedelta(days=rng.randint(0, 19))
    number = rng.randint(1, 120)
    basis = [
        "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        "Nghị quyết số 71/NQ-CP",
        "Thông báo số 17-TB/CQTTBCĐ ngày 29/12/2025 của Cơ quan Thường trực Ban Chỉ đạo Trung ương",
    ]
    if province == "Lai Châu":
        basis += [
            "Kế hoạch số 32-KH/TU ngày 09/01/2026 của Ban Thường vụ Tỉnh ủy",
            "Kế hoạch số 978/KH-UBND ngày 06/02/2026 của UBND tỉnh Lai Châu",
        ]
    else:
        basis.append(
            f"Kế hoạch số {rng.randint(10, 999)}/KH-UBND ngày "
            f"{rng.randint(5, 11)}/01/2026 của UBND tỉnh {province}"
        )
    sections = (
        [{"id": q, "title": f"Quý {q} năm 2026", "deadline": f"Quý {q} năm 2026"} for q in QUARTERS]
        + [{"id": "V", "title": "Nhiệm vụ thường xuyên"}]
        if quarterly_layout
        else []
    )
    plan: dict[str, Any] = {
        "pack": "lai-chau" if province == "Lai Châu" else "nq57",
        "unit": {"name": name, "kind": kind, "province": province},
        "document": {
            "number": f"{number:02d}/KH-UBND",
            "issued": issued,
            "title": "Kế hoạch triển khai thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
            f"của Bộ Chính trị năm 2026 trên địa bàn {place}",
            "signer": f"Chủ tịch UBND {place}",
            "basis": basis,
            # the catalog's reporting duty (R-CHE-DO-BAO-CAO), as Phong Thổ's plan states it
            "reporting": {
                "text": "Thực hiện chế độ báo cáo định kỳ hằng tháng; báo cáo Sở Khoa học và"
                f" Công nghệ {province} trước ngày 15 hằng tháng",
                "monthly": True,
                "to": f"Sở Khoa học và Công nghệ {province}",
                "by_day": 15,
            },
        },
        "sections": sections,
        "targets": targets,
        "tasks": [row[0] for row in rows],
    }
    commune = Commune(
        f"{slug(province)}/{slug(word)}-{slug(name)}-{index:05d}",
        plan,
        faults=found,
        ends={row[0]["id"]: row[1] for row in rows},
    )
    if reports:
        from bench.reports import monthly_reports  # only when asked: keeps the plan path lean

        commune.reports = monthly_reports(commune, rng, reports, rows)
    return commune


def _own_deadline(task: dict[str, Any], end: D | None) -> dict[str, Any]:
    """Outside the quarterly layout a task needs its own deadline text."""
    if task["deadline"] == SECTION:
        assert end is not None
        q = _quarter(end)
        task["deadline"] = f"Quý {QUARTERS[q]}/2026"
    return task


def _quarter(end: D | None) -> int:
    return 4 if end is None or end.year != 2026 else (end.month - 1) // 3


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)


def write(
    out: Path,
    communes: int,
    provinces: int = 34,
    seed: int = 1,
    reports: int = 0,
    faults: bool = True,
    rate: float = 0.1,
) -> dict[str, Any]:
    """Write every commune and the manifest; returns the manifest."""
    manifest: dict[str, Any] = {
        "seed": seed,
        "communes": communes,
        "provinces": provinces,
        "fault_rate": rate if faults else 0.0,
        "planted": {},
    }
    for index in range(communes):
        commune = generate_commune(index, seed, provinces, faults, rate, reports)
        folder = out / commune.path
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan.yaml").write_text(dump(commune.plan), encoding="utf-8")
        if commune.reports:
            (folder / "reports").mkdir(exist_ok=True)
            for period, report in commune.reports.items():
                (folder / "reports" / f"{period}.yaml").write_text(dump(report), encoding="utf-8")
        manifest["planted"][commune.path] = commune.faults
    (out / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
    )
    return manifest


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Write synthetic communes OUT_DIR/<province>/<commune>/plan.yaml and "
        "OUT_DIR/manifest.json (planted faults: requirement ID + task id per commune).",
        epilog="Faults, each planted independently per commune at --fault-rate: a missing "
        "mandatory task, a blank lead unit (R-RO-NGUOI), an unreadable deadline "
        "(R-RO-THOI-HAN), the database-catalog task after Q1 (R-DANH-MUC-CSDL), a target "
        "below the floor (R-CHI-TIEU-SAN). --reports 12 also writes reports/2026-01.yaml ... "
        "2026-12.yaml in the format of nq57check/loading/report_models.py (all on track).",
    )
    parser.add_argument("out", type=Path, metavar="OUT_DIR")
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--provinces", type=int, default=34, choices=range(1, 35), metavar="1..34")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--reports", type=int, default=0, choices=[0, 12])
    parser.add_argument("--fault-rate", type=float, default=0.1)
    parser.add_argument("--clean", action="store_true", help="plant no faults (baseline)")
    args = parser.parse_args(argv)
    manifest = write(
        args.out,
        args.communes,
        args.provinces,
        args.seed,
        args.reports,
        not args.clean,
        args.fault_rate,
    )
    planted = sum(len(v) for v in manifest["planted"].values())
    print(f"{args.communes} communes, {planted} planted faults -> {args.out}")


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(HERE.parent))
    main()
