"""CSV: one row per finding, for scripts and for loading into other tools.

RFC 4180 (comma, CRLF line ends, fields quoted when needed) via the csv module, UTF-8
*without* a BOM so that tools other than Excel read the header cleanly. Excel guesses a
legacy code page for BOM-less CSV and garbles Vietnamese: Excel users should ask for
``--format xlsx`` instead. Column names are fixed English keys whatever the language, so
scripts do not break when ``--lang`` changes. Input problems are rows too, with severity
and rule ``input-error``, so nothing the run found is missing from the file. Like every
report, it states what it was computed from: each row carries the run's ``as_of`` and
packs, and the SHA-256 of its file; each input file has an ``input-file`` row. A plan checked
straight from a Word/Excel/PDF document has no lines (``line`` is 0): ``table``, ``row`` and
``page`` (``paragraph`` for a task of a plan body) say where (empty for YAML), and what the
importer guessed is an ``import-note`` row.

Text from the user's files is neutralised against formula injection as OWASP advises: a
cell starting with ``= + - @``, tab or carriage return gets a leading ``'``, so a
spreadsheet shows it as text instead of running it. Numbers (line numbers) stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from nq57check.findings import CommuneResult, NotEvaluated, RunResult
from nq57check.reporters.common import (
    IMPORT_NOTE,
    evidence_of,
    rules_by_id,
    sorted_communes,
    sorted_findings,
    sorted_not_evaluated,
    sorted_notes,
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
    "due",
    "as_of",
    "packs",
    "sha256",
    "table",
    "row",
    "page",
    "paragraph",
)
INPUT_ERROR = "input-error"
INPUT_FILE = "input-file"
NOT_EVALUATED = "not-evaluated"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet must show it: a leading formula character gets a ``'``."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(row: Sequence[str | int | None]) -> list[str | int]:
    """A row to write: every text cell neutralised, numbers as they are, None empty; short
    rows padded to every column."""
    cells = [value if isinstance(value, int) else neutralise(value or "") for value in row]
    return cells + [""] * (len(COLUMNS) - len(cells))


def _not_evaluated_row(
    commune: CommuneResult, entry: NotEvaluated, run_facts: list[str]
) -> list[str | int]:
    """A rule not evaluated: severity ``not-evaluated``, the reason as its message, at the
    plan file."""
    file = commune.plan_file or ""
    where: list[str | int] = [commune.path, file, "", NOT_EVALUATED, entry.rule]
    rest: list[str | int] = [entry.requirement, "", "", entry.reason, "", "", "", ""]
    return [*where, *rest, *run_facts, commune.inputs.get(file, "")]


def render(run: RunResult, *, lang: str = "vi") -> str:
    """CSV text; write it as UTF-8 (no BOM) with newline='' so CRLFs stay as they are."""
    rules = rules_by_id(run)
    out = io.StringIO()
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    packs = " ".join(f"{name}@{version}" for name, version in run.packs)
    for commune in sorted_communes(run):
        run_facts = [run.as_of, packs]
        for file, digest in sorted(commune.inputs.items()):
            row = [commune.path, file, "", "", INPUT_FILE, "", "", "", "", "", "", "", ""]
            writer.writerow(safe_row([*row, *run_facts, digest]))
        for problem in sorted_problems(commune):
            message = f"{problem.field}: {problem.message}" if problem.field else problem.message
            line: str | int = "" if problem.line is None else problem.line
            where = [commune.path, problem.file, line, INPUT_ERROR, INPUT_ERROR, "", "", ""]
            digest = commune.inputs.get(problem.file, "")
            writer.writerow(safe_row([*where, message, "", "", "", "", *run_facts, digest]))
        for note in sorted_notes(commune):  # the importer's guesses about the document
            cells = [commune.path, note.file, "", IMPORT_NOTE, IMPORT_NOTE, "", "", ""]
            cells += [note.message, "", "", "", "", *run_facts, commune.inputs.get(note.file, "")]
            writer.writerow(safe_row([*cells, note.table, note.row, note.page, note.paragraph]))
        for entry in sorted_not_evaluated(commune):
            writer.writerow(safe_row(_not_evaluated_row(commune, entry, run_facts)))
        for f in sorted_findings(commune.findings):
            writer.writerow(
                safe_row(
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
                        f.due or "",
                        *run_facts,
                        commune.inputs.get(f.file, ""),
                        f.table,
                        f.row,
                        f.page,
                        f.paragraph,
                    ]
                )
            )
    return out.getvalue()
