"""JSON for machines: stable keys, sorted findings, byte-identical from run to run.

Its JSON Schema ships as ``nq57check/schemas/findings.schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from nq57check.findings import Finding, RunResult
from nq57check.reporters.common import sorted_not_evaluated, sorted_notes
from nq57check.reporters.risk import ranked

SCHEMA_VERSION = 1


def as_data(run: RunResult) -> dict[str, Any]:
    communes = sorted(run.communes, key=lambda c: c.path)
    findings: list[dict[str, Any]] = []
    for commune in communes:
        for finding in sorted(commune.findings, key=Finding.sort_key):
            findings.append({**finding.to_dict(), "commune": commune.path})
    order = ranked(communes)  # the province's order of visits: worst risk first
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "nq57check", "version": run.tool_version},
        "as_of": run.as_of,
        "packs": [{"name": n, "version": v} for n, v in run.packs],
        "communes": [
            {
                "rank": rank,
                "risk": r.risk,
                "path": c.path,
                "unit": c.unit,
                "kind": c.kind,
                "province": c.province,
                "plan_file": c.plan_file,
                "inputs": dict(sorted(c.inputs.items())),
                "skipped": c.skipped,
                "problems": [
                    {"file": p.file, "line": p.line, "field": p.field, "message": p.message}
                    for p in c.problems
                ],
                "notes": [n.to_dict() for n in sorted_notes(c)],
                "not_evaluated": [n.to_dict() for n in sorted_not_evaluated(c)],
            }
            for rank, r in enumerate(order, 1)
            for c in [r.commune]
        ],
        "findings": findings,
        "summary": run.summary(),
    }


def render(run: RunResult, *, lang: str = "vi") -> str:
    return json.dumps(as_data(run), ensure_ascii=False, indent=2, sort_keys=False) + "\n"
