"""CSV: one row per finding, for scripts and for loading into other tools.

RFC 4180 (comma, CRLF line ends, fields quoted when needed) via the csv module, UTF-8
*without* a BOM so that tools other than Excel read the header cleanly. Excel guesses a
legacy code page for BOM-less CSV and garbles Vietnamese: Excel users should ask for
``--format xlsx`` instead. Column names are fixed English keys whatever the language, so
scripts do not break when ``--lang`` changes. Input problems are rows too, with severity
and rule ``input-error``, so nothing the run found is missing from the file.
"""

from __future__ import annotations

import csv
import io

from nq57check.findings import RunResult
from nq57check.reporters.common import (
    evidence_of,
    rules_by_id,
    sorted_communes,
    sorted_findings,
    sorted_problems,
    source_of,
)

COLUMNS = (
    "commune",
    "file",
    "line",
    "severity",
    "rule",
    "requirement",
    "task",
    "deadline",
    "message",
    "source",
    "evidence",
    "waived",
)
INPUT_ERROR = "input-error"


def render(run: RunResult, *, lang: str = "vi") -> str:
    """CSV text; write it as UTF-8 (no BOM) with newline='' so CRLFs stay as they are."""
    rules = rules_by_id(run)
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for commune in sorted_communes(run):
        for problem in sorted_problems(commune):
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            line = "" if problem.line is None else problem.line
            row = [commune.path, problem.file, line, INPUT_ERROR, INPUT_ERROR, "", "", ""]
            writer.writerow([*row, message, "", "", ""])
        for f in sorted_findings(commune.findings):
            writer.writerow(
                [
                    commune.path,
                    f.file,
                    f.line,
                    f.severity,
                    f.rule,
                    f.requirement,
                    f.task or "",
                    f.deadline or "",
                    f.message,
                    source_of(f, rules),
                    evidence_of(f, rules),
                    f.waived or "",
                ]
            )
    return out.getvalue()
