"""Monthly status reports for a generated commune, following ``report_models.Report``.

Why: the monthly report path (12 files per commune, ~4x the plan's YAML) dominates a real
year-end run, so the benchmark must load it too. Reports are on track by construction:
submitted by the 12th of the next month, every task updated in its month, tasks closed
with signed evidence once due, classified evidence only over the Party network, targets
met, a progress review each quarter, disbursement keeping pace with the year.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.generate import Commune

D = dt.date
EVIDENCE_TYPES = ["QĐ-UBND", "BC-UBND", "KH-UBND", "TB-UBND"]


def month_end(year: int, month: int) -> D:
    nxt = D(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def monthly_reports(
    commune: Commune,
    rng: random.Random,
    months: int,
    rows: list[tuple[dict[str, Any], D | None, str | None]],
) -> dict[str, dict[str, Any]]:
    """``{"2026-01": report, ...}`` for the first ``months`` months of 2026."""
    plan = commune.plan
    start = D(2026, 1, 1)
    registered = rng.randint(20, 90) * 10_000_000
    out: dict[str, dict[str, Any]] = {}
    numbers = iter(range(1, 10_000))
    evidence_of: dict[str, list[dict[str, Any]]] = {}
    for month in range(1, months + 1):
        end = month_end(2026, month)
        submitted = end + dt.timedelta(days=rng.randint(3, 12))
        tasks: dict[str, Any] = {}
        for task, due, requirement in rows:
            tid = task["id"]
            update: dict[str, Any] = {"updated": end - dt.timedelta(days=rng.randint(0, 6))}
            if due is not None and due <= end:
                update.update(status="done", progress=100)
                if tid not in evidence_of:
                    evidence_of[tid] = [_evidence(rng, next(numbers), due, requirement)]
                update["evidence"] = evidence_of[tid]
            else:
                span = ((due or D(2026, 12, 31)) - start).days or 1
                share = min(99, max(5, round(100 * (end - start).days / span)))
                update.update(status="in_progress", progress=share)
            tasks[tid] = update
        report: dict[str, Any] = {
            "unit": {"name": plan["unit"]["name"]},
            "period": f"2026-{month:02d}",
            "submitted": submitted,
            "document": {
                "number": f"{next(numbers):02d}/BC-UBND",
                "signed": True,
                "signature": "official-use",
            },
            "tasks": tasks,
            "indicators": {k: v["value"] for k, v in plan["targets"].items()},
            "reviews": [end - dt.timedelta(days=rng.randint(1, 5))] if month % 3 == 0 else [],
            "budget": {
                "registered": registered,
                "allocated": registered,
                "disbursed": registered * month // 12,
            },
        }
        out[report["period"]] = report
    return out


def _evidence(rng: random.Random, number: int, due: D, requirement: str | None) -> dict[str, Any]:
    """A signed document; for the classified-network task, a 'Mật' one over that network."""
    day = due - dt.timedelta(days=rng.randint(0, 10))
    if requirement == "R-MANG-MAT":
        return {
            "number": f"{number:02d}/BC-UBND",
            "date": day,
            "signed": True,
            "channel": "secret_network",
            "classification": "mat",
        }
    return {
        "number": f"{number:02d}/{rng.choice(EVIDENCE_TYPES)}",
        "date": day,
        "title": "Kết quả thực hiện nhiệm vụ",
        "signed": True,
        "channel": "edoc",
    }
