"""Baselines: report only what is new since a recorded run (and what was fixed since).

A baseline is a JSON file of finding fingerprints (rule, task, file name, message: stable
under line moves). ``--write-baseline`` records the current findings; ``--baseline`` then
hides those still present and reports baseline entries that no longer match, so a CI job
fails only on regressions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nq57check.findings import Finding, RunResult
from nq57check.loading.errors import InputError
from nq57check.loading.yamlio import read_bytes

BASELINE_VERSION = 1
BASELINE_MAX_BYTES = 200 * 1024 * 1024  # a national run's findings, with room to spare


def baseline_text(run: RunResult) -> str:
    entries = [
        {
            "fingerprint": f.fingerprint(),
            "rule": f.rule,
            "requirement": f.requirement,
            "task": f.task,
            "file": f.file,
            "message": f.message,
        }
        for f in sorted(run.all_findings(), key=Finding.sort_key)
    ]
    data = {"version": BASELINE_VERSION, "as_of": run.as_of, "findings": entries}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(read_bytes(path, str(path), limit=BASELINE_MAX_BYTES))
        entries = data["findings"]
        if not isinstance(entries, list) or not all("fingerprint" in e for e in entries):
            raise KeyError("fingerprint")
        return entries
    except OSError as exc:
        raise InputError.single(str(path), f"cannot read baseline: {exc.strerror}") from exc
    except json.JSONDecodeError as exc:
        raise InputError.single(
            str(path), f"baseline is not JSON: {exc.msg}", line=exc.lineno
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError.single(str(path), "baseline is not UTF-8 JSON") from exc
    except (KeyError, TypeError) as exc:
        raise InputError.single(
            str(path), "not a baseline file (write one with --write-baseline)"
        ) from exc


def apply_baseline(run: RunResult, entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop findings present in the baseline; return baseline entries that no longer match."""
    known = {e["fingerprint"] for e in entries}
    seen: set[str] = set()
    for commune in run.communes:
        kept = []
        for finding in commune.findings:
            fingerprint = finding.fingerprint()
            if fingerprint in known:
                seen.add(fingerprint)
            else:
                kept.append(finding)
        commune.findings = kept
    return [e for e in entries if e["fingerprint"] not in seen]
